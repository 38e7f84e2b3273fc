package dev.klspark.job;

import dev.klspark.KlsparkException;
import dev.klspark.config.JobSettings;
import dev.klspark.spark.publish.OutputCommit;
import dev.klspark.spark.publish.OwnedOutput;
import dev.klspark.spark.report.JobPhase;
import dev.klspark.spark.report.ReportColumns;
import dev.klspark.spark.report.mle.PredictionReport;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code jobs/mle-report --predictions PATH}: a predictions table evaluated per group ({@link
 * PredictionReport}), written to {@code OUTPUT/predictions} (Parquet) with {@code summary.json},
 * published atomically ({@link OutputCommit}); bad input leaves the output as it was.
 */
final class PredictionsRun {
  private static final Logger LOG = LoggerFactory.getLogger(PredictionsRun.class);
  private static final String NAME = "mle-report";

  /** Resolved settings of one run; {@code parameters} is what summary.json records of them. */
  record Options(
      PredictionOptions.Resolved predictions,
      String master,
      String output,
      String jobFile,
      Map<String, Object> parameters) {}

  private PredictionsRun() {}

  static Options resolve(JobSettings s) {
    PredictionOptions.Resolved p = PredictionOptions.resolve(s);
    String out = s.path("output", "output/mle-report");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("predictions", p.path());
    m.put("predictions_id", p.id());
    m.put("format", p.format());
    m.put("group_by", p.groupBy());
    m.put("label_column", p.labelColumn());
    m.put("probability_column", p.probabilityColumn());
    m.put("labels", p.labels().isEmpty() ? null : p.labels());
    m.put("renormalize", p.normalization().name().equals("RENORMALIZE"));
    m.put("eps", PredictionReport.MLLIB_EPS);
    m.put("unit", p.unit().suffix());
    m.put("output", out);
    return new Options(p, CategoryOptions.MASTER.from(s), out, s.jobFile(), m);
  }

  /**
   * Evaluates the predictions and publishes the output.
   *
   * @return the content of {@code summary.json}
   * @throws KlsparkException on bad input; the output directory is then left as it was
   */
  static Map<String, Object> run(SparkSession spark, Options o, PrintStream out) {
    Instant started = Instant.now();
    PredictionOptions.Resolved p = o.predictions();
    Map<String, Object> json = new LinkedHashMap<>();
    long groups;
    try (OwnedOutput owned =
        OwnedOutput.claim(
            spark.sparkContext().hadoopConfiguration(),
            NAME,
            o.output(),
            "--output",
            JobIo.inputs("predictions", p.path(), "job file", o.jobFile()))) {
      Dataset<Row> predictions = JobIo.read(spark, p.path(), p.format(), "predictions");
      PredictionReport.Spec spec = p.spec(predictions.schema());
      Dataset<Row> report = PredictionReport.build(predictions, spec);
      try (OutputCommit commit = owned.commit()) {
        String dir = commit.staging();
        LOG.info("evaluating the predictions into {}", dir);
        JobPhase.PREDICTIONS_REPORT.begin(spark);
        report.write().parquet(dir + "/predictions");
        Dataset<Row> written = spark.read().parquet(dir + "/predictions");
        JobPhase.PREDICTIONS_SUMMARY.begin(spark);
        groups = written.count();
        if (groups == 0) {
          throw new KlsparkException(
              "no rows to evaluate: the predictions " + p.path() + " are empty");
        }
        long ok =
            written.where(written.col(ReportColumns.STATUS).equalTo(ReportColumns.OK)).count();
        json.put("job", NAME);
        json.put("started", started.toString());
        json.put("finished", Instant.now().toString());
        json.put("parameters", o.parameters());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("model_id", spec.modelId());
        summary.put("labels", spec.labels());
        summary.put("groups", groups);
        summary.put("groups_ok", ok);
        summary.put("log_loss_nats", PredictionReport.evaluatorLogLoss(predictions, spec));
        json.put("predictions", summary);
        JobIo.stamp(json, owned.runId());
        JobIo.writeJson(spark, dir + "/summary.json", json);
        commit.commit();
        LOG.info("wrote {}", commit.target());
      } finally {
        JobPhase.end(spark);
      }
    }
    out.printf(
        Locale.ROOT,
        "mle-report: %d groups of predictions '%s' evaluated; wrote %s/predictions%n",
        groups,
        p.id(),
        o.output());
    return json;
  }
}

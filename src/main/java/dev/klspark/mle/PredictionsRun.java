package dev.klspark.mle;

import dev.klspark.KlsparkException;
import dev.klspark.cli.CategoryOptions;
import dev.klspark.cli.JobIo;
import dev.klspark.config.JobSettings;
import dev.klspark.html.PageFooter;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.engine.JobPhase;
import dev.klspark.spark.publish.OutputCommit;
import dev.klspark.spark.publish.OwnedOutput;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code jobs/mle-report --predictions PATH | --pipeline-model DIR}: each model's per-row
 * predictions evaluated per group ({@link PredictionReport}) and ranked ({@link
 * PredictionComparison}), written to {@code OUTPUT/predictions} with the reliability tables in
 * {@code OUTPUT/reliability} ({@link ReliabilityTable}; Parquet), {@code summary.json} and {@code
 * report.html} ({@link PredictionsHtml}), published atomically ({@link OutputCommit}); bad input
 * leaves the output as it was. The segments where a model is miscalibrated ({@link Miscalibration})
 * go into all three outputs and onto the console.
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
    String out = MleReportJob.OUTPUT.from(s);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "predictions",
        p.sources().stream()
            .filter(x -> !x.pipeline() && !x.table())
            .map(PredictionOptions.Source::path)
            .toList());
    m.put(
        "pipeline_models",
        p.sources().stream()
            .filter(x -> x.pipeline())
            .map(PredictionOptions.Source::path)
            .toList());
    m.put("model_ids", p.sources().stream().map(PredictionOptions.Source::id).toList());
    m.put(
        "predictions_tables",
        p.sources().stream().filter(x -> x.table()).map(PredictionOptions.Source::path).toList());
    m.put("input", p.input() == null ? null : p.input().name());
    m.put("filter", p.filter());
    m.put("format", p.format());
    m.put("group_by", p.groupBy());
    m.put("label_column", p.labelColumn());
    if (p.labelFree()) {
      m.put("reference_filter", p.referenceFilter());
    }
    m.put("probability_column", p.probabilityColumn());
    m.put("labels", p.labels().isEmpty() ? null : p.labels());
    m.put("renormalize", p.normalization().name().equals("RENORMALIZE"));
    m.put("eps", PredictionReport.MLLIB_EPS);
    m.put("reliability_bins", p.reliabilityBins());
    m.put("confidence_level", p.confidenceLevel());
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
    List<String> inputs = new ArrayList<>();
    for (PredictionOptions.Source src : p.sources()) {
      inputs.add(src.pipeline() ? "pipeline model" : "predictions");
      inputs.add(src.table() ? null : src.path());
    }
    inputs.addAll(
        Arrays.asList(
            "input", p.input() == null ? null : p.input().path(), "job file", o.jobFile()));
    long groups;
    Miscalibration miscalibration;
    List<PredictionSources.Model> models = new ArrayList<>();
    try (OwnedOutput owned =
        OwnedOutput.claim(
            spark.sparkContext().hadoopConfiguration(),
            NAME,
            o.output(),
            "--output",
            JobIo.inputs(inputs.toArray(new String[0])))) {
      for (PredictionOptions.Source src : p.sources()) {
        models.add(PredictionSources.load(spark, p, src));
      }
      if (p.labelFree()) {
        return LabelFreeRun.run(spark, o, owned, models, started, out);
      }
      List<Dataset<Row>> reports = new ArrayList<>();
      List<Dataset<Row>> reliability = new ArrayList<>();
      for (PredictionSources.Model m : models) {
        reports.add(PredictionReport.build(m.rows(), m.spec()));
        reliability.add(ReliabilityTable.of(m.rows(), m.spec(), p.reliabilityBins()));
      }
      List<String> groupColumns = models.get(0).spec().groupBy();
      Dataset<Row> report = PredictionComparison.of(reports, groupColumns, p.unit());
      try (OutputCommit commit = owned.commit()) {
        String dir = commit.staging();
        LOG.info("evaluating the predictions into {}", dir);
        JobPhase.PREDICTIONS_REPORT.begin(spark);
        report.write().parquet(dir + "/predictions");
        Dataset<Row> reliabilityAll = reliability.get(0);
        for (Dataset<Row> r : reliability.subList(1, reliability.size())) {
          reliabilityAll = reliabilityAll.unionByName(r);
        }
        reliabilityAll.write().parquet(dir + "/reliability");
        Dataset<Row> written = spark.read().parquet(dir + "/predictions");
        JobPhase.PREDICTIONS_SUMMARY.begin(spark);
        groups =
            written
                .select(groupColumns.stream().map(InputColumns::column).toArray(Column[]::new))
                .distinct()
                .count();
        if (groups == 0) {
          throw new KlsparkException(
              "no rows to evaluate: the predictions are empty; expected rows with the group,"
                  + " label and probability columns");
        }
        json.put("job", NAME);
        json.put("started", started.toString());
        json.put("finished", Instant.now().toString());
        json.put("parameters", o.parameters());
        List<Map<String, Object>> summaries = new ArrayList<>();
        for (PredictionSources.Model m : models) {
          summaries.add(PredictionComparison.summary(written, m.rows(), m.spec()));
        }
        json.put("predictions", summaries);
        miscalibration = Miscalibration.of(written, groupColumns, p.unit());
        json.putAll(miscalibration.json());
        JobIo.stamp(json, owned.runId());
        JobIo.writeJson(spark, dir + "/summary.json", json);
        PredictionsHtml.write(
            owned.fs(),
            dir,
            written,
            spark.read().parquet(dir + "/reliability"),
            models.stream().map(PredictionSources.Model::spec).toList(),
            summaries,
            miscalibration,
            o.parameters(),
            PageFooter.now(
                input(p),
                PageFooter.Link.parquet("predictions", "Parquet, one row per segment and model"),
                PageFooter.Link.parquet("reliability", "Parquet, the reliability tables")));
        commit.commit();
        LOG.info("wrote {}", commit.target());
      } finally {
        JobPhase.end(spark);
      }
    } finally {
      models.forEach(m -> m.rows().unpersist());
    }
    out.printf(
        Locale.ROOT,
        "mle-report: %d groups of %d model(s) %s evaluated; wrote %s/predictions and"
            + " %s/reliability%n",
        groups,
        models.size(),
        models.stream().map(m -> "'" + m.spec().modelId() + "'").toList(),
        o.output(),
        o.output());
    MleConsole.printMiscalibration(out, miscalibration);
    out.println("HTML report: " + JobIo.location(o.output(), MleHtml.FILE));
    return json;
  }

  /**
   * The input as the page's stamp names it: the predictions tables and the rows the pipeline models
   * score, paths or table names as given.
   */
  static String input(PredictionOptions.Resolved p) {
    List<String> names = new ArrayList<>();
    for (PredictionOptions.Source src : p.sources()) {
      String name = src.pipeline() ? (p.input() == null ? null : p.input().name()) : src.path();
      if (name != null && !names.contains(name)) {
        names.add(name);
      }
    }
    return String.join(", ", names);
  }
}

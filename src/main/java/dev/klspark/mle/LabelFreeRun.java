package dev.klspark.mle;

import static org.apache.spark.sql.functions.col;

import dev.klspark.KlsparkException;
import dev.klspark.cli.JobIo;
import dev.klspark.html.PageFooter;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.engine.JobPhase;
import dev.klspark.spark.engine.ReportColumns;
import dev.klspark.spark.publish.OutputCommit;
import dev.klspark.spark.publish.OwnedOutput;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code jobs/mle-report --predictions PATH | --pipeline-model DIR} without {@code --label-column}:
 * each model's predictions before their labels ({@link LabelFreeReport}), written to {@code
 * OUTPUT/predictions} with {@code summary.json} and {@code report.html} ({@link LabelFreeHtml}),
 * published atomically in the output {@link PredictionsRun} claimed.
 */
final class LabelFreeRun {
  private static final Logger LOG = LoggerFactory.getLogger(LabelFreeRun.class);
  private static final String NAME = "mle-report";

  private LabelFreeRun() {}

  /**
   * Predictions without their labels ({@link LabelFreeReport}): {@code OUTPUT/predictions}, {@code
   * summary.json} and {@code report.html}.
   */
  static Map<String, Object> run(
      SparkSession spark,
      PredictionsRun.Options o,
      OwnedOutput owned,
      List<PredictionSources.Model> models,
      Instant started,
      PrintStream out) {
    PredictionOptions.Resolved p = o.predictions();
    boolean reference = p.referenceFilter() != null;
    Dataset<Row> report = null;
    for (PredictionSources.Model m : models) {
      Dataset<Row> one =
          LabelFreeReport.build(
              m.rows(),
              m.spec(),
              col(PredictionSources.CURRENT),
              reference ? col(PredictionSources.REFERENCE) : null);
      report = report == null ? one : report.unionByName(one);
    }
    List<String> groupColumns = models.get(0).spec().groupBy();
    Map<String, Object> json = new LinkedHashMap<>();
    long groups;
    List<Map<String, Object>> summaries = new ArrayList<>();
    try (OutputCommit commit = owned.commit()) {
      String dir = commit.staging();
      LOG.info("evaluating the predictions without labels into {}", dir);
      JobPhase.PREDICTIONS_REPORT.begin(spark);
      report.write().parquet(dir + "/predictions");
      Dataset<Row> written = spark.read().parquet(dir + "/predictions");
      JobPhase.PREDICTIONS_SUMMARY.begin(spark);
      groups =
          written
              .where(col(ReportColumns.N).gt(0))
              .select(groupColumns.stream().map(InputColumns::column).toArray(Column[]::new))
              .distinct()
              .count();
      if (groups == 0) {
        throw new KlsparkException(
            "no rows to evaluate: no prediction row is current"
                + (p.filter() == null ? "" : " (--filter '" + p.filter() + "')")
                + "; expected rows with the group and probability columns");
      }
      if (reference && written.where(col(LabelFreeReport.N_REFERENCE).gt(0)).isEmpty()) {
        throw new KlsparkException(
            "--reference-filter '"
                + p.referenceFilter()
                + "' matches no prediction row; expected the reference rows");
      }
      for (PredictionSources.Model m : models) {
        Dataset<Row> mine = written.where(col(ReportColumns.MODEL_ID).equalTo(m.spec().modelId()));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("model_id", m.spec().modelId());
        s.put("labels", m.spec().labels());
        s.put("groups", mine.count());
        s.put("groups_ok", mine.where(col(ReportColumns.STATUS).equalTo(ReportColumns.OK)).count());
        Row all =
            mine.agg(
                    functions.sum(col(ReportColumns.N)),
                    functions.sum(
                        col(ReportColumns.N)
                            .multiply(
                                col(
                                    ReportColumns.inUnit(
                                        PredictionReport.EXPECTED_NLL, p.unit())))))
                .first();
        s.put("rows", all.isNullAt(0) ? 0L : all.getLong(0));
        s.put(
            ReportColumns.inUnit(PredictionReport.EXPECTED_NLL, p.unit()),
            all.isNullAt(0) || all.getLong(0) == 0 ? null : all.getDouble(1) / all.getLong(0));
        summaries.add(s);
      }
      json.put("job", NAME);
      json.put("started", started.toString());
      json.put("finished", Instant.now().toString());
      json.put("parameters", o.parameters());
      json.put("label_free", summaries);
      JobIo.stamp(json, owned.runId());
      JobIo.writeJson(spark, dir + "/summary.json", json);
      LabelFreeHtml.write(
          owned.fs(),
          dir,
          written,
          models.stream().map(PredictionSources.Model::spec).toList(),
          reference,
          o.parameters(),
          PageFooter.now(
              PredictionsRun.input(p),
              PageFooter.Link.parquet("predictions", "Parquet, one row per segment and model")));
      commit.commit();
      LOG.info("wrote {}", commit.target());
    } finally {
      JobPhase.end(spark);
    }
    out.printf(
        Locale.ROOT,
        "mle-report: %d groups of %d model(s) %s, before their labels: expected log-loss%s;"
            + " wrote %s/predictions%n",
        groups,
        models.size(),
        models.stream().map(m -> "'" + m.spec().modelId() + "'").toList(),
        reference ? " and the drift of the mean prediction from the reference" : "",
        o.output());
    for (Map<String, Object> s : summaries) {
      out.printf(
          Locale.ROOT,
          "  %s: %s rows, expected log-loss %.6f %s per row if the predictions are calibrated%n",
          s.get("model_id"),
          s.get("rows"),
          s.get(ReportColumns.inUnit(PredictionReport.EXPECTED_NLL, p.unit())) instanceof Double d
              ? d
              : Double.NaN,
          p.unit().suffix());
    }
    out.println("HTML report: " + JobIo.location(o.output(), MleHtml.FILE));
    return json;
  }
}

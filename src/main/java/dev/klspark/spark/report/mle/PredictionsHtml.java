package dev.klspark.spark.report.mle;

import static dev.klspark.spark.report.ReportColumns.inUnit;
import static org.apache.spark.sql.functions.col;

import dev.klspark.spark.publish.Summaries;
import dev.klspark.spark.report.HtmlFormat;
import dev.klspark.spark.report.HtmlPage;
import dev.klspark.spark.report.ReportColumns;
import dev.klspark.spark.report.SvgChart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code report.html} of {@code mle-report --predictions | --pipeline-model}: the models by
 * their log-loss over all rows, then per model the segments whose label frequencies are farthest
 * from the mean prediction (KL(P̂ ‖ Q̄), calibration in the large) first, with their log-loss and
 * its decomposition, and the calibration chart of all rows (the reliability table summed over the
 * segments), and the folded parameters. Collects the top {@link #TOP} segments per model and the
 * reliability table's bins summed over segments only.
 */
public final class PredictionsHtml {
  /** Segments listed per model. */
  public static final int TOP = 20;

  private PredictionsHtml() {}

  /**
   * Writes {@code DIR/report.html}.
   *
   * @param written the prediction comparison as written (one row per segment and model)
   * @param reliability the reliability tables as written ({@link ReliabilityTable})
   * @param specs the models' specs, in order
   * @param summaries what summary.json records per model (with {@code log_loss_nats})
   */
  public static void write(
      FileSystem fs,
      String dir,
      Dataset<Row> written,
      Dataset<Row> reliability,
      List<PredictionReport.Spec> specs,
      List<Map<String, Object>> summaries,
      Map<String, Object> parameters) {
    String u = specs.get(0).unit().suffix();
    String kl = inUnit(PredictionReport.MEAN_PREDICTION_KL_DIVERGENCE, specs.get(0).unit());
    int best = 0;
    for (int i = 1; i < summaries.size(); i++) {
      if (logLoss(summaries.get(i)) < logLoss(summaries.get(best))) {
        best = i;
      }
    }
    Map<String, List<Row>> tops = new LinkedHashMap<>();
    for (PredictionReport.Spec spec : specs) {
      tops.put(
          spec.modelId(),
          written
              .where(
                  col(ReportColumns.MODEL_ID)
                      .equalTo(spec.modelId())
                      .and(col(ReportColumns.STATUS).equalTo(ReportColumns.OK)))
              .orderBy(col(kl).desc_nulls_last())
              .limit(TOP)
              .collectAsList());
    }
    PredictionReport.Spec first = specs.get(best);
    HtmlPage h = new HtmlPage("mle-report: predictions of " + first.modelId());
    List<String> names = new ArrayList<>();
    List<Row> worst = tops.get(first.modelId());
    for (Row r : worst.subList(0, Math.min(5, worst.size()))) {
      names.add(segment(r, first));
    }
    h.banner(
        names.isEmpty() ? "ok" : "warn",
        (specs.size() > 1 ? "best of " + specs.size() + " models: " : "")
            + "<b>"
            + HtmlFormat.escape(first.modelId())
            + "</b> — log-loss "
            + HtmlFormat.escape(HtmlFormat.num(logLoss(summaries.get(best)), 6))
            + " nats over all rows"
            + (names.isEmpty()
                ? ""
                : ". Segments least calibrated in the large: <span id=\"worst\">"
                    + HtmlFormat.escape(String.join(", ", names))
                    + "</span>"));
    if (specs.size() > 1) {
      h.h2("models", "Models by log-loss over all rows (MLlib's evaluator)");
      HtmlPage.Table m =
          new HtmlPage.Table("models", "model_id", "#log_loss_nats", "#segments ranked first");
      for (Map<String, Object> s : summaries) {
        m.row(
            null,
            String.valueOf(s.get("model_id")),
            logLoss(s),
            HtmlPage.Html.count(((Number) s.get("groups_ranked_first")).doubleValue()));
      }
      h.table(m);
    }
    for (PredictionReport.Spec spec : specs) {
      String id = spec.modelId();
      h.h2(
          "segments-" + id,
          id + ": segments by " + kl + " (label frequencies against the mean prediction)");
      HtmlPage.Table t =
          new HtmlPage.Table(
              "groups-" + id,
              "segment",
              "#n",
              "#" + kl,
              "#mean_nll_" + u,
              "#entropy_" + u,
              "#uncertainty_" + u,
              "#resolution_" + u,
              "#reliability_" + u);
      for (Row r : tops.get(id)) {
        t.row(
            null,
            segment(r, spec),
            HtmlPage.Html.count(d(r, "n")),
            d(r, kl),
            d(r, "mean_nll_" + u),
            d(r, "entropy_" + u),
            d(r, "uncertainty_" + u),
            d(r, "resolution_" + u),
            d(r, "reliability_" + u));
      }
      h.table(t);
      h.h2("calibration-" + id, id + ": calibration over all rows");
      h.chart(chart(ReliabilityTable.overall(reliability, id, spec.labels())));
    }
    h.parameters("parameters", "Parameters of the run", parameters);
    Summaries.writeText(
        fs,
        new Path(dir, MleHtml.FILE),
        h.html("klspark mle-report --predictions; information quantities in " + u + "."));
  }

  /** The calibration chart of bins (observed frequency against mean prediction, per label). */
  static String chart(List<PredictionReport.CalibrationBin> bins) {
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    double max = 0;
    for (PredictionReport.CalibrationBin b : bins) {
      if (b.rows() >= MleHtml.MIN_BIN_ROWS) {
        series
            .computeIfAbsent(b.label(), k -> new ArrayList<>())
            .add(new double[] {b.meanPredicted(), b.observedFrequency()});
        max = Math.max(max, Math.max(b.meanPredicted(), b.observedFrequency()));
      }
    }
    double axis = Math.min(1.0, Math.ceil(max * 1.05 * 10) / 10);
    return SvgChart.xy(
        "observed frequency against mean predicted probability, per label",
        series,
        "mean predicted probability",
        "observed frequency",
        axis <= 0 ? 1.0 : axis);
  }

  private static double logLoss(Map<String, Object> summary) {
    Object v = summary.get("log_loss_nats");
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static String segment(Row r, PredictionReport.Spec spec) {
    if (spec.groupBy().isEmpty()) {
      return "all";
    }
    List<String> v = new ArrayList<>();
    for (String g : spec.groupBy()) {
      Object o = r.get(r.fieldIndex(g));
      v.add(String.valueOf(o));
    }
    return String.join(" · ", v);
  }

  private static Double d(Row r, String c) {
    Object o = r.get(r.fieldIndex(c));
    return o instanceof Number n ? n.doubleValue() : null;
  }
}

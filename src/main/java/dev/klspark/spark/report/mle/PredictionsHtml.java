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
 * The {@code report.html} of {@code mle-report --predictions}: the segments whose label frequencies
 * are farthest from the mean prediction (KL(P̂ ‖ Q̄), calibration in the large) first, with their
 * log-loss and its decomposition, then the calibration chart of all rows and the folded parameters.
 * Collects the top {@link #TOP} segments and the calibration bins only.
 */
public final class PredictionsHtml {
  /** Segments listed. */
  public static final int TOP = 20;

  private PredictionsHtml() {}

  /**
   * Writes {@code DIR/report.html}.
   *
   * @param written the prediction report as written (one row per segment)
   * @param predictions the predictions table (for the calibration bins)
   * @param logLoss MLlib's evaluator log-loss over all rows, in nats
   */
  public static void write(
      FileSystem fs,
      String dir,
      Dataset<Row> written,
      Dataset<Row> predictions,
      PredictionReport.Spec spec,
      double logLoss,
      Map<String, Object> parameters) {
    String u = spec.unit().suffix();
    String kl = inUnit(PredictionReport.MEAN_PREDICTION_KL_DIVERGENCE, spec.unit());
    List<Row> top =
        written
            .where(col(ReportColumns.STATUS).equalTo(ReportColumns.OK))
            .orderBy(col(kl).desc_nulls_last())
            .limit(TOP)
            .collectAsList();
    List<PredictionReport.CalibrationBin> bins =
        PredictionReport.calibration(predictions, spec, 10);
    HtmlPage h = new HtmlPage("mle-report: predictions of " + spec.modelId());
    List<String> names = new ArrayList<>();
    for (Row r : top.subList(0, Math.min(5, top.size()))) {
      names.add(segment(r, spec));
    }
    h.banner(
        names.isEmpty() ? "ok" : "warn",
        "<b>"
            + HtmlFormat.escape(spec.modelId())
            + "</b> — log-loss "
            + HtmlFormat.escape(HtmlFormat.num(logLoss, 6))
            + " nats over all rows"
            + (names.isEmpty()
                ? ""
                : ". Segments least calibrated in the large: <span id=\"worst\">"
                    + HtmlFormat.escape(String.join(", ", names))
                    + "</span>"));
    h.h2("segments", "Segments by " + kl + " (label frequencies against the mean prediction)");
    HtmlPage.Table t =
        new HtmlPage.Table(
            "groups",
            "segment",
            "#n",
            "#" + kl,
            "#mean_nll_" + u,
            "#entropy_" + u,
            "#uncertainty_" + u,
            "#resolution_" + u,
            "#reliability_" + u);
    for (Row r : top) {
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
    h.h2("calibration", "Calibration over all rows");
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
    h.chart(
        SvgChart.xy(
            "observed frequency against mean predicted probability, per label",
            series,
            "mean predicted probability",
            "observed frequency",
            axis <= 0 ? 1.0 : axis));
    h.parameters("parameters", "Parameters of the run", parameters);
    Summaries.writeText(
        fs,
        new Path(dir, MleHtml.FILE),
        h.html("klspark mle-report --predictions; information quantities in " + u + "."));
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

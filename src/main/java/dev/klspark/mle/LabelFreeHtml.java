package dev.klspark.mle;

import static dev.klspark.spark.engine.ReportColumns.inUnit;
import static org.apache.spark.sql.functions.col;

import dev.klspark.html.HtmlFormat;
import dev.klspark.html.HtmlPage;
import dev.klspark.html.PageFooter;
import dev.klspark.math.LogBase;
import dev.klspark.spark.engine.ReportColumns;
import dev.klspark.spark.publish.Summaries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The HTML page of the label-free predictions report ({@link LabelFreeReport}): per model, the
 * groups whose mean prediction moved most from the reference (or, without one, whose predictions
 * are least certain), with the expected log-loss and its standard deviation. Spark-free but for
 * reading the top rows of the written report.
 */
public final class LabelFreeHtml {
  /** Rows listed per model. */
  static final int TOP = 30;

  private LabelFreeHtml() {}

  /**
   * Writes {@code dir/report.html}.
   *
   * @param written the written label-free report (all models)
   * @param specs the models' specs, in order
   * @param reference whether the report has a reference (the drift columns)
   */
  public static void write(
      FileSystem fs,
      String dir,
      Dataset<Row> written,
      List<PredictionReport.Spec> specs,
      boolean reference,
      Map<String, Object> parameters,
      PageFooter footer) {
    LogBase unit = specs.get(0).unit();
    String by =
        reference
            ? inUnit(LabelFreeReport.PREDICTION_KL_DIVERGENCE, unit)
            : inUnit(PredictionReport.EXPECTED_NLL, unit);
    Map<String, List<Map<String, Object>>> top = new LinkedHashMap<>();
    for (PredictionReport.Spec spec : specs) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Row r :
          written
              .where(col(ReportColumns.MODEL_ID).equalTo(spec.modelId()))
              .orderBy(col(by).desc_nulls_last())
              .limit(TOP)
              .collectAsList()) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> group = new ArrayList<>();
        for (String g : spec.groupBy()) {
          group.add(String.valueOf(r.get(r.fieldIndex(g))));
        }
        m.put("group", spec.groupBy().isEmpty() ? "all" : String.join(" · ", group));
        for (String c : r.schema().fieldNames()) {
          m.put(c, r.get(r.fieldIndex(c)));
        }
        rows.add(m);
      }
      top.put(spec.modelId(), rows);
    }
    Summaries.writeText(
        fs, new Path(dir, MleHtml.FILE), render(specs, top, reference, unit, parameters, footer));
  }

  /** Renders the page from the top rows of each model. */
  static String render(
      List<PredictionReport.Spec> specs,
      Map<String, List<Map<String, Object>>> top,
      boolean reference,
      LogBase unit,
      Map<String, Object> parameters,
      PageFooter footer) {
    String u = unit.suffix();
    HtmlPage h = new HtmlPage("mle-report: predictions before their labels", footer);
    h.banner(
        "ok",
        "Expected log-loss of "
            + specs.size()
            + " model(s) per segment, before the labels: the log-loss each model's predictions"
            + " expect of themselves if they are calibrated"
            + (reference
                ? "; segments ranked by how far their mean prediction moved from the reference"
                : "; segments ranked by expected log-loss (the least certain first)"));
    for (PredictionReport.Spec spec : specs) {
      String id = spec.modelId();
      h.h2("model-" + id, id);
      List<String> headers =
          new ArrayList<>(
              List.of(
                  "segment",
                  "#n",
                  "#expected_nll_" + u,
                  "#expected_nll_sd_" + u,
                  "#mean_prediction_entropy_" + u));
      if (reference) {
        headers.addAll(
            List.of("#n_reference", "#prediction_kl_divergence_" + u, "#expected_nll_change_" + u));
      }
      headers.add("status");
      HtmlPage.Table t = new HtmlPage.Table("segments-" + id, headers.toArray(new String[0]));
      for (Map<String, Object> r : top.getOrDefault(id, List.of())) {
        List<Object> cells = new ArrayList<>();
        cells.add(String.valueOf(r.get("group")));
        cells.add(HtmlPage.Html.count(d(r.get(ReportColumns.N))));
        cells.add(d(r.get(inUnit(PredictionReport.EXPECTED_NLL, unit))));
        cells.add(d(r.get(inUnit(PredictionReport.EXPECTED_NLL_SD, unit))));
        cells.add(d(r.get(inUnit(LabelFreeReport.MEAN_PREDICTION_ENTROPY, unit))));
        if (reference) {
          cells.add(HtmlPage.Html.count(d(r.get(LabelFreeReport.N_REFERENCE))));
          cells.add(d(r.get(inUnit(LabelFreeReport.PREDICTION_KL_DIVERGENCE, unit))));
          cells.add(d(r.get(inUnit(LabelFreeReport.EXPECTED_NLL_CHANGE, unit))));
        }
        String status = String.valueOf(r.get(ReportColumns.STATUS));
        cells.add(status);
        t.row(status, cells.toArray());
      }
      h.table(t);
    }
    h.note(
        "expected_nll is the mean entropy of the predictions: the log-loss they will have if the"
            + " labels are drawn from them; expected_nll_sd its standard deviation. When the labels"
            + " arrive, mle-report --label-column tests the difference (calibration_z).");
    h.parameters("parameters", "Parameters of the run", parameters);
    return h.html(
        "klspark mle-report --predictions without labels; information quantities in "
            + HtmlFormat.escape(u)
            + ".");
  }

  private static Double d(Object o) {
    return o instanceof Number n ? n.doubleValue() : null;
  }
}

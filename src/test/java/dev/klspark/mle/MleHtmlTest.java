package dev.klspark.mle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.html.PageFooter;
import dev.klspark.math.LogBase;
import dev.klspark.spark.distribution.ModelTable.Normalization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * mle-report's pages: the models' mean NLL on an axis chosen from the data (three close models do
 * not look identical), a calibration title that is not cut, the predictions page's banner ranked by
 * evidence (a segment of a few rows never heads it), and the stamp. Spark-free.
 */
class MleHtmlTest {
  private static final PageFooter FOOTER =
      new PageFooter(
          Instant.parse("2024-03-02T10:15:30Z"),
          "9.9.9",
          "4.1",
          "flights.parquet",
          PageFooter.SUMMARY,
          List.of(PageFooter.Link.parquet("report", "Parquet")));

  private static MleSummary summary() {
    double h = 1.1194;
    List<MleSummary.ModelTotals> models =
        List.of(
            new MleSummary.ModelTotals(
                1, "reference", MleSummary.Kind.DISTRIBUTION, 1e6, 1.1310, h, 0.0116, 0.0116),
            new MleSummary.ModelTotals(
                2, "logistic_regression", MleSummary.Kind.CLASSIFIER, 1e6, 1.1388, h, 0.002, 0.019),
            new MleSummary.ModelTotals(
                3,
                "pooled_reference",
                MleSummary.Kind.DISTRIBUTION,
                1e6,
                1.1502,
                h,
                0.0308,
                0.0308));
    return new MleSummary(
        LogBase.NATS,
        1e6,
        0,
        200,
        190,
        Map.of("reference", Map.of("ok", 190L)),
        models,
        new MleSummary.Checks(570, 0, 1e-15, 190, 3),
        null);
  }

  @Test
  void closeModelsAreChartedOnAnAxisFromTheDataAndTheCalibrationTitleIsWhole() {
    List<PredictionReport.CalibrationBin> bins = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      bins.add(new PredictionReport.CalibrationBin("on_time", i / 10.0, i / 10.0 + 0.01, 100));
    }
    String html = MleHtml.render(summary(), bins, Map.of("input", "flights.parquet"), FOOTER);
    int at = html.indexOf("<title>mean NLL per model");
    String chart = html.substring(at, html.indexOf("</svg>", at));
    Matcher m = Pattern.compile("<rect [^>]*width=\"([0-9.]+)\" height=\"20\"").matcher(chart);
    List<Double> widths = new ArrayList<>();
    while (m.find()) {
      widths.add(Double.parseDouble(m.group(1)));
    }
    assertThat(widths).hasSize(3);
    // From 0 the three bars differ by 1.7%; on the data's axis the last is much longer.
    assertThat(widths.get(2) / widths.get(0)).isGreaterThan(1.5);
    assertThat(chart).contains(", not 0)").doesNotContain(">0</text>");
    int cal = html.indexOf("id=\"calibration\"");
    String calibration = html.substring(cal, html.indexOf("</svg>", cal));
    assertThat(calibration)
        .contains("rows)</text>")
        .doesNotContain("…</text>")
        .contains("<g transform=\"translate(0 16)\">");
    assertThat(html).contains("<footer id=\"stamp\"").contains("(Spark 4.1)");
  }

  private static PredictionsHtml.Segment segment(
      String label, long n, double kl, Double low, Double high, double pAdjusted) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("g", label);
    row.put("n", n);
    row.put("mean_prediction_kl_divergence_nats", kl);
    row.put("mean_prediction_kl_divergence_ci_low_nats", low);
    row.put("mean_prediction_kl_divergence_ci_high_nats", high);
    row.put("p_value_adjusted", pAdjusted);
    row.put("status", "ok");
    return new PredictionsHtml.Segment(label, row);
  }

  @Test
  void thePredictionsBannerNamesSegmentsThatDifferWithAnIntervalOnly() {
    // In the page's order (interval first): big and mid have one; tiny (2 rows) has none.
    List<PredictionsHtml.Segment> ranked =
        List.of(
            segment("big", 5000, 0.05, 0.03, 0.07, 1e-12),
            segment("mid", 800, 0.01, 0.0, 0.03, 0.3),
            segment("tiny", 2, 2.3, null, null, 0.04));
    assertThat(PredictionsHtml.headline(ranked, LogBase.NATS)).containsExactly("big");
    PredictionReport.Spec spec =
        new PredictionReport.Spec(
            List.of("g"),
            "label",
            "probability",
            List.of("x", "y"),
            "scores",
            LogBase.NATS,
            Normalization.STRICT);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("model_id", "scores");
    s.put("log_loss_nats", 0.61);
    s.put("groups_ranked_first", 3L);
    String html =
        PredictionsHtml.render(
            new PredictionsHtml.Page(
                List.of(spec),
                List.of(s),
                new Miscalibration(
                    List.of("g"),
                    LogBase.NATS,
                    Map.of("scores", 3L),
                    Map.of("scores", 0L),
                    List.of()),
                Map.of("scores", ranked),
                Map.of("scores", List.of()),
                Map.of("scores", 2L),
                Map.of("scores", 3L),
                Map.of(),
                FOOTER));
    int worst = html.indexOf("<span id=\"worst\">");
    assertThat(html.substring(worst, html.indexOf("</span>", worst))).endsWith(">big");
    assertThat(html)
        .contains("2 of 3 tested segments")
        .contains("<th class=\"num\">ci_low</th>")
        .contains("<th class=\"num\">p_value_adjusted</th>")
        .contains("<footer id=\"stamp\"");
  }

  private static Map<String, Object> miscalibrated(
      String g, String model, long n, double z, double p) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("g", g);
    row.put("model_id", model);
    row.put("n", n);
    row.put("mean_nll_nats", 0.9);
    row.put("expected_nll_nats", 0.8);
    row.put("expected_nll_sd_nats", 0.02);
    row.put("calibration_z", z);
    row.put("calibration_p_value", p / 2);
    row.put("calibration_p_value_adjusted", p);
    return row;
  }

  @Test
  void thePredictionsPageListsTheMiscalibratedSegmentsInTheirOrderAndTheBannerNamesThem() {
    PredictionReport.Spec spec =
        new PredictionReport.Spec(
            List.of("g"), "label", "probability", List.of("x", "y"), "scores", LogBase.NATS);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("model_id", "scores");
    s.put("log_loss_nats", 0.61);
    s.put("groups_ranked_first", 3L);
    Miscalibration m =
        new Miscalibration(
            List.of("g"),
            LogBase.NATS,
            Map.of("scores", 7L),
            Map.of("scores", 2L),
            List.of(
                miscalibrated("north <1>", "scores", 900, 6.1, 1e-8),
                miscalibrated("south", "scores", 300, -3.4, 0.002)));
    String html =
        PredictionsHtml.render(
            new PredictionsHtml.Page(
                List.of(spec),
                List.of(s),
                m,
                Map.of("scores", List.of()),
                Map.of("scores", List.of()),
                Map.of("scores", 0L),
                Map.of("scores", 3L),
                Map.of(),
                FOOTER));
    int worst = html.indexOf("<span id=\"miscalibrated-worst\">");
    assertThat(html.substring(html.indexOf(">", worst) + 1, html.indexOf("</span>", worst)))
        .isEqualTo("north &lt;1&gt; (over-confident), south (under-confident)");
    assertThat(html)
        .contains("class=\"banner warn\"")
        .contains("2 of 7 tested segments are miscalibrated (log score")
        .contains("<th class=\"num\">calibration_z</th>")
        .contains("<th class=\"num\">calibration_p_value_adjusted</th>")
        .contains("calibration_z &gt; 0: the model is more confident than its labels bear out");
    String rows = html.substring(html.indexOf("<table class=\"sortable\" id=\"miscalibrated\""));
    rows = rows.substring(0, rows.indexOf("</table>"));
    assertThat(rows.indexOf("<td>north &lt;1&gt;</td>"))
        .isPositive()
        .isLessThan(rows.indexOf("<td>south</td>"));
  }
}

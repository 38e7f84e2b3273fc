package dev.klspark.mle;

import static dev.klspark.html.HtmlFormat.escape;

import dev.klspark.html.HtmlFormat;
import dev.klspark.html.HtmlPage;
import dev.klspark.html.PageFooter;
import dev.klspark.html.SvgChart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mle-report's {@code report.html}: the models ranked by mean NLL against the entropy floor H(C|G)
 * first, the identity mean NLL = H + KL per model with the run's checks, and, with a classifier, a
 * calibration chart (mean predicted probability against observed frequency per label) with its
 * log-loss against MLlib's evaluator; then the statuses and the folded parameters. Built from the
 * summary and the calibration bins only. Spark-free.
 */
public final class MleHtml {
  /** The HTML report's file name in the output. */
  public static final String FILE = "report.html";

  /** Calibration bins with fewer rows are left out of the chart (too noisy to read). */
  static final long MIN_BIN_ROWS = 30;

  private MleHtml() {}

  /**
   * Renders the page.
   *
   * @param summary the run's summary
   * @param calibration the classifier's calibration bins, empty without a classifier
   * @param parameters the run's parameters as {@code summary.json} records them
   * @param footer the page's stamp and links
   */
  public static String render(
      MleSummary summary,
      List<PredictionReport.CalibrationBin> calibration,
      Map<String, Object> parameters,
      PageFooter footer) {
    String u = summary.unit().suffix();
    HtmlPage h = new HtmlPage("mle-report: models ranked by likelihood", footer);
    List<MleSummary.ModelTotals> models = summary.models();
    MleSummary.Checks c = summary.checks();
    boolean identityHolds = c.identityMaxRelativeResidual() < 1e-9;
    if (models.isEmpty()) {
      h.banner(
          "warn", "<b>no ranking</b> — no group where every model is ok (see the statuses below)");
    } else {
      MleSummary.ModelTotals best = models.get(0);
      h.banner(
          identityHolds ? "ok" : "fail",
          "<b>best: "
              + escape(best.modelId())
              + "</b> — mean NLL "
              + escape(HtmlFormat.num(best.meanNll(), 6))
              + " "
              + u
              + " against the entropy floor H(C|G) "
              + escape(HtmlFormat.num(best.entropy(), 6))
              + " over "
              + summary.commonGroups()
              + " common groups; identity mean NLL = H + KL "
              + (identityHolds ? "holds" : "FAILS")
              + " (max relative residual "
              + escape(HtmlFormat.num(c.identityMaxRelativeResidual(), 3))
              + ")");
    }
    h.h2("models", "Models ranked by mean NLL over the common groups (" + u + ")");
    HtmlPage.Table t =
        new HtmlPage.Table(
            "ranking",
            "#rank",
            "model_id",
            "kind",
            "#rows",
            "#mean_nll",
            "#entropy (floor)",
            "#kl_divergence",
            "#excess_nll");
    List<String> names = new ArrayList<>();
    double[] nll = new double[models.size()];
    for (int i = 0; i < models.size(); i++) {
      MleSummary.ModelTotals m = models.get(i);
      t.row(
          null,
          (double) m.rank(),
          m.modelId(),
          m.kind().label(),
          HtmlPage.Html.count(m.rows()),
          six(m.meanNll()),
          six(m.entropy()),
          six(m.klDivergence()),
          six(m.excessNll()));
      names.add(m.modelId());
      nll[i] = m.meanNll();
    }
    h.table(t);
    if (!models.isEmpty()) {
      double floor = models.get(0).entropy();
      h.charts(
          List.of(
              SvgChart.hbars(
                  "mean NLL per model; dashed: the entropy floor no per-group distribution beats",
                  names,
                  Map.of("mean NLL", nll),
                  u + " per row",
                  List.of(new SvgChart.RefLine("H(C|G) " + HtmlFormat.num(floor), floor, "#333")),
                  SvgChart.Axis.FROM_DATA)));
      h.note(
          "The classifier conditions on features, so its NLL may fall below the floor of the"
              + " per-group distributions; its KL is that of the labels from its mean prediction"
              + " (calibration in the large).");
    }

    h.h2("identity", "Identity: mean NLL = entropy + KL");
    HtmlPage.Table id =
        new HtmlPage.Table(
            "identity-table", "model_id", "#mean_nll", "#entropy + kl", "#difference");
    for (MleSummary.ModelTotals m : models) {
      if (m.kind() == MleSummary.Kind.DISTRIBUTION) {
        id.row(
            null,
            m.modelId(),
            six(m.meanNll()),
            six(m.entropy() + m.klDivergence()),
            HtmlFormat.num(m.meanNll() - m.entropy() - m.klDivergence(), 3));
      }
    }
    h.table(id);
    h.p(
        "Per (group, model) row: max relative residual "
            + HtmlFormat.num(c.identityMaxRelativeResidual(), 3)
            + " over "
            + HtmlFormat.count((double) c.identityRowsFinite())
            + " rows with a finite NLL ("
            + c.identityRowsInfinite()
            + " with NLL = ∞); the rankings by NLL and by KL disagree in "
            + c.groupsWhereRankingsDisagree()
            + " of "
            + c.groupsRanked()
            + " groups.");

    if (!calibration.isEmpty()) {
      h.h2("calibration", "Calibration of the classifier");
      Map<String, List<double[]>> series = new LinkedHashMap<>();
      double max = 0;
      for (PredictionReport.CalibrationBin b : calibration) {
        if (b.rows() < MIN_BIN_ROWS) {
          continue;
        }
        series
            .computeIfAbsent(b.label(), k -> new ArrayList<>())
            .add(new double[] {b.meanPredicted(), b.observedFrequency()});
        max = Math.max(max, Math.max(b.meanPredicted(), b.observedFrequency()));
      }
      double top = Math.min(1.0, Math.ceil(max * 1.05 * 10) / 10);
      h.chart(
          SvgChart.xy(
              "observed frequency against mean predicted probability, per label (the reliability"
                  + " table's bins with at least "
                  + MIN_BIN_ROWS
                  + " rows)",
              series,
              "mean predicted probability",
              "observed frequency",
              top <= 0 ? 1.0 : top));
      h.note("On the dashed diagonal the predicted probabilities are the observed frequencies.");
      if (summary.classifier() != null) {
        MleSummary.ClassifierCheck k = summary.classifier();
        h.p(
            "Log-loss over "
                + HtmlFormat.count(k.rows())
                + " rows: report "
                + HtmlFormat.num(k.logLossFromReportNats(), 10)
                + ", MLlib evaluator "
                + HtmlFormat.num(k.logLossEvaluatorNats(), 10)
                + " nats (relative difference "
                + HtmlFormat.num(k.relativeDifference(), 3)
                + "; "
                + k.clippedRows()
                + " clipped rows).");
      }
    }

    h.h2("statuses", "Groups by model and status");
    HtmlPage.Table st = new HtmlPage.Table("by-status", "model_id", "status", "#groups");
    summary
        .statusesByModel()
        .forEach(
            (m, byStatus) ->
                byStatus.forEach((s, n) -> st.row(s, m, s, HtmlPage.Html.count((double) n))));
    h.table(st);
    h.parameters("parameters", "Parameters of the run", parameters);
    return h.html("klspark mle-report; information quantities in " + u + ".");
  }

  private static HtmlPage.Html six(double x) {
    return HtmlPage.Html.text(HtmlFormat.num(x, 6));
  }
}

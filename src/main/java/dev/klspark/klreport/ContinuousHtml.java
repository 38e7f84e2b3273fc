package dev.klspark.klreport;

import dev.klspark.html.HtmlFormat;
import dev.klspark.html.HtmlPage;
import dev.klspark.html.PageFooter;
import dev.klspark.html.SvgChart;
import dev.klspark.spark.engine.GroupColumns;
import dev.klspark.spark.engine.ReportHistogram;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The continuous kl-report's {@code report.html}: the groups ranked by evidence first (the banner
 * names those that differ most), both distribution functions of the top groups on one chart each,
 * the distribution of the KS statistic over the groups, then the statuses and the folded
 * parameters. Built from bounded data only. Spark-free.
 */
public final class ContinuousHtml {
  private ContinuousHtml() {}

  /**
   * What the page shows.
   *
   * @param charted the top ok groups that get a chart
   * @param quantiles per charted group, the current's and the reference's quantiles
   * @param footer the page's stamp and links
   */
  public record Page(
      ContinuousRun.Settings settings,
      ContinuousSummary summary,
      ReportHistogram histogram,
      List<Map<String, Object>> charted,
      List<double[][]> quantiles,
      PageFooter footer) {}

  /** Renders the page. */
  public static String render(Page page) {
    ContinuousRun.Settings s = page.settings();
    ContinuousSummary sum = page.summary();
    String u = s.unit().suffix();
    String by = s.groupBy().isEmpty() ? "one overall group" : String.join(", ", s.groupBy());
    HtmlPage h =
        new HtmlPage("kl-report: " + s.value() + " by " + by + " (no buckets)", page.footer());
    List<String> names = new ArrayList<>();
    for (Map<String, Object> r : sum.top()) {
      if ("ok".equals(r.get("status")) && names.size() < 5) {
        names.add(GroupColumns.label(s.groupBy(), r));
      }
    }
    h.verdict(
        sum.significant(),
        sum.tested(),
        "their reference",
        "same",
        "Kolmogorov–Smirnov, Benjamini–Hochberg",
        names);
    Map<String, String> tiles = new LinkedHashMap<>();
    tiles.put("groups", HtmlFormat.count((double) sum.groups()));
    tiles.put("current values", HtmlFormat.count((double) sum.currentValues()));
    tiles.put("reference values", HtmlFormat.count((double) sum.referenceValues()));
    tiles.put("differ (adjusted p < 0.05)", HtmlFormat.count((double) sum.significant()));
    h.tiles(tiles);

    h.h2(
        "ranked",
        "Groups ranked by "
            + sum.ranking().column(u)
            + (sum.minN() > 0 ? " (n ≥ " + sum.minN() + ")" : ""));
    HtmlPage.Table t =
        new HtmlPage.Table(
            "groups",
            "#rank",
            "group",
            "#n",
            "#n_reference",
            "#ks_statistic",
            "#ks_ci_low",
            "#p_value_adjusted",
            "#wasserstein",
            "#kl_knn_" + u,
            "status");
    int rank = 1;
    for (Map<String, Object> r : sum.top()) {
      t.row(
          (String) r.get("status"),
          (double) rank++,
          GroupColumns.label(s.groupBy(), r),
          HtmlPage.Html.count(d(r.get("n"))),
          HtmlPage.Html.count(d(r.get("n_reference"))),
          d(r.get("ks_statistic")),
          d(r.get("ks_statistic_ci_low")),
          HtmlPage.Html.pValue(d(r.get("p_value_adjusted"))),
          d(r.get("wasserstein_distance")),
          d(r.get("kl_divergence_knn_" + u)),
          r.get("status"));
    }
    h.table(t);
    if (sum.top().isEmpty()) {
      h.p("No group to list.");
    }

    h.h2(
        "distributions",
        "Current against reference: the distribution functions of the top groups (1st to 99th"
            + " percentile)");
    List<String> charts = new ArrayList<>();
    for (int i = 0; i < page.charted().size(); i++) {
      double[][] q = page.quantiles().get(i);
      Map<String, double[]> series = new LinkedHashMap<>();
      series.put("current", q[0]);
      series.put("reference", q[1]);
      Map<String, Object> r = page.charted().get(i);
      charts.add(
          SvgChart.cdfs(
              GroupColumns.label(s.groupBy(), r)
                  + ": D = "
                  + HtmlFormat.num(d(r.get("ks_statistic")), 3)
                  + ", W₁ = "
                  + HtmlFormat.num(d(r.get("wasserstein_distance")), 3),
              series,
              s.value()));
    }
    if (charts.isEmpty()) {
      h.p("No group with status ok to chart.");
    }
    h.charts(charts);

    ReportHistogram hist = page.histogram();
    if (hist.edges().length > 0) {
      double[] counts = new double[hist.counts().length];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = hist.counts()[i];
      }
      h.h2("spread", "The KS statistic over the groups");
      h.charts(
          List.of(
              SvgChart.bars(
                  "ks_statistic over " + hist.finite() + " groups",
                  hist.labels(),
                  Map.of("groups", counts),
                  "ks_statistic",
                  "groups",
                  List.of())));
    }

    h.h2("statuses", "Groups by status");
    HtmlPage.Table st = new HtmlPage.Table("by-status", "status", "#groups");
    sum.statusCounts().forEach((k, v) -> st.row(k, k, HtmlPage.Html.count((double) v)));
    h.table(st);
    h.parameters("parameters", "Parameters of the run", s.parameters());
    return h.html(
        "klspark kl-report without buckets; P current, Q reference; KS and W₁ as scipy"
            + " ks_2samp and wasserstein_distance; k-NN KL (Wang, Kulkarni and Verdú 2009) in "
            + u
            + ".");
  }

  private static Double d(Object o) {
    return o instanceof Number n ? n.doubleValue() : null;
  }
}

package dev.klspark.klreport;

import dev.klspark.html.HtmlFormat;
import dev.klspark.html.HtmlPage;
import dev.klspark.html.PageFooter;
import dev.klspark.html.SvgChart;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.engine.GroupColumns;
import dev.klspark.spark.engine.GroupComparison;
import dev.klspark.spark.engine.ReportHistogram;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kl-report's {@code report.html}: the groups ranked by evidence first (the banner names those that
 * differ most), their KL intervals, P̂ against Q for the worst groups, the distribution of KL over
 * the groups, the totals H(C|G) + KL = cross-entropy as a picture, then the statuses and the folded
 * parameters. Built from bounded data only: the summary's top groups, the histogram bins and the
 * cells of a few groups. The categories of a chart are in their own order ({@link
 * #inCategoryOrder}): the buckets' order for a bucketed column, not the alphabet. Spark-free.
 */
public final class DivergenceHtml {
  /** How many of the top groups get a P̂-against-Q chart. */
  public static final int CHART_GROUPS = 4;

  private DivergenceHtml() {}

  /**
   * What the page shows.
   *
   * @param significant groups with {@code p_value_adjusted} below 0.05
   * @param tested groups with a p-value
   * @param charted labels of the charted groups, with {@code distributions} in the same order
   * @param footer the page's stamp and links
   */
  public record Page(
      DivergenceRun.Settings settings,
      ReportSummary summary,
      ReportHistogram histogram,
      long significant,
      long tested,
      List<String> charted,
      List<GroupComparison.Aligned> distributions,
      PageFooter footer) {}

  /**
   * A group's distributions with its categories in the order a reader expects: for a bucketed
   * column, the buckets' order ({@code --bucket-splits}, lowest first), then any other category
   * (the {@code --null-category} label, a model's category outside the buckets) as it came; for a
   * categorical column whose categories are all integers, by value ({@code 2} before {@code 10});
   * otherwise as the report aligns them, sorted by their text.
   */
  public static GroupComparison.Aligned inCategoryOrder(
      GroupComparison.Aligned a, CategorySpec category) {
    List<String> cats = a.categories();
    Comparator<Integer> order;
    if (category.buckets() != null) {
      List<String> labels = category.buckets().labels();
      order =
          Comparator.comparingInt(
              i -> {
                int at = labels.indexOf(cats.get(i));
                return at < 0 ? labels.size() : at;
              });
    } else if (cats.stream().allMatch(c -> c.matches("[+-]?\\d{1,18}"))) {
      order = Comparator.comparingLong(i -> Long.parseLong(cats.get(i)));
    } else {
      return a;
    }
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < cats.size(); i++) {
      idx.add(i);
    }
    idx.sort(order.thenComparingInt(i -> i));
    List<String> c = new ArrayList<>();
    double[] p = new double[idx.size()];
    double[] q = new double[idx.size()];
    for (int j = 0; j < idx.size(); j++) {
      c.add(cats.get(idx.get(j)));
      p[j] = a.p()[idx.get(j)];
      q[j] = a.q()[idx.get(j)];
    }
    return new GroupComparison.Aligned(c, p, q);
  }

  /**
   * A group's label: its values joined by {@code ·}, or {@code all} without group columns ({@link
   * GroupColumns#label}).
   */
  public static String label(List<String> groupBy, Map<String, Object> row) {
    return GroupColumns.label(groupBy, row);
  }

  /** The group's values in group-column order. */
  public static List<Object> values(List<String> groupBy, Map<String, Object> row) {
    List<Object> v = new ArrayList<>();
    for (String g : groupBy) {
      v.add(row.get(g));
    }
    return v;
  }

  /** Renders the page. */
  public static String render(Page page) {
    DivergenceRun.Settings s = page.settings();
    ReportSummary sum = page.summary();
    String u = s.unit().suffix();
    String by = s.groupBy().isEmpty() ? "one overall group" : String.join(", ", s.groupBy());
    HtmlPage h = new HtmlPage("kl-report: " + s.category().column() + " by " + by, page.footer());
    List<Map<String, Object>> top = sum.top();
    List<String> names = new ArrayList<>();
    for (Map<String, Object> r : top) {
      if ("ok".equals(r.get("status")) && names.size() < 5) {
        names.add(label(s.groupBy(), r));
      }
    }
    h.verdict(page.significant(), page.tested(), "the model", "fit", "Benjamini–Hochberg", names);
    Map<String, String> tiles = new LinkedHashMap<>();
    Double ent = sum.conditional().get("entropy_" + u);
    Double kl = sum.conditional().get("kl_divergence_" + u);
    Double ce = sum.conditional().get("cross_entropy_" + u);
    tiles.put("H(C|G), " + u, HtmlFormat.num(ent, 6));
    tiles.put("KL(P̂‖Q), " + u, HtmlFormat.num(kl, 6));
    tiles.put("cross-entropy = mean NLL, " + u, HtmlFormat.num(ce, 6));
    tiles.put("groups", HtmlFormat.count((double) sum.groups()));
    tiles.put("observed rows", HtmlFormat.count(sum.observedRows()));
    h.tiles(tiles);

    h.h2(
        "ranked",
        "Groups ranked by "
            + sum.ranking().column(u)
            + (sum.minN() > 0 ? " (n ≥ " + HtmlFormat.count(sum.minN()) + ")" : ""));
    HtmlPage.Table t =
        new HtmlPage.Table(
            "groups",
            "#rank",
            "group",
            "#n",
            "#kl_divergence_" + u,
            "#bias corrected",
            "#ci_low",
            "#ci_high",
            "#p_value_adjusted",
            "status");
    int rank = 1;
    List<String> rows = new ArrayList<>();
    List<Double> point = new ArrayList<>();
    List<Double> low = new ArrayList<>();
    List<Double> high = new ArrayList<>();
    for (Map<String, Object> r : top) {
      String g = label(s.groupBy(), r);
      t.row(
          (String) r.get("status"),
          (double) rank++,
          g,
          HtmlPage.Html.count(d(r.get("n"))),
          d(r.get("kl_divergence_" + u)),
          d(r.get("kl_divergence_bias_corrected_" + u)),
          d(r.get("kl_divergence_ci_low_" + u)),
          d(r.get("kl_divergence_ci_high_" + u)),
          HtmlPage.Html.pValue(d(r.get("p_value_adjusted"))),
          r.get("status"));
      if ("ok".equals(r.get("status")) && d(r.get("kl_divergence_" + u)) != null) {
        rows.add(g);
        point.add(d(r.get("kl_divergence_" + u)));
        low.add(d(r.get("kl_divergence_ci_low_" + u)));
        high.add(d(r.get("kl_divergence_ci_high_" + u)));
      }
    }
    h.table(t);
    if (top.isEmpty()) {
      h.p("No group to list.");
    }
    List<String> charts = new ArrayList<>();
    if (!rows.isEmpty()) {
      double[] pts = point.stream().mapToDouble(x -> Double.isFinite(x) ? x : Double.NaN).toArray();
      charts.add(
          SvgChart.intervals(
              "KL(P̂‖Q) with its "
                  + HtmlFormat.num(s.confidenceLevel() * 100)
                  + "% interval, top groups",
              rows,
              pts,
              low.toArray(new Double[0]),
              high.toArray(new Double[0]),
              "kl_divergence_" + u));
    }
    ReportHistogram hist = page.histogram();
    if (hist.edges().length > 0) {
      double[] counts = new double[hist.counts().length];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = hist.counts()[i];
      }
      charts.add(
          SvgChart.bars(
              "KL over the "
                  + hist.finite()
                  + " ok groups"
                  + (hist.infinite() > 0 ? " (" + hist.infinite() + " more with KL = ∞)" : ""),
              hist.labels(),
              Map.of("groups", counts),
              "kl_divergence_" + u,
              "groups",
              List.of()));
    }
    h.charts(charts);

    h.h2("distributions", "P̂ (observed) against Q (model) for the top groups");
    List<String> dist = new ArrayList<>();
    for (int i = 0; i < page.charted().size(); i++) {
      GroupComparison.Aligned a = page.distributions().get(i);
      if (a == null) {
        continue;
      }
      a = inCategoryOrder(a, s.category());
      Map<String, double[]> series = new LinkedHashMap<>();
      series.put("P̂ observed", a.p());
      series.put("Q model", a.q());
      dist.add(
          SvgChart.bars(
              page.charted().get(i),
              a.categories(),
              series,
              s.category().column(),
              "probability",
              List.of()));
    }
    if (dist.isEmpty()) {
      h.p("No group with both observed rows and a model to chart.");
    }
    h.charts(dist);

    h.h2("totals", "Totals: H(C|G) + KL = cross-entropy (mean NLL)");
    if (ent != null && kl != null && ce != null) {
      Map<String, double[]> seg = new LinkedHashMap<>();
      seg.put("H(C|G): entropy, the floor", new double[] {ent});
      seg.put("KL: what the model costs", new double[] {kl});
      h.charts(
          List.of(
              SvgChart.hbars(
                  "n-weighted over the ok groups, " + u,
                  List.of("cross-entropy"),
                  seg,
                  u + " per row",
                  List.of(),
                  SvgChart.Axis.FROM_ZERO)));
      h.note(
          HtmlFormat.num(ent, 6)
              + " + "
              + HtmlFormat.num(kl, 6)
              + " = "
              + HtmlFormat.num(ent + kl, 6)
              + " ("
              + "cross-entropy "
              + HtmlFormat.num(ce, 6)
              + " "
              + u
              + "): over all evaluated rows, the mean negative log-likelihood under the model is"
              + " the entropy of the data plus the KL divergence.");
    } else {
      h.p("No group with status ok: no totals.");
    }

    h.h2("statuses", "Groups by status");
    HtmlPage.Table st = new HtmlPage.Table("by-status", "status", "#groups");
    sum.statusCounts().forEach((k, v) -> st.row(k, k, HtmlPage.Html.count((double) v)));
    h.table(st);
    h.parameters("parameters", "Parameters of the run", s.parameters());
    return h.html(
        "klspark kl-report; D(P̂‖Q) with P̂ observed, Q model; information quantities in "
            + u
            + ".");
  }

  private static Double d(Object o) {
    return o instanceof Number n ? n.doubleValue() : null;
  }
}

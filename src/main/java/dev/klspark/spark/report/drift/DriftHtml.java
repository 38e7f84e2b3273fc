package dev.klspark.spark.report.drift;

import dev.klspark.spark.report.HtmlFormat;
import dev.klspark.spark.report.HtmlPage;
import dev.klspark.spark.report.SvgChart;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The self-contained HTML report of one run, on the shared page skeleton ({@link HtmlPage}): no
 * script, nothing from the network, charts as inline SVG ({@link SvgChart}), every text from the
 * data or the job file HTML-escaped.
 *
 * <p>Overview first: the verdict banner names the failing and warning groups; then the failing,
 * warning and missing rows; a roll-up per monitored column; for the worst rows a bar chart of the
 * reference vs the current distribution beside the trend of the main metric over the history with
 * the row's warn and fail levels as dashed lines; the other rows by the main metric; counts by
 * status; the run's parameters folded in a {@code <details>} section.
 */
public final class DriftHtml {
  private static final int TABLE_ROWS = 50;

  /** The metric columns of the row tables, in order. */
  private static final List<DriftMetric> TABLE_METRICS =
      List.of(
          DriftMetric.PSI,
          DriftMetric.JS_DIVERGENCE,
          DriftMetric.KL_DIVERGENCE,
          DriftMetric.REVERSE_KL_DIVERGENCE,
          DriftMetric.HELLINGER_DISTANCE,
          DriftMetric.TOTAL_VARIATION_DISTANCE,
          DriftMetric.P_VALUE);

  private DriftHtml() {}

  /**
   * What the page shows besides the rows.
   *
   * @param parameters the run's parameters (nested maps and lists shown as readable rows)
   * @param trend per series key ({@code column · group}), the main metric by date, current date
   *     included
   * @param levels per series key, the main metric's warn and fail levels applied to that row
   */
  public record Page(
      LocalDate date,
      DriftEvaluation.RunVerdict verdict,
      Map<String, Object> parameters,
      DriftMetric mainMetric,
      int chartRows,
      Map<String, TreeMap<LocalDate, Double>> trend,
      Map<String, DriftThresholds.Level> levels) {}

  /** The key of a (column, group) series in the trend. */
  public static String seriesKey(String column, String groupKey) {
    return column + " · " + groupKey;
  }

  /**
   * The rows to chart: fail, warn, then ok rows (not insufficient_data), by the main metric, worst
   * first.
   *
   * @return at most {@code n} rows
   */
  public static List<DriftEvaluation.Evaluated> worst(
      List<DriftEvaluation.Evaluated> rows, DriftMetric main, int n) {
    List<DriftEvaluation.Evaluated> computed = new ArrayList<>();
    for (DriftEvaluation.Evaluated e : rows) {
      DriftStatus st = e.status();
      if (st == DriftStatus.FAIL || st == DriftStatus.WARN || st == DriftStatus.OK) {
        computed.add(e);
      }
    }
    computed.sort(order(main));
    return computed.subList(0, Math.min(n, computed.size()));
  }

  /** Severity first, then the main metric (worst first), then column and group. */
  static Comparator<DriftEvaluation.Evaluated> order(DriftMetric main) {
    Comparator<DriftEvaluation.Evaluated> bySeverity =
        Comparator.comparingInt(e -> -e.status().severity());
    Comparator<DriftEvaluation.Evaluated> byMetric =
        Comparator.comparingDouble(
            e -> {
              Double v = DriftEvaluation.value(e, main);
              if (v == null || Double.isNaN(v)) {
                return Double.POSITIVE_INFINITY;
              }
              return main.higherIsWorse() ? -v : v;
            });
    return bySeverity
        .thenComparing(byMetric)
        .thenComparing(e -> e.input().column())
        .thenComparing(e -> e.input().groupKey());
  }

  /** Renders the page. */
  public static String render(Page page, List<DriftEvaluation.Evaluated> rows) {
    DriftMetric main = page.mainMetric();
    HtmlPage h = new HtmlPage("data-quality report for " + page.date());
    List<DriftEvaluation.Evaluated> sorted = new ArrayList<>(rows);
    sorted.sort(order(main));
    List<DriftEvaluation.Evaluated> flagged = new ArrayList<>();
    List<DriftEvaluation.Evaluated> ok = new ArrayList<>();
    int insufficient = 0;
    for (DriftEvaluation.Evaluated e : sorted) {
      switch (e.status()) {
        case OK -> ok.add(e);
        case INSUFFICIENT_DATA -> insufficient++;
        default -> flagged.add(e);
      }
    }
    String v = page.verdict().verdict().label();
    StringBuilder banner =
        new StringBuilder("verdict: <b>")
            .append(escape(v))
            .append("</b> — ")
            .append(escape(page.verdict().reason()));
    for (DriftStatus st : List.of(DriftStatus.FAIL, DriftStatus.WARN)) {
      List<String> names = new ArrayList<>();
      for (DriftEvaluation.Evaluated e : flagged) {
        if (e.status() == st) {
          names.add(seriesKey(e.input().column(), e.input().groupKey()));
        }
      }
      if (!names.isEmpty()) {
        banner
            .append("<br>")
            .append(st == DriftStatus.FAIL ? "Failing" : "Warning")
            .append(" (")
            .append(names.size())
            .append("): <span class=\"")
            .append(st.label())
            .append("-groups\">")
            .append(escape(String.join(", ", names.subList(0, Math.min(12, names.size())))))
            .append(names.size() > 12 ? " and " + (names.size() - 12) + " more" : "")
            .append("</span>");
      }
    }
    h.banner(v, banner.toString());

    h.h2("columns", "By monitored column");
    rollUp(h, rows, main);

    h.h2("flagged", "Failing, warning and missing groups");
    table(h, "flagged-rows", flagged, "No failing, warning or missing rows.");

    List<DriftEvaluation.Evaluated> worst = worst(rows, main, page.chartRows());
    h.h2(
        "worst",
        "Worst groups: reference vs current distribution, and " + main.column() + " over time");
    if (worst.isEmpty()) {
      h.p("No row has both a reference and a current distribution.");
    }
    List<String> charts = new ArrayList<>();
    for (DriftEvaluation.Evaluated e : worst) {
      charts.add(distribution(e, main));
      String key = seriesKey(e.input().column(), e.input().groupKey());
      TreeMap<LocalDate, Double> points = page.trend().get(key);
      if (points != null && !points.isEmpty()) {
        charts.add(trend(key, points, main, page.levels().get(key)));
      }
    }
    h.charts(charts);

    h.h2("other", "Other groups, worst first");
    if (ok.size() > TABLE_ROWS) {
      h.p(
          "The first "
              + TABLE_ROWS
              + " of "
              + ok.size()
              + " ok rows by "
              + main.column()
              + "; all rows are in the history table.");
    }
    table(h, "ok-rows", ok.subList(0, Math.min(TABLE_ROWS, ok.size())), "No ok rows.");
    h.note(
        insufficient
            + " row(s) with insufficient_data (fewer values than min-sample-size on a side) are"
            + " in the history table only.");

    h.h2("statuses", "Rows by status");
    HtmlPage.Table st = new HtmlPage.Table("by-status", "status", "#rows");
    page.verdict().byStatus().forEach((k, n) -> st.row(k, k, HtmlPage.Html.count((double) n)));
    h.table(st);
    h.parameters("parameters", "Parameters of the run", page.parameters());
    return h.html(
        "klspark data-quality; KL(current‖reference); information quantities in nats; all"
            + " runs: ../index.html");
  }

  /** Per monitored column: rows per status and the worst group by the main metric. */
  private static void rollUp(HtmlPage h, List<DriftEvaluation.Evaluated> rows, DriftMetric main) {
    List<DriftStatus> statuses =
        List.of(
            DriftStatus.FAIL,
            DriftStatus.WARN,
            DriftStatus.MISSING_REFERENCE,
            DriftStatus.MISSING_CURRENT,
            DriftStatus.OK,
            DriftStatus.INSUFFICIENT_DATA);
    List<String> headers = new ArrayList<>(List.of("column"));
    statuses.forEach(x -> headers.add("#" + x.label()));
    headers.add("worst group");
    headers.add("#" + main.column());
    HtmlPage.Table t = new HtmlPage.Table("by-column", headers.toArray(new String[0]));
    Map<String, List<DriftEvaluation.Evaluated>> byColumn = new TreeMap<>();
    for (DriftEvaluation.Evaluated e : rows) {
      byColumn.computeIfAbsent(e.input().column(), k -> new ArrayList<>()).add(e);
    }
    byColumn.forEach(
        (c, list) -> {
          List<Object> cells = new ArrayList<>(List.of(c));
          DriftStatus top = DriftStatus.OK;
          for (DriftStatus x : statuses) {
            long n = list.stream().filter(e -> e.status() == x).count();
            cells.add(HtmlPage.Html.count((double) n));
            if (n > 0 && x.severity() > top.severity()) {
              top = x;
            }
          }
          List<DriftEvaluation.Evaluated> w = worst(list, main, 1);
          cells.add(w.isEmpty() ? "" : w.get(0).input().groupKey());
          cells.add(w.isEmpty() ? null : metric(DriftEvaluation.value(w.get(0), main), main));
          t.row(top.label(), cells.toArray());
        });
    h.table(t);
  }

  private static void table(
      HtmlPage h, String id, List<DriftEvaluation.Evaluated> rows, String none) {
    if (rows.isEmpty()) {
      h.p(none);
      return;
    }
    // The metric headers are the history's column names: one name per metric.
    List<String> headers =
        new ArrayList<>(
            List.of("status", "column", "group", "~message", "#n current", "#n reference"));
    for (DriftMetric m : TABLE_METRICS) {
      headers.add("#" + (m == DriftMetric.P_VALUE ? "p_value_adjusted" : m.column()));
    }
    HtmlPage.Table t = new HtmlPage.Table(id, headers.toArray(new String[0]));
    for (DriftEvaluation.Evaluated e : rows) {
      DriftComparison.Result m = e.input().result();
      List<Object> cells =
          new ArrayList<>(
              List.of(
                  e.status().label(),
                  e.input().column(),
                  e.input().groupKey(),
                  e.message() == null ? "" : e.message(),
                  HtmlPage.Html.count(m.nCurrent()),
                  HtmlPage.Html.count(m.nReference())));
      for (DriftMetric x : TABLE_METRICS) {
        cells.add(metric(DriftEvaluation.value(e, x), x));
      }
      t.row(e.status().label(), cells.toArray());
    }
    h.table(t);
  }

  private static HtmlPage.Html metric(Double v, DriftMetric m) {
    return m == DriftMetric.P_VALUE
        ? HtmlPage.Html.pValue(v)
        : HtmlPage.Html.text(v == null ? "" : HtmlFormat.num(v));
  }

  private static String distribution(DriftEvaluation.Evaluated e, DriftMetric main) {
    DriftComparison.Result m = e.input().result();
    Double v = DriftEvaluation.value(e, main);
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put("reference", m.referenceShare());
    series.put("current", m.currentShare());
    return SvgChart.bars(
        e.input().column()
            + " · "
            + e.input().groupKey()
            + " ("
            + e.status().label()
            + ", "
            + main.column()
            + " "
            + (v == null ? "–" : HtmlFormat.num(v))
            + ")",
        m.labels(),
        series,
        e.input().column(),
        "share",
        List.of());
  }

  private static String trend(
      String key, TreeMap<LocalDate, Double> points, DriftMetric main, DriftThresholds.Level l) {
    List<String> x = new ArrayList<>();
    Double[] y = new Double[points.size()];
    int i = 0;
    for (Map.Entry<LocalDate, Double> p : points.entrySet()) {
      x.add(p.getKey().toString());
      y[i++] = p.getValue();
    }
    List<SvgChart.RefLine> lines = new ArrayList<>();
    if (l != null && l.warn() != null) {
      lines.add(SvgChart.RefLine.warn(l.warn()));
    }
    if (l != null && l.fail() != null) {
      lines.add(SvgChart.RefLine.fail(l.fail()));
    }
    return SvgChart.lines(
        main.column() + " of " + key + " by report date",
        x,
        Map.of(key, y),
        "report date",
        main.column(),
        lines);
  }

  /** HTML-escapes text for element content and quoted attribute values. */
  public static String escape(String s) {
    return HtmlFormat.escape(s);
  }
}

package dev.klspark.quality;

import dev.klspark.html.HtmlFormat;
import dev.klspark.html.HtmlPage;
import dev.klspark.html.PageFooter;
import dev.klspark.html.SvgChart;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The self-contained HTML report of one run, on the shared page skeleton ({@link HtmlPage}):
 * nothing from the network, charts as inline SVG ({@link SvgChart}), every text from the data or
 * the job file HTML-escaped.
 *
 * <p>Overview first: the verdict banner names the failing and warning groups; then the failing,
 * warning and missing rows; a roll-up per monitored column; for the worst rows a bar chart of the
 * reference vs the current distribution beside the trend of the main metric over the history with
 * the row's warn and fail levels as dashed lines; the other rows by the main metric; counts by
 * status; the run's parameters folded in a {@code <details>} section.
 *
 * <p>Value columns ({@code compare: values}): their rows show {@code ks_statistic}, {@code
 * wasserstein_distance} and {@code kl_divergence_knn_nats} in the tables (columns present when the
 * run has a value column; the categorical metric columns when it has a categorical or bucketed
 * one). They have no shares, so no bar chart: a value row is charted (its trend alone) only when
 * the main metric is one of theirs; a chart of a categorical row likewise has a trend only when the
 * main metric is one of its own.
 *
 * <p>Prediction columns ({@code compare: predictions}): their bar chart is the reference vs the
 * current mean prediction per label, and their rows show the divergences of the mean predictions
 * (in the categorical metric columns), {@code expected_nll_nats}, {@code expected_nll_change_nats}
 * and {@code expected_nll_sd_nats} (columns present when the run has a prediction column).
 */
public final class DriftHtml {
  private static final int TABLE_ROWS = 50;

  /**
   * The metric columns of the row tables for categorical and bucketed columns, in order, after the
   * evidence ({@code p_value_adjusted}, {@code kl_divergence_nats} and its interval).
   */
  private static final List<DriftMetric> CATEGORY_METRICS =
      List.of(
          DriftMetric.PSI,
          DriftMetric.JS_DIVERGENCE,
          DriftMetric.REVERSE_KL_DIVERGENCE,
          DriftMetric.HELLINGER_DISTANCE,
          DriftMetric.TOTAL_VARIATION_DISTANCE);

  /** The history column of the upper end of the KL interval (not a metric: no threshold). */
  static final String KL_CI_HIGH = "kl_divergence_ci_high_nats";

  /** The metric columns of the row tables for value columns, in order. */
  private static final List<DriftMetric> VALUE_METRICS =
      List.of(
          DriftMetric.KS_STATISTIC,
          DriftMetric.WASSERSTEIN_DISTANCE,
          DriftMetric.KL_DIVERGENCE_KNN);

  /** The metric columns of the row tables for prediction columns, in order. */
  private static final List<DriftMetric> PREDICTION_METRICS =
      List.of(DriftMetric.EXPECTED_NLL, DriftMetric.EXPECTED_NLL_CHANGE);

  /** The history column of the expected log-loss's sd (not a metric: no threshold). */
  static final String EXPECTED_NLL_SD = "expected_nll_sd_nats";

  private DriftHtml() {}

  /**
   * What the page shows besides the rows.
   *
   * @param parameters the run's parameters (nested maps and lists shown as readable rows)
   * @param trend per series key ({@code column · group}), the main metric by date, current date
   *     included
   * @param levels per series key, the main metric's warn and fail levels applied to that row
   * @param footer the page's stamp and links
   */
  public record Page(
      LocalDate date,
      DriftEvaluation.RunVerdict verdict,
      Map<String, Object> parameters,
      DriftMetric mainMetric,
      int chartRows,
      Map<String, TreeMap<LocalDate, Double>> trend,
      Map<String, DriftThresholds.Level> levels,
      PageFooter footer) {}

  /** The key of a (column, group) series in the trend. */
  public static String seriesKey(String column, String groupKey) {
    return column + " · " + groupKey;
  }

  /**
   * The rows to chart: fail, warn, then ok rows (not insufficient_data), by the main metric, worst
   * first; a value column's rows only when the main metric is computed for them (they have no share
   * chart, only the main metric's trend).
   *
   * @return at most {@code n} rows
   */
  public static List<DriftEvaluation.Evaluated> worst(
      List<DriftEvaluation.Evaluated> rows, DriftMetric main, int n) {
    List<DriftEvaluation.Evaluated> chartable = new ArrayList<>();
    for (DriftEvaluation.Evaluated e : rows) {
      if (!isValue(e) || main.appliesTo(MonitoredColumn.Kind.VALUES)) {
        chartable.add(e);
      }
    }
    return ranked(chartable, main, n);
  }

  /** Whether the row is a value column's ({@code compare: values}). */
  private static boolean isValue(DriftEvaluation.Evaluated e) {
    return kind(e) == MonitoredColumn.Kind.VALUES;
  }

  private static MonitoredColumn.Kind kind(DriftEvaluation.Evaluated e) {
    return e.input().result().kind();
  }

  /** Fail, warn, then ok rows (not insufficient_data), by the main metric, worst first. */
  private static List<DriftEvaluation.Evaluated> ranked(
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
    HtmlPage h = new HtmlPage("data-quality report for " + page.date(), page.footer());
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

    boolean anyCategories = rows.stream().anyMatch(e -> kind(e) == MonitoredColumn.Kind.CATEGORIES);
    boolean anyPredictions =
        rows.stream().anyMatch(e -> kind(e) == MonitoredColumn.Kind.PREDICTIONS);
    List<DriftMetric> metrics = new ArrayList<>();
    if (anyCategories || anyPredictions) {
      metrics.addAll(CATEGORY_METRICS);
    }
    boolean anyValues = rows.stream().anyMatch(DriftHtml::isValue);
    if (anyValues) {
      metrics.addAll(VALUE_METRICS);
    }
    if (anyPredictions) {
      metrics.addAll(PREDICTION_METRICS);
    }
    Columns columns =
        new Columns(anyCategories || anyPredictions, anyCategories, anyPredictions, metrics);
    h.h2("flagged", "Failing, warning and missing groups");
    table(h, "flagged-rows", flagged, columns, "No failing, warning or missing rows.");

    List<DriftEvaluation.Evaluated> worst = worst(rows, main, page.chartRows());
    h.h2(
        "worst",
        "Worst groups: reference vs current distribution, and " + main.column() + " over time");
    boolean valuesUncharted = anyValues && !main.appliesTo(MonitoredColumn.Kind.VALUES);
    if (worst.isEmpty() && !valuesUncharted) {
      h.p("No row has both a reference and a current distribution.");
    }
    if (valuesUncharted) {
      h.p(
          "Value columns (compare: values) have no share chart and "
              + main.column()
              + " is not computed for them: their metrics are in the tables; with main-metric"
              + " ks_statistic, wasserstein_distance or kl_divergence_knn their trends are"
              + " charted here.");
    }
    List<String> charts = new ArrayList<>();
    for (DriftEvaluation.Evaluated e : worst) {
      if (!isValue(e)) {
        charts.add(distribution(e, main));
      }
      String key = seriesKey(e.input().column(), e.input().groupKey());
      TreeMap<LocalDate, Double> points = page.trend().get(key);
      if (points != null && !points.isEmpty() && main.appliesTo(kind(e))) {
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
    table(h, "ok-rows", ok.subList(0, Math.min(TABLE_ROWS, ok.size())), columns, "No ok rows.");
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
          List<DriftEvaluation.Evaluated> w = ranked(list, main, 1);
          cells.add(w.isEmpty() ? "" : w.get(0).input().groupKey());
          cells.add(w.isEmpty() ? null : metric(DriftEvaluation.value(w.get(0), main), main));
          t.row(top.label(), cells.toArray());
        });
    h.table(t);
  }

  /**
   * The columns of the row tables.
   *
   * @param kl whether the KL is shown (a run with a categorical or a prediction column)
   * @param interval whether the KL's interval is shown (a run with a categorical column)
   * @param predictions whether the expected log-loss's sd is shown (a run with a prediction column)
   * @param metrics the other metric columns, in order
   */
  private record Columns(
      boolean kl, boolean interval, boolean predictions, List<DriftMetric> metrics) {}

  /**
   * A table of rows: what decides a row first (status, column, group, then the evidence: {@code
   * p_value_adjusted}, and with a categorical column {@code kl_divergence_nats} with its interval),
   * then the sample sizes, the other metrics and the message last, so that the evidence is on the
   * first screen even on a narrow one.
   */
  private static void table(
      HtmlPage h, String id, List<DriftEvaluation.Evaluated> rows, Columns columns, String none) {
    if (rows.isEmpty()) {
      h.p(none);
      return;
    }
    // The metric headers are the history's column names: one name per metric.
    List<DriftMetric> evidence = new ArrayList<>(List.of(DriftMetric.P_VALUE));
    if (columns.kl()) {
      evidence.add(DriftMetric.KL_DIVERGENCE);
    }
    if (columns.interval()) {
      evidence.add(DriftMetric.KL_DIVERGENCE_CI_LOW);
    }
    List<String> headers = new ArrayList<>(List.of("status", "column", "group"));
    for (DriftMetric m : evidence) {
      headers.add("#" + m.column());
    }
    if (columns.interval()) {
      headers.add("#" + KL_CI_HIGH);
    }
    headers.addAll(List.of("#n current", "#n reference"));
    for (DriftMetric m : columns.metrics()) {
      headers.add("#" + m.column());
    }
    if (columns.predictions()) {
      headers.add("#" + EXPECTED_NLL_SD);
    }
    headers.add("~message");
    HtmlPage.Table t = new HtmlPage.Table(id, headers.toArray(new String[0]));
    for (DriftEvaluation.Evaluated e : rows) {
      DriftComparison.Result m = e.input().result();
      List<Object> cells =
          new ArrayList<>(List.of(e.status().label(), e.input().column(), e.input().groupKey()));
      for (DriftMetric x : evidence) {
        cells.add(metric(DriftEvaluation.value(e, x), x));
      }
      if (columns.interval()) {
        Double high = m.status() == null ? m.klDivergenceCiHigh() : null;
        cells.add(HtmlPage.Html.text(high == null ? "" : HtmlFormat.num(high)));
      }
      cells.add(HtmlPage.Html.count(m.nCurrent()));
      cells.add(HtmlPage.Html.count(m.nReference()));
      for (DriftMetric x : columns.metrics()) {
        cells.add(metric(DriftEvaluation.value(e, x), x));
      }
      if (columns.predictions()) {
        Double sd = m.status() == null ? m.expectedNllSd() : null;
        cells.add(HtmlPage.Html.text(sd == null ? "" : HtmlFormat.num(sd)));
      }
      cells.add(e.message() == null ? "" : e.message());
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
        kind(e) == MonitoredColumn.Kind.PREDICTIONS ? "mean prediction" : "share",
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

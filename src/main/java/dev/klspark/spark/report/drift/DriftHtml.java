package dev.klspark.spark.report.drift;

import dev.klspark.KlsparkException;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * The self-contained HTML report of one run: no script, no stylesheet or font from the network;
 * charts are XChart PNGs embedded as {@code data:image/png;base64} URIs, and every text from the
 * data or the job file is HTML-escaped ({@link #escape}).
 *
 * <p>Sections: the verdict and the run's parameters; counts by status; the failing, warning and
 * missing rows first (then the other rows, by the main metric); for the worst rows a bar chart of
 * the reference vs the current distribution; the trend of the main metric over the history for
 * those rows.
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
   * @param parameters label/value pairs shown in the parameter table
   * @param trend per series key ({@code column · group}), the main metric by date, current date
   *     included
   */
  public record Page(
      LocalDate date,
      DriftEvaluation.RunVerdict verdict,
      Map<String, String> parameters,
      DriftMetric mainMetric,
      int chartRows,
      Map<String, TreeMap<LocalDate, Double>> trend) {}

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
    System.setProperty("java.awt.headless", "true");
    DriftMetric main = page.mainMetric();
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<title>data-quality ")
        .append(escape(page.date().toString()))
        .append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:1.5em;color:#222}")
        .append("table{border-collapse:collapse;margin:.5em 0 1.5em}")
        .append("td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px;text-align:left}")
        .append("td.num{text-align:right;font-family:monospace}")
        .append(".fail{background:#f8d0d0}.warn{background:#fbeec0}")
        .append(".missing_current,.missing_reference{background:#e4dcf4}")
        .append(".insufficient_data{background:#eee}.ok{background:#fff}")
        .append(".verdict{font-size:20px;padding:6px 10px;display:inline-block}")
        .append(".charts img{margin:4px;border:1px solid #ddd}")
        .append("\n</style></head><body>\n");
    h.append("<h1>data-quality report for ")
        .append(escape(page.date().toString()))
        .append("</h1>\n");
    String v = page.verdict().verdict().label();
    h.append("<p class=\"verdict ")
        .append(cssClass(v))
        .append("\">verdict: <b>")
        .append(escape(v))
        .append("</b> &mdash; ")
        .append(escape(page.verdict().reason()))
        .append("</p>\n");

    h.append("<h2>Run</h2>\n<table>\n");
    page.parameters()
        .forEach(
            (k, val) ->
                h.append("<tr><th>")
                    .append(escape(k))
                    .append("</th><td>")
                    .append(escape(val))
                    .append("</td></tr>\n"));
    h.append("</table>\n<h2>Rows by status</h2>\n<table><tr>");
    page.verdict()
        .byStatus()
        .forEach(
            (k, n) ->
                h.append("<th class=\"")
                    .append(cssClass(k))
                    .append("\">")
                    .append(escape(k))
                    .append("</th>"));
    h.append("</tr><tr>");
    page.verdict()
        .byStatus()
        .forEach((k, n) -> h.append("<td class=\"num\">").append(n).append("</td>"));
    h.append("</tr></table>\n");

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
    h.append("<h2>Failing and warning groups</h2>\n");
    table(h, flagged, "No failing, warning or missing rows.");
    h.append("<h2>Other groups, worst first</h2>\n");
    if (ok.size() > TABLE_ROWS) {
      h.append("<p>The first ")
          .append(TABLE_ROWS)
          .append(" of ")
          .append(ok.size())
          .append(" ok rows by ")
          .append(escape(main.column()))
          .append("; all rows are in the history table.</p>\n");
    }
    table(h, ok.subList(0, Math.min(TABLE_ROWS, ok.size())), "No ok rows.");
    h.append("<p>")
        .append(insufficient)
        .append(
            " row(s) with insufficient_data (fewer values than"
                + " min-sample-size on a side) are in the history table only.</p>\n");

    List<DriftEvaluation.Evaluated> worst = worst(rows, main, page.chartRows());
    h.append("<h2>Worst groups: reference vs current distribution</h2>\n<div class=\"charts\">\n");
    if (worst.isEmpty()) {
      h.append("<p>No row has both a reference and a current distribution.</p>\n");
    }
    for (DriftEvaluation.Evaluated e : worst) {
      h.append(
          img(
              distribution(e, main),
              "reference vs current distribution of "
                  + e.input().column()
                  + " for "
                  + e.input().groupKey()));
    }
    h.append("</div>\n<h2>Trend of ")
        .append(escape(main.column()))
        .append(" over the history (worst groups of this run)</h2>\n<div class=\"charts\">\n");
    Map<String, TreeMap<LocalDate, Double>> series = new java.util.LinkedHashMap<>();
    for (DriftEvaluation.Evaluated e : worst) {
      String key = seriesKey(e.input().column(), e.input().groupKey());
      TreeMap<LocalDate, Double> points = page.trend().get(key);
      if (points != null && !points.isEmpty()) {
        series.put(key, points);
      }
    }
    if (series.isEmpty()) {
      h.append("<p>No history yet.</p>\n");
    } else {
      h.append(img(trend(series, main), "trend of " + main.column()));
    }
    h.append(
        "</div>\n<p>klspark data-quality; metrics in nats; charts by XChart.</p>\n</body></html>\n");
    return h.toString();
  }

  private static void table(StringBuilder h, List<DriftEvaluation.Evaluated> rows, String none) {
    if (rows.isEmpty()) {
      h.append("<p>").append(escape(none)).append("</p>\n");
      return;
    }
    // The metric headers are the history's column names: one name per metric.
    h.append("<table>\n<tr><th>status</th><th>column</th><th>group</th><th>n current</th>");
    h.append("<th>n reference</th>");
    for (DriftMetric m : TABLE_METRICS) {
      h.append("<th>").append(escape(m.column())).append("</th>");
    }
    h.append("<th>message</th></tr>\n");
    for (DriftEvaluation.Evaluated e : rows) {
      DriftComparison.Result m = e.input().result();
      h.append("<tr class=\"")
          .append(cssClass(e.status().label()))
          .append("\"><td>")
          .append(escape(e.status().label()))
          .append("</td><td>")
          .append(escape(e.input().column()))
          .append("</td><td>")
          .append(escape(e.input().groupKey()))
          .append("</td>")
          .append(numCell(m.nCurrent()))
          .append(numCell(m.nReference()));
      for (DriftMetric x : TABLE_METRICS) {
        h.append(numCell(DriftEvaluation.value(e, x)));
      }
      h.append("<td>")
          .append(escape(e.message() == null ? "" : e.message()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static CategoryChart distribution(DriftEvaluation.Evaluated e, DriftMetric main) {
    DriftComparison.Result m = e.input().result();
    Double v = DriftEvaluation.value(e, main);
    CategoryChart c =
        new CategoryChartBuilder()
            .width(560)
            .height(320)
            .title(
                e.input().column()
                    + " · "
                    + e.input().groupKey()
                    + " ("
                    + e.status().label()
                    + ", "
                    + main.column()
                    + " "
                    + (v == null ? "-" : DriftFormat.num(v))
                    + ")")
            .xAxisTitle(e.input().column())
            .yAxisTitle("share")
            .build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    c.getStyler().setXAxisLabelRotation(m.labels().size() > 6 ? 45 : 0);
    c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    List<String> labels = m.labels();
    c.addSeries("reference", labels, toList(m.referenceShare()));
    c.addSeries("current", labels, toList(m.currentShare()));
    return c;
  }

  private static XYChart trend(Map<String, TreeMap<LocalDate, Double>> series, DriftMetric main) {
    XYChart c =
        new XYChartBuilder()
            .width(900)
            .height(380)
            .title(main.column() + " by report date")
            .xAxisTitle("report date")
            .yAxisTitle(main.column())
            .build();
    c.getStyler().setDatePattern("yyyy-MM-dd");
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    for (Map.Entry<String, TreeMap<LocalDate, Double>> s : series.entrySet()) {
      List<Date> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      s.getValue()
          .forEach(
              (d, val) -> {
                if (val != null && Double.isFinite(val)) {
                  x.add(Date.from(d.atStartOfDay().toInstant(ZoneOffset.UTC)));
                  y.add(val);
                }
              });
      if (!x.isEmpty()) {
        c.addSeries(s.getKey(), x, y);
      }
    }
    return c;
  }

  private static List<Double> toList(double[] a) {
    List<Double> l = new ArrayList<>(a.length);
    for (double x : a) {
      l.add(x);
    }
    return l;
  }

  private static String img(Chart<?, ?> chart, String alt) {
    try {
      byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
      return "<img alt=\""
          + escape(alt)
          + "\" src=\"data:image/png;base64,"
          + Base64.getEncoder().encodeToString(png)
          + "\">\n";
    } catch (IOException | RuntimeException e) {
      throw new KlsparkException("cannot render the chart '" + alt + "': " + e, e);
    }
  }

  private static String numCell(Double d) {
    return "<td class=\"num\">" + (d == null ? "" : escape(DriftFormat.num(d))) + "</td>";
  }

  private static String cssClass(String status) {
    return status.replaceAll("[^a-z_]", "");
  }

  /** HTML-escapes text for element content and quoted attribute values. */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}

package dev.klspark.html;

import static dev.klspark.html.HtmlFormat.escape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The charts of klspark's HTML reports as inline SVG: no script, no font or image from anywhere,
 * crisp at every size (the {@code viewBox} scales with the page). Spark-free. Axis ticks are round
 * numbers written by {@link HtmlFormat#tick}; every chart has a title, axis titles and, where it
 * compares with levels, dashed reference lines ({@link RefLine}: warn and fail thresholds, an
 * entropy floor).
 */
public final class SvgChart {
  private static final String[] PALETTE = {
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1", "#edc948", "#9c755f"
  };
  private static final int W = 640;
  private static final int LEFT = 62;
  private static final int RIGHT = 14;
  private static final int TOP = 44;

  /**
   * A labelled line at a value of the value axis.
   *
   * @param colour a CSS colour
   */
  public record RefLine(String label, double value, String colour) {
    /** A warn threshold (amber). */
    public static RefLine warn(double v) {
      return new RefLine("warn " + HtmlFormat.num(v), v, "#c98a00");
    }

    /** A fail threshold (red). */
    public static RefLine fail(double v) {
      return new RefLine("fail " + HtmlFormat.num(v), v, "#c62828");
    }
  }

  private SvgChart() {}

  /** The i-th series colour. */
  public static String colour(int i) {
    return PALETTE[i % PALETTE.length];
  }

  /**
   * Grouped vertical bars: one group per category, one bar per series.
   *
   * @param series series name to one value per category (null or NaN: no bar)
   */
  public static String bars(
      String title,
      List<String> categories,
      Map<String, double[]> series,
      String xTitle,
      String yTitle,
      List<RefLine> lines) {
    int n = Math.max(1, categories.size());
    double max = 0;
    double min = 0;
    for (double[] v : series.values()) {
      for (double x : v) {
        if (Double.isFinite(x)) {
          max = Math.max(max, x);
          min = Math.min(min, x);
        }
      }
    }
    for (RefLine r : lines) {
      max = Math.max(max, r.value());
    }
    int longest = categories.stream().mapToInt(String::length).max().orElse(1);
    double slot = (W - LEFT - RIGHT) / (double) n;
    boolean rotate = longest * 6.5 > slot;
    int bottom = rotate ? Math.min(110, 30 + (int) (Math.min(longest, 18) * 4.8)) : 44;
    int h = 230 + bottom;
    Frame f = new Frame(title, h, bottom, min, max == min ? 1 : max, yTitle, xTitle);
    StringBuilder s = f.open(new ArrayList<>(series.keySet()));
    int k = Math.max(1, series.size());
    double barW = slot * 0.8 / k;
    int si = 0;
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      double[] v = e.getValue();
      for (int i = 0; i < v.length && i < n; i++) {
        if (!Double.isFinite(v[i])) {
          continue;
        }
        double x = LEFT + slot * i + slot * 0.1 + barW * si;
        double y0 = f.y(Math.max(0, v[i]));
        double y1 = f.y(Math.min(0, v[i]));
        s.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                    + "<title>%s · %s: %s</title></rect>",
                x,
                y0,
                Math.max(0.5, barW - 1),
                Math.max(0.5, y1 - y0),
                colour(si),
                escape(e.getKey()),
                escape(categories.get(i)),
                escape(HtmlFormat.num(v[i]))));
      }
      si++;
    }
    for (int i = 0; i < n && i < categories.size(); i++) {
      double cx = LEFT + slot * (i + 0.5);
      String label = shorten(categories.get(i), 18);
      if (rotate) {
        s.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"end\""
                    + " transform=\"rotate(-45 %.1f %d)\">%s</text>",
                cx,
                f.plotBottom() + 12,
                cx,
                f.plotBottom() + 12,
                escape(label)));
      } else {
        s.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
                cx,
                f.plotBottom() + 14,
                escape(label)));
      }
    }
    f.refLines(s, lines);
    return f.close(s);
  }

  /**
   * Lines over labelled x positions (e.g. report dates): markers at every point, so that a series
   * of one point shows, and every x label written.
   *
   * @param series series name to one value per x label (null: no point)
   */
  public static String lines(
      String title,
      List<String> xLabels,
      Map<String, Double[]> series,
      String xTitle,
      String yTitle,
      List<RefLine> lines) {
    int n = Math.max(1, xLabels.size());
    double max = 0;
    double min = 0;
    for (Double[] v : series.values()) {
      for (Double x : v) {
        if (x != null && Double.isFinite(x)) {
          max = Math.max(max, x);
          min = Math.min(min, x);
        }
      }
    }
    for (RefLine r : lines) {
      max = Math.max(max, r.value());
    }
    boolean rotate = n > 8;
    int bottom = rotate ? 84 : 44;
    Frame f = new Frame(title, 230 + bottom, bottom, min, max == min ? 1 : max, yTitle, xTitle);
    StringBuilder s = f.open(new ArrayList<>(series.keySet()));
    double slot = (W - LEFT - RIGHT) / (double) n;
    for (int i = 0; i < xLabels.size(); i++) {
      double cx = LEFT + slot * (i + 0.5);
      s.append(
          rotate
              ? String.format(
                  Locale.ROOT,
                  "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"end\""
                      + " transform=\"rotate(-45 %.1f %d)\">%s</text>",
                  cx,
                  f.plotBottom() + 12,
                  cx,
                  f.plotBottom() + 12,
                  escape(xLabels.get(i)))
              : String.format(
                  Locale.ROOT,
                  "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
                  cx,
                  f.plotBottom() + 14,
                  escape(xLabels.get(i))));
    }
    f.refLines(s, lines);
    int si = 0;
    for (Map.Entry<String, Double[]> e : series.entrySet()) {
      StringBuilder path = new StringBuilder();
      Double[] v = e.getValue();
      for (int i = 0; i < v.length && i < n; i++) {
        if (v[i] == null || !Double.isFinite(v[i])) {
          continue;
        }
        double cx = LEFT + slot * (i + 0.5);
        double cy = f.y(v[i]);
        path.append(path.length() == 0 ? "M" : "L")
            .append(String.format(Locale.ROOT, "%.1f %.1f ", cx, cy));
        s.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s %s: %s</title>"
                    + "</circle>",
                cx,
                cy,
                colour(si),
                escape(e.getKey()),
                escape(xLabels.get(i)),
                escape(HtmlFormat.num(v[i]))));
      }
      if (path.length() > 0) {
        s.append("<path d=\"")
            .append(path.toString().trim())
            .append("\" fill=\"none\" stroke-width=\"1.8\" stroke=\"")
            .append(colour(si))
            .append("\"/>");
      }
      si++;
    }
    return f.close(s);
  }

  /**
   * Distribution functions on one chart: for each series, the values at probabilities 0, 1/(k − 1),
   * ..., 1 (its quantiles), drawn as F(x). The x axis spans the series' 1st to 99th percentiles
   * (all of them below 101 quantiles), so that a long tail does not squeeze the body of the
   * distributions into a corner; the curves stop at its ends.
   *
   * @param series series name to its k quantiles, increasing (null: not drawn)
   */
  public static String cdfs(String title, Map<String, double[]> series, String xTitle) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[] q : series.values()) {
      if (q != null && q.length > 0) {
        int tail = q.length >= 101 ? (q.length - 1) / 100 : 0;
        min = Math.min(min, q[tail]);
        max = Math.max(max, q[q.length - 1 - tail]);
      }
    }
    if (!(max > min)) {
      min = Double.isFinite(min) ? min - 0.5 : 0;
      max = min + 1;
    }
    // 0.96: the frame adds 4% headroom above its maximum; the axis then ends at 1.
    Frame f = new Frame(title, 300, 44, 0, 0.96, "F(x)", xTitle);
    StringBuilder s = f.open(new ArrayList<>(series.keySet()));
    double step = niceStep((max - min) / 5);
    double lo = min;
    double span = max - min;
    verticalGrid(s, min, max, step, f.plotBottom(), t -> f.x(t - lo, span));
    int si = 0;
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      double[] q = e.getValue();
      if (q != null && q.length > 1) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < q.length; i++) {
          double p = i / (double) (q.length - 1);
          if (q[i] < min || q[i] > max) {
            continue;
          }
          path.append(path.length() == 0 ? "M" : "L")
              .append(String.format(Locale.ROOT, "%.1f %.1f ", f.x(q[i] - lo, span), f.y(p)));
        }
        s.append("<path d=\"")
            .append(path.toString().trim())
            .append("\" fill=\"none\" stroke-width=\"2\" stroke=\"")
            .append(colour(si))
            .append("\"><title>")
            .append(escape(e.getKey()))
            .append(": median ")
            .append(escape(HtmlFormat.num(q[q.length / 2])))
            .append("</title></path>");
      }
      si++;
    }
    return f.close(s);
  }

  /**
   * Points joined by lines on two numeric axes over [0, max]: a calibration chart (mean predicted
   * probability against observed frequency) with the diagonal y = x.
   *
   * @param series series name to its points {x, y}
   */
  public static String xy(
      String title, Map<String, List<double[]>> series, String xTitle, String yTitle, double max) {
    Frame f = new Frame(title, 330, 44, 0, max, yTitle, xTitle);
    StringBuilder s = f.open(new ArrayList<>(series.keySet()));
    double step = niceStep(max / 5);
    verticalGrid(s, max, step, f.plotBottom(), (t, m) -> f.x(t, m));
    s.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\""
                + " stroke-dasharray=\"4 3\"><title>perfect calibration</title></line>",
            f.x(0, max),
            f.y(0),
            f.x(max, max),
            f.y(max)));
    int si = 0;
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      StringBuilder path = new StringBuilder();
      for (double[] p : e.getValue()) {
        double cx = f.x(p[0], max);
        double cy = f.y(p[1]);
        path.append(path.length() == 0 ? "M" : "L")
            .append(String.format(Locale.ROOT, "%.1f %.1f ", cx, cy));
        s.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s: predicted %s,"
                    + " observed %s</title></circle>",
                cx,
                cy,
                colour(si),
                escape(e.getKey()),
                escape(HtmlFormat.num(p[0])),
                escape(HtmlFormat.num(p[1]))));
      }
      if (path.length() > 0) {
        s.append("<path d=\"")
            .append(path.toString().trim())
            .append("\" fill=\"none\" stroke-width=\"1.6\" stroke=\"")
            .append(colour(si))
            .append("\"/>");
      }
      si++;
    }
    return f.close(s);
  }

  /** Where the value axis of a horizontal bar chart ({@link #hbars}) starts. */
  public enum Axis {
    /** At 0: a bar's length is its value (amounts, stacked segments that add up). */
    FROM_ZERO,
    /**
     * Around the data: from a round value about a quarter of the data's range below the smallest
     * total or reference line (0 when that would cross 0 for data that are all ≥ 0) to a little
     * above the largest, so that close values (the mean NLL of similar models) differ visibly. When
     * it does not start at 0, the axis title says so ({@code axis from 3.2, not 0}) and a break
     * mark sits at the origin.
     */
    FROM_DATA
  }

  /**
   * Horizontal bars, one row per label, each made of stacked segments (e.g. entropy + KL =
   * cross-entropy), with the row's total written at its end and optional vertical lines (an entropy
   * floor).
   *
   * @param segments segment name to one value per row (≥ 0)
   * @param axis where the value axis starts
   */
  public static String hbars(
      String title,
      List<String> rows,
      Map<String, double[]> segments,
      String xTitle,
      List<RefLine> lines,
      Axis axis) {
    int n = Math.max(1, rows.size());
    double[] totals = new double[n];
    for (double[] v : segments.values()) {
      for (int i = 0; i < v.length && i < n; i++) {
        totals[i] += Double.isFinite(v[i]) ? v[i] : 0;
      }
    }
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < rows.size(); i++) {
      max = Math.max(max, totals[i]);
      min = Math.min(min, totals[i]);
    }
    for (RefLine r : lines) {
      max = Math.max(max, r.value());
      min = Math.min(min, r.value());
    }
    if (!Double.isFinite(max)) {
      max = 0;
      min = 0;
    }
    double lo = 0;
    if (axis == Axis.FROM_DATA && min > 0) {
      double span = max > min ? max - min : max * 0.1;
      double step = niceStep((max - min + span) / 5);
      lo = Math.max(0, Math.floor((min - span / 4) / step) * step);
    }
    max = Math.max(max, 0);
    double hi = max == lo ? lo + 1 : max + (max - lo) * 0.18;
    double range = hi - lo;
    int left = 12 + 7 * Math.min(24, rows.stream().mapToInt(String::length).max().orElse(4));
    int rowH = 30;
    int h = TOP + rowH * n + 46;
    StringBuilder s = header(title, h, new ArrayList<>(segments.keySet()));
    double plotW = W - left - RIGHT;
    double from = lo;
    java.util.function.DoubleUnaryOperator x = v -> left + plotW * (v - from) / range;
    double step = niceStep(range / 5);
    int bottom = TOP + rowH * n;
    verticalGrid(s, lo, hi, step, bottom, x);
    String axisTitle = xTitle;
    if (lo > 0) {
      axisTitle += " (axis from " + HtmlFormat.tick(lo, step) + ", not 0)";
      s.append(
          String.format(
              Locale.ROOT,
              "<path class=\"axis-break\" d=\"M%d %d l6 -10 M%d %d l6 -10\" stroke=\"#5c6670\""
                  + " stroke-width=\"1.5\"/>",
              left - 6,
              bottom + 5,
              left - 1,
              bottom + 5));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
            left + plotW / 2,
            bottom + 32,
            escape(axisTitle)));
    for (int i = 0; i < rows.size(); i++) {
      double y = TOP + rowH * i + 5;
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\">%s</text>",
              left - 6,
              y + 14,
              escape(shorten(rows.get(i), 24))));
      double at = 0;
      int si = 0;
      for (Map.Entry<String, double[]> e : segments.entrySet()) {
        double v = i < e.getValue().length ? e.getValue()[i] : Double.NaN;
        if (Double.isFinite(v) && v > 0) {
          double x0 = x.applyAsDouble(Math.max(at, lo));
          s.append(
              String.format(
                  Locale.ROOT,
                  "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"20\" fill=\"%s\">"
                      + "<title>%s: %s</title></rect>",
                  x0,
                  y,
                  Math.max(1.0, x.applyAsDouble(at + v) - x0),
                  colour(si),
                  escape(e.getKey()),
                  escape(HtmlFormat.num(v, 6))));
          at += v;
        }
        si++;
      }
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%s</text>",
              Math.max(left, x.applyAsDouble(at)) + 4,
              y + 14,
              escape(HtmlFormat.num(totals[i], 6))));
    }
    for (RefLine r : lines) {
      double rx = x.applyAsDouble(r.value());
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.5\""
                  + " stroke-dasharray=\"5 3\"/><text x=\"%.1f\" y=\"%d\" font-size=\"10\""
                  + " fill=\"%s\" text-anchor=\"middle\">%s</text>",
              rx,
              TOP - 2,
              rx,
              bottom,
              r.colour(),
              rx,
              TOP - 4,
              r.colour(),
              escape(r.label())));
    }
    return end(s);
  }

  /**
   * Horizontal intervals, one row per label: the point estimate as a dot and its interval as a line
   * (a row without interval shows the dot alone).
   */
  public static String intervals(
      String title, List<String> rows, double[] point, Double[] low, Double[] high, String xTitle) {
    int n = Math.max(1, rows.size());
    double max = 0;
    for (int i = 0; i < rows.size(); i++) {
      max = Math.max(max, Double.isFinite(point[i]) ? point[i] : 0);
      if (high[i] != null && Double.isFinite(high[i])) {
        max = Math.max(max, high[i]);
      }
    }
    max = max == 0 ? 1 : max * 1.05;
    int left = 12 + 7 * Math.min(24, rows.stream().mapToInt(String::length).max().orElse(4));
    int rowH = 20;
    int bottom = TOP + rowH * n;
    StringBuilder s = header(title, bottom + 40, List.of());
    double plotW = W - left - RIGHT;
    double step = niceStep(max / 5);
    verticalGrid(s, max, step, bottom, (t, m) -> left + plotW * t / m);
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
            left + plotW / 2,
            bottom + 32,
            escape(xTitle)));
    for (int i = 0; i < rows.size(); i++) {
      double y = TOP + rowH * i + rowH / 2.0;
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>",
              left - 6,
              y + 4,
              escape(shorten(rows.get(i), 24))));
      String tip = rows.get(i) + ": " + HtmlFormat.num(point[i]);
      if (low[i] != null && high[i] != null) {
        tip += " [" + HtmlFormat.num(low[i]) + ", " + HtmlFormat.num(high[i]) + "]";
        s.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                    + " stroke-width=\"2.5\"/>",
                left + plotW * Math.max(0, low[i]) / max,
                y,
                left + plotW * Math.min(max, high[i]) / max,
                y,
                colour(0)));
      }
      if (Double.isFinite(point[i])) {
        s.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"><title>%s</title></circle>",
                left + plotW * Math.min(max, point[i]) / max,
                y,
                colour(1),
                escape(tip)));
      }
    }
    return end(s);
  }

  /** Characters of a title line: 13 px semibold, about 7.5 px a character, in 640 − 16 px. */
  static final int TITLE_CHARS = 80;

  /** Lines of a title at most; the rest is cut with an ellipsis. */
  static final int TITLE_LINES = 3;

  /** The height of one more line of title or legend. */
  private static final int LINE = 16;

  /**
   * The SVG root, the title and the legend, then a group that holds the chart: a {@code h} high
   * chart drawn as if title and legend took one line each. A long title wraps at spaces into up to
   * {@link #TITLE_LINES} lines of {@link #TITLE_CHARS} characters and a legend wider than the chart
   * into several rows; the group is moved down by the extra lines and the {@code viewBox} grows by
   * as much, so nothing is clipped. {@link #end} closes both.
   */
  private static StringBuilder header(String title, int h, List<String> legend) {
    List<String> lines = wrap(title, TITLE_CHARS, TITLE_LINES);
    List<Integer> rows = new ArrayList<>();
    double x = 8;
    int row = 0;
    for (String l : legend) {
      double w = 24 + shorten(l, 28).length() * 6.2;
      if (x > 8 && x + w - 10 > W - RIGHT) {
        row++;
        x = 8;
      }
      rows.add(row);
      x += w;
    }
    int titleExtra = LINE * (lines.size() - 1);
    int extra = titleExtra + LINE * row;
    StringBuilder s = new StringBuilder(8192);
    s.append(
            String.format(
                Locale.ROOT,
                "<svg viewBox=\"0 0 %d %d\" role=\"img\""
                    + " font-family=\"system-ui,'DejaVu Sans',sans-serif\" fill=\"#1d2329\">",
                W,
                h + extra))
        .append("<title>")
        .append(escape(title))
        .append("</title>");
    for (int i = 0; i < lines.size(); i++) {
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"8\" y=\"%d\" font-size=\"13\" font-weight=\"600\">%s</text>",
              16 + LINE * i,
              escape(lines.get(i))));
    }
    x = 8;
    for (int i = 0; i < legend.size(); i++) {
      String l = shorten(legend.get(i), 28);
      if (i > 0 && !rows.get(i).equals(rows.get(i - 1))) {
        x = 8;
      }
      int y = 23 + titleExtra + LINE * rows.get(i);
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                  + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>",
              x,
              y,
              colour(i),
              x + 14,
              y + 9,
              escape(l)));
      x += 24 + l.length() * 6.2;
    }
    return s.append("<g transform=\"translate(0 ").append(extra).append(")\">");
  }

  /** Closes the chart group and the SVG root opened by {@link #header}. */
  private static String end(StringBuilder s) {
    return s.append("</g></svg>").toString();
  }

  /**
   * {@code text} in lines of at most {@code width} characters, broken at spaces (a longer word is
   * cut), at most {@code max} lines, the last one ending in an ellipsis when text remains.
   */
  static List<String> wrap(String text, int width, int max) {
    List<String> lines = new ArrayList<>();
    String rest = text.strip();
    while (!rest.isEmpty()) {
      if (lines.size() == max - 1 || rest.length() <= width) {
        lines.add(shorten(rest, width));
        break;
      }
      int cut = rest.lastIndexOf(' ', width);
      if (cut <= 0) {
        cut = width;
      }
      lines.add(rest.substring(0, cut).strip());
      rest = rest.substring(cut).strip();
    }
    if (lines.isEmpty()) {
      lines.add("");
    }
    return lines;
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  /** A step of 1, 2 or 5 times a power of ten near {@code raw}. */
  static double niceStep(double raw) {
    if (!(raw > 0) || !Double.isFinite(raw)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    double m = raw / p;
    return (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * p;
  }

  /** The frame of a chart with a vertical value axis. */
  private static final class Frame {
    private final String title;
    private final int h;
    private final int bottomMargin;
    private final double lo;
    private final double hi;
    private final double step;
    private final String yTitle;
    private final String xTitle;

    Frame(String title, int h, int bottomMargin, double min, double max, String yTitle, String xt) {
      this.title = title;
      this.h = h;
      this.bottomMargin = bottomMargin;
      this.step = niceStep((max - min) / 5);
      this.lo = Math.floor(min / step) * step;
      this.hi = Math.ceil(max * 1.04 / step) * step;
      this.yTitle = yTitle;
      this.xTitle = xt;
    }

    int plotBottom() {
      return h - bottomMargin;
    }

    double y(double v) {
      return plotBottom() - (plotBottom() - TOP) * (v - lo) / (hi - lo);
    }

    double x(double v, double max) {
      return LEFT + (W - LEFT - RIGHT) * v / max;
    }

    StringBuilder open(List<String> legend) {
      StringBuilder s = header(title, h, legend);
      for (double t = lo; t <= hi + step * 1e-9; t += step) {
        double y = y(t);
        s.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>",
                LEFT,
                y,
                W - RIGHT,
                y,
                Math.abs(t) < step * 1e-9 ? "#9aa3ab" : "#eef0f2",
                LEFT - 5,
                y + 4,
                HtmlFormat.tick(t, step)));
      }
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"14\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\""
                  + " transform=\"rotate(-90 14 %.1f)\">%s</text>",
              (TOP + plotBottom()) / 2.0,
              (TOP + plotBottom()) / 2.0,
              escape(shorten(yTitle, 40))));
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
              (LEFT + W - RIGHT) / 2,
              h - 6,
              escape(xTitle)));
      return s;
    }

    void refLines(StringBuilder s, List<RefLine> lines) {
      for (RefLine r : lines) {
        double y = y(r.value());
        s.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\""
                    + " stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" fill=\"%s\""
                    + " text-anchor=\"end\">%s</text>",
                LEFT,
                y,
                W - RIGHT,
                y,
                r.colour(),
                W - RIGHT - 2,
                y - 3,
                r.colour(),
                escape(r.label())));
      }
    }

    String close(StringBuilder s) {
      return end(s);
    }
  }

  /** Colours by series name, for callers that need a legend of their own. */
  public static Map<String, String> colours(List<String> names) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      m.put(names.get(i), colour(i));
    }
    return m;
  }

  /**
   * The vertical grid lines of an x axis over [0, max] every {@code step}, each with its tick label
   * under {@code bottom}; {@code x} maps (value, max) to its x coordinate.
   */
  private static void verticalGrid(
      StringBuilder s,
      double max,
      double step,
      int bottom,
      java.util.function.DoubleBinaryOperator x) {
    verticalGrid(s, 0, max, step, bottom, t -> x.applyAsDouble(t, max));
  }

  /**
   * The vertical grid lines of an x axis over [min, max] at the multiples of {@code step}, each
   * with its tick label under {@code bottom}; {@code x} maps a value to its x coordinate.
   */
  private static void verticalGrid(
      StringBuilder s,
      double min,
      double max,
      double step,
      int bottom,
      java.util.function.DoubleUnaryOperator x) {
    // 1e-9: a minimum that is a multiple of the step up to rounding (1.11 / 0.01 =
    // 111.00000000000001) gets its tick.
    for (double t = Math.ceil(min / step - 1e-9) * step; t <= max + step * 1e-9; t += step) {
      double px = x.applyAsDouble(t);
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eef0f2\"/>"
                  + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
              px,
              TOP,
              px,
              bottom,
              px,
              bottom + 14,
              HtmlFormat.tick(t, step)));
    }
  }
}

package dev.klspark.spark.engine;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How report numbers are printed on the console: one home for every job's and report's tables
 * (locale-independent, so a table reads the same on every machine).
 */
public final class ReportFormats {
  private ReportFormats() {}

  /**
   * A p-value with 3 significant digits; below 1e-16 as {@code "<1e-16"} (beyond double's
   * resolution near 1); {@code null} for null.
   */
  public static String pValue(Double d) {
    if (d == null) {
      return "null";
    }
    return d < 1e-16 ? "<1e-16" : String.format(Locale.ROOT, "%.3g", d);
  }

  /** Six decimals; {@code inf}/{@code -inf} for infinities, {@code null} for null. */
  public static String num(Double d) {
    if (d == null) {
      return "null";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    return String.format(Locale.ROOT, "%.6f", d);
  }

  /**
   * Prints report rows as an aligned table: the first {@code left} columns left-aligned, the rest
   * right-aligned; doubles with {@link #num}, or {@link #pValue} in a column whose name starts with
   * {@code p_value}.
   */
  public static void printTable(
      PrintStream out, List<String> cols, int left, List<Map<String, Object>> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(cols.toArray(new String[0]));
    for (Map<String, Object> r : rows) {
      String[] line = new String[cols.size()];
      for (int i = 0; i < cols.size(); i++) {
        Object v = r.get(cols.get(i));
        line[i] =
            v instanceof Double d
                ? (cols.get(i).startsWith(ReportColumns.P_VALUE) ? pValue(d) : num(d))
                : String.valueOf(v);
      }
      cells.add(line);
    }
    int[] width = new int[cols.size()];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    for (String[] line : cells) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        String align = i < left ? "%-" : "%";
        sb.append(String.format(Locale.ROOT, align + width[i] + "s  ", line[i]));
      }
      out.println(sb.toString().stripTrailing());
    }
  }
}

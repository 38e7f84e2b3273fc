package dev.klspark.spark.report;

import java.util.Locale;

/**
 * How report numbers are printed on the console: one home for every job's and report's tables
 * (locale-independent, so a table reads the same on every machine).
 */
public final class ReportFormats {
  private ReportFormats() {}

  /**
   * A p-value with 3 significant digits; below 1e-16 as "<1e-16" (beyond double's resolution near
   * 1); {@code null} for null.
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
}

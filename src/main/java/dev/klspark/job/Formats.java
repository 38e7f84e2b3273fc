package dev.klspark.job;

import dev.klspark.spark.report.ReportFormats;

/**
 * The jobs' number formats on the console: those of {@link ReportFormats}, their one home (the
 * report layer prints its summaries with them too).
 */
final class Formats {
  private Formats() {}

  /** {@link ReportFormats#pValue}. */
  static String pValue(Double d) {
    return ReportFormats.pValue(d);
  }

  /** {@link ReportFormats#num}. */
  static String num(Double d) {
    return ReportFormats.num(d);
  }
}

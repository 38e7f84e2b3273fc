package dev.klspark.cli;

import dev.klspark.spark.engine.ReportFormats;

/**
 * The jobs' number formats on the console: those of {@link ReportFormats}, their one home (the
 * report layer prints its summaries with them too).
 */
public final class Formats {
  private Formats() {}

  /** {@link ReportFormats#pValue}. */
  static String pValue(Double d) {
    return ReportFormats.pValue(d);
  }

  /** {@link ReportFormats#num}. */
  public static String num(Double d) {
    return ReportFormats.num(d);
  }
}

package dev.klspark.quality;

import dev.klspark.spark.distribution.Buckets;
import java.util.Locale;

/**
 * How the data-quality report writes numbers into its messages, its history ({@code thresholds},
 * {@code bucket_edges}) and its HTML: one home, so a level in a message reads as the same text as
 * in the history.
 */
final class DriftFormat {
  private DriftFormat() {}

  /**
   * A metric value or a level: 6 significant digits, trailing zeros dropped ({@code 0.25}, {@code
   * 0.102577}, {@code 1e-05}).
   */
  static String num(double d) {
    return String.format(Locale.ROOT, "%.6g", d).replaceAll("\\.?0+(?=$|e)", "");
  }

  /** A count: without a decimal point when it is whole ({@code 120}, {@code 2.5}). */
  static String count(double x) {
    return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
  }

  /**
   * The splits of buckets as the history's {@code bucket_edges} column writes them, e.g. {@code
   * [-inf, 0, 15, inf]}.
   */
  static String splits(Buckets b) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < b.splits().length; i++) {
      double x = b.splits()[i];
      sb.append(i == 0 ? "" : ", ")
          .append(Double.isInfinite(x) ? (x > 0 ? "inf" : "-inf") : num(x));
    }
    return sb.append("]").toString();
  }
}

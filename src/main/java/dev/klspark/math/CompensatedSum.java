package dev.klspark.math;

/**
 * Neumaier's improved Kahan summation: the rounding error of every addition is carried in a
 * separate compensation term, so the error of a sum of k terms stays of the order of one ulp of the
 * result instead of growing with k. Used for every sum over categories (k up to 10^6 and beyond).
 *
 * <p>Reference: A. Neumaier, "Rundungsfehleranalyse einiger Verfahren zur Summation endlicher
 * Summen", ZAMM 54 (1974) 39-51. Infinite terms make the sum infinite (the compensation is skipped
 * so that it cannot turn +inf into NaN). Serializable, as part of the accumulators that Spark
 * aggregations carry between partitions ({@link ExpectedLogLoss}).
 */
final class CompensatedSum implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private double sum;
  private double compensation;

  void add(double x) {
    double t = sum + x;
    if (Double.isInfinite(t)) {
      sum = t;
      return;
    }
    if (Math.abs(sum) >= Math.abs(x)) {
      compensation += (sum - t) + x;
    } else {
      compensation += (x - t) + sum;
    }
    sum = t;
  }

  double value() {
    return Double.isInfinite(sum) ? sum : sum + compensation;
  }
}

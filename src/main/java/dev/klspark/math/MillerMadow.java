package dev.klspark.math;

/**
 * The Miller–Madow bias-corrected entropy of counts: {@code H(P̂) + (m − 1)/(2n)}, m the number of
 * categories with a positive count, n the total (G. A. Miller, "Note on the bias of information
 * estimates", in <i>Information Theory in Psychology</i>, H. Quastler ed., 1955, pp. 95–100; L.
 * Paninski, "Estimation of entropy and mutual information", Neural Computation 15, 2003, §3.1). The
 * plug-in entropy of n draws underestimates H(P) by {@code (m − 1)/(2n) + O(n^-2)}.
 */
public final class MillerMadow {
  private MillerMadow() {}

  /**
   * The corrected entropy in nats.
   *
   * @param counts observed counts (finite, non-negative, not all zero; need not be integers)
   * @return {@code H(counts / n) + (m − 1)/(2n)} in nats
   * @throws IllegalArgumentException if the counts are null, empty, hold a NaN, infinite or
   *     negative value, or sum to 0
   */
  public static double entropy(double[] counts) {
    double n = Distributions.requireWeights("counts", counts);
    return Entropy.nats(Distributions.normalize("counts", counts)) + correction(counts, n);
  }

  /** {@code (m − 1)/(2n)} for counts summing to n. */
  static double correction(double[] counts, double n) {
    int m = 0;
    for (double c : counts) {
      if (c > 0.0) {
        m++;
      }
    }
    return (m - 1) / (2.0 * n);
  }
}

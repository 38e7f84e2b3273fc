package dev.klspark.math;

/**
 * Hellinger distance between two discrete distributions, in the normalisation bounded by 1.
 *
 * <p>{@code H(P, Q) = sqrt(1 - BC(P, Q))} with the Bhattacharyya coefficient {@code BC = sum_i
 * sqrt(p_i q_i)}, so {@code 0 <= H <= 1}, with 0 iff P = Q and 1 iff P and Q have disjoint supports
 * (Le Cam and Yang, <i>Asymptotics in Statistics</i>, 2nd ed., 2000, section 3.2; the "1/sqrt(2)"
 * convention {@code H = (1/sqrt 2) ||sqrt P - sqrt Q||_2}). Some texts omit the factor 1/2 under
 * the root and get values up to sqrt 2; scipy has no Hellinger function.
 *
 * <p>Numerics: for distributions summing to 1, {@code 1 - BC = (1/2) sum_i (sqrt p_i - sqrt
 * q_i)^2}. The right-hand side is a sum of non-negative terms and keeps full relative accuracy when
 * P is close to Q, where {@code 1 - BC} cancels; it is the form computed here. Not an information
 * quantity: there is no unit.
 */
public final class HellingerDistance {
  private HellingerDistance() {}

  /**
   * Hellinger distance H(P, Q) in [0, 1].
   *
   * @param p probabilities over k categories
   * @param q probabilities over the same k categories, aligned by index
   * @return {@code sqrt((1/2) sum_i (sqrt p_i - sqrt q_i)^2)}
   * @throws IllegalArgumentException if either argument is null, empty, holds a NaN, infinite or
   *     negative element, does not sum to 1 within {@link Distributions#DEFAULT_SUM_TOLERANCE}, or
   *     the lengths differ
   */
  public static double of(double[] p, double[] q) {
    Distributions.requirePair(p, q);
    CompensatedSum sum = new CompensatedSum();
    for (int i = 0; i < p.length; i++) {
      double d = Math.sqrt(p[i]) - Math.sqrt(q[i]);
      sum.add(d * d);
    }
    // Rounding only: the exact value of the sum lies in [0, 2].
    return Math.sqrt(Math.min(1.0, 0.5 * sum.value()));
  }
}

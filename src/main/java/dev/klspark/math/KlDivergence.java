package dev.klspark.math;

/**
 * Kullback-Leibler divergence (relative entropy) of P from Q.
 *
 * <p>{@code KL(P || Q) = sum_i p_i ln(p_i / q_i)} (Kullback and Leibler 1951; Cover and Thomas
 * 2006, eq. 2.26), with {@code 0 ln(0/q) = 0} and {@code p ln(p/0) = +inf} for p > 0 (scipy {@code
 * special.rel_entr}, {@code stats.entropy(p, q)}). Argument order follows the notation: p is the
 * observed / reference distribution, q the model. Not symmetric; {@code KL(P||Q) >= 0} with
 * equality iff P = Q (Gibbs' inequality). Rounding can push an exact 0 a few ulps below 0; such a
 * result is returned as 0.
 */
public final class KlDivergence {
  private KlDivergence() {}

  /**
   * KL(P || Q) in nats.
   *
   * @param p observed / reference probabilities over k categories
   * @param q model probabilities over the same k categories, aligned by index
   * @return KL(P || Q) in nats, in {@code [0, +inf]}
   * @throws IllegalArgumentException if either argument is null, empty, holds a NaN, infinite or
   *     negative element, does not sum to 1 within {@link Distributions#DEFAULT_SUM_TOLERANCE}, or
   *     the lengths differ
   */
  public static double of(double[] p, double[] q) {
    return of(p, q, LogBase.NATS);
  }

  /**
   * KL(P || Q) in the given unit.
   *
   * @throws IllegalArgumentException as {@link #of(double[], double[])}
   */
  public static double of(double[] p, double[] q, LogBase base) {
    return Distributions.measure(p, q, base, KlDivergence::nats);
  }

  static double nats(double[] p, double[] q) {
    CompensatedSum sum = new CompensatedSum();
    for (int i = 0; i < p.length; i++) {
      sum.add(Terms.relativeEntropy(p[i], q[i]));
    }
    return Math.max(0.0, sum.value());
  }
}

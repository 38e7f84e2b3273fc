package dev.klspark.math;

/**
 * Total variation distance between two discrete distributions.
 *
 * <p>{@code TV(P, Q) = (1/2) sum_i |p_i - q_i| = max_A |P(A) - Q(A)|} (Levin, Peres and Wilmer,
 * <i>Markov Chains and Mixing Times</i>, 2009, Proposition 4.2), in {@code [0, 1]}: 0 iff P = Q, 1
 * iff the supports are disjoint. A probability, not an information quantity: there is no unit.
 * Related to the KL divergence by Pinsker's inequality {@code TV <= sqrt(KL / 2)} (KL in nats).
 */
public final class TotalVariationDistance {
  private TotalVariationDistance() {}

  /**
   * TV(P, Q) in [0, 1].
   *
   * @param p probabilities over k categories
   * @param q probabilities over the same k categories, aligned by index
   * @return {@code (1/2) sum_i |p_i - q_i|}
   * @throws IllegalArgumentException if either argument is null, empty, holds a NaN, infinite or
   *     negative element, does not sum to 1 within {@link Distributions#DEFAULT_SUM_TOLERANCE}, or
   *     the lengths differ
   */
  public static double of(double[] p, double[] q) {
    Distributions.requirePair(p, q);
    CompensatedSum sum = new CompensatedSum();
    for (int i = 0; i < p.length; i++) {
      sum.add(Math.abs(p[i] - q[i]));
    }
    return Math.min(1.0, 0.5 * sum.value());
  }
}

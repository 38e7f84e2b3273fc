package dev.klspark.math;

/**
 * Jeffreys divergence: the symmetrised Kullback-Leibler divergence.
 *
 * <p>{@code J(P, Q) = KL(P || Q) + KL(Q || P) = sum_i (p_i - q_i) ln(p_i / q_i)} (Jeffreys 1946,
 * "An invariant form for the prior probability in estimation problems", Proc. R. Soc. A 186,
 * 453-461). Symmetric, {@code >= 0}, 0 iff P = Q; not a metric.
 *
 * <p>Zero policy, per category: {@code p_i = q_i = 0} contributes 0; exactly one of {@code p_i,
 * q_i} equal to 0 contributes {@code +inf} (one of the two KL terms is infinite), so the result is
 * {@code +inf}. The {@link PopulationStabilityIndex} is the same quantity with the same
 * conventions.
 */
public final class JeffreysDivergence {
  private JeffreysDivergence() {}

  /**
   * J(P, Q) in nats.
   *
   * @throws IllegalArgumentException as {@link #of(double[], double[], LogBase)}
   */
  public static double of(double[] p, double[] q) {
    return of(p, q, LogBase.NATS);
  }

  /**
   * J(P, Q) in the given unit.
   *
   * @param p probabilities over k categories
   * @param q probabilities over the same k categories, aligned by index
   * @param base the unit of the result
   * @return {@code sum_i (p_i - q_i) ln(p_i / q_i)} converted to {@code base}, in {@code [0, +inf]}
   * @throws IllegalArgumentException if either argument is null, empty, holds a NaN, infinite or
   *     negative element, does not sum to 1 within {@link Distributions#DEFAULT_SUM_TOLERANCE}, or
   *     the lengths differ
   */
  public static double of(double[] p, double[] q, LogBase base) {
    return Distributions.measure(p, q, base, JeffreysDivergence::nats);
  }

  static double nats(double[] p, double[] q) {
    CompensatedSum sum = new CompensatedSum();
    for (int i = 0; i < p.length; i++) {
      sum.add(Terms.jeffreys(p[i], q[i]));
    }
    return Math.max(0.0, sum.value());
  }
}

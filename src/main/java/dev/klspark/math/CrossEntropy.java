package dev.klspark.math;

/**
 * Cross-entropy of a model Q relative to a distribution P.
 *
 * <p>{@code H(P, Q) = -sum_i p_i ln q_i = H(P) + KL(P || Q)} (Cover and Thomas 2006, eq. 2.26 and
 * the identity after it; Murphy, <i>Machine Learning: A Probabilistic Perspective</i>, 2012,
 * section 2.8.2). Terms with {@code p_i = 0} contribute 0 whatever {@code q_i}; a category with
 * {@code p_i > 0} and {@code q_i = 0} makes the result {@code +inf}. For an empirical P it equals
 * the mean negative log-likelihood of the observations under Q.
 */
public final class CrossEntropy {
  private CrossEntropy() {}

  /**
   * Cross-entropy in nats.
   *
   * @param p observed / reference probabilities over k categories
   * @param q model probabilities over the same k categories, aligned by index
   * @return H(P, Q) in nats, possibly {@code +inf}
   * @throws IllegalArgumentException if either argument is null, empty, holds a NaN, infinite or
   *     negative element, does not sum to 1 within {@link Distributions#DEFAULT_SUM_TOLERANCE}, or
   *     the lengths differ
   */
  public static double of(double[] p, double[] q) {
    return of(p, q, LogBase.NATS);
  }

  /**
   * Cross-entropy in the given unit.
   *
   * @throws IllegalArgumentException as {@link #of(double[], double[])}
   */
  public static double of(double[] p, double[] q, LogBase base) {
    return Distributions.measure(p, q, base, CrossEntropy::nats);
  }

  static double nats(double[] p, double[] q) {
    CompensatedSum sum = new CompensatedSum();
    for (int i = 0; i < p.length; i++) {
      sum.add(Terms.crossEntropy(p[i], q[i]));
    }
    return sum.value();
  }
}

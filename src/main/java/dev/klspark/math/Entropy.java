package dev.klspark.math;

/**
 * Shannon entropy of a discrete distribution.
 *
 * <p>{@code H(P) = -sum_i p_i ln p_i}, with {@code 0 ln 0 = 0} (Cover and Thomas, <i>Elements of
 * Information Theory</i>, 2nd ed., 2006, eq. 2.1). Matches scipy {@code stats.entropy(p)} on
 * normalised input. The result lies in {@code [0, ln k]} for k categories.
 */
public final class Entropy {
  private Entropy() {}

  /**
   * Entropy in nats.
   *
   * @param p probabilities over k categories (k >= 1), summing to 1 within {@link
   *     Distributions#DEFAULT_SUM_TOLERANCE}
   * @return H(P) in nats
   * @throws IllegalArgumentException if {@code p} is null, empty, holds a NaN, infinite or negative
   *     element, or does not sum to 1 within the tolerance
   */
  public static double of(double[] p) {
    return of(p, LogBase.NATS);
  }

  /**
   * Entropy in the given unit.
   *
   * @param p probabilities, as in {@link #of(double[])}
   * @param base the unit of the result
   * @return H(P) in {@code base}
   * @throws IllegalArgumentException as {@link #of(double[])}
   */
  public static double of(double[] p, LogBase base) {
    Distributions.requireProbabilities("p", p);
    return base.fromNats(nats(p));
  }

  /** Unchecked sum; the caller has validated p. */
  static double nats(double[] p) {
    CompensatedSum sum = new CompensatedSum();
    for (double pi : p) {
      sum.add(Terms.entropy(pi));
    }
    return Math.max(0.0, sum.value());
  }
}

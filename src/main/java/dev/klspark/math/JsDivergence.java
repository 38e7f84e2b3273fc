package dev.klspark.math;

/**
 * Jensen-Shannon divergence, the symmetrised and bounded relative of KL.
 *
 * <p>{@code JS(P, Q) = KL(P || M) / 2 + KL(Q || M) / 2} with {@code M = (P + Q) / 2} (Lin,
 * "Divergence measures based on the Shannon entropy", IEEE Trans. Inf. Theory 37(1), 1991, eq.
 * 4.1). Symmetric, always finite, in {@code [0, ln 2]} nats ({@code [0, 1]} bits). This is the
 * divergence, not the distance: the metric is its square root, {@link JsDistance} (scipy {@code
 * spatial.distance.jensenshannon} returns the distance).
 */
public final class JsDivergence {
  private static final double LN_2 = Math.log(2.0);

  private JsDivergence() {}

  /**
   * JS(P, Q) in nats.
   *
   * @param p observed / reference probabilities over k categories
   * @param q model probabilities over the same k categories, aligned by index
   * @return JS(P, Q) in nats, in {@code [0, ln 2]}
   * @throws IllegalArgumentException if either argument is null, empty, holds a NaN, infinite or
   *     negative element, does not sum to 1 within {@link Distributions#DEFAULT_SUM_TOLERANCE}, or
   *     the lengths differ
   */
  public static double of(double[] p, double[] q) {
    return of(p, q, LogBase.NATS);
  }

  /**
   * JS(P, Q) in the given unit.
   *
   * @throws IllegalArgumentException as {@link #of(double[], double[])}
   */
  public static double of(double[] p, double[] q, LogBase base) {
    return Distributions.measure(p, q, base, JsDivergence::nats);
  }

  static double nats(double[] p, double[] q) {
    CompensatedSum sum = new CompensatedSum();
    for (int i = 0; i < p.length; i++) {
      sum.add(Terms.jensenShannon(p[i], q[i]));
    }
    // Rounding only: the exact value lies in [0, ln 2].
    return Math.min(LN_2, Math.max(0.0, sum.value()));
  }
}

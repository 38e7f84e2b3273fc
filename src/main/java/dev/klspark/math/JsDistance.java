package dev.klspark.math;

/**
 * Jensen-Shannon distance: the square root of the {@link JsDivergence Jensen-Shannon divergence}, a
 * metric on probability distributions (Endres and Schindelin, "A new metric for probability
 * distributions", IEEE Trans. Inf. Theory 49(7), 2003).
 *
 * <p>{@code JSD(P, Q) = sqrt(JS(P, Q))} with JS measured in the chosen unit, exactly as scipy
 * {@code spatial.distance.jensenshannon(p, q, base)}: in {@code [0, sqrt(ln 2)]} for nats, {@code
 * [0, 1]} for bits.
 */
public final class JsDistance {
  private JsDistance() {}

  /**
   * JS distance with JS in nats.
   *
   * @throws IllegalArgumentException as {@link JsDivergence#of(double[], double[])}
   */
  public static double of(double[] p, double[] q) {
    return of(p, q, LogBase.NATS);
  }

  /**
   * JS distance with JS measured in {@code base}.
   *
   * @throws IllegalArgumentException as {@link JsDivergence#of(double[], double[])}
   */
  public static double of(double[] p, double[] q, LogBase base) {
    return Math.sqrt(JsDivergence.of(p, q, base));
  }
}

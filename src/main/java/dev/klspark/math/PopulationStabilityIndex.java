package dev.klspark.math;

/**
 * Population stability index (PSI), the drift score of credit-risk practice.
 *
 * <p>{@code PSI(P, Q) = sum_i (p_i - q_i) ln(p_i / q_i)} over the bins i, with p the actual
 * (current) and q the expected (reference) bin proportions (Yurdakul, "Statistical properties of
 * population stability index", Western Michigan University, 2018, eq. 1). This is exactly the
 * {@link JeffreysDivergence} {@code KL(P||Q) + KL(Q||P)}, symmetric in its arguments, with the same
 * conventions: computed by the same code.
 *
 * <p>Zero policy: a bin empty on both sides contributes 0; a bin empty on exactly one side makes
 * PSI {@code +inf}. Tools that silently replace 0 by a small constant without renormalising compute
 * a different, arbitrary quantity: smooth explicitly with a {@link Smoothing} policy first. The
 * usual rule of thumb (PSI &lt; 0.1 stable, 0.1-0.25 moderate shift, &gt; 0.25 major shift) is
 * stated for nats.
 */
public final class PopulationStabilityIndex {
  private PopulationStabilityIndex() {}

  /**
   * PSI in nats.
   *
   * @throws IllegalArgumentException as {@link JeffreysDivergence#of(double[], double[], LogBase)}
   */
  public static double of(double[] p, double[] q) {
    return JeffreysDivergence.of(p, q, LogBase.NATS);
  }

  /**
   * PSI in the given unit.
   *
   * @throws IllegalArgumentException as {@link JeffreysDivergence#of(double[], double[], LogBase)}
   */
  public static double of(double[] p, double[] q, LogBase base) {
    return JeffreysDivergence.of(p, q, base);
  }
}

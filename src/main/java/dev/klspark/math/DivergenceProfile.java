package dev.klspark.math;

/**
 * Every quantity of a report row for one pair (P, Q), computed in one pass over the categories with
 * the same per-category terms as {@link Entropy}, {@link CrossEntropy}, {@link KlDivergence} and
 * {@link JsDivergence}.
 *
 * <p>Components (all information quantities in {@link #unit()}):
 *
 * <ul>
 *   <li>{@code kObserved}: categories with {@code p_i > 0}; {@code kModel}: categories with {@code
 *       q_i > 0}.
 *   <li>{@code entropy} H(P), {@code crossEntropy} H(P, Q), {@code klDivergence} KL(P || Q), {@code
 *       reverseKlDivergence} KL(Q || P), {@code jsDivergence} JS(P, Q).
 *   <li>{@code unseenMass}: {@code sum of p_i over categories with q_i = 0}: the probability mass
 *       the model calls impossible; KL(P || Q) and H(P, Q) are {@code +inf} exactly when it is > 0.
 * </ul>
 *
 * <p>{@code crossEntropy = entropy + klDivergence} holds up to rounding (both sides are computed
 * independently, so a test can check the identity).
 */
public record DivergenceProfile(
    LogBase unit,
    int kObserved,
    int kModel,
    double entropy,
    double crossEntropy,
    double klDivergence,
    double reverseKlDivergence,
    double jsDivergence,
    double unseenMass) {

  /**
   * Compares P with Q.
   *
   * @param p observed probabilities over k categories
   * @param q model probabilities over the same categories, aligned by index
   * @return the profile in nats
   * @throws IllegalArgumentException if either argument is null, empty, holds a NaN, infinite or
   *     negative element, does not sum to 1 within {@link Distributions#DEFAULT_SUM_TOLERANCE}, or
   *     the lengths differ
   */
  public static DivergenceProfile compare(double[] p, double[] q) {
    Distributions.requirePair(p, q);
    int kObserved = 0;
    int kModel = 0;
    CompensatedSum unseen = new CompensatedSum();
    for (int i = 0; i < p.length; i++) {
      if (p[i] > 0.0) {
        kObserved++;
        if (q[i] == 0.0) {
          unseen.add(p[i]);
        }
      }
      if (q[i] > 0.0) {
        kModel++;
      }
    }
    return new DivergenceProfile(
        LogBase.NATS,
        kObserved,
        kModel,
        Entropy.nats(p),
        CrossEntropy.nats(p, q),
        KlDivergence.nats(p, q),
        KlDivergence.nats(q, p),
        JsDivergence.nats(p, q),
        unseen.value());
  }

  /**
   * The same profile with every information quantity converted to {@code base}.
   *
   * @param base the target unit
   * @return this profile in {@code base} (this object if already in it)
   */
  public DivergenceProfile in(LogBase base) {
    if (base == unit) {
      return this;
    }
    if (unit != LogBase.NATS) {
      throw new IllegalStateException("profiles are converted from nats only");
    }
    return new DivergenceProfile(
        base,
        kObserved,
        kModel,
        base.fromNats(entropy),
        base.fromNats(crossEntropy),
        base.fromNats(klDivergence),
        base.fromNats(reverseKlDivergence),
        base.fromNats(jsDivergence),
        unseenMass);
  }
}

package dev.klspark.math;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.solvers.BrentSolver;

/**
 * How much a group's counts say about KL(P ‖ Q), P the distribution the rows were drawn from and Q
 * a fixed model: the first-order bias corrections, the G-test of H0: P = Q, and a confidence
 * interval for KL(P ‖ Q). All from the counts alone (no second pass over the rows).
 *
 * <p>Symbols: counts {@code c_i} over k aligned categories, {@code n = Σ c_i}, {@code p̂_i = c_i /
 * n}, m = categories with {@code c_i > 0} ({@code kObserved}), ν = (categories with {@code q_i >
 * 0}) − 1. Logarithms natural; {@link #in(LogBase)} converts to bits.
 *
 * <ul>
 *   <li><b>Miller–Madow</b> (G. A. Miller, "Note on the bias of information estimates", in
 *       <i>Information Theory in Psychology</i>, H. Quastler ed., 1955, pp. 95–100): the plug-in
 *       entropy underestimates H(P) by about {@code (m − 1) / (2n)}, so {@code
 *       entropy_bias_corrected = H(P̂) + (m − 1)/(2n)}. The cross-entropy {@code −Σ p̂_i ln q_i} is
 *       unbiased for a fixed Q, so the same correction gives {@code kl_divergence_bias_corrected =
 *       KL(P̂ ‖ Q) − (m − 1)/(2n)}, and {@code cross_entropy = entropy_bias_corrected +
 *       kl_divergence_bias_corrected} still holds. The corrected KL can be negative when P is close
 *       to Q (it is an estimate of a first-order bias, not a bound); it is not clipped.
 *   <li><b>G-test</b> ({@link GTest}): {@code G = 2n·KL(P̂ ‖ Q)} in nats, χ²(ν) under H0, {@code
 *       p_value = Q(ν/2, G/2)}.
 *   <li><b>Confidence interval</b> for KL(P ‖ Q) at level {@code 1 − α}, by inverting the
 *       distribution of G. Under a fixed alternative G is approximately noncentral χ² with ν
 *       degrees of freedom and noncentrality {@code λ = 2nθ}, θ = KL(P ‖ Q) (Wilks 1938; Agresti,
 *       <i>Categorical Data Analysis</i>, 3rd ed., 2013, §6.6.4), which is exact to first order
 *       near θ = 0 (where a symmetric Wald interval fails) but implies {@code Var G ≈ 2ν + 8nθ},
 *       while the delta method gives {@code Var G ≈ 2ν + 4n s²}, {@code s² = Var_P[ln(p/q)]}; the
 *       two agree only when {@code s² = 2θ}, true near P = Q. klspark therefore uses the scaled
 *       noncentral χ² {@code G ~ c·χ'²(ν/c, λ/c)} with {@code c = (2ν + 8nθr)/(2ν + 8nθ)} and
 *       {@code r = ŝ²/(2·KL(P̂ ‖ Q))} (clamped to [1/4, 4]), which keeps the mean {@code ν + λ} and
 *       matches the delta-method variance, and reduces to the central χ²(ν) of the G-test at θ = 0
 *       (Patnaik's two-moment device, P. B. Patnaik, Biometrika 36, 1949). The bounds solve {@code
 *       P_θ(G ≥ G_obs) = α/2} (lower) and {@code P_θ(G ≤ G_obs) = α/2} (upper) by Brent's method; a
 *       lower bound that would be negative is 0. Coverage measured by simulation
 *       (docs/kl-report.md, "Evidence", {@code KlEvidenceSimulationTest}): 0.95 overall at level
 *       0.95 over n = 50 to 5,000, k = 2 to 50, KL from 0 to 1 nat.
 * </ul>
 *
 * <p><b>Where the interval is not reported.</b> Both the χ² law of G and its noncentral version
 * assume every category with q > 0 is well populated: when expected counts are small, G's null mean
 * falls far below ν (k = 200, n = 50: about 155 instead of 199) and the interval lands below the
 * truth. An independent audit (bench/evidence-audit, 189 scenarios) measured coverage down to 0.001
 * at k = 200, n = 50 and 0.30 with a very uneven Q (Dirichlet(0.2), k = 50, n = 50); every cell
 * below 0.85 failed Cochran's rule ({@link #expectedCountsSuffice}). So when the rule fails the
 * bounds are NaN ({@link #hasInterval()} false; the reports write null); the G-test is still
 * reported, but it is unreliable there too (type-I error from 0 to 0.38 in the audit).
 *
 * <p>Conventions: Q is treated as fixed (a model fitted on another sample carries uncertainty of
 * its own that this does not include). A category with {@code c_i > 0} and {@code q_i = 0} proves
 * KL(P ‖ Q) = +∞: G = +∞, p-value 0 and the interval [+∞, +∞]. With ν = 0 (the model puts all its
 * mass on one category and every row falls there) KL(P̂ ‖ Q) = 0, the p-value is 1 and the interval
 * [0, 0] (assuming P has no mass outside Q's support, as the test does).
 *
 * @param unit the unit of the information quantities
 * @param n number of observations
 * @param kObserved categories with a positive count (m)
 * @param degreesOfFreedom ν
 * @param gStatistic G = 2n·KL in nats, whatever the unit
 * @param pValue P(χ²(ν) ≥ G)
 * @param entropyBiasCorrected Miller–Madow entropy
 * @param klDivergenceBiasCorrected KL(P̂ ‖ Q) − (m − 1)/(2n) in the unit
 * @param ciLow lower bound of the interval for KL(P ‖ Q); NaN when not reported (sparse counts)
 * @param ciHigh upper bound; NaN when not reported
 * @param level the interval's confidence level
 */
public record KlEvidence(
    LogBase unit,
    double n,
    int kObserved,
    int degreesOfFreedom,
    double gStatistic,
    double pValue,
    double entropyBiasCorrected,
    double klDivergenceBiasCorrected,
    double ciLow,
    double ciHigh,
    double level) {

  /** The default level of the confidence intervals, 0.95. */
  public static final double DEFAULT_CONFIDENCE_LEVEL = 0.95;

  private static final double R_MIN = 0.25;
  private static final double R_MAX = 4.0;

  /**
   * The evidence of counts against a fixed model, in nats.
   *
   * @param counts observed counts (finite, non-negative, not all zero; need not be integers)
   * @param q model probabilities over the same categories, aligned by index
   * @param level confidence level of the interval, in (0, 1)
   * @return the evidence in nats
   * @throws IllegalArgumentException if the counts are null, empty, hold a NaN, infinite or
   *     negative value or sum to 0, if q is not a probability vector over the same number of
   *     categories, or if the level is not in (0, 1)
   */
  public static KlEvidence of(double[] counts, double[] q, double level) {
    if (!(level > 0.0 && level < 1.0)) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "confidence level = %s; expected a number in (0, 1)", level));
    }
    double n = Distributions.requireWeights("counts", counts);
    double[] p = Distributions.normalize("counts", counts);
    Distributions.requirePair(p, q);
    return of(counts, p, q, n, level, Entropy.nats(p), KlDivergence.nats(p, q));
  }

  /**
   * The evidence of counts against a fixed model whose {@link DivergenceProfile} is already
   * computed: {@link #of(double[], double[], double)} to the last bit, with the profile's entropy
   * and KL(P̂ ‖ Q) used instead of being computed again (two logarithms per category fewer). They
   * are used only when they are the same numbers: when the counts summed left to right give the
   * same n as the compensated sum of {@link #of(double[], double[], double)} (always for whole
   * counts below 2⁵³), so that {@code counts[i] / n} is the same P̂; otherwise this is {@link
   * #of(double[], double[], double)}.
   *
   * @param counts observed counts (finite, non-negative, not all zero; need not be integers)
   * @param q model probabilities over the same categories, aligned by index
   * @param level confidence level of the interval, in (0, 1)
   * @param fromCounts {@link DivergenceProfile#compare} of {@code p̂_i = counts[i] / Σ counts} (the
   *     sum taken left to right) and {@code q}, in nats
   * @return the evidence in nats
   * @throws IllegalArgumentException as {@link #of(double[], double[], double)}, if {@code
   *     fromCounts} is not in nats, or if the profile is used (the sums agree) and its {@code
   *     kObserved} or {@code kModel} is not the number of categories with a positive count or a
   *     positive model probability (a profile of other counts; a cheap check, not a proof that the
   *     profile is of these counts). When the sums differ the profile is not used and not checked.
   */
  public static KlEvidence of(
      double[] counts, double[] q, double level, DivergenceProfile fromCounts) {
    if (fromCounts.unit() != LogBase.NATS) {
      throw new IllegalArgumentException(
          "the profile is in " + fromCounts.unit().suffix() + "; expected the profile in nats");
    }
    if (!(level > 0.0 && level < 1.0)) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "confidence level = %s; expected a number in (0, 1)", level));
    }
    double n = Distributions.requireWeights("counts", counts);
    double plain = 0.0;
    for (double c : counts) {
      plain += c;
    }
    if (plain != n || !(n > 0.0)) {
      return of(counts, q, level);
    }
    double[] p = new double[counts.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = counts[i] / n; // as Distributions.normalize
    }
    Distributions.requirePair(p, q);
    int observed = 0;
    int model = 0;
    for (int i = 0; i < p.length; i++) {
      observed += p[i] > 0.0 ? 1 : 0;
      model += q[i] > 0.0 ? 1 : 0;
    }
    if (observed != fromCounts.kObserved() || model != fromCounts.kModel()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "the profile has k_observed = %d and k_model = %d; expected the profile of these"
                  + " counts and model (%d and %d)",
              fromCounts.kObserved(),
              fromCounts.kModel(),
              observed,
              model));
    }
    return of(counts, p, q, n, level, fromCounts.entropy(), fromCounts.klDivergence());
  }

  /** The evidence from checked arguments, P̂'s entropy and KL(P̂ ‖ Q) in nats given. */
  private static KlEvidence of(
      double[] counts, double[] p, double[] q, double n, double level, double entropy, double kl) {
    int m = 0;
    int kModel = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] > 0.0) {
        m++;
      }
      if (q[i] > 0.0) {
        kModel++;
      }
    }
    int df = Math.max(0, kModel - 1);
    double g = 2.0 * n * kl;
    double pValue = GTest.pValue(g, df);
    double correction = MillerMadow.correction(counts, n);
    double lo;
    double hi;
    if (Double.isInfinite(kl)) {
      lo = Double.POSITIVE_INFINITY;
      hi = Double.POSITIVE_INFINITY;
    } else if (df == 0) {
      lo = 0.0;
      hi = 0.0;
    } else if (!expectedCountsSuffice(n, q)) {
      lo = Double.NaN; // not reported: see the class comment (Cochran's rule)
      hi = Double.NaN;
    } else {
      double r = varianceRatio(p, q, kl);
      double[] ci = interval(g, df, n, r, 1.0 - level);
      lo = ci[0];
      hi = ci[1];
    }
    return new KlEvidence(
        LogBase.NATS, n, m, df, g, pValue, entropy + correction, kl - correction, lo, hi, level);
  }

  /**
   * Cochran's rule for chi-squared approximations (W. G. Cochran, "Some methods for strengthening
   * the common χ² tests", Biometrics 10, 1954): every expected count {@code n q_i} (q_i > 0) is at
   * least 1 and at least 80% of them are at least 5.
   */
  public static boolean expectedCountsSuffice(double n, double[] q) {
    int positive = 0;
    int five = 0;
    for (double x : q) {
      if (x > 0.0) {
        positive++;
        double e = n * x;
        if (e < 1.0) {
          return false;
        }
        if (e >= 5.0) {
          five++;
        }
      }
    }
    return five >= 0.8 * positive;
  }

  /** Whether the interval was computed (false when the expected counts are too small). */
  public boolean hasInterval() {
    return !Double.isNaN(ciLow);
  }

  /** {@code r = Var_P̂[ln(p̂/q)] / (2 KL(P̂ ‖ Q))}, clamped to [1/4, 4]; 1 when KL = 0. */
  static double varianceRatio(double[] p, double[] q, double kl) {
    if (!(kl > 0.0)) {
      return 1.0;
    }
    CompensatedSum second = new CompensatedSum();
    for (int i = 0; i < p.length; i++) {
      if (p[i] > 0.0) {
        double l = Math.log(p[i] / q[i]);
        second.add(p[i] * l * l);
      }
    }
    double s2 = Math.max(0.0, second.value() - kl * kl);
    return Math.min(R_MAX, Math.max(R_MIN, s2 / (2.0 * kl)));
  }

  /** {@code P_θ(G ≤ g)} under the scaled noncentral χ² of the class comment. */
  static double cdf(double g, int df, double n, double theta, double r) {
    double nu = df;
    double c = (2.0 * nu + 8.0 * n * theta * r) / (2.0 * nu + 8.0 * n * theta);
    return NoncentralChiSquared.cdf(g / c, nu / c, 2.0 * n * theta / c);
  }

  /** The bounds {@code [θ_L, θ_U]} for KL in nats. */
  static double[] interval(double g, int df, double n, double r, double alpha) {
    DoubleUnaryOperator f = theta -> cdf(g, df, n, theta, r);
    double f0 = f.applyAsDouble(0.0);
    double upperTarget = alpha / 2.0;
    double lowerTarget = 1.0 - alpha / 2.0;
    // Bracket: F(θ) decreases from F(0) towards 0 as θ grows.
    double top = Math.max(4.0 * g / (2.0 * n) + 20.0 / n, 1e-9);
    for (int i = 0; i < 200 && f.applyAsDouble(top) > upperTarget; i++) {
      top *= 2.0;
    }
    double lo = f0 <= lowerTarget ? 0.0 : solve(f, lowerTarget, top);
    double hi = f0 <= upperTarget ? 0.0 : solve(f, upperTarget, top);
    return new double[] {lo, hi};
  }

  private static double solve(DoubleUnaryOperator f, double target, double top) {
    // Relative 1e-9 in θ: far below the interval's own statistical width, and half the evaluations.
    BrentSolver solver = new BrentSolver(1e-9, 1e-15, 1e-15);
    return solver.solve(1000, x -> f.applyAsDouble(x) - target, 0.0, top);
  }

  /**
   * The same evidence with the information quantities (the corrected estimates and the interval) in
   * {@code base}; G and the p-value do not change.
   */
  public KlEvidence in(LogBase base) {
    if (base == unit) {
      return this;
    }
    if (unit != LogBase.NATS) {
      throw new IllegalStateException("evidence is converted from nats only");
    }
    return new KlEvidence(
        base,
        n,
        kObserved,
        degreesOfFreedom,
        gStatistic,
        pValue,
        base.fromNats(entropyBiasCorrected),
        base.fromNats(klDivergenceBiasCorrected),
        base.fromNats(ciLow),
        base.fromNats(ciHigh),
        level);
  }
}

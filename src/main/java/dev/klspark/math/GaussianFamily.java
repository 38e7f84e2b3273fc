package dev.klspark.math;

import java.util.Locale;

/**
 * Closed forms of the univariate Gaussian family N(μ, σ²) used by the
 * maximum-likelihood-equivalence report: differential entropy, KL divergence, and the mean negative
 * log-likelihood of a sample.
 *
 * <p>Symbols: a sample x_1..x_n with mean {@code m = (1/n) Σ x_i} and biased (maximum-likelihood)
 * variance {@code s² = (1/n) Σ (x_i − m)²}; its maximum-likelihood fit is N̂ = N(m, s²). A model is
 * N(μ, σ²) with σ &gt; 0. All results are in nats (convert with {@link LogBase#fromNats}).
 *
 * <ul>
 *   <li>Differential entropy (Cover and Thomas, <i>Elements of Information Theory</i>, 2nd ed.,
 *       2006, example 8.1.2): {@code h(N(m, s²)) = ½ ln(2πe s²)}.
 *   <li>KL divergence (e.g. Murphy, <i>Probabilistic Machine Learning: An Introduction</i>, 2022,
 *       eq. 6.36 in one dimension): {@code KL(N(m, s²) ‖ N(μ, σ²)) = ln(σ/s) + (s² + (m −
 *       μ)²)/(2σ²) − ½}.
 *   <li>Mean negative log-likelihood of the sample under the model: {@code −(1/n) Σ ln φ(x_i; μ, σ)
 *       = ½ ln(2πσ²) + (s² + (m − μ)²)/(2σ²)}, because {@code (1/n) Σ (x_i − μ)² = s² + (m − μ)²}.
 * </ul>
 *
 * <p>The three satisfy {@code meanNll = h(N̂) + KL(N̂ ‖ N(μ, σ²))} exactly (add the first two
 * lines): for Gaussian models the sample's average log-loss splits into the floor h(N̂), reached by
 * the MLE, and the KL the model wastes above it. This is the continuous counterpart of {@code H(P̂,
 * Q) = H(P̂) + KL(P̂ ‖ Q)}.
 *
 * <p>Numerics: {@code ln(σ/s)} is computed as {@code ln σ − ln s} only when the quotient would
 * overflow or underflow; the squared deviation {@code (m − μ)²} is computed from the difference,
 * never as {@code m² − 2mμ + μ²} (cancellation). A sample with s = 0 (all values equal) has {@code
 * h = −∞} and {@code KL = +∞}: both are returned as such (their sum, the NLL, stays finite and is
 * computed directly by {@link #meanNll}).
 */
public final class GaussianFamily {
  private static final double LN_2PI = Math.log(2.0 * Math.PI);

  private GaussianFamily() {}

  /**
   * Differential entropy {@code ½ ln(2πe σ²)} of N(μ, σ²), in nats.
   *
   * @param sigma the standard deviation, finite and ≥ 0 (0 gives −∞)
   * @return the entropy in nats, possibly {@code −inf}
   * @throws IllegalArgumentException if sigma is NaN, infinite or negative
   */
  public static double entropy(double sigma) {
    requireSigma("sigma", sigma, true);
    if (sigma == 0.0) {
      return Double.NEGATIVE_INFINITY;
    }
    return 0.5 * (LN_2PI + 1.0) + Math.log(sigma);
  }

  /**
   * {@code KL(N(m, s²) ‖ N(mu, sigma²)) = ln(sigma/s) + (s² + (m − mu)²)/(2 sigma²) − ½}, in nats.
   *
   * @param m mean of the first distribution (the data's fit), finite
   * @param s standard deviation of the first distribution, finite and ≥ 0 (0 gives +∞)
   * @param mu mean of the model, finite
   * @param sigma standard deviation of the model, finite and &gt; 0
   * @return the divergence in nats, in {@code [0, +inf]}
   * @throws IllegalArgumentException if a mean is NaN or infinite, s is NaN, infinite or negative,
   *     or sigma is NaN, infinite or ≤ 0
   */
  public static double klDivergence(double m, double s, double mu, double sigma) {
    requireMean("m", m);
    requireSigma("s", s, true);
    requireMean("mu", mu);
    requireSigma("sigma", sigma, false);
    if (s == 0.0) {
      return Double.POSITIVE_INFINITY;
    }
    double r = s / sigma;
    double d = (m - mu) / sigma;
    double logRatio =
        (r == 0.0 || Double.isInfinite(r)) ? Math.log(sigma) - Math.log(s) : -Math.log(r);
    // r² − 1 − ln r² is ≥ 0; for r near 1 both parts cancel, so use r² − 1 − 2 ln r with log1p.
    double shape = (r * r - 1.0) / 2.0 + logRatio;
    if (r > 0.5 && r < 2.0) {
      double t = r - 1.0; // exact for r in (0.5, 2) (Sterbenz)
      shape = (t * (2.0 + t)) / 2.0 - Math.log1p(t);
    }
    return Math.max(0.0, shape + d * d / 2.0);
  }

  /**
   * Mean negative log-likelihood {@code ½ ln(2π sigma²) + (s² + (m − mu)²)/(2 sigma²)} of a sample
   * with mean m and biased standard deviation s under N(mu, sigma²), in nats.
   *
   * @param m sample mean, finite
   * @param s biased sample standard deviation {@code sqrt((1/n) Σ (x_i − m)²)}, finite and ≥ 0
   * @param mu model mean, finite
   * @param sigma model standard deviation, finite and &gt; 0
   * @return the mean NLL in nats (finite)
   * @throws IllegalArgumentException as {@link #klDivergence(double, double, double, double)}
   */
  public static double meanNll(double m, double s, double mu, double sigma) {
    requireMean("m", m);
    requireSigma("s", s, true);
    requireMean("mu", mu);
    requireSigma("sigma", sigma, false);
    double r = s / sigma;
    double d = (m - mu) / sigma;
    return 0.5 * LN_2PI + Math.log(sigma) + (r * r + d * d) / 2.0;
  }

  /**
   * Negative log-density {@code ½ ln(2π sigma²) + (x − mu)²/(2 sigma²)} of one value, in nats (the
   * per-row term whose mean is {@link #meanNll}).
   *
   * @throws IllegalArgumentException if x or mu is NaN or infinite, or sigma is not finite and &gt;
   *     0
   */
  public static double negLogDensity(double x, double mu, double sigma) {
    requireMean("x", x);
    requireMean("mu", mu);
    requireSigma("sigma", sigma, false);
    double z = (x - mu) / sigma;
    return 0.5 * LN_2PI + Math.log(sigma) + z * z / 2.0;
  }

  private static void requireMean(String name, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "%s = %s; expected a finite number", name, v));
    }
  }

  private static void requireSigma(String name, double v, boolean zeroAllowed) {
    if (!(zeroAllowed ? v >= 0.0 : v > 0.0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s = %s; expected a finite standard deviation %s",
              name,
              v,
              zeroAllowed ? ">= 0" : "> 0"));
    }
  }
}

package dev.klspark.math;

/**
 * The per-category terms of every sum in this package, each written once. All are in nats.
 *
 * <p>Conventions (Cover and Thomas 2006, section 2.3; the same as scipy.special {@code entr} and
 * {@code rel_entr}): {@code 0 ln 0 = 0}, {@code 0 ln(0/q) = 0} for any q, and {@code p ln(p/0) =
 * +inf} for {@code p > 0}.
 */
final class Terms {
  private Terms() {}

  /** {@code -p ln p}, 0 for p = 0. */
  static double entropy(double p) {
    return p > 0.0 ? -p * Math.log(p) : 0.0;
  }

  /** {@code -p ln q}: 0 for p = 0 (whatever q), +inf for p > 0 and q = 0. */
  static double crossEntropy(double p, double q) {
    if (p == 0.0) {
      return 0.0;
    }
    return q > 0.0 ? -p * Math.log(q) : Double.POSITIVE_INFINITY;
  }

  /**
   * {@code p ln(p/q)} (scipy {@code rel_entr}), with {@code ln(p/q)} from {@link #logRatio}.
   *
   * <p>Numerics: the correction in {@link #logRatio} replaces a {@code log1p}, which JDK 17 does
   * not compile to an intrinsic (BENCHMARKS.md).
   */
  static double relativeEntropy(double p, double q) {
    if (p == 0.0) {
      return 0.0;
    }
    if (!(q > 0.0)) {
      return Double.POSITIVE_INFINITY;
    }
    return p * logRatio(p, q);
  }

  /**
   * {@code ln(a/b)} for finite a, b &gt; 0, to full relative accuracy also when a is close to b.
   *
   * <p>Numerics: the quotient r = fl(a/b) carries a relative rounding error delta, which would cost
   * all relative accuracy of {@code ln r} when a is close to b (ln r is then close to 0). The
   * residual {@code a - b r} is exact with a fused multiply-add, so {@code ln(a/b) = ln r + ln(1 +
   * delta)} with {@code delta = (a - b r) / a} restores full accuracy. When a/b overflows or
   * underflows (a or b subnormal, or far apart), the logarithms are taken separately.
   */
  static double logRatio(double a, double b) {
    double ratio = a / b;
    if (ratio == 0.0 || Double.isInfinite(ratio) || ratio < Double.MIN_NORMAL) {
      return Math.log(a) - Math.log(b);
    }
    double residual = Math.fma(-b, ratio, a);
    return Math.log(ratio) + residual / a;
  }

  /**
   * The Jensen-Shannon term {@code (p ln(p/m) + q ln(q/m)) / 2} with {@code m = (p + q) / 2}. Never
   * infinite: m > 0 whenever p > 0 or q > 0.
   */
  static double jensenShannon(double p, double q) {
    double m = 0.5 * p + 0.5 * q;
    return 0.5 * relativeEntropy(p, m) + 0.5 * relativeEntropy(q, m);
  }

  /**
   * The Jeffreys term {@code (p - q) ln(p/q) = p ln(p/q) + q ln(q/p)}: 0 when p = q (including both
   * 0), +inf when exactly one of p, q is 0. Written as the sum of two {@link #relativeEntropy}
   * terms so that p close to q keeps full relative accuracy.
   */
  static double jeffreys(double p, double q) {
    if (p == q) {
      return 0.0;
    }
    return relativeEntropy(p, q) + relativeEntropy(q, p);
  }

  /**
   * {@code e^u - 1 - u}, accurate for every finite u. Near 0 the two subtractions cancel: for
   * {@code |u| < 0.05} the Taylor series {@code sum_{n>=2} u^n / n!} is summed to n = 10
   * (truncation below 1e-16 relative); elsewhere {@code expm1(u) - u} loses at most about {@code 2
   * eps / |u| < 1e-14} relative. This is the shape of the Gaussian ({@link GaussianFamily#kl}) and
   * exponential closed forms: {@code r - 1 - ln r} with {@code u = ln r}.
   */
  static double expm1MinusX(double u) {
    if (Math.abs(u) < 0.05) {
      double term = u * u / 2.0;
      double sum = term;
      for (int n = 3; n <= 10; n++) {
        term *= u / n;
        sum += term;
      }
      return sum;
    }
    return Math.expm1(u) - u;
  }
}

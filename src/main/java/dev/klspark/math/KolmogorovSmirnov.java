package dev.klspark.math;

import java.util.Locale;

/**
 * The two-sided two-sample Kolmogorov–Smirnov test from its integral statistic: the p-value of
 * {@code D = max_v |F_n(v) − G_m(v)|} between the empirical distribution functions of a sample of n
 * values and one of m values, computed as scipy 1.17 {@code stats.ks_2samp(x, y)} does with its
 * default {@code method='auto'} and {@code alternative='two-sided'}.
 *
 * <p>Symbols: {@code a(v)} and {@code b(v)} are the numbers of values ≤ v in each sample; the
 * integral statistic is {@code dnm = max_v |a(v)·m − b(v)·n|}, so that {@code D = dnm / (n·m)}
 * exactly (no rounding of the maximum). Ties: {@code F_n} and {@code G_m} are evaluated after each
 * distinct value of the pooled sample (scipy's {@code searchsorted(..., side='right')}); the
 * p-value treats the data as continuous, as scipy does (with ties it is conservative).
 *
 * <p>The p-value {@code P(D_{n,m} ≥ D)} under the null hypothesis that both samples come from one
 * continuous distribution:
 *
 * <ul>
 *   <li>exact when {@code max(n, m) ≤ 10000}: with {@code g = gcd(n, m)} and {@code h = dnm/g} (the
 *       statistic in units of {@code 1/lcm(n, m)}), the proportion of the {@code C(n + m, n)}
 *       lattice paths from (0, 0) to (n, m) that reach {@code |x/n − y/m| ≥ h/lcm}. For {@code n =
 *       m}: {@code 2 Σ_k (−1)^{k+1} C(2n, n − kh)/C(2n, n)}, evaluated in Horner form (scipy {@code
 *       _compute_prob_outside_square}); otherwise Hodges' inside method with the 1 − p recursion of
 *       Viehmann, "Numerically more stable computation of the p-values for the two-sample
 *       Kolmogorov-Smirnov test", arXiv:2102.08037 (scipy {@code
 *       _compute_outer_prob_inside_method}; Hodges, Ark. Mat. 3 (1958) 469-486). A result outside
 *       [0, 1] falls back to the asymptotic form, as scipy's does;
 *   <li>asymptotic otherwise: {@code P(D_N ≥ D)} of the one-sample two-sided distribution with
 *       {@code N = round(n·m/(n + m))} ({@link KolmogorovDistribution#twoSidedSf}; Smirnov's limit,
 *       scipy {@code kstwo.sf(D, np.round(en))}).
 * </ul>
 *
 * <p>Accuracy against scipy 1.17 on the oracle cases of {@code continuous_oracles.py}: the
 * statistic exactly, the p-value to a relative 1e-9 (exact range) and 1e-7 (asymptotic range).
 */
public final class KolmogorovSmirnov {
  /** scipy's {@code MAX_AUTO_N}: the largest sample size with an exact p-value. */
  public static final long MAX_EXACT_N = 10_000;

  private KolmogorovSmirnov() {}

  /**
   * The statistic {@code D = dnm / (n·m)}.
   *
   * @param n the first sample's size, ≥ 1
   * @param m the second sample's size, ≥ 1
   * @param dnm the integral statistic {@code max_v |a(v)·m − b(v)·n|}, in [0, n·m]
   * @return D in [0, 1]
   * @throws IllegalArgumentException if a size is below 1, or dnm is outside [0, n·m] or not a
   *     multiple of gcd(n, m)
   */
  public static double statistic(long n, long m, long dnm) {
    check(n, m, dnm);
    long g = gcd(n, m);
    // D = (dnm/g) / lcm with lcm = (n/g)·m: one rounding, as scipy's h / lcm.
    return (double) (dnm / g) / ((double) (n / g) * m);
  }

  /**
   * The two-sided p-value {@code P(D_{n,m} ≥ D)} (see the class comment).
   *
   * @param n the first sample's size, ≥ 1
   * @param m the second sample's size, ≥ 1
   * @param dnm the integral statistic {@code max_v |a(v)·m − b(v)·n|}
   * @return the p-value in [0, 1]
   * @throws IllegalArgumentException as {@link #statistic}, or if n or m exceeds {@code
   *     Integer.MAX_VALUE}
   */
  public static double pValue(long n, long m, long dnm) {
    check(n, m, dnm);
    if (n > Integer.MAX_VALUE || m > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "sample sizes n = %d, m = %d; expected at most 2^31 - 1 each", n, m));
    }
    long g = gcd(n, m);
    long h = dnm / g;
    if (h == 0) {
      return 1.0;
    }
    double d = statistic(n, m, dnm);
    if (Math.max(n, m) <= MAX_EXACT_N) {
      double p =
          n == m
              ? outsideSquare((int) n, (int) h)
              : outerInside((int) Math.max(n, m), (int) Math.min(n, m), (int) g, h);
      if (p >= 0.0 && p <= 1.0) {
        return p;
      }
    }
    double big = Math.max(n, m);
    double small = Math.min(n, m);
    long en = Math.round(big * small / (big + small));
    return KolmogorovDistribution.twoSidedSf(d, (int) Math.max(en, 1));
  }

  /**
   * A lower confidence bound for the distance {@code sup_v |F(v) − G(v)|} between the two
   * distributions the samples come from: {@code max(0, D − ε_n − ε_m)} with {@code ε_n = √(ln(4/α)
   * / (2n))} and α = 1 − level. By the Dvoretzky–Kiefer–Wolfowitz inequality with Massart's
   * constant (Massart, Ann. Probab. 18 (1990) 1269-1283), each empirical distribution function is
   * within ε of its own with probability at least 1 − α/2, so the bound holds with probability at
   * least {@code level} for any continuous distributions (conservative: it ignores that the two
   * deviations rarely both reach their bounds). "The distributions differ by at least this much":
   * the continuous counterpart of the lower bound of the KL interval by which kl-report ranks
   * groups.
   *
   * @param d the statistic D in [0, 1]
   * @param n the first sample's size, ≥ 1
   * @param m the second sample's size, ≥ 1
   * @param level the confidence level in (0, 1)
   * @return the bound in [0, D]
   * @throws IllegalArgumentException if d is outside [0, 1], a size is below 1 or the level is
   *     outside (0, 1)
   */
  public static double lowerBound(double d, long n, long m, double level) {
    if (!(d >= 0.0 && d <= 1.0) || n < 1 || m < 1 || !(level > 0.0 && level < 1.0)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "D = %s, n = %d, m = %d, level = %s; expected D in [0, 1], n, m >= 1 and a level in"
                  + " (0, 1)",
              d,
              n,
              m,
              level));
    }
    double log = Math.log(4.0 / (1.0 - level));
    return Math.max(0.0, d - Math.sqrt(log / (2.0 * n)) - Math.sqrt(log / (2.0 * m)));
  }

  /**
   * Proportion of lattice paths that pass outside the lines {@code x − y = ±h} (n = m): {@code
   * 2·A0·(1 − A1·(1 − A2·(1 − ...)))}, each {@code A_k} a ratio of binomials with h simple factors
   * (scipy {@code _compute_prob_outside_square}).
   */
  static double outsideSquare(int n, int h) {
    double p = 0.0;
    int k = n / h;
    while (k >= 0) {
      double p1 = 1.0;
      for (int j = 0; j < h; j++) {
        p1 = (n - (double) k * h - j) * p1 / (n + (double) k * h + j + 1);
      }
      p = p1 * (1.0 - p);
      k--;
    }
    return 2.0 * p;
  }

  /**
   * Proportion of lattice paths from (0, 0) to (m, n), m ≥ n, that do not stay strictly inside
   * {@code |x/m − y/n| < h/lcm}: one sliding column of the path-count matrix, each entry already
   * divided by its binomial (the 1 − p recursion of Viehmann 2021; scipy {@code
   * _compute_outer_prob_inside_method}).
   */
  static double outerInside(int m, int n, int g, long h) {
    long mg = m / g;
    long ng = n / g;
    int minj = 0;
    int maxj = (int) Math.min(ceilDiv(h, mg), n + 1);
    int curlen = maxj - minj;
    int lenA = Math.min(2 * maxj + 2, n + 1);
    double[] a = new double[lenA];
    java.util.Arrays.fill(a, 1.0);
    for (int j = minj; j < maxj; j++) {
      a[j] = 0.0;
    }
    for (int i = 1; i <= m; i++) {
      int lastminj = minj;
      int lastlen = curlen;
      minj = (int) Math.max(Math.floorDiv(ng * i - h, mg) + 1, 0);
      minj = Math.min(minj, n);
      maxj = (int) Math.min(ceilDiv(ng * i + h, mg), n + 1);
      if (maxj <= minj) {
        return 1.0;
      }
      double val = minj == 0 ? 0.0 : 1.0;
      for (int jj = 0; jj < maxj - minj; jj++) {
        int j = jj + minj;
        val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
        a[jj] = val;
      }
      curlen = maxj - minj;
      if (lastlen > curlen) {
        java.util.Arrays.fill(
            a, maxj - minj, Math.min(lenA, maxj - minj + (lastlen - curlen)), 1.0);
      }
    }
    return a[maxj - minj - 1];
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  private static void check(long n, long m, long dnm) {
    if (n < 1 || m < 1) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "sample sizes n = %d, m = %d; expected at least 1 each", n, m));
    }
    if (dnm < 0 || dnm / m > n || (dnm / m == n && dnm % m != 0) || dnm % gcd(n, m) != 0) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "integral statistic %d is not max|a*m - b*n| for n = %d, m = %d; expected a multiple"
                  + " of gcd(n, m) in [0, n*m]",
              dnm,
              n,
              m));
    }
  }
}

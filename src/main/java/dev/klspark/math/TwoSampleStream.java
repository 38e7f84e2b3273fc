package dev.klspark.math;

import java.util.Locale;

/**
 * Two samples of a numeric variable compared without buckets, in one pass over their pooled
 * distinct values in increasing order: the two-sample Kolmogorov–Smirnov test, the Wasserstein-1
 * distance and the k-nearest-neighbour estimate of KL(P ‖ Q). P is the current sample (n values), Q
 * the reference (m values), as everywhere in klspark. Memory: O(k), plus the waiting values of
 * {@link NearestNeighbours.OtherSample}; never the samples themselves.
 *
 * <ul>
 *   <li><b>Kolmogorov–Smirnov</b>: {@code D = max_v |F_P(v) − F_Q(v)|} over the pooled distinct
 *       values, the empirical distribution functions taken after each value (ties as scipy 1.17
 *       {@code stats.ks_2samp}), and its two-sided p-value ({@link KolmogorovSmirnov}).
 *   <li><b>Wasserstein-1</b>: {@code W₁ = ∫ |F_P(v) − F_Q(v)| dv}, in the unit of the values, the
 *       sum over consecutive pooled values of the difference times the gap (scipy {@code
 *       stats.wasserstein_distance(p, q)}; Villani, <i>Optimal Transport</i>, 2009, remark 2.19).
 *   <li><b>k-NN KL</b> (Wang, Kulkarni and Verdú, IEEE Trans. Inf. Theory 55(5) (2009) 2392-2405,
 *       eq. 5 in one dimension, with the ranks of their eq. 17 for ties): {@code D̂(P‖Q) = (1/n)
 *       Σ_i [ln ν(i) − ln ρ(i) + ψ(l_i) − ψ(k_i)] + ln(m/(n − 1))}, where ρ(i) is the radius of
 *       x_i's k nearest neighbours among the other values of P and ν(i) among the values of Q, with
 *       the counts l_i and k_i of {@link NearestNeighbours} (l_i = k_i = k without ties, and then
 *       the ψ terms cancel). In nats. It is asymptotically unbiased and mean-square consistent for
 *       fixed k (the paper's theorems 1 and 2); a finite-sample estimate may be negative. Undefined
 *       (null, with {@link Result#knnProblem}) when a value of P has fewer than k other values of
 *       P, or fewer than k values of Q, at a positive distance.
 * </ul>
 */
public final class TwoSampleStream {
  private final long n;
  private final long m;
  private final int k;
  private long a;
  private long b;
  private long dnm;
  private double previous = Double.NaN;
  private final CompensatedSum area = new CompensatedSum();
  // W₁ / 2 once n·m·W₁ would overflow a double (values near ±Double.MAX_VALUE), else null.
  private CompensatedSum halfArea;
  private final NearestNeighbours.SameSample rho;
  private final NearestNeighbours.OtherSample nu;

  /**
   * The comparison of a current sample of {@code n} values with a reference of {@code m} values.
   *
   * @param n values of P (the current sample), ≥ 1
   * @param m values of Q (the reference), ≥ 1
   * @param k the neighbour rank of the KL estimate, ≥ 1
   * @throws IllegalArgumentException if n or m is below 1, or k below 1
   */
  public TwoSampleStream(long n, long m, int k) {
    if (n < 1 || m < 1 || n > Integer.MAX_VALUE || m > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "sample sizes n = %d, m = %d; expected 1 to 2^31 - 1 each", n, m));
    }
    requireK(k);
    this.n = n;
    this.m = m;
    this.k = k;
    this.rho = new NearestNeighbours.SameSample(k);
    this.nu = new NearestNeighbours.OtherSample(k);
  }

  static void requireK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "k = %d neighbours; expected k >= 1", k));
    }
  }

  /**
   * Adds one distinct value of the pooled samples.
   *
   * @param v the value, finite, greater than every value added before
   * @param countP its count in P, ≥ 0
   * @param countQ its count in Q, ≥ 0 (countP + countQ ≥ 1)
   * @throws IllegalArgumentException if v is not finite or not increasing, or a count is negative
   *     or the counts exceed n or m
   */
  public void add(double v, long countP, long countQ) {
    if (!Double.isFinite(v) || !(v > previous || Double.isNaN(previous))) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "value %s after %s; expected finite values in increasing order",
              v,
              previous));
    }
    if (countP < 0 || countQ < 0 || countP + countQ == 0 || a + countP > n || b + countQ > m) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "counts %d and %d at value %s exceed the sample sizes n = %d, m = %d or are not"
                  + " positive",
              countP,
              countQ,
              v,
              n,
              m));
    }
    if (!Double.isNaN(previous)) {
      // |F_P − F_Q| on [previous, v), times n·m; one rounding per term.
      double diff = Math.abs((double) (a * m - b * n));
      double term = diff * (v - previous);
      if (halfArea == null && term + area.value() < Double.POSITIVE_INFINITY) {
        area.add(term);
      } else {
        double nm = (double) n * m;
        if (halfArea == null) {
          halfArea = new CompensatedSum();
          halfArea.add(0.5 * (area.value() / nm));
        }
        halfArea.add(diff / nm * (0.5 * v - 0.5 * previous));
      }
    }
    a += countP;
    b += countQ;
    dnm = Math.max(dnm, Math.abs(a * m - b * n));
    previous = v;
    if (countP > 0) {
      rho.add(v, countP);
    }
    nu.add(v, countP, countQ);
  }

  /**
   * The statistics of the two samples.
   *
   * @return the result
   * @throws IllegalStateException if the counts added do not sum to n and m
   */
  public Result finish() {
    if (a != n || b != m) {
      throw new IllegalStateException(
          String.format(
              Locale.ROOT,
              "the values added count %d and %d; expected n = %d and m = %d",
              a,
              b,
              n,
              m));
    }
    rho.finish();
    nu.finish();
    Double kl = null;
    String problem = nu.problem() != null ? nu.problem() : rho.problem();
    if (problem == null && n < 2) {
      problem = "the k-NN estimate needs at least 2 current values";
    }
    if (problem == null) {
      kl = (nu.sum() - rho.sum()) / n + Math.log((double) m / (n - 1));
    }
    double w = halfArea == null ? area.value() / ((double) n * m) : 2 * halfArea.value();
    return new Result(
        n,
        m,
        k,
        KolmogorovSmirnov.statistic(n, m, dnm),
        KolmogorovSmirnov.pValue(n, m, dnm),
        w,
        kl,
        problem);
  }

  /**
   * One comparison.
   *
   * @param n values of P
   * @param m values of Q
   * @param k the neighbour rank of the KL estimate
   * @param ksStatistic the Kolmogorov–Smirnov statistic D in [0, 1]
   * @param ksPValue its two-sided p-value
   * @param wasserstein W₁, in the values' unit
   * @param klDivergenceKnn the k-NN estimate of KL(P ‖ Q) in nats, or null when undefined
   * @param knnProblem why the estimate is undefined, or null
   */
  public record Result(
      long n,
      long m,
      int k,
      double ksStatistic,
      double ksPValue,
      double wasserstein,
      Double klDivergenceKnn,
      String knnProblem) {}
}

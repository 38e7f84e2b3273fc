package dev.klspark.math;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reliability–resolution–uncertainty decomposition of the divergence score (the ignorance or
 * logarithmic score) of probabilistic forecasts over K classes.
 *
 * <p>Symbols: N forecasts {@code f_i} (probability vectors over K classes) with outcomes {@code
 * y_i}; the forecasts are grouped into bins k (see {@link ForecastBinning}) of {@code n_k}
 * forecasts, with counts {@code c_kj} of outcome j, observed frequencies {@code ō_kj = c_kj / n_k}
 * and mean forecast {@code f̄_k = (1/n_k) Σ_{i in k} f_i}; the climatology is {@code ō_j = c_j /
 * N}, {@code c_j = Σ_k c_kj}. Then (Weijs, van Nooijen and van de Giesen 2010, "Kullback–Leibler
 * divergence as a forecast skill score with classic reliability–resolution–uncertainty
 * decomposition", <i>Monthly Weather Review</i> 138, 3387–3399, eqs. 13–17):
 *
 * <pre>
 *   DS  = (1/N) Σ_i −ln f_i(y_i)                        divergence score (mean log-loss)
 *   UNC = H(ō) = −Σ_j ō_j ln ō_j                        uncertainty
 *   RES = Σ_k (n_k/N) KL(ō_k ‖ ō)                       resolution
 *   REL = Σ_k (n_k/N) KL(ō_k ‖ f̄_k)                     reliability (0 for a calibrated forecast)
 *   DS  = UNC − RES + REL                               exactly when every f_i in bin k equals f̄_k
 * </pre>
 *
 * With coarser bins the identity fails by the {@code residual = DS − (UNC − RES + REL)}, which this
 * class reports. In the notation of information theory {@code UNC − RES = H(O | bin)}, the
 * conditional entropy of the outcome given the bin; it is computed as such, {@code RES = UNC −
 * H(O|bin)} with {@code H(O|bin) = −(1/N) Σ_k Σ_j c_kj ln(c_kj/n_k)} and {@code UNC = −(1/N) Σ_j
 * c_j ln(c_j/N)} summed the same way, so that one bin gives {@code RES = 0} to the last bit. The
 * state is therefore mergeable bin by bin ({@link Accumulator}), with O(K) memory.
 *
 * <p>Conventions: {@code 0 ln 0 = 0} (a class never observed in a bin contributes nothing to RES or
 * REL, whatever its forecast). The logarithm of a forecast probability is taken of {@code clip(f) =
 * min(max(f, eps), 1 − eps)}, the convention of MLlib's log-loss ({@code
 * MulticlassMetrics.logLoss}, eps = 1e-15): in DS for {@code f_i(y_i)} and in REL for {@code
 * f̄_kj}, so REL and DS stay finite and the identity holds with the clipped DS. With {@code eps =
 * 0} nothing is clipped, and an outcome forecast with probability 0 makes DS and REL {@code +∞}
 * (KL(ō_k ‖ f̄_k) = +∞ when {@code ō_kj > 0 = f̄_kj}); the residual is then NaN-free: it is
 * reported as 0 when both sides are infinite. All values are computed in nats and converted by
 * {@link Result#in(LogBase)}.
 */
public final class DivergenceScoreDecomposition {
  private DivergenceScoreDecomposition() {}

  /**
   * The decomposition, in one unit.
   *
   * @param n the number of forecasts N
   * @param bins the number of non-empty bins
   * @param divergenceScore DS
   * @param uncertainty UNC
   * @param resolution RES
   * @param reliability REL
   * @param residual {@code DS − (UNC − RES + REL)}: 0 up to rounding for exact binning
   */
  public record Result(
      long n,
      long bins,
      double divergenceScore,
      double uncertainty,
      double resolution,
      double reliability,
      double residual) {
    /** The same decomposition in {@code unit} (the stored values are in nats). */
    public Result in(LogBase unit) {
      return new Result(
          n,
          bins,
          unit.fromNats(divergenceScore),
          unit.fromNats(uncertainty),
          unit.fromNats(resolution),
          unit.fromNats(reliability),
          unit.fromNats(residual));
    }
  }

  /**
   * The clipped log score of one forecast probability of the observed outcome: {@code −ln clip(f)}
   * with {@code clip(f) = min(max(f, eps), 1 − eps)}; {@code −log1p(−eps)} above {@code 1 − eps}.
   *
   * @param f the forecast probability of the outcome, in [0, 1]
   * @param eps the clipping, in [0, 0.5)
   * @return the score in nats, {@code +∞} for {@code f = 0 = eps}
   * @throws IllegalArgumentException if f is NaN or outside [0, 1], or eps outside [0, 0.5)
   */
  public static double logScore(double f, double eps) {
    requireEps(eps);
    if (!(f >= 0.0 && f <= 1.0)) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "forecast probability %s; expected a value in [0, 1]", f));
    }
    if (f < eps) {
      return -Math.log(eps);
    }
    if (f > 1.0 - eps) {
      return -Math.log1p(-eps);
    }
    return f > 0.0 ? -Math.log(f) : Double.POSITIVE_INFINITY;
  }

  /**
   * Decomposes the divergence score of row-level forecasts.
   *
   * @param forecasts N probability vectors over the same K classes (each summing to 1 within {@link
   *     Distributions#DEFAULT_SUM_TOLERANCE})
   * @param outcomes the observed class index of each forecast, in [0, K)
   * @param binning how forecasts are binned
   * @param eps the clipping of forecast probabilities inside logarithms, in [0, 0.5)
   * @return the decomposition in nats
   * @throws IllegalArgumentException if there are no forecasts, the lengths differ, a forecast is
   *     not a probability vector of length K, an outcome is outside [0, K), or eps is outside [0,
   *     0.5)
   */
  public static Result of(
      double[][] forecasts, int[] outcomes, ForecastBinning binning, double eps) {
    requireEps(eps);
    if (forecasts == null || outcomes == null || forecasts.length == 0) {
      throw new IllegalArgumentException("forecasts are null or empty; expected at least one");
    }
    if (forecasts.length != outcomes.length) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%d forecasts but %d outcomes; expected one outcome per forecast",
              forecasts.length,
              outcomes.length));
    }
    int k = forecasts[0] == null ? 0 : forecasts[0].length;
    // Bin by key; a List<Double> key compares values (-0.0 never occurs after the checks).
    Map<List<Double>, double[][]> bins = new LinkedHashMap<>();
    for (int i = 0; i < forecasts.length; i++) {
      double[] f = forecasts[i];
      Distributions.requireProbabilities("forecast " + i, f);
      if (f.length != k) {
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "forecast %d has %d classes; expected %d", i, f.length, k));
      }
      if (outcomes[i] < 0 || outcomes[i] >= k) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "outcome %d is %d; expected a class index in [0, %d)",
                i,
                outcomes[i],
                k));
      }
      List<Double> key = Arrays.stream(binning.key(f)).map(x -> x + 0.0).boxed().toList();
      double[][] bin = bins.computeIfAbsent(key, x -> new double[3][k]);
      bin[0][outcomes[i]] += 1.0;
      for (int j = 0; j < k; j++) {
        bin[1][j] += f[j];
      }
      bin[2][0] += logScore(f[outcomes[i]], eps);
    }
    // A fixed order of the bins (by key), so the result does not depend on the row order.
    List<Map.Entry<List<Double>, double[][]>> sorted = new ArrayList<>(bins.entrySet());
    sorted.sort(Map.Entry.comparingByKey(KEY_ORDER));
    Accumulator acc = new Accumulator(k, eps);
    for (Map.Entry<List<Double>, double[][]> e : sorted) {
      double[][] b = e.getValue();
      acc.addBin(b[0], b[1], b[2][0]);
    }
    return acc.result();
  }

  /** Lexicographic order of bin keys. */
  public static final Comparator<List<Double>> KEY_ORDER =
      (a, b) -> {
        for (int j = 0; j < Math.min(a.size(), b.size()); j++) {
          int c = Double.compare(a.get(j), b.get(j));
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(a.size(), b.size());
      };

  /**
   * The mergeable state of the decomposition, fed one bin at a time (the bins of one group in a
   * report): N, the outcome counts {@code c_j}, {@code Σ_k Σ_j c_kj ln(c_kj/n_k)}, {@code Σ_k Σ_j
   * c_kj ln(ō_kj / clip(f̄_kj))} and the summed clipped log scores, each a compensated sum.
   */
  public static final class Accumulator implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int k;
    private final double eps;
    private final double[] outcomeCounts;
    private final CompensatedSum conditional = new CompensatedSum();
    private final CompensatedSum reliability = new CompensatedSum();
    private final CompensatedSum score = new CompensatedSum();
    private double n;
    private long bins;

    /**
     * @param k the number of classes, {@code >= 1}
     * @param eps the clipping of forecast probabilities inside logarithms, in [0, 0.5)
     * @throws IllegalArgumentException if {@code k < 1} or eps is outside [0, 0.5)
     */
    public Accumulator(int k, double eps) {
      requireEps(eps);
      if (k < 1) {
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "%d classes; expected at least 1", k));
      }
      this.k = k;
      this.eps = eps;
      this.outcomeCounts = new double[k];
    }

    /**
     * Adds one bin.
     *
     * @param counts the outcome counts {@code c_kj} of the bin (finite, non-negative, not all 0)
     * @param forecastSum {@code Σ_{i in k} f_i}, the summed forecasts of the bin; divided by {@code
     *     n_k = Σ_j c_kj} it must be a probability vector (within {@link
     *     Distributions#DEFAULT_SUM_TOLERANCE})
     * @param scoreSum {@code Σ_{i in k} −ln clip(f_i(y_i))} in nats ({@link #logScore}), {@code >=
     *     0}, possibly {@code +∞} when eps = 0
     * @throws IllegalArgumentException if a vector's length is not K, the counts are not valid
     *     weights, the mean forecast is not a probability vector, or the score sum is NaN or
     *     negative
     */
    public void addBin(double[] counts, double[] forecastSum, double scoreSum) {
      double nk = Distributions.requireWeights("outcome counts of a bin", counts);
      if (!(nk > 0.0)) {
        throw new IllegalArgumentException(
            "outcome counts of a bin sum to 0; expected at least one forecast in a bin");
      }
      Distributions.requireWeights("forecast sum of a bin", forecastSum);
      Distributions.requireSameLength("outcome counts", counts, "forecast sum", forecastSum);
      if (counts.length != k) {
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "bin with %d classes; expected %d", counts.length, k));
      }
      if (!(scoreSum >= 0.0)) {
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "score sum %s; expected a value >= 0", scoreSum));
      }
      double[] fbar = new double[k];
      for (int j = 0; j < k; j++) {
        fbar[j] = forecastSum[j] / nk;
      }
      Distributions.requireProbabilities("mean forecast of a bin", fbar);
      for (int j = 0; j < k; j++) {
        double c = counts[j];
        if (c == 0.0) {
          continue; // 0 ln 0 = 0: an outcome never observed in the bin adds nothing
        }
        outcomeCounts[j] += c;
        conditional.add(c * Math.log(c / nk));
        double f = Math.min(Math.max(fbar[j], eps), 1.0 - eps);
        // c ln(ō/f) with ō = c/n_k; +∞ when f = 0 (eps = 0): KL(ō_k ‖ f̄_k) = +∞.
        reliability.add(f > 0.0 ? c * Terms.logRatio(c / nk, f) : Double.POSITIVE_INFINITY);
      }
      score.add(scoreSum);
      n += nk;
      bins++;
    }

    /**
     * The decomposition of the bins added so far, in nats.
     *
     * @throws IllegalStateException if no bin was added
     */
    public Result result() {
      if (bins == 0) {
        throw new IllegalStateException("no bins; expected at least one forecast");
      }
      CompensatedSum unc = new CompensatedSum();
      for (double c : outcomeCounts) {
        if (c > 0.0) {
          unc.add(c * Math.log(c / n));
        }
      }
      double uncertainty = -unc.value() / n;
      double conditionalEntropy = -conditional.value() / n;
      // Both sums run over the same terms when there is one bin: RES = 0 exactly.
      double resolution = Math.max(0.0, uncertainty - conditionalEntropy);
      double rel = reliability.value() / n;
      double reliabilityValue = Double.isInfinite(rel) ? rel : Math.max(0.0, rel);
      double ds = score.value() / n;
      double explained = conditionalEntropy + reliabilityValue;
      double residual =
          Double.isInfinite(ds) && Double.isInfinite(explained) ? 0.0 : ds - explained;
      return new Result(
          Math.round(n), bins, ds, uncertainty, resolution, reliabilityValue, residual);
    }
  }

  private static void requireEps(double eps) {
    if (!(eps >= 0.0 && eps < 0.5)) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "eps %s; expected a value in [0, 0.5)", eps));
    }
  }
}

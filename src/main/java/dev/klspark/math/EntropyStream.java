package dev.klspark.math;

import java.util.Locale;

/**
 * The differential entropy of a one-dimensional sample by the Kozachenko–Leonenko k-nearest-
 * neighbour estimator, in one pass over its distinct values in increasing order, with memory for 2k
 * + 1 of them:
 *
 * <p>{@code ĥ = ψ(n) + (1/n) Σ_i [ln(2 ρ(i)) − ψ(l_i)]}, in nats,
 *
 * <p>where ρ(i) is the radius of x_i's k nearest neighbours among the other values and l_i their
 * count ({@link NearestNeighbours}: l_i = k without ties, giving the familiar {@code ψ(n) − ψ(k) +
 * (1/n) Σ ln(2 ρ_k(i))}; 2ρ is the length of the one-dimensional ball of radius ρ). Kozachenko and
 * Leonenko, Probl. Inf. Transm. 23 (1987) 95-101; the form of Kraskov, Stögbauer and Grassberger,
 * Phys. Rev. E 69 (2004) 066138, eq. 20. The digamma terms remove the estimator's bias for any
 * density (they are the expectations of the log-volumes), which is why klspark uses it rather than
 * the m-spacing estimators of scipy {@code stats.differential_entropy} (Vasicek, Ebrahimi), whose
 * bias is corrected only asymptotically; in one dimension it is root-n consistent (Berrett,
 * Samworth and Yuan, Ann. Statist. 47 (2019) 288-318), and it needs memory for 2k + 1 values where
 * an m-spacing needs √n.
 *
 * <p>A differential entropy may be negative. Undefined (NaN with {@link #problem}) when a value has
 * fewer than k other values at a positive distance (e.g. fewer than k + 1 distinct values).
 */
public final class EntropyStream {
  private final int k;
  private final NearestNeighbours.SameSample rho;
  private long n;
  private double previous = Double.NaN;

  /**
   * An estimator with neighbour rank {@code k}.
   *
   * @param k the neighbour rank, ≥ 1
   * @throws IllegalArgumentException if k is below 1
   */
  public EntropyStream(int k) {
    TwoSampleStream.requireK(k);
    this.k = k;
    this.rho = new NearestNeighbours.SameSample(k);
  }

  /**
   * Adds one distinct value.
   *
   * @param v the value, finite, greater than every value added before
   * @param count its count, ≥ 1
   * @throws IllegalArgumentException if v is not finite or not increasing, or count is below 1
   */
  public void add(double v, long count) {
    if (!Double.isFinite(v) || !(v > previous || Double.isNaN(previous)) || count < 1) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "value %s (count %d) after %s; expected finite values in increasing order, each"
                  + " counted at least once",
              v,
              count,
              previous));
    }
    previous = v;
    n += count;
    rho.add(v, count);
  }

  /** The number of values added. */
  public long n() {
    return n;
  }

  /** The neighbour rank. */
  public int k() {
    return k;
  }

  /**
   * Ends the stream.
   *
   * @return the estimate in nats, or NaN when undefined ({@link #problem} says why)
   */
  public double finish() {
    rho.finish();
    if (n < 2) {
      return Double.NaN;
    }
    double s = rho.sum();
    return Double.isNaN(s) ? s : Digamma.of(n) + Math.log(2.0) + s / n;
  }

  /** Why {@link #finish} is undefined, or null. */
  public String problem() {
    if (n < 2) {
      return "the entropy estimate needs at least 2 values";
    }
    return rho.problem();
  }
}

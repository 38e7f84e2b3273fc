package dev.klspark.datagen;

import dev.klspark.math.Distributions;
import java.io.Serializable;

/**
 * Walker's alias method: draws an index {@code i} in {@code [0, k)} with probability {@code p_i} in
 * constant time from two uniform numbers.
 *
 * <p>Construction follows Vose's numerically stable variant (M. D. Vose, "A linear algorithm for
 * generating random numbers with a given distribution", IEEE Trans. Softw. Eng. 17(9), 1991,
 * 972-975): every column {@code i} of width {@code 1/k} keeps its own index with probability {@code
 * prob[i]} and otherwise yields {@code alias[i]}. The construction uses no randomness, so the same
 * {@code p} always gives the same table, and the same uniforms the same index. Leftover columns
 * (rounding) get {@code prob = 1}, as in Vose's paper; the error on any {@code p_i} is a few ulps.
 */
public final class AliasTable implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] prob;
  private final int[] alias;

  private AliasTable(double[] prob, int[] alias) {
    this.prob = prob;
    this.alias = alias;
  }

  /**
   * Builds the table for a probability vector.
   *
   * @param p probabilities over k categories (k >= 1), summing to 1 within {@link
   *     Distributions#DEFAULT_SUM_TOLERANCE}
   * @return the alias table of {@code p}
   * @throws IllegalArgumentException if {@code p} is not a probability vector (see {@link
   *     Distributions#requireProbabilities(String, double[])})
   */
  public static AliasTable of(double[] p) {
    Distributions.requireProbabilities("p", p);
    int k = p.length;
    double[] scaled = new double[k];
    int[] small = new int[k];
    int[] large = new int[k];
    int nSmall = 0;
    int nLarge = 0;
    for (int i = 0; i < k; i++) {
      scaled[i] = p[i] * k;
      if (scaled[i] < 1.0) {
        small[nSmall++] = i;
      } else {
        large[nLarge++] = i;
      }
    }
    double[] prob = new double[k];
    int[] alias = new int[k];
    while (nSmall > 0 && nLarge > 0) {
      int s = small[--nSmall];
      int l = large[--nLarge];
      prob[s] = scaled[s];
      alias[s] = l;
      // Vose: (scaled[l] + scaled[s]) - 1 is more accurate than scaled[l] - (1 - scaled[s]).
      scaled[l] = (scaled[l] + scaled[s]) - 1.0;
      if (scaled[l] < 1.0) {
        small[nSmall++] = l;
      } else {
        large[nLarge++] = l;
      }
    }
    while (nLarge > 0) {
      int l = large[--nLarge];
      prob[l] = 1.0;
      alias[l] = l;
    }
    while (nSmall > 0) {
      int s = small[--nSmall];
      prob[s] = 1.0;
      alias[s] = s;
    }
    return new AliasTable(prob, alias);
  }

  /** The number of categories k. */
  public int size() {
    return prob.length;
  }

  /**
   * Draws an index.
   *
   * @param u1 uniform in [0, 1): picks the column
   * @param u2 uniform in [0, 1): keeps the column or takes its alias
   * @return an index in [0, k)
   */
  public int sample(double u1, double u2) {
    // u1 * k rounds up to k for u1 = 1 - 2^-53 and k near 2^30 or above: clamp.
    int i = Math.min((int) (u1 * prob.length), prob.length - 1);
    return u2 < prob[i] ? i : alias[i];
  }

  /**
   * The exact probability of each index under {@link #sample(double, double)} with independent
   * uniforms: {@code (prob[i] + sum over j with alias[j] = i, j != i of (1 - prob[j])) / k}. Used
   * by tests to check the table against the distribution it was built from.
   *
   * @return a new array of k probabilities
   */
  public double[] impliedProbabilities() {
    int k = prob.length;
    double[] p = new double[k];
    for (int i = 0; i < k; i++) {
      p[i] += prob[i] / k;
      if (alias[i] != i) {
        p[alias[i]] += (1.0 - prob[i]) / k;
      }
    }
    return p;
  }
}

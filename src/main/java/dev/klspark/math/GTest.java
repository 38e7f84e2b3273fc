package dev.klspark.math;

import java.util.Locale;
import org.apache.commons.math3.special.Gamma;

/**
 * The G-test (likelihood-ratio test) of goodness of fit of observed counts to a fixed categorical
 * distribution.
 *
 * <p>{@code G = 2 sum_i o_i ln(o_i / e_i)} with {@code e_i = n q_i}, {@code n = sum_i o_i}, which
 * is {@code G = 2 n KL(P̂ || Q)} in nats, P̂ the observed proportions (Sokal and Rohlf,
 * <i>Biometry</i>, 4th ed., 2012, section 17.2, eq. 17.2). Under the null hypothesis that the
 * counts are drawn from Q, G is asymptotically chi-squared with {@code df = k - 1} degrees of
 * freedom, k the number of categories with {@code q_i > 0}. The upper tail is {@code P(X >= G) =
 * Q(df/2, G/2)}, the regularized upper incomplete gamma function, computed directly (commons-math3
 * {@code Gamma.regularizedGammaQ}) rather than as {@code 1 - cdf}, so tiny p-values keep their
 * relative accuracy instead of cancelling to 0.
 *
 * <p>Conventions: {@code 0 ln 0 = 0}; {@code o_i > 0} with {@code q_i = 0} gives {@code G = +inf}
 * and p-value 0, whatever df; otherwise, with {@code df = 0} (one category) there is nothing to
 * test and the p-value is 1.
 */
public final class GTest {
  private GTest() {}

  /**
   * The G statistic.
   *
   * @param observed observed counts (non-negative, finite, not all zero)
   * @param q the hypothesised probabilities over the same categories
   * @return {@code 2 n KL(o/n || q)} in nats, possibly {@code +inf}
   * @throws IllegalArgumentException if the counts are null, empty, NaN, infinite, negative or all
   *     zero, if q is not a probability vector, or the lengths differ
   */
  public static double statistic(double[] observed, double[] q) {
    double n = Distributions.requireWeights("observed", observed);
    double[] p = Distributions.normalize("observed", observed);
    return 2.0 * n * KlDivergence.of(p, q); // validates q (a probability vector of the same length)
  }

  /**
   * Degrees of freedom of the test: categories with {@code q_i > 0}, minus one (never negative).
   *
   * @param q the hypothesised probabilities
   * @return {@code max(0, #{i : q_i > 0} - 1)}
   */
  public static int degreesOfFreedom(double[] q) {
    int k = 0;
    for (double x : q) {
      if (x > 0.0) {
        k++;
      }
    }
    return Math.max(0, k - 1);
  }

  /**
   * The asymptotic p-value {@code P(chi2(df) >= g)}.
   *
   * @param g the G statistic, {@code >= 0} or {@code +inf}
   * @param df degrees of freedom, {@code >= 0}
   * @return the upper-tail probability in [0, 1]; 0 when {@code g = +inf}; else 1 when {@code df =
   *     0}
   * @throws IllegalArgumentException if g is NaN or negative, or df is negative
   */
  public static double pValue(double g, int df) {
    if (Double.isNaN(g) || g < 0.0 || df < 0) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "G test with G = %s, df = %d; expected G >= 0 and df >= 0", g, df));
    }
    if (Double.isInfinite(g)) {
      return 0.0; // a category the model calls impossible was observed: H0 is refuted
    }
    if (df == 0) {
      return 1.0;
    }
    if (g == 0.0) {
      return 1.0;
    }
    return Gamma.regularizedGammaQ(df / 2.0, g / 2.0);
  }
}

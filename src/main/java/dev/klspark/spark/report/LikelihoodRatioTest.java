package dev.klspark.spark.report;

import java.util.Locale;
import dev.klspark.math.GTest;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The likelihood-ratio (G) test of a fitted categorical sample against a fixed model: {@code G =
 * 2 n KL(P̂ ‖ Q)} (KL in nats) is asymptotically χ² with {@code k − 1} degrees of freedom under
 * the hypothesis that the rows were drawn from Q (Wilks 1938; Agresti, <i>Categorical Data
 * Analysis</i>, 3rd ed., 2013, section 1.5.5). k is the number of categories with q &gt; 0 in the
 * group ({@code k_model}).
 *
 * <p>The p-value is the upper tail {@code P(χ²_{k−1} ≥ G) = Q(ν/2, G/2)}, the regularized upper
 * incomplete gamma function, from the kernel's {@link GTest#pValue} (commons-math3 {@code
 * Gamma.regularizedGammaQ}): the same number as {@code 1 − new ChiSquaredDistribution(k −
 * 1).cumulativeProbability(G)} (tested), without its loss of all digits once the CDF rounds to 1
 * (p below ~1e-16).
 */
public final class LikelihoodRatioTest {
  private LikelihoodRatioTest() {}

  /**
   * Upper-tail χ² probability.
   *
   * @param g the G statistic, ≥ 0 or +inf (then 0 is returned)
   * @param degreesOfFreedom ν ≥ 1
   * @return {@code P(χ²_ν ≥ g)}
   * @throws IllegalArgumentException if g is NaN or negative, or ν &lt; 1
   */
  public static double pValue(double g, int degreesOfFreedom) {
    if (!(g >= 0.0)) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "G statistic = %s; expected a value >= 0", g));
    }
    if (degreesOfFreedom < 1) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "degrees of freedom = %d; expected >= 1", degreesOfFreedom));
    }
    return GTest.pValue(g, degreesOfFreedom);
  }

  /** {@code (g double, df int) -> p double}; null when either is null or df &lt; 1. */
  static UserDefinedFunction udf() {
    UDF2<Double, Integer, Double> f =
        (g, df) -> g == null || df == null || df < 1 || Double.isNaN(g) ? null : pValue(g, df);
    return functions.udf(f, DataTypes.DoubleType).withName("klspark_g_test_p_value");
  }
}

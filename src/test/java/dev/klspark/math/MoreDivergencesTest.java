package dev.klspark.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Kernel-level checks of Hellinger, total variation, Jeffreys/PSI and the closed-form KL
 * divergences (the SQL tests cover them again through Spark). Oracles: scipy 1.17.1 / numpy 2.4 and
 * hand calculation, written beside each value.
 */
class MoreDivergencesTest {
  private static final double[] P = {0.5, 0.3, 0.2};
  private static final double[] Q = {0.33, 0.33, 0.34};

  @Test
  void distancesOnTheIssueExample() {
    // sqrt(0.5 * sum((sqrt p - sqrt q)^2)) in python math = 0.13559988609527143
    assertThat(HellingerDistance.of(P, Q)).isCloseTo(0.13559988609527143, within(1e-15));
    // 0.5 * (0.17 + 0.03 + 0.14) = 0.17 (hand)
    assertThat(TotalVariationDistance.of(P, Q)).isCloseTo(0.17, within(1e-15));
    // stats.entropy(p, q) + stats.entropy(q, p) = 0.14778488601631679
    assertThat(JeffreysDivergence.of(P, Q)).isCloseTo(0.14778488601631679, within(1e-15));
    // PSI = sum (p - q) ln(p / q): the same number (scipy / python loop above)
    assertThat(PopulationStabilityIndex.of(P, Q)).isCloseTo(0.14778488601631679, within(1e-15));
    assertThat(JeffreysDivergence.of(P, Q))
        .isCloseTo(KlDivergence.of(P, Q) + KlDivergence.of(Q, P), within(1e-15));
  }

  @Test
  void boundsAndZeros() {
    double[] a = {1, 0};
    double[] b = {0, 1};
    assertThat(HellingerDistance.of(a, b)).isCloseTo(1.0, within(1e-15));
    assertThat(TotalVariationDistance.of(a, b)).isEqualTo(1.0);
    assertThat(HellingerDistance.of(P, P)).isEqualTo(0.0);
    assertThat(PopulationStabilityIndex.of(new double[] {0.5, 0.5}, new double[] {1, 0}))
        .isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void closedForms() {
    // KL(N(0,1) || N(1,2)) = ln(2/1) + (1 + 1)/(2*4) - 1/2 = 0.4431471805599453 (hand)
    assertThat(ClosedFormKl.gaussian(0, 1, 1, 2, LogBase.NATS))
        .isCloseTo(0.4431471805599453, within(1e-15));
    // Poisson: 3 ln(3/5) + 5 - 3 = 0.4675231287020276 (hand)
    assertThat(ClosedFormKl.poisson(3, 5, LogBase.NATS))
        .isCloseTo(0.4675231287020276, within(1e-14));
    // Exponential rates: ln(2/3) + 3/2 - 1 = 0.09453489189183562 (hand)
    assertThat(ClosedFormKl.exponential(2, 3, LogBase.NATS))
        .isCloseTo(0.09453489189183562, within(1e-15));
    // Bernoulli 0.3 vs 0.6 = scipy stats.entropy([.3,.7],[.6,.4]) = 0.18378689738681217
    assertThat(ClosedFormKl.bernoulli(0.3, 0.6, LogBase.NATS))
        .isCloseTo(0.18378689738681217, within(1e-15));
    assertThat(ClosedFormKl.bernoulli(0.3, 0.6, LogBase.NATS))
        .isCloseTo(
            KlDivergence.of(new double[] {0.3, 0.7}, new double[] {0.6, 0.4}), within(1e-15));
    // Full covariance, numpy: 0.5 (tr(S2^-1 S1) + d' S2^-1 d - 2 + ln(det S2 / det S1))
    double[][] s1 = {{2, 0.5}, {0.5, 1}};
    double[][] s2 = {{1, 0.2}, {0.2, 3}};
    assertThat(
            ClosedFormKl.multivariateGaussian(
                new double[] {0, 1}, s1, new double[] {1, -1}, s2, LogBase.NATS))
        .isCloseTo(1.7290029564164895, within(1e-13));
    // Diagonal covariances: the full and diagonal forms agree with a sum of univariate ones.
    double diag =
        ClosedFormKl.gaussianDiagonal(
            new double[] {0, 1},
            new double[] {1, 4},
            new double[] {1, 0},
            new double[] {4, 1},
            LogBase.NATS);
    double sum =
        ClosedFormKl.gaussian(0, 1, 1, 2, LogBase.NATS)
            + ClosedFormKl.gaussian(1, 2, 0, 1, LogBase.NATS);
    assertThat(diag).isCloseTo(sum, within(1e-14));
    assertThatThrownBy(() -> ClosedFormKl.gaussian(0, -1, 0, 1, LogBase.NATS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }
}

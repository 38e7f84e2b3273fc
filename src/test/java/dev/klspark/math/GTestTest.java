package dev.klspark.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** G-test and Benjamini-Hochberg against scipy 1.17.1. */
class GTestTest {

  /**
   * Oracles: scipy 1.17.1 {@code stats.power_divergence(o, q * o.sum(), lambda_="log-likelihood")}.
   */
  static Stream<Arguments> oracles() {
    return Stream.of(
        Arguments.of(
            new double[] {30, 14, 34, 45, 57, 20},
            new double[] {.2, .15, .2, .2, .15, .1},
            34.119683222458846,
            2.253877102947657e-06),
        Arguments.of(
            new double[] {500, 10},
            new double[] {.9, .1},
            52.973077567040974,
            3.381516135906853e-13));
  }

  @ParameterizedTest
  @MethodSource("oracles")
  void matchesScipy(double[] observed, double[] q, double g, double p) {
    double stat = GTest.statistic(observed, q);
    assertThat(stat).isCloseTo(g, within(1e-10 * g));
    double pv = GTest.pValue(stat, GTest.degreesOfFreedom(q));
    assertThat(pv).isCloseTo(p, within(1e-8 * p));
  }

  @Test
  void tinyPValuesKeepRelativeAccuracy() {
    // scipy 1.17.1 stats.chi2.sf(900.0, 3) = 8.851690237125443e-195 (1 - cdf would give 0).
    assertThat(GTest.pValue(900.0, 3)).isCloseTo(8.851690237125443e-195, within(1e-9 * 8.85e-195));
  }

  @Test
  void edgeCases() {
    assertThat(GTest.pValue(5.0, 0)).isEqualTo(1.0);
    assertThat(GTest.pValue(Double.POSITIVE_INFINITY, 2)).isEqualTo(0.0);
    assertThat(GTest.pValue(0.0, 2)).isEqualTo(1.0);
    assertThat(GTest.statistic(new double[] {1, 1}, new double[] {1, 0})).isInfinite();
    assertThat(GTest.degreesOfFreedom(new double[] {0.5, 0.5, 0.0})).isEqualTo(1);
    assertThatThrownBy(() -> GTest.pValue(-1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("G = -1.0");
  }

  @Test
  void benjaminiHochbergMatchesScipy() {
    // scipy 1.17.1 stats.false_discovery_control([0.01, 0.04, 0.03, 0.005, 0.5, 0.2])
    double[] adj = BenjaminiHochberg.adjust(new double[] {0.01, 0.04, 0.03, 0.005, 0.5, 0.2});
    assertThat(adj)
        .containsExactly(new double[] {0.03, 0.06, 0.06, 0.03, 0.5, 0.24}, within(1e-15));
    assertThat(BenjaminiHochberg.adjust(new double[0])).isEmpty();
    assertThatThrownBy(() -> BenjaminiHochberg.adjust(new double[] {0.1, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("p[1] = NaN");
  }

  @Test
  void upperTailMatchesScipyAndTheChiSquaredDistribution() {
    // scipy 1.17: stats.chi2.sf(3.2, 4) = 0.5249309467861041, stats.chi2.sf(100, 3) =
    // 1.5541594313896026e-21
    assertThat(GTest.pValue(3.2, 4)).isCloseTo(0.5249309467861041, within(1e-14));
    assertThat(GTest.pValue(3.2, 4))
        .isCloseTo(
            1
                - new org.apache.commons.math3.distribution.ChiSquaredDistribution(4)
                    .cumulativeProbability(3.2),
            within(1e-14));
    // Far tail: 1 - CDF has no digits left; the regularized upper gamma keeps them.
    assertThat(GTest.pValue(100, 3))
        .isCloseTo(1.5541594313896026e-21, within(1e-12 * 1.5541594313896026e-21));
    assertThat(GTest.pValue(Double.POSITIVE_INFINITY, 0)).isEqualTo(0.0);
    assertThat(GTest.pValue(0.0, 0)).isEqualTo(1.0);
  }
}

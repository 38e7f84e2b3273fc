package dev.klspark.spark.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;

/** The G-test p-value: scipy 1.17 {@code stats.chi2.sf(g, df)} and commons-math3's CDF. */
class LikelihoodRatioTestTest {
  @Test
  void upperTailMatchesScipyAndTheChiSquaredDistribution() {
    assertThat(LikelihoodRatioTest.pValue(3.2, 4)).isCloseTo(0.5249309467861041, within(1e-14));
    assertThat(LikelihoodRatioTest.pValue(3.2, 4))
        .isCloseTo(1 - new ChiSquaredDistribution(4).cumulativeProbability(3.2), within(1e-14));
    // Far tail: 1 - CDF has no digits left; the regularized upper gamma keeps them.
    assertThat(LikelihoodRatioTest.pValue(100, 3))
        .isCloseTo(1.5541594313896026e-21, within(1e-12 * 1.5541594313896026e-21));
    assertThat(LikelihoodRatioTest.pValue(Double.POSITIVE_INFINITY, 3)).isEqualTo(0.0);
  }

  @Test
  void invalidArguments() {
    assertThatThrownBy(() -> LikelihoodRatioTest.pValue(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("degrees of freedom = 0; expected >= 1");
    assertThatThrownBy(() -> LikelihoodRatioTest.pValue(-1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("G statistic = -1.0; expected a value >= 0");
  }
}

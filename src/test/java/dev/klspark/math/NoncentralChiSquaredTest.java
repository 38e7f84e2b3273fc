package dev.klspark.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NoncentralChiSquaredTest {
  /**
   * scipy 1.17.1 {@code stats.ncx2.cdf(x, df, nc)} (Boost's exact algorithm), printed by
   * src/test/resources/oracles/evidence_oracles.py.
   */
  static Stream<Arguments> scipy() {
    return Stream.of(
        Arguments.of(0.5, 1.0, 0.0, 0.5204998778130466),
        Arguments.of(3.0, 2.0, 1.5, 0.551314141393785),
        Arguments.of(10.0, 4.5, 7.0, 0.4608579322485133),
        Arguments.of(1.0, 0.3, 0.2, 0.8535289645273304),
        Arguments.of(25.0, 9.0, 12.0, 0.7178350043152251),
        Arguments.of(60.0, 19.0, 40.0, 0.55456395639532),
        Arguments.of(95.0, 3.0, 99.0, 0.3802593607404239),
        Arguments.of(130.0, 10.0, 120.0, 0.517620802828361),
        Arguments.of(900.0, 49.0, 800.0, 0.8137670164681663),
        Arguments.of(10500.0, 19.0, 10000.0, 0.9913577563822046),
        Arguments.of(9500.0, 4.0, 10000.0, 0.005428781133326869),
        Arguments.of(0.01, 0.25, 150.0, 1.9982979394316028e-33));
  }

  @ParameterizedTest
  @MethodSource("scipy")
  void matchesScipy(double x, double df, double nc, double expected) {
    // The series (nc < 100) is exact to rounding; Sankaran's approximation (nc >= 100) to 1e-4.
    double tol = nc < NoncentralChiSquared.SERIES_LIMIT ? 1e-12 : 1e-4;
    assertThat(NoncentralChiSquared.cdf(x, df, nc)).isCloseTo(expected, within(tol));
  }

  @Test
  void isAContinuousDecreasingFunctionOfTheNoncentralityAcrossTheSwitch() {
    double below = NoncentralChiSquared.cdf(110.0, 5.0, Math.nextDown(100.0));
    double at = NoncentralChiSquared.cdf(110.0, 5.0, 100.0);
    assertThat(Math.abs(below - at)).isLessThan(1e-4);
    double previous = 1.0;
    for (double nc = 0.0; nc < 400.0; nc += 7.3) {
      double f = NoncentralChiSquared.cdf(150.0, 9.0, nc);
      assertThat(f).isLessThanOrEqualTo(previous + 1e-4);
      previous = f;
    }
  }

  @Test
  void edgesAndBadArguments() {
    assertThat(NoncentralChiSquared.cdf(0.0, 3.0, 5.0)).isZero();
    assertThat(NoncentralChiSquared.cdf(-1.0, 3.0, 5.0)).isZero();
    assertThat(NoncentralChiSquared.cdf(Double.POSITIVE_INFINITY, 3.0, 5.0)).isEqualTo(1.0);
    assertThatThrownBy(() -> NoncentralChiSquared.cdf(Double.NaN, 3.0, 5.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x = NaN");
    assertThatThrownBy(() -> NoncentralChiSquared.cdf(1.0, 0.0, 5.0))
        .hasMessageContaining("df = 0.0");
    assertThatThrownBy(() -> NoncentralChiSquared.cdf(1.0, 2.0, -1.0))
        .hasMessageContaining("lambda = -1.0");
  }
}

package dev.klspark.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Closed forms of {@link GaussianFamily} against oracle values. KL values: mpmath 1.3 (40 digits)
 * {@code quad} of {@code npdf(t,m1,s1) * (log npdf(t,m1,s1) - log npdf(t,m2,s2))} over the real
 * line; entropies: scipy 1.17 {@code stats.norm(m, s).entropy()}; NLL: {@code -stats.norm.logpdf(x,
 * mu, sigma).mean()}.
 */
class GaussianFamilyTest {
  static Stream<Arguments> kl() {
    return Stream.of(
        Arguments.of(0.0, 1.0, 1.0, 2.0, 0.44314718055994530942, 1e-15),
        Arguments.of(3.5, 2.29128784747792, 3.0, 2.0, 0.051533142258179108473, 1e-13),
        // sigma ratio near 1: the log1p branch keeps ~7 digits (the input 1 + 1e-9 is itself
        // rounded by 1e-16, i.e. 1e-7 relative to the excess); the naive form loses them all.
        Arguments.of(0.0, 1.0, 0.0, 1.0 + 1e-9, 9.9999999833333333558e-19, 1e-6),
        Arguments.of(5.0, 3.0, 5.0, 3.0, 0.0, 0.0));
  }

  @ParameterizedTest
  @MethodSource
  void kl(double m, double s, double mu, double sigma, double expected, double relative) {
    assertThat(GaussianFamily.klDivergence(m, s, mu, sigma))
        .isCloseTo(expected, within(relative * expected));
  }

  @Test
  void entropyAndNllOfASample() {
    // x = [1, 2, 4, 7]: m = 3.5, s = 2.29128784747792 (np.std), model N(3, 2).
    double m = 3.5;
    double s = Math.sqrt(5.25);
    assertThat(GaussianFamily.entropy(1.0)).isCloseTo(1.4189385332046727, within(1e-15));
    assertThat(GaussianFamily.entropy(s)).isCloseTo(2.248052571506439, within(1e-14));
    assertThat(GaussianFamily.meanNll(m, s, 3.0, 2.0)).isCloseTo(2.299585713764618, within(1e-14));
    double rows = 0;
    for (double x : new double[] {1, 2, 4, 7}) {
      rows += GaussianFamily.negLogDensity(x, 3.0, 2.0);
    }
    assertThat(rows / 4).isCloseTo(2.299585713764618, within(1e-14));
  }

  static Stream<Arguments> identity() {
    return Stream.of(
        Arguments.of(0.0, 1.0, 0.0, 1.0),
        Arguments.of(10.0, 0.5, -3.0, 7.0),
        Arguments.of(1e6, 1e-3, 1e6 + 1, 2e-3),
        Arguments.of(-2.0, 40.0, 1.0, 0.3));
  }

  /** mean NLL = h(N̂) + KL(N̂ ‖ N(mu, sigma)) for every Gaussian model. */
  @ParameterizedTest
  @MethodSource
  void identity(double m, double s, double mu, double sigma) {
    double nll = GaussianFamily.meanNll(m, s, mu, sigma);
    double sum = GaussianFamily.entropy(s) + GaussianFamily.klDivergence(m, s, mu, sigma);
    assertThat(Math.abs(nll - sum)).isLessThanOrEqualTo(1e-12 * Math.max(1, Math.abs(nll)));
  }

  @Test
  void degenerateAndInvalidArguments() {
    assertThat(GaussianFamily.entropy(0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(GaussianFamily.klDivergence(1, 0, 1, 1)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThatThrownBy(() -> GaussianFamily.klDivergence(0, 1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sigma = 0.0; expected a finite standard deviation > 0");
    assertThatThrownBy(() -> GaussianFamily.entropy(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sigma = -1.0; expected a finite standard deviation >= 0");
    assertThatThrownBy(() -> GaussianFamily.meanNll(Double.NaN, 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("m = NaN; expected a finite number");
  }
}

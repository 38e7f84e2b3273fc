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
 * mu, sigma).mean()}. KL values marked "exact inputs": mpmath 1.3 (60 digits) of the closed form
 * {@code log(s2/s1) + (s1**2 + (m1-m2)**2)/(2*s2**2) - 0.5} on {@code mpf(float(x))} of each
 * argument, i.e. on the binary value the test passes.
 */
class GaussianFamilyTest {
  static Stream<Arguments> kl() {
    return Stream.of(
        Arguments.of(0.0, 1.0, 1.0, 2.0, 0.44314718055994530942, 1e-15),
        Arguments.of(3.5, 2.29128784747792, 3.0, 2.0, 0.051533142258179108473, 1e-13),
        // sigma ratio near 1: the oracle is for the decimal 1 + 1e-9, which the double argument
        // misses by 1e-16, i.e. 1e-7 relative to the excess; the naive form loses every digit.
        Arguments.of(0.0, 1.0, 0.0, 1.0 + 1e-9, 9.9999999833333333558e-19, 1e-6),
        // Exact inputs: sigma = s (1 + 2^-20) at two scales; full accuracy (the former
        // t(2+t)/2 - log1p(t) form kept 4e-11 of it, the former ln v1 - ln v2 one 6e-13 at 1e10).
        Arguments.of(0.0, 1.0, 0.0, 1.0 + 0x1p-20, 9.0949325617189274474523e-13, 1e-15),
        Arguments.of(0.0, 1e10, 0.0, 1e10 + 1e10 * 0x1p-20, 9.0949325617189274474523e-13, 1e-15),
        // Exact inputs far from 1: no squaring, so no overflow (the former variance form gave
        // +inf).
        Arguments.of(0.0, 1e-300, 0.0, 1e300, 1381.051055796427410438241, 1e-15),
        Arguments.of(1e160, 3e160, 0.0, 1e160, 3.401387711331889892371615, 1e-15),
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
    assertThat(GaussianFamily.differentialEntropy(1.0))
        .isCloseTo(1.4189385332046727, within(1e-15));
    assertThat(GaussianFamily.differentialEntropy(s)).isCloseTo(2.248052571506439, within(1e-14));
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
    double sum =
        GaussianFamily.differentialEntropy(s) + GaussianFamily.klDivergence(m, s, mu, sigma);
    assertThat(Math.abs(nll - sum)).isLessThanOrEqualTo(1e-12 * Math.max(1, Math.abs(nll)));
  }

  /**
   * The univariate normal KL has one home: {@link ClosedFormKl}'s normal forms (the SQL functions
   * kl_gaussian, kl_gaussian_diag and vae_kl) compute it here.
   */
  @Test
  void closedFormKlDelegatesHere() {
    for (Arguments a : kl().toList()) {
      Object[] x = a.get();
      double m = (Double) x[0];
      double s = (Double) x[1];
      double mu = (Double) x[2];
      double sigma = (Double) x[3];
      assertThat(ClosedFormKl.gaussian(m, s, mu, sigma, LogBase.NATS))
          .isEqualTo(GaussianFamily.klDivergence(m, s, mu, sigma));
    }
    double s2 = 2.29128784747792;
    double two =
        GaussianFamily.klDivergence(0.0, 1.0, 1.0, 2.0)
            + GaussianFamily.klDivergence(3.5, s2, 3.0, 2.0);
    assertThat(
            ClosedFormKl.gaussianDiagonal(
                new double[] {0.0, 3.5},
                new double[] {1.0, s2 * s2},
                new double[] {1.0, 3.0},
                new double[] {4.0, 4.0},
                LogBase.NATS))
        .isCloseTo(two, within(1e-15 * two));
    double vae = GaussianFamily.klDivergence(0.5, 1.5, 0.0, 1.0);
    assertThat(
            ClosedFormKl.standardNormalFromDiagonal(
                new double[] {0.5}, new double[] {2 * Math.log(1.5)}, LogBase.NATS))
        .isCloseTo(vae, within(1e-15 * vae));
  }

  @Test
  void degenerateAndInvalidArguments() {
    assertThat(GaussianFamily.differentialEntropy(0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(GaussianFamily.klDivergence(1, 0, 1, 1)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThatThrownBy(() -> GaussianFamily.klDivergence(0, 1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sigma = 0.0; expected a finite standard deviation > 0");
    assertThatThrownBy(() -> GaussianFamily.differentialEntropy(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sigma = -1.0; expected a finite standard deviation >= 0");
    assertThatThrownBy(() -> GaussianFamily.meanNll(Double.NaN, 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("m = NaN; expected a finite number");
  }
}

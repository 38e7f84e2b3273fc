package dev.klspark.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Invariants, literature values and argument checks of the continuous comparisons. */
class TwoSampleStreamTest {

  /**
   * niklhart/kldest {@code tests/testthat/test-kld-estimation.R} ({@code kld_est_nn}, k = 1): X =
   * (1, 2), Y = (1.5, 2.5) gives 0; X = (1, 2, 4), Y = (1.5, 3) gives −ln 2.
   */
  @Test
  void kldestValues() {
    assertThat(
            ContinuousSamples.compare(new double[] {1, 2}, new double[] {1.5, 2.5}, 1)
                .klDivergenceKnn())
        .isCloseTo(0.0, within(1e-15));
    assertThat(
            ContinuousSamples.compare(new double[] {1, 2, 4}, new double[] {1.5, 3}, 1)
                .klDivergenceKnn())
        .isCloseTo(-Math.log(2), within(1e-15));
  }

  @Test
  void invariantUnderShiftAndScale() {
    Random r = new Random(5);
    double[] p = new double[500];
    double[] q = new double[400];
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.rint(100 * r.nextGaussian()) / 100; // with ties
    }
    for (int i = 0; i < q.length; i++) {
      q[i] = Math.rint(100 * (0.3 + 1.4 * r.nextGaussian())) / 100;
    }
    TwoSampleStream.Result base = ContinuousSamples.compare(p, q, 5);
    double[] p2 = p.clone();
    double[] q2 = q.clone();
    for (int i = 0; i < p2.length; i++) {
      p2[i] = 4 * p2[i] - 7;
    }
    for (int i = 0; i < q2.length; i++) {
      q2[i] = 4 * q2[i] - 7;
    }
    TwoSampleStream.Result moved = ContinuousSamples.compare(p2, q2, 5);
    assertThat(moved.ksStatistic()).isEqualTo(base.ksStatistic());
    assertThat(moved.ksPValue()).isEqualTo(base.ksPValue());
    assertThat(moved.wasserstein()).isCloseTo(4 * base.wasserstein(), within(1e-12));
    assertThat(moved.klDivergenceKnn()).isCloseTo(base.klDivergenceKnn(), within(1e-12));
    assertThat(ContinuousSamples.entropy(p2, 5))
        .isCloseTo(ContinuousSamples.entropy(p, 5) + Math.log(4), within(1e-12));
    // KS and W1 are symmetric; order of the input does not matter.
    TwoSampleStream.Result swapped = ContinuousSamples.compare(q, p, 5);
    assertThat(swapped.ksStatistic()).isEqualTo(base.ksStatistic());
    assertThat(swapped.wasserstein()).isCloseTo(base.wasserstein(), within(1e-12));
  }

  @Test
  void identicalSamplesAndUndefinedCases() {
    double[] x = {1, 2, 3, 4, 5, 6, 7};
    TwoSampleStream.Result same = ContinuousSamples.compare(x, x, 1);
    assertThat(same.ksStatistic()).isZero();
    assertThat(same.ksPValue()).isEqualTo(1.0);
    assertThat(same.wasserstein()).isZero();
    // Every current value equal: no other current value at a positive distance.
    TwoSampleStream.Result flat = ContinuousSamples.compare(new double[] {3, 3, 3}, x, 1);
    assertThat(flat.klDivergenceKnn()).isNull();
    assertThat(flat.knnProblem())
        .isEqualTo("fewer than k = 1 other values of the sample differ from the value 3.0");
    TwoSampleStream.Result fewRef = ContinuousSamples.compare(x, new double[] {1, 2}, 3);
    assertThat(fewRef.knnProblem()).startsWith("fewer than k = 3 values of the reference differ");
    assertThat(ContinuousSamples.entropy(new double[] {2}, 1)).isNaN();
  }

  /**
   * Values whose differences overflow a double (a range above 1.8e308): the k-NN radii, W₁ and the
   * entropy are computed without overflow. KS and W₁ against scipy 1.17.1 {@code stats.ks_2samp(p,
   * q)} and {@code stats.wasserstein_distance(p, q)}; the k-NN KL and entropy against the same
   * samples divided by 2^4 (an exact scaling): KL is unchanged by it, W₁ scales by 16, and the
   * entropy shifts by ln 16.
   */
  @Test
  void valuesNearTheLargestDouble() {
    double[] p = {1e308, -1e308, 1e308, 0.0, 5e307, -5e307, 1.7e308};
    double[] q = {-1.7e308, -1e308, 1e307, 2e307, 3e307, -4e307, 0.5};
    TwoSampleStream.Result huge = ContinuousSamples.compare(p, q, 2);
    assertThat(huge.ksStatistic()).isCloseTo(0.5714285714285714, within(1e-15));
    assertThat(huge.ksPValue()).isCloseTo(0.21212121212121213, within(1e-15));
    assertThat(huge.wasserstein()).isCloseTo(7.428571428571429e+307, within(1e293));
    double[] ps = p.clone();
    double[] qs = q.clone();
    for (int i = 0; i < ps.length; i++) {
      ps[i] = p[i] / 16;
      qs[i] = q[i] / 16;
    }
    TwoSampleStream.Result small = ContinuousSamples.compare(ps, qs, 2);
    assertThat(huge.klDivergenceKnn()).isNotNull();
    assertThat(huge.klDivergenceKnn()).isCloseTo(small.klDivergenceKnn(), within(1e-12));
    assertThat(huge.wasserstein()).isCloseTo(16 * small.wasserstein(), within(1e293));
    double[] pooled = {1e308, -1e308, 0.0, 5e307, -5e307, 1.7e308, -1.7e308, 1e307, 3e307};
    double[] pooledSmall = new double[pooled.length];
    for (int i = 0; i < pooled.length; i++) {
      pooledSmall[i] = pooled[i] / 16;
    }
    assertThat(ContinuousSamples.entropy(pooled, 2))
        .isCloseTo(ContinuousSamples.entropy(pooledSmall, 2) + Math.log(16), within(1e-12));
  }

  @Test
  void argumentChecks() {
    assertThatThrownBy(
            () -> ContinuousSamples.compare(new double[] {1, Double.NaN}, new double[] {1}, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the current sample holds NaN at position 1; expected finite values");
    assertThatThrownBy(() -> ContinuousSamples.compare(new double[0], new double[] {1}, 1))
        .hasMessage("the current sample is empty; expected at least one value");
    assertThatThrownBy(() -> new TwoSampleStream(3, 3, 0))
        .hasMessage("k = 0 neighbours; expected k >= 1");
    TwoSampleStream s = new TwoSampleStream(2, 2, 1);
    s.add(1.0, 1, 1);
    assertThatThrownBy(() -> s.add(0.5, 1, 1))
        .hasMessage("value 0.5 after 1.0; expected finite values in increasing order");
    assertThatThrownBy(s::finish)
        .hasMessage("the values added count 1 and 1; expected n = 2 and m = 2");
    assertThatThrownBy(() -> KolmogorovSmirnov.pValue(3, 4, 13))
        .hasMessageContaining("integral statistic 13 is not max|a*m - b*n|");
  }
}

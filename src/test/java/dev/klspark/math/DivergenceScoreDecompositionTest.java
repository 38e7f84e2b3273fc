package dev.klspark.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.testing.RandomDistributions;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The divergence-score decomposition (Weijs, van Nooijen and van de Giesen 2010). */
class DivergenceScoreDecompositionTest {
  private static final double EPS = 1e-15;

  /**
   * By hand, in nats. Bin A: f = (0.8, 0.2) twice, outcomes 0 and 1; bin B: f = (0.4, 0.6) twice,
   * outcomes 1 and 1. N = 4, ō = (1/4, 3/4).
   *
   * <pre>
   * UNC = −(.25 ln .25 + .75 ln .75)            = 0.346573590 + 0.215761554 = 0.562335145
   * RES = ½ KL((.5,.5)‖(.25,.75)) + ½ KL((0,1)‖(.25,.75))
   *     = ½ (.5 ln 2 + .5 ln(2/3)) + ½ ln(4/3)  = ½ 0.143841036 + ½ 0.287682072 = 0.215761554
   * REL = ½ KL((.5,.5)‖(.8,.2)) + ½ KL((0,1)‖(.4,.6))
   *     = ½ (.5 ln(5/8) + .5 ln(5/2)) + ½ ln(5/3) = ½ 0.223143551 + ½ 0.510825624 = 0.366984588
   * DS  = (−ln .8 − ln .2 − 2 ln .6) / 4       = 2.854232711 / 4 = 0.713558178
   *     = UNC − RES + REL = 0.562335145 − 0.215761554 + 0.366984588
   * </pre>
   */
  @Test
  void handComputedCase() {
    double[][] f = {{.8, .2}, {.8, .2}, {.4, .6}, {.4, .6}};
    int[] y = {0, 1, 1, 1};
    DivergenceScoreDecomposition.Result r =
        DivergenceScoreDecomposition.of(f, y, ForecastBinning.exact(), EPS);
    assertThat(r.n()).isEqualTo(4);
    assertThat(r.bins()).isEqualTo(2);
    assertThat(r.uncertainty()).isCloseTo(0.562335145, within(1e-9));
    assertThat(r.resolution()).isCloseTo(0.215761554, within(1e-9));
    assertThat(r.reliability()).isCloseTo(0.366984588, within(1e-9));
    assertThat(r.divergenceScore()).isCloseTo(0.713558178, within(1e-9));
    assertThat(r.residual()).isCloseTo(0.0, within(1e-15));
    DivergenceScoreDecomposition.Result bits = r.in(LogBase.BITS);
    assertThat(bits.uncertainty()).isCloseTo(0.562335145 / Math.log(2), within(1e-9));
    assertThat(bits.n()).isEqualTo(4);
  }

  /** Oracles: {@code src/test/resources/oracles/divergence_score_oracles.py}, numpy 2.4.6. */
  static Stream<Arguments> oracles() {
    return Stream.of(
        Arguments.of(
            ForecastBinning.exact(),
            new double[] {
              0.7735847242528694, 1.0986122886681096, 0.6648306744273791, 0.3398031100121387, 0.0
            }),
        Arguments.of(
            ForecastBinning.grid(10),
            new double[] {
              0.7735847242528694,
              1.0986122886681096,
              0.5645936501818676,
              0.24206424650028424,
              -0.002498160733656829
            }));
  }

  @ParameterizedTest
  @MethodSource("oracles")
  void matchesNumpy(ForecastBinning binning, double[] expected) {
    double[][] f = {
      {.7, .2, .1}, {.7, .2, .1}, {.7, .2, .1}, {.2, .5, .3}, {.2, .5, .3}, {.1, .1, .8},
      {.1, .1, .8}, {.1, .1, .8}, {.33, .33, .34}, {.72, .18, .10}, {.21, .52, .27}, {.12, .08, .80}
    };
    int[] y = {0, 0, 1, 1, 2, 2, 2, 0, 1, 0, 1, 2};
    DivergenceScoreDecomposition.Result r = DivergenceScoreDecomposition.of(f, y, binning, EPS);
    double[] got = {
      r.divergenceScore(), r.uncertainty(), r.resolution(), r.reliability(), r.residual()
    };
    for (int i = 0; i < 4; i++) {
      assertThat(got[i]).as("component %d", i).isCloseTo(expected[i], within(1e-13 * expected[i]));
    }
    // The residual is a difference of O(1) values: an absolute tolerance.
    assertThat(got[4]).isCloseTo(expected[4], within(1e-14));
    assertThat(r.bins()).isEqualTo(binning.isExact() ? 7 : 4);
  }

  /** DS = UNC − RES + REL for exact binning, on seeded random data with repeated forecasts. */
  @ParameterizedTest
  @MethodSource("seeds")
  void identityHoldsForExactBinning(long seed) {
    Random rnd = new Random(seed);
    int k = 2 + rnd.nextInt(4);
    double[][] distinct = new double[1 + rnd.nextInt(20)][];
    for (int d = 0; d < distinct.length; d++) {
      distinct[d] = RandomDistributions.distribution(rnd, k);
    }
    int n = 50 + rnd.nextInt(500);
    double[][] f = new double[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      f[i] = distinct[rnd.nextInt(distinct.length)];
      y[i] = RandomDistributions.sample(rnd, f[i]);
    }
    DivergenceScoreDecomposition.Result r =
        DivergenceScoreDecomposition.of(f, y, ForecastBinning.exact(), EPS);
    double sum = r.uncertainty() - r.resolution() + r.reliability();
    assertThat(r.divergenceScore()).isCloseTo(sum, within(1e-13 * r.divergenceScore()));
    assertThat(r.residual()).isCloseTo(0.0, within(1e-13));
    assertThat(r.resolution()).isBetween(0.0, r.uncertainty());
    assertThat(r.reliability()).isGreaterThanOrEqualTo(0.0);
  }

  static Stream<Long> seeds() {
    return Stream.of(1L, 2L, 3L, 42L, 2026L);
  }

  @Test
  void invariantUnderPermutationOfClasses() {
    Random rnd = new Random(7);
    int n = 300;
    int[] perm = {2, 0, 3, 1};
    double[][] f = new double[n][];
    double[][] fp = new double[n][];
    int[] y = new int[n];
    int[] yp = new int[n];
    double[][] distinct = {
      RandomDistributions.distribution(rnd, 4),
      RandomDistributions.distribution(rnd, 4),
      RandomDistributions.distribution(rnd, 4)
    };
    for (int i = 0; i < n; i++) {
      f[i] = distinct[rnd.nextInt(3)];
      y[i] = RandomDistributions.sample(rnd, f[i]);
      fp[i] = new double[4];
      for (int j = 0; j < 4; j++) {
        fp[i][perm[j]] = f[i][j];
      }
      yp[i] = perm[y[i]];
    }
    for (ForecastBinning b :
        new ForecastBinning[] {ForecastBinning.exact(), ForecastBinning.grid(5)}) {
      DivergenceScoreDecomposition.Result a = DivergenceScoreDecomposition.of(f, y, b, EPS);
      DivergenceScoreDecomposition.Result c = DivergenceScoreDecomposition.of(fp, yp, b, EPS);
      assertThat(c.uncertainty()).isCloseTo(a.uncertainty(), within(1e-14));
      assertThat(c.resolution()).isCloseTo(a.resolution(), within(1e-14));
      assertThat(c.reliability()).isCloseTo(a.reliability(), within(1e-14));
      assertThat(c.divergenceScore()).isCloseTo(a.divergenceScore(), within(1e-14));
      assertThat(c.bins()).isEqualTo(a.bins());
    }
  }

  @Test
  void perfectForecastHasNoReliabilityTermAndFullResolution() {
    // Certain and right: REL = 0, RES = UNC, DS = the clipped score −log1p(−eps).
    double[][] f = {{1, 0, 0}, {0, 1, 0}, {0, 1, 0}, {0, 0, 1}};
    int[] y = {0, 1, 1, 2};
    DivergenceScoreDecomposition.Result r =
        DivergenceScoreDecomposition.of(f, y, ForecastBinning.exact(), EPS);
    assertThat(r.reliability()).isCloseTo(0.0, within(1e-14));
    assertThat(r.resolution()).isEqualTo(r.uncertainty());
    assertThat(r.divergenceScore()).isCloseTo(-Math.log1p(-EPS), within(1e-20));
  }

  @Test
  void calibratedBinsHaveNoReliabilityTerm() {
    // Each bin's forecast equals its observed frequency: REL = 0 exactly up to rounding.
    double[][] f = {{.5, .5}, {.5, .5}, {.25, .75}, {.25, .75}, {.25, .75}, {.25, .75}};
    int[] y = {0, 1, 0, 1, 1, 1};
    DivergenceScoreDecomposition.Result r =
        DivergenceScoreDecomposition.of(f, y, ForecastBinning.exact(), EPS);
    assertThat(r.reliability()).isCloseTo(0.0, within(1e-16));
  }

  @Test
  void climatologicalForecastHasNoResolution() {
    // One forecast for everyone (one bin): RES = 0 to the last bit; equal to ō also REL = 0.
    double[][] f = {{.25, .75}, {.25, .75}, {.25, .75}, {.25, .75}};
    int[] y = {0, 1, 1, 1};
    DivergenceScoreDecomposition.Result r =
        DivergenceScoreDecomposition.of(f, y, ForecastBinning.exact(), EPS);
    assertThat(r.resolution()).isEqualTo(0.0);
    assertThat(r.reliability()).isCloseTo(0.0, within(1e-16));
    assertThat(r.divergenceScore()).isCloseTo(r.uncertainty(), within(1e-15));
  }

  @Test
  void zeroForecastOfAnOutcome() {
    double[][] f = {{1, 0}, {1, 0}};
    int[] y = {0, 1};
    // eps > 0 (MLlib): finite; DS = (−log1p(−eps) − ln eps)/2 and the identity still holds.
    DivergenceScoreDecomposition.Result clipped =
        DivergenceScoreDecomposition.of(f, y, ForecastBinning.exact(), EPS);
    assertThat(clipped.divergenceScore())
        .isCloseTo((-Math.log1p(-EPS) - Math.log(EPS)) / 2, within(1e-12));
    assertThat(clipped.residual()).isCloseTo(0.0, within(1e-13));
    // eps = 0: KL(ō_k ‖ f̄_k) = +∞, DS = +∞, residual reported as 0 (not NaN).
    DivergenceScoreDecomposition.Result raw =
        DivergenceScoreDecomposition.of(f, y, ForecastBinning.exact(), 0.0);
    assertThat(raw.reliability()).isInfinite();
    assertThat(raw.divergenceScore()).isInfinite();
    assertThat(raw.residual()).isEqualTo(0.0);
  }

  @Test
  void gridKeysRoundHalfUp() {
    assertThat(ForecastBinning.grid(10).key(new double[] {0.25, 0.75})).containsExactly(3.0, 8.0);
    assertThat(ForecastBinning.exact().key(new double[] {0.25, 0.75})).containsExactly(0.25, 0.75);
    assertThat(ForecastBinning.grid(ForecastBinning.DEFAULT_GRID_STEPS).toString())
        .isEqualTo("grid 1/100");
  }

  @Test
  void badArguments() {
    double[][] f = {{.5, .5}};
    assertThatThrownBy(
            () -> DivergenceScoreDecomposition.of(f, new int[] {2}, ForecastBinning.exact(), EPS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outcome 0 is 2; expected a class index in [0, 2)");
    assertThatThrownBy(
            () ->
                DivergenceScoreDecomposition.of(
                    new double[][] {{.5, .6}}, new int[] {0}, ForecastBinning.exact(), EPS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("forecast 0 sums to 1.1");
    assertThatThrownBy(
            () ->
                DivergenceScoreDecomposition.of(f, new int[] {0, 1}, ForecastBinning.exact(), EPS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("1 forecasts but 2 outcomes; expected one outcome per forecast");
    assertThatThrownBy(
            () -> DivergenceScoreDecomposition.of(f, new int[] {0}, ForecastBinning.exact(), 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("eps 0.5; expected a value in [0, 0.5)");
    assertThatThrownBy(() -> ForecastBinning.grid(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("grid steps 0; expected at least 1");
    assertThatThrownBy(() -> new DivergenceScoreDecomposition.Accumulator(2, EPS).result())
        .isInstanceOf(IllegalStateException.class);
    DivergenceScoreDecomposition.Accumulator acc =
        new DivergenceScoreDecomposition.Accumulator(2, EPS);
    assertThatThrownBy(() -> acc.addBin(new double[] {1, 1}, new double[] {1, 1.5}, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("mean forecast of a bin sums to 1.25");
    assertThatThrownBy(() -> acc.addBin(new double[] {0, 0}, new double[] {0, 0}, 0.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sum to 0");
  }
}

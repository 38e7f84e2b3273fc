package dev.klspark.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AliasTableTest {
  static Stream<double[]> distributions() {
    return Stream.of(
        new double[] {1.0},
        new double[] {0.5, 0.5},
        new double[] {0.7, 0.2, 0.1, 0.0},
        new double[] {0.0, 0.0, 1.0},
        SyntheticModel.zipf(1000, 1.3),
        SyntheticModel.groupProbabilities(10_000, 1.1, 0.5));
  }

  @ParameterizedTest
  @MethodSource("distributions")
  void tableReproducesTheDistribution(double[] p) {
    double[] implied = AliasTable.of(p).impliedProbabilities();
    assertThat(implied).hasSameSizeAs(p);
    for (int i = 0; i < p.length; i++) {
      // Exact up to the rounding of Vose's construction (a few ulps of 1).
      assertThat(implied[i]).as("p[%d]", i).isCloseTo(p[i], within(1e-14));
    }
  }

  @Test
  void zeroProbabilityIsNeverDrawn() {
    AliasTable t = AliasTable.of(new double[] {0.7, 0.2, 0.1, 0.0});
    RowRandom r = new RowRandom();
    int[] counts = new int[4];
    for (long id = 0; id < 100_000; id++) {
      r.reset(7, id);
      counts[t.sample(r.nextDouble(), r.nextDouble())]++;
    }
    assertThat(counts[3]).isZero();
    // 100,000 draws: sd of the share of 0.7 is about 0.0015.
    assertThat(counts[0] / 100_000.0).isCloseTo(0.7, within(0.01));
  }

  @Test
  void rejectsAnInvalidDistributionWithTheKernelsMessage() {
    assertThatThrownBy(() -> AliasTable.of(new double[] {0.5, 0.4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("p sums to 0.9");
  }
}

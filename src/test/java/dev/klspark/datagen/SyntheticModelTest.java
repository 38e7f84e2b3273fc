package dev.klspark.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SyntheticModelTest {
  static SyntheticSpec spec(int groups, int categories, double groupSkew, double hot) {
    return new SyntheticSpec(
        1000, groups, categories, groupSkew, 1.0, hot, ValueColumn.NONE, GroupIdType.STRING, 42, 0);
  }

  @Test
  void zipfWithExponentZeroIsUniformAndOtherwiseDecreasesAsAPowerLaw() {
    assertThat(SyntheticModel.zipf(4, 0.0)).containsExactly(0.25, 0.25, 0.25, 0.25);
    double[] z = SyntheticModel.zipf(3, 1.0);
    // 1, 1/2, 1/3 over H_3 = 11/6.
    assertThat(z[0]).isCloseTo(6.0 / 11, within(1e-15));
    assertThat(z[1]).isCloseTo(3.0 / 11, within(1e-15));
    assertThat(z[2]).isCloseTo(2.0 / 11, within(1e-15));
  }

  @Test
  void hotGroupHoldsItsFractionAndTheOthersShareTheRest() {
    double[] w = SyntheticModel.groupProbabilities(5, 0.0, 0.5);
    assertThat(w).containsExactly(0.5, 0.125, 0.125, 0.125, 0.125);
  }

  @Test
  void everyGroupsModelSumsToOneAndIsARotationOfTheSameZipf() {
    SyntheticModel m = SyntheticModel.of(spec(50, 7, 0.0, 0.0));
    double[] zipf = SyntheticModel.zipf(7, 1.0);
    boolean someRotated = false;
    for (int g = 0; g < 50; g++) {
      double[] q = new double[7];
      for (int c = 0; c < 7; c++) {
        q[c] = m.probability(g, c);
      }
      assertThat(Arrays.stream(q).sum()).isCloseTo(1.0, within(1e-12));
      assertThat(q[m.offset(g)]).isEqualTo(zipf[0]);
      someRotated |= m.offset(g) != 0;
    }
    assertThat(someRotated).isTrue();
  }

  @Test
  void labelsAreZeroPaddedToTheWidestId() {
    SyntheticModel m = SyntheticModel.of(spec(1000, 12, 0.0, 0.0));
    assertThat(m.groupLabel(7)).isEqualTo("g007");
    assertThat(m.groupLabel(999)).isEqualTo("g999");
    assertThat(m.categoryLabel(3)).isEqualTo("c03");
  }

  static Stream<Arguments> badSpecs() {
    return Stream.of(
        Arguments.of(0L, 10, 5, 0.0, 0.0, 0.0, 0, "--rows = 0"),
        Arguments.of(10L, 0, 5, 0.0, 0.0, 0.0, 0, "--groups = 0"),
        Arguments.of(10L, 10, -1, 0.0, 0.0, 0.0, 0, "--categories = -1"),
        Arguments.of(10L, 10, 5, -0.5, 0.0, 0.0, 0, "--group-skew = -0.5"),
        Arguments.of(10L, 10, 5, 0.0, Double.NaN, 0.0, 0, "--category-skew = NaN"),
        Arguments.of(10L, 10, 5, 0.0, 0.0, 1.0, 0, "--hot-group-fraction = 1.0"),
        Arguments.of(10L, 1, 5, 0.0, 0.0, 0.5, 0, "needs at least 2 groups"),
        Arguments.of(10L, 10, 5, 0.0, 0.0, 0.0, -2, "--partitions = -2"));
  }

  @ParameterizedTest
  @MethodSource("badSpecs")
  void invalidSpecsAreRejectedNamingTheFlagAndValue(
      long rows,
      int groups,
      int categories,
      double groupSkew,
      double categorySkew,
      double hot,
      int partitions,
      String message) {
    assertThatThrownBy(
            () ->
                new SyntheticSpec(
                    rows,
                    groups,
                    categories,
                    groupSkew,
                    categorySkew,
                    hot,
                    ValueColumn.NONE,
                    GroupIdType.LONG,
                    1,
                    partitions))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void automaticPartitionsDependOnlyOnTheRowCount() {
    assertThat(spec(10, 1, 0, 0).effectivePartitions()).isEqualTo(1);
    SyntheticSpec big =
        new SyntheticSpec(100_000_001L, 1, 1, 0, 0, 0, ValueColumn.NONE, GroupIdType.LONG, 1, 0);
    assertThat(big.effectivePartitions()).isEqualTo(101);
  }
}

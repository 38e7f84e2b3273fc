package dev.klspark.spark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.KlsparkException;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.distribution.ModelTable.Normalization;
import dev.klspark.spark.engine.GroupComparison.Cell;
import dev.klspark.spark.engine.GroupComparison.ModelInput;
import dev.klspark.spark.engine.GroupComparison.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One group's row without Spark: the model-table checks that need the whole group (one row per
 * category, the sum of the probabilities) and renormalisation. Values by hand or scipy 1.17.1.
 */
class GroupComparisonTest {
  private static GroupComparison checked(Normalization n) {
    return new GroupComparison(ModelInput.PROBABILITIES, Smoothing.none(), LogBase.NATS, n);
  }

  @Test
  void validTableGivesTheKernelValue() {
    // P = (3, 1)/4, Q = (0.5, 0.5): KL = 0.13081203594113697 (scipy
    // stats.entropy([.75,.25],[.5,.5]))
    GroupComparison.Result r =
        checked(Normalization.STRICT)
            .compute(
                List.of(new Cell("x", 3, 0.5, true), new Cell("y", 1, 0.5, true)), "group g=a");
    assertThat(r.status()).isEqualTo(Status.OK);
    assertThat(r.profile().klDivergence()).isCloseTo(0.13081203594113697, within(1e-15));
  }

  @Test
  void aCountInPartsGivesTheSameRowAsTheWholeCount() {
    // A count given in parts (PartialCounts: one per scan task): category x's 3 rows arrive as
    // 1 + 2 with no model value, beside the model's own cell; the row is the one of the whole
    // count (this failed with a NullPointerException in the merge), KL = 0.13081203594113697 as
    // in validTableGivesTheKernelValue (scipy stats.entropy([.75,.25],[.5,.5])).
    List<Cell> parts =
        List.of(
            new Cell("x", 1, null, false),
            new Cell("x", 2, null, false),
            new Cell("x", 0, 0.5, true),
            new Cell("y", 1, null, false),
            new Cell("y", 0, 0.5, true));
    GroupComparison.Result r = checked(Normalization.STRICT).compute(parts, "group g=a");
    GroupComparison.Result whole =
        checked(Normalization.STRICT)
            .compute(
                List.of(new Cell("x", 3, 0.5, true), new Cell("y", 1, 0.5, true)), "group g=a");
    assertThat(r.status()).isEqualTo(Status.OK);
    assertThat(r.n()).isEqualTo(4.0);
    assertThat(r.kObserved()).isEqualTo(2);
    assertThat(r.profile()).isEqualTo(whole.profile());
    assertThat(r.profile().klDivergence()).isCloseTo(0.13081203594113697, within(1e-15));
  }

  @Test
  void duplicateCategoryNamesGroupCategoryAndCount() {
    List<Cell> cells = List.of(new Cell("x", 3, 1.0, true, 2), new Cell("y", 1, null, false, 0));
    assertThatThrownBy(() -> checked(Normalization.STRICT).compute(cells, "group g=a"))
        .isInstanceOf(KlsparkException.class)
        .hasMessage(
            "model table lists category 'x' 2 times for group g=a; expected one row per group and"
                + " category");
  }

  @Test
  void sumOffOneIsAnErrorUnlessRenormalised() {
    // 0.2 + 0.7 in category order (rain, sun) = 0.8999999999999999 in binary64 (python 0.2 + 0.7).
    List<Cell> cells = List.of(new Cell("rain", 1, 0.2, true), new Cell("sun", 1, 0.7, true));
    assertThatThrownBy(() -> checked(Normalization.STRICT).compute(cells, "the single group"))
        .isInstanceOf(KlsparkException.class)
        .hasMessage(
            "model table probabilities for the single group sum to 0.8999999999999999; expected 1"
                + " within 1.0E-6 (pass --renormalize to rescale them)");
    // Renormalised: Q = (2/9, 7/9), P = (1/2, 1/2):
    // KL = 0.5 ln(0.5/(2/9)) + 0.5 ln(0.5/(7/9)) = 0.1845487319686447 (python math.log)
    GroupComparison.Result r =
        checked(Normalization.RENORMALIZE).compute(cells, "the single group");
    assertThat(r.profile().klDivergence()).isCloseTo(0.1845487319686447, within(1e-15));
  }

  @Test
  void withinToleranceIsAccepted() {
    List<Cell> cells = List.of(new Cell("a", 1, 0.5 + 4e-7, true), new Cell("b", 1, 0.5, true));
    assertThat(checked(Normalization.STRICT).compute(cells, "g").status()).isEqualTo(Status.OK);
    List<Cell> off = List.of(new Cell("a", 1, 0.5 + 2e-6, true), new Cell("b", 1, 0.5, true));
    assertThatThrownBy(() -> checked(Normalization.STRICT).compute(off, "g"))
        .hasMessageContaining("sum to 1.0000019999999998;"); // (0.5 + 2e-6) + 0.5 in python
  }

  @Test
  void zeroSumCannotBeRenormalised() {
    List<Cell> cells = List.of(new Cell("a", 1, 0.0, true), new Cell("b", 1, 0.0, true));
    assertThatThrownBy(() -> checked(Normalization.RENORMALIZE).compute(cells, "group g=z"))
        .isInstanceOf(KlsparkException.class)
        .hasMessage(
            "model table probabilities for group g=z sum to 0; expected a positive sum to"
                + " renormalise");
  }

  @Test
  void groupWithoutModelRowsIsMissingModelNotAnError() {
    GroupComparison.Result r =
        checked(Normalization.STRICT).compute(List.of(new Cell("a", 4, null, false, 0)), "g");
    assertThat(r.status()).isEqualTo(Status.MISSING_MODEL);
    assertThat(r.n()).isEqualTo(4.0);
  }

  @Test
  void tableCheckNeedsProbabilities() {
    assertThatThrownBy(
            () ->
                new GroupComparison(
                    ModelInput.REFERENCE_COUNTS,
                    Smoothing.none(),
                    LogBase.NATS,
                    Normalization.STRICT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * A category's parts (partial counts, a model row next to its counts) give the same result as the
   * category given once with its parts added up left to right: random groups of up to 12 categories
   * split into up to 4 adjacent parts, with null categories, categories without a model, and
   * reference counts; compared with {@code equals} (every double to the last bit).
   */
  @Test
  void aCategoryInPartsIsTheCategoryAddedUp() {
    java.util.Random random = new java.util.Random(3);
    GroupComparison[] comparisons = {
      checked(Normalization.RENORMALIZE).withEvidence(0.95),
      new GroupComparison(
          ModelInput.REFERENCE_COUNTS, Smoothing.parse("additive:0.5"), LogBase.BITS)
    };
    int split = 0;
    for (int trial = 0; trial < 3000; trial++) {
      List<Cell> whole = new java.util.ArrayList<>();
      List<Cell> parts = new java.util.ArrayList<>();
      int k = 1 + random.nextInt(12);
      for (int c = 0; c < k; c++) {
        String category = c == 0 && random.nextInt(4) == 0 ? null : "c" + c;
        boolean inSupport = random.nextInt(8) != 0;
        double observed = 0.0;
        boolean hasModel = false;
        double model = 0.0;
        int n = 1 + random.nextInt(4);
        for (int part = 0; part < n; part++) {
          double o = random.nextInt(3) == 0 ? 0.0 : random.nextInt(50);
          // At most one part carries a model value (a table's one row of the category).
          Double m =
              part == n - 1 && inSupport && category != null ? random.nextDouble() + 1e-3 : null;
          parts.add(new Cell(category, o, m, m != null || (inSupport && part == 0)));
          observed += o;
          if (m != null) {
            model = m;
            hasModel = true;
          }
        }
        split += n > 1 ? 1 : 0;
        if (category == null) {
          whole.addAll(parts.subList(parts.size() - n, parts.size()));
        } else {
          whole.add(
              new Cell(category, observed, hasModel ? model : null, inSupport, hasModel ? 1 : 0));
        }
      }
      for (GroupComparison g : comparisons) {
        assertThat(g.compute(parts)).as("parts %s", parts).isEqualTo(g.compute(whole));
      }
    }
    assertThat(split).isGreaterThan(3000);
  }
}

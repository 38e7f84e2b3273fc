package dev.klspark.spark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.spark.engine.GroupComparison.Cell;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One group's log-loss from its cells, without Spark (mle-report's mean NLL). Values by hand and
 * mpmath 1.3 at 30 digits, each written beside its test.
 */
class LogLossTest {
  private static Cell observed(String category, double n) {
    return new Cell(category, n, null, false);
  }

  private static Cell model(String category, double q) {
    return new Cell(category, 0.0, q, true);
  }

  @Test
  void aGroupByHand() {
    // a: 1 + 2 rows at q = 0.5; b: 1 row at q = 0.25; c: 2 rows without a model row; d: a model row
    // without rows; e: 1 row at q = 0. NLL over the rows with q > 0: 3 ln 2 + ln 4 = 5 ln 2 =
    // 3.46573590279972654708616060729 (mpmath 5*log(2)); 4 such rows; 7 rows with a category.
    LogLoss l =
        LogLoss.of(
            List.of(
                observed("a", 1),
                model("a", 0.5),
                observed("a", 2),
                model("b", 0.25),
                observed("b", 1),
                observed("c", 2),
                model("d", 0.25),
                model("e", 0.0),
                observed("e", 1)));
    assertThat(l.nllSum()).isCloseTo(3.46573590279972654708616060729, within(1e-15));
    assertThat(l.nllRows()).isEqualTo(4.0);
    assertThat(l.namedRows()).isEqualTo(7.0);
  }

  @Test
  void noCellsAndNoRows() {
    assertThat(LogLoss.of(List.of())).isEqualTo(new LogLoss(0.0, 0.0, 0.0));
    assertThat(LogLoss.of(List.of(model("a", 1.0)))).isEqualTo(new LogLoss(0.0, 0.0, 0.0));
  }

  @Test
  void aNullCategoryWithAModelRowIsScoredButNotNamed() {
    // A fitted reference can give the null category a probability (its label): its rows count in
    // the NLL (2 ln 10 = 4.60517018598809136803598290936, mpmath 2*log(10)) and not among the
    // named rows, as a null-safe join of the counts with the model rows did.
    LogLoss l =
        LogLoss.of(List.of(observed(null, 2), model(null, 0.1), observed("a", 1), model("a", 1.0)));
    assertThat(l.nllSum()).isCloseTo(4.60517018598809136803598290936, within(1e-15));
    assertThat(l.nllRows()).isEqualTo(3.0);
    assertThat(l.namedRows()).isEqualTo(1.0);
  }

  @Test
  void aCategoryWithTwoModelRowsCountsItsRowsOnceForEach() {
    // An invalid table (the report's table check rejects it): each model row pairs with the rows,
    // as a join would. 2·(ln 2) + 2·(ln 4) = 6 ln 2 = 4.15888308335967185650339272875.
    LogLoss l = LogLoss.of(List.of(observed("a", 2), model("a", 0.5), model("a", 0.25)));
    assertThat(l.nllSum()).isCloseTo(4.15888308335967185650339272875, within(1e-15));
    assertThat(l.nllRows()).isEqualTo(4.0);
    assertThat(l.namedRows()).isEqualTo(4.0);
  }

  @Test
  void countsInPartsGiveTheWholeCountsValueBitForBitAndTheRowByRowSum() {
    // What one exchange for the counts relies on: a category's count split into parts (one per
    // scan task) gives the same bits as the whole count, because whole numbers add exactly.
    // The per-category product n·(−ln q) also equals adding −ln q row by row, to rounding.
    Random random = new Random(20261206L);
    for (int trial = 0; trial < 500; trial++) {
      int k = 1 + random.nextInt(30);
      List<Cell> whole = new ArrayList<>();
      List<Cell> parts = new ArrayList<>();
      double rowByRow = 0.0;
      double expectedHit = 0.0;
      for (int c = 0; c < k; c++) {
        String category = "c" + (char) ('a' + c);
        double q = random.nextInt(10) == 0 ? 0.0 : random.nextDouble();
        long n = 1 + random.nextInt(5000);
        whole.add(observed(category, n));
        whole.add(model(category, q));
        long left = n;
        while (left > 0) {
          long part = 1 + random.nextInt((int) Math.min(left, 700));
          parts.add(observed(category, part));
          left -= part;
        }
        parts.add(model(category, q));
        if (q > 0) {
          for (long r = 0; r < n; r++) {
            rowByRow += -Math.log(q);
          }
          expectedHit += n;
        }
      }
      LogLoss a = LogLoss.of(whole);
      LogLoss b = LogLoss.of(parts);
      assertThat(Double.doubleToRawLongBits(b.nllSum()))
          .isEqualTo(Double.doubleToRawLongBits(a.nllSum()));
      assertThat(b).isEqualTo(a);
      assertThat(a.nllRows()).isEqualTo(expectedHit);
      assertThat(a.nllSum()).isCloseTo(rowByRow, within(1e-9 * Math.max(1.0, rowByRow)));
    }
  }
}

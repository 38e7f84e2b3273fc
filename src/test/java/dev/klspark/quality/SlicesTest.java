package dev.klspark.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klspark.KlsparkException;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.testing.SparkTestSession;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The slices of a run dated Friday 2024-03-15: their bounds and texts by hand from the calendar,
 * the rows their conditions select on a small table of dates and timestamps, and the messages of
 * malformed specs.
 */
class SlicesTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final LocalDate D = LocalDate.of(2024, 3, 15);

  static Stream<Arguments> bounds() {
    return Stream.of(
        // current, reference, current text, reference text
        Arguments.of(
            "day",
            "previous-days:5",
            "date in [2024-03-15, 2024-03-15]",
            "date in [2024-03-10, 2024-03-14]"),
        // a week ends on D: 7 days from 03-09; 2 weeks before it: 02-24 .. 03-08
        Arguments.of(
            "week",
            "previous-weeks:2",
            "date in [2024-03-09, 2024-03-15]",
            "date in [2024-02-24, 2024-03-08]"),
        // the calendar month of D (2024 is a leap year: February before it has 29 days)
        Arguments.of(
            "month",
            "previous-days:29",
            "date in [2024-03-01, 2024-03-31]",
            "date in [2024-02-01, 2024-02-29]"),
        Arguments.of(
            "days:3",
            "same-month-earlier-years",
            "date in [2024-03-13, 2024-03-15]",
            "month 3 of the years before 2024"),
        Arguments.of(
            "day",
            "baseline",
            "date in [2024-03-15, 2024-03-15]",
            "all rows of the reference input"));
  }

  @ParameterizedTest
  @MethodSource("bounds")
  void boundsAndTexts(String current, String reference, String currentText, String referenceText) {
    Slices s = new Slices(current, reference, null, D);
    assertThat(s.currentText()).isEqualTo(currentText);
    assertThat(s.referenceText()).isEqualTo(referenceText);
  }

  @Test
  void currentEndIsExclusive() {
    assertThat(new Slices("month", "baseline", null, D).currentEnd())
        .isEqualTo(LocalDate.of(2024, 4, 1));
    assertThat(new Slices("week", "baseline", null, D).currentStart())
        .isEqualTo(LocalDate.of(2024, 3, 9));
    assertThat(new Slices("day", "baseline", "x > 1", D).referenceText())
        .isEqualTo("baseline: x > 1");
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(
            "fortnight",
            "baseline",
            null,
            "current = 'fortnight'; expected day, week, month or days:N"),
        Arguments.of(
            "days:0",
            "baseline",
            null,
            "current = 'days:0'; expected a whole number N >= 1 after the colon"),
        Arguments.of(
            "day",
            "previous-weeks:x",
            null,
            "reference = 'previous-weeks:x'; expected a whole number N >= 1 after the colon"),
        Arguments.of(
            "day",
            "yesterday",
            null,
            "reference = 'yesterday'; expected previous-weeks:N, previous-days:N,"
                + " same-month-earlier-years or baseline"),
        Arguments.of(
            "day",
            "previous-weeks:4",
            "x > 1",
            "reference-filter is set but reference = 'previous-weeks:4'; set reference: baseline"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedSpecsAreNamed(String current, String reference, String filter, String message) {
    assertThatThrownBy(() -> new Slices(current, reference, filter, D))
        .isInstanceOf(KlsparkException.class)
        .hasMessage(message);
  }

  /** d (date), ts (timestamp 1 s before the next day) and s (the date as a string). */
  private static Dataset<Row> days() {
    return spark.sql(
        "SELECT d, CAST(d AS TIMESTAMP) + INTERVAL 86399 SECONDS AS ts, CAST(d AS STRING) AS s"
            + " FROM VALUES (DATE'2023-03-10'), (DATE'2023-04-01'), (DATE'2024-02-29'),"
            + " (DATE'2024-03-01'), (DATE'2024-03-08'), (DATE'2024-03-09'), (DATE'2024-03-15'),"
            + " (DATE'2024-03-16') AS t(d)");
  }

  private static List<String> selected(Dataset<Row> rows, Column condition) {
    return rows.where(condition)
        .orderBy("d")
        .select("s")
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList();
  }

  @Test
  void conditionsSelectTheirDays() {
    Dataset<Row> rows = days();
    InputColumns ic = new InputColumns(rows.schema(), "input");
    Slices weeks = new Slices("week", "previous-weeks:2", null, D);
    for (String column : List.of("d", "ts")) {
      // [03-09, 03-15] and [02-24, 03-08]; a timestamp counts on its day, up to 23:59:59.
      assertThat(selected(rows, weeks.current(ic, column)))
          .containsExactly("2024-03-09", "2024-03-15");
      assertThat(selected(rows, weeks.reference(ic, column, null)))
          .containsExactly("2024-02-29", "2024-03-01", "2024-03-08");
    }
    Slices years = new Slices("month", "same-month-earlier-years", null, D);
    assertThat(selected(rows, years.current(ic, "d")))
        .containsExactly("2024-03-01", "2024-03-08", "2024-03-09", "2024-03-15", "2024-03-16");
    assertThat(selected(rows, years.reference(ic, "d", null))).containsExactly("2023-03-10");
    // baseline: the filter, or every row.
    Slices baseline = new Slices("day", "baseline", "d < DATE'2024-01-01'", D);
    assertThat(selected(rows, baseline.reference(ic, "d", rows.col("d").lt("2024-01-01"))))
        .containsExactly("2023-03-10", "2023-04-01");
    assertThat(selected(rows, new Slices("day", "baseline", null, D).reference(ic, "d", null)))
        .hasSize(8);
  }

  @Test
  void dateColumnMustBeADateOrATimestamp() {
    Dataset<Row> rows = days();
    InputColumns ic = new InputColumns(rows.schema(), "input");
    Slices s = new Slices("day", "previous-days:1", null, D);
    assertThatThrownBy(() -> s.current(ic, "s"))
        .isInstanceOf(KlsparkException.class)
        .hasMessage("date column 's' has type string; expected date, timestamp or timestamp_ntz");
    assertThatThrownBy(() -> s.current(ic, "nope"))
        .isInstanceOf(KlsparkException.class)
        .hasMessageContaining("date column 'nope' not found");
  }
}

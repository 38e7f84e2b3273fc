package dev.klspark.spark.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.testing.SparkTestSession;
import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The HTML histograms' bins over a written report. */
class ReportHistogramTest {
  private static final SparkSession spark = SparkTestSession.get();

  /**
   * NaN, null and +∞ never reach the bins (Spark SQL's NaN = NaN is true, so a self-equality test
   * does not exclude NaN); +∞ is counted apart, and rows that are not ok are left out.
   */
  @Test
  void binsHoldTheFiniteValuesOfOkRowsOnly() {
    Dataset<Row> report =
        spark.sql(
            "SELECT * FROM VALUES ('ok', 0.0D), ('ok', 0.5D), ('ok', 1.0D), ('ok', CAST('NaN' AS"
                + " DOUBLE)), ('ok', CAST('Infinity' AS DOUBLE)), ('ok', CAST(NULL AS DOUBLE)),"
                + " ('insufficient_data', 7.0D) AS t(status, kl)");
    ReportHistogram h = ReportHistogram.of(report, "kl", 4);
    assertThat(h.finite()).isEqualTo(3);
    assertThat(h.infinite()).isEqualTo(1);
    assertThat(Arrays.stream(h.edges()).allMatch(Double::isFinite)).isTrue();
    assertThat(h.edges()[0]).isEqualTo(0.0);
    assertThat(h.edges()[4]).isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void noFiniteValueGivesNoBins() {
    Dataset<Row> report =
        spark.sql(
            "SELECT * FROM VALUES ('ok', CAST('NaN' AS DOUBLE)), ('ok', CAST('Infinity' AS"
                + " DOUBLE)) AS t(status, kl)");
    ReportHistogram h = ReportHistogram.of(report, "kl", 4);
    assertThat(h.edges()).isEmpty();
    assertThat(h.infinite()).isEqualTo(1);
  }
}

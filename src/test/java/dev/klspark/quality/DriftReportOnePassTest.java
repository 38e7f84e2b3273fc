package dev.klspark.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.math.Smoothing;
import dev.klspark.spark.distribution.Buckets;
import dev.klspark.testing.InputRecords;
import dev.klspark.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift metrics of several columns read the input once: current and reference counts of every
 * (group, column, category) come from one aggregation; only one row per (column, group) reaches the
 * driver.
 */
class DriftReportOnePassTest {
  private static final SparkSession spark = SparkTestSession.get();

  @TempDir Path tmp;

  @Test
  void inputIsScannedOnceForAllColumnsAndBothSlices() throws Exception {
    String path = tmp.resolve("rows").toString();
    spark
        .range(0, 20_000, 1, 2)
        .selectExpr(
            "CAST(id % 37 AS STRING) AS g",
            "CAST(id % 11 AS STRING) AS c", "CAST(id % 101 AS DOUBLE) AS x", "id % 2 = 0 AS cur")
        .write()
        .parquet(path);
    Dataset<Row> input = spark.read().parquet(path);
    double[] splits = {Double.NEGATIVE_INFINITY, 10, 50, Double.POSITIVE_INFINITY};
    List<MonitoredColumn> columns =
        List.of(
            new MonitoredColumn("c", 0, null),
            new MonitoredColumn("x", 0, new Buckets(splits, Buckets.defaultLabels(splits))));
    InputRecords.Counted<DriftReport.Metrics> counted =
        InputRecords.during(
            spark,
            () ->
                DriftReport.compute(
                    List.of(
                        new DriftReport.Side(
                            input,
                            functions.col("cur"),
                            functions.not(functions.col("cur")),
                            "input")),
                    List.of("g"),
                    columns,
                    Map.of("x", columns.get(1).buckets()),
                    new DriftComparison(new Smoothing.Floor(1e-4))));
    DriftReport.Metrics m = counted.result();
    assertThat(m.rows()).hasSize(2 * 37);
    assertThat(m.currentRows()).isEqualTo(10_000L);
    assertThat(counted.recordsRead()).isEqualTo(20_000L);
    DriftEvaluation.Input x =
        m.rows().stream()
            .filter(r -> r.column().equals("x") && r.groupKey().equals("0"))
            .findFirst()
            .orElseThrow();
    assertThat(x.result().labels()).containsExactly("[-inf, 10)", "[10, 50)", "[50, inf]");
  }
}

package dev.klspark.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.math.Smoothing;
import dev.klspark.spark.distribution.Buckets;
import dev.klspark.testing.InputRecords;
import dev.klspark.testing.SparkTestSession;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
    Dataset<Row> input =
        written(
            "rows",
            20_000,
            2,
            "CAST(id % 37 AS STRING) AS g",
            "CAST(id % 11 AS STRING) AS c",
            "CAST(id % 101 AS DOUBLE) AS x",
            "id % 2 = 0 AS cur");
    double[] splits = {Double.NEGATIVE_INFINITY, 10, 50, Double.POSITIVE_INFINITY};
    List<MonitoredColumn> columns =
        List.of(
            new MonitoredColumn("c", 0, null),
            new MonitoredColumn("x", 0, new Buckets(splits, Buckets.defaultLabels(splits))));
    InputRecords.Counted<DriftReport.Metrics> counted = drift(input, columns);
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

  @Test
  void countsInPartsReachTheStepThroughOneShuffleAndGiveTheWholeCountsMetrics() throws Exception {
    // Six files, read by two scan tasks: every (group, column, category) is counted in both, so
    // the step receives its counts in two parts (PartialCounts) and adds them up (DriftStep).
    Dataset<Row> split =
        written(
            "parts",
            6_000,
            6,
            "CAST(id % 7 AS STRING) AS g",
            "CAST((id div 7) % 5 AS STRING) AS c",
            "CAST(id % 13 AS DOUBLE) AS x",
            "id % 3 <> 0 AS cur");
    assertThat(split.rdd().getNumPartitions()).isEqualTo(2);
    double[] splits = {Double.NEGATIVE_INFINITY, 4, 9, Double.POSITIVE_INFINITY};
    List<MonitoredColumn> columns =
        List.of(
            new MonitoredColumn("c", 0, null),
            new MonitoredColumn("x", 0, new Buckets(splits, Buckets.defaultLabels(splits))));
    InputRecords.Counted<DriftReport.Metrics> parts = drift(split, columns);
    InputRecords.Counted<DriftReport.Metrics> whole = drift(split.coalesce(1), columns);
    // 7 groups x (5 categories + 3 buckets) = 56 cells, each counted by both tasks: twice as many
    // rows are shuffled, once: no shuffle by (group, column, category) and final count before the
    // step's.
    assertThat(parts.shuffleWritingStages()).isEqualTo(1);
    assertThat(parts.shuffleRecordsWritten()).isEqualTo(2 * 56L);
    assertThat(whole.shuffleRecordsWritten()).isEqualTo(56L);
    assertThat(parts.result().rows()).hasSize(14);
    assertThat(components(parts.result())).isEqualTo(components(whole.result()));
  }

  @Test
  void oneColumnAloneHasTheMetricsItHasBesideOthers() throws Exception {
    // One monitored column skips the array of cells exploded per row: its metrics are those it
    // has beside a second column (exploded), to the bit; with null values and counts in parts
    // (four files, two scan tasks), which the step receives added up per category as read.
    assertThat(DriftStep.of(new DriftComparison(new Smoothing.Floor(1e-4))).takesMergedCells())
        .isTrue();
    Dataset<Row> split =
        written(
            "nulls",
            8_000,
            4,
            "CAST(id % 5 AS STRING) AS g",
            "CASE WHEN id % 17 = 1 THEN NULL ELSE CAST((id div 5) % 9 AS STRING) END AS c",
            "CASE WHEN id % 23 = 0 THEN NULL ELSE CAST(id % 13 AS DOUBLE) END AS x",
            "id % 3 <> 0 AS cur");
    double[] splits = {Double.NEGATIVE_INFINITY, 4, 9, Double.POSITIVE_INFINITY};
    MonitoredColumn c = new MonitoredColumn("c", 0, null);
    MonitoredColumn x =
        new MonitoredColumn("x", 0, new Buckets(splits, Buckets.defaultLabels(splits)));
    for (MonitoredColumn alone : List.of(c, x)) {
      List<String> one =
          components(drift(split, List.of(alone), Map.of("x", x.buckets())).result());
      List<String> both =
          components(drift(split, List.of(c, x), Map.of("x", x.buckets())).result()).stream()
              .filter(r -> r.startsWith(alone.name() + "|"))
              .toList();
      assertThat(one).hasSize(5).isEqualTo(both);
      assertThat(one.get(0)).contains("|nullCurrent=").doesNotContain("|nullCurrent=0|");
    }
  }

  /** {@code rows} ids in {@code files} Parquet files under {@code name}, read back. */
  private Dataset<Row> written(String name, long rows, int files, String... columns) {
    String path = tmp.resolve(name).toString();
    spark.range(0, rows, 1, files).selectExpr(columns).write().parquet(path);
    return spark.read().parquet(path);
  }

  private static InputRecords.Counted<DriftReport.Metrics> drift(
      Dataset<Row> input, List<MonitoredColumn> columns) throws Exception {
    return drift(input, columns, Map.of("x", columns.get(1).buckets()));
  }

  private static InputRecords.Counted<DriftReport.Metrics> drift(
      Dataset<Row> input, List<MonitoredColumn> columns, Map<String, Buckets> buckets)
      throws Exception {
    return InputRecords.during(
        spark,
        () ->
            DriftReport.compute(
                List.of(
                    new DriftReport.Side(
                        input, functions.col("cur"), functions.not(functions.col("cur")), "input")),
                List.of("g"),
                columns,
                buckets,
                new DriftComparison(new Smoothing.Floor(1e-4))));
  }

  /** Every row's values, arrays as lists and doubles as their bits, sorted by column and group. */
  private static List<String> components(DriftReport.Metrics m) throws Exception {
    List<String> out = new ArrayList<>();
    for (DriftEvaluation.Input in : m.rows()) {
      StringBuilder b = new StringBuilder(in.column() + "|" + in.groupKey());
      for (RecordComponent rc : DriftComparison.Result.class.getRecordComponents()) {
        Object v = rc.getAccessor().invoke(in.result());
        if (v instanceof double[] d) {
          v = Arrays.stream(d).mapToObj(Double::doubleToRawLongBits).toList();
        } else if (v instanceof Double d) {
          v = Double.doubleToRawLongBits(d);
        }
        b.append('|').append(rc.getName()).append('=').append(v);
      }
      out.add(b.toString());
    }
    out.sort(null);
    return out;
  }
}

package dev.klspark.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.KlsparkException;
import dev.klspark.math.ContinuousSamples;
import dev.klspark.math.Smoothing;
import dev.klspark.math.TwoSampleStream;
import dev.klspark.testing.InputRecords;
import dev.klspark.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The value columns' pass of {@link DriftReport}: per (column, group) the numbers of the kernel on
 * the same values gathered by plain Java (a row of both slices on both sides; nulls, NaN and
 * infinities excluded and counted; an integer column), the plan (one exchange, one sort), the scans
 * (the value pass is the second one), and a non-numeric value column.
 */
class DriftReportValuesTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final int N = 3000;

  @TempDir static Path tmp;

  private static Dataset<Row> input;

  /** The rows' values as the SQL below computes them, or null; NaN for id % 97 = 1. */
  private static Double x(long id) {
    if (id % 50 == 0) {
      return null;
    }
    if (id % 97 == 1) {
      return Double.NaN;
    }
    if (id % 89 == 2) {
      return Double.POSITIVE_INFINITY;
    }
    return (id % 101) * (current(id) ? 1.1 : 1.0);
  }

  private static boolean current(long id) {
    return id % 2 == 0;
  }

  private static boolean reference(long id) {
    return id % 3 != 2; // overlaps the current slice: such a row is on both sides
  }

  /** The rows, written once for the class. */
  private static synchronized Dataset<Row> input() {
    if (input != null) {
      return input;
    }
    String path = tmp.resolve("rows").toString();
    spark
        .range(0, N, 1, 2)
        .selectExpr(
            "CAST(id % 3 AS STRING) AS g",
            "CASE WHEN id % 50 = 0 THEN NULL WHEN id % 97 = 1 THEN CAST('NaN' AS DOUBLE)"
                + " WHEN id % 89 = 2 THEN CAST('Infinity' AS DOUBLE)"
                + " ELSE (id % 101) * (CASE WHEN id % 2 = 0 THEN 1.1D ELSE 1.0D END) END AS x",
            "CAST(id % 13 AS INT) AS n",
            "CAST(id % 7 AS STRING) AS c",
            "id % 2 = 0 AS cur",
            "id % 3 != 2 AS ref")
        .write()
        .parquet(path);
    input = spark.read().parquet(path);
    return input;
  }

  private static List<DriftReport.Side> sides(Dataset<Row> in) {
    return List.of(new DriftReport.Side(in, functions.col("cur"), functions.col("ref"), "input"));
  }

  private static double[] toArray(List<Double> l) {
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void numbersOfTheKernelPerColumnAndGroup() throws Exception {
    Dataset<Row> in = input();
    List<MonitoredColumn> columns =
        List.of(
            new MonitoredColumn("c", 0, null),
            MonitoredColumn.valueColumn("x"),
            MonitoredColumn.valueColumn("n"));
    InputRecords.Counted<DriftReport.Metrics> counted =
        InputRecords.during(
            spark,
            () ->
                DriftReport.compute(
                    sides(in),
                    List.of("g"),
                    columns,
                    Map.of(),
                    new DriftComparison(new Smoothing.Floor(1e-4))));
    // Categories in one scan, values in a second one.
    assertThat(counted.recordsRead()).isEqualTo(2L * N);
    DriftReport.Metrics m = counted.result();
    assertThat(m.rows()).hasSize(3 * 3);
    assertThat(m.currentRows()).isEqualTo(N / 2);
    Map<String, DriftComparison.Result> by = new HashMap<>();
    m.rows().forEach(r -> by.put(r.column() + "·" + r.groupKey(), r.result()));

    for (int g = 0; g < 3; g++) {
      List<Double> cur = new ArrayList<>();
      List<Double> ref = new ArrayList<>();
      List<Double> curN = new ArrayList<>();
      List<Double> refN = new ArrayList<>();
      long nullCur = 0;
      long nonFiniteRef = 0;
      for (long id = g; id < N; id += 3) {
        Double v = x(id);
        if (current(id)) {
          curN.add((double) (id % 13));
          if (v == null) {
            nullCur++;
          } else if (Double.isFinite(v)) {
            cur.add(v);
          }
        }
        if (reference(id)) {
          refN.add((double) (id % 13));
          if (v != null && !Double.isFinite(v)) {
            nonFiniteRef++;
          } else if (v != null) {
            ref.add(v);
          }
        }
      }
      DriftComparison.Result r = by.get("x·" + g);
      if (ref.isEmpty()) { // group 2: never in the reference slice
        assertThat(r.status()).isEqualTo(DriftStatus.MISSING_REFERENCE);
        continue;
      }
      TwoSampleStream.Result k =
          ContinuousSamples.compare(toArray(cur), toArray(ref), ContinuousSamples.DEFAULT_K);
      assertThat(r.valueColumn()).isTrue();
      assertThat(r.nCurrent()).isEqualTo(cur.size());
      assertThat(r.nReference()).isEqualTo(ref.size());
      assertThat(r.nonFiniteReference()).isEqualTo(nonFiniteRef);
      assertThat(r.nullCurrent()).isEqualTo(nullCur + r.nonFiniteCurrent());
      assertThat(r.ksStatistic()).isEqualTo(k.ksStatistic());
      assertThat(r.pValue()).isEqualTo(k.ksPValue());
      assertThat(r.wassersteinDistance()).isCloseTo(k.wasserstein(), within(1e-12));
      assertThat(r.klDivergenceKnn()).isCloseTo(k.klDivergenceKnn(), within(1e-12));
      TwoSampleStream.Result kn =
          ContinuousSamples.compare(toArray(curN), toArray(refN), ContinuousSamples.DEFAULT_K);
      DriftComparison.Result rn = by.get("n·" + g);
      assertThat(rn.ksStatistic()).isEqualTo(kn.ksStatistic());
      assertThat(rn.wassersteinDistance()).isCloseTo(kn.wasserstein(), within(1e-12));
      // An integer column, heavily tied: the k-NN estimate with the kernel's tie rule.
      assertThat(rn.klDivergenceKnn()).isCloseTo(kn.klDivergenceKnn(), within(1e-12));
      assertThat(rn.knnProblem()).isNull();
    }
    assertThat(by.get("c·0").valueColumn()).isFalse();
    assertThat(by.get("c·0").ksStatistic()).isNull();
  }

  @Test
  void oneExchangeAndOneSortForTheValues() {
    Dataset<Row> in = input();
    String plan =
        DriftReport.valuePass(
                sides(in),
                List.of("g"),
                List.of(MonitoredColumn.valueColumn("x"), MonitoredColumn.valueColumn("n")))
            .queryExecution()
            .executedPlan()
            .toString();
    assertThat(plan.split("Exchange hashpartitioning", -1).length - 1).isEqualTo(1);
    assertThat(plan.split("Sort \\[__value_group_hash", -1).length - 1).isEqualTo(1);
    assertThat(plan).doesNotContain("collect_list");
  }

  @Test
  void aValueColumnMustBeNumeric() {
    Dataset<Row> in = input();
    assertThatThrownBy(
            () ->
                DriftReport.compute(
                    sides(in),
                    List.of("g"),
                    List.of(MonitoredColumn.valueColumn("c")),
                    Map.of(),
                    new DriftComparison(new Smoothing.Floor(1e-4))))
        .isInstanceOf(KlsparkException.class)
        .hasMessage(
            "monitored column 'c' has type string; compare: values needs a numeric column in the"
                + " input (remove compare: values to compare its values as categories)");
  }
}

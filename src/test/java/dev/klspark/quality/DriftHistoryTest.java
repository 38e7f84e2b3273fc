package dev.klspark.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.KlsparkException;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.publish.OutputCommit;
import dev.klspark.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history table: its schema, one evaluated row as written (every metric of a (column, group)
 * whose values are known by hand), a date's partition staged, published and read back, a date
 * without rows, and a history that does not exist yet.
 */
class DriftHistoryTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final LocalDate D = LocalDate.of(2024, 3, 15);

  @TempDir Path tmp;

  /**
   * Column cat, group origin=SEA: current (a 30, b 10), reference (a 20, b 20), no smoothing. scipy
   * 1.17.1 on p = (.75, .25), q = (.5, .5): psi = ((p-q) * np.log(p/q)).sum() = 0.25 ln 3 =
   * 0.27465307216702745, hellinger = np.sqrt(1 - np.sqrt(p*q).sum()) = 0.18459191128251476, total
   * variation = abs(p-q).sum() / 2 = 0.25, stats.entropy(p, q) = 0.13081203594113697,
   * stats.entropy(q, p) = 0.14384103622589045, stats.power_divergence([30, 10], 40*q,
   * lambda_="log-likelihood") = (10.464962875290956, 0.0012165999233774939).
   */
  private static List<DriftEvaluation.Evaluated> evaluated() {
    DriftComparison.Result r =
        new DriftComparison(Smoothing.parse("none"))
            .compute(
                List.of(
                    new DriftComparison.Cell("a", 30, 20), new DriftComparison.Cell("b", 10, 20)));
    DriftEvaluation.Input in = new DriftEvaluation.Input("cat", List.of("SEA"), "SEA", null, r);
    return DriftEvaluation.evaluate(List.of(in), DriftThresholds.parse(null, null, null), 20, 0.05);
  }

  private static List<Row> rows() {
    return DriftHistory.rows(evaluated(), "none", "date in [2024-03-15, 2024-03-15]", "baseline");
  }

  @Test
  void schemaPutsTheGroupColumnsAfterColumnAndRefusesReservedNames() {
    StructType s = DriftHistory.schema(List.of("origin"));
    assertThat(s.fieldNames()).startsWith("column", "origin", "group_key", "status", "message");
    assertThat(s.fieldNames())
        .contains("psi_nats", "hellinger_distance", "total_variation_distance", "p_value_adjusted");
    assertThat(DriftHistory.readSchema(List.of("origin")).fieldNames()).endsWith("report_date");
    assertThatThrownBy(() -> DriftHistory.schema(List.of("status")))
        .isInstanceOf(KlsparkException.class)
        .hasMessage(
            "group column 'status' has the name of a history column; rename it in the input");
    assertThat(DriftHistory.partitionName(D)).isEqualTo("history/report_date=2024-03-15");
    assertThat(DriftHistory.partition("/out", D)).isEqualTo("/out/history/report_date=2024-03-15");
  }

  @Test
  void oneRowHoldsTheMetricsTheChecksAndTheDistributions() {
    Row w = spark.createDataFrame(rows(), DriftHistory.schema(List.of("origin"))).first();
    assertThat(w.<String>getAs("column")).isEqualTo("cat");
    assertThat(w.<String>getAs("origin")).isEqualTo("SEA");
    assertThat(w.<Double>getAs("n_current")).isEqualTo(40.0);
    assertThat(w.<Double>getAs("n_reference")).isEqualTo(40.0);
    assertThat(w.<Integer>getAs("k_categories")).isEqualTo(2);
    assertThat(w.<Double>getAs("psi_nats")).isCloseTo(0.27465307216702745, within(1e-15));
    assertThat(w.<Double>getAs("hellinger_distance")).isCloseTo(0.18459191128251476, within(1e-15));
    assertThat(w.<Double>getAs("total_variation_distance")).isCloseTo(0.25, within(1e-15));
    assertThat(w.<Double>getAs("kl_divergence_nats")).isCloseTo(0.13081203594113697, within(1e-15));
    assertThat(w.<Double>getAs("reverse_kl_divergence_nats"))
        .isCloseTo(0.14384103622589045, within(1e-15));
    assertThat(w.<Double>getAs("g_statistic")).isCloseTo(10.464962875290956, within(1e-12));
    assertThat(w.<Integer>getAs("degrees_of_freedom")).isEqualTo(1);
    assertThat(w.<Double>getAs("p_value")).isCloseTo(0.0012165999233774939, within(1e-15));
    // One tested row: the BH-adjusted p-value is the p-value.
    assertThat(w.<Double>getAs("p_value_adjusted")).isEqualTo(w.<Double>getAs("p_value"));
    // The default levels, psi 0.1 / 0.25: fail (significant at 0.05).
    assertThat(w.<String>getAs("status")).isEqualTo("fail");
    assertThat(w.<String>getAs("message")).isEqualTo("psi_nats 0.274653 >= fail 0.25");
    assertThat(w.<String>getAs("thresholds"))
        .isEqualTo("psi_nats warn>=0.1 fail>=0.25; levels count if p_value_adjusted < 0.05");
    assertThat(w.<String>getAs("smoothing")).isEqualTo("none");
    assertThat(w.isNullAt(w.fieldIndex("bucket_edges"))).isTrue();
    assertThat(w.<String>getAs("reference_slice")).isEqualTo("baseline");
    assertThat(w.getList(w.fieldIndex("categories"))).containsExactly("a", "b");
    assertThat(w.getList(w.fieldIndex("current_share"))).containsExactly(0.75, 0.25);
    assertThat(w.getList(w.fieldIndex("reference_share"))).containsExactly(0.5, 0.5);
  }

  @Test
  void aStagedPartitionIsReadBackWithItsDateAndNoDataLeavesAMarker() throws Exception {
    String out = tmp.resolve("out").toString();
    FileSystem fs = FileSystem.getLocal(spark.sparkContext().hadoopConfiguration());
    List<String> groupBy = List.of("origin");
    assertThat(DriftHistory.read(spark, out, groupBy, D).count()).isZero(); // no history yet

    try (OutputCommit c =
        OutputCommit.begin(
            fs,
            fs.makeQualified(new org.apache.hadoop.fs.Path(out, DriftHistory.partitionName(D))),
            "data-quality",
            "run-1")) {
      DriftHistory.stage(spark, c.staging(), rows(), DriftHistory.schema(groupBy), "unused");
      c.commit();
    }
    LocalDate empty = D.plusDays(1);
    try (OutputCommit c =
        OutputCommit.begin(
            fs,
            fs.makeQualified(new org.apache.hadoop.fs.Path(out, DriftHistory.partitionName(empty))),
            "data-quality",
            "run-2")) {
      DriftHistory.stage(
          spark, c.staging(), List.of(), DriftHistory.schema(groupBy), "no data for it");
      c.commit();
    }
    assertThat(Path.of(DriftHistory.partition(out, empty)).resolve(DriftHistory.NO_DATA))
        .hasContent("no data for it");

    // Every date but the excluded one: this date's row, with its partition value; the empty date
    // has no row.
    List<Row> past = DriftHistory.read(spark, out, groupBy, empty).collectAsList();
    assertThat(past).hasSize(1);
    Row r = past.get(0);
    assertThat(r.getDate(r.fieldIndex("report_date")).toLocalDate()).isEqualTo(D);
    assertThat(r.<Double>getAs("psi_nats")).isCloseTo(0.27465307216702745, within(1e-15));
    assertThat(r.<String>getAs("origin")).isEqualTo("SEA");
    assertThat(DriftHistory.read(spark, out, groupBy, D).count()).isZero();
    try (var files = Files.list(Path.of(DriftHistory.partition(out, D)))) {
      assertThat(files).anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
    }
  }
}

package dev.klspark.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The report comparison used by jobs/cluster-smoke: row order, tolerance, missing rows, schema. */
class CompareReportsJobTest {
  private static final SparkSession spark = SparkTestSession.get();

  private static Dataset<Row> report(String values) {
    return spark.sql(
        "SELECT * FROM VALUES " + values + " AS t(origin, n, kl_divergence_nats, status)");
  }

  @Test
  void sameRowsInAnotherOrderWithinTheToleranceAgree() {
    Dataset<Row> a =
        report(
            "('A', 10L, 0.5D, 'ok'), ('B', 3L, CAST('Infinity' AS DOUBLE), 'ok'), (NULL, 1L, NULL, 'missing_model')");
    Dataset<Row> b =
        report(
            "(NULL, 1L, NULL, 'missing_model'), ('B', 3L, CAST('Infinity' AS DOUBLE), 'ok'), ('A', 10L, 0.5000000000000001D, 'ok')");
    CompareReportsJob.Result r = CompareReportsJob.compare(a, b, null, 1e-12, 20);
    assertThat(r.same()).isTrue();
    assertThat(r.leftRows()).isEqualTo(3);
    assertThat(r.maxRelativeDiff()).isGreaterThan(0).isLessThan(1e-12);
  }

  @Test
  void aValueBeyondTheToleranceAMissingRowAndAnotherCountDiffer() {
    Dataset<Row> a =
        report("('A', 10L, 0.5D, 'ok'), ('B', 3L, 0.25D, 'ok'), ('C', 1L, 0.1D, 'ok')");
    Dataset<Row> b = report("('A', 11L, 0.5D, 'ok'), ('B', 3L, 0.2500001D, 'ok')");
    CompareReportsJob.Result r = CompareReportsJob.compare(a, b, List.of("origin"), 1e-12, 20);
    assertThat(r.same()).isFalse();
    assertThat(r.diffs())
        .anyMatch(d -> d.contains("row counts differ: 3 vs 2"))
        .anyMatch(d -> d.contains("[origin=A] n: 10 vs 11"))
        .anyMatch(d -> d.startsWith("[origin=B] kl_divergence_nats"))
        .anyMatch(d -> d.equals("only in LEFT: [origin=C]"));
    assertThat(r.differentCells()).isEqualTo(2);
  }

  @Test
  void differentSchemasDiffer() {
    Dataset<Row> a = report("('A', 10L, 0.5D, 'ok')");
    Dataset<Row> b = a.withColumnRenamed("kl_divergence_nats", "kl_divergence_bits");
    assertThat(CompareReportsJob.compare(a, b, null, 1e-12, 20).diffs())
        .singleElement()
        .asString()
        .startsWith("schemas differ");
  }
}

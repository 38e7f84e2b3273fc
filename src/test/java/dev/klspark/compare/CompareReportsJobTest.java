package dev.klspark.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.cli.ExitCodes;
import dev.klspark.testing.SparkTestSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report comparison used by jobs/cluster-smoke: row order, tolerance, missing rows, schema; and
 * directories that are not reports.
 */
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
    ReportComparison.Result r = ReportComparison.compare(a, b, null, 1e-12, 20);
    assertThat(r.same()).isTrue();
    assertThat(r.leftRows()).isEqualTo(3);
    assertThat(r.maxRelativeDiff()).isGreaterThan(0).isLessThan(1e-12);
  }

  @Test
  void aValueBeyondTheToleranceAMissingRowAndAnotherCountDiffer() {
    Dataset<Row> a =
        report("('A', 10L, 0.5D, 'ok'), ('B', 3L, 0.25D, 'ok'), ('C', 1L, 0.1D, 'ok')");
    Dataset<Row> b = report("('A', 11L, 0.5D, 'ok'), ('B', 3L, 0.2500001D, 'ok')");
    ReportComparison.Result r = ReportComparison.compare(a, b, List.of("origin"), 1e-12, 20);
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
    assertThat(ReportComparison.compare(a, b, null, 1e-12, 20).diffs())
        .singleElement()
        .asString()
        .startsWith("schemas differ");
  }

  private record Run(int code, String out, String err) {}

  private static Run compareReports(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        CompareReportsJob.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void aDirectoryThatIsNotAParquetReportIsOneClearLine(@TempDir Path tmp) throws IOException {
    Path report = tmp.resolve("report-a");
    report("('A', 10L, 0.5D, 'ok')").write().parquet(report.toString());
    Path csv = Files.createDirectories(tmp.resolve("csv"));
    Files.writeString(csv.resolve("rows.csv"), "origin,n\nA,10\n");
    String expected =
        "expected a directory of Parquet files (a report, or a kl-report output holding report/)";

    Run r = compareReports(csv.toString(), report.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            "compare-reports: error: cannot read report "
                + csv
                + ": rows.csv is not a Parquet file; "
                + expected
                + "\n");

    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Files.writeString(empty.resolve("_SUCCESS"), "");
    r = compareReports(report.toString(), empty.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err())
        .isEqualTo(
            "compare-reports: error: cannot read report "
                + empty
                + ": it holds no data files; "
                + expected
                + "\n");

    r = compareReports(report.toString(), report.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).startsWith("compare-reports: SAME: 1 rows");
  }
}

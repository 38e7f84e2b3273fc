package dev.klspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klspark.klreport.KlReportJob;
import dev.klspark.mle.MleReportJob;
import dev.klspark.quality.DataQualityJob;
import dev.klspark.spark.publish.OwnedTable;
import dev.klspark.spark.publish.Tables;
import dev.klspark.testing.RequiresIceberg;
import dev.klspark.testing.SparkTestSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs on catalog tables: an Iceberg Hadoop catalog ({@code local}, on the test session's
 * temporary warehouse, see {@link SparkTestSession}; this class uses the namespace {@code tbl}) and
 * Parquet tables of {@code spark_catalog}. Inputs and models from tables give the report of the
 * same data from paths; the output table is replaced in one commit and only when klspark created
 * it; data-quality's history table keeps one partition per date and one snapshot per run, reruns
 * replace exactly their date, two dates commit concurrently, and a failing run adds no snapshot.
 * Every test uses the Iceberg catalog (its setup creates the input table there): skipped on a line
 * without an Iceberg runtime.
 */
@Tag("slow")
@RequiresIceberg
class TablesTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final Path PROJECT = Path.of(System.getProperty("klspark.project.dir", "."));
  private static final String FLIGHTS = PROJECT.resolve("data/flights-3m.parquet").toString();
  private static final String[] ICEBERG = {
    "--conf", "spark.sql.catalog.local=org.apache.iceberg.spark.SparkCatalog",
    "--conf", "spark.sql.catalog.local.type=hadoop"
  };

  @TempDir static Path shared;
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  @BeforeAll
  static void flightsTable() throws Exception {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS local.tbl");
    spark.read().parquet(FLIGHTS).writeTo("local.tbl.flights").createOrReplace();
  }

  private static Run kl(String... args) {
    return run(KlReportJob::execute, args);
  }

  private static Run dq(String... args) {
    return run(DataQualityJob::execute, args);
  }

  private interface Job {
    int execute(PrintWriter err, String... args);
  }

  private static synchronized Run run(Job job, String... args) {
    return runUnlocked(job, args);
  }

  private static Run runUnlocked(Job job, String... args) {
    StringWriter err = new StringWriter();
    int code = job.execute(new PrintWriter(err, true), args);
    return new Run(code, "", err.toString());
  }

  private static String[] with(String[] a, String... b) {
    List<String> all = new ArrayList<>(Arrays.asList(a));
    all.addAll(Arrays.asList(b));
    return all.toArray(new String[0]);
  }

  private static List<Row> sorted(Dataset<Row> d, String... by) {
    return d.orderBy(by[0], Arrays.copyOfRange(by, 1, by.length)).collectAsList();
  }

  /** Same columns, same rows, doubles to 1e-12 relative (sums may be taken in another order). */
  private static void assertSameRows(Dataset<Row> a, Dataset<Row> b, String... by) {
    assertThat(b.columns()).containsExactly(a.columns());
    List<Row> ra = sorted(a, by);
    List<Row> rb = sorted(b, by);
    assertThat(rb).hasSameSizeAs(ra);
    for (int i = 0; i < ra.size(); i++) {
      for (int j = 0; j < a.columns().length; j++) {
        Object x = ra.get(i).get(j);
        Object y = rb.get(i).get(j);
        if (x instanceof Double dx && y instanceof Double dy && !dx.equals(dy)) {
          assertThat(dy).as(a.columns()[j]).isCloseTo(dx, within(dx));
        } else {
          assertThat(y).as(a.columns()[j] + " of row " + i).isEqualTo(x);
        }
      }
    }
  }

  private static org.assertj.core.data.Offset<Double> within(double x) {
    return org.assertj.core.data.Offset.offset(1e-12 * Math.max(1.0, Math.abs(x)));
  }

  private static long snapshots(String table) {
    return spark.sql("SELECT * FROM " + table + ".snapshots").count();
  }

  @Test
  void flightsDemoFromAnIcebergTableGivesThePathRunsNumbers() throws Exception {
    String conf = PROJECT.resolve("conf/flights-delay.yaml").toString();
    Path pathOut = tmp.resolve("path");
    Run p = kl("--config", conf, "--output", pathOut.toString());
    assertThat(p.code()).as(p.err()).isZero();

    Run t =
        kl(
            with(
                ICEBERG,
                "--config",
                conf,
                "--input-table",
                "local.tbl.flights",
                "--output-table",
                "local.tbl.report"));
    assertThat(t.code()).as(t.err()).isZero();
    assertSameRows(
        spark.read().parquet(pathOut.resolve("report").toString()),
        spark.table("local.tbl.report"),
        "origin");

    Map<String, String> props = Tables.properties(spark, "local.tbl.report");
    assertThat(props).containsEntry("klspark.owner", "klspark");
    ObjectMapper json = new ObjectMapper();
    Map<?, ?> fromTable = json.readValue(props.get("klspark.summary"), Map.class);
    Map<?, ?> fromFile = json.readValue(pathOut.resolve("summary.json").toFile(), Map.class);
    assertThat(fromTable.get("groups")).isEqualTo(fromFile.get("groups"));
    assertThat(fromTable.get("top_groups").toString())
        .isEqualTo(fromFile.get("top_groups").toString());
    assertThat(((Map<?, ?>) fromTable.get("parameters")).get("input"))
        .isEqualTo("local.tbl.flights");

    // A rerun replaces klspark's own table in one new snapshot.
    long before = snapshots("local.tbl.report");
    Run again =
        kl(
            "--config",
            conf,
            "--input-table",
            "local.tbl.flights",
            "--output-table",
            "local.tbl.report");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(snapshots("local.tbl.report")).isEqualTo(before + 1);
  }

  @Test
  void sparkCatalogParquetTablesGiveThePathRunsReport() {
    Dataset<Row> flights = spark.read().parquet(FLIGHTS).where("origin IN ('ORD', 'ATL', 'DEN')");
    String in = tmp.resolve("flights.parquet").toString();
    flights.write().parquet(in);
    flights.write().option("path", tmp.resolve("t-flights").toString()).saveAsTable("tbl_flights");
    Dataset<Row> model =
        spark.sql(
            "SELECT origin, category, 0.2D AS probability FROM (SELECT DISTINCT origin FROM"
                + " tbl_flights) CROSS JOIN (SELECT explode(array('early', 'on_time',"
                + " 'late_15_60', 'late_60_180', 'late_180_plus')) AS category)");
    String modelPath = tmp.resolve("model.parquet").toString();
    model.write().parquet(modelPath);
    spark
        .read()
        .parquet(modelPath)
        .write()
        .option("path", tmp.resolve("t-model").toString())
        .saveAsTable("default.tbl_model");
    String conf = PROJECT.resolve("conf/flights-delay.yaml").toString();
    try {
      Run p =
          kl(
              "--config",
              conf,
              "--smoothing",
              "none",
              "--input",
              in,
              "--model",
              modelPath,
              "--output",
              tmp + "/p");
      assertThat(p.code()).as(p.err()).isZero();
      Run t =
          kl(
              "--config",
              conf,
              "--smoothing",
              "none",
              "--input-table",
              "tbl_flights",
              "--model-table",
              "spark_catalog.default.tbl_model",
              "--output",
              tmp + "/t");
      assertThat(t.code()).as(t.err()).isZero();
      assertSameRows(
          spark.read().parquet(tmp + "/p/report"),
          spark.read().parquet(tmp + "/t/report"),
          "origin");

      // mle-report: a model table is a candidate like a model file (model id: the table's name).
      Run m =
          run(
              MleReportJob::execute,
              "--input-table",
              "tbl_flights",
              "--group-by",
              "origin",
              "--category",
              "delay",
              "--bucket-splits",
              "-inf,0,15,60,180,inf",
              "--bucket-labels",
              "early,on_time,late_15_60,late_60_180,late_180_plus",
              "--model-table",
              "default.tbl_model",
              "--output",
              tmp + "/m");
      assertThat(m.code()).as(m.err()).isZero();
      assertThat(
              spark.read().parquet(tmp + "/m/report").select("model_id").distinct().collectAsList())
          .extracting(r -> r.getString(0))
          .containsExactly("tbl_model");

      // ... and its report rows go to a table alone (no directory), the same rows.
      Run mt =
          run(
              MleReportJob::execute,
              "--input-table",
              "tbl_flights",
              "--group-by",
              "origin",
              "--category",
              "delay",
              "--bucket-splits",
              "-inf,0,15,60,180,inf",
              "--bucket-labels",
              "early,on_time,late_15_60,late_60_180,late_180_plus",
              "--model-table",
              "default.tbl_model",
              "--output-table",
              "local.tbl.mle");
      assertThat(mt.code()).as(mt.err()).isZero();
      assertSameRows(
          spark.read().parquet(tmp + "/m/report"), spark.table("local.tbl.mle"), "origin");
      assertThat(Tables.properties(spark, "local.tbl.mle")).containsKey("klspark.summary");
    } finally {
      spark.sql("DROP TABLE IF EXISTS tbl_flights");
      spark.sql("DROP TABLE IF EXISTS default.tbl_model");
    }
  }

  @Test
  void userMistakesAreOneLineWithTheirExitCode() {
    String conf = PROJECT.resolve("conf/flights-delay.yaml").toString();
    Run both = kl("--config", conf, "--input", FLIGHTS, "--input-table", "local.tbl.flights");
    assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("both --input and --input-table are set").hasLineCount(1);

    Run missing = kl("--config", conf, "--input-table", "local.tbl.nope", "--output", tmp + "/x");
    assertThat(missing.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(missing.err())
        .isEqualTo("kl-report: error: table local.tbl.nope not found (--input-table)\n");
    assertThat(tmp.resolve("x")).doesNotExist();

    Run badName = kl("--config", conf, "--output-table", "local..x");
    assertThat(badName.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(badName.err()).contains("--output-table 'local..x' is not a table name");

    Run self =
        kl(
            "--config",
            conf,
            "--input-table",
            "local.tbl.flights",
            "--output-table",
            "local.tbl.flights");
    assertThat(self.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(self.err()).contains("--output-table local.tbl.flights is also the");

    Run builtIn =
        kl("--config", conf, "--input-table", "local.tbl.flights", "--output-table", "tbl_out");
    assertThat(builtIn.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(builtIn.err())
        .contains("--output-table tbl_out is in Spark's built-in catalog")
        .hasLineCount(1);

    spark.sql("CREATE TABLE local.tbl.theirs (x INT) USING iceberg");
    long before = snapshots("local.tbl.theirs");
    Run foreign =
        kl(
            "--config",
            conf,
            "--input-table",
            "local.tbl.flights",
            "--output-table",
            "local.tbl.theirs");
    assertThat(foreign.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(foreign.err())
        .contains("--output-table local.tbl.theirs exists and was not created by klspark");
    assertThat(snapshots("local.tbl.theirs")).isEqualTo(before);
    assertThat(spark.table("local.tbl.theirs").columns()).containsExactly("x");
  }

  @Test
  void historyTableOneSnapshotPerRunOnePartitionPerDate() throws Exception {
    spark
        .table("local.tbl.flights")
        .where("origin IN ('ORD', 'ATL', 'DFW', 'LAX', 'DEN')")
        .writeTo("local.tbl.flights5")
        .createOrReplace();
    String conf = PROJECT.resolve("conf/flights-quality.yaml").toString();
    String out = tmp.resolve("dq").toString();
    String h = "local.tbl.history";
    String[] base = {
      "--config", conf, "--input-table", "local.tbl.flights5", "--history-table", h, "--output", out
    };
    Run d1 = dq(with(base, "--date", "2001-06-24"));
    assertThat(d1.code()).as(d1.err()).isLessThan(3);
    Run d2 = dq(with(base, "--date", "2001-06-17"));
    assertThat(d2.code()).as(d2.err()).isLessThan(3);
    assertThat(snapshots(h)).isEqualTo(2);
    List<Row> june17 = spark.table(h).where("report_date = DATE'2001-06-17'").collectAsList();
    List<Row> june24 =
        sorted(spark.table(h).where("report_date = DATE'2001-06-24'"), "column", "group_key");
    assertThat(june24).isNotEmpty();

    // A rerun replaces exactly its date: same rows, one more snapshot, the other date untouched.
    Run again = dq(with(base, "--date", "2001-06-24"));
    assertThat(again.code()).as(again.err()).isLessThan(3);
    assertThat(snapshots(h)).isEqualTo(3);
    assertThat(
            sorted(spark.table(h).where("report_date = DATE'2001-06-24'"), "column", "group_key"))
        .isEqualTo(june24);
    assertThat(spark.table(h).where("report_date = DATE'2001-06-17'").collectAsList())
        .containsExactlyInAnyOrderElementsOf(june17);
    assertThat(spark.table(h).select("report_date").distinct().count()).isEqualTo(2);
    assertThat(Path.of(out, "runs", "2001-06-24", "summary.json")).isRegularFile();
    assertThat(Path.of(out, "runs", "2001-06-24", "report.html")).isRegularFile();
    assertThat(Path.of(out, "history")).doesNotExist();

    // A failing run adds no snapshot.
    List<Row> snaps = spark.sql("SELECT snapshot_id FROM " + h + ".snapshots").collectAsList();
    Run bad = dq(with(base, "--date", "2001-06-10", "--date-column", "no_such_column"));
    assertThat(bad.code()).as(bad.err()).isEqualTo(DataQualityJob.JOB_ERROR);
    assertThat(spark.sql("SELECT snapshot_id FROM " + h + ".snapshots").collectAsList())
        .isEqualTo(snaps);

    // Two dates at the same time, sharing --output and the table: both commit.
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Run> a =
          pool.submit(
              () -> runUnlocked(DataQualityJob::execute, with(base, "--date", "2001-06-03")));
      Future<Run> b =
          pool.submit(
              () -> runUnlocked(DataQualityJob::execute, with(base, "--date", "2001-06-10")));
      assertThat(a.get().code()).as(a.get().err()).isLessThan(3);
      assertThat(b.get().code()).as(b.get().err()).isLessThan(3);
    } finally {
      pool.shutdown();
    }
    assertThat(snapshots(h)).isEqualTo(5);
    assertThat(spark.table(h).select("report_date").distinct().count()).isEqualTo(4);
    assertThat(spark.table(h).where("report_date = DATE'2001-06-17'").collectAsList())
        .containsExactlyInAnyOrderElementsOf(june17);
  }

  @Test
  void sparkSettingsFromTheJobFileAndFlagsReachTheSession() throws Exception {
    Path job = tmp.resolve("job.yaml");
    java.nio.file.Files.writeString(
        job,
        "category: delay\n"
            + "reference-filter: \"date < '2001-04-01'\"\n"
            + "spark-conf:\n"
            + "  klspark.test.a: file\n"
            + "  klspark.test.b: file\n");
    Run r =
        kl(
            "--config",
            job.toString(),
            "--conf",
            "klspark.test.b=flag",
            "--input-table",
            "local.tbl.nope",
            "--output",
            tmp + "/o");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(spark.conf().get("klspark.test.a")).isEqualTo("file");
    assertThat(spark.conf().get("klspark.test.b")).isEqualTo("flag");

    java.nio.file.Files.writeString(
        job, "category: delay\nreference-filter: \"date < '2001-04-01'\"\nspark-conf: [a, b]\n");
    Run bad = kl("--config", job.toString(), "--input", FLIGHTS);
    assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("spark-conf must be a mapping of keys to values");
    Run noEquals = kl("--conf", "spark.x", "--input", FLIGHTS, "--category", "delay");
    assertThat(noEquals.code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void aNewHistoryColumnKeepsEarlierDates() {
    OwnedTable t = OwnedTable.claim(spark, "local.tbl.evolving", "--history-table", List.of());
    t.replaceWhere(
        spark.sql("SELECT DATE'2001-01-01' AS report_date, 'a' AS column, 1.0D AS psi"),
        "report_date",
        java.sql.Date.valueOf("2001-01-01"));
    t.replaceWhere(
        spark.sql(
            "SELECT DATE'2001-01-02' AS report_date, 'a' AS column, 2.0D AS psi, 0.5D AS new_metric"),
        "report_date",
        java.sql.Date.valueOf("2001-01-02"));
    List<Row> rows = sorted(spark.table("local.tbl.evolving"), "report_date");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).isNullAt(rows.get(0).fieldIndex("new_metric"))).isTrue();
    assertThat(rows.get(1).getDouble(rows.get(1).fieldIndex("new_metric"))).isEqualTo(0.5);
    // A rerun of the old date without the new column: the column is null there, nothing breaks.
    t.replaceWhere(
        spark.sql("SELECT DATE'2001-01-01' AS report_date, 'a' AS column, 3.0D AS psi"),
        "report_date",
        java.sql.Date.valueOf("2001-01-01"));
    assertThat(spark.table("local.tbl.evolving").count()).isEqualTo(2);
    assertThat(snapshots("local.tbl.evolving")).isEqualTo(3);
  }
}

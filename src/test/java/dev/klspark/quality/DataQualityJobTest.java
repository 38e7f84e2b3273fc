package dev.klspark.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.testing.SparkTestSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code data-quality} through its command line on synthetic daily data (2024-01-01..2024-02-29,
 * groups A, B, {@code <x&y>} and a small S; group B's category and numeric value shift in the week
 * ending 2024-02-29): idempotent reruns, other dates untouched, failing runs leaving the history as
 * it was, every exit code, and each bad input.
 */
@Tag("slow")
class DataQualityJobTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final String SHIFTED = "2024-02-29"; // B drifts in [02-23, 02-29]
  private static final String STABLE = "2024-02-22";

  @TempDir static Path data;
  @TempDir Path tmp;

  private static Path input;
  private static Path retyped;

  @BeforeAll
  static void generate() {
    input = data.resolve("events.parquet");
    String u = "pmod(hash(id, 7), 1000) / 1000.0";
    String g =
        "CASE WHEN pmod(hash(id, 3), 100) < 40 THEN 'A' WHEN pmod(hash(id, 3), 100) < 80 THEN 'B'"
            + " WHEN pmod(hash(id, 3), 100) < 99 THEN '<x&y>' ELSE 'S' END";
    spark
        .range(0, 60_000)
        .selectExpr(
            "id",
            "date_add(DATE'2024-01-01', CAST(pmod(id, 60) AS INT)) AS date",
            g + " AS g",
            u + " AS u")
        .selectExpr(
            "date",
            "g",
            "CASE WHEN g = 'B' AND date >= DATE'2024-02-23' THEN"
                + " (CASE WHEN u < 0.2 THEN 'a' WHEN u < 0.5 THEN 'b' ELSE 'c' END)"
                + " ELSE (CASE WHEN u < 0.5 THEN 'a' WHEN u < 0.8 THEN 'b' ELSE 'c' END) END AS cat",
            "CASE WHEN g = 'B' AND date >= DATE'2024-02-23' THEN u * 100 + 30 ELSE u * 100 END AS x",
            "CAST(NULL AS STRING) AS nulls")
        .write()
        .parquet(input.toString());
    retyped = data.resolve("retyped.parquet");
    spark
        .read()
        .parquet(input.toString())
        .withColumn("cat", functions.length(functions.col("cat")))
        .write()
        .parquet(retyped.toString());
  }

  private record Run(int code, String err, String out) {}

  private Run run(String... args) {
    StringWriter err = new StringWriter();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream old = System.out;
    int code;
    try {
      System.setOut(new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8));
      code = DataQualityJob.execute(new PrintWriter(err, true), args);
    } finally {
      System.setOut(old);
    }
    return new Run(code, err.toString(), bytes.toString(StandardCharsets.UTF_8));
  }

  /** A job file: columns cat (categorical) and x (quartiles), per g, week vs 4 weeks. */
  private Path jobFile(String name, String extra) throws IOException {
    String yaml =
        "input: "
            + input
            + "\n"
            + "date-column: date\n"
            + "group-by: [g]\n"
            + "columns:\n"
            + "  - cat\n"
            + "  - {name: x, buckets: quantiles:4}\n"
            + "current: week\n"
            + "reference: previous-weeks:4\n"
            + "min-sample-size: 100\n"
            + extra;
    Path f = tmp.resolve(name);
    Files.writeString(f, yaml);
    return f;
  }

  private Path defaultJob() throws IOException {
    return jobFile("job.yaml", "thresholds:\n  psi: {warn: 0.1, fail: 0.25}\n");
  }

  private Path out() {
    return tmp.resolve("out");
  }

  private Run runFor(Path job, String date, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("--config", job.toString(), "--date", date, "--output", out().toString()));
    args.addAll(List.of(more));
    return run(args.toArray(new String[0]));
  }

  /** Every history row as text, sorted: the content, whatever the Parquet file names. */
  private List<String> history() {
    Path h = out().resolve("history");
    if (!Files.exists(h)) {
      return List.of();
    }
    return spark
        .read()
        .parquet(h.toString())
        .orderBy("report_date", "column", "group_key")
        .collectAsList()
        .stream()
        .map(Row::toString)
        .toList();
  }

  /** The history rows of one report date, as text, sorted. */
  private List<String> historyOn(String date) {
    return history().stream().filter(r -> r.endsWith("," + date + "]")).toList();
  }

  /** Files (relative path -> size and mtime) under a directory: proves it was not rewritten. */
  private static Map<String, String> files(Path dir) throws IOException {
    Map<String, String> m = new TreeMap<>();
    if (!Files.exists(dir)) {
      return m;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        m.put(dir.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p));
      }
    }
    return m;
  }

  private Path partition(String date) {
    return out().resolve("history").resolve("report_date=" + date);
  }

  @Test
  void rerunForTheSameDateLeavesIdenticalHistory() throws IOException {
    Path job = defaultJob();
    Run first = runFor(job, SHIFTED);
    assertThat(first.code()).as(first.err()).isEqualTo(DataQualityJob.FAIL);
    List<String> once = history();
    assertThat(once).isNotEmpty();
    Run second = runFor(job, SHIFTED);
    assertThat(second.code()).as(second.err()).isEqualTo(DataQualityJob.FAIL);
    assertThat(history()).isEqualTo(once);
    assertThat(out().resolve(".lock")).doesNotExist();
    // Group B's category drifted: fail, with the metric and level in the message.
    Row b =
        spark
            .read()
            .parquet(out().resolve("history").toString())
            .where("column = 'cat' AND g = 'B'")
            .first();
    assertThat(b.<String>getAs("status")).isEqualTo("fail");
    assertThat(b.<String>getAs("message")).contains("psi_nats").contains(">= fail 0.25");
    assertThat(b.<Double>getAs("p_value_adjusted")).isLessThan(1e-6);
    assertThat(b.<String>getAs("smoothing")).isEqualTo("floor:1.0E-4");
    Row s =
        spark
            .read()
            .parquet(out().resolve("history").toString())
            .where("column = 'cat' AND g = 'S'")
            .first();
    assertThat(s.<String>getAs("status")).isEqualTo("insufficient_data");
  }

  @Test
  void runForAnotherDateLeavesEarlierDatesUntouchedAndKeepsBucketEdges() throws IOException {
    Path job = defaultJob();
    Run stable = runFor(job, STABLE);
    assertThat(stable.code()).as(stable.err() + stable.out()).isEqualTo(DataQualityJob.OK);
    Map<String, String> before = files(partition(STABLE));
    List<String> rowsBefore = history();
    String edges = Files.readString(out().resolve("bucket_edges.json"));
    assertThat(edges).contains("\"fixed_on_report_date\" : \"" + STABLE + "\"");

    Run shifted = runFor(job, SHIFTED);
    assertThat(shifted.code()).isEqualTo(DataQualityJob.FAIL);
    assertThat(files(partition(STABLE))).isEqualTo(before);
    assertThat(historyOn(STABLE)).isEqualTo(rowsBefore);
    // The quartile edges were fixed by the first run and did not move.
    assertThat(Files.readString(out().resolve("bucket_edges.json"))).isEqualTo(edges);
    // The HTML report: offline, charts inline, text escaped, the trend has both dates.
    String html = Files.readString(out().resolve("runs").resolve(SHIFTED).resolve("report.html"));
    assertThat(html.split("<svg", -1).length - 1).isGreaterThanOrEqualTo(2);
    assertThat(html).contains("&lt;x&amp;y&gt;").doesNotContain("<x&y>");
    assertThat(html)
        .doesNotContain("<script src")
        .doesNotContain("http://")
        .doesNotContain("https://");
    assertThat(html).contains(">" + STABLE + "</text>").contains(">" + SHIFTED + "</text>");
    // Overview first: the banner names the failing group, before the rows and the parameters.
    int failing = html.indexOf("<span class=\"fail-groups\">");
    assertThat(failing).isPositive();
    assertThat(html.substring(failing, html.indexOf("</span>", failing))).contains(" · B");
    assertThat(failing).isLessThan(html.indexOf("<details id=\"parameters\""));
    assertThat(failing).isLessThan(html.indexOf("id=\"flagged-rows\""));
    // Parameters: readable key: value rows, no Java map text, no null; levels as dashed lines.
    int at = html.indexOf("<details id=\"parameters\"");
    String parameters =
        html.substring(at, html.indexOf("</details>", at)).replaceAll("<[^>]*>", " ");
    assertThat(parameters)
        .contains("group_by")
        .doesNotContain("{")
        .doesNotContain("=")
        .doesNotContain("null");
    assertThat(html).contains(">warn 0.1</text>").contains(">fail 0.25</text>");
    assertThat(out().resolve("runs").resolve(SHIFTED).resolve("summary.json")).isRegularFile();
    // The run index lists both runs with their verdicts, newest first, linking their pages.
    String index = Files.readString(out().resolve("runs").resolve("index.html"));
    assertThat(index)
        .contains("<a href=\"" + SHIFTED + "/report.html\">")
        .contains("<a href=\"" + STABLE + "/report.html\">")
        .doesNotContain("http://")
        .doesNotContain("https://");
    assertThat(index.indexOf(SHIFTED + "/report.html"))
        .isLessThan(index.indexOf(STABLE + "/report.html"));
    assertThat(index).contains("<td>fail</td>");
    assertThat(shifted.out()).contains("HTML report: ").contains("run index: ");
  }

  /**
   * With bucket-edges-date the quantile edges come from that date's reference slice whichever date
   * runs first: two outputs that ran the same dates in opposite orders hold the same edges and the
   * same history rows.
   */
  @Test
  void bucketEdgesDateGivesTheSameEdgesWhicheverDateRunsFirst() throws IOException {
    Path job = jobFile("pinned.yaml", "bucket-edges-date: " + STABLE + "\n");
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    for (String[] order : new String[][] {{SHIFTED, STABLE}, {STABLE, SHIFTED}}) {
      Path o = order[0].equals(SHIFTED) ? a : b;
      for (String date : order) {
        Run r = run("--config", job.toString(), "--date", date, "--output", o.toString());
        assertThat(r.code()).as(r.err()).isIn(DataQualityJob.OK, DataQualityJob.FAIL);
      }
    }
    String edges = Files.readString(a.resolve("bucket_edges.json"));
    assertThat(edges).contains("\"fixed_on_report_date\" : \"" + STABLE + "\"");
    assertThat(Files.readString(b.resolve("bucket_edges.json"))).isEqualTo(edges);
    java.util.function.Function<Path, List<String>> rows =
        o ->
            spark
                .read()
                .parquet(o.resolve("history").toString())
                .orderBy("report_date", "column", "group_key")
                .collectAsList()
                .stream()
                .map(Row::toString)
                .toList();
    assertThat(rows.apply(a)).hasSize(rows.apply(b).size()).isEqualTo(rows.apply(b));
    // The setting is recorded with the run's parameters.
    assertThat(Files.readString(a.resolve("runs").resolve(SHIFTED).resolve("summary.json")))
        .contains("\"bucket_edges_date\" : \"" + STABLE + "\"");
  }

  @Test
  void failingRunLeavesTheHistoryAsItWas() throws IOException {
    Path job = defaultJob();
    assertThat(runFor(job, STABLE).code()).isEqualTo(DataQualityJob.OK);
    Map<String, String> before = files(out());
    Path bad = jobFile("bad.yaml", "");
    Files.writeString(bad, Files.readString(bad).replace("  - cat\n", "  - category\n"));
    Run r = runFor(bad, STABLE);
    assertThat(r.code()).isEqualTo(DataQualityJob.JOB_ERROR);
    assertThat(r.err()).contains("monitored column 'category' not found");
    assertThat(files(out())).isEqualTo(before);
  }

  @Test
  void exitCodes() throws IOException {
    Path warnOnly = jobFile("warn.yaml", "thresholds:\n  psi: {warn: 0.1, fail: 100}\n");
    Run warn = runFor(warnOnly, SHIFTED);
    assertThat(warn.code()).as(warn.err()).isEqualTo(DataQualityJob.OK);
    assertThat(warn.out()).contains("verdict warn");
    assertThat(runFor(warnOnly, SHIFTED, "--fail-on-warn").code()).isEqualTo(DataQualityJob.WARN);
    Run fail = runFor(defaultJob(), SHIFTED);
    assertThat(fail.code()).isEqualTo(DataQualityJob.FAIL);
    assertThat(fail.out()).contains("verdict fail");
    // Only A, whose distribution never moves: ok.
    assertThat(runFor(defaultJob(), SHIFTED, "--filter", "g = 'A'").code())
        .isEqualTo(DataQualityJob.OK);
    // More failing groups than B needed to fail the run: warn, exit 0.
    assertThat(runFor(defaultJob(), SHIFTED, "--fail-run-groups", "2").code())
        .isEqualTo(DataQualityJob.OK);
    Run badDate = runFor(defaultJob(), "2024-13-01");
    assertThat(badDate.code()).isEqualTo(DataQualityJob.USAGE);
    assertThat(badDate.err()).contains("not an ISO date");
    Run usage = run("--no-such-flag");
    assertThat(usage.code()).isEqualTo(DataQualityJob.USAGE);
    assertThat(run("--help").code()).isEqualTo(0);
  }

  @Test
  void typeChangedBetweenReferenceAndCurrentIsAJobError() throws IOException {
    Path job = defaultJob();
    Run r =
        runFor(
            job,
            SHIFTED,
            "--reference-input",
            retyped.toString(),
            "--reference",
            "previous-weeks:4");
    assertThat(r.code()).isEqualTo(DataQualityJob.JOB_ERROR);
    assertThat(r.err())
        .contains("column 'cat' changed type: string in the input, int in the reference input");
    assertThat(out().resolve("history")).doesNotExist();
  }

  @Test
  void separateReferenceInputAsAFixedBaseline() throws IOException {
    Run r =
        runFor(
            defaultJob(),
            SHIFTED,
            "--reference-input",
            input.toString(),
            "--reference",
            "baseline",
            "--reference-filter",
            "date < DATE'2024-02-01'");
    assertThat(r.code()).as(r.err()).isEqualTo(DataQualityJob.FAIL);
    Row b =
        spark
            .read()
            .parquet(partition(SHIFTED).toString())
            .where("column = 'cat' AND g = 'B'")
            .first();
    assertThat(b.<String>getAs("status")).isEqualTo("fail");
    assertThat(b.<String>getAs("reference_slice")).isEqualTo("baseline: date < DATE'2024-02-01'");
    assertThat(b.<Double>getAs("n_reference")).isGreaterThan(b.<Double>getAs("n_current"));
  }

  @Test
  void emptyCurrentSliceFailsWithMissingCurrentRows() throws IOException {
    Run r = runFor(defaultJob(), "2024-03-10"); // current [03-04, 03-10]: no rows; reference has
    assertThat(r.code()).as(r.err()).isEqualTo(DataQualityJob.FAIL);
    assertThat(r.out()).contains("the current slice is empty");
    List<Row> rows = spark.read().parquet(partition("2024-03-10").toString()).collectAsList();
    assertThat(rows)
        .isNotEmpty()
        .allSatisfy(x -> assertThat(x.<String>getAs("status")).isEqualTo("missing_current"));
  }

  @Test
  void allNullColumnIsMissingCurrentWithAMessage() throws IOException {
    Path job = jobFile("nulls.yaml", "");
    Files.writeString(job, Files.readString(job).replace("  - cat\n", "  - cat\n  - nulls\n"));
    Run r = runFor(job, STABLE);
    assertThat(r.code()).as(r.err()).isEqualTo(DataQualityJob.OK); // warn verdict, no fail-on-warn
    Row n =
        spark
            .read()
            .parquet(partition(STABLE).toString())
            .where("column = 'nulls' AND g = 'A'")
            .first();
    assertThat(n.<String>getAs("status")).isEqualTo("missing_current");
    assertThat(n.<String>getAs("message")).startsWith("all values are null on both sides");
  }

  @Test
  void dateWithNoDataReplacesThePartitionWithAMarker() throws IOException {
    Path job = defaultJob();
    assertThat(runFor(job, STABLE).code()).isEqualTo(DataQualityJob.OK);
    assertThat(runFor(job, SHIFTED).code()).isEqualTo(DataQualityJob.FAIL);
    Map<String, String> shifted = files(partition(SHIFTED));
    // A rerun of STABLE that now sees no rows: the partition is replaced by the marker, not kept.
    Run empty = runFor(job, STABLE, "--filter", "g = 'nobody'");
    assertThat(empty.code()).as(empty.err()).isEqualTo(DataQualityJob.FAIL);
    assertThat(empty.out()).contains("verdict no_data");
    assertThat(partition(STABLE).resolve("_NO_DATA")).isRegularFile();
    assertThat(historyOn(STABLE)).isEmpty();
    assertThat(historyOn(SHIFTED)).isNotEmpty();
    assertThat(files(partition(SHIFTED))).isEqualTo(shifted);
    // A date far outside the data.
    Run far = runFor(job, "2030-01-01");
    assertThat(far.code()).isEqualTo(DataQualityJob.FAIL);
    assertThat(partition("2030-01-01").resolve("_NO_DATA")).isRegularFile();
    assertThat(files(partition(SHIFTED))).isEqualTo(shifted);
  }

  @Test
  void concurrentRunIsPreventedByTheLock() throws IOException {
    Path job = defaultJob();
    assertThat(runFor(job, STABLE).code()).isEqualTo(DataQualityJob.OK);
    Map<String, String> before = dev.klspark.testing.Checksums.of(out());
    // Another run holding the output's lock (the cross-process case is OutputLockTest's).
    org.apache.hadoop.fs.FileSystem fs =
        org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
    try (var held =
        dev.klspark.spark.publish.OutputLock.acquire(
            fs, new org.apache.hadoop.fs.Path(out().toString()), "data-quality")) {
      Run r = runFor(job, STABLE);
      assertThat(r.code()).isEqualTo(DataQualityJob.JOB_ERROR);
      assertThat(r.err())
          .contains("is locked by another klspark run (data-quality by user")
          .contains("pid " + ProcessHandle.current().pid());
      assertThat(dev.klspark.testing.Checksums.of(out())).isEqualTo(before);
    }
    assertThat(runFor(job, STABLE).code()).isEqualTo(DataQualityJob.OK);
  }

  @Test
  void seattleWeatherJobFileRunsOnTheRealData() throws IOException {
    Path project = Path.of(System.getProperty("klspark.project.dir", "."));
    Run r =
        run(
            "--config", project.resolve("conf/seattle-weather-quality.yaml").toString(),
            "--output", out().toString());
    assertThat(r.code()).as(r.err()).isIn(DataQualityJob.OK, DataQualityJob.FAIL);
    List<Row> rows =
        spark.read().parquet(partition("2015-06-30").toString()).orderBy("column").collectAsList();
    assertThat(rows)
        .extracting(x -> x.<String>getAs("column"))
        .containsExactly("precipitation", "weather");
    Row w = rows.get(1);
    assertThat(w.<String>getAs("group_key")).isEqualTo("all");
    assertThat(w.<Double>getAs("n_current")).isEqualTo(30.0); // June 2015
    assertThat(w.<Double>getAs("n_reference")).isEqualTo(90.0); // June 2012-2014
    assertThat(w.<String>getAs("reference_slice")).isEqualTo("month 6 of the years before 2015");
    // Oracle, scipy 1.17.1: counts June 2015 [drizzle 1, fog 1, rain 4, sun 24], June 2012-2014
    // [1, 0, 38, 51]; each side normalised, floored at 1e-4, renormalised (p, q);
    // psi = sum((p-q)*log(p/q)), KL = rel_entr(p, q).sum(), JS from rel_entr against (p+q)/2,
    // G = stats.power_divergence(c, q*30, lambda_="log-likelihood").
    assertThat(w.<Double>getAs("psi_nats"))
        .isCloseTo(0.630902028625614, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(w.<Double>getAs("kl_divergence_nats"))
        .isCloseTo(0.3525402920080034, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(w.<Double>getAs("js_divergence_nats"))
        .isCloseTo(0.06362182251509718, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(w.<Double>getAs("g_statistic"))
        .isCloseTo(21.1524175204802, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(w.<Double>getAs("p_value"))
        .isCloseTo(9.787509487474773e-05, org.assertj.core.api.Assertions.within(1e-13));
    // The corrected KL (scipy oracle of src/test/resources/oracles/evidence_oracles.py); no
    // interval: fog's expected count 30 x 1e-4 < 1 fails Cochran's rule.
    assertThat(w.<Double>getAs("kl_divergence_bias_corrected_nats"))
        .isCloseTo(0.30254029200800336, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(w.isNullAt(w.fieldIndex("kl_divergence_ci_low_nats"))).isTrue();
    assertThat(w.<Integer>getAs("new_categories")).isEqualTo(1);
    // The flights job file resolves (its run is the demo, not a unit test).
    DataQualityJob.resolve(
        dev.klspark.config.JobSettings.of(
            Map.of(), project.resolve("conf/flights-quality.yaml"), DataQualityJob.KEYS));
  }

  @Test
  void aThresholdOnTheIntervalsLowerEndMeansDriftWithConfidence() throws IOException {
    // 28 reference days of 30 rows, a/b/c equally often; the current day: 360 a, 120 b, 120 c.
    Path data = tmp.resolve("shift.parquet");
    spark
        .sql(
            "SELECT date_add(DATE'2024-01-01', CAST(id DIV 30 AS INT)) AS d,"
                + " element_at(array('a', 'b', 'c'), CAST(id % 3 AS INT) + 1) AS c"
                + " FROM range(0, 840)"
                + " UNION ALL SELECT DATE'2024-01-29' AS d,"
                + " CASE WHEN id % 10 < 6 THEN 'a' WHEN id % 10 < 8 THEN 'b' ELSE 'c' END AS c"
                + " FROM range(0, 600)")
        .write()
        .parquet(data.toString());
    Path job = tmp.resolve("shift.yaml");
    Files.writeString(
        job,
        "date: 2024-01-29\ninput: "
            + data
            + "\ndate-column: d\ncolumns: [c]\ncurrent: day\n"
            + "reference: previous-days:28\nmin-sample-size: 20\n"
            + "thresholds:\n  kl_divergence_ci_low: {warn: 0.05, fail: 0.5}\n");
    Run r = run("--config", job.toString(), "--output", out().toString());
    assertThat(r.code()).as(r.err()).isEqualTo(DataQualityJob.OK);
    Row w = spark.read().parquet(partition("2024-01-29").toString()).first();
    // P = (.6, .2, .2) against Q = 1/3 each (floored at 1e-4, renormalised: unchanged to 1e-4):
    // KL = 0.148 nats, 95% interval [0.1076, 0.1936] (scipy exact ncx2, the oracle's method).
    assertThat(w.<Double>getAs("kl_divergence_ci_low_nats"))
        .isCloseTo(0.10761048776903988, org.assertj.core.api.Assertions.within(2e-3));
    assertThat(w.<Double>getAs("kl_divergence_ci_high_nats"))
        .isCloseTo(0.1936217984675062, org.assertj.core.api.Assertions.within(2e-3));
    assertThat(w.<String>getAs("status")).isEqualTo("warn");
    assertThat(w.<String>getAs("message"))
        .contains("kl_divergence_ci_low_nats")
        .contains(">= warn 0.05");
    assertThat(Files.readString(out().resolve("runs/2024-01-29/summary.json")))
        .contains("\"run_id\"")
        .contains("\"scala_version\" : \"" + scala.util.Properties.versionNumberString() + "\"");
  }
}

package dev.klspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klspark.compare.CompareReportsJob;
import dev.klspark.datagen.GroupIdType;
import dev.klspark.datagen.SyntheticDataWriter;
import dev.klspark.datagen.SyntheticSpec;
import dev.klspark.datagen.ValueColumn;
import dev.klspark.klreport.KlReportJob;
import dev.klspark.mle.MleReportJob;
import dev.klspark.quality.DataQualityJob;
import dev.klspark.testing.SparkTestSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output paths holding a space, non-ASCII letters, {@code #} and {@code %}: every job that writes
 * publishes there (exit 0, the output readable), and a second run replaces it, leaving nothing
 * beside it but its lock file. Inputs and job files live under such a directory too.
 * compare-reports writes nothing, but reads a kl-report output at such a path. {@code jobs/sql}
 * writes no output of its own.
 */
@Tag("slow")
class UnicodePathsTest {
  private static final SparkSession spark = SparkTestSession.get();

  /** A directory with a space, and a name with accents, '#' and '%' below it. */
  private static final String DIR = "dir with space/données ü";

  private static final String NAME = "résultat-données #1 50%";

  @TempDir static Path tmp;
  private static Path base;
  private static Path rows;
  private static Path model;
  private static Path predictions;

  private record Run(int code, String err, String out) {
    Run(int code, String err) {
      this(code, err, "");
    }
  }

  @BeforeAll
  static void data() {
    base = tmp.resolve(DIR);
    rows = base.resolve("lignes été.parquet");
    spark
        .sql(
            "SELECT CAST(id % 2 AS STRING) AS g, CAST(id % 3 AS STRING) AS c,"
                + " CAST(id % 17 AS DOUBLE) AS x, id,"
                + " date_add(DATE'2024-01-01', CAST(id % 35 AS INT)) AS d FROM range(0, 700)")
        .write()
        .parquet(rows.toString());
    model = base.resolve("modèle.parquet");
    spark
        .sql(
            "SELECT g, c AS category, 1.0D / 3 AS probability FROM VALUES ('0'), ('1') AS t(g)"
                + " CROSS JOIN VALUES ('0'), ('1'), ('2') AS u(c)")
        .write()
        .parquet(model.toString());
    predictions = base.resolve("prévisions.parquet");
    spark
        .sql(
            "SELECT CAST(id % 2 AS STRING) AS g, element_at(array('x', 'y', 'z'),"
                + " CAST(id % 3 AS INT) + 1) AS label, array(0.5D, 0.3D, 0.2D) AS p"
                + " FROM range(0, 60)")
        .write()
        .parquet(predictions.toString());
  }

  private static Path output(String job) {
    return base.resolve(job).resolve(NAME);
  }

  private static Run kl(String... args) {
    StringWriter err = new StringWriter();
    int code = KlReportJob.execute(new PrintWriter(err, true), args);
    return new Run(code, err.toString());
  }

  private static Run mle(String... args) {
    StringWriter err = new StringWriter();
    int code = MleReportJob.execute(new PrintWriter(err, true), args);
    return new Run(code, err.toString());
  }

  private static Run dq(String... args) {
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

  /**
   * gen-data as {@code GenerateDataJob#call} runs it, with the jobs' error handling, but on the
   * shared test session (the job's own {@code call} stops its session when done).
   */
  private static Run genData(Path out, boolean overwrite) {
    StringWriter err = new StringWriter();
    SyntheticSpec spec =
        new SyntheticSpec(200, 2, 3, 0, 0, 0, ValueColumn.NONE, GroupIdType.STRING, 1, 1);
    int code;
    try {
      SyntheticDataWriter.write(
          spark, new SyntheticDataWriter.Options(spec, out.toString(), overwrite));
      code = ExitCodes.OK;
    } catch (RuntimeException e) {
      code = JobErrors.handle(e, "gen-data", new PrintWriter(err, true));
    }
    return new Run(code, err.toString());
  }

  /**
   * Runs {@code job} twice on {@code out}: both exit 0, the second replaces the first (a new marker
   * in {@code published}, the directory each run publishes), and nothing but the output and its
   * lock file is left beside it.
   */
  private static void publishesAndReplaces(Path out, Path published, Function<Integer, Run> job)
      throws IOException {
    Run first = job.apply(1);
    assertThat(first.code()).as(first.err()).isEqualTo(ExitCodes.OK);
    assertThat(first.err()).doesNotContain("error");
    String marker = Files.readString(published.resolve("_KLSPARK.json"), StandardCharsets.UTF_8);
    Run second = job.apply(2);
    assertThat(second.code()).as(second.err()).isEqualTo(ExitCodes.OK);
    assertThat(second.err()).doesNotContain("error");
    assertThat(Files.readString(published.resolve("_KLSPARK.json"), StandardCharsets.UTF_8))
        .isNotEqualTo(marker);
    try (Stream<Path> s = Files.list(out.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString()).toList())
          .containsExactlyInAnyOrder(NAME, "." + NAME + ".lock");
    }
  }

  private static long count(Path table) {
    return spark.read().parquet(table.toString()).count();
  }

  private static JsonNode json(Path file) throws IOException {
    return new ObjectMapper().readTree(file.toFile());
  }

  @Test
  void klReportCategorical() throws IOException {
    Path out = output("kl-report");
    publishesAndReplaces(
        out,
        out,
        i ->
            kl(
                "--input", rows.toString(),
                "--group-by", "g",
                "--category", "c",
                "--model", model.toString(),
                "--output", out.toString()));
    assertThat(count(out.resolve("report"))).isEqualTo(2);
    assertThat(json(out.resolve("summary.json")).path("job").asText()).isEqualTo("kl-report");
    assertThat(out.resolve("report.html")).isNotEmptyFile();

    // compare-reports writes nothing, but reads reports at such paths.
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code =
        CompareReportsJob.execute(
            new PrintWriter(o, true), new PrintWriter(e, true), out.toString(), out.toString());
    assertThat(code).as(e.toString()).isEqualTo(ExitCodes.OK);
    assertThat(o.toString()).startsWith("compare-reports: SAME: 2 rows");
  }

  @Test
  void klReportValue() throws IOException {
    Path out = output("kl-report-value");
    publishesAndReplaces(
        out,
        out,
        i ->
            kl(
                "--input", rows.toString(),
                "--group-by", "g",
                "--value", "x",
                "--reference-filter", "id < 350",
                "--filter", "id >= 350",
                "--output", out.toString()));
    assertThat(count(out.resolve("report"))).isEqualTo(2);
    assertThat(json(out.resolve("summary.json")).path("job").asText()).isEqualTo("kl-report");
  }

  @Test
  void mleReport() throws IOException {
    Path out = output("mle-report");
    publishesAndReplaces(
        out,
        out,
        i ->
            mle(
                "--input", rows.toString(),
                "--group-by", "g",
                "--category", "c",
                "--model", model.toString(),
                "--output", out.toString()));
    assertThat(count(out.resolve("report"))).isPositive();
    assertThat(json(out.resolve("summary.json")).path("job").asText()).isEqualTo("mle-report");
  }

  @Test
  void mleReportPredictions() throws IOException {
    Path out = output("predictions");
    publishesAndReplaces(
        out,
        out,
        i ->
            mle(
                "--predictions", predictions.toString(),
                "--group-by", "g",
                "--label-column", "label",
                "--labels", "x,y,z",
                "--probability-column", "p",
                "--output", out.toString()));
    assertThat(count(out.resolve("predictions"))).isEqualTo(2);
    assertThat(json(out.resolve("summary.json")).at("/predictions/0/groups").asLong()).isEqualTo(2);
  }

  @Test
  void dataQuality() throws IOException {
    Path job = base.resolve("tâche qualité.yaml");
    Files.writeString(
        job,
        "input: '"
            + rows
            + "'\ndate-column: d\ngroup-by: [g]\ncolumns: [c]\ncurrent: week\n"
            + "reference: previous-weeks:4\nmin-sample-size: 10\n",
        StandardCharsets.UTF_8);
    Path out = output("data-quality");
    List<String> args =
        new ArrayList<>(
            List.of(
                "--config", job.toString(), "--date", "2024-02-04", "--output", out.toString()));
    Path part = out.resolve("history/report_date=2024-02-04");
    List<String> printed = new ArrayList<>();
    publishesAndReplaces(
        out,
        part,
        i -> {
          Run r = dq(args.toArray(new String[0]));
          printed.add(r.out());
          return r;
        });
    // The printed locations are the files themselves.
    assertThat(printed.get(1))
        .contains("run index: " + out.resolve("runs/index.html"))
        .contains("HTML report: " + out.resolve("runs/2024-02-04/report.html"));
    assertThat(count(part)).isPositive();
    assertThat(json(out.resolve("runs/2024-02-04/summary.json")).path("job").asText())
        .isEqualTo("data-quality");
    assertThat(out.resolve("runs/index.html")).isNotEmptyFile();
    try (Stream<Path> s = Files.list(out.resolve("history"))) {
      assertThat(s.map(p -> p.getFileName().toString()).toList())
          .containsExactly("report_date=2024-02-04");
    }
  }

  @Test
  void genData() throws IOException {
    Path out = output("gen-data");
    publishesAndReplaces(out, out, i -> genData(out, i > 1));
    assertThat(count(out.resolve("rows"))).isEqualTo(200);
    assertThat(count(out.resolve("model"))).isEqualTo(6);
  }
}

package dev.klspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.Versions;
import dev.klspark.compare.CompareReportsJob;
import dev.klspark.klreport.KlReportJob;
import dev.klspark.mle.MleReportJob;
import dev.klspark.quality.DataQualityJob;
import dev.klspark.spark.publish.OutputLock;
import dev.klspark.testing.Checksums;
import dev.klspark.testing.SparkTestSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability suite of the careless user: every case of the safety issue, through the jobs'
 * command lines. Each test asserts the exit code, the one line on stderr (no stack trace), and that
 * every file that existed under the affected paths is byte-identical afterwards (SHA-256).
 */
@Tag("slow")
class SafetyTest {
  private static final SparkSession spark = SparkTestSession.get();

  @TempDir Path tmp;
  private Path rows;
  private Path model;

  private record Run(int code, String err) {
    /** Exactly one line, and no stack frame. */
    Run oneLine() {
      assertThat(err.strip().lines().count()).as(err).isEqualTo(1);
      assertThat(err).doesNotContain("\tat ").doesNotContain("Exception:");
      return this;
    }
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
    int code = DataQualityJob.execute(new PrintWriter(err, true), args);
    return new Run(code, err.toString());
  }

  @BeforeEach
  void data() {
    rows = tmp.resolve("data/rows.parquet");
    spark
        .sql(
            "SELECT CAST(id % 3 AS STRING) AS g, CAST(id % 4 AS STRING) AS c, id,"
                + " CAST(1.0 AS DOUBLE) AS w, 'x' AS s FROM range(0, 240)")
        .write()
        .parquet(rows.toString());
    model = tmp.resolve("models/m.parquet");
    spark
        .sql(
            "SELECT g, c AS category, 0.25D AS probability FROM VALUES ('0'), ('1'), ('2') AS t(g)"
                + " CROSS JOIN VALUES ('0'), ('1'), ('2'), ('3') AS u(c)")
        .write()
        .parquet(model.toString());
  }

  private String[] klArgs(String output, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "--input",
                rows.toString(),
                "--group-by",
                "g",
                "--category",
                "c",
                "--model",
                model.toString(),
                "--output",
                output));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  private Map<String, String> all() {
    return Checksums.of(tmp);
  }

  @Test
  void aDirectoryOfUserFilesIsRefusedAndLeftByteIdentical() throws IOException {
    Path mine = tmp.resolve("mine");
    Files.createDirectories(mine.resolve("photos"));
    Files.writeString(mine.resolve("notes.txt"), "precious");
    Files.writeString(mine.resolve("photos/cat.jpg"), "jpeg bytes");
    Map<String, String> before = all();
    Run r = kl(klArgs(mine.toString())).oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err())
        .contains("exists and is not a kl-report output (holds notes.txt, photos/)")
        .contains("choose another --output or remove it yourself");
    assertThat(all()).isEqualTo(before);
    assertThat(
            mle(
                    "--input",
                    rows.toString(),
                    "--group-by",
                    "g",
                    "--category",
                    "c",
                    "--model",
                    model.toString(),
                    "--output",
                    mine.toString())
                .oneLine()
                .code())
        .isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(all()).isEqualTo(before);
  }

  @Test
  void aCheckoutGivenAsDotSlashDotARegularFileAndAnotherJobsOutputAreRefused() throws IOException {
    Path checkout = tmp.resolve("checkout");
    Files.createDirectories(checkout.resolve(".git/objects"));
    Files.writeString(checkout.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    Files.writeString(checkout.resolve("pom.xml"), "<project/>");
    Path file = tmp.resolve("report.txt");
    Files.writeString(file, "a file");
    Map<String, String> before = all();
    Run r = kl(klArgs(checkout + "/.")).oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("(holds .git/, pom.xml)");
    r = kl(klArgs(file.toString())).oneLine();
    assertThat(r.err()).contains("exists and is a file");
    assertThat(all()).isEqualTo(before);

    Path mleOut = tmp.resolve("mle");
    assertThat(
            mle(
                    "--input",
                    rows.toString(),
                    "--group-by",
                    "g",
                    "--category",
                    "c",
                    "--model",
                    model.toString(),
                    "--output",
                    mleOut.toString())
                .code())
        .isEqualTo(ExitCodes.OK);
    before = all();
    r = kl(klArgs(mleOut.toString())).oneLine();
    assertThat(r.err()).contains("is a mle-report output").contains("not a kl-report output");
    assertThat(all()).isEqualTo(before);
  }

  @Test
  void outputsOverlappingAnInputAreRefusedBeforeAnyWork() throws IOException {
    Path dqJob = writeDqJob();
    Map<String, String> before = all();
    Run r = kl(klArgs(tmp.resolve("data").toString())).oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("contains the input " + rows);
    r = kl(klArgs(model.toString())).oneLine();
    assertThat(r.err()).contains("is the same path as the model table " + model);
    r = kl(klArgs(rows + "/../rows.parquet/report")).oneLine();
    assertThat(r.err()).contains("lies inside the input");
    Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("models"));
    r = kl(klArgs(link.toString())).oneLine();
    assertThat(r.err()).contains("contains the model table");
    Files.delete(link);
    r =
        dq(
                "--date",
                "2024-01-01",
                "--input",
                rows.toString(),
                "--output",
                tmp.resolve("data").toString(),
                "--config",
                dqJob.toString())
            .oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("contains the input");
    assertThat(all()).isEqualTo(before);
  }

  private Path writeDqJob() throws IOException {
    Path job = tmp.resolve("jobs/dq.yaml");
    Files.createDirectories(job.getParent());
    Files.writeString(job, "date-column: d\ncolumns: [c]\n");
    return job;
  }

  @Test
  void aRerunReplacesItsOwnOutputAndNothingElse() throws IOException {
    Path out = tmp.resolve("out");
    assertThat(kl(klArgs(out.toString())).code()).isEqualTo(ExitCodes.OK);
    assertThat(out.resolve("_KLSPARK.json")).exists();
    Path other = tmp.resolve("other");
    Files.createDirectories(other);
    Files.writeString(other.resolve("keep.txt"), "x");
    Map<String, String> otherBefore = Checksums.of(other);
    String runId1 = Files.readString(out.resolve("_KLSPARK.json"));
    Run r = kl(klArgs(out.toString(), "--unit", "bits"));
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(Files.readString(out.resolve("_KLSPARK.json"))).isNotEqualTo(runId1);
    assertThat(Files.readString(out.resolve("summary.json"))).contains("\"unit\" : \"bits\"");
    assertThat(Files.readString(out.resolve("summary.json")))
        .contains(
            "\"spark_version\" : \"" + org.apache.spark.package$.MODULE$.SPARK_VERSION() + "\"")
        .contains("\"klspark_version\" : \"" + Versions.klspark() + "\"");
    assertThat(Checksums.of(other)).isEqualTo(otherBefore);
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString()).toList())
          .noneMatch(n -> n.startsWith(".out.") && !n.equals(".out.lock"));
    }
  }

  /** User folders with a few files each, and their SHA-256 checksums. */
  private static Map<Path, Map<String, String>> userFolders(Path... dirs) throws IOException {
    Map<Path, Map<String, String>> before = new java.util.LinkedHashMap<>();
    for (Path d : dirs) {
      Files.createDirectories(d.resolve("photos"));
      Files.writeString(d.resolve("notes.txt"), "precious notes in " + d.getFileName());
      Files.writeString(d.resolve("photos/cat.jpg"), "jpeg bytes");
      before.put(d, Checksums.of(d));
    }
    return before;
  }

  private static void untouched(Map<Path, Map<String, String>> before) {
    before.forEach(
        (dir, sums) -> {
          assertThat(dir).isDirectory();
          assertThat(Checksums.of(dir)).as(dir.toString()).isEqualTo(sums);
        });
  }

  /**
   * Folders a user named like klspark's backups ({@code .out.old-UUID}) and staging directories
   * beside an output: a first run, a rerun and a run that fails inside its tasks leave every file
   * in them byte-identical and the folders where they were; no such folder becomes the output.
   */
  @Test
  void foldersNamedLikeBackupsOrStagingBesideAnOutputAreNeverTouched() throws IOException {
    Path out = tmp.resolve("out");
    Map<Path, Map<String, String>> mine =
        userFolders(
            tmp.resolve(".out.old-" + java.util.UUID.randomUUID()),
            tmp.resolve(".out.old-" + java.util.UUID.randomUUID()),
            tmp.resolve(".out.staging-" + java.util.UUID.randomUUID()));

    Run r = kl(klArgs(out.toString()));
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(out.resolve("_KLSPARK.json")).exists();
    assertThat(out.resolve("notes.txt")).doesNotExist();
    untouched(mine);

    r = kl(klArgs(out.toString(), "--unit", "bits"));
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(Files.readString(out.resolve("summary.json"))).contains("\"unit\" : \"bits\"");
    untouched(mine);

    Map<String, String> published = Checksums.of(out);
    String ansi = spark.conf().get("spark.sql.ansi.enabled");
    try {
      spark.conf().set("spark.sql.ansi.enabled", "true");
      r = kl(klArgs(out.toString(), "--filter", "id / (id - id) > 1")).oneLine();
    } finally {
      spark.conf().set("spark.sql.ansi.enabled", ansi);
    }
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("DIVIDE_BY_ZERO");
    untouched(mine);
    assertThat(Checksums.of(out)).isEqualTo(published);
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".out.")))
          .containsExactlyInAnyOrderElementsOf(
              Stream.concat(
                      Stream.of(".out.lock"),
                      mine.keySet().stream().map(p -> p.getFileName().toString()))
                  .toList());
    }
  }

  /**
   * The same inside a data-quality output, whose dated parts are published one by one: folders
   * named like the backups of a part ({@code history/.report_date=D.old-UUID}, {@code
   * runs/.D.old-UUID}) survive a rerun for that date byte-identical.
   */
  @Test
  void foldersNamedLikeBackupsInsideADataQualityOutputAreNeverTouched() throws IOException {
    Path dated = tmp.resolve("data/dated.parquet");
    spark
        .sql(
            "SELECT CAST(id % 2 AS STRING) AS g, CAST(id % 3 AS STRING) AS c,"
                + " date_add(DATE'2024-01-01', CAST(id % 35 AS INT)) AS d FROM range(0, 700)")
        .write()
        .parquet(dated.toString());
    Path job = tmp.resolve("jobs/dated.yaml");
    Files.createDirectories(job.getParent());
    Files.writeString(
        job,
        "input: "
            + dated
            + "\ndate-column: d\ngroup-by: [g]\ncolumns: [c]\ncurrent: week\n"
            + "reference: previous-weeks:4\nmin-sample-size: 10\n");
    Path out = tmp.resolve("dq");
    String[] args = {
      "--config", job.toString(), "--date", "2024-02-04", "--output", out.toString()
    };
    Run r = dq(args);
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    Path part = out.resolve("history/report_date=2024-02-04");
    String marker = Files.readString(part.resolve("_KLSPARK.json"));
    Map<Path, Map<String, String>> mine =
        userFolders(
            out.resolve("history/.report_date=2024-02-04.old-" + java.util.UUID.randomUUID()),
            out.resolve("runs/.2024-02-04.old-" + java.util.UUID.randomUUID()),
            out.resolve("history/.report_date=2024-02-04.staging-" + java.util.UUID.randomUUID()));

    r = dq(args);
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(Files.readString(part.resolve("_KLSPARK.json"))).isNotEqualTo(marker);
    untouched(mine);
  }

  @Test
  void emptyAndRootOutputsAreOneLineErrors() {
    Run r = kl(klArgs("")).oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--output is empty");
    r = kl(klArgs("/")).oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("is the root of a file system");
  }

  @Test
  void aSecondRunOnTheSameOutputIsRefusedNamingTheHolder() throws IOException {
    Path out = tmp.resolve("out");
    assertThat(kl(klArgs(out.toString())).code()).isEqualTo(ExitCodes.OK);
    // A live run's staging directory, which the refused run must not delete.
    Path live = tmp.resolve(".out.staging-" + java.util.UUID.randomUUID());
    Files.createDirectories(live.resolve("report"));
    FileSystem fs = FileSystem.getLocal(new Configuration());
    try (OutputLock held =
        OutputLock.acquire(fs, new org.apache.hadoop.fs.Path(out.toString()), "kl-report")) {
      Map<String, String> before = all();
      Run r = kl(klArgs(out.toString())).oneLine();
      assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(r.err())
          .contains("is locked by another klspark run (kl-report by user")
          .contains("pid " + ProcessHandle.current().pid());
      assertThat(all()).isEqualTo(before);
    }
  }

  @Test
  void anEmptyModelTableOrAReferenceFilterMatchingNothingIsAnError() throws IOException {
    Path empty = tmp.resolve("models/empty.parquet");
    spark.read().parquet(model.toString()).where("false").write().parquet(empty.toString());
    Map<String, String> before = all();
    Run r =
        kl(
                "--input",
                rows.toString(),
                "--group-by",
                "g",
                "--category",
                "c",
                "--model",
                empty.toString(),
                "--output",
                tmp.resolve("o1").toString())
            .oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err())
        .contains("none of the 3 groups has a model: the model table")
        .contains("is empty");
    r =
        kl(
                "--input",
                rows.toString(),
                "--group-by",
                "g",
                "--category",
                "c",
                "--reference-filter",
                "id < 0",
                "--output",
                tmp.resolve("o2").toString())
            .oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("--reference-filter 'id < 0' matches no rows");
    r =
        mle(
                "--input",
                rows.toString(),
                "--group-by",
                "g",
                "--category",
                "c",
                "--model",
                empty.toString(),
                "--output",
                tmp.resolve("o3").toString())
            .oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("model table 'empty' has no rows");
    assertThat(all()).isEqualTo(before);
  }

  @Test
  void weightsThatAreAllZeroOrOverflowAreNamed() throws IOException {
    Path zero = tmp.resolve("data/zero.parquet");
    spark
        .read()
        .parquet(rows.toString())
        .selectExpr("g", "c", "0.0D AS w")
        .write()
        .parquet(zero.toString());
    Path huge = tmp.resolve("data/huge.parquet");
    spark
        .sql("SELECT 'a' AS g, 'x' AS c, 1e308D AS w UNION ALL SELECT 'a', 'x', 1e308D")
        .write()
        .parquet(huge.toString());
    Map<String, String> before = all();
    Run r =
        kl(
                "--input",
                zero.toString(),
                "--group-by",
                "g",
                "--category",
                "c",
                "--weight",
                "w",
                "--reference-filter",
                "true",
                "--output",
                tmp.resolve("o").toString())
            .oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("every evaluated row has weight 0 in --weight column 'w'");
    r =
        kl(
                "--input",
                huge.toString(),
                "--group-by",
                "g",
                "--category",
                "c",
                "--weight",
                "w",
                "--reference-filter",
                "true",
                "--output",
                tmp.resolve("o").toString())
            .oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err())
        .contains("the weights in --weight column 'w' of category x sum to infinity");
    assertThat(all()).isEqualTo(before);
  }

  @Test
  void filtersThatDoNotParseAreNotConditionsOrFailAtRuntimeAreOneLine() {
    Run r = kl(klArgs(tmp.resolve("o").toString(), "--filter", "id = = 3")).oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains(
            "--filter 'id = = 3' is not a valid Spark SQL condition on the input: [PARSE_SYNTAX_ERROR]");
    r = kl(klArgs(tmp.resolve("o").toString(), "--filter", "id % 2")).oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("is an expression of type bigint, not a condition");
    String ansi = spark.conf().get("spark.sql.ansi.enabled");
    try {
      spark.conf().set("spark.sql.ansi.enabled", "true");
      r = kl(klArgs(tmp.resolve("o").toString(), "--filter", "CAST(s AS BOOLEAN)")).oneLine();
      assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(r.err()).contains("CAST_INVALID_INPUT");
      r = kl(klArgs(tmp.resolve("o").toString(), "--filter", "id / (id - id) > 1")).oneLine();
      assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(r.err()).contains("DIVIDE_BY_ZERO");
    } finally {
      spark.conf().set("spark.sql.ansi.enabled", ansi);
    }
    assertThat(tmp.resolve("o")).doesNotExist();
  }

  @Test
  void corruptOrNonParquetInputsAndModelsAreOneLine() throws IOException {
    Path notParquet = tmp.resolve("data/notes.parquet");
    Files.writeString(notParquet, "this is not a parquet file\n");
    Path truncated = tmp.resolve("data/truncated.parquet");
    Files.createDirectories(truncated);
    try (var s = Files.list(rows)) {
      Path part =
          s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
      byte[] b = Files.readAllBytes(part);
      Files.write(truncated.resolve("part-0.parquet"), java.util.Arrays.copyOf(b, b.length / 2));
    }
    Map<String, String> before = all();
    for (String[] args :
        List.of(
            new String[] {"--input", notParquet.toString(), "--model", model.toString()},
            new String[] {"--input", truncated.toString(), "--model", model.toString()},
            new String[] {"--input", rows.toString(), "--model", notParquet.toString()})) {
      List<String> a = new ArrayList<>(List.of(args));
      a.addAll(
          List.of("--group-by", "g", "--category", "c", "--output", tmp.resolve("o").toString()));
      Run r = kl(a.toArray(new String[0])).oneLine();
      assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(r.err()).containsAnyOf("notes.parquet", "truncated.parquet", "part-0.parquet");
    }
    assertThat(all()).isEqualTo(before);
  }

  @Test
  void duplicateJobFileKeysAndBadFlagValuesAreUsageErrors() throws IOException {
    Path job = tmp.resolve("jobs/twice.yaml");
    Files.createDirectories(job.getParent());
    Files.writeString(
        job, "input: ../data/rows.parquet\ncategory: c\ncategory: g\nreference-filter: 'true'\n");
    Run r = kl("--config", job.toString(), "--output", tmp.resolve("o").toString()).oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("Duplicate field 'category'");
    r = kl(klArgs(tmp.resolve("o").toString(), "--top", "-1")).oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    r = kl("--no-such-flag").oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("Unknown option: '--no-such-flag'");
    StringWriter err = new StringWriter();
    int code =
        CompareReportsJob.execute(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err, true),
            "--tolerance",
            "-1",
            tmp.toString(),
            tmp.toString());
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--tolerance -1.0 is not a finite number >= 0");
  }

  @Test
  void filesAUserAddsToAnOutputANestedOutputAndAForeignLockFileAreNeverTouched()
      throws IOException {
    Path out = tmp.resolve("out");
    assertThat(kl(klArgs(out.toString())).code()).isEqualTo(ExitCodes.OK);
    Files.writeString(out.resolve("NOTES.txt"), "my analysis");
    Map<String, String> before = all();
    Run r = kl(klArgs(out.toString())).oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("also holds files klspark did not write (NOTES.txt)");
    r = kl(klArgs(out.resolve("nested").toString())).oneLine();
    assertThat(r.err()).contains("lies inside").contains("(a kl-report output)");
    assertThat(all()).isEqualTo(before);

    Files.writeString(tmp.resolve(".fresh.lock"), "my notes\n");
    before = all();
    r = kl(klArgs(tmp.resolve("fresh").toString())).oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("exists beside the output and is not a klspark lock file");
    assertThat(all()).isEqualTo(before);
  }

  @Test
  void flagCombinationsThatCannotMeanAnythingAreUsageErrors() throws IOException {
    String o = tmp.resolve("o").toString();
    Run r = kl(klArgs(o, "--smoothing", "additive:1e308")).oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    r =
        kl(
                "--input",
                rows.toString(),
                "--group-by",
                "c",
                "--category",
                "c",
                "--reference-filter",
                "true",
                "--output",
                o)
            .oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--category 'c' is also a --group-by column");
    r =
        kl(
                "--input",
                rows.toString(),
                "--group-by",
                "g,g",
                "--category",
                "c",
                "--reference-filter",
                "true",
                "--output",
                o)
            .oneLine();
    assertThat(r.err()).contains("--group-by names the column 'g' twice");
    r =
        kl(
                "--input",
                rows.toString(),
                "--group-by",
                ",",
                "--category",
                "c",
                "--reference-filter",
                "true",
                "--output",
                o)
            .oneLine();
    assertThat(r.err()).contains("holds an empty column name");
    r =
        mle(
                "--input",
                rows.toString(),
                "--group-by",
                "g",
                "--category",
                "c",
                "--model",
                model.toString(),
                "--gaussian-column",
                "id",
                "--gaussian-constant",
                "0,-1",
                "--output",
                o)
            .oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("expected a finite MU and a finite SIGMA > 0");
    r =
        mle(
                "--input",
                rows.toString(),
                "--group-by",
                "g",
                "--category",
                "c",
                "--model",
                model.toString(),
                "--gaussian-constant",
                "0,1",
                "--output",
                o)
            .oneLine();
    assertThat(r.err()).contains("--gaussian-constant needs --gaussian-column");
    Path job = tmp.resolve("jobs/empty-output.yaml");
    Files.createDirectories(job.getParent());
    Files.writeString(
        job, "input: ../data/rows.parquet\ncategory: c\nreference-filter: 'true'\noutput: ''\n");
    r = kl("--config", job.toString()).oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--output is empty");
    assertThat(tmp.resolve("o")).doesNotExist();
  }

  @Test
  void aModelSharingNoCategoryWithTheDataIsAnError() throws IOException {
    Path other = tmp.resolve("models/other.parquet");
    spark
        .sql(
            "SELECT g, concat('x', category) AS category, probability FROM parquet.`" + model + "`")
        .write()
        .parquet(other.toString());
    Run r =
        kl(
                "--input",
                rows.toString(),
                "--group-by",
                "g",
                "--category",
                "c",
                "--model",
                other.toString(),
                "--output",
                tmp.resolve("o").toString())
            .oneLine();
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("share no value");
    assertThat(tmp.resolve("o")).doesNotExist();
  }
}

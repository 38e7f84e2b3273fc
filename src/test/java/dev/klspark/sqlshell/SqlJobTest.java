package dev.klspark.sqlshell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.klspark.cli.ExitCodes;
import dev.klspark.spark.sql.SqlTestSupport;
import dev.klspark.testing.FreshJvm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jobs/sql}: rows on stdout, exactly one line per error on stderr (no stack trace, no
 * exception class), the exit codes of {@link ExitCodes}, the prompt carrying on after errors, Spark
 * running the split statements, and no {@code spark-warehouse/} left in the working directory. (The
 * splitter and the messages alone: {@code SqlStatementsTest}, {@code SqlErrorsTest}.)
 */
class SqlJobTest {
  private static SparkSession spark() {
    return SqlTestSupport.spark();
  }

  private record Run(int code, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  private static Run run(SqlJob.Options options) {
    return capture((out, err) -> SqlJob.run(spark(), options, out, err));
  }

  private static Run execute(String sql) {
    return run(new SqlJob.Options(sql, null));
  }

  private static Run prompt(String input, boolean showPrompt) {
    InputStream in = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
    return capture(
        (out, err) ->
            SqlJob.run(spark(), new SqlJob.Options(null, null), in, showPrompt, out, err));
  }

  private static Run cli(String... args) {
    InputStream in = new ByteArrayInputStream(new byte[0]);
    return capture((out, err) -> SqlJob.execute(in, out, err, args));
  }

  private interface Body {
    int run(PrintStream out, PrintStream err);
  }

  private static Run capture(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    int code = body.run(o, e);
    o.flush();
    e.flush();
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** stderr is exactly one line per expected error, each "error in statement N: PREFIX...". */
  private static final boolean SPARK_35 = dev.klspark.Versions.spark().startsWith("3.");

  /** Spark 4.1 reads '' and "" inside a literal as an escaped quote; earlier lines do not. */
  private static final boolean DOUBLED_QUOTE_ESCAPES =
      !SPARK_35 && !dev.klspark.Versions.spark().startsWith("4.0.");

  private String ansiBefore;

  /**
   * These tests are about how jobs/sql reports Spark's errors, several of them ANSI errors (1/0, a
   * failing cast): they run under ANSI mode whatever the session's setting (Spark 3.5's default is
   * off), and restore the setting afterwards.
   */
  @org.junit.jupiter.api.BeforeEach
  void ansiOn() {
    ansiBefore = spark().conf().get("spark.sql.ansi.enabled");
    spark().conf().set("spark.sql.ansi.enabled", "true");
  }

  @org.junit.jupiter.api.AfterEach
  void restoreAnsi() {
    spark().conf().set("spark.sql.ansi.enabled", ansiBefore);
  }

  private static final String ROUTINE = SPARK_35 ? "function" : "routine";

  private static void assertErrors(Run r, Object... numberAndPrefix) {
    assertThat(r.err).endsWith("\n").doesNotContain("\tat ").doesNotContain("Exception");
    List<String> lines = r.errLines();
    assertThat(lines).as(r.err).hasSize(numberAndPrefix.length / 2);
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i))
          .startsWith(
              "error in statement " + numberAndPrefix[2 * i] + ": " + numberAndPrefix[2 * i + 1]);
    }
  }

  // ---- rows and Spark errors with -e -------------------------------------------------------

  @Test
  void rowsGoToStdoutTabSeparated() {
    Run r = execute("SELECT 1, 'a'; SELECT 2, 'b', CAST(NULL AS INT)");
    assertThat(r.code).isEqualTo(ExitCodes.OK);
    assertThat(r.out).isEqualTo("1\ta\n2\tb\tNULL\n");
    assertThat(r.err).isEmpty();
  }

  @Test
  void aSyntaxErrorStopsTheRunWithExitOne() {
    Run r = execute("SELECT 1; SELEC 2; SELECT 3");
    assertThat(r.code).isEqualTo(ExitCodes.FINDING);
    assertThat(r.out).isEqualTo("1\n");
    assertErrors(r, 2, "[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'.");
  }

  @Test
  void anUnknownFunction() {
    Run r = execute("SELECT no_such_function(1)");
    assertThat(r.code).isEqualTo(ExitCodes.FINDING);
    assertThat(r.out).isEmpty();
    // Spark's own wording: "routine" since 4.0, "function" in 3.5.
    assertErrors(r, 1, "[UNRESOLVED_ROUTINE] Cannot resolve " + ROUTINE + " `no_such_function`");
  }

  @Test
  void anAnsiDivisionByZero() {
    assertThat(spark().conf().get("spark.sql.ansi.enabled")).isEqualTo("true");
    Run r = execute("SELECT 1/0");
    assertThat(r.code).isEqualTo(ExitCodes.FINDING);
    assertErrors(r, 1, "[DIVIDE_BY_ZERO] Division by zero.");
    // The same error raised inside a task.
    Run task = execute("SELECT 1; SELECT 1 / (id - id) FROM range(3)");
    assertThat(task.code).isEqualTo(ExitCodes.FINDING);
    assertErrors(task, 2, "[DIVIDE_BY_ZERO] Division by zero.");
  }

  @Test
  void aFailingCast() {
    Run r = execute("SELECT CAST('abc' AS INT)");
    assertThat(r.code).isEqualTo(ExitCodes.FINDING);
    assertErrors(
        r,
        1,
        "[CAST_INVALID_INPUT] The value 'abc' of the type \"STRING\" cannot be cast to \"INT\"");
  }

  @Test
  void aKlsparkFunctionErrorInsideATaskShowsTheFunctionsMessage() {
    String inTask = "SELECT kl_divergence(array(0.5, 0.5), array(0.9, 0.3 + id)) FROM range(1)";
    // The statement does fail inside a task: Spark 3.5 wraps the error in "Job aborted ...";
    // Spark 4 fails the job with it, as with its own errors (a SparkThrowable with a condition).
    Throwable thrown = catchThrowable(() -> spark().sql(inTask).collect());
    if (SPARK_35) {
      assertThat(thrown)
          .isInstanceOf(SparkException.class)
          .hasMessageStartingWith("Job aborted due to stage failure");
    } else {
      assertThat(thrown)
          .isInstanceOf(dev.klspark.spark.sql.KlFunctionException.class)
          .hasStackTraceContaining("Executor");
    }
    // As Spark's own errors: condition, message, hint to the try_ variant, SQLSTATE (Spark 4).
    String message =
        "[KLSPARK_INVALID_DISTRIBUTION] kl_divergence: q sums to 1.2; expected 1 within 1.0E-6"
            + " (normalise it, or choose a smoothing policy). Use try_kl_divergence to tolerate"
            + " invalid input and return NULL instead."
            + (SPARK_35 ? "" : " SQLSTATE: 22023");
    Run r = execute("SELECT 1;\n" + inTask);
    assertThat(r.code).isEqualTo(ExitCodes.FINDING);
    assertThat(r.out).isEqualTo("1\n");
    assertThat(r.err).isEqualTo("error in statement 2: " + message + "\n");
    // With constant arguments Spark folds the call on the driver: the same line.
    Run folded = execute("SELECT kl_divergence(array(0.5,0.5), array(0.9, 0.3))");
    assertThat(folded.code).isEqualTo(ExitCodes.FINDING);
    assertThat(folded.err).isEqualTo("error in statement 1: " + message + "\n");
  }

  @Test
  void aWrongNumberOfArgumentsToAKlsparkFunction() {
    Run r = execute("SELECT kl_divergence(array(1.0))");
    assertThat(r.code).isEqualTo(ExitCodes.FINDING);
    assertErrors(r, 1, "[KLSPARK_INVALID_ARGUMENT] kl_divergence: takes 2 or 3 arguments");
  }

  // ---- -f and the command line ----------------------------------------------------------------

  @Test
  void aFileRunsItsStatementsAndNumbersThem(@TempDir Path tmp) throws Exception {
    Path sql = tmp.resolve("q.sql");
    Files.writeString(
        sql,
        "-- a header comment; not a statement\nSELECT 1;\n\nSELECT 'x;y';\nSELECT nope(1);\nSELECT 4;\n");
    Run r = run(new SqlJob.Options(null, sql));
    assertThat(r.code).isEqualTo(ExitCodes.FINDING);
    assertThat(r.out).isEqualTo("1\nx;y\n");
    assertErrors(r, 3, "[UNRESOLVED_ROUTINE] Cannot resolve " + ROUTINE + " `nope`");
  }

  @Test
  void aMissingFileOrADirectoryIsBadInput(@TempDir Path tmp) {
    Path missing = tmp.resolve("missing.sql");
    Run r = run(new SqlJob.Options(null, missing));
    assertThat(r.code).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.out).isEmpty();
    assertThat(r.err).isEqualTo("sql: error: cannot read SQL file " + missing + ": no such file\n");

    Run dir = run(new SqlJob.Options(null, tmp));
    assertThat(dir.code).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(dir.err).isEqualTo("sql: error: cannot read SQL file " + tmp + ": is a directory\n");

    Run viaCli = cli("-f", missing.toString());
    assertThat(viaCli.code).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(viaCli.err).isEqualTo(r.err);
  }

  @Test
  void dashEAndDashFTogetherIsAUsageError(@TempDir Path tmp) {
    Run r = run(new SqlJob.Options("SELECT 1", tmp.resolve("q.sql")));
    assertThat(r.code).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out).isEmpty();
    assertThat(r.err).isEqualTo("sql: error: give -e or -f, not both\n");
    Run viaCli = cli("-e", "SELECT 1", "-f", tmp.resolve("q.sql").toString());
    assertThat(viaCli.code).isEqualTo(ExitCodes.USAGE);
    assertThat(viaCli.err).isEqualTo(r.err);
  }

  @Test
  void anUnknownFlagIsOneLineAndExits64() {
    Run r = cli("--bogus");
    assertThat(r.code).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err).isEqualTo("sql: error: Unknown option: '--bogus' (see sql --help)\n");
    assertThat(r.out).isEmpty();
  }

  @Test
  void anUnexpectedExceptionIsAnInternalErrorWithoutStackTrace() {
    SqlShell.Script script = new SqlShell.Script(List.of("ok", "bug", "never"), ExitCodes.OK);
    Run r =
        capture(
            (out, err) ->
                SqlShell.run(
                    statement -> {
                      if (statement.equals("bug")) {
                        throw new IllegalStateException("a bug\nsecond line");
                      }
                      return List.of(statement);
                    },
                    script,
                    InputStream.nullInputStream(),
                    false,
                    out,
                    err));
    assertThat(r.code).isEqualTo(ExitCodes.INTERNAL_ERROR);
    assertThat(r.out).isEqualTo("ok\n");
    assertThat(r.err).isEqualTo("sql: internal error: a bug\n");
  }

  // ---- the prompt -----------------------------------------------------------------------------

  @Test
  void thePromptCarriesOnAfterErrorsAndNumbersTheStatementsOfTheSession() {
    Run r =
        prompt(
            "SELECT 1;\n"
                + "SELEC 2;\n"
                + "SELECT no_such_function(1); SELECT 3;\n"
                + "SELECT 1/0;\n"
                + "SELECT\n  'multi;\nline';\n"
                + "-- only a comment;\n"
                + "quit;\n"
                + "SELECT 'after quit';\n",
            false);
    assertThat(r.code).isEqualTo(ExitCodes.OK);
    assertThat(r.out).isEqualTo("1\n3\nmulti;\nline\n");
    assertErrors(r, 2, "[PARSE_SYNTAX_ERROR]", 3, "[UNRESOLVED_ROUTINE]", 5, "[DIVIDE_BY_ZERO]");
  }

  @Test
  void thePromptShowsANewPromptAfterAnError() {
    Run r = prompt("SELEC 1;\nSELECT\n2;\nexit\n", true);
    assertThat(r.code).isEqualTo(ExitCodes.OK);
    assertThat(r.out).isEqualTo("2\n");
    assertThat(r.err)
        .startsWith("klspark-sql> error in statement 1: [PARSE_SYNTAX_ERROR]")
        .endsWith("\nklspark-sql>           > klspark-sql> ")
        .doesNotContain("\tat ")
        .doesNotContain("Exception");
  }

  @Test
  void endOfInputEndsThePromptAndRunsALastStatementWithoutSemicolon() {
    Run r = prompt("SELECT 1;\nSELEC;\nSELECT 2", false);
    assertThat(r.code).isEqualTo(ExitCodes.OK);
    assertThat(r.out).isEqualTo("1\n2\n");
    assertErrors(r, 2, "[PARSE_SYNTAX_ERROR]");
    Run empty = prompt("", false);
    assertThat(empty.code).isEqualTo(ExitCodes.OK);
    assertThat(empty.out).isEmpty();
    assertThat(empty.err).isEmpty();
  }

  @Test
  void aCommentSpanningLinesInThePromptIsNotAStatement() {
    Run r = prompt("/* a comment; /* nested; */\nstill; comment */ SELECT\n1;\n", false);
    assertThat(r.code).isEqualTo(ExitCodes.OK);
    assertThat(r.out).isEqualTo("1\n");
    assertThat(r.err).isEmpty();
  }

  @Test
  void sparkRunsTheSplitStatements() {
    Run r =
        execute(
            "SELECT 'a;b'; SELECT 'it''s', 'x\\'y', \"q\"\"r\";\n"
                + "SELECT 1 AS `c;d` /* nested /* ; */ */; -- the end;\n");
    assertThat(r.err).isEmpty();
    assertThat(r.code).isEqualTo(ExitCodes.OK);
    // Spark 4.1 reads '' and "" inside a literal as an escaped quote; Spark 3.5 and 4.0 as two
    // adjacent literals, which they concatenate. Either way the splitter kept the statements whole.
    assertThat(r.out)
        .isEqualTo(DOUBLED_QUOTE_ESCAPES ? "a;b\nit's\tx'y\tq\"r\n1\n" : "a;b\nits\tx'y\tqr\n1\n");
  }

  // ---- the warehouse -------------------------------------------------------------------------

  @Test
  void managedTablesGoToATemporaryWarehouseNotToTheWorkingDirectory(@TempDir Path tmp)
      throws Exception {
    Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
    String sql = "CREATE TABLE t USING parquet AS SELECT 1 AS x; SELECT * FROM t; SHOW TABLES";
    FreshJvm.Result r =
        FreshJvm.run(
            tmp, List.of("-Djava.io.tmpdir=" + javaTmp), SqlJob.class.getName(), "-e", sql);
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).startsWith("1\n");
    assertThat(tmp.resolve("spark-warehouse")).doesNotExist();
    try (var left = Files.list(javaTmp)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("the temporary warehouse is removed at exit")
          .noneMatch(n -> n.startsWith("klspark-warehouse-"));
    }

    // A warehouse the user sets is used as given.
    Path mine = tmp.resolve("my-warehouse");
    FreshJvm.Result set =
        FreshJvm.run(
            tmp,
            List.of("-Dspark.sql.warehouse.dir=" + mine.toUri()),
            SqlJob.class.getName(),
            "-e",
            "CREATE TABLE t USING parquet AS SELECT 1 AS x");
    assertThat(set.code()).as(set.err()).isEqualTo(ExitCodes.OK);
    assertThat(mine.resolve("t")).isDirectory();
    assertThat(tmp.resolve("spark-warehouse")).doesNotExist();
  }
}

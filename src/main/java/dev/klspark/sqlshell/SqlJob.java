package dev.klspark.sqlshell;

import dev.klspark.cli.ExitCodes;
import dev.klspark.cli.JobErrors;
import dev.klspark.cli.JobSessions;
import dev.klspark.cli.VersionProvider;
import dev.klspark.spark.sql.KlFunctions;
import dev.klspark.spark.sql.SqlStatements;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs SQL with the klspark functions loaded, like spark-sql: {@code -e "SELECT ..."}, {@code -f
 * file.sql}, or an interactive prompt when given neither. Rows go to stdout tab-separated in
 * spark-sql's format (Hive result strings).
 *
 * <p>Every failing statement prints one line to stderr, {@code error in statement N: MESSAGE}, N
 * counting from 1 in the {@code -e} text or {@code -f} file (in the prompt: in the session), and
 * MESSAGE the first line of Spark's error message (for errors inside tasks: the message of the
 * cause, not Spark's "Job aborted" wrapper). With {@code -e}/{@code -f} the first failing statement
 * ends the run with {@link ExitCodes#FINDING}; the prompt carries on. Exit codes (the table of
 * {@link ExitCodes}): 0 every statement succeeded, 1 a statement failed, 3 the {@code -f} file
 * cannot be read, 64 a bad command line, 70 an internal error (one line on stderr, the stack trace
 * in the log only). The statement loop is {@link SqlShell}'s.
 *
 * <p>Tables created with {@code CREATE TABLE} live in a temporary warehouse removed at exit, not in
 * {@code spark-warehouse/} of the working directory, unless {@code spark.sql.warehouse.dir} is set
 * ({@link JobSessions}).
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Run Spark SQL with the klspark functions (entropy, kl_divergence, ...).")
public final class SqlJob implements Callable<Integer> {
  @Option(
      names = {"-e", "--execute"},
      description = "SQL statements to run (separated by ';').")
  String execute;

  @Option(
      names = {"-f", "--file"},
      description = "A file of SQL statements to run (separated by ';').")
  Path file;

  private InputStream in = System.in;
  private PrintStream out = System.out;
  private PrintStream err = System.err;

  /** The parsed options: at most one of {@code execute} and {@code file}; neither = prompt. */
  public record Options(String execute, Path file) {}

  public static void main(String[] args) {
    System.exit(execute(System.in, System.out, System.err, args));
  }

  /** Parses {@code args} and runs the job; returns the exit code. */
  public static int execute(InputStream in, PrintStream out, PrintStream err, String... args) {
    SqlJob job = new SqlJob();
    job.in = in;
    job.out = out;
    job.err = err;
    CommandLine cl = JobErrors.configure(new CommandLine(job), "sql");
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> SqlShell.internalError(e, err));
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    // Bad options and unreadable files are reported before Spark starts.
    SqlShell.Script script = SqlShell.load(new Options(execute, file), err);
    if (script.exitCode() != ExitCodes.OK) {
      return script.exitCode();
    }
    SparkSession spark = JobSessions.create("klspark-sql", null);
    try {
      KlFunctions.requireRegistered(spark);
      return SqlShell.run(
          s -> SqlStatements.rows(spark, s), script, in, System.console() != null, out, err);
    } finally {
      spark.stop();
    }
  }

  /**
   * Runs the statements of {@code options}, or a prompt on stdin (with prompts when stdin and
   * stdout are a terminal), and prints the rows.
   *
   * @return an {@link ExitCodes} code: 0 when every statement succeeded, 1 at the first failing
   *     statement of {@code -e}/{@code -f}, 3 when the file cannot be read, 64 for {@code -e} with
   *     {@code -f}, 70 on an internal error
   */
  public static int run(SparkSession spark, Options options, PrintStream out, PrintStream err) {
    return run(spark, options, System.in, System.console() != null, out, err);
  }

  /**
   * As {@link #run(SparkSession, Options, PrintStream, PrintStream)}, the prompt reading {@code in}
   * and printing prompts on {@code err} when {@code prompt} is set.
   */
  public static int run(
      SparkSession spark,
      Options options,
      InputStream in,
      boolean prompt,
      PrintStream out,
      PrintStream err) {
    SqlShell.Script script = SqlShell.load(options, err);
    if (script.exitCode() != ExitCodes.OK) {
      return script.exitCode();
    }
    KlFunctions.requireRegistered(spark);
    return SqlShell.run(s -> SqlStatements.rows(spark, s), script, in, prompt, out, err);
  }
}

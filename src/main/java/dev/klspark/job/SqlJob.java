package dev.klspark.job;

import dev.klspark.KlsparkException;
import dev.klspark.spark.compat.SparkCompat;
import dev.klspark.spark.sql.KlFunctions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkException;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * in the log only).
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = "Run Spark SQL with the klspark functions (entropy, kl_divergence, ...).")
public final class SqlJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(SqlJob.class);
  private static final String PROMPT = "klspark-sql> ";
  private static final String CONTINUATION = "          > ";

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
  static int execute(InputStream in, PrintStream out, PrintStream err, String... args) {
    SqlJob job = new SqlJob();
    job.in = in;
    job.out = out;
    job.err = err;
    CommandLine cl = new CommandLine(job);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> internalError(e, err));
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    // Bad options and unreadable files are reported before Spark starts.
    Script script = load(new Options(execute, file), err);
    if (script.exitCode() != ExitCodes.OK) {
      return script.exitCode();
    }
    SparkSession spark = JobSessions.create("klspark-sql", null);
    try {
      KlFunctions.requireRegistered(spark);
      return run(s -> rows(spark, s), script, in, System.console() != null, out, err);
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
    Script script = load(options, err);
    if (script.exitCode() != ExitCodes.OK) {
      return script.exitCode();
    }
    KlFunctions.requireRegistered(spark);
    return run(s -> rows(spark, s), script, in, prompt, out, err);
  }

  /** The statements to run (null for the prompt), or the exit code of a usage or read error. */
  record Script(List<String> statements, int exitCode) {}

  static Script load(Options options, PrintStream err) {
    if (options.execute() != null && options.file() != null) {
      err.println("sql: error: give -e or -f, not both");
      return new Script(null, ExitCodes.USAGE);
    }
    if (options.execute() != null) {
      return new Script(splitStatements(options.execute()), ExitCodes.OK);
    }
    if (options.file() != null) {
      Path path = options.file();
      try {
        if (Files.isDirectory(path)) {
          throw new IOException("is a directory");
        }
        return new Script(
            splitStatements(Files.readString(path, StandardCharsets.UTF_8)), ExitCodes.OK);
      } catch (IOException e) {
        err.println("sql: error: cannot read SQL file " + path + ": " + readError(e));
        return new Script(null, ExitCodes.BAD_INPUT);
      }
    }
    return new Script(null, ExitCodes.OK);
  }

  private static String readError(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof CharacterCodingException) {
      return "not UTF-8 text";
    }
    String m = firstLine(e.getMessage());
    return m.isEmpty() ? e.getClass().getName() : m;
  }

  /**
   * Runs a script with {@code executor} (statement to printed rows): its statements, or the prompt
   * when it has none.
   */
  static int run(
      Function<String, List<String>> executor,
      Script script,
      InputStream in,
      boolean prompt,
      PrintStream out,
      PrintStream err) {
    if (script.statements() == null) {
      return interactive(executor, in, prompt, out, err);
    }
    List<String> statements = script.statements();
    for (int i = 0; i < statements.size(); i++) {
      int code = runOne(executor, i + 1, statements.get(i), out, err);
      if (code != ExitCodes.OK) {
        return code;
      }
    }
    return ExitCodes.OK;
  }

  /** Runs statement number {@code n}; prints its rows, or its error line. */
  private static int runOne(
      Function<String, List<String>> executor,
      int n,
      String statement,
      PrintStream out,
      PrintStream err) {
    List<String> rows;
    try {
      rows = executor.apply(statement);
    } catch (Exception e) { // Spark's AnalysisException and SparkException are checked in Java

      out.flush();
      if (!isStatementError(e)) {
        LOG.error("sql: internal error in statement {}: {}", n, statement, e);
        err.println("sql: internal error: " + message(e));
        err.flush();
        return ExitCodes.INTERNAL_ERROR;
      }
      LOG.debug("statement {} failed: {}", n, statement, e);
      err.println("error in statement " + n + ": " + message(e));
      err.flush();
      return ExitCodes.FINDING;
    }
    for (String line : rows) {
      out.println(line);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static int internalError(Throwable e, PrintStream err) {
    LOG.error("sql: internal error", e);
    err.println("sql: internal error: " + message(e));
    err.flush();
    return ExitCodes.INTERNAL_ERROR;
  }

  /** The rows of one statement as spark-sql prints them: columns tab-separated. */
  public static List<String> rows(SparkSession spark, String statement) {
    return SparkCompat.hiveResultStrings(spark.sql(statement));
  }

  // ---- error messages ------------------------------------------------------------------------

  /**
   * Whether {@code e} is the statement's fault rather than a bug: Spark's errors (parse, analysis,
   * ANSI runtime errors, failed jobs: all {@link SparkThrowable}), klspark's, and {@link
   * IllegalArgumentException}s (how the klspark functions and Java reject an argument).
   */
  static boolean isStatementError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SparkThrowable
          || t instanceof KlsparkException
          || t instanceof IllegalArgumentException) {
        return true;
      }
    }
    return false;
  }

  private static final Pattern LOST_TASK =
      Pattern.compile("most recent failure: Lost task [^\\n]*?\\): ([^\\n]*)");
  private static final Pattern CLASS_PREFIX =
      Pattern.compile("^(?:[A-Za-z_$][\\w$]*\\.)+[A-Za-z_$][\\w$]*(?:: |$)");

  /**
   * The one-line message of an error: the first line of the message of the most specific exception
   * in the cause chain. Wrappers (Spark's "Job aborted due to stage failure", "Exception thrown in
   * awaitResult", reflection and future wrappers) are skipped; Spark's errors are followed to their
   * cause; the first exception that is not Spark's (e.g. a klspark function's {@code
   * KlFunctionException}) is the answer. A class name only when no message is left.
   */
  static String message(Throwable e) {
    String sparkMessage = null; // the last Spark error message seen on the way down
    Throwable t = e;
    while (true) {
      Throwable cause = t.getCause() == t ? null : t.getCause();
      String line = firstLine(t.getMessage());
      boolean spark = t instanceof SparkThrowable;
      if (cause == null) {
        if (t instanceof SparkException && line.startsWith("Job aborted")) {
          // The task's exception did not reach the driver: its "Class: message" is in the text.
          Matcher m = LOST_TASK.matcher(t.getMessage());
          if (m.find()) {
            String rest = m.group(1).strip();
            String stripped = CLASS_PREFIX.matcher(rest).replaceFirst("").strip();
            return stripped.isEmpty() ? rest : stripped;
          }
        }
        if (!line.isEmpty()) {
          return line;
        }
        return sparkMessage != null ? sparkMessage : t.getClass().getName();
      }
      if (isWrapper(t, line, cause)) {
        t = cause;
      } else if (spark) {
        sparkMessage = line;
        t = cause;
      } else {
        return line;
      }
    }
  }

  private static boolean isWrapper(Throwable t, String line, Throwable cause) {
    return line.isEmpty()
        || line.equals(firstLine(cause.toString()))
        || t instanceof InvocationTargetException
        || t instanceof UndeclaredThrowableException
        || t instanceof ExecutionException
        || t instanceof CompletionException
        || (t instanceof SparkException s && SparkCompat.errorCondition(s) == null);
  }

  /** The first non-blank line of {@code s}, stripped ("" for null). */
  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    for (String line : s.split("\\R")) {
      if (!line.isBlank()) {
        return line.strip();
      }
    }
    return "";
  }

  // ---- the prompt ----------------------------------------------------------------------------

  private static int interactive(
      Function<String, List<String>> executor,
      InputStream input,
      boolean prompt,
      PrintStream out,
      PrintStream err) {
    BufferedReader in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
    String pending = "";
    int n = 0;
    while (true) {
      if (prompt) {
        err.print(pending.isEmpty() ? PROMPT : CONTINUATION);
        err.flush();
      }
      String line;
      try {
        line = in.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (line == null) {
        // EOF: a last statement without ';' still runs.
        Split split = scan(pending);
        if (split.restHasCode() && !isQuit(split.restCode())) {
          runOne(executor, ++n, split.restCode(), out, err);
        }
        if (prompt) {
          err.println();
        }
        return ExitCodes.OK;
      }
      Split split = scan(pending + line + "\n");
      for (String statement : split.statements()) {
        if (isQuit(statement)) {
          return ExitCodes.OK;
        }
        runOne(executor, ++n, statement, out, err); // whatever the outcome, the prompt goes on
      }
      if (split.restHasCode() && !split.restOpen() && isQuit(split.restCode())) {
        return ExitCodes.OK;
      }
      pending = split.restHasCode() || split.restOpen() ? split.rest() : "";
    }
  }

  private static boolean isQuit(String statement) {
    String s = statement.toLowerCase(Locale.ROOT);
    return s.equals("quit") || s.equals("exit");
  }

  // ---- splitting -----------------------------------------------------------------------------

  /**
   * Splits SQL text into statements on the semicolons outside string literals ('...', "...", with
   * backslash escapes and doubled quotes; raw strings r'...' without escapes), backquoted
   * identifiers, {@code --} line comments and bracketed comments (slash-star to star-slash, nested
   * as Spark allows). Leading whitespace and comments are dropped from each statement, statements
   * that are only comments are dropped; a last statement needs no ';'.
   */
  public static List<String> splitStatements(String text) {
    Split split = scan(text);
    List<String> statements = new ArrayList<>(split.statements());
    if (split.restHasCode()) {
      statements.add(split.restCode());
    }
    return statements;
  }

  /**
   * The statements ended by ';' in some text, and what follows the last ';': {@code rest} verbatim,
   * {@code restCode} from its first non-comment character on (stripped), whether it has any code,
   * and whether it ends inside a string, backquote or comment.
   */
  record Split(
      List<String> statements,
      String rest,
      String restCode,
      boolean restHasCode,
      boolean restOpen) {}

  static Split scan(String text) {
    List<String> statements = new ArrayList<>();
    int n = text.length();
    int start = 0; // after the last ';'
    int code = -1; // first code character of the current statement
    boolean open = false;
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      char next = i + 1 < n ? text.charAt(i + 1) : 0;
      if (c == ';') {
        if (code >= 0) {
          statements.add(text.substring(code, i).strip());
        }
        code = -1;
        start = ++i;
      } else if (c == '-' && next == '-') {
        i = endOfLineComment(text, i + 2);
        open = i < 0;
        i = open ? n : i;
      } else if (c == '/' && next == '*') {
        i = endOfBlockComment(text, i + 2);
        open = i < 0;
        i = open ? n : i;
      } else if (c == '\'' || c == '"' || c == '`') {
        if (code < 0) {
          code = i;
        }
        boolean raw = c != '`' && isRawPrefix(text, i);
        i = endOfQuoted(text, i + 1, c, raw);
        open = i < 0;
        i = open ? n : i;
      } else {
        if (code < 0 && !Character.isWhitespace(c)) {
          code = i;
        }
        i++;
      }
    }
    String rest = text.substring(start);
    return new Split(
        statements, rest, code < 0 ? "" : text.substring(code).strip(), code >= 0, open);
  }

  /** Whether the quote at {@code i} opens a raw string literal: r'...' or R"...". */
  private static boolean isRawPrefix(String text, int i) {
    if (i < 1 || (text.charAt(i - 1) != 'r' && text.charAt(i - 1) != 'R')) {
      return false;
    }
    return i < 2 || !Character.isLetterOrDigit(text.charAt(i - 2)) && text.charAt(i - 2) != '_';
  }

  /** The index after the closing quote, or -1 when the text ends first. */
  private static int endOfQuoted(String text, int i, char quote, boolean raw) {
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && quote != '`' && !raw) {
        i += 2;
      } else if (c == quote) {
        return i + 1; // a doubled quote closes and reopens: the same split
      } else {
        i++;
      }
    }
    return -1;
  }

  /**
   * The index after a {@code --} comment's newline, or -1 when the text ends first (a comment
   * continues over a backslash-newline, as in Spark's lexer).
   */
  private static int endOfLineComment(String text, int i) {
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        i += 2;
      } else if (c == '\n' || c == '\r') {
        return i + 1;
      } else {
        i++;
      }
    }
    return -1;
  }

  /** The index after the star-slash closing a (nested) comment, or -1 when the text ends first. */
  private static int endOfBlockComment(String text, int i) {
    int depth = 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
      if (c == '/' && next == '*') {
        depth++;
        i += 2;
      } else if (c == '*' && next == '/') {
        i += 2;
        if (--depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return -1;
  }
}

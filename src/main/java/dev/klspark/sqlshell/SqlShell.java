package dev.klspark.sqlshell;

import dev.klspark.cli.ExitCodes;
import dev.klspark.spark.sql.SqlErrors;
import dev.klspark.spark.sql.SqlStatements;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statement loop of {@code jobs/sql} ({@link SqlJob}): the script of {@code -e} or {@code -f},
 * or the prompt, run statement by statement; rows to {@code out}, one line per failing statement to
 * {@code err}, and the exit code of {@link ExitCodes}. Splitting and error messages are {@link
 * SqlStatements}' and {@link SqlErrors}'.
 */
final class SqlShell {
  private static final Logger LOG = LoggerFactory.getLogger(SqlShell.class);
  private static final String PROMPT = "klspark-sql> ";
  private static final String CONTINUATION = "          > ";

  private SqlShell() {}

  /** The statements to run (null for the prompt), or the exit code of a usage or read error. */
  record Script(List<String> statements, int exitCode) {}

  /**
   * The script of {@code options}: the statements of {@code -e} or of the {@code -f} file, none for
   * the prompt; or, after its one line on {@code err}, the exit code of {@code -e} with {@code -f}
   * (64) or of an unreadable file (3).
   */
  static Script load(SqlJob.Options options, PrintStream err) {
    if (options.execute() != null && options.file() != null) {
      err.println("sql: error: give -e or -f, not both");
      return new Script(null, ExitCodes.USAGE);
    }
    if (options.execute() != null) {
      return new Script(SqlStatements.split(options.execute()), ExitCodes.OK);
    }
    if (options.file() != null) {
      Path path = options.file();
      try {
        if (Files.isDirectory(path)) {
          throw new IOException("is a directory");
        }
        return new Script(
            SqlStatements.split(Files.readString(path, StandardCharsets.UTF_8)), ExitCodes.OK);
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
    String m = SqlErrors.firstLine(e.getMessage());
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
      if (!SqlErrors.isStatementError(e)) {
        LOG.error("sql: internal error in statement {}: {}", n, statement, e);
        err.println("sql: internal error: " + SqlErrors.message(e));
        err.flush();
        return ExitCodes.INTERNAL_ERROR;
      }
      LOG.debug("statement {} failed: {}", n, statement, e);
      err.println("error in statement " + n + ": " + SqlErrors.message(e));
      err.flush();
      return ExitCodes.FINDING;
    }
    for (String line : rows) {
      out.println(line);
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** Logs an unexpected exception and prints its one line; returns the internal-error code. */
  static int internalError(Throwable e, PrintStream err) {
    LOG.error("sql: internal error", e);
    err.println("sql: internal error: " + SqlErrors.message(e));
    err.flush();
    return ExitCodes.INTERNAL_ERROR;
  }

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
        SqlStatements.Split split = SqlStatements.scan(pending);
        if (split.restHasCode() && !isQuit(split.restCode())) {
          runOne(executor, ++n, split.restCode(), out, err);
        }
        if (prompt) {
          err.println();
        }
        return ExitCodes.OK;
      }
      SqlStatements.Split split = SqlStatements.scan(pending + line + "\n");
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
}

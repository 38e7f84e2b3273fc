package dev.klspark.job;

import dev.klspark.spark.sql.KlFunctions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.HiveResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Runs SQL with the klspark functions loaded, like spark-sql: {@code -e "SELECT ..."}, {@code -f
 * file.sql}, or an interactive prompt when given neither. Rows go to stdout tab-separated in
 * spark-sql's format (Hive result strings); errors go to stderr and the exit code is 1.
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
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

  /** The parsed options. */
  public record Options(String execute, Path file) {}

  public static void main(String[] args) {
    int code = new CommandLine(new SqlJob()).execute(args);
    System.exit(code);
  }

  @Override
  public Integer call() throws IOException {
    SparkSession spark = JobSessions.create("klspark-sql", null);
    try {
      return run(spark, new Options(execute, file), System.out, System.err);
    } finally {
      spark.stop();
    }
  }

  /**
   * Runs the statements of {@code options} (or a prompt on stdin) and prints the rows.
   *
   * @return 0 when every statement succeeded, 1 at the first failing statement
   */
  public static int run(SparkSession spark, Options options, PrintStream out, PrintStream err)
      throws IOException {
    KlFunctions.requireRegistered(spark);
    if (options.execute() != null && options.file() != null) {
      err.println("error: give -e or -f, not both");
      return 2;
    }
    if (options.execute() != null) {
      return runAll(spark, splitStatements(options.execute()), out, err);
    }
    if (options.file() != null) {
      String text = Files.readString(options.file(), StandardCharsets.UTF_8);
      return runAll(spark, splitStatements(text), out, err);
    }
    return interactive(spark, out, err);
  }

  private static int runAll(SparkSession spark, List<String> statements, PrintStream out,
      PrintStream err) {
    for (String statement : statements) {
      if (!runOne(spark, statement, out, err)) {
        return 1;
      }
    }
    return 0;
  }

  private static boolean runOne(SparkSession spark, String statement, PrintStream out,
      PrintStream err) {
    try {
      for (String line : rows(spark, statement)) {
        out.println(line);
      }
      out.flush();
      return true;
    } catch (RuntimeException e) {
      err.println("Error in statement: " + statement);
      err.println(describe(e));
      return false;
    }
  }

  /** The rows of one statement as spark-sql prints them: columns tab-separated. */
  public static List<String> rows(SparkSession spark, String statement) {
    Dataset<Row> df = spark.sql(statement);
    return new ArrayList<>(
        CollectionConverters.asJava(
            HiveResult.hiveResultString(
                ((org.apache.spark.sql.classic.Dataset<Row>) df)
                    .queryExecution()
                    .executedPlan())));
  }

  /** The exception and its causes, one per line, without stack traces. */
  static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    String previous = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String msg = t.getClass().getName() + ": " + t.getMessage();
      if (!msg.equals(previous)) {
        sb.append(sb.length() == 0 ? "" : "\nCaused by: ").append(msg);
      }
      previous = msg;
      if (t.getCause() == t) {
        break;
      }
    }
    return sb.toString();
  }

  private static int interactive(SparkSession spark, PrintStream out, PrintStream err)
      throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    StringBuilder pending = new StringBuilder();
    err.print("klspark-sql> ");
    err.flush();
    String line;
    while ((line = in.readLine()) != null) {
      pending.append(line).append('\n');
      String text = pending.toString();
      if (text.trim().endsWith(";")) {
        for (String statement : splitStatements(text)) {
          if (statement.equalsIgnoreCase("quit") || statement.equalsIgnoreCase("exit")) {
            return 0;
          }
          runOne(spark, statement, out, err);
        }
        pending.setLength(0);
        err.print("klspark-sql> ");
      } else {
        err.print("          > ");
      }
      err.flush();
    }
    return 0;
  }

  /**
   * Splits SQL text on semicolons outside quotes, backquotes and {@code --} comments; drops empty
   * statements and comment-only statements.
   */
  public static List<String> splitStatements(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    boolean hasCode = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        current.append(c);
        if (c == '\\' && quote != '`' && i + 1 < text.length()) {
          current.append(text.charAt(++i));
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
        int end = text.indexOf('\n', i);
        i = end < 0 ? text.length() : end;
        current.append('\n');
      } else if (c == ';') {
        if (hasCode) {
          out.add(current.toString().trim());
        }
        current.setLength(0);
        hasCode = false;
      } else {
        if (c == '\'' || c == '"' || c == '`') {
          quote = c;
        }
        if (!Character.isWhitespace(c)) {
          hasCode = true;
        }
        current.append(c);
      }
    }
    if (hasCode) {
      out.add(current.toString().trim());
    }
    return out;
  }
}

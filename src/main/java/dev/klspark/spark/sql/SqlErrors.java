package dev.klspark.spark.sql;

import dev.klspark.KlsparkException;
import dev.klspark.spark.compat.SparkCompat;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkException;
import org.apache.spark.SparkThrowable;

/**
 * What went wrong in a SQL statement, in one line: whether an error is the statement's fault
 * ({@link #isStatementError}) or a bug, and its message without Spark's wrappers ({@link
 * #message}).
 */
public final class SqlErrors {
  private static final Pattern LOST_TASK =
      Pattern.compile("most recent failure: Lost task [^\\n]*?\\): ([^\\n]*)");
  private static final Pattern CLASS_PREFIX =
      Pattern.compile("^(?:[A-Za-z_$][\\w$]*\\.)+[A-Za-z_$][\\w$]*(?:: |$)");

  private SqlErrors() {}

  /**
   * Whether {@code e} is the statement's fault rather than a bug: Spark's errors (parse, analysis,
   * ANSI runtime errors, failed jobs: all {@link SparkThrowable}), klspark's, and {@link
   * IllegalArgumentException}s (how the klspark functions and Java reject an argument).
   */
  public static boolean isStatementError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SparkThrowable
          || t instanceof KlsparkException
          || t instanceof IllegalArgumentException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The one-line message of an error: the first line of the message of the most specific exception
   * in the cause chain. Wrappers (Spark's "Job aborted due to stage failure", "Exception thrown in
   * awaitResult", reflection and future wrappers) are skipped; Spark's errors are followed to their
   * cause; a klspark function's {@link KlFunctionException} ({@code [KLSPARK_...] function: reason
   * ...}, as Spark formats its own errors) or the first exception that is not Spark's is the
   * answer. A class name only when no message is left.
   */
  public static String message(Throwable e) {
    String sparkMessage = null; // the last Spark error message seen on the way down
    Throwable t = e;
    while (true) {
      Throwable cause = t.getCause() == t ? null : t.getCause();
      String line = firstLine(t.getMessage());
      boolean spark = t instanceof SparkThrowable;
      if (t instanceof KlFunctionException) {
        return line; // its cause, a kernel's error, is its reason without the function's name
      }
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
  public static String firstLine(String s) {
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
}

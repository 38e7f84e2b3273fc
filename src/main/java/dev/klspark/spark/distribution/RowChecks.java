package dev.klspark.spark.distribution;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * Checks of single rows that fail the query reading them, with no Spark job of their own: a value
 * outside the bucket splits, a bad model probability, a negative weight. The failure is Spark's
 * {@code raise_error} with klspark's message behind the marker {@value #MARKER}, which {@link
 * #message(Throwable)} finds again in whatever Spark wraps around it. The marker makes the check
 * independent of the Spark line: Spark 4 raises a {@code SparkRuntimeException} of condition {@code
 * USER_RAISED_EXCEPTION}, Spark 3.5 a plain {@code RuntimeException}.
 */
public final class RowChecks {

  /** What starts the message of every row check. */
  public static final String MARKER = "klspark: ";

  private RowChecks() {}

  /** A column that fails the query with {@code message} (a string column) when evaluated. */
  public static Column fail(Column message) {
    return functions.raise_error(concat(lit(MARKER), message));
  }

  /**
   * The message of the row check behind {@code t}: the first line after the marker in the first
   * message of the cause chain that holds it, without Spark's {@code SQLSTATE} suffix; null when no
   * row check failed.
   */
  public static String message(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage();
      int at = m == null ? -1 : m.indexOf(MARKER);
      if (at >= 0) {
        String rest = m.substring(at + MARKER.length());
        int nl = rest.indexOf('\n');
        String line = (nl >= 0 ? rest.substring(0, nl) : rest).strip();
        return line.replaceFirst("\\s*SQLSTATE: \\w+\\s*$", "");
      }
    }
    return null;
  }
}

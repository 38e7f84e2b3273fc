package dev.klspark.spark.compat;

import org.apache.spark.SparkThrowable;

/**
 * An {@link IllegalArgumentException} that is a {@link SparkThrowable} with an error condition and
 * a SQLSTATE of its own, for Spark 3.5: Spark's formatting and PySpark read {@link #getErrorClass}
 * (Spark 4 renamed it {@code getCondition}: see {@code src/main/spark-4}) and {@link #getSqlState}.
 *
 * <p>Spark's JSON message formats ({@code spark.sql.error.messageFormat} MINIMAL and STANDARD) show
 * the condition, the SQLSTATE and the message parameters; Spark's list of error conditions does not
 * hold klspark's, so STANDARD's message template is null.
 */
public abstract class ConditionedArgumentException extends IllegalArgumentException
    implements SparkThrowable {
  private static final long serialVersionUID = 1L;

  protected ConditionedArgumentException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The error condition, e.g. {@code KLSPARK_INVALID_DISTRIBUTION}. */
  protected abstract String conditionName();

  @Override
  public abstract String getSqlState();

  @Override
  public final String getErrorClass() {
    return conditionName();
  }

  /**
   * A message as Spark 3.5 formats its own: {@code [CONDITION] text} (3.5 does not print the
   * SQLSTATE; {@link #getSqlState} gives it).
   */
  protected static String sparkMessage(String condition, String text, String sqlState) {
    return "[" + condition + "] " + text;
  }
}

package dev.klspark.spark.compat;

import org.apache.spark.SparkThrowable;

/**
 * An {@link IllegalArgumentException} that is a {@link SparkThrowable} with an error condition and
 * a SQLSTATE of its own, for Spark 4.x: Spark's formatting, Spark Connect and PySpark read {@link
 * #getCondition} ({@code getErrorClass}, deprecated since 4.0, defaults to it) and {@link
 * #getSqlState}. The Spark 3.5 build compiles a class of the same name from {@code
 * src/main/spark-3.5}, where the condition is {@code getErrorClass} and messages carry no SQLSTATE.
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
  public final String getCondition() {
    return conditionName();
  }

  /**
   * A message as Spark 4 formats its own: {@code [CONDITION] text SQLSTATE: state} (Spark appends
   * the SQLSTATE to the first line).
   */
  protected static String sparkMessage(String condition, String text, String sqlState) {
    return "[" + condition + "] " + text + " SQLSTATE: " + sqlState;
  }
}

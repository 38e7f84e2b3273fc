package dev.klspark.spark.sql;

import dev.klspark.math.LengthMismatchException;
import dev.klspark.spark.compat.ConditionedArgumentException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An invalid argument to a klspark SQL function, reported as Spark reports its own errors: a {@code
 * SparkThrowable} (still an {@link IllegalArgumentException}) with an error condition and a
 * SQLSTATE ({@link KlErrorCondition}), and a message of the form
 *
 * <pre>{@code
 * [KLSPARK_INVALID_DISTRIBUTION] kl_divergence: p[1] = -0.2 is negative; expected a finite
 * non-negative value. Use try_kl_divergence to tolerate invalid input and return NULL instead.
 * SQLSTATE: 22023
 * }</pre>
 *
 * (one line; Spark 3.5 prints no SQLSTATE in messages). After the condition: the function name,
 * then the reason, which names the argument, the offending value and what was expected. The hint to
 * the {@code try_} variant ends the message exactly when that variant gives NULL instead: an error
 * on a row's value in a scalar function ({@link #tolerable}). Errors found at analysis (the call
 * itself, constant arguments) fail the {@code try_} variant too, and the aggregates have none:
 * those carry no hint ({@link #of}). Spark 4 fails a query with the exception itself, also when a
 * task raised it (as it does with its own errors); Spark 3.5 wraps a task's in its "Job aborted"
 * error.
 */
public final class KlFunctionException extends ConditionedArgumentException {
  private static final long serialVersionUID = 1L;

  private final String function;
  private final KlErrorCondition condition;
  private final String reason;
  private final String tryFunction;

  private KlFunctionException(
      String function,
      KlErrorCondition condition,
      String reason,
      String tryFunction,
      Throwable cause) {
    super(
        sparkMessage(
            condition.condition(), text(function, reason, tryFunction), condition.sqlState()),
        cause);
    this.function = function;
    this.condition = condition;
    this.reason = reason;
    this.tryFunction = tryFunction;
  }

  /** The message between the condition and the SQLSTATE. */
  private static String text(String function, String reason, String tryFunction) {
    String text = function + ": " + reason + (reason.endsWith(".") ? "" : ".");
    return tryFunction == null
        ? text
        : text + " Use " + tryFunction + " to tolerate invalid input and return NULL instead.";
  }

  /**
   * An error without a {@code try_} hint: found at analysis (the call, a constant argument), or on
   * a value in an aggregate.
   */
  static KlFunctionException of(String function, KlErrorCondition condition, String reason) {
    return new KlFunctionException(function, condition, reason, null, null);
  }

  /** As {@link #of(String, KlErrorCondition, String)}, the reason formatted with {@code ROOT}. */
  static KlFunctionException format(
      String function, KlErrorCondition condition, String template, Object... args) {
    return of(function, condition, String.format(Locale.ROOT, template, args));
  }

  /**
   * As {@link #of(String, KlErrorCondition, String)}, the reason a kernel's error: a {@link
   * LengthMismatchException} is a {@link KlErrorCondition#LENGTH_MISMATCH}, any other has {@code
   * condition}.
   */
  static KlFunctionException of(
      String function, KlErrorCondition condition, IllegalArgumentException kernelError) {
    return new KlFunctionException(
        function, conditionOf(kernelError, condition), kernelError.getMessage(), null, kernelError);
  }

  /**
   * An error on a row's value in the scalar function {@code function}, whose {@code try_} variant
   * gives NULL instead: the message ends with the hint to it.
   */
  static KlFunctionException tolerable(String function, KlErrorCondition condition, String reason) {
    return new KlFunctionException(function, condition, reason, "try_" + function, null);
  }

  /**
   * As {@link #tolerable(String, KlErrorCondition, String)}, the reason a kernel's error (a {@link
   * LengthMismatchException} is a {@link KlErrorCondition#LENGTH_MISMATCH}).
   */
  static KlFunctionException tolerable(
      String function, KlErrorCondition condition, IllegalArgumentException kernelError) {
    return new KlFunctionException(
        function,
        conditionOf(kernelError, condition),
        kernelError.getMessage(),
        "try_" + function,
        kernelError);
  }

  private static KlErrorCondition conditionOf(
      IllegalArgumentException kernelError, KlErrorCondition otherwise) {
    return kernelError instanceof LengthMismatchException
        ? KlErrorCondition.LENGTH_MISMATCH
        : otherwise;
  }

  /**
   * The same error reported by the function {@code function} (a {@code try_} variant rejecting its
   * call at analysis), without a hint.
   */
  KlFunctionException reportedBy(String function) {
    return new KlFunctionException(function, condition, reason, null, getCause());
  }

  /** The SQL name of the function that rejected its arguments. */
  public String function() {
    return function;
  }

  /** What went wrong: the error condition and its SQLSTATE. */
  public KlErrorCondition condition() {
    return condition;
  }

  /**
   * The reason, naming the argument, the offending value and what was expected, e.g. {@code p[1] =
   * -0.2 is negative; expected a finite non-negative value}.
   */
  public String reason() {
    return reason;
  }

  @Override
  protected String conditionName() {
    return condition.condition();
  }

  @Override
  public String getSqlState() {
    return condition.sqlState();
  }

  /**
   * {@code function}, {@code reason} and, when the {@code try_} variant tolerates the error, {@code
   * tryFunction}: what Spark Connect and PySpark pass on with the condition.
   */
  @Override
  public Map<String, String> getMessageParameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("function", function);
    p.put("reason", reason);
    if (tryFunction != null) {
      p.put("tryFunction", tryFunction);
    }
    return p;
  }
}

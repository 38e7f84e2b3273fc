package dev.klspark.spark.sql;

import java.util.Locale;

/**
 * An invalid argument to a klspark SQL function. The message starts with the function name, then
 * names the argument, the offending value and what was expected, e.g. {@code kl_divergence: p[1] =
 * -0.2 is negative; expected a finite non-negative value}. Spark reports it as thrown, or as the
 * cause of the job failure when it happens on an executor.
 */
public final class KlFunctionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String function;

  public KlFunctionException(String function, String message) {
    super(function + ": " + message);
    this.function = function;
  }

  public KlFunctionException(String function, IllegalArgumentException cause) {
    super(function + ": " + cause.getMessage(), cause);
    this.function = function;
  }

  static KlFunctionException format(String function, String template, Object... args) {
    return new KlFunctionException(function, String.format(Locale.ROOT, template, args));
  }

  /** The SQL name of the function that rejected its arguments. */
  public String function() {
    return function;
  }
}

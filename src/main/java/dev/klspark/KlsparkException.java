package dev.klspark;

/**
 * A problem with the input, the configuration or the environment that the user can fix: a missing
 * or mistyped column, an invalid model table, an unreadable path. The message names the column,
 * group or value and says what was expected; jobs print it and exit with {@code
 * ExitCodes.BAD_INPUT}.
 */
public class KlsparkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KlsparkException(String message) {
    super(message);
  }

  public KlsparkException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.klspark;

/**
 * A mistake in the command line or the job file that is found before any data is read: an unknown
 * key, a missing setting, a value that does not parse or is out of range, conflicting settings.
 * Jobs print the message as one line and exit with {@code ExitCodes.USAGE} (64).
 */
public class UsageException extends KlsparkException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}

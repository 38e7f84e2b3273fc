package dev.klspark;

/** Message text shared by every layer. */
public final class Messages {
  private Messages() {}

  /**
   * The first non-blank line of a message (Spark's start with a blank line), without Spark's {@code
   * SQLSTATE: ...} suffix; empty for null.
   */
  public static String reason(String message) {
    if (message == null) {
      return "";
    }
    for (String line : message.split("\n")) {
      if (!line.isBlank()) {
        int cut = line.indexOf(" SQLSTATE:");
        return (cut < 0 ? line : line.substring(0, cut)).strip();
      }
    }
    return "";
  }
}

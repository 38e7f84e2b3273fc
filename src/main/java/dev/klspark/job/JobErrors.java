package dev.klspark.job;

import dev.klspark.KlsparkException;
import org.apache.spark.sql.AnalysisException;

/**
 * Turns what a Spark job throws into one line a user can act on. Errors raised inside tasks by the
 * report's own checks ({@code raise_error}, e.g. a value outside the bucket splits) arrive wrapped
 * in several Spark exceptions; the user's message is dug out of the chain.
 */
final class JobErrors {
  private static final String RAISED = "[USER_RAISED_EXCEPTION] ";

  private JobErrors() {}

  /** The klspark-level error behind {@code t}, or null when it is not a user-fixable problem. */
  static KlsparkException userError(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof KlsparkException k) {
        return k;
      }
      String m = c.getMessage();
      if (m != null && m.contains(RAISED)) {
        String msg = m.substring(m.indexOf(RAISED) + RAISED.length());
        int cut = msg.indexOf(" SQLSTATE:");
        return new KlsparkException(cut < 0 ? msg.strip() : msg.substring(0, cut).strip(), t);
      }
      if (c instanceof AnalysisException a) {
        return new KlsparkException(firstLine(a.getMessage()), t);
      }
    }
    return null;
  }

  /**
   * Runs a picocli command with the shared error handling: a user-fixable problem prints {@code
   * NAME: error: MESSAGE} and exits {@link ExitCodes#BAD_INPUT}; anything else prints the stack
   * trace and exits {@link ExitCodes#INTERNAL_ERROR}.
   */
  static int execute(Object command, String name, java.io.PrintWriter err, String... args) {
    picocli.CommandLine cl = new picocli.CommandLine(command);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          KlsparkException user = userError(e);
          if (user != null) {
            cmd.getErr().println(name + ": error: " + user.getMessage());
            return ExitCodes.BAD_INPUT;
          }
          cmd.getErr().println(name + ": internal error: " + e);
          e.printStackTrace(cmd.getErr());
          return ExitCodes.INTERNAL_ERROR;
        });
    return cl.execute(args);
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}

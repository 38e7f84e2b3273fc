package dev.klspark.cli;

import dev.klspark.KlsparkException;
import dev.klspark.UsageException;
import dev.klspark.spark.compat.SparkCompat;
import dev.klspark.spark.distribution.RowChecks;
import java.io.PrintWriter;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * How every job turns what went wrong into one line and an exit code ({@link ExitCodes}): usage
 * mistakes (64), bad input, refused outputs and I/O (3), anything else as an internal error (70)
 * whose stack trace goes to the log file, never to the console. It also handles SIGINT and SIGTERM:
 * "interrupted", running Spark jobs cancelled, staging directories removed, locks released, exit
 * 130 or 143, previous outputs as they were.
 *
 * <p>Public for the developer entry points of the bench jar ({@code dev.klspark.bench}: gen-data,
 * bench, bench-scaling), which exit the same way; nothing else outside {@code job} uses it.
 */
public final class JobErrors {
  /**
   * The system property of the launchers' first, Spark-free JVM (jobs/lib.sh): parse the command
   * line, answer {@code --help} and {@code --version}, report a usage error, and never run the job.
   */
  public static final String PARSE_ONLY = "klspark.parse-only";

  private static final String RAISED = "[USER_RAISED_EXCEPTION] ";

  private JobErrors() {}

  /** The file of Spark's FAILED_READ_FILE errors. */
  private static final java.util.regex.Pattern READ_FILE =
      java.util.regex.Pattern.compile("Encountered error while reading file (\\S+?)\\.?\\s");

  /** The user-fixable problem behind {@code t}, or null when it is an internal error. */
  static KlsparkException userError(Throwable t) {
    SparkThrowable deepest = null;
    Throwable deepestT = null;
    String readFile = null;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (readFile == null && c.getMessage() != null) {
        java.util.regex.Matcher f = READ_FILE.matcher(c.getMessage());
        if (f.find()) {
          readFile = f.group(1);
        }
      }
      if (c instanceof KlsparkException k) {
        return k;
      }
      String checked = RowChecks.message(c);
      if (checked != null) {
        return new KlsparkException(checked, t);
      }
      String m = c.getMessage();
      if (m != null && m.contains(RAISED)) {
        String msg = m.substring(m.indexOf(RAISED) + RAISED.length());
        return new KlsparkException(stripSqlState(firstLine(msg)), t);
      }
      if (c instanceof IllegalArgumentException && m != null && m.startsWith("Wrong FS")) {
        return new KlsparkException(
            "a path names a file system other than the one it resolves to ("
                + firstLine(m)
                + "); write file:///PATH for local files",
            t);
      }
      if (c instanceof SparkThrowable s
          && SparkCompat.errorCondition(s) != null
          && !SparkCompat.errorCondition(s).startsWith("INTERNAL_ERROR")) {
        deepest = s;
        deepestT = c;
      }
      if (deepest == null && (c instanceof java.io.IOException || c instanceof AnalysisException)) {
        deepestT = c; // an analysis error without an error class, or an I/O problem
      }
    }
    if (deepestT == null) {
      return null;
    }
    String msg = stripSqlState(firstLine(deepestT.getMessage()));
    Throwable root = deepestT;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != deepestT && root.getMessage() != null) {
      String r = stripSqlState(firstLine(root.getMessage()));
      if (!msg.contains(r)) {
        msg = msg + ": " + r;
      }
    }
    if (readFile != null && !msg.contains(readFile)) {
      msg = "reading " + readFile + ": " + msg;
    }
    if (deepestT instanceof AnalysisException
        || deepest != null
        || deepestT instanceof java.io.IOException) {
      return new KlsparkException(msg, t);
    }
    return null;
  }

  private static String stripSqlState(String s) {
    int cut = s.indexOf(" SQLSTATE:");
    return (cut < 0 ? s : s.substring(0, cut)).strip();
  }

  /**
   * Runs a picocli command with the shared error handling, printing one line per problem to {@code
   * err}.
   */
  public static int execute(Object command, String name, PrintWriter err, String... args) {
    CommandLine cl = configure(new CommandLine(command), name);
    cl.setErr(err);
    return cl.execute(args);
  }

  /**
   * A command line with the shared handlers: one line per problem, the exit codes above; and the
   * settings' defaults in the help ({@link SettingFlags}).
   */
  public static CommandLine configure(CommandLine cl, String name) {
    cl.setDefaultValueProvider(new SettingFlags());
    cl.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
    cl.setParameterExceptionHandler(
        (e, args) -> {
          e.getCommandLine()
              .getErr()
              .println(
                  name + ": error: " + UsageMessage.of(e, args) + " (see " + name + " --help)");
          return ExitCodes.USAGE;
        });
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> handle(e, name, cmd.getErr()));
    if (Boolean.getBoolean(PARSE_ONLY)) {
      cl.setExecutionStrategy(JobErrors::helpOnly);
    }
    return cl;
  }

  /**
   * The execution strategy of {@link #PARSE_ONLY}: prints the usage or the version when asked (exit
   * 0) and otherwise does nothing (exit 0); usage errors were reported before it runs.
   */
  static int helpOnly(ParseResult parsed) {
    Integer help = CommandLine.executeHelpRequest(parsed);
    return help == null ? ExitCodes.OK : help;
  }

  /** The exit code of an exception thrown by a job, after printing its one line. */
  static int handle(Throwable e, String name, PrintWriter err) {
    if (JobSignals.stopping()) {
      return ExitCodes.INTERRUPTED;
    }
    KlsparkException user = userError(e);
    if (user instanceof UsageException) {
      err.println(name + ": error: " + user.getMessage());
      return ExitCodes.USAGE;
    }
    if (user != null) {
      log().debug("{}: error", name, e);
      err.println(name + ": error: " + user.getMessage());
      return ExitCodes.BAD_INPUT;
    }
    log().error("{}: internal error", name, e);
    String log = System.getProperty("klspark.log.file");
    err.println(
        name
            + ": internal error: "
            + firstLine(String.valueOf(e))
            + (log == null ? "" : "; the stack trace is in " + log));
    if (Boolean.getBoolean("klspark.verbose")) {
      e.printStackTrace(err);
    }
    return ExitCodes.INTERNAL_ERROR;
  }

  /**
   * The body of a job's {@code main}: installs the SIGINT/SIGTERM handling, runs the command and
   * exits with its code.
   */
  public static void main(Object command, String name, String[] args) {
    main(new CommandLine(command), name, args);
  }

  /** As {@link #main(Object, String, String[])}, with a command line the job configured. */
  public static void main(CommandLine cl, String name, String[] args) {
    PrintWriter err = new PrintWriter(System.err, true);
    JobSignals.install(name, err);
    configure(cl, name).setErr(err);
    int code = cl.execute(args);
    if (JobSignals.stopping()) {
      // The signal handler is cleaning up and exits with 130/143; do not race it with our code.
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    }
    System.exit(code);
  }

  /** Runs settings resolution, turning any problem it finds into a {@link UsageException}. */
  public static <T> T usage(java.util.function.Supplier<T> resolve) {
    try {
      return resolve.get();
    } catch (UsageException e) {
      throw e;
    } catch (KlsparkException | IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /**
   * The logger, created when first needed: creating it starts log4j (about half a second), which a
   * command line that only asks for {@code --help} or has a usage error never needs.
   */
  private static Logger log() {
    return LoggerFactory.getLogger(JobErrors.class);
  }

  static String firstLine(String s) {
    return dev.klspark.Messages.reason(s);
  }
}

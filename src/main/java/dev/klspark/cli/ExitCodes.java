package dev.klspark.cli;

/**
 * Process exit codes, one table for every klspark job (docs/safety.md, "Exit codes"). A scheduler
 * can always tell "the data failed a check" ({@link #FINDING}, {@link #CHECK_FAILED}) from "the job
 * could not run" ({@link #BAD_INPUT}, {@link #USAGE}, {@link #INTERNAL_ERROR}); on every code but
 * {@link #OK}, {@link #FINDING} and {@link #CHECK_FAILED} the output is left exactly as it was. The
 * numbers of usage and internal errors follow BSD sysexits ({@code EX_USAGE}, {@code EX_SOFTWARE});
 * interrupted runs exit as shells report a signal, 128 + the signal's number.
 */
public final class ExitCodes {
  /** The job finished and wrote its output. */
  public static final int OK = 0;

  /**
   * A finding that the caller asked to fail on: data-quality's warn verdict with {@code
   * fail-on-warn}, compare-reports' "the reports differ", an SQL statement that failed in {@code
   * jobs/sql -e/-f}.
   */
  public static final int FINDING = 1;

  /** A failing check: data-quality's fail or no_data verdict. */
  public static final int CHECK_FAILED = 2;

  /**
   * Bad input, refused output or I/O: a missing or mistyped column, an invalid model table, an
   * unreadable or corrupt file, an output that klspark did not write or that overlaps an input, a
   * held lock. Nothing was changed; safe to retry once the cause is fixed.
   */
  public static final int BAD_INPUT = 3;

  /**
   * Invalid command line or job file: unknown flag or key, missing or malformed value, a value out
   * of range, conflicting settings (sysexits {@code EX_USAGE}).
   */
  public static final int USAGE = 64;

  /** An unexpected internal error (a bug); details in the log file (sysexits EX_SOFTWARE). */
  public static final int INTERNAL_ERROR = 70;

  /** Interrupted by SIGINT (Ctrl-C): 128 + 2. */
  public static final int INTERRUPTED = 130;

  /** Terminated by SIGTERM: 128 + 15. */
  public static final int TERMINATED = 143;

  private ExitCodes() {}
}

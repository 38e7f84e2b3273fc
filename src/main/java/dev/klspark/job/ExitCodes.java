package dev.klspark.job;

/** Process exit codes shared by every klspark job (documented in the README). */
public final class ExitCodes {
  /** The job finished and wrote its output. */
  public static final int OK = 0;
  /** An unexpected internal error (a bug, or Spark failing for reasons outside the input). */
  public static final int INTERNAL_ERROR = 1;
  /** Invalid command line (unknown flag, missing value): picocli's usage-error code. */
  public static final int USAGE = 2;
  /** Bad input or I/O problem: missing column, wrong type, bad model table, unreadable path. */
  public static final int BAD_INPUT = 3;

  private ExitCodes() {}
}

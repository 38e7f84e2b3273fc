package dev.klspark.cli;

import picocli.CommandLine.Option;

/**
 * {@code --verbose}, shared by the jobs: internal errors print their stack trace on the console
 * too, and the launchers log Spark's own messages to the console as well as to the log file.
 */
public final class VerboseOption {
  @Option(
      names = "--verbose",
      description =
          "Also print Spark's log and stack traces on the console (default: in the log file only).")
  void verbose(boolean on) {
    if (on) {
      System.setProperty("klspark.verbose", "true");
    }
  }
}

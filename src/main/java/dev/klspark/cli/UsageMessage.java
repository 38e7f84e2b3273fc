package dev.klspark.cli;

import java.util.List;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The one line of a usage error ({@link JobErrors#configure}), from picocli's message. */
final class UsageMessage {
  private UsageMessage() {}

  /**
   * The first line of picocli's message for a usage error, naming an option as the user typed it:
   * picocli names an option by its longest name ({@code --spark-conf} for {@code --conf}), and
   * doubles the word "option" in some messages; an unknown option comes before a missing one.
   */
  static String of(ParameterException e, String[] args) {
    List<String> unmatched = e.getCommandLine().getUnmatchedArguments();
    ParameterException shown = e;
    if (!(e instanceof UnmatchedArgumentException) && !unmatched.isEmpty()) {
      // picocli checks required options before unknown ones: "--outptu x" is a typo, not a
      // missing --output.
      shown = new UnmatchedArgumentException(e.getCommandLine(), unmatched);
    }
    String message = JobErrors.firstLine(shown.getMessage()).replace("option option ", "option ");
    List<ArgSpec> specs =
        shown instanceof MissingParameterException m
            ? m.getMissing()
            : shown.getArgSpec() == null ? List.of() : List.of(shown.getArgSpec());
    for (ArgSpec spec : specs) {
      if (spec instanceof OptionSpec option && option.names().length > 1) {
        String typed = typedName(option, shown.getValue(), args);
        if (typed != null) {
          message = message.replace("'" + option.longestName() + "'", "'" + typed + "'");
        }
      }
    }
    return message;
  }

  /**
   * The name of {@code option} the user typed: the one given with {@code value} ({@code --conf
   * VALUE} or {@code --conf=VALUE}) if any, else the first one in {@code args}; null when none is.
   */
  static String typedName(OptionSpec option, String value, String[] args) {
    String first = null;
    for (int i = 0; i < args.length; i++) {
      for (String name : option.names()) {
        boolean attached = args[i].startsWith(name + "=");
        if (!attached && !args[i].equals(name)) {
          continue;
        }
        String given = attached ? args[i].substring(name.length() + 1) : null;
        if (!attached && i + 1 < args.length) {
          given = args[i + 1];
        }
        if (value != null && value.equals(given)) {
          return name;
        }
        if (first == null) {
          first = name;
        }
      }
    }
    return first;
  }
}

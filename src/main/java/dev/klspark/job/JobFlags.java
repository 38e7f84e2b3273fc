package dev.klspark.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A job's flags as job-settings keys ({@link dev.klspark.config.JobSettings}): a key is an option's
 * long name without the dashes, so the options a job declares are its flags and (with the keys only
 * a job file can hold) its job-file keys, declared once.
 */
final class JobFlags {
  /** Options that are not settings: the job file itself, the log switch, help and version. */
  private static final Set<String> NOT_SETTINGS = Set.of("config", "verbose");

  private JobFlags() {}

  /**
   * The job-file keys of a picocli command.
   *
   * @param command the command class (annotated with its options)
   * @param fileOnly keys that only a job file can hold (structured values such as lists of maps)
   * @return every key, sorted
   */
  static Set<String> keys(Class<?> command, String... fileOnly) {
    Set<String> keys = new TreeSet<>(List.of(fileOnly));
    for (OptionSpec o : CommandSpec.forAnnotatedObject(command).options()) {
      if (isSetting(o)) {
        keys.add(key(o));
      }
    }
    return Set.copyOf(keys);
  }

  /**
   * The flags given on the command line: key to parsed value, in declaration order; flags not given
   * are absent (a job's option fields have no picocli default, so null means "not given").
   *
   * @param spec the command's spec after parsing
   */
  static Map<String, Object> given(CommandSpec spec) {
    Map<String, Object> flags = new LinkedHashMap<>();
    for (OptionSpec o : spec.options()) {
      Object v = o.getValue();
      if (isSetting(o) && v != null) {
        flags.put(key(o), v);
      }
    }
    return flags;
  }

  private static boolean isSetting(OptionSpec o) {
    return !o.usageHelp() && !o.versionHelp() && !NOT_SETTINGS.contains(key(o));
  }

  private static String key(OptionSpec o) {
    return o.longestName().replaceFirst("^--", "");
  }
}

package dev.klspark.cli;

import dev.klspark.config.JobSettings;
import dev.klspark.config.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where picocli meets the {@link Setting}s: the flags a user gave, as the first layer of {@link
 * JobSettings}, and each setting's default in the help ({@code ${DEFAULT-VALUE}} in an option's
 * description). Installed on every job's command line by {@link JobErrors#configure}.
 *
 * <p>The default-value provider also fills the option fields of a command that declares settings,
 * so a job never reads those fields: it reads {@link #given} (what was typed) layered over the job
 * file by {@link JobSettings}, and each {@link Setting} applies its own default. An option is a
 * setting when its longest name is {@code --KEY} for a declared setting {@code KEY}.
 */
public final class SettingFlags implements IDefaultValueProvider {
  /** Options that are not settings: the job file itself and the log switch. */
  private static final Set<String> NOT_SETTINGS = Set.of("config", "verbose");

  /** A picocli command or mixin whose long options are job settings. */
  public interface Declared {
    /** The settings behind this object's options, each declared once. */
    List<Setting<?>> settings();
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option) || arg.command() == null) {
      return null;
    }
    String key = key(option);
    for (Setting<?> s : declared(arg.command())) {
      if (s.key().equals(key)) {
        return s.defaultText();
      }
    }
    return null;
  }

  /**
   * The options given on the command line whose keys are in {@code keys}, as picocli converted
   * them, keyed by setting key: the flag layer of {@link JobSettings#of}. Absent flags are absent.
   */
  public static Map<String, Object> given(CommandSpec spec, Set<String> keys) {
    Map<String, Object> flags = new LinkedHashMap<>();
    if (spec.commandLine() == null || spec.commandLine().getParseResult() == null) {
      return flags;
    }
    for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
      String key = key(option);
      if (keys.contains(key) && option.getValue() != null) {
        flags.put(key, option.getValue());
      }
    }
    return flags;
  }

  /**
   * The job-file keys of a picocli command: the long names of its options and its mixins' (without
   * the dashes; not {@code --config}, {@code --verbose}, help or version) and {@code fileOnly}, the
   * keys only a job file can hold (structured values such as lists of maps).
   */
  public static Set<String> keys(Class<?> command, String... fileOnly) {
    Set<String> keys = new TreeSet<>(List.of(fileOnly));
    for (OptionSpec o : CommandSpec.forAnnotatedObject(command).options()) {
      if (!o.usageHelp() && !o.versionHelp() && !NOT_SETTINGS.contains(key(o))) {
        keys.add(key(o));
      }
    }
    return Set.copyOf(keys);
  }

  private static String key(OptionSpec option) {
    return option.longestName().replaceFirst("^--", "");
  }

  /** The settings a command and its mixins declare. */
  private static List<Setting<?>> declared(CommandSpec command) {
    List<Setting<?>> all = new ArrayList<>();
    List<Object> owners = new ArrayList<>();
    owners.add(command.userObject());
    command.mixins().values().forEach(m -> owners.add(m.userObject()));
    for (Object owner : owners) {
      if (owner instanceof Declared d) {
        all.addAll(d.settings());
      }
    }
    return all;
  }
}

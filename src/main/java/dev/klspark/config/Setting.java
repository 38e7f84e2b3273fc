package dev.klspark.config;

import dev.klspark.UsageException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One job setting, declared once: its key (the long flag name without the dashes, and the job-file
 * key), its default, and how its value is read. A job declares its settings as constants, e.g.
 *
 * <pre>{@code
 * static final Setting<Integer> TOP = Setting.integer("top", 20);
 * ...
 * int top = TOP.from(settings);   // flag > job file > 20
 * }</pre>
 *
 * <p>The precedence (command-line flag &gt; job file &gt; default) is {@link JobSettings}'s; a
 * setting only names the key and holds the default, so neither is spelled twice. The command line
 * shows the same default in its help ({@link #defaultText()}).
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {
  /** How a value is read from the layered settings. */
  @FunctionalInterface
  private interface Reader<T> {
    T read(JobSettings settings, String key, T defaultValue);
  }

  private final String key;
  private final T defaultValue;
  private final Reader<T> reader;

  private Setting(String key, T defaultValue, Reader<T> reader) {
    if (key == null || !key.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException(
          "setting key '" + key + "' is not a long flag name; expected e.g. group-by");
    }
    this.key = key;
    this.defaultValue = defaultValue;
    this.reader = reader;
  }

  /** A text setting ({@link JobSettings#string}); {@code defaultValue} may be null (no default). */
  public static Setting<String> string(String key, String defaultValue) {
    return new Setting<>(key, defaultValue, JobSettings::string);
  }

  /**
   * A path setting ({@link JobSettings#path}: job-file paths resolve against the job file's
   * directory); {@code defaultValue} may be null.
   */
  public static Setting<String> path(String key, String defaultValue) {
    return new Setting<>(key, defaultValue, JobSettings::path);
  }

  /** An integer setting ({@link JobSettings#integer}). */
  public static Setting<Integer> integer(String key, int defaultValue) {
    return new Setting<>(key, defaultValue, JobSettings::integer);
  }

  /** A number setting ({@link JobSettings#number}); the job checks the range. */
  public static Setting<Double> number(String key, double defaultValue) {
    return new Setting<>(key, defaultValue, JobSettings::number);
  }

  /** A true/false setting ({@link JobSettings#bool}). */
  public static Setting<Boolean> bool(String key, boolean defaultValue) {
    return new Setting<>(key, defaultValue, JobSettings::bool);
  }

  /** A list setting ({@link JobSettings#list}); empty when not set. */
  public static Setting<List<String>> list(String key) {
    return new Setting<>(key, List.of(), (s, k, d) -> s.list(k));
  }

  /**
   * A list of paths ({@link JobSettings#paths}: job-file paths resolve against the job file's
   * directory); empty when not set.
   */
  public static Setting<List<String>> paths(String key) {
    return new Setting<>(key, List.of(), (s, k, d) -> s.paths(k));
  }

  /** A list of column names ({@link JobSettings#columnNames}); empty when not set. */
  public static Setting<List<String>> columnNames(String key) {
    return new Setting<>(key, List.of(), (s, k, d) -> s.columnNames(k));
  }

  /**
   * A structured setting ({@link JobSettings#value}: a list or map as the job file holds it, e.g.
   * data-quality's {@code columns}); null when not set.
   */
  public static Setting<Object> structured(String key) {
    return new Setting<>(key, null, (s, k, d) -> s.value(k));
  }

  /** The key: the job-file key and the long flag name without {@code --}. */
  public String key() {
    return key;
  }

  /** The command-line flag, {@code --key}. */
  public String flag() {
    return "--" + key;
  }

  /** The value used when neither a flag nor the job file sets the key; null for none. */
  public T defaultValue() {
    return defaultValue;
  }

  /**
   * The default as the help shows it: null when there is none (or an empty list), a whole number
   * without a fraction ({@code 0}, not {@code 0.0}), otherwise the value's text ({@code 1e-12}).
   */
  public String defaultText() {
    if (defaultValue == null || defaultValue instanceof List<?> l && l.isEmpty()) {
      return null;
    }
    if (defaultValue instanceof Double d) {
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        return Long.toString(d.longValue());
      }
      return d.toString().toLowerCase(Locale.ROOT).replace(".0e", "e");
    }
    return defaultValue.toString();
  }

  /**
   * The value: the flag if given, else the job file's, else the default.
   *
   * @throws UsageException when the given value does not have the setting's type (naming where it
   *     came from: {@code --top} or {@code top in FILE})
   */
  public T from(JobSettings settings) {
    return reader.read(settings, key, defaultValue);
  }

  /** Whether a flag or the job file sets the key. */
  public boolean isSetIn(JobSettings settings) {
    return settings.has(key);
  }

  /** The keys of {@code settings}, in their order. */
  public static Set<String> keys(Collection<Setting<?>> settings) {
    Set<String> keys = new LinkedHashSet<>();
    for (Setting<?> s : settings) {
      if (!keys.add(s.key)) {
        throw new IllegalArgumentException("setting '" + s.key + "' is declared twice");
      }
    }
    return Collections.unmodifiableSet(keys);
  }

  @Override
  public String toString() {
    return key + " (default: " + defaultText() + ")";
  }
}

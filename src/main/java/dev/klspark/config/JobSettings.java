package dev.klspark.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.klspark.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of one job run, layered with a fixed precedence: <b>command-line flag &gt; job file
 * &gt; documented default</b>. Keys are the long flag names without the leading dashes (the job
 * file key {@code group-by} is the flag {@code --group-by}).
 *
 * <p>Job files are YAML or JSON (read with Jackson; JSON is YAML). Relative paths in a job file are
 * resolved against the directory of the job file, so a job file works from any working directory;
 * relative paths given as flags are resolved against the working directory. An unknown key in a job
 * file is an error, so a typo never silently falls back to a default.
 */
public final class JobSettings {
  private final Map<String, Object> flags;
  private final Map<String, Object> file;
  private final Path fileDir;
  private final String fileName;

  private JobSettings(
      Map<String, Object> flags, Map<String, Object> file, Path fileDir, String fileName) {
    this.flags = flags;
    this.file = file;
    this.fileDir = fileDir;
    this.fileName = fileName;
  }

  /**
   * Layers the given flags over a job file.
   *
   * @param flags the flags given on the command line (absent flags must not be present as keys)
   * @param jobFile the job file, or null for flags alone
   * @param knownKeys every key the job accepts
   * @throws UsageException if the job file cannot be read or parsed, is not a mapping, or holds a
   *     key outside {@code knownKeys}
   */
  public static JobSettings of(Map<String, Object> flags, Path jobFile, Set<String> knownKeys) {
    Map<String, Object> file = new LinkedHashMap<>();
    Path dir = null;
    if (jobFile != null) {
      file = read(jobFile);
      Set<String> unknown = new TreeSet<>(file.keySet());
      unknown.removeAll(knownKeys);
      if (!unknown.isEmpty()) {
        throw new UsageException(
            String.format(
                Locale.ROOT,
                "job file %s has unknown key(s) %s; known keys: %s",
                jobFile,
                unknown,
                new TreeSet<>(knownKeys)));
      }
      dir = jobFile.toAbsolutePath().getParent();
    }
    return new JobSettings(
        new LinkedHashMap<>(flags), file, dir, jobFile == null ? null : jobFile.toString());
  }

  private static Map<String, Object> read(Path jobFile) {
    if (!Files.isReadable(jobFile)) {
      throw new UsageException("job file " + jobFile + " does not exist or is not readable");
    }
    try {
      Object parsed =
          new ObjectMapper(new YAMLFactory())
              .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
              .readValue(jobFile.toFile(), Object.class);
      if (parsed == null) {
        return new LinkedHashMap<>();
      }
      if (!(parsed instanceof Map)) {
        throw new UsageException(
            "job file " + jobFile + " must hold a mapping of keys to values, not " + parsed);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) parsed;
      return new LinkedHashMap<>(map);
    } catch (IOException e) {
      throw new UsageException(
          "job file "
              + jobFile
              + " is not valid YAML/JSON: "
              + dev.klspark.Messages.reason(e.getMessage()),
          e);
    }
  }

  /** The job file, or null when the settings come from flags alone. */
  public String jobFile() {
    return fileName;
  }

  /** Whether the key was given as a flag or in the job file. */
  public boolean has(String key) {
    return flags.get(key) != null || file.get(key) != null;
  }

  /** Whether the key was given as a command-line flag (not only in the job file). */
  public boolean fromFlag(String key) {
    return flags.get(key) != null;
  }

  /**
   * A mapping of names to text values ({@code spark-conf}): the job file's entries, overridden
   * entry by entry by the flag's. An absent key gives an empty map.
   *
   * @throws UsageException when the job file's value is not a mapping of names to scalar values
   */
  public Map<String, String> map(String key) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (Object layer : new Object[] {file.get(key), flags.get(key)}) {
      if (layer == null) {
        continue;
      }
      if (!(layer instanceof Map<?, ?> m)) {
        throw new UsageException(
            String.format(
                Locale.ROOT, "%s must be a mapping of keys to values, not '%s'", key, layer));
      }
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (e.getValue() == null || e.getValue() instanceof Map || e.getValue() instanceof List) {
          throw new UsageException(
              String.format(
                  Locale.ROOT,
                  "%s: key '%s' has the value '%s'; expected a number, text or true/false",
                  key,
                  e.getKey(),
                  e.getValue()));
        }
        out.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
      }
    }
    return out;
  }

  /** Where a key's value comes from, for messages: {@code --key} or {@code key in FILE}. */
  public String origin(String key) {
    return flags.get(key) != null ? "--" + key : key + " in " + fileName;
  }

  /** A string setting, or {@code defaultValue} when neither a flag nor the job file sets it. */
  public String string(String key, String defaultValue) {
    Object v = raw(key);
    return v == null ? defaultValue : v.toString();
  }

  /** A path setting; job-file paths are resolved against the job file's directory. */
  public String path(String key, String defaultValue) {
    if (flags.get(key) != null) {
      return flags.get(key).toString();
    }
    Object v = file.get(key);
    if (v == null) {
      return defaultValue;
    }
    String s = v.toString();
    // Blank stays blank (the job reports it); URIs of any form (s3a://b/x, file:/x) stay as given.
    if (s.isBlank() || s.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") || Path.of(s).isAbsolute()) {
      return s;
    }
    return fileDir.resolve(s).normalize().toString();
  }

  /** An integer setting. */
  public int integer(String key, int defaultValue) {
    Object v = raw(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Number n && n.doubleValue() == n.intValue()) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new UsageException(
          String.format(Locale.ROOT, "%s = '%s' is not an integer", origin(key), v));
    }
  }

  /** A number setting (finite or not: the caller checks the range). */
  public double number(String key, double defaultValue) {
    Object v = raw(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new UsageException(
          String.format(Locale.ROOT, "%s = '%s' is not a number", origin(key), v));
    }
  }

  /**
   * A list of column names ({@code group-by}): empty when not set or blank; an empty name among
   * others or a name given twice is an error naming the key.
   */
  public List<String> columnNames(String key) {
    List<String> names = list(key);
    Object given = raw(key);
    boolean blankText = given == null || given.toString().isBlank();
    if (names.stream().allMatch(String::isBlank)) {
      if (!blankText && !(given instanceof List<?> l && l.isEmpty())) {
        throw new UsageException(
            String.format(Locale.ROOT, "%s '%s' holds an empty column name", origin(key), given));
      }
      return new ArrayList<>();
    }
    Set<String> seen = new TreeSet<>();
    for (String n : names) {
      if (n.isBlank()) {
        throw new UsageException(
            String.format(Locale.ROOT, "%s %s holds an empty column name", origin(key), names));
      }
      if (!seen.add(n)) {
        throw new UsageException(
            String.format(Locale.ROOT, "%s names the column '%s' twice", origin(key), n));
      }
    }
    return names;
  }

  /** A boolean setting: true/false. */
  public boolean bool(String key, boolean defaultValue) {
    Object v = raw(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String s = v.toString().trim().toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("false")) {
      return Boolean.parseBoolean(s);
    }
    throw new UsageException(
        String.format(Locale.ROOT, "%s = '%s'; expected true or false", origin(key), v));
  }

  /**
   * A list setting: a YAML list in a job file, or a comma-separated string (flags and job files).
   * Elements are trimmed; an absent key gives an empty list.
   */
  public List<String> list(String key) {
    Object v = raw(key);
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (v instanceof List<?> l) {
      for (Object o : l) {
        out.add(String.valueOf(o).trim());
      }
      return out;
    }
    for (String part : v.toString().split(",", -1)) {
      out.add(part.trim());
    }
    return out;
  }

  /**
   * A list of paths (YAML list or comma-separated); job-file paths are resolved against the job
   * file's directory, as in {@link #path}. An absent key gives an empty list.
   */
  public List<String> paths(String key) {
    List<String> out = list(key);
    out.removeIf(String::isEmpty);
    if (flags.get(key) != null || fileDir == null) {
      return out;
    }
    List<String> resolved = new ArrayList<>();
    for (String s : out) {
      resolved.add(
          s.contains("://") || Path.of(s).isAbsolute()
              ? s
              : fileDir.resolve(s).normalize().toString());
    }
    return resolved;
  }

  /**
   * The raw value of a key (flag first, then job file), for structured job-file values such as
   * nested mappings; null when absent.
   */
  public Object value(String key) {
    return raw(key);
  }

  private Object raw(String key) {
    Object v = flags.get(key);
    return v != null ? v : file.get(key);
  }
}

package dev.klspark.job;

import dev.klspark.KlsparkException;
import dev.klspark.UsageException;
import dev.klspark.config.JobSettings;
import dev.klspark.math.LogBase;
import dev.klspark.spark.distribution.Buckets;
import dev.klspark.spark.distribution.CategorySpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The flags kl-report and mle-report share (a picocli mixin): the job file, what to read, the
 * groups, how each row's category is formed, which rows are evaluated, the unit and the Spark
 * master; with their one resolution ({@link #resolve(JobSettings)}: flag &gt; job file &gt;
 * default).
 */
final class CategoryOptions {
  /** Job-file keys of these flags (= their long names). */
  static final Set<String> KEYS =
      Set.of(
          "input",
          "format",
          "group-by",
          "category",
          "bucket-splits",
          "bucket-labels",
          "null-category",
          "filter",
          "unit",
          "confidence-level",
          "master");

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Job file (YAML or JSON) with the settings below as keys.")
  Path config;

  @Option(names = "--input", paramLabel = "PATH", description = "Input rows (file or directory).")
  String input;

  @Option(
      names = "--format",
      paramLabel = "FMT",
      description = "parquet (default), csv (with a header row) or json.")
  String format;

  @Option(
      names = "--group-by",
      paramLabel = "COLS",
      description = "Group columns, comma-separated (default: none, one overall group).")
  String groupBy;

  @Option(
      names = "--category",
      paramLabel = "COL",
      description = "Category column: string, integer or boolean; or numeric with --bucket-splits.")
  String category;

  @Option(
      names = "--bucket-splits",
      paramLabel = "S0,S1,...",
      description =
          "Cut a numeric category column at these splits (Bucketizer semantics: [s_i, s_i+1),"
              + " last bucket closed); -inf and inf allowed.")
  String bucketSplits;

  @Option(
      names = "--bucket-labels",
      paramLabel = "L1,...",
      description = "One label per bucket (default: the interval, e.g. [0, 15)).")
  String bucketLabels;

  @Option(
      names = "--null-category",
      paramLabel = "LABEL",
      description =
          "Count null categories as this category (default: exclude them, counted in"
              + " null_count).")
  String nullCategory;

  @Option(
      names = "--filter",
      paramLabel = "SQL",
      description = "Rows to evaluate, a Spark SQL condition (default: all rows).")
  String filter;

  @Option(names = "--unit", paramLabel = "UNIT", description = "nats (default) or bits.")
  String unit;

  @Option(
      names = "--confidence-level",
      paramLabel = "LEVEL",
      description = "Level of the per-group confidence interval for KL (default: 0.95).")
  Double confidenceLevel;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master when spark-submit did not set one (default: local[*]).")
  String master;

  /** A job's job-file keys: these and its own. */
  static Set<String> keysWith(String... own) {
    Set<String> all = new java.util.HashSet<>(KEYS);
    all.addAll(List.of(own));
    return Set.copyOf(all);
  }

  /** Puts the flags that were given into {@code flags} (absent ones stay absent). */
  void putFlags(Map<String, Object> flags) {
    put(flags, "input", input);
    put(flags, "format", format);
    put(flags, "group-by", groupBy);
    put(flags, "category", category);
    put(flags, "bucket-splits", bucketSplits);
    put(flags, "bucket-labels", bucketLabels);
    put(flags, "null-category", nullCategory);
    put(flags, "filter", filter);
    put(flags, "unit", unit);
    put(flags, "confidence-level", confidenceLevel);
    put(flags, "master", master);
  }

  static void put(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  /**
   * The shared settings, resolved.
   *
   * @param splits the bucket splits as given (null without buckets), for the summary
   */
  record Resolved(
      String input,
      String format,
      List<String> groupBy,
      CategorySpec category,
      List<String> splits,
      String filter,
      LogBase unit,
      double confidenceLevel,
      String master) {}

  /**
   * Applies defaults and checks the shared settings.
   *
   * @throws KlsparkException naming the flag and what was expected (turned into a usage error by
   *     {@link JobErrors#usage})
   */
  static Resolved resolve(JobSettings s) {
    String in = s.path("input", null);
    if (in == null) {
      throw new KlsparkException("no input: pass --input PATH (or input: in the job file)");
    }
    String cat = s.string("category", null);
    if (cat == null) {
      throw new KlsparkException(
          "no category column: pass --category COL (or category: in the job file)");
    }
    Buckets buckets = null;
    List<String> splits = s.list("bucket-splits");
    if (!splits.isEmpty()) {
      double[] sp = splits.stream().mapToDouble(Buckets::parseSplit).toArray();
      List<String> labels = s.list("bucket-labels");
      buckets = new Buckets(sp, labels.isEmpty() ? Buckets.defaultLabels(sp) : labels);
    } else if (s.has("bucket-labels")) {
      throw new KlsparkException("--bucket-labels needs --bucket-splits");
    }
    LogBase u;
    try {
      u = LogBase.parse(s.string("unit", "nats"));
    } catch (IllegalArgumentException e) {
      throw new KlsparkException(e.getMessage(), e);
    }
    String fmt = s.string("format", "parquet").toLowerCase(Locale.ROOT);
    if (!List.of("parquet", "csv", "json").contains(fmt)) {
      throw new KlsparkException(
          "format '" + fmt + "' is not supported; expected parquet, csv or json");
    }
    List<String> groups = s.columnNames("group-by");
    if (groups.contains(cat)) {
      throw new UsageException(
          "--category '"
              + cat
              + "' is also a --group-by column: every group would hold one"
              + " category; choose a category that varies within the groups");
    }
    double level =
        s.number("confidence-level", dev.klspark.math.KlEvidence.DEFAULT_CONFIDENCE_LEVEL);
    if (!(level > 0.0 && level < 1.0)) {
      throw new UsageException(
          "--confidence-level " + level + " is not in (0, 1); expected e.g. 0.95");
    }
    return new Resolved(
        in,
        fmt,
        groups,
        new CategorySpec(cat, buckets, s.string("null-category", null)),
        buckets == null ? null : splits,
        s.string("filter", null),
        u,
        level,
        s.string("master", null));
  }
}

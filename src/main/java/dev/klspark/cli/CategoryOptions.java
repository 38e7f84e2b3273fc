package dev.klspark.cli;

import dev.klspark.KlsparkException;
import dev.klspark.UsageException;
import dev.klspark.config.JobSettings;
import dev.klspark.config.Setting;
import dev.klspark.math.KlEvidence;
import dev.klspark.math.LogBase;
import dev.klspark.spark.distribution.Buckets;
import dev.klspark.spark.distribution.CategorySpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The flags kl-report and mle-report share (a picocli mixin): the job file, what to read, the
 * groups, how each row's category is formed, which rows are evaluated, the unit and the Spark
 * master; each declared once as a {@link Setting}, with their one resolution ({@link
 * #resolve(JobSettings)}: flag &gt; job file &gt; default).
 */
public final class CategoryOptions implements SettingFlags.Declared {
  static final Setting<String> INPUT = Setting.path("input", null);
  static final Setting<String> INPUT_TABLE = Setting.string("input-table", null);
  public static final Setting<String> FORMAT = Setting.string("format", "parquet");
  public static final Setting<List<String>> GROUP_BY = Setting.columnNames("group-by");
  static final Setting<String> CATEGORY = Setting.string("category", null);
  static final Setting<List<String>> BUCKET_SPLITS = Setting.list("bucket-splits");
  static final Setting<List<String>> BUCKET_LABELS = Setting.list("bucket-labels");
  public static final Setting<String> NULL_CATEGORY = Setting.string("null-category", null);
  public static final Setting<String> FILTER = Setting.string("filter", null);
  public static final Setting<String> UNIT = Setting.string("unit", LogBase.NATS.suffix());
  public static final Setting<Double> CONFIDENCE_LEVEL =
      Setting.number("confidence-level", KlEvidence.DEFAULT_CONFIDENCE_LEVEL);
  public static final Setting<String> MASTER = Setting.string("master", JobSessions.LOCAL);
  static final Setting<List<String>> MODEL_CATEGORIES = Setting.list("model-categories");

  /** These settings, in the order of the flags. */
  static final List<Setting<?>> SETTINGS =
      List.of(
          INPUT,
          INPUT_TABLE,
          FORMAT,
          GROUP_BY,
          CATEGORY,
          BUCKET_SPLITS,
          BUCKET_LABELS,
          NULL_CATEGORY,
          FILTER,
          UNIT,
          CONFIDENCE_LEVEL,
          MASTER,
          MODEL_CATEGORIES);

  /** Job-file keys of these flags (= their long names), and the Spark settings' key. */
  static final Set<String> KEYS = keysOf(SETTINGS, SparkConfOption.KEY);

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Job file (YAML or JSON) with the settings below as keys.")
  public Path config;

  @Option(names = "--input", paramLabel = "PATH", description = "Input rows (file or directory).")
  String input;

  @Option(
      names = "--input-table",
      paramLabel = "NAME",
      description = "Input rows from a catalog table (e.g. local.db.flights), instead of --input.")
  String inputTable;

  @Option(
      names = "--format",
      paramLabel = "FMT",
      description = "parquet, csv (with a header row) or json (default: ${DEFAULT-VALUE}).")
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

  @Option(
      names = "--unit",
      paramLabel = "UNIT",
      description = "nats or bits (default: ${DEFAULT-VALUE}).")
  String unit;

  @Option(
      names = "--confidence-level",
      paramLabel = "LEVEL",
      description =
          "Level of the per-group confidence interval for KL (default: ${DEFAULT-VALUE}).")
  Double confidenceLevel;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master when spark-submit did not set one (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(
      names = "--model-categories",
      paramLabel = "L1,L2,..",
      split = ",",
      description =
          "The categories of a compact model table's probability arrays, in order (default: the bucket labels).")
  List<String> modelCategories;

  @Override
  public List<Setting<?>> settings() {
    return SETTINGS;
  }

  /** A job's job-file keys: these and its own. */
  public static Set<String> keysWith(String... own) {
    Set<String> all = new java.util.HashSet<>(KEYS);
    all.addAll(List.of(own));
    return Set.copyOf(all);
  }

  private static Set<String> keysOf(List<Setting<?>> settings, String... more) {
    Set<String> all = new java.util.HashSet<>(Setting.keys(settings));
    all.addAll(List.of(more));
    return Set.copyOf(all);
  }

  /**
   * The shared settings, resolved.
   *
   * @param source the input path or table
   * @param input its name (path or table)
   * @param splits the bucket splits as given (null without buckets), for the summary
   * @param modelCategories a compact model table's array categories (flag, else bucket labels)
   */
  public record Resolved(
      TableOptions.Source source,
      String input,
      String format,
      List<String> groupBy,
      CategorySpec category,
      List<String> splits,
      String filter,
      LogBase unit,
      double confidenceLevel,
      String master,
      List<String> modelCategories) {}

  /**
   * Applies defaults and checks the shared settings.
   *
   * @throws KlsparkException naming the flag and what was expected (turned into a usage error by
   *     {@link JobErrors#usage})
   */
  public static Resolved resolve(JobSettings s) {
    ReportInputs.Shared shared = ReportInputs.resolve(s);
    String cat = CATEGORY.from(s);
    if (cat == null) {
      throw new KlsparkException(
          "no category column: pass --category COL (or category: in the job file)");
    }
    Buckets buckets = null;
    List<String> splits = BUCKET_SPLITS.from(s);
    if (!splits.isEmpty()) {
      double[] sp = splits.stream().mapToDouble(Buckets::parseSplit).toArray();
      List<String> labels = BUCKET_LABELS.from(s);
      buckets = new Buckets(sp, labels.isEmpty() ? Buckets.defaultLabels(sp) : labels);
    } else if (BUCKET_LABELS.isSetIn(s)) {
      throw new KlsparkException("--bucket-labels needs --bucket-splits");
    }
    List<String> groups = shared.groupBy();
    if (groups.contains(cat)) {
      throw new UsageException(
          "--category '"
              + cat
              + "' is also a --group-by column: every group would hold one"
              + " category; choose a category that varies within the groups");
    }
    return new Resolved(
        shared.source(),
        shared.input(),
        shared.format(),
        groups,
        new CategorySpec(cat, buckets, NULL_CATEGORY.from(s)),
        buckets == null ? null : splits,
        shared.filter(),
        shared.unit(),
        shared.confidenceLevel(),
        shared.master(),
        MODEL_CATEGORIES.isSetIn(s) || buckets == null
            ? MODEL_CATEGORIES.from(s)
            : buckets.labels());
  }
}

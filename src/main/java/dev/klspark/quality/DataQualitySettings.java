package dev.klspark.quality;

import dev.klspark.cli.CategoryOptions;
import dev.klspark.cli.CommonSettings;
import dev.klspark.config.Setting;
import java.util.List;

/**
 * The settings of {@code jobs/data-quality}, each declared once: its key (the long flag name, and
 * the job-file key) and its default. {@link DataQualityJob} reads them with the jobs' precedence
 * (flag &gt; job file &gt; default) and the help shows the same defaults; settings that mean the
 * same as in the other commands are theirs ({@link CommonSettings}, {@link CategoryOptions}).
 */
final class DataQualitySettings {
  private DataQualitySettings() {}

  static final Setting<String> DATE = Setting.string("date", null);
  static final Setting<String> BUCKET_EDGES_DATE = Setting.string("bucket-edges-date", null);

  /** The reference rows' format; unset, the input's ({@code format}). */
  static final Setting<String> REFERENCE_FORMAT = Setting.string("reference-format", null);

  static final Setting<String> DATE_COLUMN = Setting.string("date-column", "date");
  static final Setting<Object> COLUMNS = Setting.structured("columns");
  static final Setting<String> CURRENT = Setting.string("current", "day");

  /**
   * The reference slice; unset, {@code baseline} with a separate reference input, else {@link
   * #DEFAULT_REFERENCE}.
   */
  static final Setting<String> REFERENCE = Setting.string("reference", null);

  static final String DEFAULT_REFERENCE = "previous-weeks:4";
  static final Setting<String> SMOOTHING = Setting.string("smoothing", "floor:1.0E-4");
  static final Setting<Integer> MIN_SAMPLE_SIZE = Setting.integer("min-sample-size", 100);
  static final Setting<String> SIGNIFICANCE = Setting.string("significance", "0.05");
  static final Setting<Object> THRESHOLDS = Setting.structured("thresholds");
  static final Setting<Object> COLUMN_THRESHOLDS = Setting.structured("column-thresholds");
  static final Setting<Object> GROUP_THRESHOLDS = Setting.structured("group-thresholds");
  static final Setting<Integer> FAIL_RUN_GROUPS = Setting.integer("fail-run-groups", 1);
  static final Setting<Boolean> FAIL_ON_WARN = Setting.bool("fail-on-warn", false);
  static final Setting<String> MAIN_METRIC = Setting.string("main-metric", "psi");
  static final Setting<Integer> CHART_GROUPS = Setting.integer("chart-groups", 6);
  static final Setting<String> OUTPUT = Setting.path("output", "output/data-quality");

  /** Unset, spark-submit's master or else {@code local[*]} ({@code JobSessions}). */
  static final Setting<String> MASTER = Setting.string("master", null);

  static final Setting<String> HISTORY_TABLE = Setting.string("history-table", null);

  /** Every setting of the command (those its help shows defaults of). */
  static final List<Setting<?>> ALL =
      List.of(
          DATE,
          BUCKET_EDGES_DATE,
          CategoryOptions.FORMAT,
          REFERENCE_FORMAT,
          DATE_COLUMN,
          CategoryOptions.GROUP_BY,
          COLUMNS,
          CURRENT,
          REFERENCE,
          CommonSettings.REFERENCE_FILTER,
          CategoryOptions.FILTER,
          SMOOTHING,
          MIN_SAMPLE_SIZE,
          SIGNIFICANCE,
          CategoryOptions.CONFIDENCE_LEVEL,
          THRESHOLDS,
          COLUMN_THRESHOLDS,
          GROUP_THRESHOLDS,
          FAIL_RUN_GROUPS,
          FAIL_ON_WARN,
          MAIN_METRIC,
          CHART_GROUPS,
          OUTPUT,
          MASTER,
          HISTORY_TABLE);
}

package dev.klspark.quality;

import dev.klspark.cli.SettingFlags;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The flags of {@code jobs/data-quality} ({@link DataQualityJob}), in the order of its help. Each
 * flag but {@code --config} is also a job-file key: its long name without the dashes ({@link
 * SettingFlags} reads the given ones from the parse result, so the fields are only declared here).
 * {@code DataQualityJob.resolve(JobSettings)} reads each key through its {@link
 * DataQualitySettings} constant, with its precedence (flag &gt; job file &gt; default) and its
 * default.
 */
final class DataQualityOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "Job file (YAML or JSON).")
  Path config;

  @Option(
      names = "--date",
      paramLabel = "YYYY-MM-DD",
      description = "Logical date of the run (defines the slices; the history partition).")
  String date;

  @Option(
      names = "--bucket-edges-date",
      paramLabel = "YYYY-MM-DD",
      description =
          "Fix the quantile bucket edges on this date's reference slice, whichever date runs first"
              + " (default: the first run's date).")
  String bucketEdgesDate;

  @Option(names = "--input", paramLabel = "PATH", description = "Input rows.")
  String input;

  @Option(
      names = "--format",
      paramLabel = "FMT",
      description = "parquet, csv or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--reference-input",
      paramLabel = "PATH",
      description = "Separate reference rows (default: the input).")
  String referenceInput;

  @Option(
      names = "--reference-format",
      paramLabel = "FMT",
      description = "Format of --reference-input (default: --format).")
  String referenceFormat;

  @Option(
      names = "--date-column",
      paramLabel = "COL",
      description = "Date or timestamp column (default: ${DEFAULT-VALUE}).")
  String dateColumn;

  @Option(
      names = "--group-by",
      paramLabel = "COLS",
      description = "Group columns (default: none, one overall group).")
  String groupBy;

  @Option(
      names = "--current",
      paramLabel = "SPEC",
      description = "day, week, month, days:N (default: ${DEFAULT-VALUE}).")
  String current;

  @Option(
      names = "--reference",
      paramLabel = "SPEC",
      description =
          "previous-weeks:N (default 4), previous-days:N, same-month-earlier-years, baseline.")
  String reference;

  @Option(
      names = "--reference-filter",
      paramLabel = "SQL",
      description = "Baseline condition (with --reference baseline).")
  String referenceFilter;

  @Option(
      names = "--filter",
      paramLabel = "SQL",
      description = "Rows considered at all (both slices).")
  String filter;

  @Option(
      names = "--smoothing",
      paramLabel = "POLICY",
      description =
          "Zero policy on both sides: floor:EPS, additive:ALPHA, none (default: ${DEFAULT-VALUE}).")
  String smoothing;

  @Option(
      names = "--min-sample-size",
      paramLabel = "N",
      description = "Minimum non-null values on each side (default: ${DEFAULT-VALUE}).")
  Integer minSampleSize;

  @Option(
      names = "--significance",
      paramLabel = "ALPHA",
      description =
          "Levels count only if the BH-adjusted p-value < ALPHA (default: ${DEFAULT-VALUE}; 'none' to use levels alone).")
  String significance;

  @Option(
      names = "--confidence-level",
      paramLabel = "LEVEL",
      description =
          "Level of the interval for KL(current || reference) (default: ${DEFAULT-VALUE}).")
  Double confidenceLevel;

  @Option(
      names = "--fail-run-groups",
      paramLabel = "N",
      description = "Failing groups that fail the run (default: ${DEFAULT-VALUE}).")
  Integer failRunGroups;

  @Option(names = "--fail-on-warn", description = "Exit 1 when the verdict is warn.")
  Boolean failOnWarn;

  @Option(
      names = "--main-metric",
      paramLabel = "METRIC",
      description = "Metric of the charts and the ordering (default: ${DEFAULT-VALUE}).")
  String mainMetric;

  @Option(
      names = "--chart-groups",
      paramLabel = "N",
      description = "Worst rows charted in the HTML report (default: ${DEFAULT-VALUE}).")
  Integer chartGroups;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Output directory (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master when spark-submit did not set one (default local[*]).")
  String master;
}

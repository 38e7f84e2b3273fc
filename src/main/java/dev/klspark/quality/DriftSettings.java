package dev.klspark.quality;

import dev.klspark.KlsparkException;
import dev.klspark.math.ContinuousSamples;
import dev.klspark.math.Smoothing;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The resolved settings of one data-quality run ({@link DriftRun}), checked when built: the job
 * ({@code dev.klspark.quality.DataQualityJob}) reads each key with its precedence (flag &gt; job
 * file &gt; default) and hands the values over; the rules on the values (required ones, ranges, the
 * grammars of the date, the significance and the main metric) live here.
 *
 * @param date the logical date of the run (defines the slices; the history partition)
 * @param input the input rows
 * @param format the input's format ({@code parquet}, {@code csv}, {@code json})
 * @param referenceInput the separate reference rows, or null to take the reference from the input
 * @param referenceFormat the reference input's format
 * @param dateColumn the date or timestamp column
 * @param groupBy the group columns (empty: one overall group)
 * @param columns the monitored columns
 * @param slices the current and the reference slice
 * @param bucketEdgesDate the date whose reference slice fixes the quantile bucket edges, or null
 *     for the date of the first run that needs them
 * @param filter the SQL condition on every row (both slices), or null
 * @param smoothing the zero policy of both sides
 * @param minSampleSize non-null values needed on each side, at least 1
 * @param significance the alpha the BH-adjusted p-value must be below for a level to count, in (0,
 *     1], or null to use levels alone
 * @param confidenceLevel the level of the interval for KL(current ‖ reference), in (0, 1)
 * @param thresholds the warn and fail levels
 * @param failRunGroups failing groups that fail the run, at least 1
 * @param failOnWarn whether a warn verdict exits 1
 * @param mainMetric the metric of the charts and the ordering
 * @param chartGroups the worst rows charted in the HTML report, at least 0
 * @param output the output directory
 * @param master the Spark master when spark-submit set none, or null
 * @param jobFile the job file, or null
 */
public record DriftSettings(
    LocalDate date,
    String input,
    String format,
    String referenceInput,
    String referenceFormat,
    String dateColumn,
    List<String> groupBy,
    List<MonitoredColumn> columns,
    Slices slices,
    LocalDate bucketEdgesDate,
    String filter,
    Smoothing smoothing,
    int minSampleSize,
    Double significance,
    double confidenceLevel,
    DriftThresholds thresholds,
    int failRunGroups,
    boolean failOnWarn,
    DriftMetric mainMetric,
    int chartGroups,
    String output,
    String master,
    String jobFile) {

  /**
   * Checks the settings.
   *
   * @throws KlsparkException if the input is null, or a number is out of its range (see the
   *     parameters)
   */
  public DriftSettings {
    requireInput(input);
    groupBy = List.copyOf(groupBy);
    columns = List.copyOf(columns);
    atLeast("min-sample-size", minSampleSize, 1);
    if (!(confidenceLevel > 0.0 && confidenceLevel < 1.0)) {
      throw new KlsparkException(
          "confidence-level " + confidenceLevel + " is not in (0, 1); expected e.g. 0.95");
    }
    atLeast("fail-run-groups", failRunGroups, 1);
    if (chartGroups < 0) {
      throw new KlsparkException("chart-groups " + chartGroups + " is negative; expected N >= 0");
    }
  }

  /**
   * The input path, checked to be given.
   *
   * @throws KlsparkException if it is null
   */
  public static String requireInput(String path) {
    if (path == null) {
      throw new KlsparkException("no input: pass --input PATH (or input: in the job file)");
    }
    return path;
  }

  private static void atLeast(String key, int n, int min) {
    if (n < min) {
      throw new KlsparkException(
          String.format(Locale.ROOT, "%s %d is below %d; expected N >= %d", key, n, min, min));
    }
  }

  /**
   * The logical date.
   *
   * @param text {@code YYYY-MM-DD}
   * @throws KlsparkException if the text is null or not an ISO date
   */
  public static LocalDate date(String text) {
    if (text == null) {
      throw new KlsparkException("no date: pass --date YYYY-MM-DD (or date: in the job file)");
    }
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new KlsparkException("date '" + text + "' is not an ISO date; expected YYYY-MM-DD", e);
    }
  }

  /**
   * An optional date setting.
   *
   * @param key the setting's name, for the message
   * @param text {@code YYYY-MM-DD}, or null
   * @return the date, or null when the text is null
   * @throws KlsparkException if the text is not an ISO date
   */
  public static LocalDate optionalDate(String key, String text) {
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new KlsparkException(
          key + " '" + text + "' is not an ISO date; expected YYYY-MM-DD", e);
    }
  }

  /**
   * The zero policy ({@link Smoothing#parse}).
   *
   * @throws KlsparkException if the spec is not a policy
   */
  public static Smoothing smoothing(String spec) {
    try {
      return Smoothing.parse(spec);
    } catch (IllegalArgumentException e) {
      throw new KlsparkException(e.getMessage(), e);
    }
  }

  /**
   * The significance: a level in (0, 1], or null for {@code none}.
   *
   * @throws KlsparkException on any other text
   */
  public static Double significance(String text) {
    String sig = text.trim();
    if (sig.equalsIgnoreCase("none")) {
      return null;
    }
    double alpha;
    try {
      alpha = Double.parseDouble(sig);
    } catch (NumberFormatException e) {
      alpha = Double.NaN;
    }
    if (!(alpha > 0 && alpha <= 1)) {
      throw new KlsparkException("significance '" + sig + "'; expected a level in (0, 1] or none");
    }
    return alpha;
  }

  /**
   * The main metric ({@link DriftMetric#of}).
   *
   * @throws KlsparkException naming the known metrics
   */
  public static DriftMetric mainMetric(String key) {
    try {
      return DriftMetric.of(key.trim());
    } catch (IllegalArgumentException e) {
      throw new KlsparkException("main-metric: " + e.getMessage(), e);
    }
  }

  /**
   * The run's parameters as {@code summary.json} and the HTML report record them (JSON-friendly
   * values, in a fixed order).
   */
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("date", date.toString());
    p.put("input", input);
    p.put("format", format);
    p.put("reference_input", referenceInput);
    p.put("date_column", dateColumn);
    p.put("group_by", groupBy);
    List<String> colSpecs = new ArrayList<>();
    columns.forEach(c -> colSpecs.add(c.name() + " (" + c.spec() + ")"));
    p.put("columns", colSpecs);
    p.put("current_slice", slices.currentText());
    p.put("reference_slice", slices.referenceText());
    if (bucketEdgesDate != null) {
      p.put("bucket_edges_date", bucketEdgesDate.toString());
    }
    p.put("filter", filter);
    p.put(
        "smoothing",
        smoothing.spec() + " on both sides (G-test: raw current counts vs smoothed reference)");
    if (columns.stream().anyMatch(MonitoredColumn::values)) {
      p.put(
          "value_columns",
          "two-sample Kolmogorov-Smirnov (p_value), Wasserstein-1, k-NN KL with k = "
              + ContinuousSamples.DEFAULT_K);
    }
    if (columns.stream().anyMatch(MonitoredColumn::predictions)) {
      p.put(
          "prediction_columns",
          "expected log-loss (mean predictive entropy, nats); divergences of the smoothed mean"
              + " predictions; no test: levels count alone");
    }
    p.put("min_sample_size", minSampleSize);
    p.put("significance", significance);
    p.put("confidence_level", confidenceLevel);
    p.putAll(thresholds.toMap());
    p.put("fail_run_groups", failRunGroups);
    p.put("fail_on_warn", failOnWarn);
    p.put("main_metric", mainMetric.column());
    p.put("output", output);
    return p;
  }
}

package dev.klspark.spark.engine;

import dev.klspark.math.LogBase;
import java.util.List;

/**
 * The vocabulary of klspark's report outputs: the column names every report shares, how an
 * information quantity's column carries its unit, and the per-group statuses. One home, so a name
 * is spelled once and the column tables of docs/ have one source.
 *
 * <p>Information quantities are named by the field's standard terms (entropy, cross_entropy,
 * kl_divergence, js_divergence, ...; D(P‖Q) with p observed and q model) and carry the unit as a
 * suffix: {@code kl_divergence_nats}, {@code kl_divergence_bits} ({@link #inUnit}). Counts,
 * proportions, statistics and p-values carry no unit.
 */
public final class ReportColumns {

  /** Observed rows (or the sum of weights) with a non-null category in the group. */
  public static final String N = "n";

  /** Rows whose category is null. */
  public static final String NULL_COUNT = "null_count";

  /** The per-group status column ({@link GroupComparison.Status} labels). */
  public static final String STATUS = "status";

  /** The human-readable reason beside a status other than ok. */
  public static final String MESSAGE = "message";

  /** The candidate model's id in the MLE and Gaussian reports. */
  public static final String MODEL_ID = "model_id";

  /** The G statistic 2·n·KL(P̂‖Q) in nats. */
  public static final String G_STATISTIC = "g_statistic";

  /** Degrees of freedom of the G-test. */
  public static final String DEGREES_OF_FREEDOM = "degrees_of_freedom";

  /** The G-test p-value. */
  public static final String P_VALUE = "p_value";

  /** The Benjamini–Hochberg adjusted p-value. */
  public static final String P_VALUE_ADJUSTED = "p_value_adjusted";

  /** The status of a group whose numbers are valid. */
  public static final String OK = GroupComparison.Status.OK.label();

  /** The evidence quantities in the unit, in report column order (without the unit suffix). */
  public static final List<String> EVIDENCE_FIELDS =
      List.of(
          "entropy_bias_corrected",
          "kl_divergence_bias_corrected",
          "kl_divergence_ci_low",
          "kl_divergence_ci_high");

  private ReportColumns() {}

  /**
   * The column name of information quantity {@code quantity} in {@code unit}, e.g. {@code
   * kl_divergence_nats}.
   */
  public static String inUnit(String quantity, LogBase unit) {
    return quantity + "_" + unit.suffix();
  }
}

package dev.klspark.klreport;

import dev.klspark.math.KlEvidence;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.distribution.ModelTable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a divergence report compares.
 *
 * @param groupBy group column names (may contain spaces or dots); empty for one overall group
 * @param category how each row's category is read
 * @param weight a numeric weight column, or null to count rows
 * @param filter a Spark SQL condition selecting the rows to evaluate, or null for all rows
 * @param model where the model distributions come from
 * @param smoothing how the model side becomes probabilities
 * @param unit the unit of every information quantity
 * @param confidenceLevel the level of the per-group confidence interval for KL, in (0, 1)
 */
public record ReportSpec(
    List<String> groupBy,
    CategorySpec category,
    String weight,
    String filter,
    ModelSource model,
    Smoothing smoothing,
    LogBase unit,
    double confidenceLevel) {

  /** The default level of the confidence intervals. */
  public static final double DEFAULT_CONFIDENCE_LEVEL = KlEvidence.DEFAULT_CONFIDENCE_LEVEL;

  public ReportSpec {
    groupBy = List.copyOf(groupBy);
    if (!(confidenceLevel > 0.0 && confidenceLevel < 1.0)) {
      throw new IllegalArgumentException(
          "confidence level " + confidenceLevel + "; expected a number in (0, 1), e.g. 0.95");
    }
  }

  /** A spec with the default confidence level, {@value #DEFAULT_CONFIDENCE_LEVEL}. */
  public ReportSpec(
      List<String> groupBy,
      CategorySpec category,
      String weight,
      String filter,
      ModelSource model,
      Smoothing smoothing,
      LogBase unit) {
    this(groupBy, category, weight, filter, model, smoothing, unit, DEFAULT_CONFIDENCE_LEVEL);
  }

  /** Where the model distributions come from. */
  public sealed interface ModelSource permits Reference, Table {}

  /**
   * The per-group maximum-likelihood estimate fitted from a reference slice of the same input.
   *
   * @param filter a Spark SQL condition selecting the reference rows
   */
  public record Reference(String filter) implements ModelSource {}

  /**
   * A long-format model table (group columns, {@code category}, {@code probability}).
   *
   * @param table the table as read
   * @param normalization what to do with per-group sums other than 1
   */
  public record Table(Dataset<Row> table, ModelTable.Normalization normalization)
      implements ModelSource {}
}

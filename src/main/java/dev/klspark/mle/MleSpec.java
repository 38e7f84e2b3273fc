package dev.klspark.mle;

import dev.klspark.math.KlEvidence;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.distribution.ModelTable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a maximum-likelihood-equivalence report ({@link MleReport}) evaluates: the rows matching
 * {@code filter}, their category per group, and one or more candidate models.
 *
 * @param groupBy group column names; empty for one overall group
 * @param category how each row's category is read
 * @param filter a Spark SQL condition selecting the evaluated rows, or null for all rows
 * @param candidates the candidate models, at least one; their ids must be distinct
 * @param unit the unit of every information quantity ({@code g_statistic} is always in nats)
 * @param confidenceLevel the level of the per-(group, model) interval for KL, in (0, 1)
 */
public record MleSpec(
    List<String> groupBy,
    CategorySpec category,
    String filter,
    List<Candidate> candidates,
    LogBase unit,
    double confidenceLevel) {

  public MleSpec {
    groupBy = List.copyOf(groupBy);
    candidates = List.copyOf(candidates);
    if (!(confidenceLevel > 0.0 && confidenceLevel < 1.0)) {
      throw new IllegalArgumentException(
          "confidence level " + confidenceLevel + "; expected a number in (0, 1), e.g. 0.95");
    }
  }

  /** A spec with the default confidence level, {@value KlEvidence#DEFAULT_CONFIDENCE_LEVEL}. */
  public MleSpec(
      List<String> groupBy,
      CategorySpec category,
      String filter,
      List<Candidate> candidates,
      LogBase unit) {
    this(groupBy, category, filter, candidates, unit, KlEvidence.DEFAULT_CONFIDENCE_LEVEL);
  }

  /** A candidate model: a categorical distribution per group. */
  public sealed interface Candidate permits Table, Reference {}

  /**
   * A long-format model table: the group columns (or none: then the table's single distribution
   * applies to every group), {@code category}, {@code probability}, and optionally {@code
   * model_id}, which splits the table into several candidates.
   *
   * @param defaultId the model id when the table has no {@code model_id} column (e.g. the file
   *     name)
   * @param table the table as read
   * @param normalization what to do with per-group sums other than 1
   */
  public record Table(String defaultId, Dataset<Row> table, ModelTable.Normalization normalization)
      implements Candidate {}

  /**
   * The maximum-likelihood estimate fitted from the input rows matching {@code filter}.
   *
   * @param id the model id
   * @param filter a Spark SQL condition selecting the reference rows
   * @param smoothing {@code none} or {@code additive:ALPHA} over the known categories (the bucket
   *     labels, else every category of the reference rows)
   * @param scope one fit per group, or one pooled fit over all reference rows applied to every
   *     group
   */
  public record Reference(String id, String filter, Smoothing smoothing, Scope scope)
      implements Candidate {}

  /** Which rows a reference model is fitted on. */
  public enum Scope {
    /** One maximum-likelihood estimate per group, from the group's reference rows. */
    PER_GROUP,
    /** One maximum-likelihood estimate from all reference rows, the same for every group. */
    POOLED
  }
}

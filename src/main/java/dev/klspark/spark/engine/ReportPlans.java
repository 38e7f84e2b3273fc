package dev.klspark.spark.engine;

import dev.klspark.KlsparkException;
import dev.klspark.Messages;
import dev.klspark.spark.distribution.Conditions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Plan helpers the divergence, MLE, prediction and Gaussian reports share: the parsed row filter,
 * analysis errors turned into one user line, and the observed/model full outer join on the group
 * columns and the category.
 */
public final class ReportPlans {

  /** The internal category column every report's cells carry; {@link #fullOuter} joins on it. */
  public static final String CATEGORY = "__category";

  private ReportPlans() {}

  /**
   * The boolean SQL condition {@code sql} over {@code input} (null for no filter).
   *
   * @throws KlsparkException when it does not parse, names a missing column or is not boolean; the
   *     message names {@code flag}
   */
  public static Column condition(Dataset<Row> input, String sql, String flag) {
    return Conditions.parse(input, sql, flag);
  }

  /**
   * Builds a plan, turning Spark's analysis error into one line.
   *
   * @throws KlsparkException "the report query does not fit the input: REASON" when the plan does
   *     not analyse
   */
  public static Dataset<Row> analyzed(Supplier<Dataset<Row>> plan) {
    try {
      return plan.get();
    } catch (Exception e) {
      if (!(e instanceof AnalysisException)) {
        throw e;
      }
      throw new KlsparkException(
          "the report query does not fit the input: " + Messages.reason(e.getMessage()), e);
    }
  }

  /**
   * Full outer join on the group columns and the category ({@link #CATEGORY}). A plain equi-join,
   * so the observed counts keep the partitioning of their aggregation (no second shuffle of them).
   * Null keys never match in an equi-join: a (null group, category) present on both sides comes out
   * as two cells, which {@link GroupComparison} merges; null categories are observed-only cells
   * anyway.
   */
  public static Dataset<Row> fullOuter(
      Dataset<Row> left, Dataset<Row> right, List<String> groupNames) {
    List<String> keys = new ArrayList<>(groupNames);
    keys.add(CATEGORY);
    return left.join(right, keys.toArray(new String[0]), "full_outer");
  }
}

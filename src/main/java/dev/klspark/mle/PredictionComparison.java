package dev.klspark.mle;

import static dev.klspark.spark.engine.ReportColumns.inUnit;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.when;

import dev.klspark.math.LogBase;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.engine.PValueAdjustment;
import dev.klspark.spark.engine.ReportColumns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * The prediction reports of several models side by side: one table with a row per (group, model),
 * the models ranked within each group by their log-loss and the p-values of calibration in the
 * large adjusted for multiple testing.
 *
 * <p>Columns added to {@link PredictionReport}'s: {@code p_value_adjusted} (Benjamini–Hochberg over
 * every row with a p-value, all groups and models one family, as in mle-report's {@code report};
 * {@link PValueAdjustment}) right after {@code p_value}, {@code calibration_p_value_adjusted} (the
 * same over {@code calibration_p_value}) right after it, and {@code rank_by_nll} (1 = the smallest
 * {@code mean_nll_U} of the group, rounded to 12 decimals; SQL {@code rank()}, so ties share a
 * rank; null unless the status is ok, and null for the whole group when its ok models were
 * evaluated on different numbers of rows, whose log-losses are not comparable) before {@code
 * status}. Sorted by the group columns (nulls first), then {@code model_id}.
 */
public final class PredictionComparison {
  /** The rank of a model within its group by mean_nll (1 = best). */
  public static final String RANK_BY_NLL = "rank_by_nll";

  private PredictionComparison() {}

  /**
   * The reports of the models in one table.
   *
   * @param reports one {@link PredictionReport#build} result per model, with the same group columns
   *     and unit, and distinct model ids
   * @param groupColumns the group columns as named in the reports
   * @param unit the reports' unit
   * @return the combined report
   * @throws IllegalArgumentException if {@code reports} is empty
   */
  public static Dataset<Row> of(
      List<Dataset<Row>> reports, List<String> groupColumns, LogBase unit) {
    if (reports.isEmpty()) {
      throw new IllegalArgumentException("no prediction report to compare");
    }
    Dataset<Row> all = reports.get(0);
    for (Dataset<Row> r : reports.subList(1, reports.size())) {
      all = all.unionByName(r);
    }
    Column[] partition = groupColumns.stream().map(InputColumns::column).toArray(Column[]::new);
    WindowSpec w =
        partition.length == 0 ? Window.partitionBy(lit(1)) : Window.partitionBy(partition);
    Column isOk = col(ReportColumns.STATUS).equalTo(ReportColumns.OK);
    // Ranked only where every ok model of the group saw the same rows (the same n), on the
    // log-loss rounded to 12 decimals, so that equal models tie whatever the order of the sums.
    Column okN = when(isOk, col(ReportColumns.N));
    Column sameRows = functions.max(okN).over(w).equalTo(functions.min(okN).over(w));
    Column nll = functions.round(col(inUnit(MleReport.MEAN_NLL, unit)), 12);
    Dataset<Row> ranked =
        PValueAdjustment.benjaminiHochberg(
                PValueAdjustment.benjaminiHochberg(
                    all, PredictionReport.CALIBRATION_P_VALUE, "__calibration_p_value_adjusted"),
                ReportColumns.P_VALUE,
                "__p_value_adjusted")
            .withColumn(
                "__rank",
                when(isOk.and(sameRows), rank().over(w.orderBy(when(isOk, nll).asc_nulls_last()))));
    List<Column> out = new ArrayList<>();
    for (String c : all.columns()) {
      if (c.equals(ReportColumns.STATUS)) {
        out.add(col("__rank").as(RANK_BY_NLL));
      }
      out.add(InputColumns.column(c));
      if (c.equals(ReportColumns.P_VALUE)) {
        out.add(col("__p_value_adjusted").as(ReportColumns.P_VALUE_ADJUSTED));
      }
      if (c.equals(PredictionReport.CALIBRATION_P_VALUE)) {
        out.add(
            col("__calibration_p_value_adjusted")
                .as(PredictionReport.CALIBRATION_P_VALUE_ADJUSTED));
      }
    }
    List<Column> order = new ArrayList<>();
    for (Column p : partition) {
      order.add(p.asc_nulls_first());
    }
    order.add(col(ReportColumns.MODEL_ID).asc());
    return ranked.select(out.toArray(new Column[0])).orderBy(order.toArray(new Column[0]));
  }

  /**
   * What {@code summary.json} records of one model: its id and labels, its groups (all, ok, ranked
   * first) in the written comparison, and MLlib's evaluator log-loss over its labelled rows ({@link
   * PredictionReport#evaluatorLogLoss}), which the n-weighted mean of {@code mean_nll_nats} must
   * reproduce.
   *
   * @param written the comparison as written ({@link #of})
   * @param rows the model's per-row predictions
   * @param spec the model's spec
   */
  public static Map<String, Object> summary(
      Dataset<Row> written, Dataset<Row> rows, PredictionReport.Spec spec) {
    Dataset<Row> mine = written.where(col(ReportColumns.MODEL_ID).equalTo(spec.modelId()));
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("model_id", spec.modelId());
    summary.put("labels", spec.labels());
    summary.put("groups", mine.count());
    summary.put(
        "groups_ok", mine.where(col(ReportColumns.STATUS).equalTo(ReportColumns.OK)).count());
    summary.put("groups_ranked_first", mine.where(col(RANK_BY_NLL).equalTo(1)).count());
    summary.put("log_loss_nats", PredictionReport.evaluatorLogLoss(rows, spec));
    return summary;
  }
}

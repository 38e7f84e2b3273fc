package dev.klspark.mle;

import static dev.klspark.spark.engine.ReportColumns.inUnit;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.klspark.KlsparkException;
import dev.klspark.math.LogBase;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.distribution.ProbabilityColumn;
import dev.klspark.spark.engine.ReportColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * A classifier's predictions monitored per group before their labels arrive: the log-loss the
 * predictions expect of themselves and how far the group's mean prediction moved from a reference
 * window's. One aggregation over the prediction rows, sum-type aggregates per group.
 *
 * <p>Per group (U = unit suffix), over the current rows:
 *
 * <ul>
 *   <li>{@code n}: the rows;
 *   <li>{@code expected_nll_U} = (1/n) Σ_i H(q_i), the mean predictive entropy: the expected
 *       log-loss if the labels are drawn from the predictions (calibration), and {@code
 *       expected_nll_sd_U} = (1/n) √Σ_i (Σ_k q_ik (ln q_ik)² − H(q_i)²), the standard deviation of
 *       the group's mean log-loss under that hypothesis ({@link dev.klspark.math.ExpectedLogLoss});
 *   <li>{@code mean_prediction}: Q̄ = (1/n) Σ q_i as a map from label to probability, and {@code
 *       mean_prediction_entropy_U} = H(Q̄); by concavity H(Q̄) ≥ expected_nll, the gap being the
 *       predictions' mutual information with the rows (their resolution);
 *   <li>with a reference condition: {@code n_reference} and {@code prediction_kl_divergence_U} =
 *       KL(Q̄ ‖ Q̄_reference), the drift of the mean prediction from the reference rows' mean
 *       prediction (+∞ where the reference gives a label probability 0 that the current rows do
 *       not), and {@code expected_nll_change_U}, the current expected_nll minus the reference's.
 * </ul>
 *
 * {@code status} is {@code ok}, or {@code missing_reference} (no reference row in the group: the
 * drift columns are null) with a reference condition, or {@code missing_data} (no current row).
 * Conventions: 0 ln 0 = 0; nats unless the unit says bits. Source: the calibration identity E[−ln
 * q(Y)] = H(q) for Y ~ q, and the decomposition of the log score (Bröcker, QJRMS 135 (2009) 1512).
 */
public final class LabelFreeReport {
  /** Rows of the reference condition. */
  public static final String N_REFERENCE = "n_reference";

  /** Q̄ as a map from label to probability. */
  public static final String MEAN_PREDICTION = "mean_prediction";

  /** H(Q̄) (a quantity: {@code ..._U}). */
  public static final String MEAN_PREDICTION_ENTROPY = "mean_prediction_entropy";

  /** KL(Q̄ ‖ Q̄_reference) (a quantity: {@code ..._U}). */
  public static final String PREDICTION_KL_DIVERGENCE = "prediction_kl_divergence";

  /** expected_nll − the reference rows' expected_nll (a quantity: {@code ..._U}). */
  public static final String EXPECTED_NLL_CHANGE = "expected_nll_change";

  private LabelFreeReport() {}

  /**
   * Builds the report (lazy but for the checks of the columns).
   *
   * @param predictions the prediction rows
   * @param spec the groups, the probability column, the labels, the model id and the unit (its
   *     label column is not read)
   * @param current the current rows' condition, or null for every row not in the reference
   * @param reference the reference rows' condition, or null for no reference
   * @return one row per group, sorted by the group columns (nulls first)
   * @throws KlsparkException if a column is missing or mistyped or the labels are empty or
   *     repeated; when computed, a row's distribution that fails a check of {@link
   *     ProbabilityColumn} (a row check)
   */
  public static Dataset<Row> build(
      Dataset<Row> predictions, PredictionReport.Spec spec, Column current, Column reference) {
    int k = spec.labels().size();
    if (k == 0 || spec.labels().stream().distinct().count() != k) {
      throw new KlsparkException(
          "labels " + spec.labels() + " must be non-empty and distinct; expected the label order");
    }
    InputColumns columns = new InputColumns(predictions.schema(), "predictions");
    PredictionReport.Groups groups = PredictionReport.Groups.of(columns, spec.groupBy());
    List<String> groupNames = groups.names();
    List<Column> select = new ArrayList<>(groups.select());
    List<String> groupLabels = groups.labels();
    List<Column> groupValues = groups.values();
    Column isReference = reference == null ? lit(false) : functions.coalesce(reference, lit(false));
    Column isCurrent =
        current == null ? functions.not(isReference) : functions.coalesce(current, lit(false));
    select.add(isCurrent.as("__cur"));
    select.add(isReference.as("__ref"));
    select.add(
        ProbabilityColumn.of(
                predictions,
                columns,
                spec.probabilityColumn(),
                spec.labels(),
                spec.normalization(),
                ProbabilityColumn.describeGroup(groupLabels, groupValues))
            .as("__p"));
    Dataset<Row> rows =
        predictions
            .select(select.toArray(new Column[0]))
            .where(col("__cur").or(col("__ref")))
            .withColumn("__h", entropy(col("__p")))
            .withColumn("__m2", secondMoment(col("__p")));

    List<Column> aggs = new ArrayList<>();
    aggs.add(sum(when(col("__cur"), lit(1L)).otherwise(lit(0L))).as("__n"));
    aggs.add(sum(when(col("__cur"), col("__h"))).as("__sh"));
    aggs.add(
        sum(when(col("__cur"), col("__m2").minus(col("__h").multiply(col("__h"))))).as("__sv"));
    aggs.add(sum(when(col("__ref"), lit(1L)).otherwise(lit(0L))).as("__nr"));
    aggs.add(sum(when(col("__ref"), col("__h"))).as("__shr"));
    for (int j = 0; j < k; j++) {
      Column pj = functions.element_at(col("__p"), j + 1);
      aggs.add(sum(when(col("__cur"), pj)).as("__c" + j));
      aggs.add(sum(when(col("__ref"), pj)).as("__r" + j));
    }
    Column[] groupCols = groupNames.stream().map(functions::col).toArray(Column[]::new);
    Dataset<Row> byGroup =
        groupCols.length == 0
            ? rows.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]))
            : rows.groupBy(groupCols)
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));

    Column n = col("__n").cast("double");
    Column nr = col("__nr").cast("double");
    Column has = col("__n").gt(0);
    Column hasRef = col("__nr").gt(0);
    List<Column> meanCur = new ArrayList<>();
    List<Column> meanRef = new ArrayList<>();
    List<Column> mapEntries = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      Column c = col("__c" + j).divide(when(has, n));
      meanCur.add(c);
      meanRef.add(col("__r" + j).divide(when(hasRef, nr)));
      mapEntries.add(lit(spec.labels().get(j)));
      mapEntries.add(c);
    }
    Column qbar = functions.array(meanCur.toArray(new Column[0]));
    Column rbar = functions.array(meanRef.toArray(new Column[0]));
    LogBase unit = spec.unit();
    double perNat = unit.fromNats(1.0);
    List<Column> out = new ArrayList<>();
    out.addAll(groups.restored());
    out.add(lit(spec.modelId()).as(ReportColumns.MODEL_ID));
    out.add(col("__n").as(ReportColumns.N));
    Column expected = when(has, col("__sh").divide(n));
    out.add(expected.multiply(perNat).as(inUnit(PredictionReport.EXPECTED_NLL, unit)));
    out.add(
        when(has, functions.sqrt(functions.greatest(lit(0.0), col("__sv"))).divide(n))
            .multiply(perNat)
            .as(inUnit(PredictionReport.EXPECTED_NLL_SD, unit)));
    out.add(when(has, functions.map(mapEntries.toArray(new Column[0]))).as(MEAN_PREDICTION));
    out.add(when(has, entropy(qbar)).multiply(perNat).as(inUnit(MEAN_PREDICTION_ENTROPY, unit)));
    if (reference != null) {
      Column both = has.and(hasRef);
      out.add(col("__nr").as(N_REFERENCE));
      out.add(
          when(both, klDivergence(qbar, rbar))
              .multiply(perNat)
              .as(inUnit(PREDICTION_KL_DIVERGENCE, unit)));
      out.add(
          when(both, expected.minus(col("__shr").divide(nr)))
              .multiply(perNat)
              .as(inUnit(EXPECTED_NLL_CHANGE, unit)));
    }
    Column status =
        when(
            functions.not(has),
            lit(dev.klspark.spark.engine.GroupComparison.Status.MISSING_DATA.label()));
    if (reference != null) {
      status = status.when(functions.not(hasRef), lit("missing_reference"));
    }
    out.add(status.otherwise(lit(ReportColumns.OK)).as(ReportColumns.STATUS));
    return groups.sorted(byGroup.select(out.toArray(new Column[0])));
  }

  /** −Σ q ln q over an array, 0 ln 0 = 0, natively. */
  static Column entropy(Column q) {
    return functions.aggregate(
        q,
        lit(0.0),
        (acc, x) -> acc.minus(when(x.gt(0.0), x.multiply(functions.log(x))).otherwise(0.0)));
  }

  /** Σ q (ln q)² over an array, 0 ln 0 = 0, natively. */
  static Column secondMoment(Column q) {
    return functions.aggregate(
        q,
        lit(0.0),
        (acc, x) ->
            acc.plus(
                when(x.gt(0.0), x.multiply(functions.pow(functions.log(x), 2.0))).otherwise(0.0)));
  }

  /** Σ p ln(p/q) over two arrays of one length: 0 where p = 0, +∞ where p > 0 = q. */
  static Column klDivergence(Column p, Column q) {
    Column terms =
        functions.zip_with(
            p,
            q,
            (x, y) ->
                when(x.leq(0.0), lit(0.0))
                    .when(y.leq(0.0), lit(Double.POSITIVE_INFINITY))
                    .otherwise(x.multiply(functions.log(x.divide(y)))));
    return functions.aggregate(terms, lit(0.0), (acc, t) -> acc.plus(t));
  }
}

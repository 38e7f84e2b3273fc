package dev.klspark.klreport;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.klspark.KlsparkException;
import dev.klspark.math.KolmogorovSmirnov;
import dev.klspark.math.LogBase;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.engine.GroupColumns;
import dev.klspark.spark.engine.PValueAdjustment;
import dev.klspark.spark.engine.ReportColumns;
import dev.klspark.spark.engine.ReportPlans;
import dev.klspark.spark.engine.ValueStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * kl-report without buckets ({@code --value COL}): per group, the current rows' values (P, {@code
 * --filter}) against the reference rows' values (Q, {@code --reference-filter}) of one numeric
 * column, compared as they are: the two-sample Kolmogorov–Smirnov test, the Wasserstein-1 distance
 * and the k-nearest-neighbour estimate of KL(P ‖ Q) ({@link dev.klspark.math.TwoSampleStream}).
 *
 * <p>Data flow: one scan; each row that passes a filter becomes (group, value, side), a row that
 * passes both becomes two; one shuffle by group and one sort by value ({@link ValueStream}); one
 * row per group; Benjamini–Hochberg over the groups' KS p-values.
 *
 * <p>Columns: the group columns; {@code n}, {@code n_reference} (finite values on each side);
 * {@code null_count}, {@code non_finite_count} (rows of either side whose value is null, or NaN or
 * ±Infinity: excluded and counted); {@code ks_statistic} (D = sup |F_P − F_Q|), {@code
 * ks_statistic_ci_low} (lower confidence bound of the distance between the two distributions,
 * {@link KolmogorovSmirnov#lowerBound}), {@code ks_p_value} (two-sided, as scipy {@code ks_2samp}),
 * {@code p_value_adjusted} (Benjamini–Hochberg over the ok groups' KS p-values), {@code
 * wasserstein_distance} (W₁ in the column's unit), {@code kl_divergence_knn_U} (k-NN KL(P ‖ Q) in
 * nats or bits), {@code status}, {@code message}.
 *
 * <p>Statuses: {@code missing_data} (no finite current value), {@code missing_model} (no finite
 * reference value), {@code insufficient_data} (fewer than k + 1 values on a side: the k-NN estimate
 * needs them; the KS columns are still filled, but the group is not in the Benjamini–Hochberg
 * family), {@code ok} (the message then says why the k-NN KL is null when it is: too few distinct
 * values for the tie rule).
 */
public final class ContinuousReport {
  /** Report columns other than the group columns; group columns may not use these names. */
  public static final Set<String> RESERVED =
      Set.of(
          "n",
          "n_reference",
          "null_count",
          "non_finite_count",
          "ks_statistic",
          "ks_statistic_ci_low",
          "ks_p_value",
          "p_value_adjusted",
          "wasserstein_distance",
          "status",
          "message");

  private static final String VALUE = "__v";
  private static final String CURRENT = "__current";
  private static final String R = ValueStream.RESULT_COLUMN;

  private ContinuousReport() {}

  /**
   * What to compare.
   *
   * @param groupBy group columns
   * @param value the numeric column
   * @param filter the current rows (Spark SQL condition), or null for all rows
   * @param referenceFilter the reference rows (Spark SQL condition)
   * @param k the neighbour rank of the k-NN KL, ≥ 1
   * @param unit the unit of the KL column
   * @param confidenceLevel the level of {@code ks_statistic_ci_low}, in (0, 1)
   */
  public record Spec(
      List<String> groupBy,
      String value,
      String filter,
      String referenceFilter,
      int k,
      LogBase unit,
      double confidenceLevel) {
    public Spec {
      groupBy = List.copyOf(groupBy);
    }
  }

  /**
   * Builds the report (lazy).
   *
   * @return one row per group, in no particular order
   * @throws KlsparkException if a column is missing, the value column is not numeric or is a group
   *     column, a group column clashes with a report column, or a filter is not a valid condition
   */
  public static Dataset<Row> build(Dataset<Row> input, Spec spec) {
    InputColumns columns = new InputColumns(input.schema(), "input");
    GroupColumns groups = GroupColumns.resolve(columns, spec.groupBy(), RESERVED);
    StructField vf = columns.field(spec.value(), "--value column");
    if (!InputColumns.isNumeric(vf.dataType())) {
      throw InputColumns.wrongType(
          vf, "--value column", "expected a numeric type (or use --category for categories)");
    }
    for (StructField g : groups.fields()) {
      if (g.name().equals(vf.name())) {
        throw new KlsparkException(
            "--value '"
                + vf.name()
                + "' is also a --group-by column: every group would hold one value; choose a"
                + " value that varies within the groups");
      }
    }
    Column current = ReportPlans.condition(input, spec.filter(), "--filter");
    Column reference = ReportPlans.condition(input, spec.referenceFilter(), "--reference-filter");
    List<Column> select = new ArrayList<>(groups.fromInput());
    select.add(InputColumns.column(vf.name()).cast("double").as(VALUE));
    // One scan: a row's sides as an array (current, reference, both or none), exploded.
    select.add(ValueStream.sides(current, reference).as(CURRENT));
    Dataset<Row> rows = ReportPlans.analyzed(() -> input.select(select.toArray(new Column[0])));
    Dataset<Row> perGroup = ValueStream.compare(rows, groups.names(), VALUE, CURRENT, spec.k());

    Column n = col(R + ".n");
    Column m = col(R + ".n_reference");
    int min = spec.k() + 1;
    Column status =
        when(n.equalTo(0), lit("missing_data"))
            .when(m.equalTo(0), lit("missing_model"))
            .when(n.lt(min).or(m.lt(min)), lit("insufficient_data"))
            .otherwise(lit(ReportColumns.OK));
    Column message =
        when(
                n.equalTo(0),
                functions.format_string(
                    "no finite current value in this group (%s null, %s NaN or infinite)",
                    col(R + ".null_count"), col(R + ".non_finite_count")))
            .when(
                m.equalTo(0),
                functions.format_string(
                    "no finite reference value in this group (%s null, %s NaN or infinite)",
                    col(R + ".null_count_reference"), col(R + ".non_finite_count_reference")))
            .when(
                n.lt(min).or(m.lt(min)),
                functions.format_string(
                    "%s current and %s reference values; the k-NN estimate needs at least k + 1 ="
                        + " %s on each side",
                    n, m, lit(min)))
            .otherwise(col(R + ".knn_problem"));
    String u = spec.unit().suffix();
    List<Column> out = new ArrayList<>();
    for (int i = 0; i < groups.fields().size(); i++) {
      out.add(col(groups.names().get(i)).as(groups.fields().get(i).name()));
    }
    out.add(n.as("n"));
    out.add(m.as("n_reference"));
    out.add(col(R + ".null_count").plus(col(R + ".null_count_reference")).as("null_count"));
    out.add(
        col(R + ".non_finite_count")
            .plus(col(R + ".non_finite_count_reference"))
            .as("non_finite_count"));
    Column d = col(R + ".ks_statistic");
    out.add(d.as("ks_statistic"));
    out.add(
        when(d.isNotNull(), LOWER_BOUND.apply(d, n, m, lit(spec.confidenceLevel())))
            .as("ks_statistic_ci_low"));
    out.add(col(R + ".ks_p_value").as("ks_p_value"));
    out.add(col(R + ".wasserstein_distance").as("wasserstein_distance"));
    out.add(
        col(R + ".kl_divergence_knn")
            .multiply(spec.unit().fromNats(1.0))
            .as(ReportColumns.inUnit("kl_divergence_knn", spec.unit())));
    out.add(status.as("status"));
    out.add(message.as("message"));
    out.add(when(status.equalTo(ReportColumns.OK), col(R + ".ks_p_value")).as("__tested_p"));
    Dataset<Row> report = perGroup.select(out.toArray(new Column[0]));
    Dataset<Row> adjusted =
        PValueAdjustment.benjaminiHochberg(report, "__tested_p", ReportColumns.P_VALUE_ADJUSTED);
    List<Column> ordered = new ArrayList<>();
    for (String c : report.columns()) {
      if (c.equals("__tested_p")) {
        continue;
      }
      ordered.add(col(InputColumns.quote(c)));
      if (c.equals("ks_p_value")) {
        ordered.add(col(ReportColumns.P_VALUE_ADJUSTED));
      }
    }
    return adjusted.select(ordered.toArray(new Column[0]));
  }

  private static final UserDefinedFunction LOWER_BOUND =
      functions
          .udf(
              (UDF4<Double, Long, Long, Double, Double>)
                  (d, n, m, level) -> KolmogorovSmirnov.lowerBound(d, n, m, level),
              DataTypes.DoubleType)
          .withName("klspark_ks_lower_bound");
}

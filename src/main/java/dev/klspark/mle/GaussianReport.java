package dev.klspark.mle;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.klspark.KlsparkException;
import dev.klspark.math.ContinuousSamples;
import dev.klspark.math.GaussianFamily;
import dev.klspark.math.LogBase;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.engine.ReportColumns;
import dev.klspark.spark.engine.ReportPlans;
import dev.klspark.spark.engine.ValueStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The Gaussian counterpart of {@link dev.klspark.mle.MleReport} for a numeric column: per group,
 * the maximum-likelihood fit N̂ = N(m, s²) (mean, biased variance) of the evaluated rows and a
 * model N(μ, σ²), with
 *
 * <ul>
 *   <li>{@code mean_nll_U}: the mean of {@link GaussianFamily#negLogDensity} over the rows (each
 *       row joined with its group's model, broadcast);
 *   <li>{@code differential_entropy_U}: the differential entropy h(N̂) = ½ ln(2πe s²) (of a
 *       density: it may be negative, and is not the entropy of the categorical reports);
 *   <li>{@code kl_divergence_U}: KL(N̂ ‖ N(μ, σ²)) in closed form;
 *   <li>{@code identity_residual_U} = |mean_nll − differential_entropy − kl_divergence|, which is 0
 *       up to rounding for every Gaussian model (see {@link GaussianFamily});
 *   <li>{@code differential_entropy_nonparametric_U}: ĥ(P), the Kozachenko–Leonenko k-nearest-
 *       neighbour estimate of the differential entropy of the evaluated values themselves, not of
 *       their Gaussian fit ({@link dev.klspark.math.EntropyStream}: bias-corrected by its digamma
 *       terms, root-n consistent in one dimension; the finite values only, k = {@link Spec#knnK});
 *   <li>{@code kl_divergence_nonparametric_U} = mean_nll − ĥ(P): the KL divergence of the data's
 *       own density from the model (the continuous MLE identity mean NLL = h(P) + KL(P ‖ Q));
 *   <li>{@code negentropy_U} = h(N̂) − ĥ(P): what the data's shape adds beyond its first two
 *       moments (≥ 0 for the true densities, since the Gaussian has the largest entropy of a given
 *       variance; an estimate may be slightly negative for Gaussian data), so that {@code
 *       kl_divergence_nonparametric = kl_divergence + negentropy}: the moments' mismatch plus the
 *       shape's. A bimodal group whose mean and variance match the model has kl_divergence ≈ 0 and
 *       a large negentropy.
 * </ul>
 *
 * <p>The nonparametric columns cost one more shuffle of the evaluated rows, by group, and a sort by
 * value within the group ({@link ValueStream}). They are null when the estimate is undefined (fewer
 * than k + 1 distinct values; the message says so).
 *
 * <p>Why Kozachenko–Leonenko and not the m-spacing estimators of scipy {@code
 * differential_entropy}: its digamma terms remove the bias for any sample size, it needs memory for
 * 2k + 1 values where an m-spacing window needs √n, and it shares its neighbour rule (and its
 * treatment of repeated values) with the k-NN KL of kl-report. Other model families (log-normal,
 * exponential) are not offered: their closed forms would need a second per-row transform and a
 * model table of their own, for a gap the nonparametric columns already measure against any
 * Gaussian model.
 *
 * <p>Every formula is in {@link GaussianFamily}; this class only aggregates. Statuses: {@code ok};
 * {@code missing_model} (rows but no model for the group); {@code missing_data} (no non-null
 * value); {@code insufficient_data} (s = 0: every value equal, h = −∞ and KL = +∞); {@code fail} (a
 * model with σ ≤ 0, or a non-finite μ or σ).
 */
public final class GaussianReport {
  private GaussianReport() {}

  /** Where the Gaussian model of each group comes from. */
  public sealed interface Model permits Table, Constant, Reference {}

  /**
   * A table with the group columns and {@code mu}, {@code sigma} (one row per group; no group
   * columns: one model for every group).
   */
  public record Table(Dataset<Row> table) implements Model {}

  /** The same N(mu, sigma²) for every group. */
  public record Constant(double mu, double sigma) implements Model {}

  /**
   * The per-group maximum-likelihood fit (mean, biased standard deviation) of the rows matching
   * {@code filter}.
   */
  public record Reference(String filter) implements Model {}

  /**
   * What to evaluate.
   *
   * @param groupBy group columns
   * @param column the numeric column
   * @param filter the evaluated rows (Spark SQL), or null for all
   * @param model the model per group
   * @param modelId the {@code model_id} column's value
   * @param unit the unit of the information quantities
   */
  public record Spec(
      List<String> groupBy,
      String column,
      String filter,
      Model model,
      String modelId,
      LogBase unit,
      int knnK) {
    public Spec {
      groupBy = List.copyOf(groupBy);
    }

    /** A spec with the default neighbour rank of the entropy estimate. */
    public Spec(
        List<String> groupBy,
        String column,
        String filter,
        Model model,
        String modelId,
        LogBase unit) {
      this(groupBy, column, filter, model, modelId, unit, ContinuousSamples.DEFAULT_K);
    }
  }

  /**
   * Builds the report (lazy).
   *
   * @throws KlsparkException if a column is missing or not numeric, or a filter is invalid
   */
  public static Dataset<Row> build(Dataset<Row> input, Spec spec) {
    InputColumns columns = new InputColumns(input.schema(), "input");
    StructField xf = columns.field(spec.column(), "Gaussian column");
    if (!InputColumns.isNumeric(xf.dataType())) {
      throw InputColumns.wrongType(xf, "Gaussian column", "expected a numeric type");
    }
    List<StructField> groupFields = new ArrayList<>();
    List<String> groupNames = new ArrayList<>();
    List<Column> select = new ArrayList<>();
    for (String g : spec.groupBy()) {
      StructField f = columns.field(g, "group column");
      groupFields.add(f);
      String internal = "__g" + groupNames.size();
      groupNames.add(internal);
      select.add(InputColumns.column(f.name()).as(internal));
    }
    List<Column> groupCols = groupNames.stream().map(functions::col).toList();
    select.add(InputColumns.column(xf.name()).cast("double").as("__x"));
    Column evaluated = ReportPlans.condition(input, spec.filter(), "--filter");
    Dataset<Row> rows =
        ReportPlans.analyzed(() -> input.where(evaluated).select(select.toArray(new Column[0])));

    Dataset<Row> model = model(input, spec, columns, groupFields, groupNames, select);
    Dataset<Row> joined;
    if (model == null) {
      Constant c = (Constant) spec.model();
      joined = rows.withColumn("__mu", lit(c.mu())).withColumn("__sigma", lit(c.sigma()));
    } else {
      List<Column> renamed = new ArrayList<>();
      for (String g : groupNames) {
        renamed.add(col(g).as("__r" + g));
      }
      renamed.add(col("__mu"));
      renamed.add(col("__sigma"));
      Column on = lit(true);
      for (String g : groupNames) {
        on = on.and(col(g).eqNullSafe(col("__r" + g)));
      }
      joined =
          rows.join(functions.broadcast(model.select(renamed.toArray(new Column[0]))), on, "left");
    }
    Column x = col("__x");
    Column valid = validModel(col("__mu"), col("__sigma"));
    Dataset<Row> agg =
        joined
            .withColumn(
                "__nll",
                when(
                    x.isNotNull().and(valid),
                    NEG_LOG_DENSITY.apply(x, col("__mu"), col("__sigma"))))
            .groupBy(groupCols.toArray(new Column[0]))
            .agg(
                count(x).as("__n"),
                sum(when(x.isNull(), lit(1L)).otherwise(lit(0L))).as("__nulls"),
                avg(x).as("__m"),
                functions.var_pop(x).as("__var"),
                sum(col("__nll")).as("__nll_sum"),
                first(col("__mu"), true).as("__mu"),
                first(col("__sigma"), true).as("__sigma"));

    // The nonparametric side: the Kozachenko-Leonenko entropy of each group's evaluated values,
    // from one more shuffle of the rows by group and a sort by value (ValueStream), joined to the
    // per-group aggregates (one row per group on each side).
    Dataset<Row> knn =
        ValueStream.entropy(rows, groupNames, "__x", spec.knnK())
            .select(
                concat(
                    renamed(groupNames, "__e"),
                    col(ValueStream.RESULT_COLUMN + ".entropy_knn").as("__h_np"),
                    col(ValueStream.RESULT_COLUMN + ".entropy_problem").as("__h_np_problem")));
    Column sameGroup = lit(true);
    for (String g : groupNames) {
      sameGroup = sameGroup.and(col(g).eqNullSafe(col("__e" + g)));
    }
    agg = agg.join(knn, sameGroup, "left");

    String u = spec.unit().suffix();
    double perNat = spec.unit().fromNats(1.0);
    Column n = col("__n");
    Column s = functions.sqrt(col("__var"));
    Column hasModel = col("__mu").isNotNull().or(col("__sigma").isNotNull());
    Column status =
        when(n.equalTo(0), lit("missing_data"))
            .when(functions.not(hasModel), lit("missing_model"))
            .when(functions.not(validModel(col("__mu"), col("__sigma"))), lit("fail"))
            .when(col("__var").equalTo(0.0), lit("insufficient_data"))
            .otherwise(lit("ok"));
    Column message =
        when(n.equalTo(0), lit("no non-null value in the evaluated rows of this group"))
            .when(functions.not(hasModel), lit("no model for this group"))
            .when(
                functions.not(validModel(col("__mu"), col("__sigma"))),
                functions.format_string(
                    "model N(mu=%s, sigma=%s) is invalid; expected a finite mu and a finite sigma > 0",
                    col("__mu").cast("string"), col("__sigma").cast("string")))
            .when(
                col("__var").equalTo(0.0),
                lit(
                    "every value is equal: the fit has sigma_hat = 0, differential entropy -inf"
                        + " and KL +inf"));
    Column ok = status.equalTo("ok");
    Column meanNll = when(ok, col("__nll_sum").divide(when(ok, n.cast("double"))));
    Column h = when(ok, DIFFERENTIAL_ENTROPY.apply(s));
    Column kl = when(ok, KL.apply(col("__m"), s, col("__mu"), col("__sigma")));
    List<Column> out = new ArrayList<>();
    for (int i = 0; i < groupFields.size(); i++) {
      out.add(col(groupNames.get(i)).as(groupFields.get(i).name()));
    }
    out.add(lit(spec.modelId()).as(ReportColumns.MODEL_ID));
    out.add(n.as("n"));
    out.add(col("__nulls").as("null_count"));
    out.add(col("__m").as("mean"));
    out.add(s.as("sigma_hat"));
    out.add(col("__mu").as("model_mu"));
    out.add(col("__sigma").as("model_sigma"));
    out.add(meanNll.multiply(perNat).as("mean_nll_" + u));
    out.add(h.multiply(perNat).as("differential_entropy_" + u));
    out.add(kl.multiply(perNat).as("kl_divergence_" + u));
    out.add(abs(meanNll.minus(h).minus(kl)).multiply(perNat).as("identity_residual_" + u));
    Column hNp = when(ok, col("__h_np"));
    out.add(hNp.multiply(perNat).as("differential_entropy_nonparametric_" + u));
    out.add(meanNll.minus(hNp).multiply(perNat).as("kl_divergence_nonparametric_" + u));
    out.add(h.minus(hNp).multiply(perNat).as("negentropy_" + u));
    out.add(status.as("status"));
    out.add(functions.coalesce(message, when(ok, col("__h_np_problem"))).as("message"));
    Dataset<Row> report = agg.select(out.toArray(new Column[0]));
    Column[] order =
        groupFields.stream()
            .map(f -> InputColumns.column(f.name()).asc_nulls_first())
            .toArray(Column[]::new);
    return order.length == 0 ? report : report.orderBy(order);
  }

  private static List<Column> renamed(List<String> names, String prefix) {
    List<Column> out = new ArrayList<>();
    for (String g : names) {
      out.add(col(g).as(prefix + g));
    }
    return out;
  }

  private static Column[] concat(List<Column> head, Column... tail) {
    List<Column> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all.toArray(new Column[0]);
  }

  private static Column validModel(Column mu, Column sigma) {
    Column inf = lit(Double.POSITIVE_INFINITY);
    return mu.isNotNull()
        .and(sigma.isNotNull())
        .and(functions.not(functions.isnan(mu)))
        .and(abs(mu).lt(inf))
        .and(sigma.gt(0.0))
        .and(sigma.lt(inf));
  }

  /** The model as (groups..., __mu, __sigma), or null for a constant model. */
  private static Dataset<Row> model(
      Dataset<Row> input,
      Spec spec,
      InputColumns columns,
      List<StructField> groupFields,
      List<String> groupNames,
      List<Column> select) {
    if (spec.model() instanceof Constant) {
      return null;
    }
    if (spec.model() instanceof Reference ref) {
      Column cond = ReportPlans.condition(input, ref.filter(), "--reference-filter");
      List<Column> groupCols = groupNames.stream().map(functions::col).toList();
      List<Column> aggs = new ArrayList<>();
      aggs.add(functions.stddev_pop(col("__x")).as("__sigma"));
      Dataset<Row> refRows =
          ReportPlans.analyzed(() -> input.where(cond).select(select.toArray(new Column[0])));
      return refRows
          .where(col("__x").isNotNull())
          .groupBy(groupCols.toArray(new Column[0]))
          .agg(avg(col("__x")).as("__mu"), aggs.toArray(new Column[0]));
    }
    Dataset<Row> table = ((Table) spec.model()).table();
    InputColumns tc = new InputColumns(table.schema(), "Gaussian model table");
    List<Column> sel = new ArrayList<>();
    for (int i = 0; i < groupFields.size(); i++) {
      StructField f = tc.field(groupFields.get(i).name(), "group column");
      sel.add(
          InputColumns.column(f.name()).cast(groupFields.get(i).dataType()).as(groupNames.get(i)));
    }
    for (String c : List.of("mu", "sigma")) {
      StructField f = tc.field(c, "column");
      if (!InputColumns.isNumeric(f.dataType())) {
        throw InputColumns.wrongType(f, "Gaussian model table column", "expected a numeric type");
      }
      sel.add(InputColumns.column(f.name()).cast("double").as("__" + c));
    }
    return table.select(sel.toArray(new Column[0]));
  }

  private static final UserDefinedFunction NEG_LOG_DENSITY =
      functions
          .udf(
              (UDF3<Double, Double, Double, Double>) GaussianFamily::negLogDensity,
              DataTypes.DoubleType)
          .withName("klspark_gaussian_neg_log_density");

  private static final UserDefinedFunction DIFFERENTIAL_ENTROPY =
      functions
          .udf((UDF1<Double, Double>) GaussianFamily::differentialEntropy, DataTypes.DoubleType)
          .withName("klspark_gaussian_differential_entropy");

  private static final UserDefinedFunction KL =
      functions
          .udf(
              (UDF4<Double, Double, Double, Double, Double>) GaussianFamily::klDivergence,
              DataTypes.DoubleType)
          .withName("klspark_gaussian_kl");
}

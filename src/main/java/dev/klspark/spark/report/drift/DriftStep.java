package dev.klspark.spark.report.drift;

import dev.klspark.spark.report.GroupComparison;
import dev.klspark.spark.report.GroupStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@link DriftComparison} as the per-group step of {@link GroupStream}: a (column, group)'s cells
 * (observed = the current count, model = the reference count) in, the metrics as a struct out, and
 * the struct back as a {@link DriftComparison.Result} on the driver. The stream hands the cells
 * over sorted by rank (a bucket's index: buckets in bucket order, so the stored shares read left to
 * right), then category (categorical columns: by value).
 */
final class DriftStep implements GroupStream.Step {
  private static final long serialVersionUID = 1L;

  /** The metrics' struct, its fields named as the history's columns (without the unit). */
  static final StructType RESULT =
      new StructType()
          .add("n_current", DataTypes.DoubleType, false)
          .add("n_reference", DataTypes.DoubleType, false)
          .add("null_current", DataTypes.DoubleType, false)
          .add("null_reference", DataTypes.DoubleType, false)
          .add("k_categories", DataTypes.IntegerType, false)
          .add("new_categories", DataTypes.IntegerType, false)
          .add("categories", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("current_share", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add("reference_share", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add("kl_divergence", DataTypes.DoubleType, true)
          .add("reverse_kl_divergence", DataTypes.DoubleType, true)
          .add("js_divergence", DataTypes.DoubleType, true)
          .add("psi", DataTypes.DoubleType, true)
          .add("hellinger_distance", DataTypes.DoubleType, true)
          .add("total_variation_distance", DataTypes.DoubleType, true)
          .add("g_statistic", DataTypes.DoubleType, true)
          .add("degrees_of_freedom", DataTypes.IntegerType, true)
          .add("p_value", DataTypes.DoubleType, true)
          .add("kl_divergence_bias_corrected", DataTypes.DoubleType, true)
          .add("kl_divergence_ci_low", DataTypes.DoubleType, true)
          .add("kl_divergence_ci_high", DataTypes.DoubleType, true)
          .add("status", DataTypes.StringType, true)
          .add("message", DataTypes.StringType, true);

  private final DriftComparison comparison;

  DriftStep(DriftComparison comparison) {
    this.comparison = comparison;
  }

  @Override
  public StructType resultType() {
    return RESULT;
  }

  @Override
  public Row compute(List<GroupComparison.Cell> cells, String group) {
    List<DriftComparison.Cell> list = new ArrayList<>(cells.size());
    for (GroupComparison.Cell c : cells) {
      // The reference count is a sum of indicators, never null; 0 when only the current side has
      // the category.
      list.add(
          new DriftComparison.Cell(c.category(), c.observed(), c.model() == null ? 0 : c.model()));
    }
    DriftComparison.Result m = comparison.compute(list);
    return RowFactory.create(
        m.nCurrent(),
        m.nReference(),
        m.nullCurrent(),
        m.nullReference(),
        m.categories(),
        m.newCategories(),
        m.labels().toArray(new String[0]),
        m.currentShare(),
        m.referenceShare(),
        m.klDivergence(),
        m.reverseKlDivergence(),
        m.jsDivergence(),
        m.psi(),
        m.hellingerDistance(),
        m.totalVariationDistance(),
        m.gStatistic(),
        m.degreesOfFreedom(),
        m.pValue(),
        m.klDivergenceBiasCorrected(),
        m.klDivergenceCiLow(),
        m.klDivergenceCiHigh(),
        m.status() == null ? null : m.status().label(),
        m.message());
  }

  /** The struct back as a {@link DriftComparison.Result} (on the driver, after collect). */
  static DriftComparison.Result result(Row r) {
    List<String> labels = r.getList(6);
    List<Double> cur = r.getList(7);
    List<Double> ref = r.getList(8);
    return new DriftComparison.Result(
        r.getDouble(0),
        r.getDouble(1),
        r.getDouble(2),
        r.getDouble(3),
        r.getInt(4),
        r.getInt(5),
        new ArrayList<>(labels),
        cur.stream().mapToDouble(Double::doubleValue).toArray(),
        ref.stream().mapToDouble(Double::doubleValue).toArray(),
        nullable(r, 9),
        nullable(r, 10),
        nullable(r, 11),
        nullable(r, 12),
        nullable(r, 13),
        nullable(r, 14),
        nullable(r, 15),
        r.isNullAt(16) ? null : r.getInt(16),
        nullable(r, 17),
        nullable(r, 18),
        nullable(r, 19),
        nullable(r, 20),
        r.isNullAt(21) ? null : DriftStatus.of(r.getString(21)),
        r.isNullAt(22) ? null : r.getString(22));
  }

  private static Double nullable(Row r, int i) {
    return r.isNullAt(i) ? null : r.getDouble(i);
  }
}

package dev.klspark.spark.report.drift;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.Iterator;
import scala.collection.Seq;

/**
 * The Spark binding of {@link DriftComparison}: a (column, group)'s cells {@code struct<category
 * string, current double, reference double>} and the column name in, the metrics as a struct out.
 * Bucket categories are put in bucket order (the labels' order) so that the stored shares read left
 * to right; categorical ones stay sorted by value. Scala types stop here.
 */
final class DriftComparisonUdf implements UDF2<Seq<Row>, String, Row> {
  private static final long serialVersionUID = 1L;

  static final StructType RESULT =
      new StructType()
          .add("n_current", DataTypes.DoubleType, false)
          .add("n_reference", DataTypes.DoubleType, false)
          .add("null_current", DataTypes.DoubleType, false)
          .add("null_reference", DataTypes.DoubleType, false)
          .add("k", DataTypes.IntegerType, false)
          .add("new_categories", DataTypes.IntegerType, false)
          .add("labels", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("current_share", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add("reference_share", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add("kl", DataTypes.DoubleType, true)
          .add("reverse_kl", DataTypes.DoubleType, true)
          .add("js", DataTypes.DoubleType, true)
          .add("psi", DataTypes.DoubleType, true)
          .add("hellinger_distance", DataTypes.DoubleType, true)
          .add("total_variation_distance", DataTypes.DoubleType, true)
          .add("g", DataTypes.DoubleType, true)
          .add("df", DataTypes.IntegerType, true)
          .add("p", DataTypes.DoubleType, true)
          .add("kl_bc", DataTypes.DoubleType, true)
          .add("kl_ci_low", DataTypes.DoubleType, true)
          .add("kl_ci_high", DataTypes.DoubleType, true)
          .add("status", DataTypes.StringType, true)
          .add("message", DataTypes.StringType, true);

  private final DriftComparison comparison;
  private final Map<String, List<String>> order;

  private DriftComparisonUdf(DriftComparison comparison, Map<String, List<String>> order) {
    this.comparison = comparison;
    this.order = new HashMap<>(order);
  }

  static UserDefinedFunction udf(DriftComparison comparison, Map<String, List<String>> order) {
    return functions
        .udf(new DriftComparisonUdf(comparison, order), RESULT)
        .withName("klspark_drift_comparison");
  }

  @Override
  public Row call(Seq<Row> cells, String column) {
    List<DriftComparison.Cell> list = new ArrayList<>(cells.size());
    Iterator<Row> it = cells.iterator();
    while (it.hasNext()) {
      Row r = it.next();
      list.add(
          new DriftComparison.Cell(
              r.isNullAt(0) ? null : r.getString(0), r.getDouble(1), r.getDouble(2)));
    }
    List<String> labels = order.get(column);
    if (labels != null) {
      list.sort(
          Comparator.comparingInt(
              c -> c.category() == null ? Integer.MAX_VALUE : labels.indexOf(c.category())));
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

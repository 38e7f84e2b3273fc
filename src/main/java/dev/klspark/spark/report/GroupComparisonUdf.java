package dev.klspark.spark.report;

import dev.klspark.math.DivergenceProfile;
import dev.klspark.math.LogBase;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.Iterator;
import scala.collection.Seq;

/**
 * The Spark binding of {@link GroupComparison}: takes a group's sorted array of cells {@code
 * struct<category string, observed double, model double, in_support boolean>} and returns the
 * report fields as a struct. Scala types stop here.
 */
final class GroupComparisonUdf implements UDF1<Seq<Row>, Row> {
  private static final long serialVersionUID = 1L;

  /** Information quantities, in the report's column order (without the unit suffix). */
  static final List<String> INFORMATION_FIELDS =
      List.of(
          "entropy",
          "cross_entropy",
          "kl_divergence",
          "reverse_kl_divergence",
          "js_divergence");

  static final StructType RESULT =
      new StructType()
          .add("n", DataTypes.DoubleType, false)
          .add("null_count", DataTypes.DoubleType, false)
          .add("k_observed", DataTypes.IntegerType, true)
          .add("k_model", DataTypes.IntegerType, true)
          .add("entropy", DataTypes.DoubleType, true)
          .add("cross_entropy", DataTypes.DoubleType, true)
          .add("kl_divergence", DataTypes.DoubleType, true)
          .add("reverse_kl_divergence", DataTypes.DoubleType, true)
          .add("js_divergence", DataTypes.DoubleType, true)
          .add("unseen_mass", DataTypes.DoubleType, true)
          .add("status", DataTypes.StringType, false)
          .add("message", DataTypes.StringType, true);

  private final GroupComparison comparison;

  private GroupComparisonUdf(GroupComparison comparison) {
    this.comparison = comparison;
  }

  static UserDefinedFunction udf(GroupComparison comparison, LogBase unit) {
    return functions.udf(new GroupComparisonUdf(comparison), RESULT).withName("klspark_group_comparison");
  }

  @Override
  public Row call(Seq<Row> cells) {
    List<GroupComparison.Cell> list = new ArrayList<>(cells.size());
    Iterator<Row> it = cells.iterator();
    while (it.hasNext()) {
      Row r = it.next();
      list.add(
          new GroupComparison.Cell(
              r.isNullAt(0) ? null : r.getString(0),
              r.getDouble(1),
              r.isNullAt(2) ? null : r.getDouble(2),
              !r.isNullAt(3) && r.getBoolean(3)));
    }
    GroupComparison.Result res = comparison.compute(list);
    DivergenceProfile p = res.profile();
    return RowFactory.create(
        res.n(),
        res.nullCount(),
        res.kObserved(),
        res.kModel(),
        p == null ? null : p.entropy(),
        p == null ? null : p.crossEntropy(),
        p == null ? null : p.klDivergence(),
        p == null ? null : p.reverseKlDivergence(),
        p == null ? null : p.jsDivergence(),
        p == null ? null : p.unseenMass(),
        res.status().label(),
        res.message());
  }
}

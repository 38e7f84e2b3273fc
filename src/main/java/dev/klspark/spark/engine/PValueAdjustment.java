package dev.klspark.spark.engine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import dev.klspark.spark.distribution.InputColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Multiple-testing adjustment of a report's per-group p-values, in Spark.
 *
 * <p>Benjamini–Hochberg (Y. Benjamini and Y. Hochberg, "Controlling the false discovery rate", J.
 * R. Statist. Soc. B 57, 1995, pp. 289–300): with the m non-null p-values sorted, {@code p_(1) <=
 * ... <= p_(m)}, the adjusted value of {@code p_(i)} is {@code min_{j >= i} min(1, m p_(j) / j)},
 * the same as R's {@code p.adjust(p, "BH")} and scipy's {@code false_discovery_control(p,
 * method="bh")}, and as klspark's driver-side {@link dev.klspark.math.BenjaminiHochberg}. Rows
 * whose p-value is null (a group not tested) get null and do not count in m. Ties are broken by the
 * row's other columns, which gives tied p-values the same adjusted value.
 *
 * <p>Cost: the family is the whole report, so the two window functions run in one partition over
 * one row per group (after the per-group step, never over the input rows).
 */
public final class PValueAdjustment {
  private PValueAdjustment() {}

  public static Dataset<Row> benjaminiHochberg(
      Dataset<Row> report, String pColumn, String adjustedColumn, String... tieBreak) {
    Column p = col(pColumn);
    List<Column> ascending = new ArrayList<>();
    ascending.add(p.asc_nulls_last());
    for (String t : tieBreak) {
      ascending.add(InputColumns.column(t).asc_nulls_last());
    }
    WindowSpec byP = Window.orderBy(ascending.toArray(new Column[0]));
    Dataset<Row> ranked =
        report
            .withColumn("__bh_rank", row_number().over(byP))
            .withColumn("__bh_m", count(p).over(Window.partitionBy()));
    Column raw = least(lit(1.0), p.multiply(col("__bh_m")).divide(col("__bh_rank")));
    WindowSpec fromTop =
        Window.orderBy(col("__bh_rank").desc())
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    return ranked
        .withColumn(adjustedColumn, when(p.isNotNull(), min(raw).over(fromTop)))
        .drop("__bh_rank", "__bh_m");
  }
}

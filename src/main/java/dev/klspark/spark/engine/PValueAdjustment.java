package dev.klspark.spark.engine;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Multiple-testing adjustment of a report's per-group p-values, in Spark.
 *
 * <p>Benjamini–Hochberg (Y. Benjamini and Y. Hochberg, "Controlling the false discovery rate", J.
 * R. Statist. Soc. B 57, 1995, pp. 289–300): with the m non-null p-values sorted, {@code p_(1) <=
 * ... <= p_(m)}, the adjusted value of {@code p_(i)} is {@code min_{j >= i} min(1, m p_(j) / j)},
 * the same as R's {@code p.adjust(p, "BH")} and scipy's {@code false_discovery_control(p,
 * method="bh")}, and bit for bit klspark's driver-side {@link dev.klspark.math.BenjaminiHochberg}.
 * Rows whose p-value is null (a group not tested) get null and do not count in m. Tied p-values get
 * the same adjusted value. A p-value of 0 adjusts to 0; one of 1 or more, or NaN (which counts in m
 * and sorts above every number, as in Spark's ordering), to 1.
 *
 * <p>Cost: the family is the whole report, but no task holds it: the report's rows (one per group,
 * after the per-group step, never the input rows) are shuffled once by p-value range, and two small
 * jobs and then the rows read that shuffle (see {@code AdjustedRows}), with as many partitions as
 * the report has, at most Spark's default parallelism (the cluster's cores). Building the adjusted
 * report runs nothing; the report before the adjustment is computed once when it runs.
 */
public final class PValueAdjustment {
  private PValueAdjustment() {}

  /**
   * {@code report} with Benjamini–Hochberg adjusted p-values.
   *
   * @param report any DataFrame, one row per test
   * @param pColumn its p-value column, of type double
   * @param adjustedColumn the output column (double, null where the p-value is null): it replaces a
   *     column of that name in place, or is appended
   * @return the report's rows (in no particular order) and columns, with the adjusted column
   * @throws IllegalArgumentException when {@code pColumn} is not a double column of {@code report};
   *     when the adjusted rows run, a negative p-value fails their job (a Spark error whose cause
   *     is an IllegalArgumentException naming the column and the value)
   */
  public static Dataset<Row> benjaminiHochberg(
      Dataset<Row> report, String pColumn, String adjustedColumn) {
    if (!java.util.Arrays.asList(report.schema().fieldNames()).contains(pColumn)
        || !report.schema().apply(pColumn).dataType().equals(DataTypes.DoubleType)) {
      throw new IllegalArgumentException(
          "p-value column " + pColumn + ": expected a double column of " + report.schema());
    }
    return AdjustedRows.of(report, pColumn, adjustedColumn);
  }

  /**
   * The reports whose p-values {@code df} adjusts, as they were before the adjustment: an adjusted
   * report's own plan shows the adjustment as a scan of existing rows, these show the plan behind
   * it.
   *
   * @return one Dataset per adjustment directly behind {@code df} (none if it has none)
   */
  public static List<Dataset<Row>> reportsBefore(Dataset<Row> df) {
    return AdjustedRows.sources(df);
  }
}

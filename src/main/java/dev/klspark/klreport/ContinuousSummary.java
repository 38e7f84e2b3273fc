package dev.klspark.klreport;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.klspark.spark.engine.ReportColumns;
import dev.klspark.spark.engine.TopGroups;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Totals of a written continuous report, from small aggregations over the report itself (one row
 * per group), never over the input rows again.
 *
 * @param groups groups in the report
 * @param statusCounts groups per status
 * @param currentValues sum of n
 * @param referenceValues sum of n_reference
 * @param nullValues sum of null_count
 * @param nonFiniteValues sum of non_finite_count
 * @param tested groups in the Benjamini–Hochberg family (status ok)
 * @param significant tested groups with {@code p_value_adjusted} below 0.05
 * @param top the top groups in the order of {@code ranking}, each a map of column name to value
 * @param ranking how the top groups are ranked
 * @param minN the smallest n of a listed group
 */
public record ContinuousSummary(
    long groups,
    Map<String, Long> statusCounts,
    long currentValues,
    long referenceValues,
    long nullValues,
    long nonFiniteValues,
    long tested,
    long significant,
    List<Map<String, Object>> top,
    ContinuousRanking ranking,
    long minN) {

  /** Summarises a report, listing the top groups by {@code ranking} among those with n ≥ minN. */
  public static ContinuousSummary of(
      Dataset<Row> report, String unitSuffix, int topN, ContinuousRanking ranking, long minN) {
    Map<String, Long> statuses = new LinkedHashMap<>();
    for (Row r : report.groupBy("status").agg(count(lit(1))).orderBy("status").collectAsList()) {
      statuses.put(r.getString(0), r.getLong(1));
    }
    long groups = statuses.values().stream().mapToLong(Long::longValue).sum();
    Row t =
        report
            .agg(
                sum(col("n")),
                sum(col("n_reference")),
                sum(col("null_count")),
                sum(col("non_finite_count")),
                count(col(ReportColumns.P_VALUE_ADJUSTED)),
                count(when(col(ReportColumns.P_VALUE_ADJUSTED).lt(0.05), lit(1))))
            .first();
    List<Map<String, Object>> top =
        TopGroups.of(report, ranking.order(unitSuffix), topN, minN, (name, v) -> v);
    return new ContinuousSummary(
        groups,
        statuses,
        t.isNullAt(0) ? 0 : t.getLong(0),
        t.isNullAt(1) ? 0 : t.getLong(1),
        t.isNullAt(2) ? 0 : t.getLong(2),
        t.isNullAt(3) ? 0 : t.getLong(3),
        t.getLong(4),
        t.getLong(5),
        top,
        ranking,
        minN);
  }
}

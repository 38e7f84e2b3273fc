package dev.klspark.klreport;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.klspark.spark.engine.Ranking;
import dev.klspark.spark.engine.TopGroups;
import dev.klspark.spark.publish.Summaries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Totals of a written report, computed by small aggregations over the report itself (one row per
 * group), never over the input rows again.
 *
 * <p>The n-weighted means over the groups with status {@code ok} are themselves information
 * quantities of the joint distribution: {@code sum_g (n_g/N) H(P_g)} is the conditional entropy H(C
 * | G), {@code sum_g (n_g/N) KL(P_g || Q_g)} the conditional KL divergence and {@code sum_g (n_g/N)
 * H(P_g, Q_g)} the mean negative log-likelihood of all evaluated rows under the per-group model
 * (Cover and Thomas 2006, eq. 2.10 and 2.65).
 *
 * @param groups groups in the report
 * @param statusCounts groups per status
 * @param observedRows sum of n over all groups
 * @param nullRows sum of null_count over all groups
 * @param okRows sum of n over groups with status ok
 * @param conditional n-weighted means over ok groups, keyed by report column name
 * @param top the top groups in the order of {@code ranking}, each a map of column name to value
 * @param ranking how the top groups are ranked
 * @param minN the smallest n of a listed group
 */
public record ReportSummary(
    long groups,
    Map<String, Long> statusCounts,
    double observedRows,
    double nullRows,
    double okRows,
    Map<String, Double> conditional,
    List<Map<String, Object>> top,
    Ranking ranking,
    double minN) {

  /**
   * Summarises a report.
   *
   * @param report the report as written
   * @param unitSuffix {@code nats} or {@code bits}
   * @param topN how many top groups to keep
   */
  public static ReportSummary of(Dataset<Row> report, String unitSuffix, int topN) {
    return of(report, unitSuffix, topN, Ranking.KL, 0.0);
  }

  /**
   * Summarises a report, listing the top groups by {@code ranking} among those with {@code n >=
   * minN}.
   */
  public static ReportSummary of(
      Dataset<Row> report, String unitSuffix, int topN, Ranking ranking, double minN) {
    Map<String, Long> statuses = new LinkedHashMap<>();
    for (Row r :
        report
            .groupBy("status")
            .agg(count(lit(1)).as("groups"))
            .orderBy("status")
            .collectAsList()) {
      statuses.put(r.getString(0), r.getLong(1));
    }
    long groups = statuses.values().stream().mapToLong(Long::longValue).sum();
    Column ok = col("status").equalTo("ok");
    List<String> metrics =
        List.of(
            "entropy_" + unitSuffix,
            "cross_entropy_" + unitSuffix,
            "kl_divergence_" + unitSuffix,
            "js_divergence_" + unitSuffix);
    List<Column> aggs = new ArrayList<>();
    aggs.add(sum(col("n").cast("double")).as("n"));
    aggs.add(sum(col("null_count").cast("double")).as("nulls"));
    aggs.add(sum(when(ok, col("n").cast("double"))).as("ok_n"));
    for (String m : metrics) {
      aggs.add(sum(when(ok, col("n").cast("double").multiply(col(m)))).as(m));
    }
    Row t = report.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
    double okRows = t.isNullAt(2) ? 0.0 : t.getDouble(2);
    Map<String, Double> conditional = new LinkedHashMap<>();
    for (int i = 0; i < metrics.size(); i++) {
      conditional.put(
          metrics.get(i), okRows > 0 && !t.isNullAt(3 + i) ? t.getDouble(3 + i) / okRows : null);
    }
    // Counts are integers in the JSON (a weighted n is a sum of weights: kept as it is).
    List<Map<String, Object>> top =
        TopGroups.of(
            report,
            ranking.order(unitSuffix),
            topN,
            minN,
            (name, v) ->
                (name.equals("n") || name.equals("null_count")) && v instanceof Double d
                    ? Summaries.count(d)
                    : v);
    return new ReportSummary(
        groups,
        statuses,
        t.isNullAt(0) ? 0.0 : t.getDouble(0),
        t.isNullAt(1) ? 0.0 : t.getDouble(1),
        okRows,
        conditional,
        top,
        ranking,
        minN);
  }
}

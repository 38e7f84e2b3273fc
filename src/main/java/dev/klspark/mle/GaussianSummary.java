package dev.klspark.mle;

import static dev.klspark.spark.engine.ReportColumns.MODEL_ID;
import static dev.klspark.spark.engine.ReportColumns.N;
import static dev.klspark.spark.engine.ReportColumns.OK;
import static dev.klspark.spark.engine.ReportColumns.STATUS;
import static dev.klspark.spark.engine.ReportColumns.inUnit;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.klspark.math.LogBase;
import dev.klspark.spark.publish.Summaries;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The totals of a written {@link GaussianReport}, computed by Spark aggregations over the report
 * (one row per group): n-weighted means over the groups with status {@code ok}, in the report's
 * unit.
 *
 * @param unit the unit of the information quantities
 * @param modelId the report's model id
 * @param groupsByStatus groups per status (sorted)
 * @param rowsInOkGroups the sum of n over the ok groups
 * @param meanNll n-weighted mean NLL, null without ok group
 * @param differentialEntropy n-weighted mean differential entropy h(N̂), null without ok group
 * @param klDivergence n-weighted mean KL(N̂ ‖ N(μ, σ²)), null without ok group
 * @param identityMaxRelativeResidual the largest {@code identity_residual / |mean_nll|} (0 without
 *     ok group)
 * @param klDivergenceNonparametric n-weighted mean of {@code kl_divergence_nonparametric} over the
 *     ok groups where it is defined, null without one
 * @param negentropy n-weighted mean of {@code negentropy} over the same groups, null without one
 * @param nonparametric whether the report has the nonparametric columns (reports of klspark 0.1
 *     have not; their summary JSON then has no such keys)
 */
public record GaussianSummary(
    LogBase unit,
    String modelId,
    Map<String, Long> groupsByStatus,
    double rowsInOkGroups,
    Double meanNll,
    Double differentialEntropy,
    Double klDivergence,
    double identityMaxRelativeResidual,
    Double klDivergenceNonparametric,
    Double negentropy,
    boolean nonparametric) {

  /**
   * Summarises a written report.
   *
   * @param report the report as written
   * @param unit the report's unit
   * @return the summary, or null for a report without rows
   */
  public static GaussianSummary of(Dataset<Row> report, LogBase unit) {
    Map<String, Long> statuses = new TreeMap<>();
    for (Row r : report.groupBy(STATUS).count().collectAsList()) {
      statuses.put(r.getString(0), r.getLong(1));
    }
    if (statuses.isEmpty()) {
      return null;
    }
    Column ok = col(STATUS).equalTo(OK);
    Column n = col(N).cast("double");
    Column nll = col(inUnit("mean_nll", unit));
    // Reports written before the nonparametric columns existed have none: their totals are null.
    boolean nonparametric =
        java.util.Arrays.asList(report.columns())
            .contains(inUnit("kl_divergence_nonparametric", unit));
    Column klNp =
        nonparametric ? col(inUnit("kl_divergence_nonparametric", unit)) : lit(null).cast("double");
    Column negentropy = nonparametric ? col(inUnit("negentropy", unit)) : lit(null).cast("double");
    Row t =
        report
            .agg(
                first(col(MODEL_ID)),
                sum(when(ok, n)),
                sum(when(ok, n.multiply(nll))),
                sum(when(ok, n.multiply(col(inUnit("differential_entropy", unit))))),
                sum(when(ok, n.multiply(col(inUnit("kl_divergence", unit))))),
                max(when(ok, col(inUnit("identity_residual", unit)).divide(abs(nll)))),
                sum(when(ok.and(klNp.isNotNull()), n)),
                sum(when(ok, n.multiply(klNp))),
                sum(when(ok, n.multiply(negentropy))))
            .first();
    double npRows = t.isNullAt(6) ? 0.0 : t.getDouble(6);
    double rows = t.isNullAt(1) ? 0.0 : t.getDouble(1);
    return new GaussianSummary(
        unit,
        t.getString(0),
        statuses,
        rows,
        rows > 0 ? t.getDouble(2) / rows : null,
        rows > 0 ? t.getDouble(3) / rows : null,
        rows > 0 ? t.getDouble(4) / rows : null,
        t.isNullAt(5) ? 0.0 : t.getDouble(5),
        npRows > 0 ? t.getDouble(7) / npRows : null,
        npRows > 0 ? t.getDouble(8) / npRows : null,
        nonparametric);
  }

  /** The summary as summary.json writes it (the {@code gaussian} section of mle-report). */
  public Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(MODEL_ID, modelId);
    m.put("groups_by_status", groupsByStatus);
    m.put("rows_in_ok_groups", Summaries.count(rowsInOkGroups));
    m.put(inUnit("mean_nll", unit), meanNll);
    m.put(inUnit("differential_entropy", unit), differentialEntropy);
    m.put(inUnit("kl_divergence", unit), klDivergence);
    m.put("identity_max_relative_residual", identityMaxRelativeResidual);
    if (nonparametric) {
      m.put(inUnit("kl_divergence_nonparametric", unit), klDivergenceNonparametric);
      m.put(inUnit("negentropy", unit), negentropy);
    }
    return m;
  }
}

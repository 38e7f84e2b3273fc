package dev.klspark.mle;

import static dev.klspark.spark.engine.ReportColumns.inUnit;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.when;

import dev.klspark.math.LogBase;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.engine.ReportColumns;
import dev.klspark.spark.engine.TopGroups;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where a classifier is miscalibrated by the calibration test of the log score, most evidence
 * first: the one list that the console ({@link MleConsole#printMiscalibration}), {@code
 * summary.json} ({@link #json}) and the page ({@link PredictionsHtml}) show of a labelled
 * predictions report.
 *
 * <p>The listed rows are the (segment, model) rows of the written comparison ({@link
 * PredictionComparison}) whose {@code calibration_p_value_adjusted} (Benjamini–Hochberg over every
 * row with a {@code calibration_p_value}, all segments and models one family) is below {@value
 * #SIGNIFICANCE}, in {@link #order}: that adjusted p-value ascending, then |{@code calibration_z}|
 * descending (Benjamini–Hochberg gives runs of equal adjusted p-values), then n descending, then
 * the group columns and {@code model_id}; at most {@value #TOP}. A row without a p-value (no
 * labelled row, or an sd of 0 with the log-loss equal to its expectation) is not tested. There is
 * no minimum n: the z-test has no interval to fail (Cochran's rule is the KL interval's) and its
 * two-sided rate holds from 10 rows on in the simulation docs/mle-report.md reports ({@code
 * ExpectedLogLossSimulationTest}).
 *
 * <p>{@code calibration_z} &gt; 0: the log-loss is above what the predictions expect of themselves,
 * the model is more confident than its labels bear out; &lt; 0: less confident.
 *
 * @param groupBy the group columns, as named in the report
 * @param unit the report's unit
 * @param tested per model id (sorted), its rows with a {@code calibration_p_value_adjusted}
 * @param significant per model id (sorted), its rows with one below {@value #SIGNIFICANCE}
 * @param top the listed rows, each the {@link #columns} to their values
 */
public record Miscalibration(
    List<String> groupBy,
    LogBase unit,
    Map<String, Long> tested,
    Map<String, Long> significant,
    List<Map<String, Object>> top) {
  /** Rows listed at most. */
  public static final int TOP = 10;

  /** The level of the adjusted p-value below which a segment is miscalibrated. */
  public static final double SIGNIFICANCE = 0.05;

  /** How the list is ordered, in words (summary.json and the page). */
  public static final String RANKED_BY =
      PredictionReport.CALIBRATION_P_VALUE_ADJUSTED
          + ", then |"
          + PredictionReport.CALIBRATION_Z
          + "|";

  public Miscalibration {
    groupBy = List.copyOf(groupBy);
    tested = new TreeMap<>(tested);
    significant = new TreeMap<>(significant);
    top = List.copyOf(top);
  }

  /**
   * The list's order, most evidence first (see the class comment).
   *
   * @param groupBy the group columns, as named in the report
   */
  public static Column[] order(List<String> groupBy) {
    List<Column> order = new ArrayList<>();
    order.add(col(PredictionReport.CALIBRATION_P_VALUE_ADJUSTED).asc_nulls_last());
    order.add(abs(col(PredictionReport.CALIBRATION_Z)).desc_nulls_last());
    order.add(col(ReportColumns.N).desc());
    for (String g : groupBy) {
      order.add(InputColumns.column(g).asc_nulls_first());
    }
    order.add(col(ReportColumns.MODEL_ID).asc());
    return order.toArray(new Column[0]);
  }

  /**
   * The columns of a listed row: the group columns, {@code model_id}, {@code n}, {@code
   * mean_nll_U}, {@code expected_nll_U}, {@code expected_nll_sd_U}, {@code calibration_z}, {@code
   * calibration_p_value} and {@code calibration_p_value_adjusted}.
   */
  public static List<String> columns(List<String> groupBy, LogBase unit) {
    List<String> c = new ArrayList<>(groupBy);
    c.addAll(
        List.of(
            ReportColumns.MODEL_ID,
            ReportColumns.N,
            inUnit(MleReport.MEAN_NLL, unit),
            inUnit(PredictionReport.EXPECTED_NLL, unit),
            inUnit(PredictionReport.EXPECTED_NLL_SD, unit),
            PredictionReport.CALIBRATION_Z,
            PredictionReport.CALIBRATION_P_VALUE,
            PredictionReport.CALIBRATION_P_VALUE_ADJUSTED));
    return c;
  }

  /**
   * Ranks the segments of a written comparison: one aggregation for the counts, one sorted limit
   * for the list; only the counts per model and the listed rows reach the driver.
   *
   * @param written the comparison as written ({@link PredictionComparison#of})
   * @param groupBy its group columns
   * @param unit its unit
   */
  public static Miscalibration of(Dataset<Row> written, List<String> groupBy, LogBase unit) {
    Column p = col(PredictionReport.CALIBRATION_P_VALUE_ADJUSTED);
    Column below = p.lt(SIGNIFICANCE);
    Map<String, Long> tested = new LinkedHashMap<>();
    Map<String, Long> significant = new LinkedHashMap<>();
    for (Row r :
        written
            .groupBy(col(ReportColumns.MODEL_ID))
            .agg(count(p), count(when(below, 1)))
            .collectAsList()) {
      tested.put(r.getString(0), r.getLong(1));
      significant.put(r.getString(0), r.getLong(2));
    }
    Column[] select =
        columns(groupBy, unit).stream().map(InputColumns::column).toArray(Column[]::new);
    List<Map<String, Object>> top =
        TopGroups.of(written.where(below).select(select), order(groupBy), TOP, 0.0, (name, v) -> v);
    return new Miscalibration(groupBy, unit, tested, significant, top);
  }

  /** Rows with a {@code calibration_p_value_adjusted}, over the models. */
  public long testedTotal() {
    return tested.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Rows below {@value #SIGNIFICANCE}, over the models. */
  public long significantTotal() {
    return significant.values().stream().mapToLong(Long::longValue).sum();
  }

  /** What a tested row is called: a segment, or a (segment, model) pair with several models. */
  public String what() {
    return tested.size() > 1 ? "(segment, model) pairs" : "segments";
  }

  /**
   * The entries of {@code summary.json}: {@code miscalibrated_ranked_by}, {@code
   * miscalibrated_significance}, {@code miscalibrated_tested} (rows with an adjusted p-value),
   * {@code miscalibrated_total} (of them below the level) and {@code miscalibrated}, the listed
   * rows (numbers as JSON numbers, an infinite z as the string {@code "Infinity"}: {@link
   * dev.klspark.spark.publish.Summaries}).
   */
  public Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("miscalibrated_ranked_by", RANKED_BY);
    m.put("miscalibrated_significance", SIGNIFICANCE);
    m.put("miscalibrated_tested", testedTotal());
    m.put("miscalibrated_total", significantTotal());
    m.put("miscalibrated", top);
    return m;
  }
}

package dev.klspark.spark.engine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.klspark.html.HtmlFormat;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The distribution of one report column over the groups with status {@code ok}, as equal-width bins
 * from the smallest value to the {@value #TOP_QUANTILE} quantile, the last bin open (it also counts
 * every larger finite value), so that a few extreme groups do not squeeze the rest into one bin:
 * two small aggregations over a written report (one row per group); only the bins reach the driver.
 * For the HTML reports' histograms.
 *
 * @param edges {@code bins + 1} bin edges, increasing; empty when no value is finite
 * @param counts groups per bin (the last bin closed)
 * @param infinite groups whose value is +∞ (not in a bin)
 */
public record ReportHistogram(double[] edges, long[] counts, long infinite) {
  /** The quantile where the last (open) bin starts to count everything above. */
  public static final double TOP_QUANTILE = 0.98;

  /** The finite values counted in the bins. */
  public long finite() {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  /**
   * Bins {@code column} of the ok rows of {@code report} into {@code bins} bins: {@code bins - 1}
   * of equal width from the smallest value, then one open bin from the {@value #TOP_QUANTILE}
   * quantile.
   */
  public static ReportHistogram of(Dataset<Row> report, String column, int bins) {
    Column ok = col(ReportColumns.STATUS).equalTo(ReportColumns.OK);
    Column v = col(column).cast("double");
    // Not v = v: in Spark SQL NaN equals NaN.
    Column finite =
        v.isNotNull()
            .and(not(isnan(v)))
            .and(v.notEqual(lit(Double.POSITIVE_INFINITY)))
            .and(v.notEqual(lit(Double.NEGATIVE_INFINITY)));
    Row r =
        report
            .agg(
                min(when(ok.and(finite), v)),
                functions.percentile_approx(when(ok.and(finite), v), lit(TOP_QUANTILE), lit(10000)),
                sum(when(ok.and(v.equalTo(lit(Double.POSITIVE_INFINITY))), 1L).otherwise(0L)))
            .first();
    long inf = r.isNullAt(2) ? 0 : r.getLong(2);
    if (r.isNullAt(0)) {
      return new ReportHistogram(new double[0], new long[0], inf);
    }
    double lo = Math.min(0.0, r.getDouble(0));
    double hi = r.getDouble(1);
    double width = hi > lo ? (hi - lo) / (bins - 1) : 1.0;
    long[] counts = new long[bins];
    Column bin =
        greatest(lit(0), least(lit(bins - 1), floor(v.minus(lo).divide(width)).cast("int")));
    for (Row b :
        report.where(ok.and(finite)).groupBy(bin.as("bin")).agg(count(lit(1))).collectAsList()) {
      counts[b.getInt(0)] = b.getLong(1);
    }
    double[] edges = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      edges[i] = lo + width * i;
    }
    return new ReportHistogram(edges, counts, inf);
  }

  /** The bins' labels, e.g. {@code 0–0.015}. */
  public List<String> labels() {
    List<String> l = new ArrayList<>();
    for (int i = 0; i + 1 < edges.length; i++) {
      l.add(
          i + 2 == edges.length
              ? "≥ " + HtmlFormat.num(edges[i], 3)
              : HtmlFormat.num(edges[i], 3) + "–" + HtmlFormat.num(edges[i + 1], 3));
    }
    return l;
  }
}

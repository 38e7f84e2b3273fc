package dev.klspark.spark.engine;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log2;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.klspark.spark.distribution.InputColumns;
import java.util.Arrays;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Multiple-testing adjustment of a report's per-group p-values, in Spark.
 *
 * <p>Benjamini–Hochberg (Y. Benjamini and Y. Hochberg, "Controlling the false discovery rate", J.
 * R. Statist. Soc. B 57, 1995, pp. 289–300, the step-up procedure in its adjusted-p-value form):
 * with the m non-null p-values sorted, {@code p_(1) <= ... <= p_(m)}, the adjusted value of {@code
 * p_(i)} is {@code min_{j >= i} min(1, m p_(j) / j)}, each term computed in double as {@code
 * least(1.0, p * m / j)}. The same as R's {@code p.adjust(p, "BH")} and scipy's {@code
 * false_discovery_control(p, method="bh")}, and to the bit as klspark's driver-side {@link
 * dev.klspark.math.BenjaminiHochberg}. Rows whose p-value is null (a group not tested) get null and
 * do not count in m. The p-values are the reports' doubles in [0, 1]; a NaN, if any, counts in m,
 * sorts last (Spark's order) and adjusts to 1.
 *
 * <p>Ties need no order: if {@code p_(i) = ... = p_(k)}, the terms {@code min(1, m p / j)} do not
 * increase with j (IEEE division is monotone), so the tied p-values all get {@code min_{j >= k}
 * min(1, m p_(j) / j)}, with k the number of p-values {@code <= p}. The adjusted value of p thus
 * depends on p and on the multiset of the p-values only, not on any row order or partitioning. (A
 * p-value of -0.0 counts as 0 and may come out as 0.0.)
 *
 * <p>Computation, without gathering the report into one partition: the p-values fall into buckets
 * that follow their order ({@code p < p'} implies {@code bucket(p) <= bucket(p')}): 0 for p = 0,
 * four per factor of 2 below 2^-10, 1,024 of equal width from 2^-10 to 1, then p > 1 and NaN; at
 * most 5,328, of which a report fills few. The report's rows are shuffled once, by bucket. In each
 * bucket, one sort by p descending gives each row k (the p-values below its bucket, plus those of
 * its bucket {@code <= p}) and the running minimum of the terms over {@code p' >= p}. Across
 * buckets, two tables of one row per bucket (the count of the p-values below it, and the smallest
 * term above it) come from the distinct p-values and their counts (a hash aggregation, so ties
 * collapse before they move) and are broadcast back.
 *
 * <p>Cost: the report is computed once, since every branch reads the one shuffle, which Spark
 * reuses. For that each branch reads the shuffle through a typed identity filter that reads every
 * column: Spark's optimizer would otherwise prune the columns that one branch does not need below
 * the shuffle, making two different shuffles and computing the report twice. So each report row is
 * shuffled once, sorted once (within its bucket, in parallel) and deserialized twice; the distinct
 * p-values are shuffled twice and sorted once; the per-bucket tables go through one partition (for
 * which Spark logs {@code No Partition Defined for Window operation}) and are broadcast. Skew: all
 * the rows of one bucket go to one task, so a report whose p-values are all equal, or crowded into
 * one narrow range (e.g. mostly exactly 1, or mostly 0), is as slow as one partition. Rows without
 * a p-value are spread by a hash of the tie-break columns.
 */
public final class PValueAdjustment {
  // Buckets of p (bucket): 0 for p <= 0; LOG_BASE + floor(PER_BINADE log2 p) in [4, 4260] for
  // 0 < p < 2^-10 (log2 of the smallest double, 4.9e-324, is -1074); LINEAR_BASE + floor(LINEAR p)
  // in [4302, 5325] for 2^-10 <= p <= 1; then p > 1 and NaN. Each piece is non-decreasing in p and
  // the pieces are disjoint and ordered, so the bucket is non-decreasing in p. Spark's log2 is
  // StrictMath.log(p) / StrictMath.log(2), interpreted and compiled alike; StrictMath.log is what
  // Math.log's own code returns, so it meets Math.log's contract (within 1 ulp, semi-monotone);
  // IEEE division by a positive constant, multiplication by a power of 2 and floor are monotone.
  private static final double LINEAR_FROM = 0x1.0p-10;
  private static final int LINEAR = 1024;
  private static final int PER_BINADE = 4;
  private static final long LOG_BASE = 4300L;
  private static final long LINEAR_BASE = 4301L;
  private static final long ABOVE_ONE = 5326L;
  private static final long NOT_A_NUMBER = 5327L;
  // Rows without a p-value: buckets -1 to -NULL_SPREAD, by a hash of the tie-break columns.
  private static final int NULL_SPREAD = 1024;

  private static final String BUCKET = "__bh_bucket";
  private static final String VALUE = "__bh_value";
  private static final String AT_VALUE = "__bh_at_value";
  private static final String IN_BUCKET = "__bh_in_bucket";
  private static final String BELOW = "__bh_below";
  private static final String M = "__bh_m";
  private static final String RANK = "__bh_rank";
  private static final String TERM = "__bh_term";
  private static final String LOWEST = "__bh_lowest";
  private static final String ABOVE = "__bh_above";
  private static final String OFFSETS_BUCKET = "__bh_offsets_bucket";
  private static final String ABOVE_BUCKET = "__bh_above_bucket";

  /**
   * Reads every column (the typed filter deserializes whole rows) and keeps every row: Spark's
   * optimizer prunes columns and pushes filters below any other operator, so without it a branch
   * that needs two columns would read a narrower shuffle than the branch that needs them all.
   */
  private static final FilterFunction<Row> EVERY_COLUMN = row -> true;

  private PValueAdjustment() {}

  /**
   * The report with the Benjamini–Hochberg adjusted value of {@code pColumn} added as {@code
   * adjustedColumn} (last, or in place if the report has a column of that name), null where the
   * p-value is null. Lazy: no Spark job runs until the result is.
   *
   * @param report one row per tested hypothesis (group), or null p-value for an untested one
   * @param pColumn the double p-value column
   * @param adjustedColumn the name of the adjusted column
   * @param tieBreak columns that tell the report's rows apart (its group columns); the adjusted
   *     values do not depend on them (see the class comment), they only spread the rows without a
   *     p-value over partitions
   */
  public static Dataset<Row> benjaminiHochberg(
      Dataset<Row> report, String pColumn, String adjustedColumn, String... tieBreak) {
    Column p = col(pColumn);
    // The one shuffle of the report's rows; every branch below starts from `rows`.
    Dataset<Row> rows =
        report
            .withColumn(BUCKET, bucket(p, tieBreak))
            .repartition(col(BUCKET))
            .filter(EVERY_COLUMN);

    // The distinct p-values, with their counts and buckets (ties collapse before they move).
    Dataset<Row> values =
        rows.where(p.isNotNull())
            .groupBy(p.as(VALUE))
            .agg(count(lit(1)).as(AT_VALUE), max(col(BUCKET)).as(BUCKET));
    // One row per bucket: its count, the count of the buckets below it, and m.
    WindowSpec upward = Window.orderBy(col(BUCKET));
    Dataset<Row> offsets =
        values
            .groupBy(col(BUCKET))
            .agg(sum(col(AT_VALUE)).as(IN_BUCKET))
            .select(
                col(BUCKET).as(OFFSETS_BUCKET),
                col(IN_BUCKET),
                coalesce(
                        sum(col(IN_BUCKET))
                            .over(upward.rowsBetween(Window.unboundedPreceding(), -1)),
                        lit(0L))
                    .as(BELOW),
                sum(col(IN_BUCKET))
                    .over(
                        upward.rowsBetween(
                            Window.unboundedPreceding(), Window.unboundedFollowing()))
                    .as(M));
    // One row per bucket: the smallest term min(1, m p / k) of the buckets above it (null for the
    // last), with k = BELOW + the count of the bucket's p-values <= p.
    Dataset<Row> above =
        values
            .join(broadcast(offsets), col(BUCKET).equalTo(col(OFFSETS_BUCKET)))
            .withColumn(
                RANK,
                col(BELOW)
                    .plus(
                        sum(col(AT_VALUE))
                            .over(
                                Window.partitionBy(col(BUCKET))
                                    .orderBy(col(VALUE))
                                    .rowsBetween(
                                        Window.unboundedPreceding(), Window.currentRow()))))
            .groupBy(col(BUCKET))
            .agg(min(term(col(VALUE))).as(LOWEST))
            .select(
                col(BUCKET).as(ABOVE_BUCKET),
                min(col(LOWEST))
                    .over(
                        Window.orderBy(col(BUCKET).desc())
                            .rowsBetween(Window.unboundedPreceding(), -1))
                    .as(ABOVE));

    // Each row, in its bucket sorted by p descending: k = BELOW + IN_BUCKET - #(p' > p), then the
    // running minimum of the terms over p' >= p (RANGE frames: tied p-values are peers), then the
    // buckets above.
    WindowSpec downward = Window.partitionBy(col(BUCKET)).orderBy(p.desc());
    Column greater =
        count(p)
            .over(downward.rangeBetween(Window.unboundedPreceding(), Window.currentRow()))
            .minus(count(p).over(downward.rangeBetween(Window.currentRow(), Window.currentRow())));
    return rows.join(broadcast(offsets), col(BUCKET).equalTo(col(OFFSETS_BUCKET)), "left")
        .join(broadcast(above), col(BUCKET).equalTo(col(ABOVE_BUCKET)), "left")
        .withColumn(RANK, col(BELOW).plus(col(IN_BUCKET)).minus(greater))
        .withColumn(TERM, term(p))
        .withColumn(
            adjustedColumn,
            when(
                p.isNotNull(),
                least(
                    min(col(TERM))
                        .over(
                            downward.rangeBetween(
                                Window.unboundedPreceding(), Window.currentRow())),
                    col(ABOVE))))
        .drop(BUCKET, OFFSETS_BUCKET, IN_BUCKET, BELOW, M, ABOVE_BUCKET, ABOVE, RANK, TERM);
  }

  /**
   * The term {@code min(1, m p / k)}, with m and k the columns {@link #M} and {@link #RANK} (longs,
   * converted to double exactly): {@code least(1.0, p * m / k)}, the same double as the driver-side
   * kernel's {@code Math.min(1.0, p * m / rank)}.
   */
  private static Column term(Column p) {
    return least(lit(1.0), p.multiply(col(M)).divide(col(RANK)));
  }

  /** The bucket of p, non-decreasing in p (see the constants); for a null p, a negative one. */
  static Column bucket(Column p, String[] tieBreak) {
    Column x = p.cast("double");
    Column none =
        tieBreak.length == 0
            ? lit(-1L)
            : lit(-1L)
                .minus(
                    pmod(
                        hash(
                            Arrays.stream(tieBreak)
                                .map(InputColumns::column)
                                .toArray(Column[]::new)),
                        lit(NULL_SPREAD)));
    return when(x.isNull(), none)
        .when(isnan(x), lit(NOT_A_NUMBER))
        .when(x.gt(1.0), lit(ABOVE_ONE))
        .when(x.geq(LINEAR_FROM), lit(LINEAR_BASE).plus(floor(x.multiply(LINEAR))))
        .when(x.gt(0.0), lit(LOG_BASE).plus(floor(log2(x).multiply(PER_BINADE))))
        .otherwise(lit(0L));
  }
}

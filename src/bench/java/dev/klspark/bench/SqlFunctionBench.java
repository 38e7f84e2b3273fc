package dev.klspark.bench;

import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Throughput of {@code kl_divergence} (klspark, Catalyst StaticInvoke into the Java kernel) against
 * the same formula written with Spark's higher-order functions ({@code aggregate(zip_with(...))},
 * ANSI-safe: no division by 0, {@code ln} only of positive values), in the same JVM and session,
 * ANSI mode on. Not a test: run {@code bench/sql-functions.sh}.
 *
 * <p>Inputs: {@code cachedRows} distinct (p, q) pairs of k-element arrays, normalised, cached in
 * memory; each query scans the cache {@code passes} times (a union), so the rows evaluated are
 * {@code cachedRows x passes}. A third query, {@code sum(p[0] + q[0])}, measures the scan alone.
 * Each query runs once to warm up, then {@code repeats} times; the best time is reported.
 *
 * <p>Arguments: {@code k cachedRows passes repeats}, e.g. {@code 10 1000000 10 3}.
 */
public final class SqlFunctionBench {
  private SqlFunctionBench() {}

  public static void main(String[] args) {
    int k = Integer.parseInt(args[0]);
    long cachedRows = Long.parseLong(args[1]);
    int passes = Integer.parseInt(args[2]);
    int repeats = Integer.parseInt(args[3]);
    SparkSession spark =
        SparkSession.builder()
            .appName("klspark-sql-bench")
            .master(System.getProperty("spark.master", "local[*]"))
            .config("spark.ui.enabled", "false")
            .config("spark.sql.ansi.enabled", "true")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    int cores = spark.sparkContext().defaultParallelism();
    String weights =
        "transform(sequence(1, %d), i -> CAST(1 + pmod(hash(id, i, %s), 1000) AS DOUBLE))";
    Dataset<Row> base =
        spark
            .range(0, cachedRows, 1, cores)
            .selectExpr(
                String.format(Locale.ROOT, weights, k, "'p'") + " AS wp",
                String.format(Locale.ROOT, weights, k, "'q'") + " AS wq")
            .selectExpr(
                "wp",
                "wq",
                "aggregate(wp, 0D, (a, b) -> a + b) AS sp",
                "aggregate(wq, 0D, (a, b) -> a + b) AS sq")
            .selectExpr("transform(wp, x -> x / sp) AS p", "transform(wq, x -> x / sq) AS q")
            .persist(StorageLevel.MEMORY_ONLY());
    long n = base.count();
    base.createOrReplaceTempView("base");
    StringBuilder union = new StringBuilder();
    for (int i = 0; i < passes; i++) {
      union.append(i == 0 ? "" : " UNION ALL ").append("SELECT p, q FROM base");
    }
    spark.sql(union.toString()).createOrReplaceTempView("t");
    long rows = n * passes;

    String klspark = "SELECT sum(kl_divergence(p, q)) FROM t";
    String builtin =
        "SELECT sum(aggregate(zip_with(p, q, (x, y) -> CASE WHEN x = 0D THEN 0D WHEN y = 0D THEN"
            + " CAST('Infinity' AS DOUBLE) ELSE x * ln(x / y) END), 0D, (acc, v) -> acc + v))"
            + " FROM t";
    String scan = "SELECT sum(p[0] + q[0]) FROM t";

    double vK = spark.sql(klspark).first().getDouble(0);
    double vB = spark.sql(builtin).first().getDouble(0);
    if (!(Math.abs(vK - vB) <= 1e-9 * Math.abs(vB))) {
      throw new IllegalStateException("results differ: klspark " + vK + ", built-in " + vB);
    }
    double tScan = best(spark, scan, repeats);
    double tK = best(spark, klspark, repeats);
    double tB = best(spark, builtin, repeats);
    System.out.printf(
        Locale.ROOT,
        "k=%d rows=%d (%d cached x %d passes) cores=%d%n"
            + "  scan only           : %8.3f s%n"
            + "  klspark kl_divergence: %8.3f s  %,12.0f rows/s/core%n"
            + "  built-in HOF formula : %8.3f s  %,12.0f rows/s/core%n"
            + "  ratio built-in / klspark time: %.2fx  (scan subtracted: %.2fx)%n",
        k,
        rows,
        n,
        passes,
        cores,
        tScan,
        tK,
        rows / tK / cores,
        tB,
        rows / tB / cores,
        tB / tK,
        (tB - tScan) / Math.max(1e-9, tK - tScan));
    spark.stop();
  }

  private static double best(SparkSession spark, String query, int repeats) {
    spark.sql(query).first();
    double best = Double.MAX_VALUE;
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      spark.sql(query).first();
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    return best;
  }
}

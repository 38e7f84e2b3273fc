package dev.klspark.testing;

import org.apache.spark.sql.SparkSession;

/**
 * The data of the one-scan tests (kl-report's {@code OnePassTest}, {@code
 * MleReportTest.inputIsScannedOnce}): 20,000 rows over 37 groups {@code g} and 11 categories {@code
 * c}, in two Parquet files, and a model table of one row per (group, category), uniform (the last
 * category takes what the first ten leave, so each group sums to 1 exactly).
 */
public final class OnePassData {
  /** Rows written by {@link #rows}. */
  public static final long ROWS = 20_000L;

  /** Model rows written by {@link #uniformModel}: 37 groups x 11 categories. */
  public static final long MODEL_ROWS = 37L * 11L;

  private OnePassData() {}

  /** Writes the rows (columns {@code g}, {@code c}) as Parquet at {@code path}. */
  public static void rows(SparkSession spark, String path) {
    spark
        .range(0, ROWS, 1, 2)
        .selectExpr("CAST(id % 37 AS STRING) AS g", "CAST(id % 11 AS STRING) AS c")
        .write()
        .parquet(path);
  }

  /** Writes the uniform model table (g, category, probability) as Parquet at {@code path}. */
  public static void uniformModel(SparkSession spark, String path) {
    spark
        .range(0, 37)
        .crossJoin(spark.range(0, 11).withColumnRenamed("id", "k"))
        .selectExpr(
            "CAST(id AS STRING) AS g",
            "CAST(k AS STRING) AS category",
            "CASE WHEN k < 10 THEN 1.0D / 11 ELSE 1.0D - 10 * (1.0D / 11) END AS probability")
        .write()
        .parquet(path);
  }
}

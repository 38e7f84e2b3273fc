package dev.klspark.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The independent side of the flights demo checks: per origin, counts of the five delay buckets
 * (early, on_time, late_15_60, late_60_180, late_180_plus) in April–June (evaluated) and in
 * January–March (reference), from hand-written Spark SQL with its own CASE (not klspark's bucket
 * expression). The flights are left registered as the temporary view {@code flights_oracle} for
 * further independent queries.
 */
public final class FlightsOracle {
  private FlightsOracle() {}

  /**
   * @return origin -> {evaluated counts[5], reference counts[5]}
   */
  public static Map<String, long[][]> countsByOrigin(SparkSession spark, Path flightsParquet) {
    spark.read().parquet(flightsParquet.toString()).createOrReplaceTempView("flights_oracle");
    Map<String, long[][]> byOrigin = new HashMap<>();
    for (Row r :
        spark
            .sql(
                "SELECT origin, CASE WHEN delay < 0 THEN 0 WHEN delay < 15 THEN 1 WHEN delay < 60"
                    + " THEN 2 WHEN delay < 180 THEN 3 ELSE 4 END AS b,"
                    + " count_if(date >= '2001-04-01' AND date < '2001-07-01') AS c,"
                    + " count_if(date < '2001-04-01') AS r"
                    + " FROM flights_oracle WHERE delay IS NOT NULL GROUP BY 1, 2")
            .collectAsList()) {
      long[][] cr = byOrigin.computeIfAbsent(r.getString(0), k -> new long[2][5]);
      cr[0][r.getInt(1)] += r.getLong(2);
      cr[1][r.getInt(1)] += r.getLong(3);
    }
    return byOrigin;
  }
}

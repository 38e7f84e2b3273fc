package dev.klspark.spark.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.spark.distribution.Buckets;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.ml.feature.Bucketizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * klspark's native bucket expression agrees with MLlib's Bucketizer, the oracle, on every value.
 */
class BucketSemanticsTest {
  private static final SparkSession spark = SparkTestSession.get();

  @Test
  void sameBucketsAsMllibBucketizer() {
    double[] splits = {-10, 0, 15, 60, 180};
    Buckets buckets = new Buckets(splits, List.of("a", "b", "c", "d"));
    // Every split point, values just around them, and random values in range.
    Dataset<Row> values =
        spark.sql(
            "SELECT CAST(v AS DOUBLE) AS x FROM VALUES (-10),(-9.999),(0),(-0.0001),(14.9999),(15),"
                + "(59.99),(60),(179.999),(180) AS t(v)"
                + " UNION ALL SELECT -10 + rand(7) * 190 FROM range(2000)");
    Bucketizer bucketizer =
        new Bucketizer().setInputCol("x").setOutputCol("index").setSplits(splits);
    Dataset<Row> both =
        bucketizer
            .transform(values)
            .withColumn(
                "label",
                new CategorySpec("x", buckets, null)
                    .expression(new InputColumns(values.schema(), "input")));
    List<Row> rows = both.select("index", "label", "x").collectAsList();
    assertThat(rows).hasSize(2010);
    for (Row r : rows) {
      assertThat(r.getString(1))
          .as("x = " + r.getDouble(2))
          .isEqualTo(buckets.labels().get((int) r.getDouble(0)));
    }
  }
}

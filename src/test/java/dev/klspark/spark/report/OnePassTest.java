package dev.klspark.spark.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report reads its input once: the reference counts, the observed counts, the vocabulary and
 * the groups with a model all come from one aggregation (Spark reuses its exchange), so the
 * records read equal the rows of the input, not a multiple of them.
 */
class OnePassTest {
  private static final SparkSession spark = SparkTestSession.get();

  @TempDir Path tmp;

  @Test
  void inputIsScannedOnce() throws Exception {
    String path = tmp.resolve("rows").toString();
    spark
        .range(0, 20_000, 1, 2)
        .selectExpr("CAST(id % 37 AS STRING) AS g", "CAST(id % 11 AS STRING) AS c", "id % 2 = 0 AS ev")
        .write()
        .parquet(path);
    AtomicLong records = new AtomicLong();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskMetrics() != null) {
              records.addAndGet(end.taskMetrics().inputMetrics().recordsRead());
            }
          }
        };
    Dataset<Row> input = spark.read().parquet(path);
    ReportSpec spec =
        new ReportSpec(List.of("g"), new CategorySpec("c", null, null), null, "ev",
            new ReportSpec.Reference("NOT ev"), Smoothing.parse("additive:1"), LogBase.NATS);
    Dataset<Row> report = DivergenceReport.build(input, spec);
    spark.sparkContext().addSparkListener(listener);
    try {
      assertThat(report.collectAsList()).hasSize(37);
      // Listener events are delivered asynchronously.
      Thread.sleep(1000);
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    assertThat(records.get()).isEqualTo(20_000L);
  }
}

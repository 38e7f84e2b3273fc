package dev.klspark.spark.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.klreport.DivergenceReport;
import dev.klspark.klreport.ReportSpec;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.testing.InputRecords;
import dev.klspark.testing.OnePassData;
import dev.klspark.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report reads its input once: the reference counts, the observed counts, the vocabulary and
 * the groups with a model all come from one aggregation (Spark reuses its exchange), so the records
 * read equal the rows of the input, not a multiple of them. A model table is read once too: its
 * validation happens in the same query, not in jobs of its own.
 */
class OnePassTest {
  private static final SparkSession spark = SparkTestSession.get();

  @TempDir Path tmp;

  @Test
  void inputIsScannedOnce() throws Exception {
    String path = tmp.resolve("rows").toString();
    spark
        .range(0, 20_000, 1, 2)
        .selectExpr(
            "CAST(id % 37 AS STRING) AS g", "CAST(id % 11 AS STRING) AS c", "id % 2 = 0 AS ev")
        .write()
        .parquet(path);
    Dataset<Row> input = spark.read().parquet(path);
    ReportSpec spec =
        new ReportSpec(
            List.of("g"),
            new CategorySpec("c", null, null),
            null,
            "ev",
            new ReportSpec.Reference("NOT ev"),
            Smoothing.parse("additive:1"),
            LogBase.NATS);
    Dataset<Row> report = DivergenceReport.build(input, spec);
    InputRecords.Counted<List<Row>> counted = InputRecords.during(spark, report::collectAsList);
    assertThat(counted.result()).hasSize(37);
    assertThat(counted.recordsRead()).isEqualTo(20_000L);
  }

  @Test
  void inputAndModelTableAreEachScannedOnce() throws Exception {
    String rows = tmp.resolve("rows2").toString();
    String model = tmp.resolve("model").toString();
    OnePassData.rows(spark, rows);
    // 37 groups x 11 categories, uniform: 407 model rows; validation reads them in the same pass.
    OnePassData.uniformModel(spark, model);
    ReportSpec spec =
        new ReportSpec(
            List.of("g"),
            new CategorySpec("c", null, null),
            null,
            null,
            new ReportSpec.Table(
                spark.read().parquet(model),
                dev.klspark.spark.distribution.ModelTable.Normalization.STRICT),
            Smoothing.none(),
            LogBase.NATS);
    Dataset<Row> report = DivergenceReport.build(spark.read().parquet(rows), spec);
    InputRecords.Counted<List<Row>> counted = InputRecords.during(spark, report::collectAsList);
    assertThat(counted.result()).hasSize(37);
    assertThat(counted.recordsRead()).isEqualTo(20_000L + 407L);
  }
}

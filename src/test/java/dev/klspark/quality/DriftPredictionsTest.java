package dev.klspark.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klspark.math.Smoothing;
import dev.klspark.testing.InputRecords;
import dev.klspark.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prediction columns' pass ({@link DriftPredictions}) on real predictions, the same
 * distributions as an MLlib Vector, an {@code array<double>} and a {@code map<string,double>}
 * without a label order: per month, the days of 2015 against those of 2012 to 2014, every number
 * against numpy/scipy (data_quality_prediction_oracles.py); the input is read once for all three
 * columns and both slices.
 */
class DriftPredictionsTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final Path ORACLES =
      Path.of(System.getProperty("klspark.project.dir", ".")).resolve("src/test/resources/oracles");
  static final List<String> LABELS = List.of("drizzle", "fog", "rain", "snow", "sun");

  @TempDir static Path data;
  private static Dataset<Row> input;
  private static long rows;

  /**
   * seattle_weather_predictions.csv with {@code date} (a date), {@code month}, and the prediction
   * three ways: {@code probability} (an MLlib Vector), {@code scores} ({@code array<double>}) and
   * {@code by_label} (a map from label to probability).
   */
  static Dataset<Row> seattlePredictions() {
    Dataset<Row> csv =
        spark
            .read()
            .option("header", "true")
            .schema(
                "date DATE, month INT, weather STRING, p0 DOUBLE, p1 DOUBLE, p2 DOUBLE,"
                    + " p3 DOUBLE, p4 DOUBLE")
            .csv(ORACLES.resolve("seattle_weather_predictions.csv").toString());
    return withPredictions(csv.selectExpr("date", "month", "array(p0, p1, p2, p3, p4) AS scores"));
  }

  /** Adds {@code probability} and {@code by_label} from {@code scores}. */
  static Dataset<Row> withPredictions(Dataset<Row> scored) {
    return scored
        .withColumn(
            "probability", org.apache.spark.ml.functions.array_to_vector(functions.col("scores")))
        .withColumn(
            "by_label",
            functions.map_from_arrays(
                functions.array(
                    LABELS.stream()
                        .map(functions::lit)
                        .toArray(org.apache.spark.sql.Column[]::new)),
                functions.col("scores")));
  }

  @BeforeAll
  static void write() {
    String path = data.resolve("predictions.parquet").toString();
    seattlePredictions().write().parquet(path);
    input = spark.read().parquet(path);
    rows = input.count();
  }

  /**
   * The vector, the array and the map with labels in one pass (records read = the input's rows);
   * the map without labels needs one more scan for its keys.
   */
  @Test
  void everyColumnTypeAgainstNumpyInOnePass() throws Exception {
    List<MonitoredColumn> labelled =
        List.of(
            MonitoredColumn.predictionColumn("probability", LABELS),
            MonitoredColumn.predictionColumn("scores", LABELS),
            MonitoredColumn.predictionColumn("by_label", LABELS));
    InputRecords.Counted<DriftReport.Metrics> counted = compute(labelled);
    assertThat(rows).isEqualTo(1461);
    assertThat(counted.recordsRead()).isEqualTo(rows);
    assertThat(counted.result().rows()).hasSize(3 * 12);
    assertThat(counted.result().currentRows()).isEqualTo(365);
    againstNumpy(counted.result().rows());
    InputRecords.Counted<DriftReport.Metrics> unlabelled =
        compute(List.of(MonitoredColumn.predictionColumn("by_label", List.of())));
    assertThat(unlabelled.recordsRead()).isEqualTo(2 * rows);
    assertThat(unlabelled.result().rows()).hasSize(12);
    againstNumpy(unlabelled.result().rows());
  }

  private static InputRecords.Counted<DriftReport.Metrics> compute(List<MonitoredColumn> columns)
      throws Exception {
    return InputRecords.during(
        spark,
        () ->
            DriftReport.compute(
                List.of(
                    new DriftReport.Side(
                        input,
                        functions.col("date").geq(functions.lit("2015-01-01").cast("date")),
                        functions.col("date").lt(functions.lit("2015-01-01").cast("date")),
                        "input")),
                List.of("month"),
                columns,
                Map.of(),
                new DriftComparison(Smoothing.none())));
  }

  /** Every number of every row against numpy/scipy (data_quality_prediction_oracles.json). */
  private static void againstNumpy(List<DriftEvaluation.Input> out) throws Exception {
    JsonNode months =
        new ObjectMapper()
            .readTree(ORACLES.resolve("data_quality_prediction_oracles.json").toFile())
            .get("months");
    for (DriftEvaluation.Input in : out) {
      JsonNode o = months.get(in.groupKey());
      JsonNode none = o.get("none");
      DriftComparison.Result r = in.result();
      String what = in.column() + " month " + in.groupKey();
      assertThat(r.status()).as(what).isNull();
      assertThat(r.kind()).isEqualTo(MonitoredColumn.Kind.PREDICTIONS);
      assertThat(r.nCurrent()).as(what).isEqualTo(o.get("n").asDouble());
      assertThat(r.nReference()).as(what).isEqualTo(o.get("n_reference").asDouble());
      assertThat(r.nullCurrent()).isZero();
      assertThat(r.labels()).as(what).isEqualTo(LABELS);
      assertThat(r.categories()).isEqualTo(5);
      Map<String, Double> got =
          Map.ofEntries(
              Map.entry("expected_nll_nats", r.expectedNll()),
              Map.entry("expected_nll_sd_nats", r.expectedNllSd()),
              Map.entry("expected_nll_reference_nats", r.expectedNllReference()),
              Map.entry("expected_nll_change_nats", r.expectedNllChange()));
      got.forEach(
          (k, v) -> assertThat(v).as(what + " " + k).isCloseTo(o.get(k).asDouble(), within(1e-12)));
      Map<String, Double> drift =
          Map.of(
              "kl_divergence_nats", r.klDivergence(),
              "reverse_kl_divergence_nats", r.reverseKlDivergence(),
              "js_divergence_nats", r.jsDivergence(),
              "psi_nats", r.psi(),
              "hellinger_distance", r.hellingerDistance(),
              "total_variation_distance", r.totalVariationDistance());
      drift.forEach(
          (k, v) ->
              assertThat(v).as(what + " " + k).isCloseTo(none.get(k).asDouble(), within(1e-12)));
      for (int j = 0; j < 5; j++) {
        assertThat(r.currentShare()[j])
            .as(what + " mean prediction " + LABELS.get(j))
            .isCloseTo(o.get("current_share").get(j).asDouble(), within(1e-14));
        assertThat(r.referenceShare()[j])
            .isCloseTo(o.get("reference_share").get(j).asDouble(), within(1e-14));
      }
    }
  }

  /** A null prediction is counted as null and excluded; the other rows' numbers do not move. */
  @Test
  void nullPredictionsAreCountedAndExcluded() {
    Dataset<Row> withNulls =
        input.unionByName(
            input
                .where("date = DATE'2015-06-15'")
                .withColumn("scores", functions.lit(null).cast("array<double>"))
                .withColumn(
                    "probability",
                    functions.lit(null).cast(input.schema().apply("probability").dataType()))
                .withColumn("by_label", functions.lit(null).cast("map<string,double>")));
    List<DriftEvaluation.Input> out =
        DriftReport.compute(
                List.of(
                    new DriftReport.Side(
                        withNulls,
                        functions.col("date").geq(functions.lit("2015-01-01").cast("date")),
                        functions.col("date").lt(functions.lit("2015-01-01").cast("date")),
                        "input")),
                List.of("month"),
                List.of(
                    MonitoredColumn.predictionColumn("probability", LABELS),
                    MonitoredColumn.predictionColumn("by_label", List.of())),
                Map.of(),
                new DriftComparison(Smoothing.none()))
            .rows();
    for (DriftEvaluation.Input in : out) {
      DriftComparison.Result r = in.result();
      double nulls = in.groupKey().equals("6") ? 1 : 0;
      assertThat(r.nullCurrent()).as(in.column() + " " + in.groupKey()).isEqualTo(nulls);
      assertThat(r.nCurrent()).isEqualTo(in.groupKey().equals("6") ? 30 : r.nCurrent());
      assertThat(r.labels()).isEqualTo(LABELS);
    }
  }
}

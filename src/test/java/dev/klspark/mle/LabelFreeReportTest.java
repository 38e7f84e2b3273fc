package dev.klspark.mle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klspark.math.LogBase;
import dev.klspark.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/** The label-free report: expected log-loss and prediction drift per group, against numpy. */
class LabelFreeReportTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final Path ORACLES =
      Path.of(System.getProperty("klspark.project.dir", ".")).resolve("src/test/resources/oracles");
  private static final List<String> LABELS = List.of("drizzle", "fog", "rain", "snow", "sun");

  private static Dataset<Row> predictions() {
    return spark
        .read()
        .option("header", "true")
        .option("inferSchema", "true")
        .csv(ORACLES.resolve("seattle_weather_predictions.csv").toString())
        .selectExpr("CAST(date AS STRING) AS date", "month", "array(p0, p1, p2, p3, p4) AS q");
  }

  private static PredictionReport.Spec spec() {
    return new PredictionReport.Spec(List.of("month"), null, "q", LABELS, "lr", LogBase.NATS);
  }

  /**
   * Real predictions (an MLlib logistic regression on the Seattle weather; see
   * expected_nll_oracles.py), per month, the days of 2015 against those of 2012 to 2014: every
   * column against numpy and scipy to 1e-9.
   */
  @Test
  void agreesWithNumpyOnRealPredictions() throws Exception {
    JsonNode oracle =
        new ObjectMapper()
            .readTree(ORACLES.resolve("expected_nll_oracles.json").toFile())
            .get("label_free");
    Dataset<Row> report =
        LabelFreeReport.build(
            predictions(),
            spec(),
            functions.col("date").geq("2015"),
            functions.col("date").lt("2015"));
    assertThat(report.columns())
        .containsExactly(
            "month",
            "model_id",
            "n",
            "expected_nll_nats",
            "expected_nll_sd_nats",
            "mean_prediction",
            "mean_prediction_entropy_nats",
            "n_reference",
            "prediction_kl_divergence_nats",
            "expected_nll_change_nats",
            "status");
    List<Row> rows = report.collectAsList();
    assertThat(rows).hasSize(12);
    for (Row r : rows) {
      JsonNode o = oracle.get(String.valueOf(r.getInt(0)));
      assertThat(r.getLong(2)).isEqualTo(o.get("n").asLong());
      assertThat(r.<Long>getAs("n_reference")).isEqualTo(o.get("n_reference").asLong());
      for (String c :
          List.of(
              "expected_nll_nats",
              "expected_nll_sd_nats",
              "mean_prediction_entropy_nats",
              "prediction_kl_divergence_nats",
              "expected_nll_change_nats")) {
        assertThat(r.<Double>getAs(c))
            .as("month %d %s", r.getInt(0), c)
            .isCloseTo(o.get(c).asDouble(), within(1e-9));
      }
      Map<String, Double> mean = r.getJavaMap(r.fieldIndex("mean_prediction"));
      assertThat(mean).containsOnlyKeys(LABELS);
      assertThat(mean.get("sun")).isCloseTo(o.get("mean_prediction_sun").asDouble(), within(1e-12));
      assertThat(r.<String>getAs("status")).isEqualTo("ok");
    }
  }

  /**
   * Invariants: H(Q̄) ≥ expected_nll (concavity of H), and without a reference every row is current
   * and the labelled report's expected_nll is the same number.
   */
  @Test
  void invariantsAndTheLabelledReportsExpectation() {
    List<Row> free = LabelFreeReport.build(predictions(), spec(), null, null).collectAsList();
    assertThat(free).hasSize(12);
    for (Row r : free) {
      assertThat(r.<Double>getAs("mean_prediction_entropy_nats"))
          .isGreaterThanOrEqualTo(r.<Double>getAs("expected_nll_nats"));
    }
    Dataset<Row> labelled =
        spark
            .read()
            .option("header", "true")
            .option("inferSchema", "true")
            .csv(ORACLES.resolve("seattle_weather_predictions.csv").toString())
            .selectExpr("month", "weather", "array(p0, p1, p2, p3, p4) AS q");
    List<Row> withLabels =
        PredictionReport.build(
                labelled,
                new PredictionReport.Spec(
                    List.of("month"), "weather", "q", LABELS, "lr", LogBase.NATS))
            .collectAsList();
    for (int i = 0; i < 12; i++) {
      assertThat(free.get(i).<Double>getAs("expected_nll_nats"))
          .isCloseTo(withLabels.get(i).<Double>getAs("expected_nll_nats"), within(1e-12));
    }
  }

  /** A group with no reference row: missing_reference, drift null; bits scale every quantity. */
  @Test
  void missingReferenceAndBits() {
    Dataset<Row> d =
        spark.sql(
            "SELECT * FROM VALUES ('a', 'cur', array(0.5D, 0.5D)), ('a', 'ref', array(0.9D,"
                + " 0.1D)), ('b', 'cur', array(0.25D, 0.75D)) AS t(g, side, q)");
    List<Row> r =
        LabelFreeReport.build(
                d,
                new PredictionReport.Spec(
                    List.of("g"), null, "q", List.of("x", "y"), "m", LogBase.BITS),
                functions.col("side").equalTo("cur"),
                functions.col("side").equalTo("ref"))
            .collectAsList();
    // a: expected 1 bit; KL((.5,.5) || (.9,.1)) = .5 log2(.5/.9) + .5 log2(.5/.1) (hand).
    assertThat(r.get(0).<Double>getAs("expected_nll_bits")).isCloseTo(1.0, within(1e-15));
    assertThat(r.get(0).<Double>getAs("prediction_kl_divergence_bits"))
        .isCloseTo(
            0.5 * Math.log(0.5 / 0.9) / Math.log(2) + 0.5 * Math.log(0.5 / 0.1) / Math.log(2),
            within(1e-15));
    assertThat(r.get(1).<String>getAs("status")).isEqualTo("missing_reference");
    assertThat(r.get(1).<Object>getAs("prediction_kl_divergence_bits")).isNull();
  }
}

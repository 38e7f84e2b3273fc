package dev.klspark.spark.sql;

import static dev.klspark.spark.sql.SqlTestSupport.klError;
import static dev.klspark.spark.sql.SqlTestSupport.scalar;
import static dev.klspark.spark.sql.SqlTestSupport.scalarDouble;
import static dev.klspark.spark.sql.SqlTestSupport.spark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * predictive_entropy, expected_nll and expected_nll_sd in SQL: against numpy on real predictions
 * ({@code src/test/resources/oracles/expected_nll_oracles.py}: an MLlib logistic regression's
 * probabilities for every day of data/seattle-weather.csv, per month), against mpmath on small
 * hand-made predictions ({@code expected_nll_sql_oracles.py}), the invariants of certain and
 * constant predictions, NULL rows, and the errors of bad predictions. Tables are spread over
 * several partitions, so the aggregates' merge runs.
 */
class ExpectedNllFunctionsTest {
  private static final Path ORACLES =
      Path.of(System.getProperty("klspark.project.dir", ".")).resolve("src/test/resources/oracles");
  private static final double LN2 = Math.log(2.0);
  private static JsonNode months;
  private static JsonNode labelFree;

  /**
   * The view {@code weather}: date, month, weather (the label), the prediction as {@code q}
   * (array), {@code m} (map, by label) and {@code v} (MLlib vector), over 4 partitions.
   */
  @BeforeAll
  static void predictions() throws IOException {
    JsonNode oracle =
        new ObjectMapper().readTree(ORACLES.resolve("expected_nll_oracles.json").toFile());
    months = oracle.get("months");
    labelFree = oracle.get("label_free");
    spark()
        .read()
        .option("header", "true")
        .option("inferSchema", "true")
        .csv(ORACLES.resolve("seattle_weather_predictions.csv").toString())
        .selectExpr(
            "CAST(date AS STRING) AS date",
            "month",
            "weather",
            "array(p0, p1, p2, p3, p4) AS q",
            "map('drizzle', p0, 'fog', p1, 'rain', p2, 'snow', p3, 'sun', p4) AS m")
        .withColumn("v", org.apache.spark.ml.functions.array_to_vector(functions.col("q")))
        .repartition(4)
        .createOrReplaceTempView("weather");
  }

  /**
   * Per month, the three shapes of a prediction against numpy's mean H(q) and sqrt(sum V(q)) / n
   * (expected_nll_oracles.json "months"), and predictive_entropy averaged by Spark's avg against
   * the same mean. Differences are summation order only (numpy's pairwise sums, klspark's
   * compensated ones): 1e-12 holds with room.
   */
  @Test
  void agreesWithNumpyOnRealPredictionsPerMonth() {
    List<Row> rows =
        spark()
            .sql(
                "SELECT month, count(*), expected_nll(q), expected_nll_sd(q), expected_nll(m),"
                    + " expected_nll_sd(m), expected_nll(v), expected_nll_sd(v),"
                    + " avg(predictive_entropy(v)), expected_nll(q, 'bits'),"
                    + " expected_nll_sd(m, 'bits') FROM weather GROUP BY month ORDER BY month")
            .collectAsList();
    assertThat(rows).hasSize(12);
    for (Row r : rows) {
      JsonNode o = months.get(String.valueOf(r.getInt(0)));
      double e = o.get("expected_nll_nats").asDouble();
      double sd = o.get("expected_nll_sd_nats").asDouble();
      String month = "month " + r.getInt(0);
      assertThat(r.getLong(1)).as(month).isEqualTo(o.get("n").asLong());
      for (int c : new int[] {2, 4, 6, 8}) {
        assertThat(r.getDouble(c)).as("%s column %d", month, c).isCloseTo(e, within(1e-12));
      }
      for (int c : new int[] {3, 5, 7}) {
        assertThat(r.getDouble(c)).as("%s column %d", month, c).isCloseTo(sd, within(1e-12));
      }
      assertThat(r.getDouble(9)).as(month).isCloseTo(e / LN2, within(1e-12));
      assertThat(r.getDouble(10)).as(month).isCloseTo(sd / LN2, within(1e-12));
    }
  }

  /**
   * The days of 2015 per month (a WHERE and an aggregate FILTER), against numpy's label-free oracle
   * (expected_nll_oracles.json "label_free": the current rows' expected_nll and sd).
   */
  @Test
  void agreesWithNumpyOnTheDaysOf2015() {
    List<Row> rows =
        spark()
            .sql(
                "SELECT month, count(*), expected_nll(v), expected_nll_sd(q),"
                    + " expected_nll(m) FILTER (WHERE month > 0) FROM weather WHERE date >="
                    + " '2015' GROUP BY month ORDER BY month")
            .collectAsList();
    assertThat(rows).hasSize(12);
    for (Row r : rows) {
      JsonNode o = labelFree.get(String.valueOf(r.getInt(0)));
      assertThat(r.getLong(1)).isEqualTo(o.get("n").asLong());
      double e = o.get("expected_nll_nats").asDouble();
      assertThat(r.getDouble(2)).isCloseTo(e, within(1e-12));
      assertThat(r.getDouble(3)).isCloseTo(o.get("expected_nll_sd_nats").asDouble(), within(1e-12));
      assertThat(r.getDouble(4)).isCloseTo(e, within(1e-12));
    }
  }

  /**
   * With the labels, the calibration z of the log score composed in SQL, (-mean_log_likelihood(q of
   * the label) - expected_nll(q)) / expected_nll_sd(q), is numpy's calibration_z (the oracle's
   * clipping at 1e-15 never applies to these rows), as the docs of expected_nll say. z divides by
   * an sd of about 0.08: 1e-10.
   */
  @Test
  void composeTheCalibrationTestWithMeanLogLikelihood() {
    List<Row> rows =
        spark()
            .sql(
                "SELECT month, (-mean_log_likelihood(element_at(q, CAST(array_position(array("
                    + "'drizzle', 'fog', 'rain', 'snow', 'sun'), weather) AS INT))) -"
                    + " expected_nll(q)) / expected_nll_sd(q) FROM weather GROUP BY month ORDER BY"
                    + " month")
            .collectAsList();
    for (Row r : rows) {
      assertThat(r.getDouble(1))
          .as("month %d", r.getInt(0))
          .isCloseTo(
              months.get(String.valueOf(r.getInt(0))).get("calibration_z").asDouble(),
              within(1e-10));
    }
  }

  /**
   * Four predictions of 2, 3, 2 and 4 classes (one with a 0), NULL rows among them: mpmath 1.3.0 at
   * 40 digits (expected_nll_sql_oracles.py, "four rows"): E = 0.71242543013982609623, sd =
   * 0.25761561068857229048; in bits 1.0278126350659137534 and 0.37166076399598507922.
   */
  @Test
  void handMadePredictionsAgainstMpmath() {
    String rows =
        " FROM (SELECT /*+ REPARTITION(3) */ * FROM VALUES (array(0.9, 0.1)), (NULL),"
            + " (array(0.2, 0.3, 0.5)), (array(0.5, 0.5)), (NULL), (array(0.7, 0.2, 0.1, 0.0))"
            + " AS t(q))";
    assertThat(scalarDouble("SELECT expected_nll(q)" + rows))
        .isCloseTo(0.71242543013982609623, within(1e-15));
    assertThat(scalarDouble("SELECT expected_nll_sd(q)" + rows))
        .isCloseTo(0.25761561068857229048, within(1e-15));
    assertThat(scalarDouble("SELECT expected_nll(q, 'bits')" + rows))
        .isCloseTo(1.0278126350659137534, within(1e-15));
    assertThat(scalarDouble("SELECT expected_nll_sd(q, 'bits')" + rows))
        .isCloseTo(0.37166076399598507922, within(1e-15));
  }

  /**
   * predictive_entropy against mpmath and scipy (expected_nll_sql_oracles.py): H(0.9, 0.1) =
   * 0.32508297339144823951, H(0.7, 0.2, 0.1, 0) = 0.80181855254333730856 (here as a map, 0 ln 0 =
   * 0), H(0.5, 0.25, 0.25, 0) = 1.5 bits; NULL in, NULL out; the value of entropy.
   */
  @Test
  void predictiveEntropyAgainstMpmath() {
    assertThat(scalarDouble("SELECT predictive_entropy(array(0.9, 0.1))"))
        .isCloseTo(0.32508297339144823951, within(1e-16));
    assertThat(
            scalarDouble(
                "SELECT predictive_entropy(map('rain', 0.7, 'fog', 0.2, 'sun', 0.1, 'snow', 0.0))"))
        .isCloseTo(0.80181855254333730856, within(1e-15));
    assertThat(scalarDouble("SELECT predictive_entropy(array(0.5, 0.25, 0.25, 0.0), 'bits')"))
        .isEqualTo(1.5);
    assertThat(scalar("SELECT predictive_entropy(CAST(NULL AS array<double>))")).isNull();
    assertThat(scalarDouble("SELECT predictive_entropy(v) - entropy(v) FROM weather LIMIT 1"))
        .isZero();
  }

  /** A certain (one-hot) prediction expects no loss, and none can differ from it: 0 and 0. */
  @Test
  void certainPredictionsExpectNoLoss() {
    String rows =
        " FROM (SELECT /*+ REPARTITION(2) */ * FROM VALUES (array(0.0, 1.0, 0.0), map('a', 1.0,"
            + " 'b', 0.0)), (array(1.0, 0.0, 0.0), map('a', 0.0, 'b', 1.0)), (array(0.0, 0.0,"
            + " 1.0), map('c', 1.0)) AS t(q, m))";
    for (String call :
        List.of(
            "expected_nll(q)",
            "expected_nll_sd(q)",
            "expected_nll(m, 'bits')",
            "expected_nll_sd(m)",
            "max(predictive_entropy(q))")) {
      assertThat(scalarDouble("SELECT " + call + rows)).as(call).isZero();
    }
  }

  /**
   * A constant prediction q over n rows: expected_nll = H(q) and expected_nll_sd = sqrt(V(q) / n),
   * V(q) = sum q (ln q)^2 - H(q)^2, both written out here; mpmath (expected_nll_sql_oracles.py, "x
   * 7") gives 1.0296530140645735274 and 0.13782204387740861501. The order of the classes does not
   * matter.
   */
  @Test
  void constantPredictionGivesItsEntropyAndTheSdOfOneRowOverRootN() {
    double[] q = {0.5, 0.3, 0.2};
    double h = 0;
    double m2 = 0;
    for (double x : q) {
      h -= x * Math.log(x);
      m2 += x * Math.log(x) * Math.log(x);
    }
    int n = 7;
    double sd = Math.sqrt((m2 - h * h) / n);
    assertThat(h).isCloseTo(1.0296530140645735274, within(1e-15));
    assertThat(sd).isCloseTo(0.13782204387740861501, within(1e-15));
    for (String order : List.of("array(0.5, 0.3, 0.2)", "array(0.2, 0.5, 0.3)")) {
      String rows = " FROM (SELECT /*+ REPARTITION(3) */ " + order + " AS q FROM range(" + n + "))";
      assertThat(scalarDouble("SELECT expected_nll(q)" + rows)).isCloseTo(h, within(1e-15));
      assertThat(scalarDouble("SELECT expected_nll_sd(q)" + rows)).isCloseTo(sd, within(1e-15));
      assertThat(scalarDouble("SELECT first(predictive_entropy(q))" + rows))
          .isCloseTo(h, within(1e-15));
    }
  }

  /** NULL rows are skipped; a group without a non-NULL prediction, or without rows, gives NULL. */
  @Test
  void nullRowsAreSkippedAndAnEmptyGroupGivesNull() {
    List<Row> rows =
        spark()
            .sql(
                "SELECT g, expected_nll(q), expected_nll_sd(q), count(q) FROM VALUES (1,"
                    + " array(0.5, 0.5)), (1, NULL), (2, CAST(NULL AS array<double>)) AS t(g, q)"
                    + " GROUP BY g ORDER BY g")
            .collectAsList();
    assertThat(rows.get(0).getDouble(1)).isCloseTo(LN2, within(1e-16));
    assertThat(rows.get(0).getDouble(2)).isZero();
    assertThat(rows.get(1).isNullAt(1)).isTrue();
    assertThat(rows.get(1).isNullAt(2)).isTrue();
    assertThat(scalar("SELECT expected_nll(q) FROM weather WHERE month > 12")).isNull();
    assertThat(scalar("SELECT expected_nll_sd(v) FROM weather WHERE month > 12")).isNull();
  }

  /** A bad prediction among good ones, for both aggregates. */
  static Stream<Arguments> badPredictions() {
    return Stream.of(
            Arguments.of(
                "array(0.5, 0.6)",
                "prediction sums to 1.1; expected 1 within 1.0E-6 (normalise it, or choose a"
                    + " smoothing policy)"),
            Arguments.of(
                "array(1.2, -0.2)",
                "prediction[1] = -0.2 is negative; expected a finite non-negative value"),
            Arguments.of(
                "array(CAST('NaN' AS DOUBLE), 1.0)",
                "prediction[0] = NaN is NaN; expected a finite non-negative value"),
            Arguments.of(
                "array(0.5, NULL, 0.5)",
                "prediction[1] is NULL; expected a finite non-negative value"),
            Arguments.of(
                "map('a', 0.5, 'b', CAST(NULL AS DOUBLE))",
                "prediction[1] is NULL; expected a finite non-negative value"))
        .flatMap(
            a ->
                Stream.of("expected_nll", "expected_nll_sd")
                    .map(fn -> Arguments.of(fn, a.get()[0], a.get()[1])));
  }

  /**
   * The error of the aggregate, raised in a task: KLSPARK_INVALID_DISTRIBUTION, SQLSTATE 22023, the
   * function and the prediction named, and no hint (an aggregate has no try_ variant).
   */
  @ParameterizedTest(name = "{0}({1})")
  @MethodSource("badPredictions")
  void aBadPredictionFailsTheAggregateWithItsCondition(String fn, String bad, String reason) {
    String good = bad.startsWith("map") ? "map('a', 0.5, 'b', 0.5)" : "array(0.5, 0.5)";
    KlFunctionException e =
        klError(
            "SELECT "
                + fn
                + "(q) FROM (SELECT /*+ REPARTITION(2) */ * FROM VALUES ("
                + good
                + "), ("
                + bad
                + "), ("
                + good
                + ") AS t(q))");
    assertThat(e.function()).isEqualTo(fn);
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.condition()).isEqualTo(KlErrorCondition.INVALID_DISTRIBUTION);
    assertThat(e.getSqlState()).isEqualTo("22023");
    assertThat(e.getMessage())
        .startsWith("[KLSPARK_INVALID_DISTRIBUTION] " + fn + ": " + reason + ".")
        .doesNotContain("try_");
    assertThat(e.getMessageParameters()).doesNotContainKey("tryFunction");
  }

  /** Bad predictions in predictive_entropy: the error with the hint, and NULL from try_. */
  @Test
  void tryPredictiveEntropyGivesNullOnTheRowsPredictiveEntropyRejects() {
    List<Row> rows =
        spark()
            .sql(
                "SELECT try_predictive_entropy(q) FROM VALUES (0, array(0.5, 0.5)), (1, array(0.5,"
                    + " 0.6)), (2, array(1.2, -0.2)) AS t(i, q) ORDER BY i")
            .collectAsList();
    assertThat(rows.get(0).getDouble(0)).isCloseTo(LN2, within(1e-16));
    assertThat(rows.get(1).isNullAt(0)).isTrue();
    assertThat(rows.get(2).isNullAt(0)).isTrue();
    KlFunctionException e =
        klError("SELECT predictive_entropy(q) FROM VALUES (array(0.5, 0.6)) AS t(q)");
    assertThat(e.getMessage())
        .startsWith(
            "[KLSPARK_INVALID_DISTRIBUTION] predictive_entropy: prediction sums to 1.1; expected 1"
                + " within 1.0E-6 (normalise it, or choose a smoothing policy). Use"
                + " try_predictive_entropy to tolerate invalid input and return NULL instead.");
  }
}

package dev.klspark.mle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.KlsparkException;
import dev.klspark.math.DivergenceScoreDecomposition;
import dev.klspark.math.ForecastBinning;
import dev.klspark.math.LogBase;
import dev.klspark.spark.distribution.ModelTable.Normalization;
import dev.klspark.spark.distribution.RowChecks;
import dev.klspark.testing.RandomDistributions;
import dev.klspark.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Per-row MLlib predictions: hand-computed values, agreement with MLlib's evaluator, bad inputs.
 */
class PredictionReportTest {
  private static final SparkSession spark = SparkTestSession.get();

  private static Dataset<Row> handMade() {
    List<Row> rows =
        List.of(
            RowFactory.create("a", "u", Vectors.dense(0.5, 0.3, 0.2)),
            RowFactory.create("a", "v", Vectors.dense(0.0, 0.0, 1.0)),
            RowFactory.create("b", "w", Vectors.dense(0.1, 0.1, 0.8)),
            RowFactory.create("b", null, Vectors.dense(0.1, 0.1, 0.8)));
    StructType schema =
        new StructType()
            .add("g", DataTypes.StringType)
            .add("y", DataTypes.StringType)
            .add("prob", SQLDataTypes.VectorType());
    return spark.createDataFrame(rows, schema);
  }

  private static PredictionReport.Spec spec(String prob, List<String> labels) {
    return new PredictionReport.Spec(List.of("g"), "y", prob, labels, "clf", LogBase.NATS);
  }

  @Test
  void handComputedLogLossAndCalibrationInTheLarge() {
    List<Row> r =
        PredictionReport.build(handMade(), spec("prob", List.of("u", "v", "w"))).collectAsList();
    Row a = r.get(0);
    assertThat(a.getString(0)).isEqualTo("a");
    // Row 2 gives its true label probability 0: MLlib counts it as eps = 1e-15.
    double nll = (-Math.log(0.5) - Math.log(1e-15)) / 2;
    assertThat(a.getDouble(a.fieldIndex("mean_nll_nats"))).isCloseTo(nll, within(1e-13));
    assertThat(a.getLong(a.fieldIndex("clipped_rows"))).isEqualTo(1);
    // P̂ = (.5, .5, 0), Q̄ = (.25, .15, .6).
    double kl = 0.5 * Math.log(0.5 / 0.25) + 0.5 * Math.log(0.5 / 0.15);
    assertThat(a.getDouble(a.fieldIndex("mean_prediction_kl_divergence_nats")))
        .isCloseTo(kl, within(1e-14));
    assertThat(a.getDouble(a.fieldIndex("entropy_nats"))).isCloseTo(Math.log(2), within(1e-15));
    Row b = r.get(1);
    assertThat(b.getLong(b.fieldIndex("n"))).isEqualTo(1);
    assertThat(b.getLong(b.fieldIndex("null_count"))).isEqualTo(1);
    assertThat(b.getDouble(b.fieldIndex("mean_nll_nats"))).isCloseTo(-Math.log(0.8), within(1e-15));
    // Overall, the n-weighted mean equals MLlib's evaluator (same eps convention).
    double overall = (2 * nll - Math.log(0.8)) / 3;
    assertThat(PredictionReport.evaluatorLogLoss(handMade(), spec("prob", List.of("u", "v", "w"))))
        .isCloseTo(overall, within(1e-13));
  }

  @Test
  void agreesWithMllibEvaluatorOnATrainedLogisticRegression() {
    Random rnd = new Random(7);
    List<Row> rows = new ArrayList<>();
    String[] ys = {"u", "v", "w"};
    for (int i = 0; i < 600; i++) {
      String g = i % 3 == 0 ? "a" : "b";
      double x = rnd.nextGaussian();
      int y = x + (g.equals("a") ? 0.5 : 0) + 0.7 * rnd.nextGaussian() > 0.3 ? 0 : rnd.nextInt(3);
      rows.add(RowFactory.create(g, x, ys[y]));
    }
    Dataset<Row> data =
        spark.createDataFrame(
            rows,
            new StructType()
                .add("g", DataTypes.StringType)
                .add("x", DataTypes.DoubleType)
                .add("y", DataTypes.StringType));
    StringIndexer indexer = new StringIndexer().setInputCol("y").setOutputCol("label");
    PipelineModel model =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  indexer,
                  new VectorAssembler().setInputCols(new String[] {"x"}).setOutputCol("features"),
                  new LogisticRegression().setFamily("multinomial").setMaxIter(20)
                })
            .fit(data);
    Dataset<Row> predictions = model.transform(data);
    List<String> labels = List.of(((StringIndexerModel) model.stages()[0]).labelsArray()[0]);
    assertThat(PredictionReport.labelsFromMetadata(predictions.schema(), "label"))
        .isEqualTo(labels);
    PredictionReport.Spec s =
        new PredictionReport.Spec(List.of("g"), "label", "probability", labels, "lr", LogBase.NATS);
    double weighted = 0;
    long n = 0;
    for (Row r : PredictionReport.build(predictions, s).collectAsList()) {
      weighted += r.getLong(r.fieldIndex("n")) * r.getDouble(r.fieldIndex("mean_nll_nats"));
      n += r.getLong(r.fieldIndex("n"));
    }
    double evaluator = PredictionReport.evaluatorLogLoss(predictions, s);
    assertThat(n).isEqualTo(600);
    assertThat(weighted / n).isCloseTo(evaluator, within(1e-12 * evaluator));
    // The string label column with the same labels gives the same numbers.
    PredictionReport.Spec byString =
        new PredictionReport.Spec(List.of("g"), "y", "probability", labels, "lr", LogBase.NATS);
    assertThat(PredictionReport.evaluatorLogLoss(predictions, byString))
        .isCloseTo(evaluator, within(1e-15));
  }

  /**
   * The calibration test of the log score on real predictions: an MLlib multinomial logistic
   * regression's probabilities for every day of data/seattle-weather.csv, per month, against numpy
   * and scipy ({@code src/test/resources/oracles/expected_nll_oracles.py}, which says how the
   * predictions were made), to 1e-9.
   */
  @Test
  void expectedLogLossAndCalibrationTestAgreeWithNumpyOnRealPredictions() throws Exception {
    java.nio.file.Path dir =
        java.nio.file.Path.of(System.getProperty("klspark.project.dir", "."))
            .resolve("src/test/resources/oracles");
    Dataset<Row> predictions =
        spark
            .read()
            .option("header", "true")
            .option("inferSchema", "true")
            .csv(dir.resolve("seattle_weather_predictions.csv").toString())
            .selectExpr("month", "weather", "array(p0, p1, p2, p3, p4) AS probability");
    PredictionReport.Spec s =
        new PredictionReport.Spec(
            List.of("month"),
            "weather",
            "probability",
            List.of("drizzle", "fog", "rain", "snow", "sun"),
            "lr",
            LogBase.NATS);
    Dataset<Row> report =
        PredictionComparison.of(
            List.of(PredictionReport.build(predictions, s)), List.of("month"), LogBase.NATS);
    com.fasterxml.jackson.databind.JsonNode months =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(dir.resolve("expected_nll_oracles.json").toFile())
            .get("months");
    List<Row> rows = report.collectAsList();
    assertThat(rows).hasSize(12);
    for (Row r : rows) {
      com.fasterxml.jackson.databind.JsonNode o = months.get(String.valueOf(r.getInt(0)));
      assertThat(r.getLong(r.fieldIndex("n"))).isEqualTo(o.get("n").asLong());
      for (String c :
          List.of(
              "mean_nll_nats",
              "expected_nll_nats",
              "expected_nll_sd_nats",
              "calibration_z",
              "calibration_p_value",
              "calibration_p_value_adjusted")) {
        assertThat(r.getDouble(r.fieldIndex(c)))
            .as("month %d %s", r.getInt(0), c)
            .isCloseTo(o.get(c).asDouble(), within(1e-9));
      }
    }
  }

  @Test
  void vectorSizeOtherThanTheNumberOfLabelsIsRejected() {
    assertThatThrownBy(() -> PredictionReport.build(handMade(), spec("prob", List.of("u", "v"))))
        .isInstanceOf(KlsparkException.class)
        .hasMessage(
            "probability column 'prob' holds vectors of size 3 but 2 labels were given ([u, v]);"
                + " expected one probability per label, in the label order");
  }

  @Test
  void missingOrMistypedProbabilityColumnIsRejected() {
    assertThatThrownBy(
            () -> PredictionReport.build(handMade(), spec("probability", List.of("u", "v", "w"))))
        .isInstanceOf(KlsparkException.class)
        .hasMessage(
            "probability column 'probability' not found in the predictions; available columns: [g, y, prob]");
    assertThatThrownBy(() -> PredictionReport.build(handMade(), spec("y", List.of("u", "v", "w"))))
        .isInstanceOf(KlsparkException.class)
        .hasMessageStartingWith("probability column 'y' has type string; expected an MLlib Vector");
    assertThatThrownBy(() -> PredictionReport.labelsFromMetadata(handMade().schema(), "y"))
        .isInstanceOf(KlsparkException.class)
        .hasMessageContaining("label column 'y' carries no nominal ML attribute");
  }

  @Test
  void divergenceScoreDecompositionOfTheHandMadeRows() {
    Row a =
        PredictionReport.build(handMade(), spec("prob", List.of("u", "v", "w")))
            .collectAsList()
            .get(0);
    // Two distinct vectors, one row each: exact bins whose ō_k is one-hot, so RES = UNC = ln 2,
    // REL = the clipped log-loss (−ln .5 − ln 1e-15)/2, and the residual is 0.
    double nll = (-Math.log(0.5) - Math.log(1e-15)) / 2;
    assertThat(a.getDouble(a.fieldIndex("uncertainty_nats"))).isCloseTo(Math.log(2), within(1e-15));
    assertThat(a.getDouble(a.fieldIndex("resolution_nats"))).isCloseTo(Math.log(2), within(1e-15));
    assertThat(a.getDouble(a.fieldIndex("reliability_nats"))).isCloseTo(nll, within(1e-13));
    assertThat(a.getDouble(a.fieldIndex("decomposition_residual_nats")))
        .isCloseTo(0, within(1e-14));
    assertThat(a.getLong(a.fieldIndex("forecast_bins"))).isEqualTo(2);
    assertThat(a.getString(a.fieldIndex("forecast_binning"))).isEqualTo("exact");
  }

  /**
   * Against a plain-Java recomputation per group ({@link DivergenceScoreDecomposition#of} over the
   * group's rows; exact bins when no 0.01 grid cell holds two distinct vectors, else grid 1/100):
   * group "few" has 5 distinct forecasts (exact), group "many" 1500 continuous ones (grid 1/100).
   */
  @Test
  void decompositionMatchesAPlainJavaRecomputationPerGroup() {
    Random rnd = new Random(11);
    String[] labels = {"x", "y", "z"};
    double[][] few = new double[5][];
    for (int d = 0; d < few.length; d++) {
      few[d] = RandomDistributions.distribution(rnd, 3);
    }
    List<Row> rows = new ArrayList<>();
    Map<String, List<double[]>> forecasts = new LinkedHashMap<>();
    Map<String, List<Integer>> outcomes = new LinkedHashMap<>();
    for (int i = 0; i < 2100; i++) {
      String g = i < 600 ? "few" : "many";
      double[] f =
          g.equals("few") ? few[rnd.nextInt(few.length)] : RandomDistributions.distribution(rnd, 3);
      int y = RandomDistributions.sample(rnd, f);
      rows.add(RowFactory.create(g, labels[y], Vectors.dense(f)));
      forecasts.computeIfAbsent(g, x -> new ArrayList<>()).add(f);
      outcomes.computeIfAbsent(g, x -> new ArrayList<>()).add(y);
    }
    Dataset<Row> data =
        spark.createDataFrame(
            rows,
            new StructType()
                .add("g", DataTypes.StringType)
                .add("y", DataTypes.StringType)
                .add("prob", SQLDataTypes.VectorType()));
    PredictionReport.Spec s =
        new PredictionReport.Spec(List.of("g"), "y", "prob", List.of(labels), "m", LogBase.BITS);
    List<Row> report = PredictionReport.build(data, s).collectAsList();
    assertThat(report).hasSize(2);
    for (Row r : report) {
      String g = r.getString(0);
      double[][] f = forecasts.get(g).toArray(new double[0][]);
      int[] y = outcomes.get(g).stream().mapToInt(Integer::intValue).toArray();
      // Exact iff no cell of the 0.01 grid holds two distinct vectors.
      ForecastBinning grid = ForecastBinning.grid(ForecastBinning.DEFAULT_GRID_STEPS);
      Map<List<Double>, Set<List<Double>>> cells = new HashMap<>();
      for (double[] v : f) {
        cells.computeIfAbsent(boxed(grid.key(v)), x -> new HashSet<>()).add(boxed(v));
      }
      boolean pure = cells.values().stream().allMatch(c -> c.size() == 1);
      ForecastBinning binning = pure ? ForecastBinning.exact() : grid;
      assertThat(binning.isExact()).isEqualTo(g.equals("few"));
      DivergenceScoreDecomposition.Result expected =
          DivergenceScoreDecomposition.of(f, y, binning, PredictionReport.MLLIB_EPS)
              .in(LogBase.BITS);
      assertThat(r.getString(r.fieldIndex("forecast_binning"))).isEqualTo(binning.toString());
      assertThat(r.getLong(r.fieldIndex("forecast_bins"))).isEqualTo(expected.bins());
      assertRelative(r, "mean_nll_bits", expected.divergenceScore());
      assertRelative(r, "uncertainty_bits", expected.uncertainty());
      assertRelative(r, "resolution_bits", expected.resolution());
      assertRelative(r, "reliability_bits", expected.reliability());
      // The residual is a difference of O(1) values: 0 up to rounding when exact.
      assertThat(r.getDouble(r.fieldIndex("decomposition_residual_bits")))
          .isCloseTo(expected.residual(), within(1e-13));
      if (binning.isExact()) {
        assertThat(expected.residual()).isCloseTo(0.0, within(1e-13));
      } else {
        assertThat(expected.bins()).isLessThan(1500);
      }
    }
  }

  /** The hand-made rows with the probabilities as array&lt;double&gt; and as a label map. */
  private static Dataset<Row> handMadeAsArrayAndMap() {
    List<Row> rows =
        List.of(
            RowFactory.create(
                "a", "u", List.of(0.5, 0.3, 0.2), Map.of("u", 0.5, "v", 0.3, "w", 0.2)),
            RowFactory.create("a", "v", List.of(0.0, 0.0, 1.0), Map.of("w", 1.0)),
            RowFactory.create(
                "b", "w", List.of(0.1, 0.1, 0.8), Map.of("u", 0.1, "v", 0.1, "w", 0.8)),
            RowFactory.create(
                "b", null, List.of(0.1, 0.1, 0.8), Map.of("u", 0.1, "v", 0.1, "w", 0.8)));
    StructType schema =
        new StructType()
            .add("g", DataTypes.StringType)
            .add("y", DataTypes.StringType)
            .add("arr", DataTypes.createArrayType(DataTypes.DoubleType))
            .add("map", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType));
    return spark.createDataFrame(rows, schema);
  }

  @Test
  void arrayAndMapColumnsGiveTheVectorColumnsNumbers() {
    List<String> labels = List.of("u", "v", "w");
    List<Row> vector = PredictionReport.build(handMade(), spec("prob", labels)).collectAsList();
    for (String column : List.of("arr", "map")) {
      List<Row> other =
          PredictionReport.build(handMadeAsArrayAndMap(), spec(column, labels)).collectAsList();
      assertThat(other).as(column).isEqualTo(vector);
    }
    assertThat(PredictionReport.evaluatorLogLoss(handMadeAsArrayAndMap(), spec("map", labels)))
        .isCloseTo(
            PredictionReport.evaluatorLogLoss(handMade(), spec("prob", labels)), within(1e-15));
  }

  @Test
  void renormalizeDividesByTheSum() {
    List<Row> rows =
        List.of(
            RowFactory.create("a", "u", List.of(1.0, 0.6, 0.4)),
            RowFactory.create("a", "v", List.of(0.2, 1.2, 0.6)));
    Dataset<Row> data =
        spark.createDataFrame(
            rows,
            new StructType()
                .add("g", DataTypes.StringType)
                .add("y", DataTypes.StringType)
                .add("arr", DataTypes.createArrayType(DataTypes.DoubleType)));
    PredictionReport.Spec s =
        new PredictionReport.Spec(
            List.of("g"),
            "y",
            "arr",
            List.of("u", "v", "w"),
            "m",
            LogBase.NATS,
            Normalization.RENORMALIZE);
    Row a = PredictionReport.build(data, s).collectAsList().get(0);
    assertThat(a.getDouble(a.fieldIndex("mean_nll_nats")))
        .isCloseTo(-(Math.log(0.5) + Math.log(0.6)) / 2, within(1e-15));
  }

  /** One bad row each, with the one-line message of its row check. */
  static Stream<Arguments> badRows() {
    return Stream.of(
        Arguments.of(
            "arr",
            List.of(0.5, 0.5),
            "probability column 'arr' has 2 entries [0.5, 0.5] in group g=a; expected 3, one per label"
                + " of [u, v, w]"),
        Arguments.of(
            "arr",
            List.of(0.6, 0.5, 0.0),
            "probability column 'arr' has [0.6, 0.5, 0.0] summing to 1.1 in group g=a; expected"
                + " probabilities summing to 1 within 1e-6 (or --renormalize)"),
        Arguments.of(
            "arr",
            List.of(0.5, Double.NaN, 0.5),
            "probability column 'arr' has [0.5, NaN, 0.5] in group g=a; expected finite non-negative"
                + " probabilities (no null or NaN)"),
        Arguments.of(
            "arr",
            List.of(1.5, -0.5, 0.0),
            "probability column 'arr' has [1.5, -0.5, 0.0] in group g=a; expected finite non-negative"
                + " probabilities (no null or NaN)"),
        Arguments.of(
            "arr",
            null,
            "probability column 'arr' is null in group g=a; expected a distribution over the labels"
                + " [u, v, w]"),
        Arguments.of(
            "map",
            Map.of("u", 0.5, "x", 0.5),
            "probability column 'map' has key 'x' in group g=a, which is not one of the labels"
                + " [u, v, w]; expected a map from label to probability"));
  }

  @ParameterizedTest
  @MethodSource("badRows")
  void badProbabilitiesFailWithOneLineNamingColumnGroupAndValue(
      String column, Object value, String message) {
    StructType schema =
        new StructType()
            .add("g", DataTypes.StringType)
            .add("y", DataTypes.StringType)
            .add(
                column,
                column.equals("arr")
                    ? DataTypes.createArrayType(DataTypes.DoubleType)
                    : DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType));
    List<Row> rows = new ArrayList<>();
    rows.add(
        RowFactory.create(
            "b", "u", column.equals("arr") ? List.of(1.0, 0.0, 0.0) : Map.of("u", 1.0)));
    rows.add(RowFactory.create("a", "u", value));
    Dataset<Row> data = spark.createDataFrame(rows, schema);
    Throwable t =
        catchThrowable(
            () ->
                PredictionReport.build(data, spec(column, List.of("u", "v", "w"))).collectAsList());
    assertThat(t).isNotNull();
    assertThat(RowChecks.message(t)).isEqualTo(message);
  }

  private static List<Double> boxed(double[] v) {
    return java.util.Arrays.stream(v).boxed().toList();
  }

  private static void assertRelative(Row r, String column, double expected) {
    assertThat(r.getDouble(r.fieldIndex(column)))
        .as(column)
        .isCloseTo(expected, within(1e-12 * Math.abs(expected)));
  }
}

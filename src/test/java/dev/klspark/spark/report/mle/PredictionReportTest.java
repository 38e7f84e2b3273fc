package dev.klspark.spark.report.mle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.KlsparkException;
import dev.klspark.math.LogBase;
import dev.klspark.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
}

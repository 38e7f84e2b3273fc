package dev.klspark.mle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.KlsparkException;
import dev.klspark.math.LogBase;
import dev.klspark.spark.distribution.Buckets;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The classifier candidate: trained on the reference rows, scored on the evaluated rows, with the
 * label order of the buckets; settings and feature expressions checked with clear messages.
 */
class MleClassifierTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static Dataset<Row> input;

  /** 400 rows, half reference: the category is "hi" when x > 0, the feature x decides it. */
  @BeforeAll
  static void data() {
    Random rnd = new Random(5);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double x = rnd.nextGaussian();
      rows.add(RowFactory.create(i % 2 == 0 ? "a" : "b", x, x > 0 ? 1.0 : -1.0, i < 200));
    }
    input =
        spark.createDataFrame(
            rows,
            new StructType()
                .add("g", DataTypes.StringType)
                .add("x", DataTypes.DoubleType)
                .add("v", DataTypes.DoubleType)
                .add("ref", DataTypes.BooleanType));
  }

  @Test
  void scoresTheEvaluatedRowsInTheBucketLabelOrder() {
    CategorySpec category =
        new CategorySpec("v", new Buckets(new double[] {-2, 0, 2}, List.of("lo", "hi")), null);
    MleClassifier.Scored s =
        MleClassifier.train(
            input,
            List.of("g"),
            category,
            "ref",
            "NOT ref",
            new MleClassifier.Settings(List.of("x", "g"), 1.0, 50));
    assertThat(s.labels()).containsExactly("lo", "hi");
    assertThat(s.scored().columns()).containsExactly("g", "__y", "probability");
    List<Row> rows = s.scored().collectAsList();
    assertThat(rows).hasSize(200);
    // A separable problem: the true label gets most of the probability on nearly every row.
    long right = 0;
    for (Row r : rows) {
      Vector p = r.getAs("probability");
      assertThat(p.size()).isEqualTo(2);
      assertThat(p.apply(0) + p.apply(1)).isCloseTo(1.0, within(1e-12));
      right += p.apply(s.labels().indexOf(r.getString(1))) > 0.5 ? 1 : 0;
    }
    assertThat(right).isGreaterThan(190);
    PredictionReport.Spec spec = s.spec(List.of("g"), LogBase.NATS, 0.95);
    assertThat(spec.modelId()).isEqualTo(MleClassifier.MODEL_ID);
    assertThat(spec.labels()).containsExactly("lo", "hi");
  }

  @Test
  void badFeaturesAndSettingsAreNamed() {
    assertThatThrownBy(
            () ->
                MleClassifier.train(
                    input,
                    List.of("g"),
                    new CategorySpec("g", null, null),
                    "ref",
                    null,
                    new MleClassifier.Settings(List.of("no_such_column + 1"), 1.0, 5)))
        .isInstanceOf(KlsparkException.class)
        .hasMessageStartingWith(
            "--classifier-features 'no_such_column + 1' is not a valid Spark SQL expression on the"
                + " input: ");
    assertThatThrownBy(() -> new MleClassifier.Settings(List.of("x"), 0.0, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--classifier-sample 0.0; expected a fraction in (0, 1]");
    assertThatThrownBy(() -> new MleClassifier.Settings(List.of("x"), 1.0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--classifier-max-iter 0; expected N >= 1");
  }
}

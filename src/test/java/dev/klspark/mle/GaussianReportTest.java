package dev.klspark.mle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.math.LogBase;
import dev.klspark.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The Gaussian report. Group a holds x = [1, 2, 4, 7] under the model N(3, 2): scipy 1.17 {@code
 * -stats.norm.logpdf(x, 3, 2).mean()} = 2.299585713764618, {@code stats.norm(3.5,
 * np.std(x)).entropy()} = 2.248052571506439, and KL by mpmath quadrature 0.051533142258179108473.
 */
class GaussianReportTest {
  private static final SparkSession spark = SparkTestSession.get();

  @Test
  void knownAnswersAndTheIdentityOnEveryRow() {
    List<Row> rows = new ArrayList<>();
    for (double x : new double[] {1, 2, 4, 7}) {
      rows.add(RowFactory.create("a", x, false));
    }
    rows.add(RowFactory.create("a", null, false));
    Random rnd = new Random(3);
    for (int i = 0; i < 2000; i++) {
      rows.add(RowFactory.create("b", 1e3 + 5 * rnd.nextGaussian(), i % 2 == 0));
    }
    rows.add(RowFactory.create("c", 4.0, false));
    rows.add(RowFactory.create("c", 4.0, false));
    Dataset<Row> in =
        spark.createDataFrame(
            rows,
            new StructType()
                .add("g", DataTypes.StringType)
                .add("x", DataTypes.DoubleType)
                .add("ref", DataTypes.BooleanType));
    List<Row> constant =
        GaussianReport.build(
                in,
                new GaussianReport.Spec(
                    List.of("g"),
                    "x",
                    null,
                    new GaussianReport.Constant(3, 2),
                    "n32",
                    LogBase.NATS))
            .collectAsList();
    Row a = constant.get(0);
    assertThat(a.getLong(a.fieldIndex("n"))).isEqualTo(4);
    assertThat(a.getLong(a.fieldIndex("null_count"))).isEqualTo(1);
    assertThat(a.getDouble(a.fieldIndex("mean_nll_nats")))
        .isCloseTo(2.299585713764618, within(1e-14));
    assertThat(a.getDouble(a.fieldIndex("differential_entropy_nats")))
        .isCloseTo(2.248052571506439, within(1e-14));
    assertThat(a.getDouble(a.fieldIndex("kl_divergence_nats")))
        .isCloseTo(0.051533142258179108473, within(1e-14));
    Row c = constant.get(2);
    assertThat(c.getString(c.fieldIndex("status"))).isEqualTo("insufficient_data");

    // Per-group reference fit on half of b's rows, evaluated on the other half.
    List<Row> ref =
        GaussianReport.build(
                in,
                new GaussianReport.Spec(
                    List.of("g"),
                    "x",
                    "not ref",
                    new GaussianReport.Reference("ref"),
                    "fit",
                    LogBase.NATS))
            .collectAsList();
    Row b = ref.get(1);
    assertThat(b.getString(b.fieldIndex("status"))).isEqualTo("ok");
    assertThat(b.getDouble(b.fieldIndex("kl_divergence_nats"))).isGreaterThan(0).isLessThan(0.01);
    for (List<Row> report : List.of(constant, ref)) {
      for (Row r : report) {
        if ("ok".equals(r.getString(r.fieldIndex("status")))) {
          double nll = r.getDouble(r.fieldIndex("mean_nll_nats"));
          assertThat(r.getDouble(r.fieldIndex("identity_residual_nats")))
              .isLessThanOrEqualTo(1e-9 * Math.abs(nll));
        }
      }
    }
    assertThat(ref.get(0).getString(ref.get(0).fieldIndex("status"))).isEqualTo("missing_model");
  }
}

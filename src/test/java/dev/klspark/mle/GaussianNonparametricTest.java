package dev.klspark.mle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.math.ContinuousSamples;
import dev.klspark.math.LogBase;
import dev.klspark.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The nonparametric side of the Gaussian report. Three groups of 20,000 values, each against the
 * Gaussian model of its own mean and variance:
 *
 * <ul>
 *   <li>{@code normal}: N(0, 1) data; the shape adds nothing (negentropy ≈ 0);
 *   <li>{@code bimodal}: ½N(−1, 0.3²) + ½N(1, 0.3²) against N(0, 1.09), which matches its first two
 *       moments: kl_divergence (moments) ≈ 0 while the true KL(P ‖ Q) is 0.5551555286321128 nats
 *       (scipy 1.17 {@code integrate.quad} of −p ln p for h(P) = 0.9068718526930861, and the
 *       model's cross-entropy ½ ln(2π·1.09) + ½ = 1.462027381325199);
 *   <li>{@code tiny}: three distinct values, too few for k = 5: the columns are null and the
 *       message says why.
 * </ul>
 *
 * <p>On every row: mean_nll = differential_entropy_nonparametric + kl_divergence_nonparametric and
 * kl_divergence_nonparametric = kl_divergence + negentropy, to rounding; ĥ equals the kernel's on
 * the same values.
 */
class GaussianNonparametricTest {
  private static final SparkSession spark = SparkTestSession.get();

  @Test
  void momentsMissTheShapeTheNonparametricSideSeesIt() {
    Random r = new Random(41);
    List<Row> rows = new ArrayList<>();
    Map<String, List<Double>> values = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      double x = r.nextGaussian();
      rows.add(RowFactory.create("normal", x));
      values.computeIfAbsent("normal", k -> new ArrayList<>()).add(x);
      double b = (r.nextBoolean() ? -1 : 1) + 0.3 * r.nextGaussian();
      rows.add(RowFactory.create("bimodal", b));
      values.computeIfAbsent("bimodal", k -> new ArrayList<>()).add(b);
    }
    for (double x : new double[] {1, 2, 2}) {
      rows.add(RowFactory.create("tiny", x));
    }
    Dataset<Row> in =
        spark.createDataFrame(
            rows, new StructType().add("g", DataTypes.StringType).add("x", DataTypes.DoubleType));
    // The model: each group's own maximum-likelihood Gaussian (mean, population sd).
    Map<String, Row> byGroup = new HashMap<>();
    GaussianReport.build(
            in,
            new GaussianReport.Spec(
                List.of("g"), "x", null, new GaussianReport.Reference("true"), "fit", LogBase.NATS))
        .collectAsList()
        .forEach(row -> byGroup.put(row.getString(0), row));

    for (String g : List.of("normal", "bimodal")) {
      Row row = byGroup.get(g);
      double nll = row.getAs("mean_nll_nats");
      double h = row.getAs("differential_entropy_nats");
      double kl = row.getAs("kl_divergence_nats");
      double hNp = row.getAs("differential_entropy_nonparametric_nats");
      double klNp = row.getAs("kl_divergence_nonparametric_nats");
      double neg = row.getAs("negentropy_nats");
      assertThat(hNp + klNp).as(g).isCloseTo(nll, within(1e-12));
      assertThat(kl + neg).as(g).isCloseTo(klNp, within(1e-12));
      assertThat(kl).as(g).isCloseTo(0.0, within(1e-9));
      assertThat(hNp)
          .as(g)
          .isEqualTo(
              ContinuousSamples.entropy(
                  values.get(g).stream().mapToDouble(Double::doubleValue).toArray(), 5));
    }
    assertThat(byGroup.get("normal").<Double>getAs("negentropy_nats")).isBetween(-0.02, 0.02);
    assertThat(byGroup.get("bimodal").<Double>getAs("kl_divergence_nonparametric_nats"))
        .isCloseTo(0.5551555286321128, within(0.02));
    Row tiny = byGroup.get("tiny");
    assertThat(tiny.<String>getAs("status")).isEqualTo("ok");
    assertThat(tiny.<Double>getAs("differential_entropy_nonparametric_nats")).isNull();
    assertThat(tiny.<Double>getAs("negentropy_nats")).isNull();
    assertThat(tiny.<String>getAs("message"))
        .isEqualTo("fewer than k = 5 other values of the sample differ from the value 1.0");
  }
}

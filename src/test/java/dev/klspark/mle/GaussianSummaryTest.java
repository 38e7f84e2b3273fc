package dev.klspark.mle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.math.LogBase;
import dev.klspark.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** {@link GaussianSummary} computed in Spark over a small hand-made report, totals by hand. */
class GaussianSummaryTest {
  private static final SparkSession spark = SparkTestSession.get();

  private static Dataset<Row> report(Object[]... rows) {
    List<Row> out = new ArrayList<>();
    for (Object[] r : rows) {
      out.add(RowFactory.create(r));
    }
    StructType schema =
        new StructType()
            .add("g", DataTypes.StringType)
            .add("model_id", DataTypes.StringType)
            .add("n", DataTypes.LongType)
            .add("mean_nll_nats", DataTypes.DoubleType)
            .add("differential_entropy_nats", DataTypes.DoubleType)
            .add("kl_divergence_nats", DataTypes.DoubleType)
            .add("identity_residual_nats", DataTypes.DoubleType)
            .add("status", DataTypes.StringType);
    return spark.createDataFrame(out, schema);
  }

  @Test
  void nWeightedMeansOverTheOkGroups() {
    GaussianSummary s =
        GaussianSummary.of(
            report(
                new Object[] {"a", "gaussian_reference", 10L, 2.0, 1.5, 0.5, 1e-12, "ok"},
                new Object[] {"b", "gaussian_reference", 30L, 3.0, 2.9, 0.1, 6e-12, "ok"},
                new Object[] {
                  "c", "gaussian_reference", 5L, null, null, null, null, "insufficient_data"
                }),
            LogBase.NATS);
    // NLL (10 * 2 + 30 * 3) / 40, h (15 + 87) / 40, KL (5 + 3) / 40; residual max(1e-12 / 2,
    // 6e-12 / 3).
    assertThat(s.modelId()).isEqualTo("gaussian_reference");
    assertThat(s.groupsByStatus()).isEqualTo(Map.of("insufficient_data", 1L, "ok", 2L));
    assertThat(s.rowsInOkGroups()).isEqualTo(40.0);
    assertThat(s.meanNll()).isCloseTo(110 / 40.0, within(1e-15));
    assertThat(s.differentialEntropy()).isCloseTo(102 / 40.0, within(1e-15));
    assertThat(s.klDivergence()).isCloseTo(8 / 40.0, within(1e-15));
    assertThat(s.identityMaxRelativeResidual()).isCloseTo(2e-12, within(1e-27));
    assertThat(s.json().keySet())
        .containsExactly(
            "model_id",
            "groups_by_status",
            "rows_in_ok_groups",
            "mean_nll_nats",
            "differential_entropy_nats",
            "kl_divergence_nats",
            "identity_max_relative_residual");
    assertThat(s.json()).as("a count, as an integer").containsEntry("rows_in_ok_groups", 40L);
  }

  @Test
  void noOkGroupGivesNullMeansAndAnEmptyReportNoSummary() {
    GaussianSummary s =
        GaussianSummary.of(
            report(new Object[] {"a", "constant", 3L, null, null, null, null, "fail"}),
            LogBase.NATS);
    assertThat(s.rowsInOkGroups()).isZero();
    assertThat(s.meanNll()).isNull();
    assertThat(s.identityMaxRelativeResidual()).isZero();
    assertThat(s.json()).containsEntry("differential_entropy_nats", null);
    assertThat(GaussianSummary.of(report(), LogBase.NATS)).isNull();
  }
}

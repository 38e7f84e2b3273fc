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
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@link MleSummary} computed in Spark over small hand-made reports, against totals computed by
 * hand (in the comments). Groups a, b, c and a null group; candidates m1, m2 and the classifier.
 * The common groups are a and b: m1 has no model in c, the classifier no data in the null group.
 */
class MleSummaryTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final double TOL = 1e-15;
  private static final double INF = Double.POSITIVE_INFINITY;

  private static final StructType REPORT =
      new StructType()
          .add("g", DataTypes.StringType)
          .add("model_id", DataTypes.StringType)
          .add("n", DataTypes.LongType)
          .add("null_count", DataTypes.LongType)
          .add("mean_nll_nats", DataTypes.DoubleType)
          .add("entropy_nats", DataTypes.DoubleType)
          .add("kl_divergence_nats", DataTypes.DoubleType)
          .add("identity_residual_nats", DataTypes.DoubleType)
          .add("ranks_agree", DataTypes.BooleanType)
          .add("status", DataTypes.StringType);

  private static final StructType PREDICTIONS =
      new StructType()
          .add("g", DataTypes.StringType)
          .add("model_id", DataTypes.StringType)
          .add("n", DataTypes.LongType)
          .add("null_count", DataTypes.LongType)
          .add("mean_nll_nats", DataTypes.DoubleType)
          .add("entropy_nats", DataTypes.DoubleType)
          .add("mean_prediction_kl_divergence_nats", DataTypes.DoubleType)
          .add("clipped_rows", DataTypes.LongType)
          .add("status", DataTypes.StringType);

  private static Dataset<Row> table(StructType schema, Object[]... rows) {
    List<Row> out = new ArrayList<>();
    for (Object[] r : rows) {
      out.add(RowFactory.create(r));
    }
    return spark.createDataFrame(out, schema);
  }

  static Dataset<Row> report() {
    return table(
        REPORT,
        new Object[] {"a", "m1", 10L, 1L, 1.0, 0.8, 0.2, 1e-12, true, "ok"},
        new Object[] {"a", "m2", 10L, 1L, 1.5, 0.8, 0.7, 3e-12, true, "ok"},
        new Object[] {"b", "m1", 30L, 0L, 0.9, 0.6, 0.3, 0.0, false, "ok"},
        new Object[] {"b", "m2", 30L, 0L, 0.7, 0.6, 0.1, 0.0, false, "ok"},
        new Object[] {"c", "m1", 5L, 2L, null, null, null, null, null, "missing_model"},
        new Object[] {"c", "m2", 5L, 2L, INF, 0.5, INF, null, true, "ok"},
        new Object[] {null, "m1", 20L, 0L, 2.0, 1.5, 0.5, 2e-12, true, "ok"},
        new Object[] {null, "m2", 20L, 0L, 2.5, 1.5, 1.0, 0.0, true, "ok"});
  }

  static Dataset<Row> predictions() {
    return table(
        PREDICTIONS,
        new Object[] {"a", "logistic_regression", 10L, 1L, 0.5, 0.8, 0.05, 1L, "ok"},
        new Object[] {"b", "logistic_regression", 30L, 0L, 0.4, 0.6, 0.02, 0L, "ok"},
        new Object[] {"c", "logistic_regression", 5L, 2L, 0.3, 0.5, 0.01, 0L, "ok"},
        new Object[] {null, "logistic_regression", 0L, 0L, null, null, null, 0L, "missing_data"});
  }

  @Test
  void totalsOverTheCommonGroupsAndChecks() {
    MleSummary s = MleSummary.of(report(), predictions(), 0.41, LogBase.NATS);
    // Rows of the first model by id (m1): n 10 + 30 + 5 + 20, null_count 1 + 0 + 2 + 0.
    assertThat(s.evaluatedRows()).isEqualTo(65.0);
    assertThat(s.nullRows()).isEqualTo(3.0);
    assertThat(s.groups()).isEqualTo(4);
    assertThat(s.commonGroups()).isEqualTo(2);
    assertThat(s.statusesByModel())
        .isEqualTo(Map.of("m1", Map.of("missing_model", 1L, "ok", 3L), "m2", Map.of("ok", 4L)));

    // Over a (n 10) and b (n 30): classifier NLL (5 + 12) / 40, m2 (15 + 21) / 40, m1 (10 + 27)
    // / 40; entropy (8 + 18) / 40 for all.
    List<MleSummary.ModelTotals> m = s.models();
    assertThat(m)
        .extracting(MleSummary.ModelTotals::modelId)
        .containsExactly("logistic_regression", "m2", "m1");
    assertThat(m).extracting(MleSummary.ModelTotals::rank).containsExactly(1, 2, 3);
    assertThat(m).extracting(MleSummary.ModelTotals::rows).containsExactly(40.0, 40.0, 40.0);
    MleSummary.ModelTotals cls = m.get(0);
    assertThat(cls.kind()).isEqualTo(MleSummary.Kind.CLASSIFIER);
    assertThat(cls.meanNll()).isCloseTo(17 / 40.0, within(TOL));
    assertThat(cls.entropy()).isCloseTo(26 / 40.0, within(TOL));
    assertThat(cls.klDivergence()).isCloseTo(1.1 / 40, within(TOL)); // (0.5 + 0.6) / 40
    assertThat(cls.excessNll()).isCloseTo(-9 / 40.0, within(TOL));
    MleSummary.ModelTotals m2 = m.get(1);
    assertThat(m2.kind()).isEqualTo(MleSummary.Kind.DISTRIBUTION);
    assertThat(m2.meanNll()).isCloseTo(36 / 40.0, within(TOL));
    assertThat(m2.klDivergence()).isCloseTo(10 / 40.0, within(TOL)); // (7 + 3) / 40
    assertThat(m2.excessNll()).isCloseTo(10 / 40.0, within(TOL));
    MleSummary.ModelTotals m1 = m.get(2);
    assertThat(m1.meanNll()).isCloseTo(37 / 40.0, within(TOL));
    assertThat(m1.klDivergence()).isCloseTo(11 / 40.0, within(TOL)); // (2 + 9) / 40

    // Identity: 6 ok rows with a residual, 1 with +inf NLL (c/m2); the largest relative residual
    // is a/m2's 3e-12 / 1.5. Groups with an ok model: all 4; rankings disagree in b.
    assertThat(s.checks().identityRowsFinite()).isEqualTo(6);
    assertThat(s.checks().identityRowsInfinite()).isEqualTo(1);
    assertThat(s.checks().identityMaxRelativeResidual()).isCloseTo(2e-12, within(1e-27));
    assertThat(s.checks().groupsRanked()).isEqualTo(4);
    assertThat(s.checks().groupsWhereRankingsDisagree()).isEqualTo(1);

    // Classifier over its ok groups a, b, c: (10 * 0.5 + 30 * 0.4 + 5 * 0.3) / 45 = 18.5 / 45.
    MleSummary.ClassifierCheck c = s.classifier();
    assertThat(c.rows()).isEqualTo(45.0);
    assertThat(c.clippedRows()).isEqualTo(1L);
    assertThat(c.logLossFromReportNats()).isCloseTo(18.5 / 45, within(TOL));
    assertThat(c.relativeDifference()).isCloseTo((18.5 / 45 - 0.41) / 0.41, within(TOL));
    assertThat(s.modelsWithoutAnyGroup()).isEmpty();
  }

  @Test
  void jsonKeepsTheSummaryLayoutAndNamesTheClassifiersKl() {
    Map<String, Object> j = MleSummary.of(report(), predictions(), 0.41, LogBase.NATS).json();
    assertThat(j.keySet())
        .containsExactly(
            "rows", "groups", "models_ranked_over_common_groups", "checks", "classifier");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> models =
        (List<Map<String, Object>>) j.get("models_ranked_over_common_groups");
    assertThat(models.get(0).keySet())
        .containsExactly(
            "model_id",
            "kind",
            "rows",
            "mean_nll_nats",
            "entropy_nats",
            "mean_prediction_kl_divergence_nats",
            "kl_is",
            "excess_nll_nats",
            "rank");
    assertThat(models.get(1).keySet())
        .containsExactly(
            "model_id",
            "kind",
            "rows",
            "mean_nll_nats",
            "entropy_nats",
            "kl_divergence_nats",
            "excess_nll_nats",
            "rank");
    assertThat(models.get(1).get("kind")).isEqualTo("distribution per group");
  }

  @Test
  void withoutClassifierAllGroupsWhereEveryModelIsOkAreCommon() {
    MleSummary s = MleSummary.of(report(), null, Double.NaN, LogBase.NATS);
    // Common: a, b and the null group (n 20): m1 (10 + 27 + 40) / 60, m2 (15 + 21 + 50) / 60.
    assertThat(s.commonGroups()).isEqualTo(3);
    assertThat(s.classifier()).isNull();
    assertThat(s.models()).extracting(MleSummary.ModelTotals::modelId).containsExactly("m1", "m2");
    assertThat(s.models().get(0).meanNll()).isCloseTo(77 / 60.0, within(TOL));
    assertThat(s.models().get(1).meanNll()).isCloseTo(86 / 60.0, within(TOL));
    assertThat(s.json()).doesNotContainKey("classifier");
  }

  @Test
  void aCandidateMissingInEveryGroupIsNamedAndTheBitsLossIsConvertedToNats() {
    StructType bits = renamed(REPORT);
    // No group column: one overall group.
    Dataset<Row> r =
        table(
                bits,
                new Object[] {"-", "m1", 8L, 0L, 2.0, 1.0, 1.0, 0.0, true, "ok"},
                new Object[] {"-", "m3", 8L, 0L, null, null, null, null, null, "missing_model"})
            .drop("g");
    Dataset<Row> p =
        table(
                renamed(PREDICTIONS),
                new Object[] {"-", "logistic_regression", 8L, 0L, 1.0, 1.0, 0.0, 0L, "ok"})
            .drop("g");
    MleSummary s = MleSummary.of(r, p, Math.log(2), LogBase.BITS);
    assertThat(s.groups()).isEqualTo(1);
    assertThat(s.commonGroups()).isZero();
    assertThat(s.modelsWithoutAnyGroup()).isEqualTo(Map.of("m3", 1L));
    // A mean NLL of 1 bit is ln 2 nats, MLlib's unit.
    assertThat(s.classifier().logLossFromReportNats()).isCloseTo(Math.log(2), within(TOL));
    assertThat(s.classifier().relativeDifference()).isCloseTo(0.0, within(TOL));
  }

  /** The schema with its nats columns in bits. */
  private static StructType renamed(StructType schema) {
    StructType out = new StructType();
    for (StructField f : schema.fields()) {
      out = out.add(f.name().replace("_nats", "_bits"), f.dataType(), true);
    }
    return out;
  }
}

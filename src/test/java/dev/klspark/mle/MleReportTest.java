package dev.klspark.mle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.KlsparkException;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.distribution.ModelTable;
import dev.klspark.testing.InputRecords;
import dev.klspark.testing.OnePassData;
import dev.klspark.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MLE-equivalence report on synthetic data with known answers. Group a has counts x:5, y:3, z:2
 * (n = 10), group b x:1, y:1, z:2 (n = 4). Model m1 is each group's MLE, m2 uniform in a and (.5,
 * .25, .25) in b, m3 (.5, .5, 0) in a and (.2, .3, .5) in b. Oracle values: scipy 1.17, {@code
 * stats.entropy(p)}, {@code stats.entropy(p, q)}, {@code stats.chi2.sf(2 n KL, k - 1)}, and the
 * mean NLL as {@code -(np.log(q[rows])).mean()} over the expanded rows.
 */
@Tag("slow")
class MleReportTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final double TOL = 1e-12;

  @TempDir Path tmp;

  static Dataset<Row> rows() {
    List<Row> rows = new ArrayList<>();
    add(rows, "a", "x", 5);
    add(rows, "a", "y", 3);
    add(rows, "a", "z", 2);
    add(rows, "b", "x", 1);
    add(rows, "b", "y", 1);
    add(rows, "b", "z", 2);
    rows.add(RowFactory.create("b", null));
    StructType schema =
        new StructType().add("g", DataTypes.StringType).add("c", DataTypes.StringType);
    return spark.createDataFrame(rows, schema);
  }

  private static void add(List<Row> rows, String g, String c, int times) {
    for (int i = 0; i < times; i++) {
      rows.add(RowFactory.create(g, c));
    }
  }

  static Dataset<Row> models(boolean withId, String only) {
    Object[][] m = {
      {"m1", "a", "x", .5}, {"m1", "a", "y", .3}, {"m1", "a", "z", .2},
      {"m1", "b", "x", .25}, {"m1", "b", "y", .25}, {"m1", "b", "z", .5},
      {"m2", "a", "x", 1 / 3.0}, {"m2", "a", "y", 1 / 3.0}, {"m2", "a", "z", 1 / 3.0},
      {"m2", "b", "x", .5}, {"m2", "b", "y", .25}, {"m2", "b", "z", .25},
      {"m3", "a", "x", .5}, {"m3", "a", "y", .5}, {"m3", "a", "z", 0.0},
      {"m3", "b", "x", .2}, {"m3", "b", "y", .3}, {"m3", "b", "z", .5},
    };
    List<Row> out = new ArrayList<>();
    for (Object[] r : m) {
      if (only != null && !only.equals(r[0])) {
        continue;
      }
      out.add(withId ? RowFactory.create(r) : RowFactory.create(r[1], r[2], r[3]));
    }
    StructType schema = new StructType();
    if (withId) {
      schema = schema.add("model_id", DataTypes.StringType);
    }
    schema =
        schema
            .add("g", DataTypes.StringType)
            .add("category", DataTypes.StringType)
            .add("probability", DataTypes.DoubleType);
    return spark.createDataFrame(out, schema);
  }

  static MleSpec spec(List<MleSpec.Candidate> candidates) {
    return new MleSpec(
        List.of("g"), new CategorySpec("c", null, null), null, candidates, LogBase.NATS);
  }

  static Map<String, Row> byKey(Dataset<Row> report) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : report.collectAsList()) {
      m.put(r.getString(0) + "/" + r.getString(1), r);
    }
    return m;
  }

  static double d(Row r, String c) {
    return r.getDouble(r.fieldIndex(c));
  }

  @Test
  void knownAnswersAndIdentity() {
    Dataset<Row> report =
        MleReport.build(
            rows(),
            spec(
                List.of(
                    new MleSpec.Table(
                        "unused", models(true, null), ModelTable.Normalization.STRICT))));
    assertThat(report.columns())
        .containsExactly(
            "g",
            "model_id",
            "n",
            "null_count",
            "k_observed",
            "k_model",
            "mean_nll_nats",
            "entropy_nats",
            "cross_entropy_nats",
            "kl_divergence_nats",
            "excess_nll_nats",
            "identity_residual_nats",
            "kl_divergence_bias_corrected_nats",
            "kl_divergence_ci_low_nats",
            "kl_divergence_ci_high_nats",
            "g_statistic",
            "degrees_of_freedom",
            "p_value",
            "p_value_adjusted",
            "zero_probability_rows",
            "unseen_mass",
            "rank_by_nll",
            "rank_by_kl",
            "ranks_agree",
            "status",
            "message");
    Map<String, Row> r = byKey(report);
    assertThat(r).hasSize(6);
    // Group a: H = 1.0296530140645737 (scipy stats.entropy([.5,.3,.2])).
    Row a1 = r.get("a/m1");
    assertThat(a1.getLong(a1.fieldIndex("n"))).isEqualTo(10);
    assertThat(d(a1, "entropy_nats")).isCloseTo(1.0296530140645737, within(TOL));
    assertThat(d(a1, "mean_nll_nats")).isCloseTo(1.0296530140645737, within(TOL));
    assertThat(d(a1, "kl_divergence_nats")).isCloseTo(0.0, within(TOL));
    assertThat(d(a1, "p_value")).isCloseTo(1.0, within(TOL));
    Row a2 = r.get("a/m2");
    assertThat(d(a2, "mean_nll_nats")).isCloseTo(Math.log(3), within(TOL));
    assertThat(d(a2, "kl_divergence_nats")).isCloseTo(0.06895927460353624, within(TOL));
    assertThat(d(a2, "excess_nll_nats")).isCloseTo(0.06895927460353624, within(TOL));
    assertThat(d(a2, "g_statistic")).isCloseTo(1.3791854920707247, within(TOL));
    assertThat(d(a2, "p_value")).isCloseTo(0.501780379509045, within(1e-12));
    assertThat(a2.getInt(a2.fieldIndex("degrees_of_freedom"))).isEqualTo(2);
    Row a3 = r.get("a/m3");
    assertThat(d(a3, "mean_nll_nats")).isInfinite();
    assertThat(d(a3, "kl_divergence_nats")).isInfinite();
    assertThat(a3.getLong(a3.fieldIndex("zero_probability_rows"))).isEqualTo(2);
    assertThat(d(a3, "unseen_mass")).isCloseTo(0.2, within(TOL));
    assertThat(d(a3, "p_value")).isEqualTo(0.0);
    assertThat(a3.isNullAt(a3.fieldIndex("identity_residual_nats"))).isTrue();
    assertThat(a3.getInt(a3.fieldIndex("k_model"))).isEqualTo(2);
    // Group b: the null-category row is counted apart; H = 1.0397207708399179.
    Row b2 = r.get("b/m2");
    assertThat(b2.getLong(b2.fieldIndex("n"))).isEqualTo(4);
    assertThat(b2.getLong(b2.fieldIndex("null_count"))).isEqualTo(1);
    assertThat(d(b2, "mean_nll_nats")).isCloseTo(1.2130075659799042, within(TOL));
    assertThat(d(b2, "p_value")).isCloseTo(0.5, within(1e-12));
    Row b3 = r.get("b/m3");
    assertThat(d(b3, "mean_nll_nats")).isCloseTo(1.0499262694699818, within(TOL));
    assertThat(d(b3, "kl_divergence_nats")).isCloseTo(0.01020549863006378, within(TOL));
    assertThat(d(b3, "g_statistic")).isCloseTo(0.08164398904051023, within(TOL));
    assertThat(d(b3, "p_value")).isCloseTo(0.96, within(1e-12));
    // Rankings: a: m1 < m2 < m3; b: m1 < m3 < m2; both orders agree.
    assertThat(rank(r, "a/m1")).isEqualTo(1);
    assertThat(rank(r, "a/m2")).isEqualTo(2);
    assertThat(rank(r, "a/m3")).isEqualTo(3);
    assertThat(rank(r, "b/m3")).isEqualTo(2);
    assertThat(rank(r, "b/m2")).isEqualTo(3);
    for (Row row : r.values()) {
      assertThat(row.getString(row.fieldIndex("status"))).isEqualTo("ok");
      assertThat(row.getBoolean(row.fieldIndex("ranks_agree"))).isTrue();
      assertThat(row.getInt(row.fieldIndex("rank_by_nll")))
          .isEqualTo(row.getInt(row.fieldIndex("rank_by_kl")));
      if (!row.isNullAt(row.fieldIndex("identity_residual_nats"))) {
        assertThat(d(row, "identity_residual_nats")).isLessThanOrEqualTo(1e-12);
      }
    }
  }

  private static int rank(Map<String, Row> r, String key) {
    Row row = r.get(key);
    return row.getInt(row.fieldIndex("rank_by_nll"));
  }

  @Test
  void separateTablesGetTheirDefaultIdAndBitsScaleEveryInformationColumn() {
    MleSpec bits =
        new MleSpec(
            List.of("g"),
            new CategorySpec("c", null, null),
            null,
            List.of(
                new MleSpec.Table("first", models(false, "m1"), ModelTable.Normalization.STRICT),
                new MleSpec.Table("second", models(false, "m2"), ModelTable.Normalization.STRICT)),
            LogBase.BITS);
    Map<String, Row> r = byKey(MleReport.build(rows(), bits));
    assertThat(r.keySet()).containsExactlyInAnyOrder("a/first", "a/second", "b/first", "b/second");
    Row a2 = r.get("a/second");
    assertThat(d(a2, "mean_nll_bits")).isCloseTo(Math.log(3) / Math.log(2), within(TOL));
    // g_statistic stays in nats.
    assertThat(d(a2, "g_statistic")).isCloseTo(1.3791854920707247, within(TOL));
  }

  @Test
  void referenceModelsPerGroupAndPooledWithLaplaceSmoothing() {
    Dataset<Row> in =
        rows()
            .withColumn("ref", org.apache.spark.sql.functions.lit(true))
            .union(
                rows()
                    .where("c is not null")
                    .withColumn("ref", org.apache.spark.sql.functions.lit(false)));
    MleSpec s =
        new MleSpec(
            List.of("g"),
            new CategorySpec("c", null, null),
            "not ref",
            List.of(
                new MleSpec.Reference(
                    "own", "ref", Smoothing.parse("additive:1"), MleSpec.Scope.PER_GROUP),
                new MleSpec.Reference(
                    "all", "ref", Smoothing.parse("additive:1"), MleSpec.Scope.POOLED)),
            LogBase.NATS);
    Map<String, Row> r = byKey(MleReport.build(in, s));
    // own, group a: q = (6, 4, 3) / 13; pooled: counts (6, 4, 4) + 1 over n = 14 + 3 = (7, 5,
    // 5)/17.
    double[] qa = {6 / 13.0, 4 / 13.0, 3 / 13.0};
    double nllOwn = -(5 * Math.log(qa[0]) + 3 * Math.log(qa[1]) + 2 * Math.log(qa[2])) / 10;
    assertThat(d(r.get("a/own"), "mean_nll_nats")).isCloseTo(nllOwn, within(TOL));
    double nllAll =
        -(5 * Math.log(7 / 17.0) + 3 * Math.log(5 / 17.0) + 2 * Math.log(5 / 17.0)) / 10;
    assertThat(d(r.get("a/all"), "mean_nll_nats")).isCloseTo(nllAll, within(TOL));
    assertThat(r.get("a/own").getInt(r.get("a/own").fieldIndex("rank_by_nll"))).isEqualTo(1);
  }

  @Test
  void unsmoothedReferenceModelsListOnlyTheCategoriesTheyHaveSeen() {
    // Reference rows: every row but group b's z; evaluated rows: every row with a category.
    Dataset<Row> in =
        rows()
            .where("NOT (g = 'b' AND c = 'z')")
            .withColumn("ref", org.apache.spark.sql.functions.lit(true))
            .union(
                rows()
                    .where("c is not null")
                    .withColumn("ref", org.apache.spark.sql.functions.lit(false)));
    MleSpec s =
        new MleSpec(
            List.of("g"),
            new CategorySpec("c", null, null),
            "not ref",
            List.of(
                new MleSpec.Reference("own", "ref", Smoothing.none(), MleSpec.Scope.PER_GROUP),
                new MleSpec.Reference("all", "ref", Smoothing.none(), MleSpec.Scope.POOLED)),
            LogBase.NATS);
    Map<String, Row> r = byKey(MleReport.build(in, s));
    // own, group a: q = (5, 3, 2) / 10 is the MLE of the evaluated rows: KL 0, NLL = H.
    Row aOwn = r.get("a/own");
    assertThat(d(aOwn, "kl_divergence_nats")).isCloseTo(0.0, within(TOL));
    assertThat(d(aOwn, "mean_nll_nats")).isCloseTo(d(aOwn, "entropy_nats"), within(TOL));
    // own, group b: q = (1, 1, 0) / 2 lists two categories; the two z rows have NLL +inf.
    Row bOwn = r.get("b/own");
    assertThat(bOwn.getInt(bOwn.fieldIndex("k_model"))).isEqualTo(2);
    assertThat(bOwn.getLong(bOwn.fieldIndex("zero_probability_rows"))).isEqualTo(2L);
    assertThat(d(bOwn, "mean_nll_nats")).isInfinite();
    // pooled: counts (6, 4, 2) over n = 12 in every group.
    double nllAll =
        -(5 * Math.log(6 / 12.0) + 3 * Math.log(4 / 12.0) + 2 * Math.log(2 / 12.0)) / 10;
    assertThat(d(r.get("a/all"), "mean_nll_nats")).isCloseTo(nllAll, within(TOL));
  }

  @Test
  void candidatesWithDifferentCategorySetsAreRejected() {
    Object[][] m = {{"a", "x", .5}, {"a", "w", .5}, {"b", "x", .5}, {"b", "w", .5}};
    List<Row> out = new ArrayList<>();
    for (Object[] row : m) {
      out.add(RowFactory.create(row));
    }
    Dataset<Row> other =
        spark.createDataFrame(
            out,
            new StructType()
                .add("g", DataTypes.StringType)
                .add("category", DataTypes.StringType)
                .add("probability", DataTypes.DoubleType));
    assertThatThrownBy(
            () ->
                MleReport.build(
                    rows(),
                    spec(
                        List.of(
                            new MleSpec.Table(
                                "m1", models(false, "m1"), ModelTable.Normalization.STRICT),
                            new MleSpec.Table("other", other, ModelTable.Normalization.STRICT)))))
        .isInstanceOf(KlsparkException.class)
        .hasMessageContaining("candidate models have different category sets")
        .hasMessageContaining("'m1' lists [x, y, z] but 'other' lists [w, x]");
  }

  @Test
  void missingProbabilityColumnAndDuplicateIdsAreRejected() {
    assertThatThrownBy(
            () ->
                MleReport.build(
                    rows(),
                    spec(
                        List.of(
                            new MleSpec.Table(
                                "m",
                                models(false, "m1").drop("probability"),
                                ModelTable.Normalization.STRICT)))))
        .isInstanceOf(KlsparkException.class)
        .hasMessageContaining("column 'probability' not found in the model table");
    assertThatThrownBy(
            () ->
                MleReport.build(
                    rows(),
                    spec(
                        List.of(
                            new MleSpec.Table(
                                "m", models(false, "m1"), ModelTable.Normalization.STRICT),
                            new MleSpec.Table(
                                "m", models(false, "m2"), ModelTable.Normalization.STRICT)))))
        .isInstanceOf(KlsparkException.class)
        .hasMessageContaining("two candidate models have the id 'm'");
  }

  @Test
  void inputIsScannedOnce() throws Exception {
    // Both routes (the log-loss joined per cell, the kernel's quantities per group) read one
    // aggregation of the rows: Spark reuses its exchange, so the rows are read once. The model
    // table is read by each route (and its first rows by the emptiness check): a few times its
    // 407 rows, far below a second read of the 20,000 input rows.
    String rows = tmp.resolve("rows").toString();
    String model = tmp.resolve("model").toString();
    OnePassData.rows(spark, rows);
    OnePassData.uniformModel(spark, model);
    Dataset<Row> report =
        MleReport.build(
            spark.read().parquet(rows),
            spec(
                List.of(
                    new MleSpec.Table(
                        "m", spark.read().parquet(model), ModelTable.Normalization.STRICT))));
    InputRecords.Counted<List<Row>> counted = InputRecords.during(spark, report::collectAsList);
    assertThat(counted.result()).hasSize(37);
    assertThat(counted.recordsRead()).isBetween(20_000L + 407L, 20_000L + 3 * 407L);
    // log(11) = 2.397895272798371 (uniform model, mpmath.log(11)); every row has q = 1/11.
    for (Row r : counted.result()) {
      assertThat(d(r, "mean_nll_nats")).isCloseTo(Math.log(11), within(1e-12));
      // One candidate: first by both measures in every group, and the two orders agree.
      assertThat(r.<Integer>getAs("rank_by_nll")).isEqualTo(1);
      assertThat(r.<Integer>getAs("rank_by_kl")).isEqualTo(1);
      assertThat(r.<Boolean>getAs("ranks_agree")).isTrue();
    }
  }

  @Test
  void aFittedReferenceOverBucketsAndANullLabelIsNotHeldToAModelTablesCheck() {
    // Buckets (low, high) plus the null label "missing", and additive smoothing. The null label is
    // a category like the others: smoothed over K = 3 known categories, the fitted q sums to 1.
    // (Smoothed over the 2 bucket labels only, it summed to 1.083 and the kernel rejected it.) A
    // fitted model is not held to a model table's check either. The report runs, every group is
    // ok, and the identity holds.
    StructType schema =
        new StructType()
            .add("g", DataTypes.StringType)
            .add("v", DataTypes.DoubleType)
            .add("ref", DataTypes.BooleanType);
    List<Row> data = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      data.add(RowFactory.create(i % 2 == 0 ? "a" : "b", i % 5 == 0 ? null : i / 20.0, i < 20));
    }
    MleSpec s =
        new MleSpec(
            List.of("g"),
            new CategorySpec(
                "v",
                new dev.klspark.spark.distribution.Buckets(
                    new double[] {Double.NEGATIVE_INFINITY, 1.0, Double.POSITIVE_INFINITY},
                    List.of("low", "high")),
                "missing"),
            "not ref",
            List.of(
                new MleSpec.Reference(
                    "own", "ref", Smoothing.parse("additive:1"), MleSpec.Scope.PER_GROUP)),
            LogBase.NATS);
    List<Row> report = MleReport.build(spark.createDataFrame(data, schema), s).collectAsList();
    assertThat(report).hasSize(2);
    for (Row r : report) {
      assertThat(r.<String>getAs("status")).isEqualTo("ok");
      assertThat(d(r, "identity_residual_nats")).isLessThan(1e-12);
    }
  }
}

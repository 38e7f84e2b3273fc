package dev.klspark.klreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.KlsparkException;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.distribution.Buckets;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.distribution.ModelTable;
import dev.klspark.testing.SparkTestSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * The report on small inputs whose every value was worked out by hand or with scipy 1.17.1 (the
 * expressions are written beside each value).
 */
class DivergenceReportTest {
  private static final SparkSession spark = SparkTestSession.get();

  /** Rows: (`the group`, `cat.name`, slice) — a name with a space and one with a dot. */
  private static Dataset<Row> rows() {
    return spark.sql(
        "SELECT * FROM VALUES "
            // group A, evaluated: x x x y ; reference: x y
            + "('A','x','eval'),('A','x','eval'),('A','x','eval'),('A','y','eval'),"
            + "('A','x','ref'),('A','y','ref'),"
            // group B, evaluated only: x z ; plus a null category
            + "('B','x','eval'),('B','z','eval'),('B',NULL,'eval'),"
            // group C, reference only
            + "('C','y','ref')"
            + " AS t(`the group`, `cat.name`, slice)");
  }

  private static ReportSpec referenceSpec(Smoothing smoothing, LogBase unit) {
    return new ReportSpec(
        List.of("the group"),
        new CategorySpec("cat.name", null, null),
        null,
        "slice = 'eval'",
        new ReportSpec.Reference("slice = 'ref'"),
        smoothing,
        unit);
  }

  private static Map<String, Row> byGroup(Dataset<Row> report) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : report.collectAsList()) {
      m.put(r.getString(0), r);
    }
    return m;
  }

  @Test
  void referenceModelWithoutSmoothing() {
    Dataset<Row> report =
        DivergenceReport.build(rows(), referenceSpec(Smoothing.none(), LogBase.NATS));
    assertThat(report.columns())
        .containsExactly(
            "the group",
            "n",
            "null_count",
            "k_observed",
            "k_model",
            "entropy_nats",
            "cross_entropy_nats",
            "kl_divergence_nats",
            "reverse_kl_divergence_nats",
            "js_divergence_nats",
            "unseen_mass",
            "entropy_bias_corrected_nats",
            "kl_divergence_bias_corrected_nats",
            "kl_divergence_ci_low_nats",
            "kl_divergence_ci_high_nats",
            "g_statistic",
            "degrees_of_freedom",
            "p_value",
            "p_value_adjusted",
            "status",
            "message");
    Map<String, Row> g = byGroup(report);
    assertThat(g).containsOnlyKeys("A", "B", "C");

    Row a = g.get("A");
    // P = (3/4, 1/4), Q = (1/2, 1/2).
    assertThat(a.getLong(1)).isEqualTo(4L);
    assertThat(a.getLong(2)).isEqualTo(0L);
    // H = -(0.75 ln 0.75 + 0.25 ln 0.25) = 0.5623351446188083 (scipy stats.entropy([.75,.25]))
    assertThat(a.getDouble(5)).isCloseTo(0.5623351446188083, within(1e-15));
    // H(P,Q) = ln 2 (hand)
    assertThat(a.getDouble(6)).isCloseTo(Math.log(2), within(1e-15));
    // KL = 0.75 ln 1.5 + 0.25 ln 0.5 = 0.13081203594113697 (scipy stats.entropy([.75,.25],[.5,.5]))
    assertThat(a.getDouble(7)).isCloseTo(0.13081203594113697, within(1e-15));
    // reverse: scipy stats.entropy([.5,.5],[.75,.25]) = 0.14384103622589045
    assertThat(a.getDouble(8)).isCloseTo(0.14384103622589045, within(1e-15));
    // JS: scipy jensenshannon([.75,.25],[.5,.5])**2 = 0.03382207556860521
    assertThat(a.getDouble(9)).isCloseTo(0.03382207556860521, within(1e-14));
    assertThat(a.getDouble(10)).isEqualTo(0.0);
    assertThat(a.getString(19)).isEqualTo("ok");
    // Evidence. G-test: scipy 1.17.1 power_divergence([3, 1], [2, 2], lambda_="log-likelihood")
    // = (1.0464962875290957, 0.3063154055027338); A is the only tested group, so BH leaves p as is.
    assertThat(a.getDouble(a.fieldIndex("g_statistic")))
        .isCloseTo(1.0464962875290957, within(1e-14));
    assertThat(a.getInt(a.fieldIndex("degrees_of_freedom"))).isEqualTo(1);
    assertThat(a.getDouble(a.fieldIndex("p_value"))).isCloseTo(0.3063154055027338, within(1e-14));
    assertThat(a.getDouble(a.fieldIndex("p_value_adjusted")))
        .isCloseTo(0.3063154055027338, within(1e-14));
    // Miller-Madow: KL - (m - 1)/(2n) = 0.13081203594113697 - 1/8; H + 1/8 (hand).
    assertThat(a.getDouble(a.fieldIndex("kl_divergence_bias_corrected_nats")))
        .isCloseTo(0.13081203594113697 - 0.125, within(1e-15));
    assertThat(a.getDouble(a.fieldIndex("entropy_bias_corrected_nats")))
        .isCloseTo(0.5623351446188083 + 0.125, within(1e-15));
    // Expected counts 4 x 0.5 = 2 < 5 in every category: Cochran's rule fails, no interval.
    assertThat(a.isNullAt(a.fieldIndex("kl_divergence_ci_low_nats"))).isTrue();
    assertThat(a.isNullAt(a.fieldIndex("kl_divergence_ci_high_nats"))).isTrue();
    assertThat(g.get("B").isNullAt(g.get("B").fieldIndex("p_value_adjusted"))).isTrue();
    // The identity, per row.
    assertThat(a.getDouble(6)).isCloseTo(a.getDouble(5) + a.getDouble(7), within(1e-15));

    Row b = g.get("B");
    assertThat(b.getString(19)).isEqualTo("missing_model");
    assertThat(b.getLong(1)).isEqualTo(2L);
    assertThat(b.getLong(2)).isEqualTo(1L);
    assertThat(b.isNullAt(7)).isTrue();

    Row c = g.get("C");
    assertThat(c.getString(19)).isEqualTo("missing_data");
    assertThat(c.getLong(1)).isEqualTo(0L);
  }

  @Test
  void additiveSmoothingSpreadsOverTheReferenceVocabulary() {
    // Vocabulary of the reference slice: {x, y}. Group A: Q = ((1+1)/(2+2), (1+1)/(2+2)) = (1/2,
    // 1/2)
    // Group C reference y: Q = (1/3, 2/3) but no evaluated rows.
    Map<String, Row> g =
        byGroup(
            DivergenceReport.build(
                rows(), referenceSpec(Smoothing.parse("additive:1"), LogBase.BITS)));
    Row a = g.get("A");
    // KL in bits = 0.13081203594113697 / ln 2 = 0.18872187554086714 (scipy base=2)
    assertThat(a.getDouble(7)).isCloseTo(0.18872187554086714, within(1e-15));
    assertThat(a.getInt(4)).isEqualTo(2);
  }

  @Test
  void categoryOnOneSideOnlyIsKeptAndExplained() {
    // Model: group B has only x. B observed x, z -> z is unseen by the model: KL = inf, unseen 1/2.
    Dataset<Row> model =
        spark.sql(
            "SELECT * FROM VALUES ('A','x',0.5D),('A','y',0.5D),('B','x',1.0D),('D','x',1.0D)"
                + " AS m(`the group`, category, probability)");
    ReportSpec spec =
        new ReportSpec(
            List.of("the group"),
            new CategorySpec("cat.name", null, null),
            null,
            "slice = 'eval'",
            new ReportSpec.Table(model, ModelTable.Normalization.STRICT),
            Smoothing.none(),
            LogBase.NATS);
    Map<String, Row> g = byGroup(DivergenceReport.build(rows(), spec));
    // C has only reference rows, which this spec does not evaluate: it is no group here.
    assertThat(g).containsOnlyKeys("A", "B", "D");
    Row b = g.get("B");
    assertThat(b.getString(19)).isEqualTo("ok");
    assertThat(b.getDouble(7)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(b.getDouble(6)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(b.getDouble(10)).isEqualTo(0.5);
    assertThat(b.getInt(3)).isEqualTo(2);
    assertThat(b.getInt(4)).isEqualTo(1);
    assertThat(g.get("D").getString(19)).isEqualTo("missing_data");
    // With an epsilon floor over both sides' categories, KL is finite.
    ReportSpec floored =
        new ReportSpec(
            spec.groupBy(),
            spec.category(),
            null,
            spec.filter(),
            spec.model(),
            Smoothing.parse("floor:0.01"),
            LogBase.NATS);
    Row bf = byGroup(DivergenceReport.build(rows(), floored)).get("B");
    // Q = (1, 0.01)/1.01 over (x, z); P = (1/2, 1/2):
    // KL = 0.5 ln(0.5*1.01) + 0.5 ln(0.5*1.01/0.01) = 1.6193882432872686 (hand, python math.log)
    assertThat(bf.getDouble(7)).isCloseTo(1.6193882432872686, within(1e-14));
  }

  @Test
  void bucketsFollowBucketizer() {
    Dataset<Row> data =
        spark.sql(
            "SELECT * FROM VALUES ('g', -5D),('g', 0D),('g', 14.999D),('g', 15D),('g', 60D),"
                + "('g', 1000D),('g', NULL) AS t(grp, delay)");
    Buckets buckets =
        new Buckets(
            new double[] {Double.NEGATIVE_INFINITY, 0, 15, 60, Double.POSITIVE_INFINITY},
            List.of("early", "on_time", "late", "very_late"));
    Dataset<Row> model =
        spark.sql(
            "SELECT * FROM VALUES ('g','early',0.25D),('g','on_time',0.25D),('g','late',0.25D),"
                + "('g','very_late',0.25D) AS m(grp, category, probability)");
    ReportSpec spec =
        new ReportSpec(
            List.of("grp"),
            new CategorySpec("delay", buckets, null),
            null,
            null,
            new ReportSpec.Table(model, ModelTable.Normalization.STRICT),
            Smoothing.none(),
            LogBase.NATS);
    Row g = DivergenceReport.build(data, spec).collectAsList().get(0);
    // early: -5; on_time: 0, 14.999; late: 15; very_late: 60, 1000 -> P = (1,2,1,2)/6, Q uniform.
    // KL = sum p ln(4p) = 2*(1/6) ln(4/6) + 2*(2/6) ln(8/6) = 0.05663301226513233 (hand, python)
    assertThat(g.getLong(1)).isEqualTo(6L);
    assertThat(g.getLong(2)).isEqualTo(1L);
    assertThat(g.getDouble(7)).isCloseTo(0.05663301226513233, within(1e-15));
  }

  @Test
  void missingColumnIsNamed() {
    ReportSpec spec =
        new ReportSpec(
            List.of("nope"),
            new CategorySpec("cat.name", null, null),
            null,
            null,
            new ReportSpec.Reference("slice = 'ref'"),
            Smoothing.none(),
            LogBase.NATS);
    assertThatThrownBy(() -> DivergenceReport.build(rows(), spec))
        .isInstanceOf(KlsparkException.class)
        .hasMessage(
            "group column 'nope' not found in the input; available columns: [the group, cat.name,"
                + " slice]");
  }

  @Test
  void weightsNullCategoriesAndNullGroups() {
    Dataset<Row> data =
        spark.sql(
            "SELECT * FROM VALUES ('g','x',3D),('g','y',1D),('g',NULL,2D),(NULL,'x',1D)"
                + " AS t(grp, c, w)");
    Dataset<Row> model =
        spark.sql(
            "SELECT * FROM VALUES ('g','x',0.5D),('g','y',0.5D),(NULL,'x',1D),"
                + "('g','missing',0D) AS m(grp, category, probability)");
    ReportSpec weighted =
        new ReportSpec(
            List.of("grp"),
            new CategorySpec("c", null, null),
            "w",
            null,
            new ReportSpec.Table(model, ModelTable.Normalization.STRICT),
            Smoothing.none(),
            LogBase.NATS);
    Dataset<Row> report = DivergenceReport.build(data, weighted);
    List<Row> rows = report.orderBy(report.col("grp").asc_nulls_first()).collectAsList();
    // The null group is a group of its own, its category x matched across the two sides.
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).isNullAt(0)).isTrue();
    assertThat(rows.get(0).getDouble(7)).isEqualTo(0.0);
    assertThat(rows.get(0).getString(19)).isEqualTo("ok");
    assertThat(rows.get(0).getInt(4)).isEqualTo(1);
    Row g = rows.get(1);
    // Weighted: n = 3 + 1 = 4.0, null weight 2.0; P = (0.75, 0.25) vs (0.5, 0.5):
    // KL = 0.13081203594113697 (scipy stats.entropy([.75,.25],[.5,.5])).
    assertThat(g.getDouble(1)).isEqualTo(4.0);
    assertThat(g.getDouble(2)).isEqualTo(2.0);
    assertThat(g.getDouble(7)).isCloseTo(0.13081203594113697, within(1e-15));

    // Null categories counted as a category of their own: P = (3, 1, 2)/6 over (x, y, none),
    // and 'none' has no model probability -> unseen mass 1/3, KL = inf.
    ReportSpec asCategory =
        new ReportSpec(
            List.of("grp"),
            new CategorySpec("c", null, "none"),
            "w",
            null,
            weighted.model(),
            Smoothing.none(),
            LogBase.NATS);
    Row n = DivergenceReport.build(data, asCategory).where("grp = 'g'").collectAsList().get(0);
    assertThat(n.getDouble(2)).isEqualTo(0.0);
    assertThat(n.getDouble(10)).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(n.getDouble(7)).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void negativeWeightFailsNamingTheColumnAndValue() {
    Dataset<Row> data = spark.sql("SELECT * FROM VALUES ('g','x',-1.5D) AS t(grp, c, w)");
    ReportSpec spec =
        new ReportSpec(
            List.of("grp"),
            new CategorySpec("c", null, null),
            "w",
            null,
            new ReportSpec.Reference("true"),
            Smoothing.none(),
            LogBase.NATS);
    assertThatThrownBy(() -> DivergenceReport.build(data, spec).collectAsList())
        .hasMessageContaining("weight column 'w' has value -1.5; expected a finite number >= 0");
  }

  @Test
  void modelTableIsCheckedInTheSamePass() throws Exception {
    Dataset<Row> data =
        spark.sql("SELECT * FROM VALUES ('g',1,'x'),(NULL,1,'x'),(NULL,1,'y') AS t(grp, sub, c)");
    // The null group's probabilities sum to 0.9: found while the report runs, named by the group.
    Dataset<Row> model =
        spark.sql(
            "SELECT * FROM VALUES ('g',1,'x',1D),(NULL,1,'x',0.5D),(NULL,1,'y',0.4D)"
                + " AS m(grp, sub, category, probability)");
    ReportSpec strict =
        new ReportSpec(
            List.of("grp", "sub"),
            new CategorySpec("c", null, null),
            null,
            null,
            new ReportSpec.Table(model, ModelTable.Normalization.STRICT),
            Smoothing.none(),
            LogBase.NATS);
    java.util.concurrent.atomic.AtomicInteger jobs =
        new java.util.concurrent.atomic.AtomicInteger();
    org.apache.spark.scheduler.SparkListener listener =
        new org.apache.spark.scheduler.SparkListener() {
          @Override
          public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
            jobs.incrementAndGet();
          }
        };
    spark.sparkContext().addSparkListener(listener);
    Dataset<Row> report;
    try {
      report = DivergenceReport.build(data, strict);
      Thread.sleep(500); // listener events arrive asynchronously
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    assertThat(jobs.get()).as("Spark jobs run by build()").isZero();
    assertThatThrownBy(report::collectAsList)
        .hasRootCauseInstanceOf(KlsparkException.class)
        .rootCause()
        .hasMessage(
            "model table probabilities for group grp=null, sub=1 sum to 0.9; expected 1 within"
                + " 1.0E-6 (pass --renormalize to rescale them)");

    // Renormalised: the null group's Q = (5/9, 4/9), P = (1/2, 1/2):
    // KL = 0.5 ln(0.5/(5/9)) + 0.5 ln(0.5/(4/9)) = 0.006211259999278587
    // (python: 0.5*math.log(.9) + 0.5*math.log(1.125))
    ReportSpec renormalized =
        new ReportSpec(
            strict.groupBy(),
            strict.category(),
            null,
            null,
            new ReportSpec.Table(model, ModelTable.Normalization.RENORMALIZE),
            Smoothing.none(),
            LogBase.NATS);
    Row nullGroup =
        DivergenceReport.build(data, renormalized).where("grp IS NULL").collectAsList().get(0);
    assertThat(nullGroup.getString(20)).isEqualTo("ok");
    assertThat(nullGroup.getDouble(8)).isCloseTo(0.006211259999278587, within(1e-15));
  }

  @Test
  void invalidModelRowFailsTheRunNamingGroupCategoryAndValue() {
    Dataset<Row> data = spark.sql("SELECT * FROM VALUES ('g','x') AS t(grp, c)");
    Dataset<Row> model =
        spark.sql(
            "SELECT * FROM VALUES ('g','x',1D),('h','y',double('NaN')) AS m(grp, category, probability)");
    ReportSpec spec =
        new ReportSpec(
            List.of("grp"),
            new CategorySpec("c", null, null),
            null,
            null,
            new ReportSpec.Table(model, ModelTable.Normalization.STRICT),
            Smoothing.none(),
            LogBase.NATS);
    Dataset<Row> report = DivergenceReport.build(data, spec);
    assertThatThrownBy(report::collectAsList)
        .hasStackTraceContaining(
            "model table probability for group grp=h, category 'y' is NaN; expected a number in"
                + " [0, 1]");
  }

  @Test
  void reportDoesNotDependOnPartitioning() {
    // Many categories per group, so the kernel's sums see them in an order that partitioning
    // could change if the report did not sort the cells by category.
    Dataset<Row> data =
        spark
            .range(0, 5_000)
            .selectExpr("CAST(id % 7 AS STRING) AS grp", "CAST((id * 7919) % 97 AS STRING) AS c");
    Dataset<Row> model =
        spark
            .range(0, 97)
            .crossJoin(spark.range(0, 7).withColumnRenamed("id", "g"))
            .selectExpr(
                "CAST(g AS STRING) AS grp",
                "CAST(id AS STRING) AS category",
                "CASE WHEN id < 96 THEN 1.0D / 97 ELSE 1.0D - 96 * (1.0D / 97) END AS probability");
    ReportSpec spec =
        new ReportSpec(
            List.of("grp"),
            new CategorySpec("c", null, null),
            null,
            null,
            new ReportSpec.Table(model, ModelTable.Normalization.STRICT),
            Smoothing.none(),
            LogBase.NATS);
    Map<String, Row> one = byGroup(DivergenceReport.build(data.repartition(1), spec));
    Map<String, Row> many =
        byGroup(DivergenceReport.build(data.repartition(9, functions.rand(7)), spec));
    assertThat(one).hasSize(7);
    // Bit-identical, not just close.
    assertThat(many).isEqualTo(one);
  }

  /**
   * A null label on buckets (--null-category NA) is a category like the bucket labels, also in the
   * reference's smoothing support: additive:1 over {neg, pos, NA} with reference counts (1, 1, 2)
   * gives q = (2/7, 2/7, 3/7) (hand); the evaluated rows (-1, NULL) give P̂ = (1/2, 0, 1/2), so KL
   * = ½ ln(7/4) + ½ ln(7/6) and H(P̂,Q) = −½ ln(2/7) − ½ ln(3/7).
   */
  @Test
  void nullLabelOfBucketsIsInTheSmoothingSupport() {
    Dataset<Row> rows =
        spark.sql(
            "SELECT * FROM VALUES ('G', -1.0D, 'ref'), ('G', 1.0D, 'ref'), ('G', NULL, 'ref'),"
                + " ('G', NULL, 'ref'), ('G', -1.0D, 'eval'), ('G', NULL, 'eval')"
                + " AS t(g, v, slice)");
    Buckets buckets =
        new Buckets(
            new double[] {Double.NEGATIVE_INFINITY, 0.0, Double.POSITIVE_INFINITY},
            List.of("neg", "pos"));
    ReportSpec spec =
        new ReportSpec(
            List.of("g"),
            new CategorySpec("v", buckets, "NA"),
            null,
            "slice = 'eval'",
            new ReportSpec.Reference("slice = 'ref'"),
            Smoothing.parse("additive:1"),
            LogBase.NATS);
    Row g = DivergenceReport.build(rows, spec).collectAsList().get(0);
    assertThat(g.<String>getAs("status")).isEqualTo("ok");
    assertThat(g.<Integer>getAs("k_model")).isEqualTo(3);
    assertThat(g.<Double>getAs("kl_divergence_nats"))
        .isCloseTo(0.5 * Math.log(7.0 / 4) + 0.5 * Math.log(7.0 / 6), within(1e-15));
    assertThat(g.<Double>getAs("cross_entropy_nats"))
        .isCloseTo(-0.5 * Math.log(2.0 / 7) - 0.5 * Math.log(3.0 / 7), within(1e-15));
  }
}

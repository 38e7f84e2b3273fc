package dev.klspark.klreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.KlsparkException;
import dev.klspark.math.BenjaminiHochberg;
import dev.klspark.math.ContinuousSamples;
import dev.klspark.math.KolmogorovSmirnov;
import dev.klspark.math.LogBase;
import dev.klspark.math.TwoSampleStream;
import dev.klspark.spark.engine.PValueAdjustment;
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
 * The continuous kl-report in Spark: every group's numbers equal the kernel's on the same values
 * ({@link ContinuousSamples}, itself checked against scipy in {@code ContinuousOracleTest}); values
 * that are null, NaN or infinite are excluded and counted; a row matching both filters is on both
 * sides; statuses; Benjamini–Hochberg over the ok groups; bits; one exchange and one sort.
 */
class ContinuousReportTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final StructType SCHEMA =
      new StructType()
          .add("g", DataTypes.StringType)
          .add("h", DataTypes.IntegerType)
          .add("x", DataTypes.DoubleType)
          .add("period", DataTypes.StringType);

  private static ContinuousReport.Spec spec(LogBase unit) {
    return new ContinuousReport.Spec(
        List.of("g", "h"), "x", "period = 'now'", "period = 'then'", 5, unit, 0.95);
  }

  @Test
  void everyGroupAsTheKernel() {
    Random r = new Random(11);
    List<Row> rows = new ArrayList<>();
    Map<String, List<Double>> cur = new HashMap<>();
    Map<String, List<Double>> ref = new HashMap<>();
    String[] groups = {"a", "b", "c", null};
    for (int gi = 0; gi < groups.length; gi++) {
      String g = groups[gi];
      for (int h = 0; h < 3; h++) {
        String key = g + "/" + h;
        int n = 50 + r.nextInt(300);
        int m = 50 + r.nextInt(300);
        double shift = 0.1 * gi * h;
        for (int i = 0; i < n; i++) {
          double x = Math.rint(10 * (shift + r.nextGaussian())) / 10; // ties
          rows.add(RowFactory.create(g, h, x, "now"));
          cur.computeIfAbsent(key, k -> new ArrayList<>()).add(x);
        }
        for (int i = 0; i < m; i++) {
          double x = Math.rint(10 * r.nextGaussian()) / 10;
          rows.add(RowFactory.create(g, h, x, "then"));
          ref.computeIfAbsent(key, k -> new ArrayList<>()).add(x);
        }
      }
    }
    // Excluded and counted: null, NaN, ±Infinity; rows of neither period are ignored.
    rows.add(RowFactory.create("a", 0, null, "now"));
    rows.add(RowFactory.create("a", 0, Double.NaN, "then"));
    rows.add(RowFactory.create("a", 0, Double.POSITIVE_INFINITY, "now"));
    rows.add(RowFactory.create("a", 0, Double.NEGATIVE_INFINITY, "now"));
    rows.add(RowFactory.create("a", 0, 99.0, "other"));
    Dataset<Row> in = spark.createDataFrame(rows, SCHEMA);
    List<Row> report = ContinuousReport.build(in, spec(LogBase.NATS)).collectAsList();
    assertThat(report).hasSize(12);
    List<Double> ps = new ArrayList<>();
    Map<String, Double> adjusted = new HashMap<>();
    for (Row row : report) {
      String key = row.getString(0) + "/" + row.getInt(1);
      double[] p = cur.get(key).stream().mapToDouble(Double::doubleValue).toArray();
      double[] q = ref.get(key).stream().mapToDouble(Double::doubleValue).toArray();
      TwoSampleStream.Result want = ContinuousSamples.compare(p, q, 5);
      assertThat(row.getLong(row.fieldIndex("n"))).isEqualTo(p.length);
      assertThat(row.getLong(row.fieldIndex("n_reference"))).isEqualTo(q.length);
      assertThat(row.<Double>getAs("ks_statistic")).isEqualTo(want.ksStatistic());
      assertThat(row.<Double>getAs("ks_p_value")).isEqualTo(want.ksPValue());
      assertThat(row.<Double>getAs("wasserstein_distance"))
          .isCloseTo(want.wasserstein(), within(1e-12));
      assertThat(row.<Double>getAs("kl_divergence_knn_nats"))
          .isCloseTo(want.klDivergenceKnn(), within(1e-12));
      assertThat(row.<Double>getAs("ks_statistic_ci_low"))
          .isEqualTo(KolmogorovSmirnov.lowerBound(want.ksStatistic(), p.length, q.length, 0.95));
      assertThat(row.<String>getAs("status")).isEqualTo("ok");
      boolean counted = "a/0".equals(key);
      assertThat(row.getLong(row.fieldIndex("null_count"))).isEqualTo(counted ? 1 : 0);
      assertThat(row.getLong(row.fieldIndex("non_finite_count"))).isEqualTo(counted ? 3 : 0);
      ps.add(want.ksPValue());
      adjusted.put(key, row.getAs("p_value_adjusted"));
    }
    double[] bh = BenjaminiHochberg.adjust(ps.stream().mapToDouble(Double::doubleValue).toArray());
    int i = 0;
    for (Row row : report) {
      String key = row.getString(0) + "/" + row.getInt(1);
      assertThat(adjusted.get(key)).isCloseTo(bh[i++], within(1e-15));
    }
    // Bits: the KL column alone changes unit.
    Row bits = ContinuousReport.build(in, spec(LogBase.BITS)).where("g = 'b' AND h = 2").first();
    Row nats = ContinuousReport.build(in, spec(LogBase.NATS)).where("g = 'b' AND h = 2").first();
    assertThat(bits.<Double>getAs("kl_divergence_knn_bits"))
        .isCloseTo(nats.<Double>getAs("kl_divergence_knn_nats") / Math.log(2), within(1e-15));
  }

  @Test
  void statusesAndBothSides() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(RowFactory.create("only-now", 1, (double) i, "now"));
      rows.add(RowFactory.create("only-then", 1, (double) i, "then"));
      rows.add(RowFactory.create("both", 1, (double) i, "always")); // in both filters
    }
    for (int i = 0; i < 3; i++) {
      rows.add(RowFactory.create("few", 1, (double) i, "now"));
    }
    for (int i = 0; i < 30; i++) {
      rows.add(RowFactory.create("few", 1, (double) i, "then"));
    }
    rows.add(RowFactory.create("nulls-only", 1, null, "now"));
    rows.add(RowFactory.create("nulls-only", 1, 1.0, "then"));
    Dataset<Row> in = spark.createDataFrame(rows, SCHEMA);
    ContinuousReport.Spec s =
        new ContinuousReport.Spec(
            List.of("g"),
            "x",
            "period IN ('now', 'always')",
            "period IN ('then', 'always')",
            5,
            LogBase.NATS,
            0.95);
    Map<String, Row> byGroup = new HashMap<>();
    ContinuousReport.build(in, s).collectAsList().forEach(r -> byGroup.put(r.getString(0), r));
    assertThat(byGroup.get("only-now").<String>getAs("status")).isEqualTo("missing_model");
    assertThat(byGroup.get("only-then").<String>getAs("status")).isEqualTo("missing_data");
    Row both = byGroup.get("both");
    assertThat(both.getLong(both.fieldIndex("n"))).isEqualTo(10);
    assertThat(both.getLong(both.fieldIndex("n_reference"))).isEqualTo(10);
    assertThat(both.<Double>getAs("ks_statistic")).isZero();
    assertThat(both.<String>getAs("status")).isEqualTo("ok");
    Row few = byGroup.get("few");
    assertThat(few.<String>getAs("status")).isEqualTo("insufficient_data");
    assertThat(few.<String>getAs("message"))
        .isEqualTo(
            "3 current and 30 reference values; the k-NN estimate needs at least k + 1 = 6 on"
                + " each side");
    assertThat(few.<Double>getAs("ks_p_value")).isNotNull();
    assertThat(few.<Double>getAs("p_value_adjusted")).isNull();
    Row nulls = byGroup.get("nulls-only");
    assertThat(nulls.<String>getAs("status")).isEqualTo("missing_data");
    assertThat(nulls.<String>getAs("message"))
        .isEqualTo("no finite current value in this group (1 null, 0 NaN or infinite)");
  }

  /** One exchange (by group) and one sort (by value within the group): no second pass. */
  @Test
  void oneExchangeAndOneSort() {
    Dataset<Row> in = spark.createDataFrame(List.of(RowFactory.create("a", 1, 1.0, "now")), SCHEMA);
    Dataset<Row> report = ContinuousReport.build(in, spec(LogBase.NATS));
    // The report's own plan is a scan of its adjusted rows (Benjamini–Hochberg shuffles the one row
    // per group by p-value range); the plan behind it:
    List<Dataset<Row>> before = PValueAdjustment.reportsBefore(report);
    assertThat(before).hasSize(1);
    String plan = before.get(0).queryExecution().executedPlan().toString();
    // The rows' only exchange and sort; the window that counts each side reads that sort.
    assertThat(countOf(plan, "Exchange hashpartitioning")).isEqualTo(1);
    assertThat(countOf(plan, "Sort [__value_group_hash")).isEqualTo(1);
    assertThat(
            plan.lines()
                .filter(l -> l.contains("Window [") && l.contains("__value_group_hash"))
                .count())
        .isEqualTo(1);
  }

  private static int countOf(String s, String what) {
    int c = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      c++;
    }
    return c;
  }

  @Test
  void badInput() {
    Dataset<Row> in = spark.createDataFrame(List.of(RowFactory.create("a", 1, 1.0, "now")), SCHEMA);
    assertThatThrownBy(
            () ->
                ContinuousReport.build(
                    in,
                    new ContinuousReport.Spec(
                        List.of("g"), "period", null, "true", 5, LogBase.NATS, 0.95)))
        .isInstanceOf(KlsparkException.class)
        .hasMessage(
            "--value column 'period' has type string; expected a numeric type (or use --category"
                + " for categories)");
    assertThatThrownBy(
            () ->
                ContinuousReport.build(
                    in,
                    new ContinuousReport.Spec(
                        List.of("h"), "h", null, "true", 5, LogBase.NATS, 0.95)))
        .hasMessageContaining("--value 'h' is also a --group-by column");
    assertThatThrownBy(
            () ->
                ContinuousReport.build(
                    in,
                    new ContinuousReport.Spec(
                        List.of("g"), "nope", null, "true", 5, LogBase.NATS, 0.95)))
        .hasMessageStartingWith("--value column 'nope' not found in the input");
  }
}

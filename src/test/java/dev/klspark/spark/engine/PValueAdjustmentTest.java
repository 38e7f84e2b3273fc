package dev.klspark.spark.engine;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.MapOutputTrackerMaster;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Benjamini–Hochberg in Spark: scipy's values; bit for bit the driver-side {@link
 * dev.klspark.math.BenjaminiHochberg} (an independent implementation: a sort and a loop in plain
 * Java, itself checked against scipy) on random p-values with ties, nulls, 0, 1, 1e-300 and
 * subnormals, over 1 to 7 input partitions; lazy.
 */
class PValueAdjustmentTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final StructType REPORT =
      new StructType()
          .add("k", DataTypes.StringType)
          .add("n", DataTypes.LongType)
          .add("p_value", DataTypes.DoubleType);

  @Test
  void benjaminiHochbergMatchesScipyWithTiesAndUntestedRows() {
    Dataset<Row> report =
        spark
            .sql(
                "SELECT * FROM VALUES ('a', 0.01D), ('b', 0.04D), ('c', 0.03D), ('d', 0.04D),"
                    + " ('e', 0.5D), ('f', CAST(NULL AS DOUBLE)), ('g', 0.001D) AS t(k, p_value)")
            .repartition(3);
    Map<String, Double> adj = new HashMap<>();
    for (Row r :
        PValueAdjustment.benjaminiHochberg(report, "p_value", "p_value_adjusted").collectAsList()) {
      adj.put(r.getString(0), r.isNullAt(2) ? null : r.getDouble(2));
    }
    // scipy 1.17.1: stats.false_discovery_control([0.01, 0.04, 0.03, 0.04, 0.5, 0.001],
    // method="bh")
    // = [0.03, 0.048, 0.048, 0.048, 0.5, 0.006]; the null row is untested (not in m = 6).
    assertThat(adj.get("a")).isCloseTo(0.03, within(1e-15));
    assertThat(adj.get("b")).isCloseTo(0.048, within(1e-15));
    assertThat(adj.get("c")).isCloseTo(0.048, within(1e-15));
    assertThat(adj.get("d")).isCloseTo(0.048, within(1e-15));
    assertThat(adj.get("e")).isCloseTo(0.5, within(1e-15));
    assertThat(adj.get("f")).isNull();
    assertThat(adj.get("g")).isCloseTo(0.006, within(1e-15));
    // The same as the driver-side implementation.
    double[] driver =
        dev.klspark.math.BenjaminiHochberg.adjust(
            new double[] {0.01, 0.04, 0.03, 0.04, 0.5, 0.001});
    assertThat(driver[0]).isCloseTo(adj.get("a"), within(1e-15));
    assertThat(driver[5]).isCloseTo(adj.get("g"), within(1e-15));
  }

  static Stream<Arguments> randomReports() {
    return Stream.of(
        Arguments.of(20260101L, 1, 3000, 0),
        Arguments.of(7L, 7, 3000, 0),
        Arguments.of(42L, 3, 200, 0),
        Arguments.of(11L, 3, 3000, 1),
        Arguments.of(12L, 2, 3000, 5),
        Arguments.of(13L, 4, 3000, 64),
        Arguments.of(14L, 1, 50, 200),
        Arguments.of(15L, 3, 1000, 257));
  }

  /**
   * Random p-values: a tenth null, ties (a small pool, and copies of earlier values), exact 0 and
   * 1, log-uniform down to 1e-300, subnormals, the edges of the buckets (k/1024 and its neighbours,
   * powers of 2 and theirs), uniform on [0, 1): every adjusted value is, to the bit, the
   * driver-side one, with the adjustment over as many partitions as the report has (at most the
   * default parallelism) and over 1, 5, 64, 200 and 257 (most of them empty, some holding only the
   * hashed zeros and ones; above 200, Spark's serialized shuffle writer); every row once.
   */
  @ParameterizedTest
  @MethodSource("randomReports")
  void bitForBitAsTheDriver(long seed, int partitions, int size, int adjustment) {
    List<Row> rows = randomRows(new Random(seed), size);
    Dataset<Row> report = spark.createDataFrame(rows, REPORT).repartition(partitions);
    Dataset<Row> adjusted =
        adjustment == 0
            ? PValueAdjustment.benjaminiHochberg(report, "p_value", "p_value_adjusted")
            : AdjustedRows.of(report, "p_value", "p_value_adjusted", adjustment);
    assertThat(adjusted.schema())
        .isEqualTo(REPORT.add("p_value_adjusted", DataTypes.DoubleType, true));
    Map<String, Double> got = byKey(adjusted);
    assertThat(got).hasSize(size);
    assertThat(adjusted.count()).isEqualTo(size);

    List<String> tested = new ArrayList<>();
    List<Double> p = new ArrayList<>();
    for (Row r : rows) {
      if (!r.isNullAt(2)) {
        tested.add(r.getString(0));
        p.add(r.getDouble(2));
      }
    }
    double[] driver =
        dev.klspark.math.BenjaminiHochberg.adjust(
            p.stream().mapToDouble(Double::doubleValue).toArray());
    Map<String, Double> driverByKey = new HashMap<>();
    Map<Double, Double> byP = new HashMap<>();
    for (int i = 0; i < driver.length; i++) {
      driverByKey.put(tested.get(i), driver[i]);
      // Tied p-values get one adjusted value.
      Double before = byP.put(p.get(i), got.get(tested.get(i)));
      if (before != null) {
        assertThat(got.get(tested.get(i))).as("tie at p = %s", p.get(i)).isEqualTo(before);
      }
    }
    for (Row r : rows) {
      if (r.isNullAt(2)) {
        driverByKey.put(r.getString(0), null);
      }
    }
    assertSameBits(got, driverByKey);
  }

  /** The edges: one p-value, all equal, all null, none, every value tied at 1, 0 with its sign. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "0.3",
        "0.3 0.3 0.3 0.3",
        "null null",
        "",
        "1 1 1 0.2 1 null",
        "0 0 1",
        "-0.0 0 0.5 -0.0"
      })
  void edgesAsTheDriver(String values) {
    List<Row> rows = new ArrayList<>();
    String[] v = values.isEmpty() ? new String[0] : values.split(" ");
    for (int i = 0; i < v.length; i++) {
      rows.add(
          RowFactory.create(
              "k" + i, (long) i, v[i].equals("null") ? null : Double.parseDouble(v[i])));
    }
    Dataset<Row> report = spark.createDataFrame(rows, REPORT).repartition(2);
    assertSameBits(
        byKey(PValueAdjustment.benjaminiHochberg(report, "p_value", "p_value_adjusted")),
        driver(rows));
    assertSameBits(byKey(AdjustedRows.of(report, "p_value", "p_value_adjusted", 7)), driver(rows));
  }

  /** The driver-side adjustment of the rows' non-null p-values; null for a null p-value. */
  private static Map<String, Double> driver(List<Row> rows) {
    List<Row> tested = rows.stream().filter(r -> !r.isNullAt(2)).toList();
    double[] adjusted =
        dev.klspark.math.BenjaminiHochberg.adjust(
            tested.stream().mapToDouble(r -> r.getDouble(2)).toArray());
    Map<String, Double> out = new HashMap<>();
    for (Row r : rows) {
      out.put(r.getString(0), null);
    }
    for (int i = 0; i < tested.size(); i++) {
      out.put(tested.get(i).getString(0), adjusted[i]);
    }
    return out;
  }

  /**
   * Outside [0, 1] (no report produces such p-values): NaN counts in m and sorts last, above
   * infinity, as the former implementation had it; values above 1 adjust to 1.
   */
  @Test
  void nanAndAboveOne() {
    double[] p = {0.01, Double.NaN, 0.02, Double.POSITIVE_INFINITY, 1.5, Double.NaN, 1e-9, 0.5};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < p.length; i++) {
      rows.add(RowFactory.create("k" + i, (long) i, p[i]));
    }
    Dataset<Row> report = spark.createDataFrame(rows, REPORT).repartition(3);
    Map<String, Double> got =
        byKey(PValueAdjustment.benjaminiHochberg(report, "p_value", "p_value_adjusted"));
    // m = 8, ranked 1e-9, 0.01, 0.02, 0.5, 1.5, infinity, NaN, NaN: 1e-9 -> 8e-9; 0.01 ->
    // min(0.08 / 2, 0.16 / 3) = 0.04; 0.02 -> 0.16 / 3; 0.5 -> min(1, 4 / 4) = 1; the rest -> 1.
    assertThat(got.get("k6")).isEqualTo(8e-9);
    assertThat(got.get("k0")).isEqualTo(0.04);
    assertThat(got.get("k2")).isEqualTo(0.02 * 8.0 / 3.0);
    assertThat(got.get("k7")).isEqualTo(1.0);
    for (String k : List.of("k1", "k3", "k4", "k5")) {
      assertThat(got.get(k)).as(k).isEqualTo(1.0);
    }
  }

  /** The column order and the schema as before; a column of the adjusted name is replaced. */
  @Test
  void columns() {
    Dataset<Row> report =
        spark.sql(
            "SELECT * FROM VALUES ('a', 0.5D, 1L, 'x'), ('b', 0.01D, 2L, 'y') AS t(k, p, q, r)");
    assertThat(PValueAdjustment.benjaminiHochberg(report, "p", "adj").schema())
        .isEqualTo(report.schema().add("adj", DataTypes.DoubleType, true));
    Dataset<Row> replaced = PValueAdjustment.benjaminiHochberg(report, "p", "q");
    assertThat(replaced.columns()).containsExactly("k", "p", "q", "r");
    assertThat(replaced.schema().apply("q").dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(PValueAdjustment.benjaminiHochberg(report, "p", "adj").columns())
        .containsExactly("k", "p", "q", "r", "adj");
  }

  /**
   * The report is computed once although the adjustment reads it three times (the shuffle's files
   * are reused), also when it scans a cached table under adaptive execution, and a second action on
   * the adjusted rows computes nothing before the adjustment again.
   */
  @Test
  void theReportIsComputedOnce() {
    LongAccumulator made = spark.sparkContext().longAccumulator();
    Dataset<Row> adjusted =
        PValueAdjustment.benjaminiHochberg(countedReport(made, 3), "p_value", "p_value_adjusted");
    assertThat(adjusted.count()).isEqualTo(REPORT_ROWS);
    assertThat(made.value()).isEqualTo(REPORT_ROWS);
    assertThat(adjusted.where("p_value_adjusted < 0.5").count()).isPositive();
    assertThat(made.value()).as("rows made over two actions").isEqualTo(REPORT_ROWS);

    LongAccumulator cachedMade = spark.sparkContext().longAccumulator();
    Dataset<Row> cached =
        spark.range(0, REPORT_ROWS, 1, 3).selectExpr("CAST(id AS STRING) AS k", "id AS n").cache();
    try {
      cached.count();
      Dataset<Row> report =
          cached
              .repartition(col("k"))
              .mapPartitions(new PerGroup(cachedMade), Encoders.row(REPORT));
      List<Row> rows = new ArrayList<>();
      for (long n = 0; n < REPORT_ROWS; n++) {
        rows.add(RowFactory.create(Long.toString(n), n, n % 13 == 0 ? null : (n % 97) / 97.0));
      }
      assertSameBits(
          byKey(PValueAdjustment.benjaminiHochberg(report, "p_value", "p_value_adjusted")),
          driver(rows));
      assertThat(cachedMade.value()).isEqualTo(REPORT_ROWS);
    } finally {
      cached.unpersist(true);
    }
  }

  /**
   * The partition of a p-value never decreases with it: over random pairs from 1e-320 to 1 and
   * around the edge of the logarithmic range; and both ranges are used.
   */
  @Test
  void partitionsFollowThePValues() {
    Random random = new Random(5);
    for (int n : new int[] {1, 2, 3, 7, 64, 1000}) {
      for (int i = 0; i < 20_000; i++) {
        double a =
            random.nextInt(4) == 0
                ? AdjustedRows.LOG_BELOW * (1 + (random.nextDouble() - 0.5) * 1e-12)
                : Math.pow(10.0, -320.0 * random.nextDouble() * random.nextDouble());
        double b = random.nextBoolean() ? Math.nextUp(a) : a * (1 + random.nextDouble());
        if (b >= 1.0) {
          continue;
        }
        assertThat(AdjustedRows.partition(a, n))
            .as("p = %s, %s of %d", a, b, n)
            .isBetween(0, n - 1)
            .isLessThanOrEqualTo(AdjustedRows.partition(b, n));
      }
    }
    assertThat(AdjustedRows.partition(Double.MIN_VALUE, 8)).isZero();
    assertThat(AdjustedRows.partition(1e-200, 8)).isZero();
    assertThat(AdjustedRows.partition(1e-10, 8)).isEqualTo(1);
    assertThat(AdjustedRows.partition(0.5, 8)).isEqualTo(4);
    assertThat(AdjustedRows.partition(Math.nextDown(1.0), 8)).isEqualTo(7);
  }

  /**
   * Zeros and ones, the usual large runs of ties, are spread over the partitions by the rows' hash:
   * no partition of 4 holds more than 35 % of 10 000 of them (gathered, the ones alone would be a
   * third, and a partition their 3334 plus its share of the zeros).
   */
  @Test
  void zerosAndOnesAreSpread() {
    Dataset<Row> report =
        spark
            .range(0, 10_000, 1, 2)
            .selectExpr(
                "CAST(id AS STRING) AS k",
                "id AS n",
                "CASE WHEN id % 3 = 0 THEN 1D ELSE 0D END AS" + " p_value");
    Dataset<Row> adjusted = AdjustedRows.of(report, "p_value", "p_value_adjusted", 4);
    List<Row> sizes =
        adjusted
            .withColumn("part", org.apache.spark.sql.functions.spark_partition_id())
            .groupBy("part")
            .count()
            .collectAsList();
    assertThat(sizes).hasSize(4);
    for (Row r : sizes) {
      assertThat(r.getLong(1)).isLessThan(3_500);
    }
    assertThat(adjusted.where("p_value = 0 AND p_value_adjusted = 0").count()).isEqualTo(6_666);
    assertThat(adjusted.where("p_value = 1 AND p_value_adjusted = 1").count()).isEqualTo(3_334);
  }

  /** A negative p-value (no report makes one) fails the adjustment, naming column and value. */
  @Test
  void aNegativePValueIsRefused() {
    Dataset<Row> report =
        spark.sql("SELECT * FROM VALUES ('a', 0.5D), ('b', -0.25D) AS t(k, p_value)");
    assertThatThrownBy(
            () ->
                PValueAdjustment.benjaminiHochberg(report, "p_value", "p_value_adjusted")
                    .collectAsList())
        .hasStackTraceContaining(
            "p-value column p_value holds -0.25; expected a number in [0, 1], NaN or null");
    assertThatThrownBy(() -> PValueAdjustment.benjaminiHochberg(report, "k", "adj"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("p-value column k: expected a double column");
  }

  /**
   * The adjusted values in place of the p-values themselves, and a second adjustment over the
   * first's rows (as mle-report's prediction comparison adjusts two p-values): each as the driver.
   */
  @Test
  void inPlaceAndTwice() {
    Random random = new Random(3);
    StructType two = REPORT.add("q_value", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      rows.add(
          RowFactory.create(
              "k" + i,
              (long) i,
              random.nextInt(10) == 0 ? null : random.nextDouble(),
              random.nextInt(7) == 0 ? 0.0 : Math.pow(random.nextDouble(), 6)));
    }
    Dataset<Row> report = spark.createDataFrame(rows, two).repartition(3);
    Dataset<Row> inPlace = PValueAdjustment.benjaminiHochberg(report, "p_value", "p_value");
    assertThat(inPlace.columns()).containsExactly("k", "n", "p_value", "q_value");
    assertSameBits(byKey(inPlace.withColumnRenamed("p_value", "p_value_adjusted")), driver(rows));

    Dataset<Row> twice =
        PValueAdjustment.benjaminiHochberg(
            PValueAdjustment.benjaminiHochberg(report, "p_value", "p_value_adjusted"),
            "q_value",
            "q_value_adjusted");
    assertSameBits(byKey(twice), driver(rows));
    List<Row> q = new ArrayList<>();
    for (Row r : rows) {
      q.add(RowFactory.create(r.getString(0), r.getLong(1), r.get(3)));
    }
    assertSameBits(
        byKey(
            twice
                .drop("p_value_adjusted")
                .withColumnRenamed("q_value_adjusted", "p_value_adjusted")),
        driver(q));
  }

  /**
   * A report that comes out different when Spark computes it again (here after its shuffle's map
   * outputs are forgotten, as when the executor holding them is lost) fails the adjustment with a
   * message, instead of being ranked with the first computation's counts.
   */
  @Test
  void aReportThatChangesWhenComputedAgainFails() {
    Dataset<Row> report =
        spark
            .range(0, 200, 1, 2)
            .selectExpr("CAST(id AS STRING) AS k", "id AS n")
            .mapPartitions(new ChangesWhenComputedAgain(), Encoders.row(REPORT));
    Dataset<Row> adjusted =
        PValueAdjustment.benjaminiHochberg(report, "p_value", "p_value_adjusted");
    assertThat(adjusted.count()).isEqualTo(200);
    List<RDD<?>> scans = new ArrayList<>();
    adjusted
        .queryExecution()
        .analyzed()
        .foreach(
            node -> {
              if (node instanceof org.apache.spark.sql.execution.LogicalRDD r) {
                scans.add(r.rdd());
              }
              return null;
            });
    assertThat(scans).hasSize(1);
    RDD<?> byRange = scans.get(0).dependencies().head().rdd();
    int shuffle = ((ShuffleDependency<?, ?, ?>) byRange.dependencies().head()).shuffleId();
    ((MapOutputTrackerMaster) SparkEnv.get().mapOutputTracker())
        .unregisterAllMapAndMergeOutput(shuffle);
    assertThatThrownBy(adjusted::collectAsList)
        .hasStackTraceContaining("the report changed between two reads of its Benjamini-Hochberg");
  }

  /** p = (n mod 10) / 10 the first time a partition is computed, 0.5 after that. */
  private static final class ChangesWhenComputedAgain implements MapPartitionsFunction<Row, Row> {
    private static final AtomicInteger COMPUTED = new AtomicInteger();

    @Override
    public Iterator<Row> call(Iterator<Row> in) {
      boolean again = COMPUTED.incrementAndGet() > 2;
      List<Row> out = new ArrayList<>();
      while (in.hasNext()) {
        Row r = in.next();
        long n = r.getLong(1);
        out.add(RowFactory.create(r.getString(0), n, again ? 0.5 : (n % 10) / 10.0));
      }
      return out.iterator();
    }
  }

  @Test
  void buildingStartsNoJob() throws Exception {
    AtomicInteger jobs = new AtomicInteger();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart start) {
            jobs.incrementAndGet();
          }
        };
    spark.sparkContext().addSparkListener(listener);
    try {
      Dataset<Row> report = countedReport(spark.sparkContext().longAccumulator(), 2);
      PValueAdjustment.benjaminiHochberg(report, "p_value", "p_value_adjusted");
      spark.sparkContext().listenerBus().waitUntilEmpty(); // events arrive asynchronously
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    assertThat(jobs.get()).as("Spark jobs run while building").isZero();
  }

  private static final int REPORT_ROWS = 400;

  /**
   * A report like the reports' (a shuffle, then a per-group step in mapPartitions) over {@link
   * #REPORT_ROWS} input rows, one output row each, counting the rows it makes.
   */
  private static Dataset<Row> countedReport(LongAccumulator made, int partitions) {
    Dataset<Row> input =
        spark
            .range(0, REPORT_ROWS, 1, partitions)
            .selectExpr("CAST(id AS STRING) AS k", "id AS n")
            .repartition(col("k"));
    return input.mapPartitions(new PerGroup(made), Encoders.row(REPORT));
  }

  /** p = (n mod 97) / 97, null for n mod 13 = 0: ties, nulls, 0. */
  private static final class PerGroup implements MapPartitionsFunction<Row, Row> {
    private final LongAccumulator made;

    PerGroup(LongAccumulator made) {
      this.made = made;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> in) {
      List<Row> out = new ArrayList<>();
      while (in.hasNext()) {
        Row r = in.next();
        long n = r.getLong(1);
        made.add(1L);
        out.add(RowFactory.create(r.getString(0), n, n % 13 == 0 ? null : (n % 97) / 97.0));
      }
      return out.iterator();
    }
  }

  private static List<Row> randomRows(Random random, int size) {
    double[] pool = {0.5, 0.01, 0.25, 1e-300, 0x1.0p-10, 1.0 / 3};
    List<Double> drawn = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Double p;
      switch (random.nextInt(12)) {
        case 0:
          p = null;
          break;
        case 1:
          p = random.nextInt(4) == 0 ? 0.0 : 1.0;
          break;
        case 2:
          p = pool[random.nextInt(pool.length)];
          break;
        case 3:
          p = Math.pow(10.0, -300.0 * random.nextDouble());
          break;
        case 4:
          p = random.nextBoolean() ? Double.MIN_VALUE : Double.MIN_NORMAL * random.nextDouble();
          break;
        case 5:
          double edge =
              random.nextBoolean()
                  ? (1 + random.nextInt(1024)) / 1024.0
                  : Math.scalb(1.0, -random.nextInt(1075));
          p =
              Math.max(
                  0.0,
                  Math.min(
                      1.0,
                      random.nextInt(3) == 0
                          ? Math.nextDown(edge)
                          : random.nextBoolean() ? edge : Math.nextUp(edge)));
          break;
        case 6:
          p = drawn.isEmpty() ? 0.7 : drawn.get(random.nextInt(drawn.size()));
          break;
        default:
          p = random.nextDouble();
      }
      if (p != null) {
        drawn.add(p);
      }
      rows.add(RowFactory.create("k" + i, (long) i, p));
    }
    Collections.shuffle(rows, random);
    return rows;
  }

  private static Map<String, Double> byKey(Dataset<Row> adjusted) {
    int k = adjusted.schema().fieldIndex("k");
    int a = adjusted.schema().fieldIndex("p_value_adjusted");
    Map<String, Double> out = new HashMap<>();
    for (Row r : adjusted.collectAsList()) {
      out.put(r.getString(k), r.isNullAt(a) ? null : r.getDouble(a));
    }
    return out;
  }

  private static void assertSameBits(Map<String, Double> got, Map<String, Double> expected) {
    assertThat(got.keySet()).isEqualTo(expected.keySet());
    for (Map.Entry<String, Double> e : expected.entrySet()) {
      Double g = got.get(e.getKey());
      if (e.getValue() == null) {
        assertThat(g).as(e.getKey()).isNull();
      } else {
        assertThat(g).as(e.getKey()).isNotNull();
        assertThat(Double.doubleToRawLongBits(g))
            .as("%s: %s, expected %s", e.getKey(), g, e.getValue())
            .isEqualTo(Double.doubleToRawLongBits(e.getValue()));
      }
    }
  }
}

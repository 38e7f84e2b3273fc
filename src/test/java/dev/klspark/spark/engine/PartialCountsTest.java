package dev.klspark.spark.engine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.compat.SparkCompat;
import dev.klspark.spark.distribution.ModelTable;
import dev.klspark.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.Final$;
import org.apache.spark.sql.execution.CoalesceExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.aggregate.HashAggregateExec;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import org.apache.spark.sql.execution.exchange.ShuffleExchangeExec;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * Partial counts straight into the per-group step's shuffle: the same rows, bit for bit, as the
 * plan with Spark's final count, when every (group, category) count is split over several scan
 * tasks; one exchange and no final aggregation in the step's plan; other plans left as they were.
 */
class PartialCountsTest {
  private static final SparkSession spark = SparkTestSession.get();

  /**
   * 600 rows over 7 partitions, round robin, so that each (group, category) count is split over
   * several tasks: groups a, b, c (and null), categories x, y, z (and null), uneven counts.
   */
  private static Dataset<Row> rows() {
    return spark
        .range(600)
        .select(
            functions
                .when(col("id").mod(13).equalTo(0), lit(null).cast("string"))
                .otherwise(
                    functions.element_at(
                        functions.array(lit("a"), lit("b"), lit("c")),
                        col("id").mod(3).plus(1).cast("int")))
                .as("g"),
            functions
                .when(col("id").mod(11).equalTo(0), lit(null).cast("string"))
                .otherwise(
                    functions.element_at(
                        functions.array(lit("x"), lit("y"), lit("y"), lit("z"), lit("x")),
                        col("id").mod(5).plus(1).cast("int")))
                .as("c"))
        .repartition(7);
  }

  private static Dataset<Row> model() {
    return spark.sql(
        "SELECT * FROM VALUES ('a','x',0.5D),('a','y',0.3D),('a','z',0.2D),"
            + "('b','x',0.2D),('b','y',0.8D),(NULL,'x',1.0D),('d','x',1.0D)"
            + " AS m(g, c, q)");
  }

  private static Dataset<Row> cells(Column observed) {
    List<Column> modelSide = List.of(col("g"), col("c"), lit(0.0).as("obs"), col("q").as("q"));
    return rows()
        .groupBy(col("g"), col("c"))
        .agg(observed.cast("double").as("obs"))
        .select(col("g"), col("c"), col("obs"), lit(null).cast("double").as("q"))
        .union(model().select(modelSide.toArray(new Column[0])));
  }

  private static GroupStream.Cells stream(Dataset<Row> cells) {
    return GroupStream.over(cells).keys(List.of("g")).category("c").observed("obs").model("q");
  }

  private static GroupComparison comparison() {
    return new GroupComparison(
            GroupComparison.ModelInput.PROBABILITIES,
            Smoothing.none(),
            LogBase.NATS,
            ModelTable.Normalization.STRICT)
        .withEvidence(0.95);
  }

  private static List<String> sorted(Dataset<Row> df) {
    List<String> out = new ArrayList<>();
    for (Row r : df.collectAsList()) {
      out.add(r.toString()); // doubles print with all their digits: equal strings, equal bits
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  @Test
  void splitCountsGiveTheSameRowsBitForBit() {
    Dataset<Row> whole = stream(cells(functions.count(lit(1)))).compare(comparison());
    Dataset<Row> split =
        stream(cells(functions.count(lit(1)))).partialCounts().compare(comparison());
    assertThat(PartialCounts.stepPlans(whole)).isEmpty();
    assertThat(PartialCounts.stepPlans(split)).hasSize(1);
    List<String> expected = sorted(whole);
    assertThat(expected).hasSize(5); // a, b, c, d and the null group
    assertThat(sorted(split)).isEqualTo(expected);
    // The counts did arrive in parts: more rows went through the step's shuffle than the 16
    // (group, category) cells and 7 model rows of the whole counts.
    List<SparkPlan> nodes = new ArrayList<>();
    collect(PartialCounts.stepPlans(split).get(0), nodes);
    ShuffleExchangeExec exchange =
        (ShuffleExchangeExec) nodes.stream().filter(PartialCountsTest::byGroup).findFirst().get();
    long shuffled = (Long) exchange.metrics().get("shuffleRecordsWritten").get().value();
    assertThat(shuffled).isGreaterThan(16 + 7);
  }

  @Test
  void theStepsPlanHasOneExchangeAndOnlyPartialCounts() {
    Dataset<Row> split =
        stream(cells(functions.count(lit(1)))).partialCounts().compare(comparison());
    SparkPlan plan = PartialCounts.stepPlans(split).get(0);
    List<SparkPlan> nodes = new ArrayList<>();
    collect(plan, nodes);
    // (besides the round robin that spreads the test's rows over 7 partitions)
    assertThat(nodes.stream().filter(PartialCountsTest::byGroup)).hasSize(1);
    List<HashAggregateExec> aggregates =
        nodes.stream()
            .filter(n -> n instanceof HashAggregateExec)
            .map(n -> (HashAggregateExec) n)
            .toList();
    assertThat(aggregates).hasSize(1);
    for (AggregateExpression e : SparkCompat.list(aggregates.get(0).aggregateExpressions())) {
      assertThat(e.mode()).isNotEqualTo(Final$.MODULE$);
    }
  }

  @Test
  void aSumOfDoublesIsNotSplit() {
    // A sum of weights keeps Spark's final aggregation: its parts would round differently from
    // the whole (and a check on the final sum, such as klspark's infinite-sum error, would see
    // parts).
    Dataset<Row> weighted =
        stream(cells(functions.sum(lit(1.5)))).partialCounts().compare(comparison());
    assertThat(PartialCounts.stepPlans(weighted)).isEmpty();
    assertThat(weighted.count()).isEqualTo(5);
  }

  @Test
  void aSumOfWholeNumbersIsSplitAndGivesTheSameRows() {
    // A count of some rows as a sum of 0/1 (data-quality's current and reference counts): its
    // partial sums are whole numbers, exact in any order, so it is split like a count.
    Column ones = functions.when(col("c").notEqual("z"), lit(1L)).otherwise(lit(0L));
    Dataset<Row> whole = stream(cells(functions.sum(ones))).compare(comparison());
    Dataset<Row> split = stream(cells(functions.sum(ones))).partialCounts().compare(comparison());
    assertThat(PartialCounts.stepPlans(split)).hasSize(1);
    assertThat(sorted(split)).isEqualTo(sorted(whole));
    // A nullable column's partial sums could be null where the whole sum is not: left unsplit.
    Column nullable = functions.when(col("c").notEqual("z"), lit(1L));
    assertThat(
            PartialCounts.stepPlans(
                stream(cells(functions.sum(nullable))).partialCounts().compare(comparison())))
        .isEmpty();
  }

  /** The cells of {@link #cells} with {@code model} as the model's side. */
  private static Dataset<Row> cellsOver(Dataset<Row> model) {
    List<Column> modelSide = List.of(col("g"), col("c"), lit(0.0).as("obs"), col("q").as("q"));
    return rows()
        .groupBy(col("g"), col("c"))
        .agg(functions.count(lit(1)).cast("double").as("obs"))
        .select(col("g"), col("c"), col("obs"), lit(null).cast("double").as("q"))
        .union(model.select(modelSide.toArray(new Column[0])));
  }

  /** The nodes of the one-exchange plan of {@code report}. */
  private static List<SparkPlan> stepNodes(Dataset<Row> report) {
    List<SparkPlan> nodes = new ArrayList<>();
    collect(PartialCounts.stepPlans(report).get(0), nodes);
    return nodes;
  }

  private static List<CoalesceExec> coalesces(List<SparkPlan> nodes) {
    return nodes.stream()
        .filter(n -> n instanceof CoalesceExec)
        .map(n -> (CoalesceExec) n)
        .toList();
  }

  /** The tasks of the step's map stage: the partitions of the input of its shuffle by group. */
  private static int mapTasks(List<SparkPlan> nodes) {
    ShuffleExchangeExec exchange =
        (ShuffleExchangeExec) nodes.stream().filter(PartialCountsTest::byGroup).findFirst().get();
    return exchange.child().execute().getNumPartitions();
  }

  /** A cached copy of the model in 40 partitions, as a cached table keeps a shuffle's. */
  private static Dataset<Row> cachedIn40() {
    Dataset<Row> cached = model().repartition(40).cache();
    assertThat(cached.count()).isEqualTo(7);
    return cached;
  }

  @Test
  void aModelInManyPartitionsIsCoalescedToTheRowsScanOrTheParallelism() {
    // A cached model keeps the partitions of the shuffle that made it (200 by default): each would
    // be a task of the step's map stage. Its side of the union is coalesced to the larger of the
    // rows' scan partitions (spark.range: the default parallelism, 2) and the parallelism; its few
    // hundred bytes ask for no more.
    Dataset<Row> cached = cachedIn40();
    try {
      Dataset<Row> cells = cellsOver(cached);
      Dataset<Row> split = stream(cells).partialCounts().compare(comparison());
      List<SparkPlan> nodes = stepNodes(split);
      int parallelism = spark.sparkContext().defaultParallelism();
      List<CoalesceExec> coalesces = coalesces(nodes);
      assertThat(coalesces).hasSize(1);
      assertThat(coalesces.get(0).numPartitions()).isEqualTo(parallelism);
      // Over the model's side only: its scan of the cached table, 40 partitions, read in 2 tasks.
      List<SparkPlan> below = new ArrayList<>();
      collect(coalesces.get(0).child(), below);
      assertThat(below.stream().filter(n -> n instanceof InMemoryTableScanExec)).hasSize(1);
      assertThat(below.stream().filter(n -> n instanceof HashAggregateExec)).isEmpty();
      assertThat(coalesces.get(0).child().execute().getNumPartitions()).isEqualTo(40);
      // The map stage: the rows' 7 partitions (after the test's round robin) and the model's 2.
      assertThat(mapTasks(nodes)).isEqualTo(7 + parallelism);
      // The same rows, bit for bit, as Spark's own plan over the 40 partitions.
      Dataset<Row> whole = stream(cells).compare(comparison());
      assertThat(PartialCounts.stepPlans(whole)).isEmpty();
      assertThat(sorted(split)).isEqualTo(sorted(whole)).hasSize(5);
    } finally {
      cached.unpersist(true);
    }
  }

  @Test
  void withAdaptiveExecutionOffTheModelIsCoalescedToo() {
    String key = "spark.sql.adaptive.enabled";
    String before = spark.conf().get(key);
    Dataset<Row> cached = cachedIn40();
    spark.conf().set(key, "false");
    try {
      Dataset<Row> split = stream(cellsOver(cached)).partialCounts().compare(comparison());
      List<SparkPlan> nodes = stepNodes(split);
      int parallelism = spark.sparkContext().defaultParallelism();
      assertThat(coalesces(nodes)).hasSize(1);
      assertThat(mapTasks(nodes)).isEqualTo(7 + parallelism);
      assertThat(split.count()).isEqualTo(5);
    } finally {
      spark.conf().set(key, before);
      cached.unpersist(true);
    }
  }

  @Test
  void aLargeModelKeepsTasksOfAboutAFileScansSize() {
    // With spark.sql.files.maxPartitionBytes at a tenth of the model side's estimated size, the
    // side keeps about ten tasks: a model too large for the rows' few tasks is not squeezed into
    // them.
    String key = "spark.sql.files.maxPartitionBytes";
    String before = spark.conf().get(key);
    Dataset<Row> cached = cachedIn40();
    try {
      Dataset<Row> cells = cellsOver(cached);
      List<SparkPlan> first = stepNodes(stream(cells).partialCounts().compare(comparison()));
      // The side's estimate, from its first node with a logical plan (preparation wraps it for
      // code generation).
      List<SparkPlan> side = new ArrayList<>();
      collect(coalesces(first).get(0).child(), side);
      long size =
          side.stream()
              .filter(n -> n.logicalLink().isDefined())
              .findFirst()
              .get()
              .logicalLink()
              .get()
              .stats()
              .sizeInBytes()
              .longValue();
      assertThat(size).isGreaterThan(100);
      long bytes = size / 10;
      spark.conf().set(key, Long.toString(bytes));
      Dataset<Row> split = stream(cells).partialCounts().compare(comparison());
      List<SparkPlan> nodes = stepNodes(split);
      List<CoalesceExec> coalesces = coalesces(nodes);
      assertThat(coalesces).hasSize(1);
      int expected = (int) ((size + bytes - 1) / bytes); // 10 or 11, by the rounding of size / 10
      assertThat(expected).isBetween(10, 11);
      assertThat(coalesces.get(0).numPartitions()).isEqualTo(expected);
      assertThat(mapTasks(nodes)).isEqualTo(7 + expected);
      assertThat(sorted(split)).isEqualTo(sorted(stream(cells).compare(comparison())));
    } finally {
      spark.conf().set(key, before);
      cached.unpersist(true);
    }
  }

  @Test
  void aModelOfUnknownSizeIsReadAsItWas() {
    // The rows of an RDD: Spark gives them its default size (no estimate), so nothing tells how
    // many tasks they need; their 40 partitions are read as they are.
    Dataset<Row> local = model();
    Dataset<Row> rdd =
        spark.createDataFrame(
            new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
                .parallelize(local.collectAsList(), 40),
            local.schema());
    Dataset<Row> cells = cellsOver(rdd);
    Dataset<Row> split = stream(cells).partialCounts().compare(comparison());
    List<SparkPlan> nodes = stepNodes(split);
    assertThat(coalesces(nodes)).isEmpty();
    assertThat(mapTasks(nodes)).isEqualTo(7 + 40);
    assertThat(sorted(split)).isEqualTo(sorted(stream(cells).compare(comparison())));
  }

  private static boolean byGroup(SparkPlan node) {
    return node instanceof ShuffleExchangeExec e
        && e.outputPartitioning()
            instanceof org.apache.spark.sql.catalyst.plans.physical.HashPartitioning;
  }

  private static void collect(SparkPlan plan, List<SparkPlan> out) {
    out.add(plan);
    for (SparkPlan c : SparkCompat.list(plan.children())) {
      collect(c, out);
    }
  }
}

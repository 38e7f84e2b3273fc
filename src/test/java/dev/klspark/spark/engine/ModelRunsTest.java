package dev.klspark.spark.engine;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klspark.klreport.DivergenceReport;
import dev.klspark.klreport.ReportSpec;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.mle.MleReport;
import dev.klspark.mle.MleSpec;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.distribution.ModelTable;
import dev.klspark.spark.distribution.RowChecks;
import dev.klspark.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * A long model table's adjacent rows of one group travel to the per-group step as one row ({@link
 * ModelRuns}): what is packed and what is not, and that kl-report and mle-report give the same
 * rows, bit for bit, whether a table's rows of a group are stored together (packed) or scattered
 * (one row each), with the same messages for an invalid table.
 */
class ModelRunsTest {
  private static final SparkSession spark = SparkTestSession.get();

  private static final StructType LONG =
      new StructType()
          .add("g", DataTypes.StringType)
          .add("category", DataTypes.StringType)
          .add("probability", DataTypes.DoubleType);

  private static final StructType SIDE =
      new StructType()
          .add("g", DataTypes.StringType)
          .add("c", DataTypes.StringType)
          .add("o", DataTypes.DoubleType, false)
          .add("q", DataTypes.DoubleType);

  private static Dataset<Row> side(int partitions, Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return spark.createDataFrame(list, SIDE).repartition(1).coalesce(partitions);
  }

  /** The packed rows as text, "g: c=q" for a row of its own, "g: [c=q, ...]" for a packed one. */
  private static List<String> packed(Dataset<Row> side) {
    return ModelRuns.packed(side, 1, "cells").collectAsList().stream()
        .map(
            r -> {
              String g = r.isNullAt(0) ? "null" : r.getString(0);
              if (r.isNullAt(4)) {
                return g + ": " + r.get(1) + "=" + r.get(3);
              }
              assertThat(r.isNullAt(1)).isTrue();
              assertThat(r.isNullAt(3)).isTrue();
              assertThat(r.getDouble(2)).isZero();
              // ModelTable.CELLS_TYPE: the categories, then their probabilities.
              List<String> categories = r.getStruct(4).getList(0);
              List<Double> probabilities = r.getStruct(4).getList(1);
              assertThat(probabilities).hasSameSizeAs(categories);
              return g
                  + ": "
                  + java.util.stream.IntStream.range(0, categories.size())
                      .mapToObj(i -> categories.get(i) + "=" + probabilities.get(i))
                      .collect(Collectors.toList());
            })
        .toList();
  }

  @Test
  void adjacentRowsOfAGroupArePackedAndOthersStandForThemselves() {
    Dataset<Row> side =
        side(
            1,
            new Object[] {"A", "x", 0.0, 0.5},
            new Object[] {"A", "y", 0.0, 0.5},
            new Object[] {"B", "x", 0.0, 1.0},
            new Object[] {"A", "z", 0.0, 0.0},
            new Object[] {null, "x", 0.0, 0.25},
            new Object[] {null, "y", 0.0, 0.75},
            new Object[] {"C", null, 0.0, 0.5}, // no category: the step's entry check would fail
            new Object[] {"C", "x", 0.0, 1.5}, // out of range: the row check fails the read
            new Object[] {"C", "y", 0.0, Double.NaN},
            new Object[] {"C", "z", 0.0, null},
            new Object[] {"D", "x", 0.0, 0.5},
            new Object[] {"D", "x", 0.0, 0.5}); // a duplicate: packed, counted by the step
    assertThat(packed(side))
        .containsExactly(
            "A: [x=0.5, y=0.5]",
            "B: x=1.0",
            "A: z=0.0",
            "null: [x=0.25, y=0.75]",
            "C: null=0.5",
            "C: x=1.5",
            "C: y=NaN",
            "C: z=null",
            "D: [x=0.5, x=0.5]");
  }

  @Test
  void aRunIsCutAtTheMostEntriesOneRowCarries() {
    Object[][] rows = new Object[ModelRuns.MAX_ENTRIES + 3][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new Object[] {"A", "c" + i, 0.0, 1.0 / rows.length};
    }
    List<Row> out = ModelRuns.packed(side(1, rows), 1, "cells").collectAsList();
    assertThat(out).hasSize(2);
    assertThat(out.get(0).getStruct(4).getList(0)).hasSize(ModelRuns.MAX_ENTRIES);
    assertThat(out.get(0).getStruct(4).getList(1)).hasSize(ModelRuns.MAX_ENTRIES);
    assertThat(out.get(1).getStruct(4).getList(0)).hasSize(3);
  }

  @Test
  void packingStartsNoJobAndRefusesAnotherLayout() {
    Dataset<Row> side = side(1, new Object[] {"A", "x", 0.0, 0.5});
    // Built lazily: the schema only.
    assertThat(ModelRuns.packed(side, 1, "cells").columns())
        .containsExactly("g", "c", "o", "q", "cells");
    assertThatThrownBy(() -> ModelRuns.packed(side.drop("o"), 1, "cells"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key columns, then category (string), observed (double)");
  }

  @Test
  void buildingTheReportsStartsNoJob() throws Exception {
    AtomicInteger jobs = new AtomicInteger();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart start) {
            jobs.incrementAndGet();
          }
        };
    List<Row> model = modelRows(5, 3, 1);
    Dataset<Row> input = observed(5, 3, 2);
    Dataset<Row> table = table(model, 2);
    spark.sparkContext().addSparkListener(listener);
    try {
      // (mle-report reads its candidates' ids when it is built: not counted here.)
      divergence(input, table);
      ModelRuns.packed(side(1, new Object[] {"A", "x", 0.0, 0.5}), 1, "cells");
      spark.sparkContext().listenerBus().waitUntilEmpty(); // events arrive asynchronously
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    assertThat(jobs.get()).as("Spark jobs run while building").isZero();
  }

  /**
   * The per-group step itself, with the model's rows as cells of their own (the step's path without
   * carried cells) and packed: the same rows bit for bit, for keys of several types (a null key, a
   * long, a decimal, a date, a struct), with and without the log-loss, and with runs cut by
   * partitions.
   */
  @Test
  void theStepGivesTheSameRowsWithTheModelPackedOrNot() {
    String[] keys = {
      "IF(gi = 0, NULL, CONCAT('g', gi))",
      "gi * 1000000007L",
      "CAST(gi AS DECIMAL(20, 2)) + 0.5",
      "date_add(DATE'2020-01-01', CAST(gi AS INT))",
      "named_struct('a', gi % 3, 'b', CAST(gi AS STRING))"
    };
    GroupComparison comparison =
        new GroupComparison(
                GroupComparison.ModelInput.PROBABILITIES,
                Smoothing.none(),
                LogBase.NATS,
                ModelTable.Normalization.STRICT)
            .withEvidence(0.95);
    for (String key : keys) {
      Dataset<Row> observed =
          spark
              .range(0, 3000, 1, 3)
              .selectExpr("id % 14 AS gi", "CONCAT('c', (id DIV 14) % 6) AS c")
              .selectExpr(key + " AS k", "c")
              .groupBy("k", "c")
              .count()
              .selectExpr("k", "c", "CAST(count AS DOUBLE) AS o", "CAST(NULL AS DOUBLE) AS q");
      for (int partitions : new int[] {1, 2}) {
        // 12 groups x 5 categories, each group's rows together (runs cut where a partition ends).
        Dataset<Row> modelSide =
            spark
                .range(0, 60, 1, partitions)
                .selectExpr("id DIV 5 AS gi", "id % 5 AS ci")
                .selectExpr(
                    key + " AS k",
                    "CONCAT('c', ci) AS c",
                    "0.0D AS o",
                    "CAST(ci + 1 AS DOUBLE) / 15 AS q");
        Dataset<Row> rowByRow = observed.union(modelSide);
        Dataset<Row> packed =
            observed
                .withColumn("cells", functions.lit(null).cast(ModelTable.CELLS_TYPE))
                .union(ModelRuns.packed(modelSide, 1, "cells"));
        for (boolean logLoss : new boolean[] {false, true}) {
          GroupStream.Cells before = cells(rowByRow);
          GroupStream.Cells after = cells(packed).modelCells("cells");
          if (logLoss) {
            before = before.logLoss();
            after = after.logLoss();
          }
          List<String> expected = exact(before.compare(comparison));
          assertThat(expected).as(key).hasSize(14);
          assertThat(exact(after.compare(comparison))).as(key).isEqualTo(expected);
        }
      }
    }
  }

  private static GroupStream.Cells cells(Dataset<Row> in) {
    return GroupStream.over(in).keys(List.of("k")).category("c").observed("o").model("q");
  }

  // ---- the reports: stored together or scattered, the same rows ----

  /** A model of G groups x K categories (some probabilities 0), rows in group order. */
  private static List<Row> modelRows(int groups, int k, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      double[] w = new double[k];
      double sum = 0;
      for (int c = 0; c < k; c++) {
        w[c] = c == g % k ? 0.0 : random.nextDouble();
        sum += w[c];
      }
      for (int c = 0; c < k; c++) {
        rows.add(RowFactory.create(g == 3 ? null : "g" + g, "c" + c, w[c] / sum));
      }
    }
    return rows;
  }

  private static Dataset<Row> observed(int groups, int k, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      int g = random.nextInt(groups + 2); // two groups without a model
      int c = random.nextInt(k + 1); // one category outside the model
      rows.add(RowFactory.create(g == 3 ? null : "g" + g, c == k && i % 7 == 0 ? null : "c" + c));
    }
    return spark.createDataFrame(
        rows, new StructType().add("g", DataTypes.StringType).add("c", DataTypes.StringType));
  }

  private static Dataset<Row> table(List<Row> rows, int partitions) {
    return spark.createDataFrame(rows, LONG).repartition(1).coalesce(partitions);
  }

  /** The same rows with each group's rows scattered over partitions and between other groups. */
  private static Dataset<Row> scattered(List<Row> rows) {
    List<Row> shuffled = new ArrayList<>(rows);
    java.util.Collections.shuffle(shuffled, new Random(7));
    return spark.createDataFrame(shuffled, LONG).repartition(3);
  }

  private static List<String> exact(Dataset<Row> report) {
    return report
        .select(
            org.apache.spark.sql.functions.to_json(org.apache.spark.sql.functions.struct(col("*"))))
        .as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList()
        .stream()
        .sorted()
        .toList();
  }

  private static Dataset<Row> divergence(Dataset<Row> input, Dataset<Row> model) {
    return DivergenceReport.build(
        input,
        new ReportSpec(
            List.of("g"),
            new CategorySpec("c", null, null),
            null,
            null,
            new ReportSpec.Table(model, ModelTable.Normalization.STRICT),
            Smoothing.parse("floor:1e-9"),
            LogBase.NATS));
  }

  private static Dataset<Row> mle(Dataset<Row> input, Dataset<Row>... models) {
    List<MleSpec.Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < models.length; i++) {
      candidates.add(new MleSpec.Table("m" + i, models[i], ModelTable.Normalization.STRICT));
    }
    return MleReport.build(
        input,
        new MleSpec(
            List.of("g"), new CategorySpec("c", null, null), null, candidates, LogBase.NATS));
  }

  @Test
  void reportsAreTheSameWhetherAGroupsRowsAreStoredTogetherOrScattered() {
    List<Row> model = modelRows(40, 7, 11);
    Dataset<Row> input = observed(40, 7, 12);
    List<String> together = exact(divergence(input, table(model, 2)));
    assertThat(together).hasSize(42);
    assertThat(exact(divergence(input, scattered(model)))).isEqualTo(together);
    List<String> togetherMle = exact(mle(input, table(model, 2)));
    assertThat(exact(mle(input, scattered(model)))).isEqualTo(togetherMle);
    // Two candidates: a run is one group of one model.
    List<Row> other = modelRows(40, 7, 13);
    List<String> two = exact(mle(input, table(model, 2), table(other, 1)));
    assertThat(two).hasSize(84);
    assertThat(exact(mle(input, scattered(model), scattered(other)))).isEqualTo(two);
  }

  @Test
  void aDuplicateWithinARunIsReportedAsBefore() {
    List<Row> model = new ArrayList<>(modelRows(3, 4, 5));
    model.add(5, model.get(5)); // g1's first category twice, next to each other
    Dataset<Row> input = observed(3, 4, 6);
    String together = messageOf(() -> divergence(input, table(model, 1)).collectAsList());
    String apart = messageOf(() -> divergence(input, scattered(model)).collectAsList());
    assertThat(together).contains("group g=g1").contains("'c1'").isEqualTo(apart);
    assertThat(messageOf(() -> mle(input, table(model, 1)).collectAsList()))
        .isEqualTo(messageOf(() -> mle(input, scattered(model)).collectAsList()));
  }

  @Test
  void anInvalidProbabilityInARunFailsWithTheRowCheck() {
    List<Row> model = new ArrayList<>(modelRows(3, 4, 5));
    model.set(6, RowFactory.create("g1", "c2", 1.5));
    Dataset<Row> input = observed(3, 4, 6);
    assertThat(messageOf(() -> divergence(input, table(model, 1)).collectAsList()))
        .startsWith("model table probability for group g=g1, category 'c2' is 1.5");
  }

  private static String messageOf(Runnable r) {
    try {
      r.run();
    } catch (Exception e) { // Spark's SparkException is thrown unchecked from Scala
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof dev.klspark.KlsparkException k) {
          return k.getMessage(); // a check of a whole group, in the step
        }
      }
      return RowChecks.message(e); // a check of one row, as the table is read
    }
    throw new AssertionError("expected a failure");
  }
}

package dev.klspark.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.math.Smoothing;
import dev.klspark.spark.engine.GroupStream;
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
 * {@link DriftStep} through {@link GroupStream} as data-quality runs it (keys: group and monitored
 * column; rank: a bucket's index, null for a categorical column and for null values; both sides'
 * counts in parts), its cells added up per (rank, category) as read, against the same computation
 * given the cells one by one ({@code GroupStream.Step.of}): every (column, group)'s struct equal.
 */
class DriftStepTest {
  private static final SparkSession spark = SparkTestSession.get();

  @Test
  void cellsAddedUpAsReadGiveTheMetricsOfTheCellsOneByOne() {
    StructType schema =
        new StructType()
            .add("g", DataTypes.StringType, true)
            .add("column", DataTypes.IntegerType, false)
            .add("rank", DataTypes.LongType, true)
            .add("category", DataTypes.StringType, true)
            .add("c", DataTypes.DoubleType, false)
            .add("r", DataTypes.DoubleType, false);
    List<String> buckets = List.of("[-inf, 1)", "[1, 5)", "[5, inf]");
    List<String> values = List.of("SEA", "PDX", "LAX", "SFO");
    Random random = new Random(43);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String g = random.nextInt(9) == 0 ? null : "g" + random.nextInt(12);
      int column = random.nextInt(2);
      String category;
      Long rank;
      if (column == 0) { // categorical: no rank
        int k = random.nextInt(values.size() + 1);
        category = k == values.size() ? null : values.get(k);
        rank = null;
      } else { // bucketed: the bucket's position (1-based), null for a null value
        int k = random.nextInt(buckets.size() + 1);
        category = k == buckets.size() ? null : buckets.get(k);
        rank = category == null ? null : (long) (k + 1);
      }
      // A part of both sides' counts, as one scan task's partial sums.
      rows.add(
          RowFactory.create(
              g, column, rank, category, (double) random.nextInt(20), (double) random.nextInt(20)));
    }
    Dataset<Row> cells = spark.createDataFrame(rows, schema).repartition(3);
    DriftComparison comparison = new DriftComparison(Smoothing.parse("additive:0.5"));
    GroupStream.Step merging = DriftStep.of(comparison);
    GroupStream.Step oneByOne =
        GroupStream.Step.of(
            DriftStep.RESULT,
            (groupCells, group) -> DriftStep.row(comparison.compute(DriftStep.drift(groupCells))));
    assertThat(merging.takesMergedCells()).isTrue();
    assertThat(oneByOne.takesMergedCells()).isFalse();

    List<String> expected = run(cells, oneByOne);
    List<String> actual = run(cells, merging);
    assertThat(expected).hasSize(2 * 13);
    assertThat(actual).isEqualTo(expected);
    // Not vacuous: each (column, group) has numbers (run() checks its KL), and null values.
    assertThat(String.join("\n", expected)).doesNotContain("NaN");
  }

  /** Each (column, group)'s key and struct as text (doubles print to the last bit), sorted. */
  private static List<String> run(Dataset<Row> cells, GroupStream.Step step) {
    List<String> out = new ArrayList<>();
    for (Row r :
        GroupStream.over(cells)
            .keys(List.of("g", "column"))
            .rank("rank")
            .category("category")
            .observed("c")
            .model("r")
            .stream(step)
            .collectAsList()) {
      Row metrics = r.getStruct(2);
      assertThat(metrics.<Double>getAs("kl_divergence")).isPositive();
      assertThat(metrics.<Double>getAs("null_current")).isPositive();
      out.add(r.get(0) + "|" + r.get(1) + "|" + metrics);
    }
    out.sort(null);
    return out;
  }
}

package dev.klspark.mle;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.klspark.math.DivergenceScoreDecomposition;
import dev.klspark.math.ForecastBinning;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The forecast bins of the per-row predictions and, per group, the divergence-score decomposition
 * of {@link DivergenceScoreDecomposition} over them. Everything is aggregated in Spark; the driver
 * sees no rows.
 *
 * <p>Binning: the rows of a group are binned by the cells of the grid of {@value
 * ForecastBinning#DEFAULT_GRID_STEPS} steps ({@link ForecastBinning#grid}: each probability rounded
 * to the nearest 0.01, computed natively as {@code floor(p * m + 0.5)}, the kernel's {@link
 * ForecastBinning#key}). When every cell of a group holds a single distinct probability vector (a
 * model with few distinct outputs, such as a tree or a lookup table, whose outputs differ by more
 * than 0.01) the bins are those of {@link ForecastBinning#exact()}, reported as {@code exact}, and
 * the decomposition is exact; otherwise it is reported as {@code grid 1/100} with its residual. The
 * bins are found in one aggregation with at most one row per (group, cell): the shuffle is bounded
 * by the grid, not by the number of distinct forecasts (a continuous model has about one per row).
 *
 * <p>Columns of {@link #bins}: the group columns, {@link #KEY} (the bin: a vector, or null for the
 * rows without a label), {@link #EXACT}, {@link #N} (rows with a label), {@link #NULLS} (rows
 * without), {@link #LOSS} (summed clipped log-loss), {@link #CLIPPED}, {@code __c<j>} (rows with
 * label j) and {@code __s<j>} (summed probability j), j = 0..K−1.
 */
final class ForecastBins {
  static final String KEY = "__bin";
  static final String EXACT = "__exact";
  static final String N = "__n";
  static final String NULLS = "__nulls";
  static final String LOSS = "__loss";
  static final String CLIPPED = "__clipped";
  static final String PREDICTIVE_ENTROPY = "__predictive_entropy";
  static final String PREDICTIVE_VARIANCE = "__predictive_variance";

  /** The decomposition struct's fields (in nats) and the binning it used. */
  static final StructType RESULT =
      new StructType()
          .add("uncertainty", DataTypes.DoubleType)
          .add("resolution", DataTypes.DoubleType)
          .add("reliability", DataTypes.DoubleType)
          .add("residual", DataTypes.DoubleType)
          .add("bins", DataTypes.LongType)
          .add("binning", DataTypes.StringType)
          .add("message", DataTypes.StringType);

  private ForecastBins() {}

  static String count(int j) {
    return "__c" + j;
  }

  static String sum(int j) {
    return "__s" + j;
  }

  /**
   * The bins of every group.
   *
   * @param rows the group columns, the label index {@code index} (null: no label) and the
   *     probabilities {@code probs} (array&lt;double&gt; of size k)
   * @param groups the group column names
   * @param k the number of labels
   * @param loss the clipped log-loss of a row (over {@code rows}' columns)
   * @param clipped whether a row's probability of its label was clipped
   * @param entropy the predictive entropy H(q) of a row's distribution, in nats
   * @param variance the variance of −ln q(Y) for Y ~ q of a row's distribution
   */
  static Dataset<Row> bins(
      Dataset<Row> rows,
      List<String> groups,
      String index,
      String probs,
      int k,
      Column loss,
      Column clipped,
      Column entropy,
      Column variance) {
    Column known = col(index).isNotNull();
    List<Column> aggs = new ArrayList<>();
    aggs.add(functions.sum(when(known, lit(1L)).otherwise(lit(0L))).as(NULLS + "_known"));
    aggs.add(functions.sum(when(known, lit(0L)).otherwise(lit(1L))).as(NULLS));
    aggs.add(functions.coalesce(functions.sum(when(known, loss)), lit(0.0)).as(LOSS));
    aggs.add(functions.sum(when(known.and(clipped), lit(1L)).otherwise(lit(0L))).as(CLIPPED));
    aggs.add(
        functions.coalesce(functions.sum(when(known, entropy)), lit(0.0)).as(PREDICTIVE_ENTROPY));
    aggs.add(
        functions.coalesce(functions.sum(when(known, variance)), lit(0.0)).as(PREDICTIVE_VARIANCE));
    for (int j = 0; j < k; j++) {
      aggs.add(functions.sum(when(col(index).equalTo(j), lit(1L)).otherwise(lit(0L))).as(count(j)));
      aggs.add(
          functions
              .coalesce(
                  functions.sum(when(known, functions.element_at(col(probs), j + 1))), lit(0.0))
              .as(sum(j)));
    }
    // One bin per cell of the 1/m grid. A cell holds one distinct forecast iff min = max of every
    // class probability over its rows (doubles, so the aggregation stays a hash aggregation).
    double m = ForecastBinning.DEFAULT_GRID_STEPS;
    Column pure = lit(true);
    for (int j = 0; j < k; j++) {
      Column pj = when(known, functions.element_at(col(probs), j + 1));
      aggs.add(functions.min(pj).as("__min" + j));
      aggs.add(functions.max(pj).as("__max" + j));
      pure = pure.and(functions.coalesce(col("__min" + j).equalTo(col("__max" + j)), lit(true)));
    }
    Column grid =
        functions.transform(
            col(probs), x -> functions.floor(x.multiply(m).plus(0.5)).cast(DataTypes.DoubleType));
    List<Column> keys = new ArrayList<>(groups.stream().map(functions::col).toList());
    keys.add(when(known, grid).as(KEY));
    return rows.groupBy(keys.toArray(new Column[0]))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]))
        .withColumnRenamed(NULLS + "_known", N)
        .withColumn(EXACT, pure)
        .drop(
            java.util.stream.IntStream.range(0, k)
                .boxed()
                .flatMap(j -> java.util.stream.Stream.of("__min" + j, "__max" + j))
                .toArray(String[]::new));
  }

  /**
   * The decomposition of every group with labelled rows: the group columns and the struct {@code
   * __decomposition} of type {@link #RESULT}. A group whose bins the kernel rejects (e.g.
   * probabilities that do not sum to 1) gets null values and the kernel's message.
   */
  static Dataset<Row> decompose(Dataset<Row> bins, List<String> groups, int k, double eps) {
    List<Column> cols = new ArrayList<>(groups.stream().map(functions::col).toList());
    cols.add(col(KEY));
    cols.add(col(EXACT));
    for (int j = 0; j < k; j++) {
      cols.add(col(count(j)).cast(DataTypes.DoubleType));
    }
    for (int j = 0; j < k; j++) {
      cols.add(col(sum(j)));
    }
    cols.add(col(LOSS));
    Dataset<Row> in =
        bins.where(col(KEY).isNotNull().and(col(N).gt(0))).select(cols.toArray(new Column[0]));
    StructType keySchema = new StructType();
    for (String g : groups) {
      keySchema = keySchema.add(in.schema().apply(g));
    }
    keySchema = keySchema.add("__one", DataTypes.IntegerType, false);
    StructType out = new StructType();
    for (String g : groups) {
      out = out.add(in.schema().apply(g));
    }
    out = out.add("__decomposition", RESULT, false);
    int g = groups.size();
    return in.groupByKey(new GroupKey(g), Encoders.row(keySchema))
        .mapGroups(new Decompose(g, k, eps), Encoders.row(out));
  }

  /** The group columns of a bin row, plus a constant (a key row is never empty). */
  private record GroupKey(int groups) implements MapFunction<Row, Row> {
    @Override
    public Row call(Row r) {
      Object[] v = new Object[groups + 1];
      for (int i = 0; i < groups; i++) {
        v[i] = r.get(i);
      }
      v[groups] = 0;
      return RowFactory.create(v);
    }
  }

  /** One group's bins, in key order (so the sums do not depend on partitioning), to the kernel. */
  private record Decompose(int groups, int k, double eps)
      implements MapGroupsFunction<Row, Row, Row> {
    @Override
    public Row call(Row key, Iterator<Row> it) {
      List<Row> rows = new ArrayList<>();
      it.forEachRemaining(rows::add);
      rows.sort(
          (a, b) ->
              DivergenceScoreDecomposition.KEY_ORDER.compare(
                  a.<Double>getList(groups), b.<Double>getList(groups)));
      boolean exact = rows.stream().allMatch(r -> r.getBoolean(groups + 1));
      String binning =
          (exact
                  ? ForecastBinning.exact()
                  : ForecastBinning.grid(ForecastBinning.DEFAULT_GRID_STEPS))
              .toString();
      Object[] v = new Object[groups + 1];
      for (int i = 0; i < groups; i++) {
        v[i] = key.get(i);
      }
      DivergenceScoreDecomposition.Accumulator acc =
          new DivergenceScoreDecomposition.Accumulator(k, eps);
      try {
        for (Row r : rows) {
          double[] c = new double[k];
          double[] s = new double[k];
          int base = groups + 2;
          for (int j = 0; j < k; j++) {
            c[j] = r.getDouble(base + j);
            s[j] = r.getDouble(base + k + j);
          }
          acc.addBin(c, s, r.getDouble(base + 2 * k));
        }
        DivergenceScoreDecomposition.Result d = acc.result();
        v[groups] =
            RowFactory.create(
                d.uncertainty(),
                d.resolution(),
                d.reliability(),
                d.residual(),
                d.bins(),
                binning,
                null);
      } catch (IllegalArgumentException e) {
        v[groups] =
            RowFactory.create(
                null,
                null,
                null,
                null,
                (long) rows.size(),
                binning,
                "divergence-score decomposition: " + e.getMessage());
      }
      return RowFactory.create(v);
    }
  }
}

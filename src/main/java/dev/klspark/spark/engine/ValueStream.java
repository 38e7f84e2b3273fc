package dev.klspark.spark.engine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.klspark.math.EntropyStream;
import dev.klspark.math.TwoSampleStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The per-group step of the continuous reports: a numeric column's values, one shuffle by group and
 * one sort by value within the group, streamed group by group into {@link TwoSampleStream} (two
 * samples: the Kolmogorov–Smirnov test, W₁ and the k-NN KL, {@link #compare}) or {@link
 * EntropyStream} (one sample: the Kozachenko–Leonenko entropy, {@link #entropy}).
 *
 * <p>Plan: {@code Exchange hashpartitioning(group)} → {@code Sort(hash(group), group, value)} →
 * (two samples: a {@code Window} partitioned by the group that counts each side, over the whole
 * group, as the streams need the sample sizes before the first value; it reads the sort's order and
 * adds neither an exchange nor a sort) → one pass of {@code mapPartitions}. The pass holds the
 * current group's distinct value and the estimators' windows (O(k) values, see {@link
 * dev.klspark.math.NearestNeighbours}), never a group's rows; Spark's sort spills as it always
 * does. No {@code collect_list}, no UDF per row.
 *
 * <p>Values: null, NaN and ±Infinity are excluded from the statistics and counted per side ({@code
 * null_count}, {@code non_finite_count}); −0.0 and 0.0 are one value. Groups: null key values group
 * together.
 */
public final class ValueStream implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** Name of the result struct column. */
  public static final String RESULT_COLUMN = "__values";

  /** The two-sample result ({@link #compare}); information quantities in nats. */
  public static final StructType TWO_SAMPLE =
      new StructType()
          .add("n", DataTypes.LongType, false)
          .add("n_reference", DataTypes.LongType, false)
          .add("null_count", DataTypes.LongType, false)
          .add("null_count_reference", DataTypes.LongType, false)
          .add("non_finite_count", DataTypes.LongType, false)
          .add("non_finite_count_reference", DataTypes.LongType, false)
          .add("ks_statistic", DataTypes.DoubleType, true)
          .add("ks_p_value", DataTypes.DoubleType, true)
          .add("wasserstein_distance", DataTypes.DoubleType, true)
          .add("kl_divergence_knn", DataTypes.DoubleType, true)
          .add("knn_problem", DataTypes.StringType, true);

  /** The one-sample result ({@link #entropy}); the entropy in nats. */
  public static final StructType ONE_SAMPLE =
      new StructType()
          .add("n", DataTypes.LongType, false)
          .add("null_count", DataTypes.LongType, false)
          .add("non_finite_count", DataTypes.LongType, false)
          .add("entropy_knn", DataTypes.DoubleType, true)
          .add("entropy_problem", DataTypes.StringType, true);

  private static final String HASH = "__value_group_hash";
  private static final String HASH2 = "__value_group_hash2";
  private static final String N = "__value_n";
  private static final String M = "__value_m";
  private static final String START = "__value_group_start";

  private final int keyCount;
  private final int k;
  private final boolean twoSample;

  private ValueStream(int keyCount, int k, boolean twoSample) {
    this.keyCount = keyCount;
    this.k = k;
    this.twoSample = twoSample;
  }

  /**
   * Compares, per group, the current values with the reference values ({@link TwoSampleStream}).
   *
   * @param rows the key columns, {@code value} (double, nullable) and {@code current} (boolean:
   *     true for a current row, false for a reference row)
   * @param keys the key columns (a group is one combination of their values)
   * @param value the value column
   * @param current the side column
   * @param k the neighbour rank of the k-NN KL
   * @return the keys and {@link #RESULT_COLUMN} of type {@link #TWO_SAMPLE}, one row per group, in
   *     no particular order
   */
  public static Dataset<Row> compare(
      Dataset<Row> rows, List<String> keys, String value, String current, int k) {
    Column v = col(value);
    Column valid =
        v.isNotNull()
            .and(functions.not(functions.isnan(v)))
            .and(functions.abs(v).lt(lit(Double.POSITIVE_INFINITY)));
    WindowSpec group =
        Window.partitionBy(partition(keys))
            .orderBy(v.asc_nulls_first())
            .rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    List<Column> select = new ArrayList<>();
    keys.forEach(key -> select.add(col(key)));
    select.add(v);
    select.add(col(current));
    select.add(hash(keys, null).as(HASH));
    select.add(hash(keys, SALT).as(HASH2));
    Dataset<Row> in = rows.select(select.toArray(new Column[0]));
    // One Window operator over the sort: the counts of each side over the whole group, and the
    // row's number in the group. Only a group's first row carries the keys and the counts, so the
    // stream finds a group's start without comparing keys and reads them once per group.
    Column first =
        functions
            .row_number()
            .over(Window.partitionBy(partition(keys)).orderBy(v.asc_nulls_first()))
            .equalTo(1)
            .as(START);
    List<Column> windowed = new ArrayList<>();
    keys.forEach(key -> windowed.add(col(key)));
    windowed.add(v);
    windowed.add(col(current));
    windowed.add(first);
    windowed.add(functions.count(when(valid.and(col(current)), lit(1))).over(group).as(N));
    windowed.add(
        functions.count(when(valid.and(functions.not(col(current))), lit(1))).over(group).as(M));
    Dataset<Row> counted = in.select(windowed.toArray(new Column[0]));
    List<Column> out = new ArrayList<>();
    for (String key : keys) {
      out.add(when(col(START), col(key)).as(key));
    }
    out.add(col(value));
    out.add(col(current));
    out.add(col(START));
    out.add(when(col(START), col(N)).as(N));
    out.add(when(col(START), col(M)).as(M));
    return counted
        .select(out.toArray(new Column[0]))
        .mapPartitions(
            new ValueStream(keys.size(), k, true), Encoders.row(schema(rows, keys, TWO_SAMPLE)));
  }

  /**
   * The Kozachenko–Leonenko entropy of each group's values ({@link EntropyStream}).
   *
   * @param rows the key columns and {@code value} (double, nullable)
   * @param keys the key columns
   * @param value the value column
   * @param k the neighbour rank
   * @return the keys and {@link #RESULT_COLUMN} of type {@link #ONE_SAMPLE}, one row per group, in
   *     no particular order
   */
  public static Dataset<Row> entropy(Dataset<Row> rows, List<String> keys, String value, int k) {
    List<Column> select = new ArrayList<>();
    keys.forEach(key -> select.add(col(key)));
    select.add(col(value));
    select.add(hash(keys, null).as(HASH));
    select.add(hash(keys, SALT).as(HASH2));
    Dataset<Row> in = rows.select(select.toArray(new Column[0]));
    Column[] partition = partition(keys);
    List<Column> order = new ArrayList<>(List.of(partition));
    order.add(col(value).asc_nulls_first());
    Dataset<Row> sorted =
        in.repartition(partition).sortWithinPartitions(order.toArray(new Column[0]));
    return sorted.mapPartitions(
        new ValueStream(keys.size(), k, false), Encoders.row(schema(rows, keys, ONE_SAMPLE)));
  }

  /**
   * A row's sides as rows: one row with {@code true} for a current row, one with {@code false} for
   * a reference row, two for a row of both, none for a row of neither (a null condition counts as
   * false); as {@code explode} of a constant array per case. Constant arrays, not {@code
   * array_compact} of an array of nullable flags: that filter is a lambda, evaluated row by row
   * outside the generated code, and cost a third of the report's time on 5·10⁶ rows.
   *
   * @param current the current rows' condition
   * @param reference the reference rows' condition
   * @return a generator column of booleans
   */
  public static Column sides(Column current, Column reference) {
    return functions.explode(
        when(current.and(reference), functions.array(lit(true), lit(false)))
            .when(current, functions.array(lit(true)))
            .when(reference, functions.array(lit(false))));
  }

  /**
   * A group's identity in the shuffle and the sort: two 64-bit hashes of its keys (xxHash64, the
   * second over a salt and the keys). Sorting by two longs and the value compares no key: comparing
   * string keys was a quarter of the run's time when the keys came first. Two different groups
   * share both hashes with probability about G²/2^129 for G groups (below 10^-20 for a billion
   * groups), the price of not comparing keys row by row.
   */
  private static Column[] partition(List<String> keys) {
    return new Column[] {col(HASH), col(HASH2)};
  }

  private static final String SALT = "klspark.ValueStream";

  private static Column hash(List<String> keys, String salt) {
    if (keys.isEmpty()) {
      return lit(0L);
    }
    List<Column> in = new ArrayList<>();
    if (salt != null) {
      in.add(lit(salt));
    }
    keys.forEach(k -> in.add(col(k)));
    return functions.xxhash64(in.toArray(new Column[0]));
  }

  private static StructType schema(Dataset<Row> rows, List<String> keys, StructType result) {
    StructType schema = new StructType();
    for (String key : keys) {
      schema = schema.add(rows.schema().apply(key));
    }
    return schema.add(RESULT_COLUMN, result, false);
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    return new Iterator<>() {
      private Row pending = rows.hasNext() ? rows.next() : null;

      @Override
      public boolean hasNext() {
        return pending != null;
      }

      @Override
      public Row next() {
        if (pending == null) {
          throw new NoSuchElementException();
        }
        Row first = pending;
        Group g = twoSample ? new TwoSampleGroup(first) : new OneSampleGroup();
        Row r = first;
        while (true) {
          g.add(r);
          if (!rows.hasNext()) {
            pending = null;
            break;
          }
          r = rows.next();
          if (!sameGroup(first, r)) {
            pending = r;
            break;
          }
        }
        Object[] values = new Object[keyCount + 1];
        for (int i = 0; i < keyCount; i++) {
          values[i] = first.get(i);
        }
        values[keyCount] = g.finish();
        return RowFactory.create(values);
      }
    };
  }

  private boolean sameGroup(Row a, Row b) {
    if (twoSample) {
      // The window marks each group's first row (keys and counts are only on that row).
      return !b.getBoolean(keyCount + 2);
    }
    int h = keyCount + 1;
    return a.getLong(h) == b.getLong(h) && a.getLong(h + 1) == b.getLong(h + 1);
  }

  /** One group's values as they arrive in increasing order. */
  private abstract class Group implements Serializable {
    private static final long serialVersionUID = 1L;
    long nulls;
    long nonFinite;
    double blockValue = Double.NaN;

    /** Adds one row; nulls sort first, NaN last, ±Infinity at the ends. */
    final void add(Row r) {
      if (r.isNullAt(keyCount)) {
        countInvalid(r, true);
        return;
      }
      double v = r.getDouble(keyCount);
      if (!Double.isFinite(v)) {
        countInvalid(r, false);
        return;
      }
      if (v != blockValue) {
        if (!Double.isNaN(blockValue)) {
          flush(blockValue);
        }
        blockValue = v == 0.0 ? 0.0 : v;
      }
      count(r);
    }

    abstract void countInvalid(Row r, boolean isNull);

    abstract void count(Row r);

    abstract void flush(double value);

    abstract Row finish();
  }

  private final class TwoSampleGroup extends Group {
    private static final long serialVersionUID = 1L;
    private final long n;
    private final long m;
    private final TwoSampleStream stream;
    private long cp;
    private long cq;
    private long nullsRef;
    private long nonFiniteRef;

    TwoSampleGroup(Row first) {
      n = first.getLong(keyCount + 3);
      m = first.getLong(keyCount + 4);
      stream = n > 0 && m > 0 ? new TwoSampleStream(n, m, k) : null;
    }

    @Override
    void countInvalid(Row r, boolean isNull) {
      boolean current = r.getBoolean(keyCount + 1);
      if (isNull) {
        if (current) {
          nulls++;
        } else {
          nullsRef++;
        }
      } else if (current) {
        nonFinite++;
      } else {
        nonFiniteRef++;
      }
    }

    @Override
    void count(Row r) {
      if (r.getBoolean(keyCount + 1)) {
        cp++;
      } else {
        cq++;
      }
    }

    @Override
    void flush(double value) {
      if (stream != null) {
        stream.add(value, cp, cq);
      }
      cp = 0;
      cq = 0;
    }

    @Override
    Row finish() {
      if (!Double.isNaN(blockValue)) {
        flush(blockValue);
      }
      if (stream == null) {
        return RowFactory.create(
            n, m, nulls, nullsRef, nonFinite, nonFiniteRef, null, null, null, null, null);
      }
      TwoSampleStream.Result res = stream.finish();
      return RowFactory.create(
          n,
          m,
          nulls,
          nullsRef,
          nonFinite,
          nonFiniteRef,
          res.ksStatistic(),
          res.ksPValue(),
          res.wasserstein(),
          res.klDivergenceKnn(),
          res.knnProblem());
    }
  }

  private final class OneSampleGroup extends Group {
    private static final long serialVersionUID = 1L;
    private final EntropyStream stream = new EntropyStream(k);
    private long c;

    @Override
    void countInvalid(Row r, boolean isNull) {
      if (isNull) {
        nulls++;
      } else {
        nonFinite++;
      }
    }

    @Override
    void count(Row r) {
      c++;
    }

    @Override
    void flush(double value) {
      stream.add(value, c);
      c = 0;
    }

    @Override
    Row finish() {
      if (!Double.isNaN(blockValue)) {
        flush(blockValue);
      }
      double h = stream.finish();
      return RowFactory.create(
          stream.n(),
          nulls,
          nonFinite,
          Double.isNaN(h) ? null : h,
          Double.isNaN(h) ? stream.problem() : null);
    }
  }
}

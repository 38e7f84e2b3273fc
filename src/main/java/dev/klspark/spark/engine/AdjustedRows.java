package dev.klspark.spark.engine;

import dev.klspark.spark.compat.SparkCompat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.apache.spark.Dependency;
import org.apache.spark.OneToOneDependency;
import org.apache.spark.Partition;
import org.apache.spark.Partitioner;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.rdd.ShuffledRDD;
import org.apache.spark.shuffle.sort.SortShuffleManager;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.execution.UnsafeRowSerializer;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Benjamini–Hochberg over a report's rows in parallel ({@link PValueAdjustment}): one shuffle of
 * the report, which two small jobs and then the rows read, instead of a sort of the whole family in
 * one task.
 *
 * <p>With the m non-null p-values sorted, the adjusted value of the i-th is {@code min_{j >= i}
 * min(1, m p_(j) / j)}. Three facts make it computable by p-value range without sampling:
 *
 * <ul>
 *   <li>Tied p-values get the same adjusted value whatever their order: {@code m p / j} falls as j
 *       grows (the rounded quotient is monotone too), so the minimum from the first of a run of
 *       ties equals the minimum from its last. A run of ties may therefore be ranked in any order,
 *       and a row may look up any position of its value.
 *   <li>A p-value of 0 adjusts to 0 and one of 1 or more (or NaN, which sorts above every number)
 *       to 1, whatever their ranks; they only count in m and, for the zeros, shift every other
 *       rank. These, the usual large runs of ties, are spread over the partitions by the row's
 *       hash, so they never gather in one task.
 *   <li>The other p-values go to partitions by a fixed monotone map of p (a quarter of the
 *       partitions for {@code log10 p} in [-324, -3), the rest linear in p on [10⁻³, 1)), so a
 *       partition's values all lie below the next one's. A report's rows are never more skewed than
 *       one partition holding all of them, which is what a single-partition window does anyway.
 * </ul>
 *
 * <p>The report is shuffled once (its rows in Spark's binary form, {@link UnsafeRowSerializer}); a
 * first job counts each partition's zeros, other values and ones, which gives m and each
 * partition's first rank; a second sorts each partition's p-values and returns its smallest {@code
 * min(1, m p / j)}; the rows then read the shuffle again, sort their partition's p-values once more
 * and take the running minimum from the top, carried in from the partitions above. The two jobs and
 * the rows reuse the shuffle's files (Spark skips a shuffle stage whose output exists), so the
 * report before the adjustment is computed once, as with the window, and a sampled report ({@code
 * rand() < f}) is adjusted consistently. Should a lost shuffle file make Spark compute part of a
 * report that is not deterministic again, each read checks its partition's counts against the first
 * job's and fails if they changed, rather than rank rows it did not count. A task of the rows reads
 * its partition twice (the p-values, then the rows) and holds two doubles per row of its range. The
 * jobs run when the rows are first needed, on the thread that submits the job (as {@link
 * StepRows}): building the report runs nothing.
 *
 * <p>Runs of equal p-values other than 0 and 1 stay in one partition (for instance many groups with
 * the same floor p-value): such a run is never larger than the report, which a single-partition
 * window held in one task anyway.
 */
final class AdjustedRows extends RDD<InternalRow> {
  private static final long serialVersionUID = 1L;

  private static final ClassTag<InternalRow> ROWS = ClassTag$.MODULE$.apply(InternalRow.class);

  /** The report each adjustment reads, by its rows (tests and plan listings look through it). */
  private static final Map<RDD<?>, Dataset<Row>> SOURCES =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** Below this p-value, partitions follow log10 p; above, p itself. */
  static final double LOG_BELOW = 1e-3;

  private final StructType input;
  private final int pIndex;
  private final int adjustedIndex;
  private final int partitions;
  private final transient Supplier<RDD<InternalRow>> source;
  private transient ShuffledRDD<Integer, InternalRow, InternalRow> shuffled;
  private final transient Object lock = new Object();
  private final String pName;

  // Set on the driver by prepare(), before any task of these rows is serialized.
  private long m;
  private long[] firstRank;
  private double[] carried;

  /** Per partition, the first job's counts of zeros, other values and ones (with NaN). */
  private long[][] counted;

  private AdjustedRows(
      SparkSession spark,
      Supplier<RDD<InternalRow>> source,
      StructType input,
      int pIndex,
      int adjustedIndex,
      int partitions) {
    super(spark.sparkContext(), StepRows.emptyDependencies(), ROWS);
    this.source = source;
    this.input = input;
    this.pIndex = pIndex;
    this.adjustedIndex = adjustedIndex;
    this.partitions = partitions;
    this.pName = input.fields()[pIndex].name();
  }

  /**
   * {@code report} with the adjusted p-values in {@code adjustedColumn}: in place of a column of
   * that name, else appended.
   */
  static Dataset<Row> of(Dataset<Row> report, String pColumn, String adjustedColumn) {
    return of(report, pColumn, adjustedColumn, 0);
  }

  /**
   * As {@link #of(Dataset, String, String)}, over {@code partitions} partitions (0: as many as the
   * report has, at most Spark's default parallelism).
   */
  static Dataset<Row> of(
      Dataset<Row> report, String pColumn, String adjustedColumn, int partitions) {
    StructType schema = report.schema();
    int p = schema.fieldIndex(pColumn);
    int replaced = Arrays.asList(schema.fieldNames()).indexOf(adjustedColumn);
    StructField adjusted =
        new StructField(adjustedColumn, DataTypes.DoubleType, true, Metadata.empty());
    StructField[] fields;
    if (replaced >= 0) {
      fields = schema.fields().clone();
      fields[replaced] = adjusted;
    } else {
      fields = Arrays.copyOf(schema.fields(), schema.length() + 1);
      fields[schema.length()] = adjusted;
    }
    SparkSession spark = report.sparkSession();
    AdjustedRows rows =
        new AdjustedRows(
            spark,
            () -> SparkCompat.toRdd(report),
            schema,
            p,
            replaced >= 0 ? replaced : schema.length(),
            partitions);
    SOURCES.put(rows, report);
    return SparkCompat.dataFrame(spark, rows, new StructType(fields));
  }

  /**
   * The reports before their adjustment behind {@code df} (its own plan shows an adjustment as a
   * scan of existing rows).
   */
  static List<Dataset<Row>> sources(Dataset<Row> df) {
    List<Dataset<Row>> out = new ArrayList<>();
    df.queryExecution()
        .analyzed()
        .foreach(
            node -> {
              if (node instanceof LogicalRDD r) {
                Dataset<Row> s = SOURCES.get(r.rdd());
                if (s != null) {
                  out.add(s);
                }
              }
              return null;
            });
    return out;
  }

  /** The partition of a p-value strictly between 0 and 1 (or below 0), among {@code n}. */
  static int partition(double p, int n) {
    double u;
    if (p < LOG_BELOW) {
      u = p > 0 ? Math.min(0.25, 0.25 * Math.max(0.0, (StrictMath.log10(p) + 324.0) / 321.0)) : 0.0;
    } else {
      u = Math.max(0.25, 0.25 + 0.75 * ((p - LOG_BELOW) / (1.0 - LOG_BELOW)));
    }
    return Math.max(0, Math.min(n - 1, (int) (u * n)));
  }

  /**
   * 0 for a zero p-value, 2 for one of 1 or more or NaN, 1 for the others; -1 for null. (Negative
   * p-values are refused where the rows are keyed.)
   */
  private static int kind(InternalRow row, int pIndex) {
    if (row.isNullAt(pIndex)) {
      return -1;
    }
    double p = row.getDouble(pIndex);
    if (p == 0.0) {
      return 0;
    }
    return p < 1.0 ? 1 : 2; // NaN < 1.0 is false
  }

  private ShuffledRDD<Integer, InternalRow, InternalRow> prepared() {
    synchronized (lock) { // not the RDD's own monitor, which Spark's lazy fields take
      if (shuffled == null) {
        if ("dag-scheduler-event-loop".equals(Thread.currentThread().getName())) {
          // Spark computes partitions on the submitting thread; jobs started here would hang it.
          throw new IllegalStateException(
              "Benjamini-Hochberg's jobs cannot start on Spark's scheduler thread");
        }
        prepare();
      }
      return shuffled;
    }
  }

  private void prepare() {
    RDD<InternalRow> report = source.get();
    int n =
        partitions > 0
            ? partitions
            : Math.max(
                1,
                Math.min(report.partitions().length, report.sparkContext().defaultParallelism()));
    SparkContext sc = report.sparkContext();
    // The stage that writes the shuffle is the one that computes the report (the per-group step).
    ShuffledRDD<Integer, InternalRow, InternalRow> s =
        named(
            sc,
            "the report, then its rows by p-value range (Benjamini-Hochberg)",
            () -> {
              JavaRDD<Tuple2<Integer, InternalRow>> keyed =
                  report.toJavaRDD().mapPartitions(new Keyed(input, pIndex, n, pName));
              ClassTag<Integer> ints = ClassTag$.MODULE$.apply(Integer.class);
              ShuffledRDD<Integer, InternalRow, InternalRow> byRange =
                  new ShuffledRDD<>(keyed.rdd(), new ById(n), ints, ROWS, ROWS);
              byRange.setSerializer(new UnsafeRowSerializer(input.length(), null));
              return byRange;
            });
    JavaRDD<Tuple2<Integer, InternalRow>> read = JavaRDD.fromRDD(s, s.elementClassTag());

    // Job 1: each partition's zeros, other values and ones (with NaN).
    int pi = pIndex;
    List<long[]> counts =
        named(
            sc,
            "Benjamini-Hochberg: rows per p-value range",
            () ->
                read.mapPartitionsWithIndex(
                        (index, it) -> {
                          long[] c = new long[4];
                          c[3] = index;
                          while (it.hasNext()) {
                            int k = kind(it.next()._2(), pi);
                            if (k >= 0) {
                              c[k]++;
                            }
                          }
                          return List.of(c).iterator();
                        },
                        false)
                    .collect());
    long zeros = 0;
    long total = 0;
    long[][] byPartition = new long[n][3];
    for (long[] c : counts) {
      zeros += c[0];
      total += c[0] + c[1] + c[2];
      byPartition[(int) c[3]] = Arrays.copyOf(c, 3);
    }
    long[] first = new long[n];
    long rank = zeros + 1;
    for (int k = 0; k < n; k++) {
      first[k] = rank;
      rank += byPartition[k][1];
    }
    long family = total;

    // Job 2: each partition's smallest min(1, m p / j).
    long[] firstRanks = first;
    long[][] expected = byPartition;
    List<double[]> smallest =
        named(
            sc,
            "Benjamini-Hochberg: smallest m p / j per p-value range",
            () ->
                read.mapPartitionsWithIndex(
                        (index, it) -> {
                          double[] sorted = sortedValues(it, pi, expected[index]);
                          double low = Double.POSITIVE_INFINITY;
                          for (int j = 0; j < sorted.length; j++) {
                            low = Math.min(low, raw(sorted[j], family, firstRanks[index] + j));
                          }
                          return List.of(new double[] {index, low}).iterator();
                        },
                        false)
                    .collect());
    double[] low = new double[n];
    Arrays.fill(low, Double.POSITIVE_INFINITY);
    for (double[] s2 : smallest) {
      low[(int) s2[0]] = s2[1];
    }
    double[] carry = new double[n];
    double above = Double.POSITIVE_INFINITY;
    for (int k = n - 1; k >= 0; k--) {
      carry[k] = above;
      above = Math.min(above, low[k]);
    }
    this.m = family;
    this.firstRank = first;
    this.carried = carry;
    this.counted = byPartition;
    this.shuffled = s;
  }

  /** {@code work}, with what it creates and runs named {@code name} in Spark's UI. */
  private static <T> T named(SparkContext sc, String name, Supplier<T> work) {
    String before = sc.getLocalProperty(CALL_SITE);
    sc.setCallSite(name);
    try {
      return work.get();
    } finally {
      sc.setLocalProperty(CALL_SITE, before);
    }
  }

  /** Spark's local property for the short call site that names stages and jobs. */
  private static final String CALL_SITE = "callSite.short";

  /** {@code min(1, m p / rank)}, as Spark's {@code least(1.0, p * m / rank)}. */
  private static double raw(double p, long m, long rank) {
    return Math.min(1.0, p * (double) m / (double) rank);
  }

  /**
   * The p-values strictly between 0 and 1 of a partition's rows, sorted.
   *
   * @param expected the partition's counts of zeros, other values and ones in the first job
   * @throws IllegalStateException when the partition's rows are not those the first job counted
   */
  private static double[] sortedValues(
      Iterator<Tuple2<Integer, InternalRow>> it, int pIndex, long[] expected) {
    double[] values = new double[64];
    int size = 0;
    long[] seen = new long[3];
    while (it.hasNext()) {
      InternalRow row = it.next()._2();
      int kind = kind(row, pIndex);
      if (kind >= 0) {
        seen[kind]++;
      }
      if (kind == 1) {
        if (size == values.length) {
          values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = row.getDouble(pIndex);
      }
    }
    if (!Arrays.equals(seen, expected)) {
      throw new IllegalStateException(
          "the report changed between two reads of its Benjamini-Hochberg shuffle (zeros, other"
              + " p-values, ones: "
              + Arrays.toString(expected)
              + " counted, "
              + Arrays.toString(seen)
              + " read): a part of a report that is not deterministic was computed again after a"
              + " lost shuffle file; run the job again");
    }
    double[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    return sorted;
  }

  @Override
  public Partition[] getPartitions() {
    return prepared().partitions();
  }

  @Override
  public scala.collection.immutable.List<Dependency<?>> getDependencies() {
    return StepRows.one(new OneToOneDependency<>(prepared()));
  }

  @Override
  public scala.collection.Iterator<InternalRow> compute(Partition split, TaskContext context) {
    RDD<Tuple2<Integer, InternalRow>> parent = firstParent(ClassTag$.MODULE$.apply(Tuple2.class));
    int k = split.index();
    // The running minimum from the top over this partition's sorted values, carried in.
    double[] sorted =
        sortedValues(SparkCompat.javaIterator(parent.iterator(split, context)), pIndex, counted[k]);
    double[] minimum = new double[sorted.length];
    double running = carried[k];
    for (int j = sorted.length - 1; j >= 0; j--) {
      running = Math.min(running, raw(sorted[j], m, firstRank[k] + j));
      minimum[j] = running;
    }
    Iterator<Tuple2<Integer, InternalRow>> rows =
        SparkCompat.javaIterator(parent.iterator(split, context));
    List<Expression> out = new ArrayList<>();
    StructField[] fields = input.fields();
    for (int i = 0; i < fields.length; i++) {
      out.add(
          i == adjustedIndex
              ? new BoundReference(fields.length, DataTypes.DoubleType, true)
              : new BoundReference(i, fields[i].dataType(), fields[i].nullable()));
    }
    if (adjustedIndex == fields.length) {
      out.add(new BoundReference(fields.length, DataTypes.DoubleType, true));
    }
    UnsafeProjection project = UnsafeProjection.create(SparkCompat.seq(out));
    GenericInternalRow adjusted = new GenericInternalRow(1);
    JoinedRow joined = new JoinedRow();
    Iterator<InternalRow> result =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return rows.hasNext();
          }

          @Override
          public InternalRow next() {
            InternalRow row = rows.next()._2();
            switch (kind(row, pIndex)) {
              case -1 -> adjusted.setNullAt(0);
              case 0 -> adjusted.setDouble(0, row.getDouble(pIndex)); // 0, or -0 as the driver
              case 2 -> adjusted.setDouble(0, 1.0);
              default -> {
                int at = Arrays.binarySearch(sorted, row.getDouble(pIndex));
                adjusted.setDouble(0, minimum[at]);
              }
            }
            return project.apply(joined.apply(row, adjusted));
          }
        };
    return SparkCompat.scalaIterator(result);
  }

  /** The report's rows in Spark's binary form, keyed by their partition. */
  private static final class Keyed
      implements org.apache.spark.api.java.function.FlatMapFunction<
          Iterator<InternalRow>, Tuple2<Integer, InternalRow>> {
    private static final long serialVersionUID = 1L;
    private final StructType schema;
    private final int pIndex;
    private final int n;
    private final String pName;

    Keyed(StructType schema, int pIndex, int n, String pName) {
      this.schema = schema;
      this.pIndex = pIndex;
      this.n = n;
      this.pName = pName;
    }

    @Override
    public Iterator<Tuple2<Integer, InternalRow>> call(Iterator<InternalRow> rows) {
      UnsafeProjection unsafe = UnsafeProjection.create(schema);
      // Spark's sort-based shuffle writes each row before it takes the next, as its own exchange
      // relies on (ShuffleExchangeExec.needToCopyObjectsBeforeShuffle); another may buffer them.
      boolean copy = !(SparkEnv.get().shuffleManager() instanceof SortShuffleManager);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Tuple2<Integer, InternalRow> next() {
          InternalRow in = rows.next();
          UnsafeRow row = in instanceof UnsafeRow u ? u : unsafe.apply(in);
          if (copy) {
            row = row.copy();
          }
          if (!row.isNullAt(pIndex) && row.getDouble(pIndex) < 0) {
            throw new IllegalArgumentException(
                "p-value column "
                    + pName
                    + " holds "
                    + row.getDouble(pIndex)
                    + "; expected a number in [0, 1], NaN or null");
          }
          int part =
              kind(row, pIndex) == 1
                  ? partition(row.getDouble(pIndex), n)
                  : Math.floorMod(row.hashCode(), n);
          return new Tuple2<>(part, row);
        }
      };
    }
  }

  /** The partition is the key. */
  private static final class ById extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int n;

    ById(int n) {
      this.n = n;
    }

    @Override
    public int numPartitions() {
      return n;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }
  }
}

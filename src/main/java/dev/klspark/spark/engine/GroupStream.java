package dev.klspark.spark.engine;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.klspark.math.DivergenceProfile;
import dev.klspark.math.KlEvidence;
import dev.klspark.spark.distribution.ModelTable;
import dev.klspark.spark.engine.PartitionCategories.Category;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.array.ByteArrayMethods;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Function1;

/**
 * The per-group step of the reports: the aligned cells are shuffled by group, sorted by a 64-bit
 * hash of the group within each partition (Spark's radix sort), put in category order one group at
 * a time, and streamed group by group into a per-group computation: {@link GroupComparison} for the
 * divergence, MLE and prediction reports ({@link Cells#compare}), any {@link Step} otherwise (the
 * data-quality report's drift metrics, {@link Cells#stream}).
 *
 * <p>Why not {@code collect_list} + a UDF: {@code collect_list} is an object aggregate that falls
 * back to sort-based aggregation beyond 128 keys per task and builds a boxed array per group, and
 * the UDF converts it again. Here Spark's own shuffle and external sort (which spills) do the
 * grouping on binary rows, and only one run of equal hashes is held at a time: one group's cells,
 * or those of the groups whose hashes collide (memory per task is bounded by the largest group, not
 * by the number of groups). The sort by category also fixes the order in which the kernel sums, so
 * a report does not depend on partitioning (local and cluster runs agree to the last bit).
 *
 * <p>The step reads Spark's binary rows ({@link StepRows}): a group's keys are compared as stored,
 * its categories as UTF-8 bytes, and a category becomes a {@code String} (for the kernel and its
 * messages) once per distinct category and partition ({@link PartitionCategories}). For a step that
 * adds up a category's cells first ({@link Cells#compare} without a log-loss, a {@link
 * Step#mergingCategories} step such as data-quality's drift), a group's cells are added up per
 * category (per rank and category, with a rank) as they are read, in arrays indexed by the
 * partition's categories ({@link MergedCells}): a category's partial counts and a carried model's
 * entries become one cell, with the same sums, in the same order, as the step's own merge of the
 * sorted cells.
 *
 * <p>Input columns: the key columns, then category (string), observed (double), model (double, null
 * when the model side has no row) and, optionally, in-support (boolean). Output: the key columns
 * and one struct column {@link #RESULT_COLUMN} of type {@link #RESULT} (or the step's {@link
 * Step#resultType()}).
 */
public final class GroupStream implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * A per-group computation: one group's cells in, one result struct out. Runs on the executors, so
   * it must be serializable; it sees one group at a time.
   */
  public interface Step extends Serializable {
    /** The type of the struct {@link #compute} returns. */
    StructType resultType();

    /**
     * One group's result.
     *
     * @param cells the group's cells, sorted by rank (if the stream has one), then category (nulls
     *     first)
     * @param group the group as messages name it, e.g. {@code group origin=SEA}
     * @return a row of {@link #resultType()}
     */
    Row compute(List<GroupComparison.Cell> cells, String group);

    /**
     * The step of result type {@code resultType} computed by {@code computation}.
     *
     * @param resultType the type of the struct {@code computation} returns
     * @param computation one group's computation, e.g. a lambda capturing only serializable values
     * @return the step
     */
    static Step of(StructType resultType, Computation computation) {
      return new Typed(resultType, computation, false);
    }

    /**
     * The step of result type {@code resultType} computed by {@code computation}, which first adds
     * up adjacent cells of one category (in the order given, as {@link GroupComparison} does): it
     * may receive a category's cells added up into one ({@link #takesMergedCells}). The sums it
     * makes are then the same, to the last bit, whether the cells arrive one by one or added up,
     * with two limits where fractional sums may differ in the last bit (whole numbers add exactly
     * in any order): with a rank, a category whose cells come with several ranks in one group (each
     * rank's cells are added up apart, then the step adds the sums); and two different categories
     * whose bytes are not valid UTF-8 but decode to the same text.
     *
     * @param resultType the type of the struct {@code computation} returns
     * @param computation one group's computation, adding up adjacent cells of one category first
     *     (their observed counts, and their model values, a missing one counting as none)
     * @return the step
     */
    static Step mergingCategories(StructType resultType, Computation computation) {
      return new Typed(resultType, computation, true);
    }

    /**
     * Whether {@link #compute} may receive a category's cells added up into one, as {@link
     * GroupComparison} merges them first: then a group's cells are added up per category as they
     * are read ({@link MergedCells}), not kept one object per cell and sorted. False unless the
     * step says so.
     */
    default boolean takesMergedCells() {
      return false;
    }
  }

  /** The computation of a {@link Step#of} step: as {@link Step#compute}. */
  @FunctionalInterface
  public interface Computation extends Serializable {
    /** One group's result (see {@link Step#compute}). */
    Row compute(List<GroupComparison.Cell> cells, String group);
  }

  /** A {@link Step} of a fixed result type. */
  private record Typed(StructType resultType, Computation computation, boolean takesMergedCells)
      implements Step {
    @Override
    public Row compute(List<GroupComparison.Cell> cells, String group) {
      return computation.compute(cells, group);
    }
  }

  /** Name of the result struct column. */
  public static final String RESULT_COLUMN = "__row";

  /** Information quantities, in the report's column order (without the unit suffix). */
  public static final List<String> INFORMATION_FIELDS =
      List.of(
          "entropy", "cross_entropy", "kl_divergence", "reverse_kl_divergence", "js_divergence");

  /** The type of {@link #RESULT_COLUMN}: one group's {@link GroupComparison.Result}. */
  static final StructType RESULT =
      new StructType()
          .add("n", DataTypes.DoubleType, false)
          .add("null_count", DataTypes.DoubleType, false)
          .add("k_observed", DataTypes.IntegerType, true)
          .add("k_model", DataTypes.IntegerType, true)
          .add("entropy", DataTypes.DoubleType, true)
          .add("cross_entropy", DataTypes.DoubleType, true)
          .add("kl_divergence", DataTypes.DoubleType, true)
          .add("reverse_kl_divergence", DataTypes.DoubleType, true)
          .add("js_divergence", DataTypes.DoubleType, true)
          .add("unseen_mass", DataTypes.DoubleType, true)
          .add("entropy_bias_corrected", DataTypes.DoubleType, true)
          .add("kl_divergence_bias_corrected", DataTypes.DoubleType, true)
          .add("kl_divergence_ci_low", DataTypes.DoubleType, true)
          .add("kl_divergence_ci_high", DataTypes.DoubleType, true)
          .add("g_statistic", DataTypes.DoubleType, true)
          .add("degrees_of_freedom", DataTypes.IntegerType, true)
          .add("p_value", DataTypes.DoubleType, true)
          .add("status", DataTypes.StringType, false)
          .add("message", DataTypes.StringType, true);

  /**
   * The type of {@link #RESULT_COLUMN} with {@link Cells#logLoss}: {@link #RESULT} and the group's
   * {@link LogLoss} ({@code nll_sum} in nats, {@code nll_rows}, {@code named_rows}).
   */
  public static final StructType LOG_LOSS_RESULT =
      RESULT
          .add("nll_sum", DataTypes.DoubleType, false)
          .add("nll_rows", DataTypes.DoubleType, false)
          .add("named_rows", DataTypes.DoubleType, false);

  private final Step step;
  private final int keyCount;
  private final DataType[] keyTypes;

  /** Per key, whether Spark stores it in its 8-byte word ({@link #fixedWidth(DataType[])}). */
  private final boolean[] fixedWidth;

  private final String[] keyLabels;
  private final boolean hasSupport;
  private final boolean hasRank;
  private final DataType rankType;
  private final boolean hasModelCells;

  /** The prefix of the result's flat columns (see {@code run}). */
  private static final String RESULT_PREFIX = "__result_";

  /** The internal sort column: a 64-bit hash of the keys. */
  private static final String HASH = "__group_hash";

  private GroupStream(
      Step step,
      DataType[] keyTypes,
      String[] keyLabels,
      boolean hasSupport,
      DataType rankType,
      boolean hasModelCells) {
    this.step = step;
    this.keyCount = keyTypes.length;
    this.keyTypes = keyTypes;
    this.fixedWidth = fixedWidth(keyTypes);
    this.keyLabels = keyLabels;
    this.hasSupport = hasSupport;
    this.hasRank = rankType != null;
    this.rankType = rankType;
    this.hasModelCells = hasModelCells;
  }

  /**
   * Starts describing the aligned cells of a per-group step; name their columns with the builder's
   * methods, then run {@link Cells#compare} or {@link Cells#stream}:
   *
   * <pre>{@code
   * GroupStream.over(cells)
   *     .keys(groupNames).keyLabels(labels)
   *     .category("category").observed("observed").model("model").inSupport("in_support")
   *     .compare(comparison);
   * }</pre>
   *
   * @param cells the aligned cells, one row per (group, category) or per model row
   * @return a builder; {@code keys}, {@code category}, {@code observed} and {@code model} are
   *     required
   */
  public static Cells over(Dataset<Row> cells) {
    return new Cells(cells);
  }

  /**
   * The columns of the aligned cells and what to add per group: the named parameters of a per-group
   * step, set one by one instead of eleven positional arguments.
   */
  public static final class Cells {
    private final Dataset<Row> cells;
    private List<String> keys;
    private List<String> keyLabels;
    private String rank;
    private String category;
    private String observed;
    private String model;
    private String inSupport;
    private String modelCells;
    private Column hash;
    private boolean logLoss;
    private boolean partialCounts;

    private Cells(Dataset<Row> cells) {
      this.cells = Objects.requireNonNull(cells, "cells");
    }

    /** The key columns (the group columns, possibly preceded by a model id; null is a value). */
    public Cells keys(List<String> keys) {
      this.keys = List.copyOf(keys);
      return this;
    }

    /**
     * How error messages name each key column (its name in the data); unset, a group is named only
     * by its values' position.
     */
    public Cells keyLabels(List<String> keyLabels) {
      this.keyLabels = keyLabels == null ? null : List.copyOf(keyLabels);
      return this;
    }

    /**
     * A column that orders a group's cells before the category (e.g. a bucket's index, so that
     * buckets arrive in bucket order); unset, cells are ordered by category alone.
     */
    public Cells rank(String rank) {
      this.rank = rank;
      return this;
    }

    /** The category column (string). */
    public Cells category(String category) {
      this.category = category;
      return this;
    }

    /** The observed count column (double). */
    public Cells observed(String observed) {
      this.observed = observed;
      return this;
    }

    /** The model column (double, nullable). */
    public Cells model(String model) {
      this.model = model;
      return this;
    }

    /**
     * The in-support column (boolean); unset, a cell is in the model's support exactly when it has
     * a model value (a model table: each of its rows is a cell of its own, merged per category by
     * {@link GroupComparison}, which counts them).
     */
    public Cells inSupport(String inSupport) {
      this.inSupport = inSupport;
      return this;
    }

    /**
     * A column of model cells carried one row per group ({@code
     * struct<category:array<string>,probability:array<double>>}, two arrays of one size, e.g. a
     * compact model table read by {@code ModelTable.checkedGroups}): a row where it is not null
     * stands for its entries only, each a cell with observed 0, that category and that model value
     * (its own category, observed and model are ignored). K entries travel through the shuffle and
     * the sort as one row instead of K. Not with {@link #rank} or {@link #inSupport}.
     */
    public Cells modelCells(String modelCells) {
      this.modelCells = modelCells;
      return this;
    }

    /**
     * {@link #compare} also computes each group's {@link LogLoss} from its cells (the model side
     * being a model table's probabilities): its result is then of type {@link #LOG_LOSS_RESULT}.
     */
    public Cells logLoss() {
      this.logLoss = true;
      return this;
    }

    /**
     * The observed column is a count of rows ({@code count}) that the step may receive in parts:
     * Spark's partial counts go straight into the step's shuffle by group, and the step adds up a
     * category's parts, so the counts need one exchange instead of two ({@link PartialCounts}).
     * Only for counts whose aggregation feeds the cells through projections and unions; any other
     * plan is kept as it is.
     */
    public Cells partialCounts() {
      this.partialCounts = true;
      return this;
    }

    /**
     * Sorts by {@code hash} instead of the keys' 64-bit hash: for tests that make hashes collide.
     */
    Cells hash(Column hash) {
      this.hash = hash;
      return this;
    }

    /**
     * Compares every group with {@code comparison} (its table check, if any, sees the model rows).
     *
     * @return the keys and {@link #RESULT_COLUMN} of type {@link #RESULT} ({@link #LOG_LOSS_RESULT}
     *     with {@link #logLoss}), one row per group, in no particular order
     * @throws IllegalStateException when a required column is not named
     */
    public Dataset<Row> compare(GroupComparison comparison) {
      if (logLoss) {
        return run(
            this,
            Step.of(
                LOG_LOSS_RESULT,
                (groupCells, group) ->
                    row(comparison.compute(groupCells, group), LogLoss.of(groupCells))));
      }
      // GroupComparison merges a category's cells first: they may arrive merged (not with a rank,
      // which no report of klspark gives a comparison: the cells one by one, as before).
      return run(
          this,
          new Typed(
              RESULT,
              (groupCells, group) -> row(comparison.compute(groupCells, group), null),
              rank == null));
    }

    /**
     * Applies {@code step} to every group: the general form of {@link #compare}.
     *
     * @return the keys and {@link #RESULT_COLUMN} of type {@code step.resultType()}, one row per
     *     group, in no particular order
     * @throws IllegalStateException when a required column is not named
     */
    public Dataset<Row> stream(Step step) {
      return run(this, step);
    }

    private void check() {
      if (keys == null) {
        throw new IllegalStateException("GroupStream: no keys named (an empty list for one group)");
      }
      String[][] required = {{"category", category}, {"observed", observed}, {"model", model}};
      for (String[] r : required) {
        if (r[1] == null) {
          throw new IllegalStateException("GroupStream: no " + r[0] + " column named");
        }
      }
      if (logLoss && (rank != null || inSupport != null)) {
        throw new IllegalStateException(
            "GroupStream: the log-loss is computed from a model table's own rows (no rank or"
                + " in-support column)");
      }
      if (modelCells != null && (rank != null || inSupport != null)) {
        throw new IllegalStateException(
            "GroupStream: model cells are carried without a rank or an in-support column");
      }
    }
  }

  private static Dataset<Row> run(Cells spec, Step step) {
    spec.check();
    Dataset<Row> cells = spec.cells;
    List<String> keys = spec.keys;
    List<String> keyLabels = spec.keyLabels;
    String rank = spec.rank;
    String category = spec.category;
    String observed = spec.observed;
    String model = spec.model;
    String inSupport = spec.inSupport;
    Column hash = spec.hash;
    String modelCells = spec.modelCells;
    List<Column> select = new ArrayList<>();
    for (String k : keys) {
      select.add(col(k));
    }
    select.add(col(category));
    select.add(col(observed));
    select.add(col(model));
    if (inSupport != null) {
      select.add(col(inSupport));
    }
    if (rank != null) {
      select.add(col(rank));
    }
    if (modelCells != null) {
      select.add(col(modelCells));
    }
    Column[] keyCols = keys.stream().map(k -> col(k)).toArray(Column[]::new);
    // Last: a 64-bit hash of the keys, the only sort key. One long sorts by Spark's radix sort on
    // its 8-byte prefix, with no comparison of whole rows; sorting by the keys and the category
    // instead compared whole rows whenever the keys' first bytes agree (a model id, a long common
    // prefix of group names), which was most of the step's time. A group's rows are then
    // contiguous (with those of any group whose hash collides, kept apart by their keys in
    // call()) and are put in category order here, on the executor, one group at a time.
    if (hash == null) {
      hash = keys.isEmpty() ? lit(0L) : functions.xxhash64(keyCols);
    }
    select.add(hash.cast("long").as(HASH));
    Dataset<Row> in = cells.select(select.toArray(new Column[0]));
    Dataset<Row> shuffled = keys.isEmpty() ? in.repartition(1) : in.repartition(keyCols);
    Dataset<Row> sorted = shuffled.sortWithinPartitions(col(HASH));

    StructType schema = new StructType();
    for (String k : keys) {
      schema = schema.add(in.schema().apply(k));
    }
    // The result's fields flat, nested again below: a serializer of a nested struct extracts the
    // struct again for every field and boxes the fields into an intermediate row, which made the
    // generated method larger than the JVM compiles (HotSpot's 8000-byte HugeMethodLimit: the
    // stage then ran interpreted, most of the step's time at 10^6 groups). Spark's optimizer
    // reads a field of the re-nested struct straight from its flat column.
    StructField[] resultFields = step.resultType().fields();
    for (int i = 0; i < resultFields.length; i++) {
      StructField f = resultFields[i];
      schema = schema.add(RESULT_PREFIX + i, f.dataType(), f.nullable());
    }
    DataType[] keyTypes = new DataType[keys.size()];
    for (int i = 0; i < keyTypes.length; i++) {
      keyTypes[i] = in.schema().apply(keys.get(i)).dataType();
    }
    GroupStream stream =
        new GroupStream(
            step,
            keyTypes,
            keyLabels == null ? null : keyLabels.toArray(new String[0]),
            inSupport != null,
            rank == null ? null : in.schema().apply(rank).dataType(),
            modelCells != null);
    Dataset<Row> flat = StepRows.of(sorted, spec.partialCounts, stream, schema);
    List<Column> nested = new ArrayList<>();
    for (String k : keys) {
      nested.add(col(k));
    }
    Column[] fields = new Column[resultFields.length];
    for (int i = 0; i < resultFields.length; i++) {
      fields[i] = col(RESULT_PREFIX + i).as(resultFields[i].name());
    }
    nested.add(functions.struct(fields).as(RESULT_COLUMN));
    return flat.select(nested.toArray(new Column[0]));
  }

  /**
   * The step over one partition of cells shuffled by group and sorted by {@link #HASH}, in Spark's
   * internal row format. Each row is read as it arrives (the sorter hands out one reused row: only
   * a group's first row is copied, for its keys), its category looked up among the partition's
   * categories, each decoded into a {@code String} once and ranked in Spark's string order (UTF-8
   * bytes, Unicode code point order), so that a group's cells are put in order by comparing ints;
   * the keys are decoded only to name the group.
   */
  Iterator<InternalRow> call(Iterator<InternalRow> rows) {
    int hashIndex =
        keyCount + 3 + (hasSupport ? 1 : 0) + (hasRank ? 1 : 0) + (hasModelCells ? 1 : 0);
    int cellsAt = hashIndex - 1;
    int rankAt = keyCount + 3 + (hasSupport ? 1 : 0);
    StructType resultType = step.resultType();
    Function1<Object, Object> toInternal =
        CatalystTypeConverters.createToCatalystConverter(resultType);
    DataType[] resultTypes = new DataType[resultType.size()];
    for (int i = 0; i < resultTypes.length; i++) {
      resultTypes[i] = resultType.fields()[i].dataType();
    }
    PartitionCategories categories = new PartitionCategories();
    // A step that merges a category's cells first gets them added up as they are read (per rank
    // and category when the stream has a rank).
    boolean merge = step.takesMergedCells();
    List<MergedCells> pool = new ArrayList<>(1);
    Comparator<Ordered> byCategory = (a, b) -> categories.compare(a.category(), b.category());
    // By rank (if the stream has one), then by category: it fixes the order in which the kernel
    // sums, whatever order the shuffle delivered the cells in.
    Comparator<Ordered> order = hasRank ? byRankThenCategory(categories) : byCategory;
    return new Iterator<>() {
      private InternalRow pending = rows.hasNext() ? rows.next().copy() : null;
      private final ArrayDeque<InternalRow> ready = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        return !ready.isEmpty() || pending != null;
      }

      @Override
      public InternalRow next() {
        if (ready.isEmpty()) {
          fill();
        }
        InternalRow out = ready.poll();
        if (out == null) {
          throw new NoSuchElementException();
        }
        return out;
      }

      /** The next run of rows with one hash: one group, or the groups whose hashes collide. */
      private void fill() {
        if (pending == null) {
          return;
        }
        long hash = pending.getLong(hashIndex);
        List<Group> groups = new ArrayList<>(1);
        Group home = group(pending, 0);
        groups.add(home);
        pending = null;
        add(home, home.first);
        while (rows.hasNext()) {
          InternalRow r = rows.next();
          if (r.getLong(hashIndex) != hash) {
            pending = r.copy();
            break;
          }
          if (!sameKey(home.first, r)) {
            home = null;
            for (Group g : groups) {
              if (sameKey(g.first, r)) {
                home = g;
                break;
              }
            }
            if (home == null) {
              home = group(r.copy(), groups.size());
              groups.add(home);
            }
          }
          add(home, r);
        }
        for (Group group : groups) {
          InternalRow first = group.first;
          String name = describe(first);
          List<GroupComparison.Cell> cells =
              group.merged != null
                  ? group.merged.cells(name)
                  : hasModelCells ? expanded(group, name, byCategory) : ordered(group, order);
          InternalRow result = (InternalRow) toInternal.apply(step.compute(cells, name));
          Object[] values = new Object[keyCount + resultTypes.length];
          for (int i = 0; i < keyCount; i++) {
            values[i] = first.isNullAt(i) ? null : first.get(i, keyTypes[i]);
          }
          for (int i = 0; i < resultTypes.length; i++) {
            values[keyCount + i] = result.isNullAt(i) ? null : result.get(i, resultTypes[i]);
          }
          ready.add(new GenericInternalRow(values));
        }
      }

      /** The {@code index}-th group of a run of one hash, from its first row. */
      private Group group(InternalRow first, int index) {
        MergedCells merged = null;
        if (merge) {
          if (index == pool.size()) {
            pool.add(new MergedCells(categories, hasRank ? order : null));
          }
          merged = pool.get(index);
          merged.clear();
        }
        return new Group(first, merged);
      }

      /**
       * Reads one row into its group's cells, at once (the sorter reuses the row): a carrier row's
       * entries (when model cells are carried and the row has them), else the row as one cell.
       */
      private void add(Group group, InternalRow r) {
        if (hasModelCells && !r.isNullAt(cellsAt)) {
          // ModelTable.CELLS_TYPE: the categories and their probabilities, two arrays of one size
          // (the map's keys and values, a checked array table's two arrays, a packed run's). Were
          // the probabilities fewer, a missing one would read as null, which the entry check
          // refuses naming the category; more, the extra ones would have no category to name.
          InternalRow entries = r.getStruct(cellsAt, 2);
          ArrayData names = entries.isNullAt(0) ? null : entries.getArray(0);
          ArrayData values = entries.isNullAt(1) ? null : entries.getArray(1);
          int size = names == null ? 0 : names.numElements();
          int valued = values == null ? 0 : values.numElements();
          for (int j = 0; j < size; j++) {
            Category category = names.isNullAt(j) ? null : categories.of(names.getUTF8String(j));
            boolean none = j >= valued || values.isNullAt(j);
            if (group.merged != null) {
              group.merged.addEntry(category, none ? Double.NaN : values.getDouble(j), none);
              continue;
            }
            Double q = none ? null : values.getDouble(j);
            group.entries.add(
                new Ordered(
                    null,
                    category,
                    new GroupComparison.Cell(PartitionCategories.textOf(category), 0.0, q, true)));
          }
          return;
        }
        Object rank = null;
        if (hasRank && !r.isNullAt(rankAt)) {
          rank = r.get(rankAt, rankType);
          if (rank instanceof UTF8String s) {
            rank = s.copy(); // a reused row's bytes
          }
        }
        int i = keyCount;
        Category category = r.isNullAt(i) ? null : categories.of(r.getUTF8String(i));
        if (group.merged != null) {
          boolean hasQ = !r.isNullAt(i + 2);
          boolean support = hasSupport ? !r.isNullAt(i + 3) && r.getBoolean(i + 3) : hasQ;
          group.merged.addRow(
              rank, category, r.getDouble(i + 1), hasQ ? r.getDouble(i + 2) : 0.0, hasQ, support);
          return;
        }
        Double model = r.isNullAt(i + 2) ? null : r.getDouble(i + 2);
        boolean inSupport = hasSupport ? !r.isNullAt(i + 3) && r.getBoolean(i + 3) : model != null;
        group.cells.add(
            new Ordered(
                rank,
                category,
                new GroupComparison.Cell(
                    PartitionCategories.textOf(category), r.getDouble(i + 1), model, inSupport)));
      }
    };
  }

  /** One group's rows as read: its first row (a copy, for its keys) and its cells. */
  private static final class Group {
    private final InternalRow first;

    /** The cells added up per category, for a step that takes them merged; else null. */
    private final MergedCells merged;

    /** The rows as cells of their own (observed counts, or a long model table's rows). */
    private final List<Ordered> cells;

    /** The entries of carried model cells, in the order read. */
    private final List<Ordered> entries;

    /** One group's rows as read: one object per cell, or (with {@code merged}) added up there. */
    private Group(InternalRow first, MergedCells merged) {
      this.first = first;
      this.merged = merged;
      this.cells = merged == null ? new ArrayList<>() : null;
      this.entries = merged == null ? new ArrayList<>(0) : null;
    }
  }

  /** A cell with what orders it in its group: the rank (or null) and the category (or null). */
  record Ordered(Object rank, Category category, GroupComparison.Cell cell) {}

  /**
   * A stream's order with a rank: by rank (nulls first; strings by their bytes), then by category
   * (nulls first, Spark's string order).
   */
  static Comparator<Ordered> byRankThenCategory(PartitionCategories categories) {
    return (a, b) -> {
      int c = compareNullsFirst(a.rank(), b.rank());
      return c != 0 ? c : categories.compare(a.category(), b.category());
    };
  }

  @SuppressWarnings("unchecked")
  private static int compareNullsFirst(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if (a instanceof UTF8String x && b instanceof UTF8String y) {
      return compareBytes(x, y);
    }
    return ((Comparable<Object>) a).compareTo(b);
  }

  /**
   * Two strings' UTF-8 bytes compared unsigned, as Spark orders strings. Not {@code
   * UTF8String.compareTo}: on Spark 4 it reads an environment variable on every call (a check for
   * Spark's own tests), which made it most of the cost of sorting a group's cells.
   */
  static int compareBytes(UTF8String a, UTF8String b) {
    Object aBase = a.getBaseObject();
    Object bBase = b.getBaseObject();
    long aOffset = a.getBaseOffset();
    long bOffset = b.getBaseOffset();
    int n = Math.min(a.numBytes(), b.numBytes());
    for (int i = 0; i < n; i++) {
      int x = Platform.getByte(aBase, aOffset + i) & 0xFF;
      int y = Platform.getByte(bBase, bOffset + i) & 0xFF;
      if (x != y) {
        return x - y;
      }
    }
    return Integer.compare(a.numBytes(), b.numBytes());
  }

  /** A group's cells in {@code order} (by rank if the stream has one, then category). */
  private static List<GroupComparison.Cell> ordered(Group group, Comparator<Ordered> order) {
    sort(group.cells, order);
    return cellsOf(group.cells);
  }

  static List<GroupComparison.Cell> cellsOf(List<Ordered> ordered) {
    List<GroupComparison.Cell> cells = new ArrayList<>(ordered.size());
    for (Ordered o : ordered) {
      cells.add(o.cell());
    }
    return cells;
  }

  /** Sorts (stably), skipping the sort when the cells are in order already. */
  static void sort(List<Ordered> cells, Comparator<Ordered> order) {
    for (int k = 1; k < cells.size(); k++) {
      if (order.compare(cells.get(k - 1), cells.get(k)) > 0) {
        cells.sort(order);
        return;
      }
    }
  }

  /**
   * A group's cells when model cells are carried: a carrier row's entries, each other row as
   * itself, in category order (nulls first, Spark's string order). Each entry is checked first, in
   * the order read ({@link ModelTable#requireValidEntry}).
   */
  private static List<GroupComparison.Cell> expanded(
      Group group, String name, Comparator<Ordered> byCategory) {
    for (Ordered e : group.entries) {
      ModelTable.requireValidEntry(name, e.cell().category(), e.cell().model());
    }
    // The observed cells and the carried entries are put in order apart and then merged: a
    // carried model's entries often arrive in order already (checked in one pass).
    List<Ordered> observedCells = group.cells;
    List<Ordered> entryCells = group.entries;
    sort(observedCells, byCategory);
    sort(entryCells, byCategory);
    List<GroupComparison.Cell> cells = new ArrayList<>(observedCells.size() + entryCells.size());
    mergeRowsFirst(observedCells, entryCells, byCategory, cells);
    return cells;
  }

  /**
   * Adds to {@code out} the cells of {@code rows} and {@code entries}, each already in {@code
   * order}, merged in that order; among equal categories the rows' cells come first, as a stable
   * sort of the rows then the entries would put them.
   */
  static void mergeRowsFirst(
      List<Ordered> rows,
      List<Ordered> entries,
      Comparator<Ordered> order,
      List<GroupComparison.Cell> out) {
    int i = 0;
    int j = 0;
    while (i < rows.size() && j < entries.size()) {
      if (order.compare(rows.get(i), entries.get(j)) <= 0) {
        out.add(rows.get(i++).cell());
      } else {
        out.add(entries.get(j++).cell());
      }
    }
    while (i < rows.size()) {
      out.add(rows.get(i++).cell());
    }
    while (j < entries.size()) {
      out.add(entries.get(j++).cell());
    }
  }

  private boolean sameKey(InternalRow a, InternalRow b) {
    return sameKeys(a, b, keyTypes, fixedWidth);
  }

  /**
   * Whether two rows hold the same keys (their first {@code keyTypes.length} fields; null equals
   * null): {@link #sameKeyBytes} for two rows of Spark's binary format, else the keys' values.
   */
  static boolean sameKeys(InternalRow a, InternalRow b, DataType[] keyTypes, boolean[] fixedWidth) {
    if (a instanceof UnsafeRow x && b instanceof UnsafeRow y) {
      return sameKeyBytes(x, y, fixedWidth);
    }
    for (int i = 0; i < keyTypes.length; i++) {
      boolean aNull = a.isNullAt(i);
      if (aNull != b.isNullAt(i)) {
        return false;
      }
      if (!aNull && !Objects.deepEquals(a.get(i, keyTypes[i]), b.get(i, keyTypes[i]))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether two rows of Spark's binary format hold the same keys, compared as stored: a fixed-width
   * value's 8-byte word (Spark zeroes the unused bytes), a variable-width value's bytes (a string's
   * UTF-8, a decimal's unscaled value, a nested row). No key is decoded.
   *
   * @param fixedWidth per key (the first {@code fixedWidth.length} fields), whether Spark stores it
   *     in its 8-byte word ({@code UnsafeRow.isFixedLength} of its type)
   */
  static boolean sameKeyBytes(UnsafeRow a, UnsafeRow b, boolean[] fixedWidth) {
    int keyCount = fixedWidth.length;
    Object aBase = a.getBaseObject();
    Object bBase = b.getBaseObject();
    long aFields = a.getBaseOffset() + UnsafeRow.calculateBitSetWidthInBytes(a.numFields());
    long bFields = b.getBaseOffset() + UnsafeRow.calculateBitSetWidthInBytes(b.numFields());
    for (int i = 0; i < keyCount; i++) {
      boolean aNull = a.isNullAt(i);
      if (aNull != b.isNullAt(i)) {
        return false;
      }
      if (aNull) {
        continue;
      }
      long x = Platform.getLong(aBase, aFields + 8L * i);
      long y = Platform.getLong(bBase, bFields + 8L * i);
      if (fixedWidth[i]) { // decided once: Spark's test maps the type per call
        if (x != y) {
          return false;
        }
        continue;
      }
      int size = (int) x; // a variable-width value's word: its offset (high half), its size (low)
      if (size != (int) y
          || !ByteArrayMethods.arrayEquals(
              aBase, a.getBaseOffset() + (x >>> 32), bBase, b.getBaseOffset() + (y >>> 32), size)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Per type, whether Spark stores a value of it in its 8-byte word; decided once, since {@code
   * UnsafeRow.isFixedLength} maps the type to Spark's physical type on every call.
   */
  static boolean[] fixedWidth(DataType[] types) {
    boolean[] out = new boolean[types.length];
    for (int i = 0; i < types.length; i++) {
      out[i] = UnsafeRow.isFixedLength(types[i]);
    }
    return out;
  }

  /** "group origin=SEA, carrier=AA", as {@link ModelTable} names groups. */
  private String describe(InternalRow r) {
    Object[] keys = new Object[keyCount];
    for (int i = 0; i < keyCount; i++) {
      keys[i] =
          r.isNullAt(i)
              ? null
              : CatalystTypeConverters.convertToScala(r.get(i, keyTypes[i]), keyTypes[i]);
    }
    return ModelTable.describeGroup(
        RowFactory.create(keys), keyLabels == null ? null : Arrays.asList(keyLabels), keyCount);
  }

  /**
   * One group's {@link GroupComparison.Result} as a row of {@link #RESULT}, or of {@link
   * #LOG_LOSS_RESULT} with its log-loss ({@link #compare}).
   */
  private static Row row(GroupComparison.Result res, LogLoss logLoss) {
    DivergenceProfile p = res.profile();
    KlEvidence e = res.evidence();
    Object[] values = {
      res.n(),
      res.nullCount(),
      res.kObserved(),
      res.kModel(),
      p == null ? null : p.entropy(),
      p == null ? null : p.crossEntropy(),
      p == null ? null : p.klDivergence(),
      p == null ? null : p.reverseKlDivergence(),
      p == null ? null : p.jsDivergence(),
      p == null ? null : p.unseenMass(),
      e == null ? null : e.entropyBiasCorrected(),
      e == null ? null : e.klDivergenceBiasCorrected(),
      e == null || !e.hasInterval() ? null : e.ciLow(),
      e == null || !e.hasInterval() ? null : e.ciHigh(),
      e == null ? null : e.gStatistic(),
      e == null ? null : e.degreesOfFreedom(),
      e == null ? null : e.pValue(),
      res.status().label(),
      res.message()
    };
    if (logLoss == null) {
      return RowFactory.create(values);
    }
    Object[] withLogLoss = Arrays.copyOf(values, values.length + 3);
    withLogLoss[values.length] = logLoss.nllSum();
    withLogLoss[values.length + 1] = logLoss.nllRows();
    withLogLoss[values.length + 2] = logLoss.namedRows();
    return RowFactory.create(withLogLoss);
  }
}

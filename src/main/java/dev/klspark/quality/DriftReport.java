package dev.klspark.quality;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.klspark.KlsparkException;
import dev.klspark.math.ContinuousSamples;
import dev.klspark.spark.distribution.Buckets;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.engine.CollectedRows;
import dev.klspark.spark.engine.GroupStream;
import dev.klspark.spark.engine.ValueStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The metric pass of the data-quality report: one scan of the input(s), one native aggregation of
 * the current and the reference counts per (group, column, category) in the same pass (two
 * conditional sums, so a group or a category present on one side only is kept, as a full outer join
 * would), then the reports' per-group engine {@link GroupStream} streams each (column, group)'s
 * sorted cells into {@link DriftComparison} (no {@code collect_list}). Only the result, one row per
 * (column, group), is collected to the driver, where {@link DriftEvaluation} applies the checks.
 *
 * <p>Value columns ({@code compare: values}) are not counted per value: one more scan of the
 * input(s), made only when the job has value columns, turns each row of a slice into one (group,
 * column, value, side) row per value column (a row of both slices into two), and {@link
 * ValueStream#compare} shuffles them once by (group, column), sorts each (column, group) by value
 * and streams it into the two-sample comparison (KS, W₁, k-NN KL with k = {@link
 * ContinuousSamples#DEFAULT_K}); again one row per (column, group) reaches the driver, as a {@link
 * DriftComparison#values} result. Null, NaN and ±Infinity values are excluded and counted.
 *
 * <p>Prediction columns ({@code compare: predictions}) take one more scan too, made only when the
 * job has some: {@link DriftPredictions} sums each side's predicted distributions and their
 * expected log-loss terms per group, and one row per group reaches the driver, where each (column,
 * group) becomes a {@link DriftComparison#predictions} result.
 */
public final class DriftReport {
  private static final String CUR = "__cur";
  private static final String REF = "__ref";
  private static final String COLUMN = "__column";
  private static final String CAT = "__category";
  private static final String RANK = "__rank";
  private static final String VALUE = "__value";
  private static final String SIDE = "__side";

  private DriftReport() {}

  /**
   * Rows of one input with the conditions that put a row in the current and the reference slice.
   *
   * @param what the input's name for messages ({@code input}, {@code reference input})
   */
  public record Side(Dataset<Row> rows, Column current, Column reference, String what) {}

  /** The metric rows and the number of rows in the current slice. */
  public record Metrics(List<DriftEvaluation.Input> rows, long currentRows) {}

  /**
   * Computes the metrics of every (column, group).
   *
   * @param sides one side (current and reference from the same input) or two (a separate reference
   *     input: its current condition is false)
   * @param groupBy group columns (empty: one overall group, key {@code all})
   * @param columns the monitored columns
   * @param buckets the resolved buckets of the bucketed columns
   * @param comparison the per-(column, group) computation
   * @throws KlsparkException if a column is missing, has a type that does not fit, or changed type
   *     between the inputs, or a prediction column of a vector or an array has no labels; when the
   *     prediction pass runs, a row whose distribution fails a check (a row check of {@code
   *     dev.klspark.spark.distribution.ProbabilityColumn})
   */
  public static Metrics compute(
      List<Side> sides,
      List<String> groupBy,
      List<MonitoredColumn> columns,
      Map<String, Buckets> buckets,
      DriftComparison comparison) {
    checkTypes(sides, groupBy, columns);
    requireNumericValues(sides, columns);
    DriftPredictions.require(sides, columns);
    List<MonitoredColumn> counted =
        columns.stream().filter(c -> c.kind() == MonitoredColumn.Kind.CATEGORIES).toList();
    List<MonitoredColumn> valued = columns.stream().filter(MonitoredColumn::values).toList();
    List<MonitoredColumn> predicted =
        columns.stream().filter(MonitoredColumn::predictions).toList();
    List<DriftEvaluation.Input> rows = new ArrayList<>();
    if (!counted.isEmpty()) {
      rows.addAll(counted(sides, groupBy, counted, buckets, comparison));
    }
    if (!valued.isEmpty()) {
      rows.addAll(valued(sides, groupBy, valued));
    }
    if (!predicted.isEmpty()) {
      rows.addAll(DriftPredictions.compute(sides, groupBy, predicted, comparison));
    }
    long currentRows = 0;
    String first = columns.get(0).name();
    for (DriftEvaluation.Input in : rows) {
      if (in.column().equals(first)) {
        currentRows += (long) (in.result().nCurrent() + in.result().nullCurrent());
      }
    }
    return new Metrics(rows, currentRows);
  }

  /**
   * Checks that every value column ({@code compare: values}) is numeric on every side.
   *
   * @throws KlsparkException naming the column, its type and the input when it is not numeric, or
   *     when it is missing
   */
  public static void requireNumericValues(List<Side> sides, List<MonitoredColumn> columns) {
    for (Side s : sides) {
      InputColumns ic = new InputColumns(s.rows().schema(), s.what());
      for (MonitoredColumn c : columns) {
        if (!c.values()) {
          continue;
        }
        StructField f = ic.field(c.name(), "monitored column");
        if (!InputColumns.isNumeric(f.dataType())) {
          throw InputColumns.wrongType(
              f,
              "monitored column",
              "compare: values needs a numeric column in the "
                  + s.what()
                  + " (remove compare: values to compare its values as categories)");
        }
      }
    }
  }

  /** The categorical and bucketed columns: counts per category, then {@link GroupStream}. */
  private static List<DriftEvaluation.Input> counted(
      List<Side> sides,
      List<String> groupBy,
      List<MonitoredColumn> columns,
      Map<String, Buckets> buckets,
      DriftComparison comparison) {
    Dataset<Row> all = null;
    for (Side s : sides) {
      InputColumns ic = new InputColumns(s.rows().schema(), s.what());
      List<Column> select = groupColumns(ic, groupBy);
      List<Column> cells = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        MonitoredColumn c = columns.get(i);
        Column cat =
            new CategorySpec(c.name(), c.bucketed() ? buckets.get(c.name()) : null, null)
                .expression(ic);
        // The column's position, not its name: a 4-byte key instead of a string in every
        // aggregation key and shuffled cell.
        cells.add(struct(lit(i).as(COLUMN), cat.as(CAT)));
      }
      // One monitored column: its cell as it is, with no array to build and explode per row (the
      // optimizer reads the struct's fields straight from their expressions).
      select.add(
          cells.size() == 1
              ? cells.get(0).as("__cell")
              : explode(array(cells.toArray(new Column[0]))).as("__cell"));
      select.add(s.current().as(CUR));
      select.add(s.reference().as(REF));
      Dataset<Row> rows =
          s.rows().where(s.current().or(s.reference())).select(select.toArray(new Column[0]));
      all = all == null ? rows : rows.unionByName(all);
    }
    List<Column> keys = new ArrayList<>();
    for (int i = 0; i < groupBy.size(); i++) {
      keys.add(col("__g" + i));
    }
    List<Column> cellKeys = new ArrayList<>(keys);
    cellKeys.add(col("__cell." + COLUMN).as(COLUMN));
    cellKeys.add(col("__cell." + CAT).as(CAT));
    Dataset<Row> counts =
        all.groupBy(cellKeys.toArray(new Column[0]))
            .agg(
                sum(when(col(CUR), lit(1L)).otherwise(lit(0L))).cast("double").as("c"),
                sum(when(col(REF), lit(1L)).otherwise(lit(0L))).cast("double").as("r"));
    // Bucket columns: each bucket's index ranks its cells, so that buckets reach the step in
    // bucket order; categorical columns (rank null) are ordered by value.
    Column rank = lit(null).cast("long");
    for (int i = 0; i < columns.size(); i++) {
      MonitoredColumn c = columns.get(i);
      if (c.bucketed()) {
        Column labels =
            array(buckets.get(c.name()).labels().stream().map(l -> lit(l)).toArray(Column[]::new));
        rank = when(col(COLUMN).equalTo(i), array_position(labels, col(CAT))).otherwise(rank);
      }
    }
    Dataset<Row> results =
        GroupStream.over(counts.withColumn(RANK, rank))
            .keys(groupKeys(groupBy))
            .rank(RANK)
            .category(CAT)
            .observed("c")
            .model("r")
            // Both sides' counts are sums of 0/1 per row: Spark's partial sums go straight into
            // the step's shuffle by group, and DriftStep adds up a category's parts.
            .partialCounts()
            .stream(DriftStep.of(comparison));

    Map<String, String> edges = new HashMap<>();
    for (MonitoredColumn c : columns) {
      edges.put(c.name(), c.bucketed() ? DriftFormat.splits(buckets.get(c.name())) : null);
    }
    // Read as collected, one internal row at a time: no external Row per (column, group), and a
    // category's text is decoded once for every group (the driver's heap at 10^6 groups).
    int keyCount = groupBy.size();
    int fields = DriftStep.RESULT.size();
    Map<UTF8String, String> texts = new HashMap<>();
    List<DriftEvaluation.Input> rows = new ArrayList<>();
    CollectedRows.each(
        results,
        r -> {
          List<String> values = new ArrayList<>(keyCount);
          for (int i = 0; i < keyCount; i++) {
            values.add(r.isNullAt(i) ? null : r.getUTF8String(i).toString());
          }
          String column = columns.get(r.getInt(keyCount)).name();
          DriftComparison.Result m = DriftStep.result(r.getStruct(keyCount + 1, fields), texts);
          rows.add(
              new DriftEvaluation.Input(column, values, groupKey(values), edges.get(column), m));
        });
    return rows;
  }

  /** The value columns' results, collected. */
  private static List<DriftEvaluation.Input> valued(
      List<Side> sides, List<String> groupBy, List<MonitoredColumn> columns) {
    List<Row> collected = valuePass(sides, groupBy, columns).collectAsList();
    List<DriftEvaluation.Input> rows = new ArrayList<>(collected.size());
    for (Row r : collected) {
      List<String> values = groupValues(r, groupBy.size());
      String column = r.getString(groupBy.size());
      Row v = r.getStruct(groupBy.size() + 1);
      DriftComparison.Result m =
          DriftComparison.values(
              v.getLong(0),
              v.getLong(1),
              v.getLong(2),
              v.getLong(3),
              v.getLong(4),
              v.getLong(5),
              nullable(v, 6),
              nullable(v, 7),
              nullable(v, 8),
              nullable(v, 9),
              v.isNullAt(10) ? null : v.getString(10));
      rows.add(new DriftEvaluation.Input(column, values, groupKey(values), null, m));
    }
    return rows;
  }

  /**
   * The value columns' pass (lazy): (group, column, value, side) rows, then {@link
   * ValueStream#compare} (one shuffle by (group, column), one sort by value). One row per (column,
   * group): the group columns {@code __g0, ...}, the column's name, and {@link
   * ValueStream#RESULT_COLUMN}.
   */
  static Dataset<Row> valuePass(
      List<Side> sides, List<String> groupBy, List<MonitoredColumn> columns) {
    Dataset<Row> all = null;
    for (Side s : sides) {
      InputColumns ic = new InputColumns(s.rows().schema(), s.what());
      List<Column> select = groupColumns(ic, groupBy);
      List<Column> cells = new ArrayList<>();
      for (MonitoredColumn c : columns) {
        StructField f = ic.field(c.name(), "monitored column");
        cells.add(
            struct(
                lit(c.name()).as(COLUMN), InputColumns.column(f.name()).cast("double").as(VALUE)));
      }
      select.add(array(cells.toArray(new Column[0])).as("__cells"));
      // A row's sides (current, reference, both): a row of both slices is on both sides.
      select.add(ValueStream.sides(s.current(), s.reference()).as(SIDE));
      Dataset<Row> sided =
          s.rows().where(s.current().or(s.reference())).select(select.toArray(new Column[0]));
      List<Column> unrolled = new ArrayList<>();
      for (int i = 0; i < groupBy.size(); i++) {
        unrolled.add(col("__g" + i));
      }
      unrolled.add(col(SIDE));
      unrolled.add(explode(col("__cells")).as("__cell"));
      List<Column> flat = new ArrayList<>();
      for (int i = 0; i < groupBy.size(); i++) {
        flat.add(col("__g" + i));
      }
      flat.add(col("__cell." + COLUMN).as(COLUMN));
      flat.add(col("__cell." + VALUE).as(VALUE));
      flat.add(col(SIDE));
      Dataset<Row> rows =
          sided.select(unrolled.toArray(new Column[0])).select(flat.toArray(new Column[0]));
      all = all == null ? rows : rows.unionByName(all);
    }
    return ValueStream.compare(all, groupKeys(groupBy), VALUE, SIDE, ContinuousSamples.DEFAULT_K);
  }

  /** The group columns of one side as strings {@code __g0, __g1, ...}. */
  static List<Column> groupColumns(InputColumns ic, List<String> groupBy) {
    List<Column> select = new ArrayList<>();
    for (int i = 0; i < groupBy.size(); i++) {
      StructField f = ic.field(groupBy.get(i), "group column");
      select.add(InputColumns.column(f.name()).cast("string").as("__g" + i));
    }
    return select;
  }

  /** The stream's keys: the group columns, then the monitored column's name. */
  static List<String> groupKeys(List<String> groupBy) {
    List<String> groupKeys = new ArrayList<>();
    for (int i = 0; i < groupBy.size(); i++) {
      groupKeys.add("__g" + i);
    }
    groupKeys.add(COLUMN);
    return groupKeys;
  }

  static List<String> groupValues(Row r, int n) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(r.isNullAt(i) ? null : r.getString(i));
    }
    return values;
  }

  private static Double nullable(Row r, int i) {
    return r.isNullAt(i) ? null : r.getDouble(i);
  }

  /**
   * The group values joined with {@code |}; {@code all} for one overall group; null as {@code
   * null}.
   */
  public static String groupKey(List<String> values) {
    if (values.isEmpty()) {
      return "all";
    }
    List<String> v = new ArrayList<>();
    for (String s : values) {
      v.add(s == null ? "null" : s);
    }
    return String.join("|", v);
  }

  private static void checkTypes(
      List<Side> sides, List<String> groupBy, List<MonitoredColumn> columns) {
    if (sides.size() < 2) {
      return;
    }
    InputColumns a = new InputColumns(sides.get(0).rows().schema(), sides.get(0).what());
    InputColumns b = new InputColumns(sides.get(1).rows().schema(), sides.get(1).what());
    List<String> names = new ArrayList<>(groupBy);
    columns.forEach(c -> names.add(c.name()));
    for (String n : names) {
      DataType ta = a.field(n, "monitored column").dataType();
      DataType tb = b.field(n, "monitored column").dataType();
      boolean bothNumeric = InputColumns.isNumeric(ta) && InputColumns.isNumeric(tb);
      if (!ta.equals(tb) && !bothNumeric) {
        throw new KlsparkException(
            String.format(
                Locale.ROOT,
                "column '%s' changed type: %s in the %s, %s in the %s; expected the same type on"
                    + " both sides",
                n,
                ta.simpleString(),
                sides.get(0).what(),
                tb.simpleString(),
                sides.get(1).what()));
      }
    }
  }
}

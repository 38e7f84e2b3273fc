package dev.klspark.spark.report.drift;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.klspark.KlsparkException;
import dev.klspark.spark.distribution.Buckets;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.report.GroupStream;
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

/**
 * The metric pass of the data-quality report: one scan of the input(s), one native aggregation of
 * the current and the reference counts per (group, column, category) in the same pass (two
 * conditional sums, so a group or a category present on one side only is kept, as a full outer join
 * would), then the reports' per-group engine {@link GroupStream} streams each (column, group)'s
 * sorted cells into {@link DriftComparison} (no {@code collect_list}). Only the result, one row per
 * (column, group), is collected to the driver, where {@link DriftEvaluation} applies the checks.
 */
public final class DriftReport {
  private static final String CUR = "__cur";
  private static final String REF = "__ref";
  private static final String COLUMN = "__column";
  private static final String CAT = "__category";
  private static final String RANK = "__rank";

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
   *     between the inputs
   */
  public static Metrics compute(
      List<Side> sides,
      List<String> groupBy,
      List<MonitoredColumn> columns,
      Map<String, Buckets> buckets,
      DriftComparison comparison) {
    checkTypes(sides, groupBy, columns);
    Dataset<Row> all = null;
    for (Side s : sides) {
      InputColumns ic = new InputColumns(s.rows().schema(), s.what());
      List<Column> select = new ArrayList<>();
      for (int i = 0; i < groupBy.size(); i++) {
        StructField f = ic.field(groupBy.get(i), "group column");
        select.add(InputColumns.column(f.name()).cast("string").as("__g" + i));
      }
      List<Column> cells = new ArrayList<>();
      for (MonitoredColumn c : columns) {
        Column cat =
            new CategorySpec(c.name(), c.bucketed() ? buckets.get(c.name()) : null, null)
                .expression(ic);
        cells.add(struct(lit(c.name()).as(COLUMN), cat.as(CAT)));
      }
      select.add(explode(array(cells.toArray(new Column[0]))).as("__cell"));
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
    for (MonitoredColumn c : columns) {
      if (c.bucketed()) {
        Column labels =
            array(buckets.get(c.name()).labels().stream().map(l -> lit(l)).toArray(Column[]::new));
        rank =
            when(col(COLUMN).equalTo(c.name()), array_position(labels, col(CAT))).otherwise(rank);
      }
    }
    List<String> groupKeys = new ArrayList<>();
    for (int i = 0; i < groupBy.size(); i++) {
      groupKeys.add("__g" + i);
    }
    groupKeys.add(COLUMN);
    List<Row> collected =
        GroupStream.stream(
                counts.withColumn(RANK, rank),
                groupKeys,
                RANK,
                CAT,
                "c",
                "r",
                DriftStep.of(comparison))
            .collectAsList();

    Map<String, String> edges = new HashMap<>();
    for (MonitoredColumn c : columns) {
      edges.put(c.name(), c.bucketed() ? DriftFormat.splits(buckets.get(c.name())) : null);
    }
    List<DriftEvaluation.Input> rows = new ArrayList<>(collected.size());
    long currentRows = 0;
    String first = columns.get(0).name();
    for (Row r : collected) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < groupBy.size(); i++) {
        values.add(r.isNullAt(i) ? null : r.getString(i));
      }
      String column = r.getString(groupBy.size());
      DriftComparison.Result m = DriftStep.result(r.getStruct(groupBy.size() + 1));
      if (column.equals(first)) {
        currentRows += (long) (m.nCurrent() + m.nullCurrent());
      }
      rows.add(new DriftEvaluation.Input(column, values, groupKey(values), edges.get(column), m));
    }
    return new Metrics(rows, currentRows);
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

package dev.klspark.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.klspark.KlsparkException;
import dev.klspark.math.ExpectedLogLoss;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.distribution.ModelTable.Normalization;
import dev.klspark.spark.distribution.ProbabilityColumn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The prediction columns' pass of the data-quality report ({@code compare: predictions}): one scan
 * of the input(s), made only when the job has prediction columns, and one aggregation of sums.
 *
 * <p>Per row and prediction column, natively: the checked distribution q in the label order ({@link
 * ProbabilityColumn#rowChecked}: an MLlib Vector or an {@code array<double>} in the order of the
 * column's {@code labels}, or a {@code map<string,double>}; a row of the wrong size, with a null,
 * NaN or negative probability or a sum farther than 1e-6 from 1 fails the query with one line
 * naming the column, the group and the input, so the run stops before it writes anything); then, in
 * a typed map that reads each checked distribution once, its entropy H(q) and the variance V(q) of
 * −ln q(Y) for Y ~ q by the kernel ({@link ExpectedLogLoss#entropyAndVariance}). One native
 * aggregation per group sums, for each side and column, the rows, the null rows, H, V and each
 * label's probability; one row per group reaches the driver, where {@link
 * DriftComparison#predictions} computes each (column, group)'s metrics from the sums. A null
 * distribution is counted ({@code null_current}, {@code null_reference}) and excluded.
 *
 * <p>A map column without {@code labels} carries its labels: they are the keys of its maps in the
 * two slices, in sorted order, found first by one more, lighter query that reads only that column's
 * keys ({@link #labels}).
 */
final class DriftPredictions {
  private static final String CUR = "__cur";
  private static final String REF = "__ref";

  /**
   * The per-side sums of a column besides the labels', in the order {@link #compute} reads them.
   */
  private static final List<String> STATS = List.of("rows", "nulls", "h", "v");

  private DriftPredictions() {}

  /**
   * Checks every prediction column on every side before any work: it holds distributions, and a
   * vector or an array has a label order.
   *
   * @throws KlsparkException naming the column, its type, the input and what was expected
   */
  static void require(List<DriftReport.Side> sides, List<MonitoredColumn> columns) {
    for (DriftReport.Side s : sides) {
      InputColumns ic = new InputColumns(s.rows().schema(), s.what());
      for (MonitoredColumn c : columns) {
        if (!c.predictions()) {
          continue;
        }
        StructField f = ic.field(c.name(), "monitored column");
        try {
          ProbabilityColumn.requireType(f);
        } catch (KlsparkException e) {
          throw InputColumns.wrongType(
              f,
              "monitored column",
              "compare: predictions needs an MLlib Vector, an array<double> or a"
                  + " map<string,double> in the "
                  + s.what());
        }
        if (c.labels().isEmpty() && !ProbabilityColumn.carriesLabels(f.dataType())) {
          throw new KlsparkException(
              String.format(
                  Locale.ROOT,
                  "monitored column '%s' (compare: predictions) has type %s in the %s and no"
                      + " labels; expected labels: [...], the label of each entry in order (only a"
                      + " map<string,double> carries its labels)",
                  f.name(),
                  f.dataType().simpleString(),
                  s.what()));
        }
      }
    }
  }

  /**
   * The results of the prediction columns, one per (column, group) of either side.
   *
   * @param columns the prediction columns
   * @throws KlsparkException when a column is no distribution ({@link #require}, which the caller
   *     runs first) or, when computed, a row check fails
   */
  static List<DriftEvaluation.Input> compute(
      List<DriftReport.Side> sides,
      List<String> groupBy,
      List<MonitoredColumn> columns,
      DriftComparison comparison) {
    Map<String, List<String>> labels = labels(sides, columns);
    int g = groupBy.size();
    List<DriftEvaluation.Input> out = new ArrayList<>();
    for (Row r : pass(sides, groupBy, columns, labels).collectAsList()) {
      List<String> values = DriftReport.groupValues(r, g);
      for (int j = 0; j < columns.size(); j++) {
        String column = columns.get(j).name();
        List<String> l = labels.get(column);
        DriftComparison.Result m =
            comparison.predictions(l, sums(r, j, CUR, l.size()), sums(r, j, REF, l.size()));
        out.add(new DriftEvaluation.Input(column, values, DriftReport.groupKey(values), null, m));
      }
    }
    return out;
  }

  private static DriftComparison.PredictionSums sums(Row r, int j, String side, int k) {
    double[] q = new double[k];
    for (int i = 0; i < k; i++) {
      q[i] = r.getDouble(r.fieldIndex(name(j, "q" + i, side)));
    }
    return new DriftComparison.PredictionSums(
        r.getLong(r.fieldIndex(name(j, "rows", side))),
        r.getLong(r.fieldIndex(name(j, "nulls", side))),
        r.getDouble(r.fieldIndex(name(j, "h", side))),
        r.getDouble(r.fieldIndex(name(j, "v", side))),
        q);
  }

  private static String name(int column, String stat, String side) {
    return "__c" + column + "_" + stat + side;
  }

  /**
   * The label order of each prediction column: its {@code labels}, or for a map without them the
   * keys of its maps in the two slices, sorted (one query per such column, which reads only that
   * column and the slices' columns; empty when no row of the slices has a map).
   */
  static Map<String, List<String>> labels(
      List<DriftReport.Side> sides, List<MonitoredColumn> columns) {
    Map<String, List<String>> out = new HashMap<>();
    List<MonitoredColumn> unlabelled = new ArrayList<>();
    for (MonitoredColumn c : columns) {
      if (c.labels().isEmpty()) {
        unlabelled.add(c);
        out.put(c.name(), List.of());
      } else {
        out.put(c.name(), c.labels());
      }
    }
    for (MonitoredColumn c : unlabelled) {
      Dataset<Row> keys = null;
      for (DriftReport.Side s : sides) {
        InputColumns ic = new InputColumns(s.rows().schema(), s.what());
        Column map = InputColumns.column(ic.field(c.name(), "monitored column").name());
        Dataset<Row> side =
            s.rows()
                .where(s.current().or(s.reference()))
                .select(functions.explode(functions.map_keys(map)).as("k"))
                .distinct();
        keys = keys == null ? side : keys.union(side);
      }
      TreeSet<String> found = new TreeSet<>();
      for (Row r : keys.distinct().collectAsList()) {
        found.add(r.getString(0));
      }
      out.put(c.name(), List.copyOf(found));
    }
    return out;
  }

  /**
   * The pass (lazy): one row per group, the group columns {@code __g0, ...}, then for each column
   * and side the sums of rows, null rows, H, V and each label's probability.
   *
   * @param labels each column's label order ({@link #labels})
   */
  static Dataset<Row> pass(
      List<DriftReport.Side> sides,
      List<String> groupBy,
      List<MonitoredColumn> columns,
      Map<String, List<String>> labels) {
    Dataset<Row> all = null;
    for (DriftReport.Side s : sides) {
      // Vectors as arrays first, in a projection of their own (see ProbabilityColumn).
      Dataset<Row> in = s.rows().where(s.current().or(s.reference()));
      InputColumns given = new InputColumns(in.schema(), s.what());
      for (MonitoredColumn c : columns) {
        StructField f = given.field(c.name(), "monitored column");
        ProbabilityColumn.requireVectorMetadata(f, labels.get(c.name()));
        if (f.dataType().equals(SQLDataTypes.VectorType())) {
          in =
              in.withColumn(
                  f.name(), ProbabilityColumn.vectorAsArray(InputColumns.column(f.name())));
        }
      }
      InputColumns ic = new InputColumns(in.schema(), s.what());
      List<Column> select = DriftReport.groupColumns(ic, groupBy);
      Column where = describe(ic, groupBy, s.what());
      // Each side as a weight, 1.0 or 0.0 (a row of both slices counts on both).
      select.add(when(s.current(), lit(1.0)).otherwise(lit(0.0)).as(CUR));
      select.add(when(s.reference(), lit(1.0)).otherwise(lit(0.0)).as(REF));
      for (int j = 0; j < columns.size(); j++) {
        MonitoredColumn c = columns.get(j);
        select.add(
            ProbabilityColumn.rowChecked(
                    ic, c.name(), labels.get(c.name()), Normalization.STRICT, where)
                .as("__p" + j));
      }
      Dataset<Row> rows = in.select(select.toArray(new Column[0]));
      all = all == null ? rows : rows.unionByName(all);
    }
    // Each row's terms by the kernel, in a typed map: it reads each checked distribution once (an
    // aggregation of native expressions over the checked column made Spark evaluate the checks
    // once per expression that read it: measured 10 to 300 times slower than a bare count).
    int g = groupBy.size();
    int[] k = new int[columns.size()];
    StructType schema = new StructType();
    for (int i = 0; i < g; i++) {
      schema = schema.add("__g" + i, DataTypes.StringType, true);
    }
    schema = schema.add(CUR, DataTypes.DoubleType, false).add(REF, DataTypes.DoubleType, false);
    List<String> terms = new ArrayList<>();
    for (int j = 0; j < columns.size(); j++) {
      k[j] = labels.get(columns.get(j).name()).size();
      List<String> names = new ArrayList<>();
      STATS.forEach(x -> names.add(x));
      for (int i = 0; i < k[j]; i++) {
        names.add("q" + i);
      }
      for (String x : names) {
        schema = schema.add(name(j, x, ""), DataTypes.DoubleType, false);
        terms.add(name(j, x, ""));
      }
    }
    Dataset<Row> perRow = all.map(new RowTerms(g, k), Encoders.row(schema));
    List<Column> aggs = new ArrayList<>();
    for (String x : terms) {
      boolean count = x.endsWith("_rows") || x.endsWith("_nulls");
      for (String side : List.of(CUR, REF)) {
        Column total = sum(col(x).multiply(col(side)));
        aggs.add((count ? total.cast("long") : total).as(x + side));
      }
    }
    Column first = aggs.get(0);
    Column[] rest = aggs.subList(1, aggs.size()).toArray(new Column[0]);
    if (g == 0) {
      return perRow.agg(first, rest);
    }
    List<Column> keys = new ArrayList<>();
    for (int i = 0; i < g; i++) {
      keys.add(col("__g" + i));
    }
    return perRow.groupBy(keys.toArray(new Column[0])).agg(first, rest);
  }

  /**
   * One row's terms: the group values and the two side weights as they are, then per prediction
   * column 1 (a distribution) or 0, 0 or 1 (a null one), H(q) and V(q) by the kernel ({@link
   * ExpectedLogLoss#entropyAndVariance}) and the entries of q (zeros for a null distribution).
   *
   * @param groups the number of group columns
   * @param labels each prediction column's number of labels
   */
  private record RowTerms(int groups, int[] labels) implements MapFunction<Row, Row> {
    @Override
    public Row call(Row r) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < groups + 2; i++) {
        out.add(r.get(i));
      }
      for (int j = 0; j < labels.length; j++) {
        int at = groups + 2 + j;
        if (r.isNullAt(at)) {
          out.addAll(List.of(0.0, 1.0, 0.0, 0.0));
          for (int i = 0; i < labels[j]; i++) {
            out.add(0.0);
          }
          continue;
        }
        List<Double> entries = r.getList(at);
        double[] q = new double[entries.size()];
        for (int i = 0; i < q.length; i++) {
          q[i] = entries.get(i);
        }
        // Checked by the query already (ProbabilityColumn's row checks, the kernel's tolerance).
        double[] hv = ExpectedLogLoss.entropyAndVariance(q);
        out.addAll(List.of(1.0, 0.0, hv[0], hv[1]));
        for (double x : q) {
          out.add(x);
        }
      }
      return RowFactory.create(out.toArray());
    }
  }

  /**
   * How a row's group is named in the row checks' messages, e.g. {@code group g=a of the input}.
   */
  private static Column describe(InputColumns ic, List<String> groupBy, String what) {
    if (groupBy.isEmpty()) {
      return lit("the " + what);
    }
    List<Column> values = new ArrayList<>();
    for (String g : groupBy) {
      values.add(InputColumns.column(ic.field(g, "group column").name()));
    }
    return functions.concat(
        ProbabilityColumn.describeGroup(groupBy, values), lit(" of the " + what));
  }
}

package dev.klspark.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.klspark.KlsparkException;
import dev.klspark.spark.publish.Tables;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The history table: Parquet under {@code OUTPUT/history}, partitioned by {@code
 * report_date=YYYY-MM-DD}, one row per (date, column, group). Columns: {@code column}, the group
 * columns (as strings), {@code group_key}, {@code status}, {@code message}, counts, the metrics,
 * {@code p_value_adjusted}, the value columns' metrics ({@code ks_statistic}, {@code
 * wasserstein_distance}, {@code kl_divergence_knn_nats}), the {@code thresholds} applied, the zero
 * policy ({@code smoothing}), {@code bucket_edges}, the slices, and the distributions ({@code
 * categories}, {@code current_share}, {@code reference_share}).
 *
 * <p>A prediction column's row ({@code compare: predictions}) has {@code expected_nll_nats}, {@code
 * expected_nll_sd_nats}, {@code expected_nll_reference_nats} and {@code expected_nll_change_nats},
 * the divergences of its mean predictions, the labels in {@code categories} and the mean
 * predictions in {@code current_share} and {@code reference_share}; its G-test, p-values and KL
 * interval are null. The other rows have the four expected log-loss columns null.
 *
 * <p>A value column's row ({@code compare: values}) has the categorical metrics, {@code
 * g_statistic} and {@code degrees_of_freedom} null, {@code k_categories} and {@code new_categories}
 * 0 and empty distributions; its {@code p_value} is the two-sample Kolmogorov–Smirnov test's. A
 * categorical or bucketed column's row has the value metrics null and the G-test's {@code p_value}.
 *
 * <p>Schema evolution: columns added by later klspark versions ({@code kl_divergence_ci_*_nats},
 * the value metrics, the expected log-loss) read as null in rows written before them, from Parquet
 * ({@link #read} reads with the current schema) and from a table ({@link #readTable} adds the
 * missing ones as nulls; the first write adds them to the table, {@code OwnedTable#replaceWhere}).
 *
 * <p>Idempotent writes: a run writes its date's rows (sorted, one file) into a hidden staging
 * directory next to the partition and swaps the partition directory in with the output commit (two
 * renames, atomic on HDFS and local file systems): a rerun replaces that date and nothing else, and
 * a run that fails before the swap leaves the history as it was. A run with no rows at all writes
 * the partition as an empty directory holding only a {@value #NO_DATA} marker file, so stale rows
 * of an earlier run never survive a rerun; readers see no rows for that date.
 */
public final class DriftHistory {
  /**
   * Marker file of a date that had no data (hidden from Spark readers by its leading underscore).
   */
  public static final String NO_DATA = "_NO_DATA";

  private DriftHistory() {}

  /**
   * The prediction columns' expected log-loss, in nats: the current rows', its standard deviation
   * under calibration, the reference rows', and the change (null in the other columns' rows).
   */
  static final List<StructField> PREDICTIONS =
      Stream.of(
              "expected_nll_nats",
              "expected_nll_sd_nats",
              "expected_nll_reference_nats",
              "expected_nll_change_nats")
          .map(c -> DataTypes.createStructField(c, DataTypes.DoubleType, true))
          .toList();

  /**
   * Columns after the group columns; group columns must not use these names. The metrics are {@link
   * DriftStep}'s fields, the divergences and the interval in nats.
   */
  static final StructType FIXED =
      DriftStep.struct(
          List.of(
              DataTypes.createStructField("group_key", DataTypes.StringType, false),
              DataTypes.createStructField("status", DataTypes.StringType, false),
              DataTypes.createStructField("message", DataTypes.StringType, true)),
          DriftStep.COUNTS,
          DriftStep.divergences("_nats"),
          DriftStep.UNITLESS,
          List.of(DataTypes.createStructField("p_value_adjusted", DataTypes.DoubleType, true)),
          DriftStep.interval("_nats"),
          List.of(
              DataTypes.createStructField("ks_statistic", DataTypes.DoubleType, true),
              DataTypes.createStructField("wasserstein_distance", DataTypes.DoubleType, true),
              DataTypes.createStructField("kl_divergence_knn_nats", DataTypes.DoubleType, true)),
          PREDICTIONS,
          List.of(
              DataTypes.createStructField("thresholds", DataTypes.StringType, false),
              DataTypes.createStructField("smoothing", DataTypes.StringType, false),
              DataTypes.createStructField("bucket_edges", DataTypes.StringType, true),
              DataTypes.createStructField("current_slice", DataTypes.StringType, false),
              DataTypes.createStructField("reference_slice", DataTypes.StringType, false)),
          DriftStep.DISTRIBUTIONS);

  /** The partition's schema (without {@code report_date}). */
  public static StructType schema(List<String> groupBy) {
    StructType s = new StructType().add("column", DataTypes.StringType, false);
    Set<String> reserved = Set.of(FIXED.fieldNames());
    for (String g : groupBy) {
      if (reserved.contains(g) || g.equals("column") || g.equals("report_date")) {
        throw new KlsparkException(
            String.format(
                Locale.ROOT,
                "group column '%s' has the name of a history column; rename it in the input",
                g));
      }
      s = s.add(g, DataTypes.StringType, true);
    }
    for (var f : FIXED.fields()) {
      s = s.add(f);
    }
    return s;
  }

  /** The table's schema as read back, with the partition column. */
  public static StructType readSchema(List<String> groupBy) {
    return schema(groupBy).add("report_date", DataTypes.DateType, false);
  }

  /** The run's rows, in the order of {@code rows} (sorted by column and group key). */
  public static List<Row> rows(
      List<DriftEvaluation.Evaluated> rows,
      String smoothing,
      String currentSlice,
      String referenceSlice) {
    List<Row> out = new ArrayList<>(rows.size());
    for (DriftEvaluation.Evaluated e : rows) {
      DriftComparison.Result m = e.input().result();
      List<Object> v = new ArrayList<>();
      v.add(e.input().column());
      v.addAll(e.input().groupValues());
      v.add(e.input().groupKey());
      v.add(e.status().label());
      v.add(e.message());
      v.add(m.nCurrent());
      v.add(m.nReference());
      v.add(m.nullCurrent());
      v.add(m.nullReference());
      v.add(m.categories());
      v.add(m.newCategories());
      v.add(m.klDivergence());
      v.add(m.reverseKlDivergence());
      v.add(m.jsDivergence());
      v.add(m.psi());
      v.add(m.hellingerDistance());
      v.add(m.totalVariationDistance());
      v.add(m.gStatistic());
      v.add(m.degreesOfFreedom());
      v.add(m.pValue());
      v.add(e.pValueAdjusted());
      v.add(m.klDivergenceBiasCorrected());
      v.add(m.klDivergenceCiLow());
      v.add(m.klDivergenceCiHigh());
      v.add(m.ksStatistic());
      v.add(m.wassersteinDistance());
      v.add(m.klDivergenceKnn());
      v.add(m.expectedNll());
      v.add(m.expectedNllSd());
      v.add(m.expectedNllReference());
      v.add(m.expectedNllChange());
      v.add(e.thresholds());
      v.add(smoothing);
      v.add(e.input().bucketEdges());
      v.add(currentSlice);
      v.add(referenceSlice);
      v.add(m.labels());
      v.add(toList(m.currentShare()));
      v.add(toList(m.referenceShare()));
      out.add(RowFactory.create(v.toArray()));
    }
    return out;
  }

  private static List<Double> toList(double[] a) {
    List<Double> l = new ArrayList<>(a.length);
    for (double x : a) {
      l.add(x);
    }
    return l;
  }

  /** {@code OUTPUT/history}. */
  public static String path(String output) {
    return new Path(output, "history").toString();
  }

  /** {@code history/report_date=DATE}, relative to the output. */
  public static String partitionName(LocalDate date) {
    return "history/report_date=" + date;
  }

  /** {@code OUTPUT/history/report_date=DATE}. */
  public static String partition(String output, LocalDate date) {
    return new Path(path(output), "report_date=" + date).toString();
  }

  /**
   * Stages the date's partition: the rows as one sorted Parquet file, or the {@value #NO_DATA}
   * marker when there are none, into {@code staging} (an output commit's staging directory, which
   * the run then publishes).
   */
  public static void stage(
      SparkSession spark, String staging, List<Row> rows, StructType schema, String reason) {
    if (rows.isEmpty()) {
      try {
        Path marker = new Path(staging, NO_DATA);
        FileSystem fs = marker.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try (OutputStream os = fs.create(marker, false)) {
          os.write((reason + "\n").getBytes(StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new KlsparkException("cannot write " + staging + ": " + e.getMessage(), e);
      }
      return;
    }
    // Append: the staging directory exists (created by the commit, with its mark).
    spark.createDataFrame(rows, schema).coalesce(1).write().mode("append").parquet(staging);
  }

  /**
   * The history's rows of every date but {@code exclude}, or an empty table when there is no
   * history yet.
   */
  public static Dataset<Row> read(
      SparkSession spark, String output, List<String> groupBy, LocalDate exclude) {
    StructType schema = readSchema(groupBy);
    String p = path(output);
    try {
      Path hp = new Path(p);
      FileSystem fs = hp.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(hp)) {
        return spark.createDataFrame(List.of(), schema);
      }
    } catch (IOException e) {
      throw new KlsparkException("cannot read the history " + p + ": " + e.getMessage(), e);
    }
    return spark
        .read()
        .schema(schema)
        .option("basePath", p)
        .parquet(p)
        .where(col("report_date").notEqual(lit(exclude)));
  }

  /**
   * The rows of every date but {@code exclude} of the history table {@code name}, or an empty table
   * when it does not exist yet. Columns added to the table by later klspark versions are read as
   * they are; rows written before a column existed hold null in it; and columns of this version the
   * table does not have yet (a table written by an earlier version, before this run's write adds
   * them) are read as nulls.
   *
   * @throws KlsparkException when the catalog cannot be reached
   */
  public static Dataset<Row> readTable(
      SparkSession spark, String name, List<String> groupBy, LocalDate exclude) {
    if (!Tables.exists(spark, name)) {
      return spark.createDataFrame(List.of(), readSchema(groupBy));
    }
    Dataset<Row> table = spark.table(name);
    Set<String> have = new HashSet<>();
    for (String c : table.columns()) {
      have.add(c.toLowerCase(Locale.ROOT));
    }
    for (StructField f : readSchema(groupBy).fields()) {
      if (!have.contains(f.name().toLowerCase(Locale.ROOT))) {
        table = table.withColumn(f.name(), lit(null).cast(f.dataType()));
      }
    }
    return table.where(col("report_date").notEqual(lit(exclude)));
  }
}

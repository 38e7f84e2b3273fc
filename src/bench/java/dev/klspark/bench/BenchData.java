package dev.klspark.bench;

import dev.klspark.datagen.GroupIdType;
import dev.klspark.datagen.SyntheticDataWriter;
import dev.klspark.datagen.SyntheticSpec;
import dev.klspark.datagen.ValueColumn;
import dev.klspark.spark.distribution.InputColumns;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Generated inputs of the benchmarks, kept between runs: {@link #ensure} writes a {@link
 * SyntheticSpec}'s rows and model table with {@link SyntheticDataWriter#write} (as {@code
 * jobs/gen-data} does) unless a complete copy is already there, i.e. both {@code rows/_SUCCESS} and
 * {@code model/_SUCCESS} exist (Spark's committer writes the marker last, so an interrupted
 * generation is redone). Directories may be local paths or any Hadoop URI.
 */
final class BenchData {
  private BenchData() {}

  /**
   * Where a data set's tables are.
   *
   * @param rows path of the rows table
   * @param model path of the model table
   * @param reused whether an existing complete copy was used (nothing generated)
   */
  record Tables(String rows, String model, boolean reused) {}

  /**
   * A directory name made of every parameter that changes the data, e.g. {@code
   * n5e7-g1e5-k20-gs1.1-cs1-hot0-seed42} for {@code --rows 5e7 --groups 100000 --categories 20
   * --group-skew 1.1 --category-skew 1}; the value column, a long group id and an explicit
   * partition count are appended only when used.
   */
  static String name(SyntheticSpec spec) {
    StringBuilder b =
        new StringBuilder()
            .append("n")
            .append(count(spec.rows()))
            .append("-g")
            .append(count(spec.groups()))
            .append("-k")
            .append(count(spec.categories()))
            .append("-gs")
            .append(number(spec.groupSkew()))
            .append("-cs")
            .append(number(spec.categorySkew()))
            .append("-hot")
            .append(number(spec.hotGroupFraction()))
            .append("-seed")
            .append(spec.seed());
    if (spec.valueColumn() != ValueColumn.NONE) {
      b.append("-value_").append(spec.valueColumn().name().toLowerCase(Locale.ROOT));
    }
    if (spec.groupIdType() != GroupIdType.STRING) {
      b.append("-id_").append(spec.groupIdType().name().toLowerCase(Locale.ROOT));
    }
    if (spec.partitions() > 0) {
      b.append("-p").append(spec.partitions());
    }
    return b.toString();
  }

  /**
   * The data set of {@code spec} in {@code dir}: reused when complete, otherwise (re)generated,
   * replacing whatever partial output is there. Prints one line saying which.
   *
   * @param spark the session that generates the data
   * @param spec the data set
   * @param dir directory that holds (or receives) {@code rows/} and {@code model/}
   * @param out where the line goes
   * @return the paths of both tables
   */
  static Tables ensure(SparkSession spark, SyntheticSpec spec, String dir, PrintStream out) {
    SyntheticDataWriter.Options options = new SyntheticDataWriter.Options(spec, dir, true);
    if (complete(spark, options.rowsPath()) && complete(spark, options.modelPath())) {
      out.println("reusing data " + dir);
      return new Tables(options.rowsPath(), options.modelPath(), true);
    }
    out.println("generating data " + dir);
    SyntheticDataWriter.Result r = SyntheticDataWriter.write(spark, options);
    out.printf(
        Locale.ROOT,
        "generated data %s rows=%d seconds=%.1f model_rows=%d model_seconds=%.1f%n",
        dir,
        r.rows(),
        r.rowsSeconds(),
        r.modelRows(),
        r.modelSeconds());
    return new Tables(options.rowsPath(), options.modelPath(), false);
  }

  /** The most categories the predictions cases take: each row carries one probability per label. */
  static final int MAX_PREDICTION_LABELS = 100;

  /** The predictions' array of probabilities, one per category in sorted order. */
  static final String PROBABILITY = "probability";

  /** The predictions' window: 1 or 2, alternating by row position. */
  static final String WEEK = "week";

  /**
   * The predictions table's directory in a data set's: named with a version, so that a change of
   * the derivation below writes a new table instead of reusing an old one.
   */
  static final String PREDICTIONS_DIR = "predictions-v1";

  /**
   * Per-row predictions of a generated data set, for the predictions cases: every row of {@code
   * rows} with its group, its category (the label), a {@value #WEEK} (1 or 2, alternating by row
   * position) and a {@value #PROBABILITY} array over the model's categories in sorted order: the
   * group's model distribution q perturbed per row, p_k ∝ q_k (0.5 + u_k) with u_k uniform in [0,
   * 1) from a hash of the row position and k, so that no two rows share a forecast (the
   * decomposition's binning then works as on a real classifier's outputs). Written once into {@code
   * DIR/}{@value #PREDICTIONS_DIR} and reused when complete, as the rows are.
   *
   * @param rows the rows table
   * @param model the model table (group, category, probability)
   * @param dir the data set's directory
   * @return the path of the predictions table
   */
  static String predictions(
      SparkSession spark,
      String rows,
      String model,
      String dir,
      String group,
      String category,
      PrintStream out) {
    String path = dir + "/" + PREDICTIONS_DIR;
    if (complete(spark, path)) {
      out.println("reusing predictions " + path);
      return path;
    }
    out.println("generating predictions " + path);
    long t0 = System.nanoTime();
    Dataset<Row> q =
        spark
            .read()
            .parquet(model)
            .groupBy(functions.col(group))
            .agg(
                functions
                    .array_sort(
                        functions.collect_list(
                            functions.struct(
                                functions.col(category).cast("string").as("c"),
                                functions.col("probability").cast("double").as("p"))))
                    .as("__q"))
            .select(
                functions.col(group),
                functions.transform(functions.col("__q"), x -> x.getField("p")).as("__q"));
    spark
        .read()
        .parquet(rows)
        .join(q, group)
        .withColumn("__id", functions.monotonically_increasing_id())
        .selectExpr(
            InputColumns.quote(group),
            InputColumns.quote(category),
            "CAST(__id % 2 + 1 AS INT) AS " + WEEK,
            "transform(__q, (x, i) -> x * (0.5 + pmod(xxhash64(__id, i), 1000003) / 1000003.0))"
                + " AS __w")
        .selectExpr(
            InputColumns.quote(group),
            InputColumns.quote(category),
            WEEK,
            "transform(__w, x -> x / aggregate(__w, 0D, (a, b) -> a + b)) AS " + PROBABILITY)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(path);
    out.printf(
        Locale.ROOT,
        "generated predictions %s seconds=%.1f%n",
        path,
        (System.nanoTime() - t0) / 1e9);
    return path;
  }

  /**
   * The compact model table's directory in a data set's (versioned as {@link #PREDICTIONS_DIR}).
   */
  static final String COMPACT_MODEL_DIR = "compact-model-v1";

  /**
   * The model of a generated data set as a compact table, one row per group with {@code
   * probability} a {@code map<string,double>} (the form of {@code jobs/bench}'s cached {@code
   * compact} case), written once into {@code DIR/}{@value #COMPACT_MODEL_DIR} and reused when
   * complete, as the rows are.
   *
   * @param model the model table (group, category, probability)
   * @param dir the data set's directory
   * @param group the group column
   * @return the path of the compact table
   */
  static String compactModel(
      SparkSession spark, String model, String dir, String group, PrintStream out) {
    String path = dir + "/" + COMPACT_MODEL_DIR;
    if (complete(spark, path)) {
      out.println("reusing compact model " + path);
      return path;
    }
    out.println("generating compact model " + path);
    compact(spark.read().parquet(model), group).write().mode(SaveMode.Overwrite).parquet(path);
    return path;
  }

  /**
   * A long model table (group, category, probability) as a compact one: one row per group, {@code
   * probability} a {@code map<string,double>} from category to probability.
   */
  static Dataset<Row> compact(Dataset<Row> model, String group) {
    return model
        .groupBy(functions.col(group))
        .agg(
            functions
                .map_from_entries(
                    functions.collect_list(
                        functions.struct(
                            functions.col("category").cast("string"),
                            functions.col("probability").cast("double"))))
                .as("probability"));
  }

  /** Whether {@code table} was written completely (its {@code _SUCCESS} marker exists). */
  private static boolean complete(SparkSession spark, String table) {
    Path marker = new Path(table, "_SUCCESS");
    try {
      FileSystem fs = marker.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(marker);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check whether " + marker + " exists", e);
    }
  }

  /**
   * 50000000 as 5e7, 100000 as 1e5, 25000000 as 2.5e7; counts with fewer than three trailing zeros
   * as they are (20, 2500).
   */
  private static String count(long n) {
    BigDecimal d = BigDecimal.valueOf(n).stripTrailingZeros();
    return d.scale() <= -3 ? d.toString().replace("E+", "e") : Long.toString(n);
  }

  /** 1.1 as 1.1, 1.0 as 1, 0.0 as 0. */
  private static String number(double x) {
    return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
  }
}

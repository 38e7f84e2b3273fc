package dev.klspark.job;

import dev.klspark.KlsparkException;
import dev.klspark.spark.distribution.ModelTable;
import dev.klspark.spark.publish.OutputGuard;
import dev.klspark.spark.publish.Summaries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The jobs' one input reader and one JSON writer. */
final class JobIo {
  private JobIo() {}

  /**
   * Reads {@code path} as {@code format} ({@code csv} with a header row and inferred types; CSV and
   * JSON in Spark's {@code FAILFAST} mode: a malformed record is an error).
   *
   * @param what what the path is, for messages ({@code input}, {@code model table})
   * @throws KlsparkException naming the path when it is missing, unreadable, or not in that format
   */
  static Dataset<Row> read(SparkSession spark, String path, String format, String what) {
    DataFrameReader reader = spark.read().format(format);
    if (format.equals("csv")) {
      reader = reader.option("header", "true").option("inferSchema", "true");
    }
    if (format.equals("csv") || format.equals("json")) {
      // A malformed record (e.g. a CSV row with fewer fields than the header) fails the job
      // instead of being read with nulls (Spark's default PERMISSIVE mode).
      reader = reader.option("mode", "FAILFAST");
    }
    try {
      return reader.load(path);
    } catch (Exception e) {
      KlsparkException user = JobErrors.userError(e);
      if (user == null) {
        throw e;
      }
      throw new KlsparkException(
          String.format(
              Locale.ROOT, "cannot read %s '%s' as %s: %s", what, path, format, user.getMessage()),
          e);
    }
  }

  /**
   * A model table (Parquet), long or compact ({@link ModelTable}); a compact table whose
   * probabilities are arrays gets {@code categories} as its {@code categories} column when it has
   * none ({@link ModelTable#withCategories}).
   */
  static Dataset<Row> readModel(SparkSession spark, String path, List<String> categories) {
    return ModelTable.withCategories(read(spark, path, "parquet", "model table"), categories);
  }

  /**
   * The file name of {@code path} without a {@code .parquet} suffix: a table's default model id.
   */
  static String modelId(String path) {
    return new Path(path).getName().replaceFirst("\\.parquet$", "");
  }

  /**
   * An input format as every job accepts it: {@code parquet}, {@code csv} or {@code json}
   * (case-insensitive, trimmed).
   *
   * @return the format in lower case
   * @throws KlsparkException naming the format when it is another one
   */
  static String format(String format) {
    String fmt = format.toLowerCase(Locale.ROOT).trim();
    if (!List.of("parquet", "csv", "json").contains(fmt)) {
      throw new KlsparkException(
          "format '" + fmt + "' is not supported; expected parquet, csv or json");
    }
    return fmt;
  }

  /** Writes {@code value} as indented JSON to a new file ({@link Summaries#write}). */
  static void writeJson(SparkSession spark, String path, Object value) {
    Path p = new Path(path);
    FileSystem fs;
    try {
      fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new KlsparkException("cannot write " + path + ": " + e.getMessage(), e);
    }
    Summaries.write(fs, p, value);
  }

  /** Adds the run id and the versions to a job's summary ({@link Summaries#stamp}). */
  static void stamp(java.util.Map<String, Object> summary, String runId) {
    Summaries.stamp(summary, runId);
  }

  /** The run's inputs for the overlap check: pairs of (what, path), null paths skipped. */
  static List<OutputGuard.Input> inputs(String... whatPath) {
    List<OutputGuard.Input> in = new ArrayList<>();
    for (int i = 0; i + 1 < whatPath.length; i += 2) {
      if (whatPath[i + 1] != null) {
        in.add(new OutputGuard.Input(whatPath[i], whatPath[i + 1]));
      }
    }
    return in;
  }
}

package dev.klspark.cli;

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
public final class JobIo {
  private JobIo() {}

  /**
   * Reads {@code path} as {@code format} ({@code csv} with a header row and inferred types; CSV and
   * JSON in Spark's {@code FAILFAST} mode: a malformed record is an error).
   *
   * @param what what the path is, for messages ({@code input}, {@code model table})
   * @throws KlsparkException naming the path when it is missing, unreadable, or not in that format
   */
  public static Dataset<Row> read(SparkSession spark, String path, String format, String what) {
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
  public static Dataset<Row> readModel(SparkSession spark, String path, List<String> categories) {
    return ModelTable.withCategories(read(spark, path, "parquet", "model table"), categories);
  }

  /**
   * The file name of {@code path} without a {@code .parquet} suffix: a table's default model id.
   */
  public static String modelId(String path) {
    return new Path(path).getName().replaceFirst("\\.parquet$", "");
  }

  /**
   * An input format as every job accepts it: {@code parquet}, {@code csv} or {@code json}
   * (case-insensitive, trimmed).
   *
   * @return the format in lower case
   * @throws KlsparkException naming the format when it is another one
   */
  public static String format(String format) {
    String fmt = format.toLowerCase(Locale.ROOT).trim();
    if (!List.of("parquet", "csv", "json").contains(fmt)) {
      throw new KlsparkException(
          "format '" + fmt + "' is not supported; expected parquet, csv or json");
    }
    return fmt;
  }

  /** Writes {@code value} as indented JSON to a new file ({@link Summaries#write}). */
  public static void writeJson(SparkSession spark, String path, Object value) {
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
  public static void stamp(java.util.Map<String, Object> summary, String runId) {
    Summaries.stamp(summary, runId);
  }

  /** The run's inputs for the overlap check: pairs of (what, path), null paths skipped. */
  public static List<OutputGuard.Input> inputs(String... whatPath) {
    List<OutputGuard.Input> in = new ArrayList<>();
    for (int i = 0; i + 1 < whatPath.length; i += 2) {
      if (whatPath[i + 1] != null) {
        in.add(new OutputGuard.Input(whatPath[i], whatPath[i + 1]));
      }
    }
    return in;
  }

  /**
   * Where a report file is, to print: {@code output/file} as an absolute local path when the output
   * is local (no scheme or {@code file:}), else as given.
   */
  public static String location(String output, String file) {
    try {
      // Hadoop's reading of the path, as the jobs use it: spaces, '%', '#' and non-ASCII letters
      // are names, not URI escapes; the URI's decoded path is the local file's name.
      java.net.URI uri = new org.apache.hadoop.fs.Path(output).toUri();
      if (uri.getScheme() == null || "file".equals(uri.getScheme())) {
        return java.nio.file.Path.of(uri.getPath())
            .toAbsolutePath()
            .normalize()
            .resolve(file)
            .toString();
      }
    } catch (RuntimeException e) {
      // not a path Hadoop reads: printed as given
    }
    return output + "/" + file;
  }
}

package dev.klspark.compare;

import dev.klspark.KlsparkException;
import dev.klspark.Messages;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A report to compare, read from a directory of Parquet files; a directory holding a {@code report}
 * sub-directory (a kl-report output) is read as that sub-directory.
 *
 * <p>Before Spark reads it, every data file (Spark's rule: names not starting with {@code _} or
 * {@code .}) must open as Parquet (its footer is read with Parquet's own reader), so a directory of
 * CSV files, or an empty one, gives one line naming the directory, the file and what was expected
 * rather than Spark's task failure.
 *
 * @param path the directory read (the {@code report} sub-directory of a kl-report output)
 * @param rows the report's rows
 */
public record ReportDirectory(String path, Dataset<Row> rows) {
  private static final String EXPECTED =
      "expected a directory of Parquet files (a report, or a kl-report output holding report/)";

  /**
   * Reads the report in {@code dir}.
   *
   * @throws KlsparkException naming {@code dir} when it does not exist, holds no data file, holds a
   *     file that is not Parquet, or cannot be read
   */
  public static ReportDirectory read(SparkSession spark, String dir) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path p = new Path(dir);
    String path;
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw new KlsparkException("report directory " + dir + " does not exist");
      }
      Path sub = new Path(p, "report");
      Path report = fs.isDirectory(sub) ? sub : p;
      path = report.toString();
      requireParquet(fs, conf, fs.makeQualified(report), path);
    } catch (IOException e) {
      throw new KlsparkException("cannot read " + dir + ": " + e.getMessage(), e);
    }
    try {
      return new ReportDirectory(path, spark.read().parquet(path));
    } catch (Exception e) {
      throw new KlsparkException(
          "cannot read report " + path + " as Parquet: " + Messages.reason(e.getMessage()), e);
    }
  }

  /** Every data file under {@code dir} opens as Parquet, and there is at least one. */
  private static void requireParquet(FileSystem fs, Configuration conf, Path dir, String path)
      throws IOException {
    boolean any = false;
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, true);
    while (files.hasNext()) {
      Path f = files.next().getPath();
      if (hidden(dir, f)) {
        continue;
      }
      any = true;
      try (ParquetFileReader ignored = ParquetFileReader.open(HadoopInputFile.fromPath(f, conf))) {
        // the footer was read: a Parquet file
      } catch (IOException | RuntimeException e) {
        throw new KlsparkException(
            "cannot read report "
                + path
                + ": "
                + f.getName()
                + " is not a Parquet file; "
                + EXPECTED,
            e);
      }
    }
    if (!any) {
      throw new KlsparkException(
          "cannot read report " + path + ": it holds no data files; " + EXPECTED);
    }
  }

  /**
   * Whether {@code f} or a directory between {@code dir} and it starts with {@code _} or {@code .}.
   */
  private static boolean hidden(Path dir, Path f) {
    for (Path p = f; p != null && !p.equals(dir); p = p.getParent()) {
      if (p.getName().startsWith("_") || p.getName().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}

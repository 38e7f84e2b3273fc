package dev.klspark.bench;

import dev.klspark.datagen.GroupIdType;
import dev.klspark.datagen.SyntheticDataWriter;
import dev.klspark.datagen.SyntheticSpec;
import dev.klspark.datagen.ValueColumn;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

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

package dev.klspark.datagen;

import dev.klspark.UsageException;
import dev.klspark.spark.publish.OutputCommit;
import dev.klspark.spark.publish.OwnedOutput;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a synthetic data set as {@code <output>/rows} and {@code <output>/model} (Parquet, see
 * {@link SyntheticData} for the schemas), published at once like any klspark output: the directory
 * is claimed for {@code gen-data} (an ownership marker), both tables are written into a staging
 * directory beside it and moved into place only when both are complete, so an interrupted run
 * leaves the previous data set as it was. Used by {@code jobs/gen-data} and by the benchmarks,
 * which generate their inputs the same way.
 */
public final class SyntheticDataWriter {
  private SyntheticDataWriter() {}

  /**
   * What to write and where.
   *
   * @param spec the data set
   * @param output directory that receives {@code rows/} and {@code model/}
   * @param overwrite replace an earlier gen-data output in {@code output} instead of failing
   */
  public record Options(SyntheticSpec spec, String output, boolean overwrite) {
    /** Checks that nothing is null or blank. */
    public Options {
      Objects.requireNonNull(spec, "spec");
      if (output == null || output.isBlank()) {
        throw new IllegalArgumentException("--output = '" + output + "'; expected a directory");
      }
    }

    /** Path of the rows table. */
    public String rowsPath() {
      return output.replaceAll("/+$", "") + "/rows";
    }

    /** Path of the model table. */
    public String modelPath() {
      return output.replaceAll("/+$", "") + "/model";
    }
  }

  /**
   * What was written, and how long it took.
   *
   * @param rows rows written to {@code rows/}
   * @param modelRows rows written to {@code model/} (groups x categories)
   * @param rowsSeconds wall time of generating and writing the rows
   * @param modelSeconds wall time of generating and writing the model
   */
  public record Result(long rows, long modelRows, double rowsSeconds, double modelSeconds) {
    /** Rows generated and written per second. */
    public double rowsPerSecond() {
      return rows / rowsSeconds;
    }
  }

  /**
   * Generates and writes the rows, then the model table, and publishes both.
   *
   * @param spark the session
   * @param options what to write and where
   * @return counts and timings
   * @throws UsageException if the output already holds generated data and {@code overwrite} is
   *     false (nothing is written then)
   * @throws dev.klspark.KlsparkException if the output is held by another run, or exists and is not
   *     a gen-data output (see {@link OwnedOutput#claim})
   */
  public static Result write(SparkSession spark, Options options) {
    SyntheticSpec spec = options.spec();
    try (OwnedOutput owned =
        OwnedOutput.claim(
            spark.sparkContext().hadoopConfiguration(),
            "gen-data",
            options.output(),
            "--output",
            List.of())) {
      if (owned.replaces() && !options.overwrite()) {
        throw new UsageException(
            String.format(
                Locale.ROOT,
                "--output: %s already holds generated data; pass --overwrite to replace it",
                owned.path()));
      }
      try (OutputCommit commit = owned.commit()) {
        long start = System.nanoTime();
        SyntheticData.rows(spark, spec).write().parquet(commit.staging() + "/rows");
        long rowsDone = System.nanoTime();
        SyntheticData.model(spark, spec).write().parquet(commit.staging() + "/model");
        long modelDone = System.nanoTime();
        commit.commit();
        return new Result(
            spec.rows(),
            (long) spec.groups() * spec.categories(),
            (rowsDone - start) / 1e9,
            (modelDone - rowsDone) / 1e9);
      }
    }
  }
}

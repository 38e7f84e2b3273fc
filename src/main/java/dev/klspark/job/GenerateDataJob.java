package dev.klspark.job;

import dev.klspark.datagen.GroupIdType;
import dev.klspark.datagen.SyntheticData;
import dev.klspark.datagen.SyntheticSpec;
import dev.klspark.datagen.ValueColumn;
import dev.klspark.spark.publish.OutputCommit;
import dev.klspark.spark.publish.OwnedOutput;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * Spark entry point {@code gen-data}: writes a synthetic, seeded data set for benchmarks and tests:
 * {@code <output>/rows} (Parquet: {@code group_id}, {@code category}, optionally {@code value}) and
 * {@code <output>/model} (Parquet, long format: {@code group_id}, {@code category}, {@code
 * probability}), the known per-group distributions the rows were drawn from.
 *
 * <p>The shape and the sampling are described in {@link dev.klspark.datagen.SyntheticModel}; rows
 * are generated on the executors from {@code spark.range} (see {@link SyntheticData}). The same
 * flags and seed give the same file contents, whatever the master or number of cores.
 *
 * <p>Tests call {@link #run(SparkSession, Options)}; {@link #main(String[])} parses the command
 * line, creates the session (master {@code local[*]} unless {@code spark.master} is set, e.g. by
 * spark-submit) and exits with picocli's exit code.
 */
@Command(
    name = "gen-data",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    version = "klspark gen-data 0.1.0-SNAPSHOT",
    sortOptions = false,
    description =
        "Writes seeded synthetic rows (Parquet) and the model table they were drawn from.",
    footer = {
      "",
      "Example: gen-data --output /tmp/gen --rows 1e7 --groups 100000 --categories 20"
          + " --group-skew 1.1 --category-skew 1"
    })
public final class GenerateDataJob implements Callable<Integer> {

  /**
   * What the job does: the data set and where it goes.
   *
   * @param spec the data set
   * @param output directory that receives {@code rows/} and {@code model/}
   * @param overwrite replace existing {@code rows/} and {@code model/} instead of failing
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

  @Option(
      names = "--output",
      required = true,
      paramLabel = "DIR",
      description = "Directory (local path or any Hadoop URI) that receives rows/ and model/.")
  String output;

  @Option(
      names = "--rows",
      paramLabel = "N",
      converter = CountConverter.class,
      description =
          "Number of rows; accepts 10000000, 10_000_000 or 1e7. Default: ${DEFAULT-VALUE}.")
  long rows = 1_000_000L;

  @Option(
      names = "--groups",
      paramLabel = "G",
      description = "Number of groups. Default: ${DEFAULT-VALUE}.")
  int groups = 100;

  @Option(
      names = "--categories",
      paramLabel = "K",
      description = "Number of categories of every group. Default: ${DEFAULT-VALUE}.")
  int categories = 20;

  @Option(
      names = "--group-skew",
      paramLabel = "S",
      description =
          "Zipf exponent of the group sizes: group of rank r has weight (r+1)^-S; 0 = groups of"
              + " equal expected size. Default: ${DEFAULT-VALUE}.")
  double groupSkew = 0.0;

  @Option(
      names = "--category-skew",
      paramLabel = "T",
      description =
          "Zipf exponent of the category frequencies inside each group; 0 = uniform."
              + " Default: ${DEFAULT-VALUE}.")
  double categorySkew = 1.0;

  @Option(
      names = "--hot-group-fraction",
      paramLabel = "F",
      description =
          "Expected fraction of all rows put into group 0 (e.g. 0.5: one group holds half the"
              + " rows); the other groups share the rest by --group-skew; 0 = off."
              + " Default: ${DEFAULT-VALUE}.")
  double hotGroupFraction = 0.0;

  @Option(
      names = "--value-column",
      paramLabel = "KIND",
      description =
          "Numeric column 'value': ${COMPLETION-CANDIDATES}; normal = category index + N(0,1)."
              + " Default: ${DEFAULT-VALUE}.")
  ValueColumn valueColumn = ValueColumn.NONE;

  @Option(
      names = "--group-id-type",
      paramLabel = "TYPE",
      description =
          "Type of group_id: ${COMPLETION-CANDIDATES} (string g0042, or the rank as a long)."
              + " Default: ${DEFAULT-VALUE}.")
  GroupIdType groupIdType = GroupIdType.STRING;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      description = "Seed: same flags and seed give the same rows. Default: ${DEFAULT-VALUE}.")
  long seed = 42L;

  @Option(
      names = "--partitions",
      paramLabel = "P",
      description =
          "Partitions (= files) of the rows; 0 = one per 1,000,000 rows, independent of the"
              + " machine so the output stays identical. Default: ${DEFAULT-VALUE}.")
  int partitions = 0;

  @Option(
      names = "--overwrite",
      description = "Replace existing rows/ and model/ under --output instead of failing.")
  boolean overwrite;

  /** The options of the parsed command line, validated. */
  Options toOptions() {
    return new Options(
        new SyntheticSpec(
            rows,
            groups,
            categories,
            groupSkew,
            categorySkew,
            hotGroupFraction,
            valueColumn,
            groupIdType,
            seed,
            partitions),
        output,
        overwrite);
  }

  /**
   * Generates and writes the rows, then the model table.
   *
   * @param spark the session
   * @param options what to write and where
   * @return counts and timings
   * @throws IllegalArgumentException if {@code rows/} or {@code model/} exists under the output and
   *     {@code overwrite} is false (nothing is written then)
   */
  public static Result run(SparkSession spark, Options options) {
    SyntheticSpec spec = options.spec();
    try (OwnedOutput owned =
        OwnedOutput.claim(
            spark.sparkContext().hadoopConfiguration(),
            "gen-data",
            options.output(),
            "--output",
            java.util.List.of())) {
      if (owned.replaces() && !options.overwrite()) {
        throw new dev.klspark.UsageException(
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

  @Override
  public Integer call() {
    Options options = JobErrors.usage(this::toOptions);
    SparkSession spark = JobSessions.create("klspark gen-data", null);
    try {
      Result r = run(spark, options);
      System.out.printf(
          Locale.ROOT,
          "gen-data: %d rows -> %s in %.1f s (%.0f rows/s); %d model rows -> %s in %.1f s%n",
          r.rows(),
          options.rowsPath(),
          r.rowsSeconds(),
          r.rowsPerSecond(),
          r.modelRows(),
          options.modelPath(),
          r.modelSeconds());
      return 0;
    } finally {
      spark.stop();
    }
  }

  /** The command line, with the jobs' shared error handling (usage errors exit 64). */
  static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new GenerateDataJob());
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    return JobErrors.configure(cmd, "gen-data");
  }

  /** Command-line entry point; see {@code gen-data --help}. */
  public static void main(String[] args) {
    JobErrors.main(commandLine(), "gen-data", args);
  }

  /**
   * Parses a non-negative count written as 1000000, 1_000_000 or 1e6 (picocli converter, also used
   * by the benchmarks).
   */
  public static final class CountConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return new BigDecimal(value.replace("_", "")).longValueExact();
      } catch (ArithmeticException | NumberFormatException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a whole number (expected e.g. 1000000, 1_000_000 or 1e6)");
      }
    }
  }
}

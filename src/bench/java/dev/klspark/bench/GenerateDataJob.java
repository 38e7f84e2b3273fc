package dev.klspark.bench;

import dev.klspark.cli.JobErrors;
import dev.klspark.cli.JobSessions;
import dev.klspark.cli.VersionProvider;
import dev.klspark.datagen.GroupIdType;
import dev.klspark.datagen.SyntheticDataWriter;
import dev.klspark.datagen.SyntheticSpec;
import dev.klspark.datagen.ValueColumn;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Spark entry point {@code gen-data}: writes a synthetic, seeded data set for benchmarks and tests:
 * {@code <output>/rows} (Parquet: {@code group_id}, {@code category}, optionally {@code value}) and
 * {@code <output>/model} (Parquet, long format: {@code group_id}, {@code category}, {@code
 * probability}), the known per-group distributions the rows were drawn from.
 *
 * <p>The shape and the sampling are described in {@link dev.klspark.datagen.SyntheticModel}; rows
 * are generated on the executors from {@code spark.range} and written by {@link
 * SyntheticDataWriter}. The same flags and seed give the same file contents, whatever the master or
 * number of cores.
 *
 * <p>A developer tool: it lives in the bench jar ({@code src/bench/java}), not in the jar users
 * submit. {@link #main(String[])} parses the command line, creates the session (master {@code
 * local[*]} unless {@code spark.master} is set, e.g. by spark-submit) and exits with the jobs'
 * shared exit codes.
 */
@Command(
    name = "gen-data",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description =
        "Writes seeded synthetic rows (Parquet) and the model table they were drawn from.",
    footer = {
      "",
      "Example: gen-data --output /tmp/gen --rows 1e7 --groups 100000 --categories 20"
          + " --group-skew 1.1 --category-skew 1"
    })
public final class GenerateDataJob implements Callable<Integer> {

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
  SyntheticDataWriter.Options toOptions() {
    return new SyntheticDataWriter.Options(
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

  @Override
  public Integer call() {
    SyntheticDataWriter.Options options = JobErrors.usage(this::toOptions);
    SparkSession spark = JobSessions.create("klspark gen-data", null);
    try {
      SyntheticDataWriter.Result r = SyntheticDataWriter.write(spark, options);
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
}

package dev.klspark.cli;

import dev.klspark.config.JobSettings;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --conf KEY=VALUE} (repeatable, as spark-submit's) and the job file's {@code spark-conf:}
 * mapping (a picocli mixin): Spark settings applied to the job's session ({@link JobSessions}),
 * e.g. a catalog ({@code spark.sql.catalog.local=org.apache.iceberg.spark.SparkCatalog}). A flag's
 * entry overrides the job file's entry of the same key.
 */
public final class SparkConfOption {
  /** The job-file key (the option's long name). */
  static final String KEY = "spark-conf";

  @Option(
      names = {"--conf", "--spark-conf"},
      paramLabel = "KEY=VALUE",
      description =
          "A Spark setting for the job's session (repeatable), e.g."
              + " spark.sql.catalog.local=org.apache.iceberg.spark.SparkCatalog.")
  Map<String, String> conf;

  /**
   * The settings: the job file's {@code spark-conf:} with the flags' entries over it.
   *
   * @throws dev.klspark.UsageException when {@code spark-conf:} is not a mapping of scalars
   */
  public static Map<String, String> resolve(JobSettings s) {
    return s.map(KEY);
  }
}

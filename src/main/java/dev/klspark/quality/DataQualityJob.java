package dev.klspark.quality;

import static dev.klspark.quality.DataQualitySettings.*;

import dev.klspark.cli.CategoryOptions;
import dev.klspark.cli.CommonSettings;
import dev.klspark.cli.ExitCodes;
import dev.klspark.cli.JobErrors;
import dev.klspark.cli.JobIo;
import dev.klspark.cli.JobSessions;
import dev.klspark.cli.SettingFlags;
import dev.klspark.cli.SparkConfOption;
import dev.klspark.cli.TableOptions;
import dev.klspark.cli.VerboseOption;
import dev.klspark.cli.VersionProvider;
import dev.klspark.config.JobSettings;
import dev.klspark.config.Setting;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jobs/data-quality}: the scheduled per-group drift report between a reference and a current
 * slice, with thresholds, a history partitioned by report date, a JSON summary, an HTML report and
 * exit codes a scheduler can act on.
 *
 * <p>Exit codes (this job's own, see docs/data-quality.md): {@value #OK} ok (or warnings without
 * {@code fail-on-warn}); {@value #WARN} warnings with {@code fail-on-warn}; {@value #FAIL} a
 * failing check (enough failing groups, an empty current slice, no data for the date); {@value
 * #JOB_ERROR} a job error (bad job file, bad input, missing or retyped column, I/O, a held lock, an
 * internal error) that leaves the output as it was; {@value #USAGE} an invalid command line
 * (sysexits EX_USAGE, so that it never reads as a failing check).
 */
@Command(
    name = "data-quality",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Per-group drift (KL both ways, JS, PSI, Hellinger, total variation, G-test with BH"
          + " adjustment; value columns: KS, Wasserstein-1, k-NN KL; prediction columns: expected"
          + " log-loss and drift of the mean prediction) between a reference and a current slice,"
          + " with thresholds and a history.",
      "Settings: a flag overrides the job file (--config), which overrides the default.",
      "Exit codes: 0 ok, 1 warn (with fail-on-warn), 2 failing check, 3 job error, 64 usage."
    })
public final class DataQualityJob implements Callable<Integer>, SettingFlags.Declared {
  /** Every check passed (or only warnings, without {@code fail-on-warn}). */
  public static final int OK = ExitCodes.OK;

  /** Warnings and {@code fail-on-warn: true}. */
  public static final int WARN = ExitCodes.FINDING;

  /** A failing check. */
  public static final int FAIL = ExitCodes.CHECK_FAILED;

  /** A job error; the output was left as it was. */
  public static final int JOB_ERROR = ExitCodes.BAD_INPUT;

  /** Invalid command line. */
  public static final int USAGE = ExitCodes.USAGE;

  /** Job-file keys: the long flag names (but --config) and the keys only a job file holds. */
  static final Set<String> KEYS =
      SettingFlags.keys(
          DataQualityJob.class, "columns", "thresholds", "column-thresholds", "group-thresholds");

  @Spec CommandSpec spec;

  @Mixin VerboseOption verbose;

  @Mixin DataQualityOptions options;

  @Mixin DataQualityTables tables;

  @Mixin SparkConfOption conf;

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    JobErrors.main(new DataQualityJob(), "data-quality", args);
  }

  public static int execute(String... args) {
    return execute(new PrintWriter(System.err, true), args);
  }

  /** Runs the command line and returns the exit code, errors printed to {@code err}. */
  public static int execute(PrintWriter err, String... args) {
    return JobErrors.execute(new DataQualityJob(), "data-quality", err, args);
  }

  @Override
  public Integer call() {
    JobSettings s =
        JobErrors.usage(() -> JobSettings.of(SettingFlags.given(spec, KEYS), options.config, KEYS));
    DriftSettings o = JobErrors.usage(() -> resolve(s));
    DataQualityTables.Resolved t = JobErrors.usage(() -> DataQualityTables.resolve(s));
    SparkSession spark = JobSessions.create("klspark data-quality", o.master(), t.conf());
    return DriftRun.execute(spark, o, t, System.out).exitCode();
  }

  /**
   * Reads every key with its precedence and its default (the one place both are written); {@link
   * DriftSettings} checks the values.
   *
   * @throws dev.klspark.KlsparkException (a {@link dev.klspark.UsageException} for a bad key or
   *     type) naming the first bad value
   */
  static DriftSettings resolve(JobSettings s) {
    LocalDate day = DriftSettings.date(DataQualitySettings.DATE.from(s));
    TableOptions.Source ref =
        TableOptions.source(s, "reference-input", "reference-input-table", false);
    String refIn = ref == null ? null : ref.name();
    String fmt = JobIo.format(CategoryOptions.FORMAT.from(s));
    return new DriftSettings(
        day,
        TableOptions.source(s, "input", "input-table", true).name(),
        fmt,
        refIn,
        JobIo.format(Objects.requireNonNullElse(REFERENCE_FORMAT.from(s), fmt)),
        DATE_COLUMN.from(s),
        CategoryOptions.GROUP_BY.from(s),
        MonitoredColumn.parse(COLUMNS.from(s)),
        new Slices(
            CURRENT.from(s).trim(),
            Objects.requireNonNullElse(
                    REFERENCE.from(s), refIn != null ? "baseline" : DEFAULT_REFERENCE)
                .trim(),
            CommonSettings.REFERENCE_FILTER.from(s),
            day),
        DriftSettings.optionalDate(BUCKET_EDGES_DATE.key(), BUCKET_EDGES_DATE.from(s)),
        CategoryOptions.FILTER.from(s),
        DriftSettings.smoothing(SMOOTHING.from(s)),
        MIN_SAMPLE_SIZE.from(s),
        DriftSettings.significance(SIGNIFICANCE.from(s)),
        CategoryOptions.CONFIDENCE_LEVEL.from(s),
        DriftThresholds.parse(
            THRESHOLDS.from(s), COLUMN_THRESHOLDS.from(s), GROUP_THRESHOLDS.from(s)),
        FAIL_RUN_GROUPS.from(s),
        FAIL_ON_WARN.from(s),
        DriftSettings.mainMetric(MAIN_METRIC.from(s)),
        CHART_GROUPS.from(s),
        OUTPUT.from(s),
        MASTER.from(s),
        s.jobFile());
  }

  @Override
  public List<Setting<?>> settings() {
    return ALL;
  }
}

package dev.klspark.compare;

import dev.klspark.UsageException;
import dev.klspark.cli.ExitCodes;
import dev.klspark.cli.JobErrors;
import dev.klspark.cli.JobSessions;
import dev.klspark.cli.SettingFlags;
import dev.klspark.cli.VersionProvider;
import dev.klspark.config.JobSettings;
import dev.klspark.config.Setting;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jobs/compare-reports LEFT RIGHT}: are two report Parquet directories the same ({@link
 * ReportComparison})? Exit 0 when they agree, 1 with a diff summary when they differ, 64 on a bad
 * command line, 3 when a directory cannot be read or is not a report ({@link ReportDirectory}).
 *
 * <p>A directory holding a {@code report} sub-directory (a kl-report output) is read as that
 * sub-directory. The group columns default to the report columns before {@code n}. Settings: flag
 * &gt; default (no job file).
 */
@Command(
    name = "compare-reports",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Compare two report Parquet directories row by row (sorted by the group columns).")
public final class CompareReportsJob implements Callable<Integer>, SettingFlags.Declared {
  /** Exit code when the reports differ. */
  public static final int DIFFERENT = ExitCodes.FINDING;

  static final Setting<List<String>> KEY = Setting.list("key");
  static final Setting<Double> TOLERANCE = Setting.number("tolerance", 1e-12);
  static final Setting<Integer> MAX_DIFFS = Setting.integer("max-diffs", 20);
  static final Setting<String> MASTER = Setting.string("master", "local[1]");

  static final List<Setting<?>> SETTINGS = List.of(KEY, TOLERANCE, MAX_DIFFS, MASTER);
  static final Set<String> KEYS = Setting.keys(SETTINGS);

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "LEFT",
      description = "Report directory (or a kl-report output directory).")
  String left;

  @Parameters(
      index = "1",
      paramLabel = "RIGHT",
      description = "Report directory (or a kl-report output directory).")
  String right;

  @Option(
      names = "--key",
      paramLabel = "COLS",
      split = ",",
      description = "Columns that identify a row (default: the columns before n).")
  List<String> key;

  @Option(
      names = "--tolerance",
      paramLabel = "REL",
      description = "Relative tolerance for floating-point values (default: ${DEFAULT-VALUE}).")
  Double tolerance;

  @Option(
      names = "--max-diffs",
      paramLabel = "N",
      description = "Differences to print (default: ${DEFAULT-VALUE}).")
  Integer maxDiffs;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master when spark-submit did not set one (default: ${DEFAULT-VALUE}).")
  String master;

  private PrintWriter out = new PrintWriter(System.out, true);

  public static void main(String[] args) {
    JobErrors.main(new CompareReportsJob(), "compare-reports", args);
  }

  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CompareReportsJob job = new CompareReportsJob();
    job.out = out;
    return JobErrors.execute(job, "compare-reports", err, args);
  }

  @Override
  public List<Setting<?>> settings() {
    return SETTINGS;
  }

  @Override
  public Integer call() {
    JobSettings s = JobSettings.of(SettingFlags.given(spec, KEYS), null, KEYS);
    double tol = TOLERANCE.from(s);
    if (!(tol >= 0) || Double.isInfinite(tol)) {
      throw new UsageException(
          "--tolerance " + tol + " is not a finite number >= 0; expected e.g. --tolerance 1e-12");
    }
    if (left.isBlank() || right.isBlank()) {
      throw new UsageException("LEFT and RIGHT must be report directories; got an empty path");
    }
    int max = MAX_DIFFS.from(s);
    if (max < 0) {
      throw new UsageException("--max-diffs " + max + " is negative; expected N >= 0");
    }
    SparkSession spark = JobSessions.small("klspark compare-reports", MASTER.from(s));
    ReportDirectory l = ReportDirectory.read(spark, left);
    ReportDirectory r = ReportDirectory.read(spark, right);
    ReportComparison.Result res =
        ReportComparison.compare(l.rows(), r.rows(), KEY.from(s), tol, max);
    if (res.same()) {
      out.printf(
          Locale.ROOT,
          "compare-reports: SAME: %d rows, relative tolerance %g (max relative difference %g)%n  %s%n  %s%n",
          res.leftRows(),
          tol,
          res.maxRelativeDiff(),
          l.path(),
          r.path());
      return ExitCodes.OK;
    }
    out.printf(
        Locale.ROOT,
        "compare-reports: DIFFERENT: %d vs %d rows, %d differing cells, max relative difference %g%n  %s%n  %s%n",
        res.leftRows(),
        res.rightRows(),
        res.differentCells(),
        res.maxRelativeDiff(),
        l.path(),
        r.path());
    res.diffs().forEach(d -> out.println("  " + d));
    return DIFFERENT;
  }
}

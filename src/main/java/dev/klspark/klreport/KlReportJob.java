package dev.klspark.klreport;

import dev.klspark.KlsparkException;
import dev.klspark.cli.CategoryOptions;
import dev.klspark.cli.CommonSettings;
import dev.klspark.cli.ExitCodes;
import dev.klspark.cli.JobErrors;
import dev.klspark.cli.JobSessions;
import dev.klspark.cli.SettingFlags;
import dev.klspark.cli.SparkConfOption;
import dev.klspark.cli.TableOptions;
import dev.klspark.cli.VerboseOption;
import dev.klspark.cli.VersionProvider;
import dev.klspark.config.JobSettings;
import dev.klspark.config.Setting;
import dev.klspark.spark.engine.Ranking;
import dev.klspark.spark.publish.OutputCommit;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jobs/kl-report}: the per-group divergence report between a category's empirical
 * distribution and a model, as a spark-submit entry point.
 *
 * <p>Writes {@code OUTPUT/report} (Parquet, one row per group) and {@code OUTPUT/summary.json},
 * published atomically ({@link OutputCommit}, by {@link DivergenceRun}), and prints the top groups
 * ({@link SummaryText}). Exit codes are those of {@link ExitCodes}. Settings: flag &gt; job file
 * ({@code --config}) &gt; default. The option fields only receive picocli's parse: the settings are
 * read through {@link JobSettings} ({@link SettingFlags}).
 */
@Command(
    name = "kl-report",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Per-group entropy, cross-entropy, KL (both directions) and Jensen-Shannon divergence between"
          + " the empirical distribution of a category and a model.",
      "Settings: a flag overrides the job file (--config), which overrides the default."
    })
public final class KlReportJob implements Callable<Integer>, SettingFlags.Declared {
  static final Setting<String> WEIGHT = Setting.string("weight", null);
  static final Setting<String> REFERENCE_FILTER = CommonSettings.REFERENCE_FILTER;
  static final Setting<String> MODEL = Setting.path("model", null);
  static final Setting<Boolean> RENORMALIZE = CommonSettings.RENORMALIZE;
  static final Setting<String> SMOOTHING = CommonSettings.SMOOTHING;
  static final Setting<String> OUTPUT = Setting.path("output", "output/kl-report");
  static final Setting<Integer> TOP = Setting.integer("top", 20);
  static final Setting<String> RANK_BY = Setting.string("rank-by", Ranking.KL_CI_LOW.label());
  static final Setting<Double> MIN_N = Setting.number("min-n", 0.0);

  /** The job's own settings (the shared ones are {@link CategoryOptions#SETTINGS}). */
  static final List<Setting<?>> SETTINGS =
      List.of(WEIGHT, REFERENCE_FILTER, MODEL, RENORMALIZE, SMOOTHING, OUTPUT, TOP, RANK_BY, MIN_N);

  /** Job-file keys (= long flag names). */
  static final Set<String> KEYS = keys();

  @Spec CommandSpec spec;

  @Mixin VerboseOption verbose;

  @Mixin CategoryOptions common;

  @Mixin ValueOptions values;

  @Mixin TableOptions tables;

  @Mixin SparkConfOption conf;

  @Option(
      names = "--weight",
      paramLabel = "COL",
      description = "Numeric weight column (default: every row counts 1).")
  String weight;

  @Option(
      names = "--reference-filter",
      paramLabel = "SQL",
      description =
          "Fit the model per group from the input rows matching this condition (maximum-likelihood estimate).")
  String referenceFilter;

  @Option(
      names = "--model",
      paramLabel = "PATH",
      description = "Model table in long format (group columns, category, probability), Parquet.")
  String model;

  @Option(
      names = "--renormalize",
      description =
          "Rescale model-table groups whose probabilities do not sum to 1 (default: error).")
  Boolean renormalize;

  @Option(
      names = "--smoothing",
      paramLabel = "POLICY",
      description =
          "none, floor:EPSILON or additive:ALPHA (reference model only) (default: ${DEFAULT-VALUE}).")
  String smoothing;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Output directory (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(
      names = "--rank-by",
      paramLabel = "RANKING",
      description =
          "Order of the printed and summarised top groups: kl_ci_low (lower confidence bound of KL), kl, p_value, g_statistic (default: ${DEFAULT-VALUE}).")
  String rankBy;

  @Option(
      names = "--min-n",
      paramLabel = "N",
      description = "Only groups with n >= N in the top list (default: ${DEFAULT-VALUE}).")
  Double minN;

  @Option(
      names = "--top",
      paramLabel = "N",
      description = "Groups to print and to list in the summary (default: ${DEFAULT-VALUE}).")
  Integer top;

  /**
   * Resolved settings of one run: a category report's ({@code run}) or a {@code --value} report's
   * ({@code continuous}), the input and model sources, the Spark master and settings, and the
   * categories of a compact model table's arrays.
   */
  record Options(
      DivergenceRun.Settings run,
      TableOptions.Source input,
      TableOptions.Source model,
      String master,
      Map<String, String> conf,
      List<String> modelCategories,
      ContinuousRun.Settings continuous) {}

  public static void main(String[] args) {
    JobErrors.main(new KlReportJob(), "kl-report", args);
  }

  /** Runs the command line, printing errors to {@code err}, and returns the exit code. */
  public static int execute(PrintWriter err, String... args) {
    return JobErrors.execute(new KlReportJob(), "kl-report", err, args);
  }

  @Override
  public List<Setting<?>> settings() {
    return SETTINGS;
  }

  @Override
  public Integer call() {
    Options o = JobErrors.usage(this::resolve);
    KlReportRun.dispatch(JobSessions.create("klspark kl-report", o.master(), o.conf()), o);
    return ExitCodes.OK;
  }

  /** Layers the given flags over the job file and resolves the settings. */
  Options resolve() {
    Map<String, Object> flags = SettingFlags.given(spec, KEYS);
    return resolve(JobSettings.of(flags, common.config, KEYS), flags);
  }

  /**
   * Applies defaults and checks the settings ({@code flags}: those given on the command line).
   * Problems are {@link KlsparkException}s and {@link IllegalArgumentException}s, usage errors by
   * {@link JobErrors#usage}.
   */
  static Options resolve(JobSettings s, Map<String, Object> flags) {
    return KlReportSettings.resolve(s, flags);
  }

  /**
   * Claims the outputs, reads the inputs, runs the report and prints its summary ({@link
   * KlReportRun#run}).
   */
  static ReportSummary run(SparkSession spark, Options o, PrintStream out) {
    return KlReportRun.run(spark, o, out);
  }

  private static Set<String> keys() {
    Set<String> own = new java.util.HashSet<>(Setting.keys(SETTINGS));
    own.addAll(TableOptions.KEYS);
    own.addAll(Setting.keys(ValueOptions.SETTINGS));
    return CategoryOptions.keysWith(own.toArray(new String[0]));
  }
}

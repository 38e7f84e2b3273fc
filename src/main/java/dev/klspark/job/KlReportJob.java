package dev.klspark.job;

import dev.klspark.KlsparkException;
import dev.klspark.UsageException;
import dev.klspark.config.JobSettings;
import dev.klspark.config.Setting;
import dev.klspark.math.ContinuousSamples;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.publish.OutputCommit;
import dev.klspark.spark.report.Ranking;
import dev.klspark.spark.report.continuous.ContinuousRanking;
import dev.klspark.spark.report.continuous.ContinuousRun;
import dev.klspark.spark.report.divergence.DivergenceRun;
import dev.klspark.spark.report.divergence.ReportSummary;
import dev.klspark.spark.report.divergence.SummaryText;
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
  static final Setting<String> REFERENCE_FILTER = Setting.string("reference-filter", null);
  static final Setting<String> MODEL = Setting.path("model", null);
  static final Setting<Boolean> RENORMALIZE = Setting.bool("renormalize", false);
  static final Setting<String> SMOOTHING = Setting.string("smoothing", Smoothing.none().spec());
  static final Setting<String> OUTPUT = Setting.path("output", "output/kl-report");
  static final Setting<Integer> TOP = Setting.integer("top", 20);
  static final Setting<String> RANK_BY = Setting.string("rank-by", Ranking.KL_CI_LOW.label());
  static final Setting<Double> MIN_N = Setting.number("min-n", 0.0);
  static final Setting<String> VALUE = Setting.string("value", null);
  static final Setting<Integer> KNN_K = Setting.integer("knn-k", ContinuousSamples.DEFAULT_K);

  /** The job's own settings (the shared ones are {@link CategoryOptions#SETTINGS}). */
  static final List<Setting<?>> SETTINGS =
      List.of(
          WEIGHT,
          REFERENCE_FILTER,
          MODEL,
          RENORMALIZE,
          SMOOTHING,
          OUTPUT,
          TOP,
          RANK_BY,
          MIN_N,
          VALUE,
          KNN_K);

  /**
   * Settings that describe categories or a model table, which a {@code --value} report (two samples
   * of a numeric column, no buckets, no model) cannot use.
   */
  private static final List<String> CATEGORICAL_ONLY =
      List.of(
          "category",
          "bucket-splits",
          "bucket-labels",
          "null-category",
          "model",
          "model-table",
          "model-categories",
          "weight",
          "renormalize",
          "smoothing");

  /** Job-file keys (= long flag names). */
  static final Set<String> KEYS = keys();

  @Spec CommandSpec spec;

  @Mixin VerboseOption verbose;

  @Mixin CategoryOptions common;

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
      names = "--value",
      paramLabel = "COL",
      description =
          "Compare a numeric column as it is, without buckets: per group, the --filter rows'"
              + " values against the --reference-filter rows' (Kolmogorov-Smirnov, Wasserstein-1,"
              + " k-NN KL). Replaces --category.")
  String value;

  @Option(
      names = "--knn-k",
      paramLabel = "K",
      description =
          "Neighbour rank of the k-NN KL estimate with --value (default: ${DEFAULT-VALUE}).")
  Integer knnK;

  @Option(
      names = "--top",
      paramLabel = "N",
      description = "Groups to print and to list in the summary (default: ${DEFAULT-VALUE}).")
  Integer top;

  /**
   * Resolved settings of one run: the report's (a category report, or with {@code --value} a
   * continuous one: exactly one of {@code run} and {@code continuous}), where the input and the
   * model come from, the Spark master and settings, the categories of a compact model table's
   * arrays.
   */
  record Options(
      DivergenceRun.Settings run,
      TableOptions.Source input,
      TableOptions.Source model,
      String master,
      Map<String, String> conf,
      List<String> modelCategories,
      ContinuousRun.Settings continuous) {
    Options(
        DivergenceRun.Settings run,
        TableOptions.Source input,
        TableOptions.Source model,
        String master,
        Map<String, String> conf,
        List<String> modelCategories) {
      this(run, input, model, master, conf, modelCategories, null);
    }
  }

  public static void main(String[] args) {
    JobErrors.main(new KlReportJob(), "kl-report", args);
  }

  /** Runs the command line, printing errors to {@code err}, and returns the exit code. */
  static int execute(PrintWriter err, String... args) {
    return JobErrors.execute(new KlReportJob(), "kl-report", err, args);
  }

  @Override
  public List<Setting<?>> settings() {
    return SETTINGS;
  }

  @Override
  public Integer call() {
    Options o = JobErrors.usage(this::resolve);
    SparkSession spark = JobSessions.create("klspark kl-report", o.master(), o.conf());
    if (o.continuous() != null) {
      KlReportRun.runContinuous(spark, o, System.out);
    } else {
      run(spark, o, System.out);
    }
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
    if (VALUE.isSetIn(s)) {
      return resolveContinuous(s, flags);
    }
    CategoryOptions.Resolved c = CategoryOptions.resolve(s);
    // A model chosen on the command line replaces the job file's, whichever kind it is.
    boolean cli = flags.containsKey(MODEL.key()) || flags.containsKey("model-table");
    boolean cliRef = flags.containsKey(REFERENCE_FILTER.key());
    TableOptions.Source model =
        cliRef && !cli ? null : TableOptions.source(s, MODEL.key(), "model-table", false);
    String refFilter = cli && !cliRef ? null : REFERENCE_FILTER.from(s);
    if ((model == null) == (refFilter == null)) {
      throw new KlsparkException(
          model == null
              ? "no model: pass --model PATH, --model-table NAME or --reference-filter SQL (fit"
                  + " the model from the input rows matching it)"
              : "both a model table and --reference-filter are set; choose one model");
    }
    String modelPath = model == null ? null : model.name();
    Smoothing smooth = Smoothing.parse(SMOOTHING.from(s));
    int topN = TOP.from(s);
    if (topN < 0) {
      throw new KlsparkException("--top " + topN + " is negative; expected N >= 0");
    }
    Ranking ranking = Ranking.parse(RANK_BY.from(s));
    double minN = MIN_N.from(s);
    if (!(minN >= 0.0) || Double.isInfinite(minN)) {
      throw new UsageException("--min-n " + minN + " is not a finite number >= 0");
    }
    if (smooth.needsCounts() && modelPath != null) {
      throw new UsageException(
          "smoothing "
              + smooth.spec()
              + " adds pseudo-counts to a fitted reference model;"
              + " with a model table use floor:EPSILON or none");
    }
    DivergenceRun.Settings run =
        new DivergenceRun.Settings(
            c.input(),
            c.format(),
            c.groupBy(),
            c.category(),
            c.splits(),
            WEIGHT.from(s),
            c.filter(),
            modelPath,
            RENORMALIZE.from(s),
            refFilter,
            smooth,
            c.unit(),
            c.confidenceLevel(),
            TableOptions.outputDir(s, OUTPUT.defaultValue()),
            TableOptions.outputTable(s),
            topN,
            ranking,
            minN,
            s.jobFile());
    return new Options(
        run, c.source(), model, c.master(), SparkConfOption.resolve(s), c.modelCategories());
  }

  /**
   * The settings of a {@code --value} report: two samples of a numeric column per group, no
   * buckets, no model table.
   */
  private static Options resolveContinuous(JobSettings s, Map<String, Object> flags) {
    // --value on the command line replaces a job file's category report; in a job file, it must
    // not sit beside category settings.
    boolean cli = flags.containsKey(VALUE.key());
    for (String key : CATEGORICAL_ONLY) {
      if (cli ? flags.containsKey(key) : s.has(key)) {
        throw new UsageException(
            "--"
                + key
                + " does not apply with --value: a --value report compares the numeric column's"
                + " current values (--filter) with its reference values (--reference-filter),"
                + " without categories, buckets, weights or a model table");
      }
    }
    String ref = REFERENCE_FILTER.from(s);
    if (ref == null) {
      throw new UsageException(
          "--value needs --reference-filter SQL: the rows whose values are the reference of each"
              + " group");
    }
    int k = KNN_K.from(s);
    if (k < 1 || k > 1000) {
      throw new UsageException("--knn-k " + k + " is out of range; expected 1 to 1000");
    }
    int topN = TOP.from(s);
    if (topN < 0) {
      throw new UsageException("--top " + topN + " is negative; expected N >= 0");
    }
    double minN = MIN_N.from(s);
    if (!(minN >= 0.0) || Double.isInfinite(minN)) {
      throw new UsageException("--min-n " + minN + " is not a finite number >= 0");
    }
    CategoryOptions.Shared c = CategoryOptions.resolveShared(s);
    ContinuousRanking ranking =
        ContinuousRanking.parse(
            RANK_BY.isSetIn(s) ? RANK_BY.from(s) : ContinuousRanking.KS_CI_LOW.label());
    ContinuousRun.Settings run =
        new ContinuousRun.Settings(
            c.input(),
            c.format(),
            c.groupBy(),
            VALUE.from(s),
            c.filter(),
            ref,
            k,
            c.unit(),
            c.confidenceLevel(),
            TableOptions.outputDir(s, OUTPUT.defaultValue()),
            TableOptions.outputTable(s),
            topN,
            ranking,
            (long) Math.ceil(minN),
            s.jobFile());
    return new Options(
        null, c.source(), null, c.master(), SparkConfOption.resolve(s), List.of(), run);
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
    return CategoryOptions.keysWith(own.toArray(new String[0]));
  }
}

package dev.klspark.mle;

import dev.klspark.cli.CategoryOptions;
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
import dev.klspark.spark.publish.OutputCommit;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * {@code jobs/mle-report}: the maximum-likelihood-equivalence report as a spark-submit entry point.
 *
 * <p>Per group and candidate model: the mean negative log-likelihood of the evaluated rows next to
 * H(P̂), H(P̂, Q) and KL(P̂ ‖ Q) from the counts, the G-test and the rankings ({@link MleReport});
 * optionally an MLlib classifier ({@link MleClassifier}, {@link PredictionReport}) and a Gaussian
 * model of a numeric column ({@link GaussianReport}); or, with {@code --predictions}, a table of
 * any model's per-row predicted distributions alone ({@link PredictionsRun}). Writes {@code
 * OUTPUT/report}, {@code predictions}, {@code gaussian} (Parquet) and {@code summary.json} ({@link
 * MleSummary}), published atomically ({@link OutputCommit}). Settings: flag &gt; job file ({@code
 * --config}) &gt; default; exit codes of {@link ExitCodes}.
 */
@Command(
    name = "mle-report",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Per group and candidate model: mean NLL of the rows = H(P) + KL(P||Q), G-test, rankings by"
          + " likelihood and by KL; optional MLlib classifier and Gaussian model.",
      "Settings: a flag overrides the job file (--config), which overrides the default."
    })
public final class MleReportJob implements Callable<Integer>, SettingFlags.Declared {
  private static final String NAME = "mle-report";

  /** The output directory, whose default is this command's. */
  static final Setting<String> OUTPUT = Setting.path("output", "output/mle-report");

  /** Job-file keys (= long flag names). */
  static final Set<String> KEYS = keys();

  @Spec CommandSpec spec;

  @Mixin VerboseOption verbose;
  @Mixin CategoryOptions common;
  @Mixin CandidateOptions candidates;
  @Mixin ClassifierOptions classifier;
  @Mixin GaussianOptions gaussian;
  @Mixin PredictionOptions predictions;
  @Mixin TableOptions tables;
  @Mixin SparkConfOption conf;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description =
          "Output directory (default: ${DEFAULT-VALUE}, none when only --output-table is set).")
  String output;

  /** Resolved settings of one run; {@code parameters} is what summary.json records of them. */
  record Options(
      CategoryOptions.Resolved common,
      CandidateOptions.Resolved candidates,
      MleClassifier.Settings classifier,
      GaussianOptions.Resolved gaussian,
      String output,
      String outputTable,
      Map<String, String> conf,
      String jobFile,
      Map<String, Object> parameters) {}

  public static void main(String[] args) {
    JobErrors.main(new MleReportJob(), NAME, args);
  }

  /** Runs the command line with errors printed to {@code err}; returns the exit code. */
  public static int execute(PrintWriter err, String... args) {
    return JobErrors.execute(new MleReportJob(), NAME, err, args);
  }

  @Override
  public Integer call() {
    JobSettings s =
        JobErrors.usage(() -> JobSettings.of(SettingFlags.given(spec, KEYS), common.config, KEYS));
    if (PredictionOptions.PREDICTIONS.isSetIn(s)
        || PredictionOptions.PREDICTIONS_TABLE.isSetIn(s)
        || PredictionOptions.PIPELINE_MODEL.isSetIn(s)) {
      PredictionsRun.Options p = JobErrors.usage(() -> PredictionsRun.resolve(s));
      PredictionsRun.run(
          JobSessions.create("klspark mle-report", p.master(), SparkConfOption.resolve(s)),
          p,
          System.out);
      return ExitCodes.OK;
    }
    Options o = JobErrors.usage(() -> resolve(s));
    run(JobSessions.create("klspark mle-report", o.common().master(), o.conf()), o, System.out);
    return ExitCodes.OK;
  }

  /** Applies defaults and checks the combination of settings. */
  static Options resolve(JobSettings s) {
    CategoryOptions.Resolved c = CategoryOptions.resolve(s);
    CandidateOptions.Resolved m = CandidateOptions.resolve(s);
    MleClassifier.Settings cls = ClassifierOptions.resolve(s);
    GaussianOptions.Resolved g = GaussianOptions.resolve(s, m.referenceFilter());
    String out = TableOptions.outputDir(s, OUTPUT);
    String table = TableOptions.outputTable(s);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("confidence_level", c.confidenceLevel());
    p.put("input", c.input());
    p.put("format", c.format());
    p.put("group_by", c.groupBy());
    p.put("category", c.category().column());
    p.put("bucket_splits", c.splits());
    p.put("bucket_labels", c.category().buckets() == null ? null : c.category().buckets().labels());
    p.put("null_category", CategoryOptions.NULL_CATEGORY.from(s));
    p.put("filter", c.filter());
    CandidateOptions.putParameters(p, m);
    ClassifierOptions.putParameters(p, cls);
    GaussianOptions.putParameters(p, g);
    p.put("unit", c.unit().suffix());
    p.put("output", out);
    p.put("output_table", table);
    return new Options(c, m, cls, g, out, table, SparkConfOption.resolve(s), s.jobFile(), p);
  }

  /** Runs the reports and publishes the outputs ({@link MleReportRun#run}). */
  static Map<String, Object> run(SparkSession spark, Options o, PrintStream out) {
    return MleReportRun.run(spark, o, out);
  }

  private static Set<String> keys() {
    List<String> own = new ArrayList<>(List.of(OUTPUT.key()));
    own.addAll(CandidateOptions.KEYS);
    own.addAll(ClassifierOptions.KEYS);
    own.addAll(GaussianOptions.KEYS);
    own.addAll(Setting.keys(PredictionOptions.SETTINGS));
    own.addAll(TableOptions.KEYS);
    return CategoryOptions.keysWith(own.toArray(new String[0]));
  }

  @Override
  public List<Setting<?>> settings() {
    return List.of(OUTPUT);
  }
}

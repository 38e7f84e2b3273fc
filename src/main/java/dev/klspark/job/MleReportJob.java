package dev.klspark.job;

import dev.klspark.KlsparkException;
import dev.klspark.config.JobSettings;
import dev.klspark.spark.publish.OutputCommit;
import dev.klspark.spark.publish.OwnedOutput;
import dev.klspark.spark.report.gaussian.GaussianReport;
import dev.klspark.spark.report.gaussian.GaussianSummary;
import dev.klspark.spark.report.mle.MleClassifier;
import dev.klspark.spark.report.mle.MleReport;
import dev.klspark.spark.report.mle.MleRun;
import dev.klspark.spark.report.mle.MleSpec;
import dev.klspark.spark.report.mle.MleSummary;
import dev.klspark.spark.report.mle.PredictionReport;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
public final class MleReportJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(MleReportJob.class);
  private static final String NAME = "mle-report";

  /** Job-file keys (= long flag names). */
  static final Set<String> KEYS = keys();

  @Spec CommandSpec spec;

  @Mixin VerboseOption verbose;
  @Mixin CategoryOptions common;
  @Mixin CandidateOptions candidates;
  @Mixin ClassifierOptions classifier;
  @Mixin GaussianOptions gaussian;
  @Mixin PredictionOptions predictions;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Output directory (default: output/mle-report).")
  String output;

  /** Resolved settings of one run; {@code parameters} is what summary.json records of them. */
  record Options(
      CategoryOptions.Resolved common,
      CandidateOptions.Resolved candidates,
      MleClassifier.Settings classifier,
      GaussianOptions.Resolved gaussian,
      String output,
      String jobFile,
      Map<String, Object> parameters) {}

  public static void main(String[] args) {
    JobErrors.main(new MleReportJob(), NAME, args);
  }

  /** Runs the command line with errors printed to {@code err}; returns the exit code. */
  static int execute(PrintWriter err, String... args) {
    return JobErrors.execute(new MleReportJob(), NAME, err, args);
  }

  @Override
  public Integer call() {
    JobSettings s =
        JobErrors.usage(() -> JobSettings.of(SettingFlags.given(spec, KEYS), common.config, KEYS));
    if (PredictionOptions.given(s)) {
      PredictionsRun.Options p = JobErrors.usage(() -> PredictionsRun.resolve(s));
      PredictionsRun.run(JobSessions.create("klspark mle-report", p.master()), p, System.out);
      return ExitCodes.OK;
    }
    Options o = JobErrors.usage(() -> resolve(s));
    run(JobSessions.create("klspark mle-report", o.common().master()), o, System.out);
    return ExitCodes.OK;
  }

  /** Applies defaults and checks the combination of settings. */
  static Options resolve(JobSettings s) {
    CategoryOptions.Resolved c = CategoryOptions.resolve(s);
    CandidateOptions.Resolved m = CandidateOptions.resolve(s);
    MleClassifier.Settings cls = ClassifierOptions.resolve(s);
    GaussianOptions.Resolved g = GaussianOptions.resolve(s, m.referenceFilter());
    String out = s.path("output", "output/mle-report");
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("confidence_level", c.confidenceLevel());
    p.put("input", c.input());
    p.put("format", c.format());
    p.put("group_by", c.groupBy());
    p.put("category", c.category().column());
    p.put("bucket_splits", c.splits());
    p.put("bucket_labels", c.category().buckets() == null ? null : c.category().buckets().labels());
    p.put("null_category", s.string("null-category", null));
    p.put("filter", c.filter());
    CandidateOptions.putParameters(p, m);
    ClassifierOptions.putParameters(p, cls);
    GaussianOptions.putParameters(p, g);
    p.put("unit", c.unit().suffix());
    p.put("output", out);
    return new Options(c, m, cls, g, out, s.jobFile(), p);
  }

  /**
   * Runs the reports and publishes the output ({@link MleRun}, {@link GaussianReport}).
   *
   * @return the content of {@code summary.json}
   * @throws KlsparkException on bad input; the output directory is then left as it was
   */
  static Map<String, Object> run(SparkSession spark, Options o, PrintStream out) {
    Instant started = Instant.now();
    CategoryOptions.Resolved c = o.common();
    List<String> in = new ArrayList<>(List.of("input", c.input()));
    o.candidates().models().forEach(m -> in.addAll(List.of("model table", m)));
    in.addAll(Arrays.asList("Gaussian model table", o.gaussian().model(), "job file", o.jobFile()));
    Map<String, Object> json = new LinkedHashMap<>();
    MleSummary summary;
    GaussianSummary gaussianSummary = null;
    try (OwnedOutput owned =
        OwnedOutput.claim(
            spark.sparkContext().hadoopConfiguration(),
            NAME,
            o.output(),
            "--output",
            JobIo.inputs(in.toArray(new String[0])))) {
      Dataset<Row> input = JobIo.read(spark, c.input(), c.format(), "input");
      MleSpec spec =
          new MleSpec(
              c.groupBy(),
              c.category(),
              c.filter(),
              o.candidates().candidates(spark),
              c.unit(),
              c.confidenceLevel());
      MleRun mle = MleRun.plan(input, spec, o.candidates().referenceFilter(), o.classifier());
      Dataset<Row> gaussian =
          o.gaussian().column() == null
              ? null
              : GaussianReport.build(
                  input, o.gaussian().spec(spark, c.groupBy(), c.filter(), c.unit()));
      try (OutputCommit commit = owned.commit()) {
        String dir = commit.staging();
        LOG.info("computing the reports into {}", dir);
        summary = mle.write(spark, dir).orElse(null);
        if (gaussian != null) {
          gaussian.write().parquet(dir + "/gaussian");
          gaussianSummary = GaussianSummary.of(spark.read().parquet(dir + "/gaussian"), c.unit());
        }
        if (summary == null) {
          throw new KlsparkException(
              "no rows to evaluate: the input " + c.input() + " gives no group");
        }
        summary
            .modelsWithoutAnyGroup()
            .forEach(
                (id, groups) -> {
                  throw new KlsparkException(
                      String.format(
                          Locale.ROOT,
                          "model %s has a distribution for none of the %d groups: %s",
                          id,
                          groups,
                          o.candidates().source(id)));
                });
        json.put("job", NAME);
        json.put("started", started.toString());
        json.put("finished", Instant.now().toString());
        json.put("parameters", o.parameters());
        json.putAll(summary.json());
        if (gaussianSummary != null) {
          json.put("gaussian", gaussianSummary.json());
        }
        JobIo.stamp(json, owned.runId());
        JobIo.writeJson(spark, dir + "/summary.json", json);
        mle.writeHtml(owned.fs(), dir, summary, o.parameters());
        commit.commit();
        LOG.info("wrote {}", commit.target());
      }
    }
    MleConsole.print(out, summary, o.output(), o.gaussian().column(), gaussianSummary);
    return json;
  }

  private static Set<String> keys() {
    List<String> own = new ArrayList<>(List.of("output"));
    own.addAll(CandidateOptions.KEYS);
    own.addAll(ClassifierOptions.KEYS);
    own.addAll(GaussianOptions.KEYS);
    own.addAll(PredictionOptions.KEYS);
    return CategoryOptions.keysWith(own.toArray(new String[0]));
  }
}

package dev.klspark.klreport;

import static dev.klspark.klreport.KlReportJob.MIN_N;
import static dev.klspark.klreport.KlReportJob.MODEL;
import static dev.klspark.klreport.KlReportJob.OUTPUT;
import static dev.klspark.klreport.KlReportJob.RANK_BY;
import static dev.klspark.klreport.KlReportJob.REFERENCE_FILTER;
import static dev.klspark.klreport.KlReportJob.RENORMALIZE;
import static dev.klspark.klreport.KlReportJob.SMOOTHING;
import static dev.klspark.klreport.KlReportJob.TOP;
import static dev.klspark.klreport.KlReportJob.WEIGHT;

import dev.klspark.KlsparkException;
import dev.klspark.UsageException;
import dev.klspark.cli.CategoryOptions;
import dev.klspark.cli.JobErrors;
import dev.klspark.cli.ReportInputs;
import dev.klspark.cli.SparkConfOption;
import dev.klspark.cli.TableOptions;
import dev.klspark.config.JobSettings;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.engine.Ranking;
import java.util.List;
import java.util.Map;

/**
 * The resolution of kl-report's settings (flag &gt; job file &gt; default): a category report, or
 * with {@code --value} a numeric column's report without buckets ({@link ValueOptions}). Problems
 * are {@link KlsparkException}s and {@link IllegalArgumentException}s, usage errors by {@link
 * JobErrors#usage}.
 */
final class KlReportSettings {
  private KlReportSettings() {}

  /** Applies defaults and checks the settings ({@code flags}: those given on the command line). */
  static KlReportJob.Options resolve(JobSettings s, Map<String, Object> flags) {
    return ValueOptions.VALUE.isSetIn(s) ? continuous(s, flags) : categorical(s, flags);
  }

  /** {@code --top}: how many groups to print and list, ≥ 0. */
  private static int top(JobSettings s) {
    int topN = TOP.from(s);
    if (topN < 0) {
      throw new KlsparkException("--top " + topN + " is negative; expected N >= 0");
    }
    return topN;
  }

  /** {@code --min-n}: a finite number ≥ 0. */
  private static double minN(JobSettings s) {
    double minN = MIN_N.from(s);
    if (!(minN >= 0.0) || Double.isInfinite(minN)) {
      throw new UsageException("--min-n " + minN + " is not a finite number >= 0");
    }
    return minN;
  }

  private static KlReportJob.Options categorical(JobSettings s, Map<String, Object> flags) {
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
    int topN = top(s);
    Ranking ranking = Ranking.parse(RANK_BY.from(s));
    double minN = minN(s);
    if (smooth.needsCounts() && modelPath != null) {
      throw new UsageException(
          "smoothing "
              + smooth.spec()
              + " adds pseudo-counts to a fitted reference model;"
              + " with a model table use floor:EPSILON or none");
    }
    DivergenceRun.Settings run =
        DivergenceRun.Settings.builder()
            .input(c.input())
            .format(c.format())
            .groupBy(c.groupBy())
            .category(c.category())
            .bucketSplits(c.splits())
            .weight(WEIGHT.from(s))
            .filter(c.filter())
            .model(modelPath)
            .renormalize(RENORMALIZE.from(s))
            .referenceFilter(refFilter)
            .smoothing(smooth)
            .unit(c.unit())
            .confidenceLevel(c.confidenceLevel())
            .output(TableOptions.outputDir(s, OUTPUT))
            .outputTable(TableOptions.outputTable(s))
            .top(topN)
            .ranking(ranking)
            .minN(minN)
            .jobFile(s.jobFile())
            .build();
    return new KlReportJob.Options(
        run, c.source(), model, c.master(), SparkConfOption.resolve(s), c.modelCategories(), null);
  }

  /**
   * The settings of a {@code --value} report: two samples of a numeric column per group, no
   * buckets, no model table. {@code --value} on the command line replaces a job file's category
   * report; in a job file it must not sit beside category settings.
   *
   * @param flags the settings given on the command line
   * @throws UsageException naming the flag and what was expected
   */
  private static KlReportJob.Options continuous(JobSettings s, Map<String, Object> flags) {
    boolean cli = flags.containsKey(ValueOptions.VALUE.key());
    for (String key : ValueOptions.CATEGORICAL_ONLY) {
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
    int k = ValueOptions.KNN_K.from(s);
    if (k < 1 || k > 1000) {
      throw new UsageException("--knn-k " + k + " is out of range; expected 1 to 1000");
    }
    int topN = top(s);
    double minN = minN(s);
    ReportInputs.Shared c = ReportInputs.resolve(s);
    ContinuousRanking ranking =
        ContinuousRanking.parse(
            RANK_BY.isSetIn(s) ? RANK_BY.from(s) : ContinuousRanking.KS_CI_LOW.label());
    ContinuousRun.Settings run =
        ContinuousRun.Settings.builder()
            .input(c.input())
            .format(c.format())
            .groupBy(c.groupBy())
            .value(ValueOptions.VALUE.from(s))
            .filter(c.filter())
            .referenceFilter(ref)
            .k(k)
            .unit(c.unit())
            .confidenceLevel(c.confidenceLevel())
            .output(TableOptions.outputDir(s, OUTPUT))
            .outputTable(TableOptions.outputTable(s))
            .top(topN)
            .ranking(ranking)
            .minN((long) Math.ceil(minN))
            .jobFile(s.jobFile())
            .build();
    return new KlReportJob.Options(
        null, c.source(), null, c.master(), SparkConfOption.resolve(s), List.of(), run);
  }
}

package dev.klspark.job;

import dev.klspark.KlsparkException;
import dev.klspark.UsageException;
import dev.klspark.config.JobSettings;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.distribution.ModelTable;
import dev.klspark.spark.publish.OutputCommit;
import dev.klspark.spark.publish.OwnedOutput;
import dev.klspark.spark.report.divergence.DivergenceReport;
import dev.klspark.spark.report.divergence.ReportSpec;
import dev.klspark.spark.report.divergence.ReportSummary;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
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
import picocli.CommandLine.Option;

/**
 * {@code jobs/kl-report}: the per-group divergence report between a category's empirical
 * distribution and a model, as a spark-submit entry point.
 *
 * <p>Writes {@code OUTPUT/report} (Parquet, one row per group) and {@code OUTPUT/summary.json},
 * published atomically ({@link OutputCommit}), and prints the top groups by KL divergence. Exit
 * codes are those of {@link ExitCodes}. Settings: flag &gt; job file ({@code --config}) &gt;
 * default.
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
public final class KlReportJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(KlReportJob.class);

  /** Job-file keys (= long flag names). */
  static final Set<String> KEYS =
      CategoryOptions.keysWith(
          "weight",
          "reference-filter",
          "model",
          "renormalize",
          "smoothing",
          "output",
          "top",
          "rank-by",
          "min-n");

  @picocli.CommandLine.Mixin VerboseOption verbose;

  @picocli.CommandLine.Mixin CategoryOptions common;

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
      description = "none (default), additive:ALPHA (reference model only), floor:EPSILON.")
  String smoothing;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Output directory (default: output/kl-report).")
  String output;

  @Option(
      names = "--rank-by",
      paramLabel = "RANKING",
      description =
          "Order of the printed and summarised top groups: kl_ci_low (default: lower confidence bound of KL), kl, p_value, g_statistic.")
  String rankBy;

  @Option(
      names = "--min-n",
      paramLabel = "N",
      description = "Only groups with n >= N in the top list (default: 0).")
  Double minN;

  @Option(
      names = "--top",
      paramLabel = "N",
      description = "Groups to print and to list in the summary (default: 20).")
  Integer top;

  /** Resolved settings of one run. */
  record Options(
      String input,
      String format,
      ReportSpecTemplate spec,
      String model,
      boolean renormalize,
      String output,
      int top,
      double confidenceLevel,
      dev.klspark.spark.report.Ranking ranking,
      double minN,
      String master,
      String jobFile,
      Map<String, Object> parameters) {}

  /** The report spec before the model table is read. */
  record ReportSpecTemplate(
      List<String> groupBy,
      CategorySpec category,
      String weight,
      String filter,
      String referenceFilter,
      Smoothing smoothing,
      LogBase unit) {}

  public static void main(String[] args) {
    JobErrors.main(new KlReportJob(), "kl-report", args);
  }

  /** Runs the command line and returns the exit code (for tests and {@link #main}). */
  static int execute(String... args) {
    return execute(new java.io.PrintWriter(System.err, true), args);
  }

  /** As {@link #execute(String...)}, with errors printed to {@code err}. */
  static int execute(java.io.PrintWriter err, String... args) {
    return JobErrors.execute(new KlReportJob(), "kl-report", err, args);
  }

  @Override
  public Integer call() {
    Options o = JobErrors.usage(this::resolve);
    SparkSession spark = JobSessions.create("klspark kl-report", o.master());
    run(spark, o, System.out);
    return ExitCodes.OK;
  }

  /** Layers flags over the job file and applies defaults. */
  Options resolve() {
    Map<String, Object> flags = new LinkedHashMap<>();
    common.putFlags(flags);
    put(flags, "weight", weight);
    put(flags, "reference-filter", referenceFilter);
    put(flags, "model", model);
    put(flags, "renormalize", renormalize);
    put(flags, "smoothing", smoothing);
    put(flags, "output", output);
    put(flags, "top", top);
    put(flags, "rank-by", rankBy);
    put(flags, "min-n", minN);
    JobSettings s = JobSettings.of(flags, common.config, KEYS);
    return resolve(s, flags.containsKey("model") || flags.containsKey("reference-filter"), flags);
  }

  static Options resolve(JobSettings s, boolean modelFromFlags, Map<String, Object> flags) {
    CategoryOptions.Resolved c = CategoryOptions.resolve(s);
    String modelPath = s.path("model", null);
    String refFilter = s.string("reference-filter", null);
    if (modelFromFlags) {
      // A model chosen on the command line replaces the job file's, whichever kind it is.
      modelPath = flags.containsKey("model") ? s.path("model", null) : null;
      refFilter = flags.containsKey("reference-filter") ? s.string("reference-filter", null) : null;
    }
    if ((modelPath == null) == (refFilter == null)) {
      throw new KlsparkException(
          modelPath == null
              ? "no model: pass --model PATH (a model table) or --reference-filter SQL (fit the"
                  + " model from the input rows matching it)"
              : "both --model and --reference-filter are set; choose one model");
    }
    Smoothing smooth;
    try {
      smooth = Smoothing.parse(s.string("smoothing", "none"));
    } catch (IllegalArgumentException e) {
      throw new KlsparkException(e.getMessage(), e);
    }
    int topN = s.integer("top", 20);
    if (topN < 0) {
      throw new KlsparkException("--top " + topN + " is negative; expected N >= 0");
    }
    ReportSpecTemplate t =
        new ReportSpecTemplate(
            c.groupBy(),
            c.category(),
            s.string("weight", null),
            c.filter(),
            refFilter,
            smooth,
            c.unit());
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("input", c.input());
    params.put("format", c.format());
    params.put("group_by", c.groupBy());
    params.put("category", c.category().column());
    params.put("bucket_splits", c.splits());
    params.put(
        "bucket_labels", c.category().buckets() == null ? null : c.category().buckets().labels());
    params.put("weight", t.weight());
    params.put("null_category", t.category().nullCategory());
    params.put("filter", t.filter());
    params.put("model", modelPath);
    params.put("reference_filter", refFilter);
    params.put("renormalize", s.bool("renormalize", false));
    params.put("smoothing", smooth.spec());
    params.put("unit", c.unit().suffix());
    String out = s.path("output", "output/kl-report");
    params.put("output", out);
    dev.klspark.spark.report.Ranking ranking =
        dev.klspark.spark.report.Ranking.parse(s.string("rank-by", "kl_ci_low"));
    double minN = s.number("min-n", 0.0);
    if (!(minN >= 0.0) || Double.isInfinite(minN)) {
      throw new UsageException("--min-n " + minN + " is not a finite number >= 0");
    }
    params.put("confidence_level", c.confidenceLevel());
    params.put("rank_by", ranking.label());
    params.put("min_n", minN);
    return new Options(
        c.input(),
        c.format(),
        t,
        modelPath,
        s.bool("renormalize", false),
        out,
        topN,
        c.confidenceLevel(),
        ranking,
        minN,
        c.master(),
        s.jobFile(),
        params);
  }

  private static void put(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  /**
   * Runs the report and publishes its output.
   *
   * @return the summary written to {@code summary.json}
   * @throws KlsparkException on bad input; the output directory is then left as it was
   */
  static ReportSummary run(SparkSession spark, Options o, PrintStream out) {
    Instant started = Instant.now();
    ReportSpecTemplate t = o.spec();
    if (t.smoothing().needsCounts() && o.model() != null) {
      throw new UsageException(
          "smoothing "
              + t.smoothing().spec()
              + " adds pseudo-counts to a fitted reference model;"
              + " with --model use floor:EPSILON or none");
    }
    ReportSummary summary;
    try (OwnedOutput owned =
        OwnedOutput.claim(
            spark.sparkContext().hadoopConfiguration(),
            "kl-report",
            o.output(),
            "--output",
            JobIo.inputs("input", o.input(), "model table", o.model(), "job file", o.jobFile()))) {
      Dataset<Row> input = JobIo.read(spark, o.input(), o.format(), "input");
      ReportSpec.ModelSource source =
          o.model() != null
              ? new ReportSpec.Table(
                  JobIo.read(spark, o.model(), "parquet", "model table"),
                  o.renormalize()
                      ? ModelTable.Normalization.RENORMALIZE
                      : ModelTable.Normalization.STRICT)
              : new ReportSpec.Reference(t.referenceFilter());
      ReportSpec spec =
          new ReportSpec(
              t.groupBy(),
              t.category(),
              t.weight(),
              t.filter(),
              source,
              t.smoothing(),
              t.unit(),
              o.confidenceLevel());
      Dataset<Row> report = DivergenceReport.build(input, spec);
      try (OutputCommit commit = owned.commit()) {
        String reportPath = commit.staging() + "/report";
        LOG.info("computing the report into {}", commit.staging());
        report.write().parquet(reportPath);
        Dataset<Row> written = spark.read().parquet(reportPath);
        summary = ReportSummary.of(written, t.unit().suffix(), o.top(), o.ranking(), o.minN());
        refuseEmpty(o, summary, input);
        refuseDisjoint(o, summary, written);
        JobIo.writeJson(
            spark, commit.staging() + "/summary.json", json(o, summary, started, owned.runId()));
        commit.commit();
        LOG.info("wrote {}", commit.target());
      }
    }
    printTop(out, summary, o);
    return summary;
  }

  /**
   * A model that gives probability 0 to every observed row of every group (unseen_mass = 1 in each
   * ok group) shares no category with the data: a mistake (labels or bucket names that differ), not
   * a finding.
   */
  private static void refuseDisjoint(Options o, ReportSummary s, Dataset<Row> report) {
    if (s.statusCounts().getOrDefault("ok", 0L) > 0
        && report.where("status = 'ok' AND unseen_mass < 1").isEmpty()) {
      throw new KlsparkException(
          "the model gives probability 0 to every observed category in every group (unseen_mass"
              + " = 1): its categories and the data's share no value; check the model's category"
              + " labels against --category"
              + (o.spec().category().buckets() == null ? "" : " and --bucket-labels"));
    }
  }

  /**
   * A run that evaluated nothing, or found a model for no group, is an error (nothing published).
   */
  private static void refuseEmpty(Options o, ReportSummary s, Dataset<Row> input) {
    ReportSpecTemplate t = o.spec();
    boolean noRows = s.groups() == 0 || s.observedRows() + s.nullRows() == 0;
    if (noRows
        && t.weight() != null
        && s.groups() > 0
        && !input
            .where(dev.klspark.spark.distribution.Conditions.parse(input, t.filter(), "--filter"))
            .isEmpty()) {
      throw new KlsparkException(
          "every evaluated row has weight 0 in --weight column '"
              + t.weight()
              + "'; expected some weight > 0");
    }
    if (noRows) {
      throw new KlsparkException(
          "no rows to evaluate: the input "
              + o.input()
              + (t.filter() == null
                  ? " is empty"
                  : " has no rows matching --filter '" + t.filter() + "'"));
    }
    long missing = s.statusCounts().getOrDefault("missing_model", 0L);
    long withRows = s.groups() - s.statusCounts().getOrDefault("missing_data", 0L);
    if (missing > 0 && missing == withRows) {
      throw new KlsparkException(
          o.model() != null
              ? "none of the "
                  + missing
                  + " groups has a model: the model table "
                  + o.model()
                  + " is empty or its group values match none of the input's"
              : "none of the "
                  + missing
                  + " groups has a model: --reference-filter '"
                  + t.referenceFilter()
                  + "' matches no rows of the input "
                  + o.input());
    }
  }

  private static Map<String, Object> json(
      Options o, ReportSummary s, Instant started, String runId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job", "kl-report");
    JobIo.stamp(m, runId);
    m.put("started", started.toString());
    m.put("finished", Instant.now().toString());
    m.put("parameters", o.parameters());
    Map<String, Object> rows = new LinkedHashMap<>();
    rows.put("observed", s.observedRows());
    rows.put("null_category", s.nullRows());
    rows.put("in_ok_groups", s.okRows());
    m.put("rows", rows);
    Map<String, Object> groups = new LinkedHashMap<>();
    groups.put("total", s.groups());
    groups.put("by_status", s.statusCounts());
    m.put("groups", groups);
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put(
        "description",
        "n-weighted means over groups with status ok: conditional entropy H(C|G), mean NLL of the"
            + " evaluated rows = cross entropy, conditional KL, mean JS");
    totals.putAll(s.conditional());
    m.put("totals", totals);
    m.put("top_groups_ranked_by", s.ranking().label());
    m.put("top_groups_min_n", s.minN());
    m.put("top_groups", s.top());
    return m;
  }

  private static void printTop(PrintStream out, ReportSummary s, Options o) {
    ReportSpecTemplate t = o.spec();
    String output = o.output();
    String u = t.unit().suffix();
    out.printf(
        Locale.ROOT,
        "kl-report: %d groups %s, %.0f observed rows (%.0f with a null category); output %s%n",
        s.groups(),
        s.statusCounts(),
        s.observedRows(),
        s.nullRows(),
        output);
    Map<String, Double> c = s.conditional();
    out.printf(
        Locale.ROOT,
        "overall (n-weighted over ok groups): H(C|G) = %s, cross-entropy = %s, KL = %s %s%n",
        Formats.num(c.get("entropy_" + u)),
        Formats.num(c.get("cross_entropy_" + u)),
        Formats.num(c.get("kl_divergence_" + u)),
        u);
    if (s.top().isEmpty()) {
      return;
    }
    List<String> cols = new ArrayList<>(t.groupBy());
    cols.addAll(
        List.of(
            "n",
            "kl_divergence_" + u,
            "kl_divergence_bias_corrected_" + u,
            "kl_divergence_ci_low_" + u,
            "kl_divergence_ci_high_" + u,
            "p_value_adjusted",
            "status"));
    List<String[]> cells = new ArrayList<>();
    cells.add(cols.toArray(new String[0]));
    for (Map<String, Object> r : s.top()) {
      String[] line = new String[cols.size()];
      for (int i = 0; i < cols.size(); i++) {
        Object v = r.get(cols.get(i));
        line[i] =
            v instanceof Double d
                ? (cols.get(i).startsWith("p_value") ? Formats.pValue(d) : Formats.num(d))
                : String.valueOf(v);
      }
      cells.add(line);
    }
    int[] width = new int[cols.size()];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    out.println(
        "top "
            + s.top().size()
            + " groups by "
            + s.ranking().column(u)
            + (s.minN() > 0 ? " with n >= " + Formats.num(s.minN()) : "")
            + (t.weight() == null
                ? " ("
                    + Formats.num(o.confidenceLevel() * 100).replaceAll("\\.?0+$", "")
                    + "% intervals)"
                : " (weighted: no intervals)")
            + ":");
    for (String[] line : cells) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        sb.append(
            String.format(
                Locale.ROOT,
                i < t.groupBy().size() ? "%-" + width[i] + "s  " : "%" + width[i] + "s  ",
                line[i]));
      }
      out.println(sb.toString().stripTrailing());
    }
  }
}

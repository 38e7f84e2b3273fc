package dev.klspark.job;

import dev.klspark.KlsparkException;
import dev.klspark.config.JobSettings;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.distribution.Buckets;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.distribution.ModelTable;
import dev.klspark.spark.publish.OutputCommit;
import dev.klspark.spark.publish.OwnedOutput;
import dev.klspark.spark.report.gaussian.GaussianReport;
import dev.klspark.spark.report.mle.MleReport;
import dev.klspark.spark.report.mle.MleSpec;
import dev.klspark.spark.report.mle.PredictionReport;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jobs/mle-report}: the maximum-likelihood-equivalence report as a spark-submit entry point.
 *
 * <p>Per group and candidate model: the mean negative log-likelihood of the evaluated rows
 * (computed from the rows) next to H(P̂), H(P̂, Q) and KL(P̂ ‖ Q) from the counts, the G-test, and
 * the per-group rankings by likelihood and by KL ({@link MleReport}). Optionally an MLlib
 * multinomial logistic regression trained on the reference rows and scored on the evaluated rows
 * ({@link PredictionReport}), and a Gaussian model of a numeric column ({@link GaussianReport}).
 * Writes {@code OUTPUT/report}, {@code OUTPUT/predictions}, {@code OUTPUT/gaussian} (Parquet) and
 * {@code OUTPUT/summary.json}, published atomically ({@link OutputCommit}). Settings: flag &gt; job
 * file ({@code --config}) &gt; default; exit codes of {@link ExitCodes}.
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

  /** Model ids of the models the job fits itself. */
  static final String REFERENCE_ID = "reference";

  static final String POOLED_ID = "pooled_reference";
  static final String CLASSIFIER_ID = "logistic_regression";

  /** Job-file keys (= long flag names). */
  static final Set<String> KEYS =
      CategoryOptions.keysWith(
          "model",
          "renormalize",
          "reference-filter",
          "smoothing",
          "pooled-reference",
          "classifier-features",
          "classifier-sample",
          "classifier-max-iter",
          "gaussian-column",
          "gaussian-model",
          "gaussian-constant",
          "output");

  @picocli.CommandLine.Mixin VerboseOption verbose;

  @picocli.CommandLine.Mixin CategoryOptions common;

  @Option(
      names = "--model",
      paramLabel = "PATH",
      description =
          "Candidate model table (Parquet, long format: group columns, category, probability, optional model_id); repeatable. model_id defaults to the file name.")
  List<String> model;

  @Option(
      names = "--renormalize",
      description = "Rescale model-table groups that do not sum to 1 (default: error).")
  Boolean renormalize;

  @Option(
      names = "--reference-filter",
      paramLabel = "SQL",
      description =
          "Fit the candidate 'reference' (per-group MLE) on the input rows matching this; also the training rows of the classifier and of the Gaussian reference.")
  String referenceFilter;

  @Option(
      names = "--smoothing",
      paramLabel = "POLICY",
      description = "Smoothing of the fitted reference models: none (default) or additive:ALPHA.")
  String smoothing;

  @Option(
      names = "--pooled-reference",
      description =
          "Also fit the candidate 'pooled_reference': one MLE over all reference rows, the same for every group.")
  Boolean pooledReference;

  @Option(
      names = "--classifier-features",
      paramLabel = "EXPRS",
      description =
          "Train a multinomial logistic regression (candidate 'logistic_regression') on the reference rows with these Spark SQL feature expressions (string results one-hot encoded), comma-separated.")
  String classifierFeatures;

  @Option(
      names = "--classifier-sample",
      paramLabel = "FRACTION",
      description = "Fraction of the reference rows the classifier is trained on (default 1).")
  Double classifierSample;

  @Option(
      names = "--classifier-max-iter",
      paramLabel = "N",
      description = "Iterations of the classifier's optimiser (default 25).")
  Integer classifierMaxIter;

  @Option(
      names = "--gaussian-column",
      paramLabel = "COL",
      description = "Numeric column for the Gaussian report.")
  String gaussianColumn;

  @Option(
      names = "--gaussian-model",
      paramLabel = "PATH",
      description = "Gaussian model table (Parquet: group columns, mu, sigma).")
  String gaussianModel;

  @Option(
      names = "--gaussian-constant",
      paramLabel = "MU,SIGMA",
      description = "One Gaussian model N(MU, SIGMA^2) for every group.")
  String gaussianConstant;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Output directory (default: output/mle-report).")
  String output;

  /** Resolved settings of one run. */
  record Options(
      String input,
      String format,
      List<String> groupBy,
      CategorySpec category,
      String filter,
      List<String> models,
      boolean renormalize,
      String referenceFilter,
      Smoothing smoothing,
      boolean pooledReference,
      List<String> classifierFeatures,
      double classifierSample,
      int classifierMaxIter,
      String gaussianColumn,
      String gaussianModel,
      double[] gaussianConstant,
      LogBase unit,
      double confidenceLevel,
      String output,
      String master,
      String jobFile,
      Map<String, Object> parameters) {}

  public static void main(String[] args) {
    JobErrors.main(new MleReportJob(), "mle-report", args);
  }

  /** Runs the command line and returns the exit code. */
  static int execute(String... args) {
    return execute(new java.io.PrintWriter(System.err, true), args);
  }

  /** As {@link #execute(String...)}, with errors printed to {@code err}. */
  static int execute(java.io.PrintWriter err, String... args) {
    return JobErrors.execute(new MleReportJob(), "mle-report", err, args);
  }

  @Override
  public Integer call() {
    Options o = JobErrors.usage(this::resolve);
    run(JobSessions.create("klspark mle-report", o.master()), o, System.out);
    return ExitCodes.OK;
  }

  Options resolve() {
    Map<String, Object> flags = new LinkedHashMap<>();
    common.putFlags(flags);
    put(flags, "model", model);
    put(flags, "renormalize", renormalize);
    put(flags, "reference-filter", referenceFilter);
    put(flags, "smoothing", smoothing);
    put(flags, "pooled-reference", pooledReference);
    put(flags, "classifier-features", classifierFeatures);
    put(flags, "classifier-sample", classifierSample);
    put(flags, "classifier-max-iter", classifierMaxIter);
    put(flags, "gaussian-column", gaussianColumn);
    put(flags, "gaussian-model", gaussianModel);
    put(flags, "gaussian-constant", gaussianConstant);
    put(flags, "output", output);
    return resolve(JobSettings.of(flags, common.config, KEYS));
  }

  /** Applies defaults and checks the combination of settings. */
  static Options resolve(JobSettings s) {
    CategoryOptions.Resolved c = CategoryOptions.resolve(s);
    String in = c.input();
    String fmt = c.format();
    List<String> groups = c.groupBy();
    String cat = c.category().column();
    Buckets buckets = c.category().buckets();
    List<String> splits = c.splits();
    LogBase u = c.unit();
    Smoothing smooth;
    try {
      smooth = Smoothing.parse(s.string("smoothing", "none"));
    } catch (IllegalArgumentException e) {
      throw new KlsparkException(e.getMessage(), e);
    }
    if (smooth instanceof Smoothing.Floor) {
      throw new KlsparkException(
          "smoothing "
              + smooth.spec()
              + " is not supported by mle-report; expected none or additive:ALPHA");
    }
    List<String> models = s.paths("model");
    String ref = s.string("reference-filter", null);
    boolean pooled = s.bool("pooled-reference", false);
    List<String> features = s.list("classifier-features");
    features.removeIf(String::isEmpty);
    if (ref == null && (pooled || !features.isEmpty())) {
      throw new KlsparkException(
          "--pooled-reference and --classifier-features fit on the reference rows; pass --reference-filter SQL");
    }
    if (models.isEmpty() && ref == null) {
      throw new KlsparkException(
          "no candidate model: pass --model PATH (repeatable) and/or --reference-filter SQL");
    }
    double sample =
        s.has("classifier-sample") ? Double.parseDouble(s.string("classifier-sample", "1")) : 1.0;
    if (!(sample > 0 && sample <= 1)) {
      throw new KlsparkException(
          "--classifier-sample " + sample + "; expected a fraction in (0, 1]");
    }
    int maxIter = s.integer("classifier-max-iter", 25);
    if (maxIter < 1) {
      throw new KlsparkException("--classifier-max-iter " + maxIter + "; expected N >= 1");
    }
    String gCol = s.string("gaussian-column", null);
    String gModel = s.path("gaussian-model", null);
    double[] gConst = null;
    List<String> gc = s.list("gaussian-constant");
    if (!gc.isEmpty()) {
      try {
        gConst = gc.stream().mapToDouble(Double::parseDouble).toArray();
      } catch (NumberFormatException e) {
        gConst = new double[0];
      }
      if (gConst.length != 2) {
        throw new KlsparkException(
            "--gaussian-constant " + gc + "; expected MU,SIGMA (two numbers)");
      }
      if (!Double.isFinite(gConst[0]) || !(gConst[1] > 0.0) || Double.isInfinite(gConst[1])) {
        throw new KlsparkException(
            "--gaussian-constant " + gc + "; expected a finite MU and a finite SIGMA > 0");
      }
    }
    if (gCol == null && (gModel != null || gConst != null)) {
      throw new KlsparkException(
          (gModel != null ? "--gaussian-model" : "--gaussian-constant")
              + " needs --gaussian-column COL (the numeric column the Gaussian model describes)");
    }
    if (gCol != null && gModel != null && gConst != null) {
      throw new KlsparkException(
          "both --gaussian-model and --gaussian-constant are set; choose one");
    }
    if (gCol != null && gModel == null && gConst == null && ref == null) {
      throw new KlsparkException(
          "--gaussian-column needs a model: --gaussian-model PATH, --gaussian-constant MU,SIGMA or"
              + " --reference-filter SQL (per-group fit)");
    }
    String out = s.path("output", "output/mle-report");
    double level = c.confidenceLevel();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("confidence_level", level);
    params.put("input", in);
    params.put("format", fmt);
    params.put("group_by", groups);
    params.put("category", cat);
    params.put("bucket_splits", splits);
    params.put("bucket_labels", buckets == null ? null : buckets.labels());
    params.put("null_category", s.string("null-category", null));
    params.put("filter", s.string("filter", null));
    params.put("models", models);
    params.put("reference_filter", ref);
    params.put("smoothing", smooth.spec());
    params.put("pooled_reference", pooled);
    params.put("classifier_features", features);
    params.put("classifier_sample", sample);
    params.put("classifier_max_iter", maxIter);
    params.put("classifier_eps", PredictionReport.MLLIB_EPS);
    params.put("gaussian_column", gCol);
    params.put("gaussian_model", gModel);
    params.put("gaussian_constant", gc.isEmpty() ? null : gc);
    params.put("unit", u.suffix());
    params.put("output", out);
    return new Options(
        in,
        fmt,
        groups,
        c.category(),
        s.string("filter", null),
        models,
        s.bool("renormalize", false),
        ref,
        smooth,
        pooled,
        features,
        sample,
        maxIter,
        gCol,
        gModel,
        gConst,
        u,
        level,
        out,
        s.string("master", null),
        s.jobFile(),
        params);
  }

  private static void put(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  /**
   * Runs the reports and publishes the output.
   *
   * @return the summary written to {@code summary.json}
   * @throws KlsparkException on bad input; the output directory is then left as it was
   */
  static Map<String, Object> run(SparkSession spark, Options o, PrintStream out) {
    Instant started = Instant.now();
    List<String> in = new ArrayList<>(List.of("input", o.input()));
    for (String m : o.models()) {
      in.addAll(List.of("model table", m));
    }
    in.addAll(
        java.util.Arrays.asList(
            "Gaussian model table", o.gaussianModel(), "job file", o.jobFile()));
    Map<String, Object> summary;
    try (OwnedOutput owned =
        OwnedOutput.claim(
            spark.sparkContext().hadoopConfiguration(),
            "mle-report",
            o.output(),
            "--output",
            JobIo.inputs(in.toArray(new String[0])))) {
      Dataset<Row> input = JobIo.read(spark, o.input(), o.format(), "input");
      List<MleSpec.Candidate> candidates = new ArrayList<>();
      ModelTable.Normalization norm =
          o.renormalize() ? ModelTable.Normalization.RENORMALIZE : ModelTable.Normalization.STRICT;
      for (String path : o.models()) {
        String name = new org.apache.hadoop.fs.Path(path).getName().replaceFirst("\\.parquet$", "");
        candidates.add(
            new MleSpec.Table(name, JobIo.read(spark, path, "parquet", "model table"), norm));
      }
      if (o.referenceFilter() != null) {
        candidates.add(
            new MleSpec.Reference(
                REFERENCE_ID, o.referenceFilter(), o.smoothing(), MleSpec.Scope.PER_GROUP));
        if (o.pooledReference()) {
          candidates.add(
              new MleSpec.Reference(
                  POOLED_ID, o.referenceFilter(), o.smoothing(), MleSpec.Scope.POOLED));
        }
      }
      MleSpec spec =
          new MleSpec(
              o.groupBy(), o.category(), o.filter(), candidates, o.unit(), o.confidenceLevel());
      Dataset<Row> report = MleReport.build(input, spec);

      Dataset<Row> scored = null;
      PredictionReport.Spec predSpec = null;
      Dataset<Row> predictions = null;
      if (!o.classifierFeatures().isEmpty()) {
        Instant t0 = Instant.now();
        Classifier c = trainClassifier(input, o);
        LOG.info("trained the classifier in {} s", Duration.between(t0, Instant.now()).toSeconds());
        scored = c.scored().persist(StorageLevel.MEMORY_AND_DISK());
        predSpec =
            new PredictionReport.Spec(
                o.groupBy(), "__y", "probability", c.labels(), CLASSIFIER_ID, o.unit());
        predictions = PredictionReport.build(scored, predSpec);
      }
      Dataset<Row> gaussian = null;
      if (o.gaussianColumn() != null) {
        GaussianReport.Model gm;
        String gid;
        if (o.gaussianModel() != null) {
          gm =
              new GaussianReport.Table(
                  JobIo.read(spark, o.gaussianModel(), "parquet", "Gaussian model table"));
          gid =
              new org.apache.hadoop.fs.Path(o.gaussianModel())
                  .getName()
                  .replaceFirst("\\.parquet$", "");
        } else if (o.gaussianConstant() != null) {
          gm = new GaussianReport.Constant(o.gaussianConstant()[0], o.gaussianConstant()[1]);
          gid = "constant";
        } else {
          gm = new GaussianReport.Reference(o.referenceFilter());
          gid = "gaussian_" + REFERENCE_ID;
        }
        gaussian =
            GaussianReport.build(
                input,
                new GaussianReport.Spec(
                    o.groupBy(), o.gaussianColumn(), o.filter(), gm, gid, o.unit()));
      }

      try (OutputCommit commit = owned.commit()) {
        String dir = commit.staging();
        LOG.info("computing the reports into {}", dir);
        report.write().parquet(dir + "/report");
        List<Row> reportRows = spark.read().parquet(dir + "/report").collectAsList();
        List<Row> predRows = List.of();
        Double evaluator = null;
        if (predictions != null) {
          predictions.write().parquet(dir + "/predictions");
          predRows = spark.read().parquet(dir + "/predictions").collectAsList();
          evaluator = PredictionReport.evaluatorLogLoss(scored, predSpec);
          scored.unpersist();
        }
        List<Row> gaussRows = List.of();
        if (gaussian != null) {
          gaussian.write().parquet(dir + "/gaussian");
          gaussRows = spark.read().parquet(dir + "/gaussian").collectAsList();
        }
        if (reportRows.isEmpty()) {
          throw new KlsparkException(
              "no rows to evaluate: the input " + o.input() + " gives no group");
        }
        refuseModelless(o, reportRows);
        summary = MleSummary.of(o, reportRows, predRows, evaluator, gaussRows, started);
        JobIo.stamp(summary, owned.runId());
        JobIo.writeJson(spark, dir + "/summary.json", summary);
        commit.commit();
        LOG.info("wrote {}", commit.target());
      }
    }
    MleSummary.print(out, summary, o);
    return summary;
  }

  /** A candidate with a distribution for none of the groups is an error naming it. */
  private static void refuseModelless(Options o, List<Row> reportRows) {
    Map<String, long[]> byModel = new LinkedHashMap<>(); // groups, missing_model
    for (Row r : reportRows) {
      long[] c = byModel.computeIfAbsent(r.getAs("model_id"), k -> new long[2]);
      c[0]++;
      if ("missing_model".equals(r.getAs("status"))) {
        c[1]++;
      }
    }
    byModel.forEach(
        (id, c) -> {
          if (c[0] > 0 && c[0] == c[1]) {
            String source =
                o.models().stream()
                    .filter(
                        m ->
                            new org.apache.hadoop.fs.Path(m)
                                .getName()
                                .replaceFirst("\\.parquet$", "")
                                .equals(id))
                    .findFirst()
                    .map(
                        m ->
                            "the model table "
                                + m
                                + " is empty or its group values match none of the input's")
                    .orElse(
                        "--reference-filter '"
                            + o.referenceFilter()
                            + "' matches no rows of the input");
            throw new KlsparkException(
                "model "
                    + id
                    + " has a distribution for none of the "
                    + c[0]
                    + " groups: "
                    + source);
          }
        });
  }

  /** The trained classifier's predictions on the evaluated rows, and its label order. */
  record Classifier(Dataset<Row> scored, List<String> labels) {}

  /**
   * Multinomial logistic regression on the reference rows (sampled), scored on the evaluated rows.
   * String-valued features are indexed and one-hot encoded (unseen values kept as an extra level),
   * numeric ones used as they are; the label order is the bucket labels, else the frequency order
   * of the training labels.
   */
  static Classifier trainClassifier(Dataset<Row> input, Options o) {
    InputColumns columns = new InputColumns(input.schema(), "input");
    List<Column> sel = new ArrayList<>();
    for (String g : o.groupBy()) {
      sel.add(InputColumns.column(columns.field(g, "group column").name()));
    }
    sel.add(o.category().expression(columns).as("__y"));
    List<String> featureNames = new ArrayList<>();
    for (int i = 0; i < o.classifierFeatures().size(); i++) {
      String e = o.classifierFeatures().get(i);
      try {
        sel.add(functions.expr(e).as("__f" + i));
        input.select(functions.expr(e)).schema();
      } catch (Exception ex) {
        if (!(ex instanceof AnalysisException)) {
          throw ex;
        }
        throw new KlsparkException(
            "--classifier-features '"
                + e
                + "' is not a valid Spark SQL expression on the input: "
                + JobErrors.firstLine(ex.getMessage()),
            ex);
      }
      featureNames.add("__f" + i);
    }
    Column ref = functions.expr(o.referenceFilter()).cast("boolean");
    Column eval =
        o.filter() == null ? functions.lit(true) : functions.expr(o.filter()).cast("boolean");
    Dataset<Row> prepared = input.select(concat(sel, ref.as("__ref"), eval.as("__eval")));
    Dataset<Row> train = prepared.where("__ref AND __y IS NOT NULL");
    if (o.classifierSample() < 1.0) {
      train = train.sample(o.classifierSample(), 42L);
    }
    List<PipelineStage> stages = new ArrayList<>();
    StringIndexerModel labelModel;
    if (o.category().buckets() != null) {
      labelModel = new StringIndexerModel(o.category().buckets().labels().toArray(new String[0]));
    } else {
      labelModel = new StringIndexer().setInputCol("__y").fit(train);
    }
    labelModel.setInputCol("__y").setOutputCol("__label").setHandleInvalid("skip");
    stages.add(labelModel);
    List<String> assembled = new ArrayList<>();
    for (String f : featureNames) {
      if (prepared.schema().apply(f).dataType() instanceof StringType) {
        stages.add(
            new StringIndexer().setInputCol(f).setOutputCol(f + "_idx").setHandleInvalid("keep"));
        stages.add(
            new OneHotEncoder()
                .setInputCol(f + "_idx")
                .setOutputCol(f + "_vec")
                .setHandleInvalid("keep"));
        assembled.add(f + "_vec");
      } else {
        assembled.add(f);
      }
    }
    stages.add(
        new VectorAssembler()
            .setInputCols(assembled.toArray(new String[0]))
            .setOutputCol("__features"));
    stages.add(
        new LogisticRegression()
            .setFamily("multinomial")
            .setMaxIter(o.classifierMaxIter())
            .setFeaturesCol("__features")
            .setLabelCol("__label"));
    PipelineModel pipeline =
        new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(train);
    // Score every evaluated row (the label indexer only shapes training; the report reads __y).
    PipelineModel scorer =
        new PipelineModel(
            pipeline.uid(),
            java.util.Arrays.copyOfRange(pipeline.stages(), 1, pipeline.stages().length));
    List<Column> keep = new ArrayList<>();
    for (String g : o.groupBy()) {
      keep.add(InputColumns.column(columns.field(g, "group column").name()));
    }
    keep.add(functions.col("__y"));
    keep.add(functions.col("probability"));
    Dataset<Row> scored =
        scorer.transform(prepared.where("__eval")).select(keep.toArray(new Column[0]));
    return new Classifier(scored, List.of(labelModel.labelsArray()[0]));
  }

  private static Column[] concat(List<Column> head, Column... tail) {
    List<Column> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all.toArray(new Column[0]);
  }
}

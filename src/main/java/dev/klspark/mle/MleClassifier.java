package dev.klspark.mle;

import dev.klspark.KlsparkException;
import dev.klspark.Messages;
import dev.klspark.math.LogBase;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.distribution.ModelTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StringType;

/**
 * The classifier candidate of the maximum-likelihood-equivalence report: a Spark MLlib multinomial
 * logistic regression that predicts each row's category from feature expressions, trained on the
 * reference rows and scored on the evaluated rows, whose per-row predictions {@link
 * PredictionReport} evaluates per group.
 *
 * <p>Training: the rows matching the reference filter with a non-null category, optionally a
 * Bernoulli sample of them (fraction {@code sample}, seed {@value #SEED}). Features: every feature
 * expression is evaluated on the input; a string result is indexed ({@code StringIndexer}) and
 * one-hot encoded ({@code OneHotEncoder}), unseen values kept as an extra level; a numeric result
 * is used as it is; the vectors are assembled into one. Labels: the category; their order (that of
 * the {@code probability} vector) is the bucket labels, else the frequency order of the training
 * categories ({@code StringIndexer}'s default). Model: {@code LogisticRegression} with family
 * {@code multinomial} and {@code maxIter} iterations, MLlib's defaults otherwise (no
 * regularisation, intercept fitted).
 */
public final class MleClassifier {
  /** The classifier's model id in the report outputs. */
  public static final String MODEL_ID = "logistic_regression";

  /** The column of the scored rows holding the true category (a string, null when unknown). */
  public static final String LABEL_COLUMN = "__y";

  /** The column of the scored rows holding MLlib's probability vector. */
  public static final String PROBABILITY_COLUMN = "probability";

  /** Seed of the training sample. */
  public static final long SEED = 42L;

  private MleClassifier() {}

  /**
   * How the classifier is trained.
   *
   * @param features Spark SQL expressions over the input columns; empty when no classifier is
   *     trained
   * @param sample the fraction of the reference rows trained on, in (0, 1]
   * @param maxIter iterations of the optimiser, at least 1
   * @param reliabilityBins the bins of its reliability table ({@link ReliabilityTable}), 1 to
   *     {@value ReliabilityTable#MAX_BINS}
   */
  public record Settings(List<String> features, double sample, int maxIter, int reliabilityBins) {
    /**
     * @throws IllegalArgumentException if {@code sample}, {@code maxIter} or {@code
     *     reliabilityBins} is out of range (the messages name the mle-report flags)
     */
    public Settings {
      features = List.copyOf(features);
      ReliabilityTable.requireBins(reliabilityBins);
      if (!(sample > 0 && sample <= 1)) {
        throw new IllegalArgumentException(
            "--classifier-sample " + sample + "; expected a fraction in (0, 1]");
      }
      if (maxIter < 1) {
        throw new IllegalArgumentException(
            "--classifier-max-iter " + maxIter + "; expected N >= 1");
      }
    }

    /** Settings with the default reliability bins ({@value ReliabilityTable#DEFAULT_BINS}). */
    public Settings(List<String> features, double sample, int maxIter) {
      this(features, sample, maxIter, ReliabilityTable.DEFAULT_BINS);
    }
  }

  /**
   * A trained classifier's predictions on the evaluated rows.
   *
   * @param scored the group columns (as named in the input), {@link #LABEL_COLUMN} and {@link
   *     #PROBABILITY_COLUMN}, one row per evaluated row
   * @param labels the label order of the probability vectors
   * @param pipeline the trained classifier as a pipeline over the raw input rows, to save with
   *     {@code pipeline.write().save(DIR)}; null when it cannot score the raw rows
   * @param pipelineLabelColumn the column holding the label in the rows the pipeline scores
   * @param pipelineProblem why there is no pipeline, or null
   */
  public record Scored(
      Dataset<Row> scored,
      List<String> labels,
      PipelineModel pipeline,
      String pipelineLabelColumn,
      String pipelineProblem) {
    public Scored {
      labels = List.copyOf(labels);
    }

    /**
     * What {@link PredictionReport} evaluates on these predictions.
     *
     * @param groupBy the group columns
     * @param unit the unit of the information quantities
     * @param confidenceLevel the level of the calibration interval
     */
    public PredictionReport.Spec spec(List<String> groupBy, LogBase unit, double confidenceLevel) {
      return new PredictionReport.Spec(
          groupBy,
          LABEL_COLUMN,
          PROBABILITY_COLUMN,
          labels,
          MODEL_ID,
          unit,
          ModelTable.Normalization.STRICT,
          confidenceLevel);
    }
  }

  /**
   * Trains the classifier on the reference rows and scores the evaluated rows (lazily: the scored
   * rows are computed when read; persist them when they are read more than once).
   *
   * @param input the rows
   * @param groupBy the group columns, kept beside each prediction
   * @param category how each row's category (the label) is read
   * @param referenceFilter a Spark SQL condition selecting the training rows
   * @param filter a Spark SQL condition selecting the evaluated rows, or null for all rows
   * @param settings the features and the training settings
   * @return the predictions and their label order
   * @throws IllegalArgumentException if the settings list no feature
   * @throws KlsparkException if a group or category column is missing or mistyped, or a feature
   *     expression is not a valid Spark SQL expression on the input
   */
  public static Scored train(
      Dataset<Row> input,
      List<String> groupBy,
      CategorySpec category,
      String referenceFilter,
      String filter,
      Settings settings) {
    if (settings.features().isEmpty()) {
      throw new IllegalArgumentException("no classifier feature; expected at least one expression");
    }
    InputColumns columns = new InputColumns(input.schema(), "input");
    List<Column> groups = new ArrayList<>();
    for (String g : groupBy) {
      groups.add(InputColumns.column(columns.field(g, "group column").name()));
    }
    List<Column> sel = new ArrayList<>(groups);
    sel.add(category.expression(columns).as(LABEL_COLUMN));
    List<String> featureNames = new ArrayList<>();
    for (String e : settings.features()) {
      String name = "__f" + featureNames.size();
      sel.add(feature(input, e).as(name));
      featureNames.add(name);
    }
    Column eval = filter == null ? functions.lit(true) : functions.expr(filter).cast("boolean");
    sel.add(functions.expr(referenceFilter).cast("boolean").as("__ref"));
    sel.add(eval.as("__eval"));
    Dataset<Row> prepared = input.select(sel.toArray(new Column[0]));
    Dataset<Row> train = prepared.where("__ref AND " + LABEL_COLUMN + " IS NOT NULL");
    if (settings.sample() < 1.0) {
      train = train.sample(settings.sample(), SEED);
    }
    StringIndexerModel labelModel =
        category.buckets() != null
            ? new StringIndexerModel(category.buckets().labels().toArray(new String[0]))
            : new StringIndexer().setInputCol(LABEL_COLUMN).fit(train);
    labelModel.setInputCol(LABEL_COLUMN).setOutputCol("__label").setHandleInvalid("skip");
    List<PipelineStage> stages = new ArrayList<>();
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
            .setMaxIter(settings.maxIter())
            .setFeaturesCol("__features")
            .setLabelCol("__label"));
    PipelineModel pipeline =
        new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(train);
    // Score every evaluated row (the label indexer only shapes training; the report reads __y).
    PipelineModel scorer =
        new PipelineModel(
            pipeline.uid(), Arrays.copyOfRange(pipeline.stages(), 1, pipeline.stages().length));
    List<Column> keep = new ArrayList<>(groups);
    keep.add(functions.col(LABEL_COLUMN));
    keep.add(functions.col(PROBABILITY_COLUMN));
    Dataset<Row> scored =
        scorer.transform(prepared.where("__eval")).select(keep.toArray(new Column[0]));
    String label = category.column() + "_label";
    for (int i = 2; columns.has(label); i++) {
      label = category.column() + "_label_" + i;
    }
    PipelineModel saved = savable(columns, category, settings, labelModel, pipeline, label);
    String problem = null;
    try {
      // The saved pipeline must score the raw rows (an aliased feature expression, say, cannot
      // be re-used in its SQL text): checked here, so a run never publishes one that fails.
      saved.transformSchema(input.schema());
    } catch (Exception e) {
      problem = Messages.reason(String.valueOf(e.getMessage()));
      saved = null;
    }
    return new Scored(scored, List.of(labelModel.labelsArray()[0]), saved, label, problem);
  }

  /**
   * The trained pipeline as one that works on raw input rows: a {@code SQLTransformer} computes the
   * features and the label (column {@code label}, by {@link CategorySpec#sql}) the way the report
   * does; then the label indexer (keeping unknown and null labels, so scoring keeps every row) and
   * the trained stages. Its {@code probability} column is the classifier's. Each feature text ends
   * with a line break, so a trailing SQL comment in it cannot swallow the rest of the statement.
   */
  private static PipelineModel savable(
      InputColumns columns,
      CategorySpec category,
      Settings settings,
      StringIndexerModel labelModel,
      PipelineModel trained,
      String label) {
    List<String> select = new ArrayList<>(List.of("*"));
    for (int i = 0; i < settings.features().size(); i++) {
      select.add("(" + settings.features().get(i) + "\n) AS __f" + i);
    }
    select.add(category.sql(columns) + " AS `" + label.replace("`", "``") + "`");
    Transformer[] stages = new Transformer[trained.stages().length + 1];
    stages[0] =
        new SQLTransformer().setStatement("SELECT " + String.join(", ", select) + " FROM __THIS__");
    stages[1] =
        new StringIndexerModel(labelModel.labelsArray()[0])
            .setInputCol(label)
            .setOutputCol("__label")
            .setHandleInvalid("keep");
    System.arraycopy(trained.stages(), 1, stages, 2, trained.stages().length - 1);
    return new PipelineModel(Identifiable$.MODULE$.randomUID("klspark_classifier"), stages);
  }

  /** A feature expression, checked against the input's columns. */
  private static Column feature(Dataset<Row> input, String expression) {
    try {
      Column c = functions.expr(expression);
      input.select(c).schema();
      return c;
    } catch (Exception e) {
      if (!(e instanceof AnalysisException)) {
        throw e;
      }
      throw new KlsparkException(
          String.format(
              Locale.ROOT,
              "--classifier-features '%s' is not a valid Spark SQL expression on the input: %s",
              expression,
              Messages.reason(e.getMessage())),
          e);
    }
  }
}

package dev.klspark.mle;

import dev.klspark.KlsparkException;
import dev.klspark.html.PageFooter;
import dev.klspark.spark.engine.JobPhase;
import dev.klspark.spark.publish.Summaries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The categorical side of one mle-report run: the {@link MleReport} of the candidate models and,
 * with classifier features, the {@link MleClassifier} trained and evaluated by {@link
 * PredictionReport}; written as Parquet and summarised ({@link MleSummary}).
 *
 * <p>{@link #plan} does the eager work (model-table validation, the pass over the rows, the
 * classifier's training and scoring); {@link #write} writes and summarises. A run holds the
 * classifier's scored rows in memory and on disk between the two; {@link #write} releases them.
 */
public final class MleRun {
  private static final Logger LOG = LoggerFactory.getLogger(MleRun.class);

  private final Dataset<Row> report;
  private final Dataset<Row> scored;
  private final PredictionReport.Spec predictionSpec;
  private final Dataset<Row> predictions;
  private final MleSpec spec;
  private final MleClassifier.Scored trained;
  private final int reliabilityBins;
  private Dataset<Row> written;
  private List<PredictionReport.CalibrationBin> calibration = List.of();

  private MleRun(
      Dataset<Row> report,
      Dataset<Row> scored,
      PredictionReport.Spec predictionSpec,
      Dataset<Row> predictions,
      MleSpec spec,
      MleClassifier.Scored trained,
      int reliabilityBins) {
    this.report = report;
    this.scored = scored;
    this.predictionSpec = predictionSpec;
    this.predictions = predictions;
    this.spec = spec;
    this.trained = trained;
    this.reliabilityBins = reliabilityBins;
  }

  /** The directory under the output that holds the classifier's saved pipeline. */
  public static final String PIPELINE_DIR = "classifier_pipeline";

  /**
   * With a classifier, what {@code summary.json} records of its saved pipeline ({@value
   * #PIPELINE_DIR}): the directory, the label column and the label order to evaluate it with {@code
   * --pipeline-model}.
   */
  public Optional<java.util.Map<String, Object>> pipeline() {
    if (trained == null) {
      return Optional.empty();
    }
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    if (trained.pipeline() == null) {
      m.put("path", null);
      m.put("not_saved_because", trained.pipelineProblem());
      return Optional.of(m);
    }
    m.put("path", PIPELINE_DIR);
    m.put("label_column", trained.pipelineLabelColumn());
    m.put("labels", trained.labels());
    return Optional.of(m);
  }

  /**
   * Builds the report and, when {@code classifier} lists features, trains the classifier on the
   * rows matching {@code referenceFilter} and builds its prediction report.
   *
   * @param input the rows
   * @param spec the candidates and what to evaluate
   * @param referenceFilter the classifier's training rows (Spark SQL), or null without classifier
   * @param classifier the classifier settings; no classifier when its features are empty
   * @return the planned run
   * @throws KlsparkException as {@link MleReport#build}, {@link MleClassifier#train} and {@link
   *     PredictionReport#build}
   */
  public static MleRun plan(
      Dataset<Row> input, MleSpec spec, String referenceFilter, MleClassifier.Settings classifier) {
    Dataset<Row> report = MleReport.build(input, spec);
    if (classifier.features().isEmpty()) {
      return new MleRun(report, null, null, null, spec, null, 0);
    }
    Instant t0 = Instant.now();
    JobPhase.MLE_TRAIN.begin(input.sparkSession());
    MleClassifier.Scored trained;
    try {
      trained =
          MleClassifier.train(
              input, spec.groupBy(), spec.category(), referenceFilter, spec.filter(), classifier);
    } finally {
      JobPhase.end(input.sparkSession());
    }
    LOG.info("trained the classifier in {} s", Duration.between(t0, Instant.now()).toSeconds());
    Dataset<Row> scored = trained.scored().persist(StorageLevel.MEMORY_AND_DISK());
    PredictionReport.Spec predictionSpec =
        trained.spec(spec.groupBy(), spec.unit(), spec.confidenceLevel());
    Dataset<Row> predictions =
        PredictionComparison.of(
            List.of(PredictionReport.build(scored, predictionSpec)), spec.groupBy(), spec.unit());
    return new MleRun(
        report, scored, predictionSpec, predictions, spec, trained, classifier.reliabilityBins());
  }

  /**
   * Writes {@code DIR/report} and, with a classifier, {@code DIR/predictions} and {@code
   * DIR/reliability} (Parquet; {@link PredictionComparison}, {@link ReliabilityTable}) and the
   * trained classifier as a Spark ML pipeline over raw input rows in {@code DIR/}{@value
   * #PIPELINE_DIR} ({@code PipelineModel.load} reads it; {@code --pipeline-model} evaluates it),
   * then summarises them, comparing the classifier's log-loss with MLlib's evaluator.
   *
   * @param spark the session
   * @param dir the directory to write into, or null to compute the tables without writing them
   *     (their rows are then {@link #report()}'s, computed once; no reliability table and no
   *     pipeline are written)
   * @return the summary, or empty when the report has no row (the input gives no group)
   */
  public Optional<MleSummary> write(SparkSession spark, String dir) {
    try {
      JobPhase.MLE_REPORT.begin(spark);
      Dataset<Row> written = written(spark, report, dir, "report");
      this.written = written;
      Dataset<Row> writtenPredictions = null;
      double evaluator = Double.NaN;
      if (predictions != null) {
        JobPhase.MLE_PREDICTIONS.begin(spark);
        writtenPredictions = written(spark, predictions, dir, "predictions");
        if (dir != null) {
          ReliabilityTable.of(scored, predictionSpec, reliabilityBins)
              .write()
              .parquet(dir + "/reliability");
          if (trained.pipeline() != null) {
            try {
              trained.pipeline().write().save(dir + "/" + PIPELINE_DIR);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          } else {
            LOG.warn("the classifier's pipeline is not saved: {}", trained.pipelineProblem());
          }
        }
        evaluator = PredictionReport.evaluatorLogLoss(scored, predictionSpec);
        if (dir != null) {
          calibration =
              ReliabilityTable.overall(
                  spark.read().parquet(dir + "/reliability"),
                  predictionSpec.modelId(),
                  predictionSpec.labels());
        }
        scored.unpersist();
      }
      JobPhase.MLE_SUMMARY.begin(spark);
      if (written.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(MleSummary.of(written, writtenPredictions, evaluator, spec.unit()));
    } finally {
      JobPhase.end(spark);
    }
  }

  /**
   * The report's rows as {@link #write} wrote them (read back, or computed once without a
   * directory).
   *
   * @throws IllegalStateException before {@link #write}
   */
  public Dataset<Row> report() {
    if (written == null) {
      throw new IllegalStateException("the report is not written yet");
    }
    return written;
  }

  /**
   * Writes {@code DIR/report.html} ({@link MleHtml}) after {@link #write}: the ranking, the
   * identity and, with a classifier, its calibration.
   *
   * @param parameters the run's parameters as {@code summary.json} records them
   * @param footer the page's stamp and links
   */
  public void writeHtml(
      FileSystem fs,
      String dir,
      MleSummary summary,
      Map<String, Object> parameters,
      PageFooter footer) {
    Summaries.writeText(
        fs, new Path(dir, MleHtml.FILE), MleHtml.render(summary, calibration, parameters, footer));
  }

  /**
   * Writes {@code data} as Parquet to {@code DIR/NAME} and returns it as read back; without a
   * directory, computes it once ({@link Dataset#localCheckpoint()}).
   */
  private static Dataset<Row> written(
      SparkSession spark, Dataset<Row> data, String dir, String name) {
    if (dir == null) {
      return data.localCheckpoint();
    }
    String path = dir + "/" + name;
    data.write().parquet(path);
    return spark.read().parquet(path);
  }
}

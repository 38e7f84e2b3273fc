package dev.klspark.spark.report.mle;

import dev.klspark.KlsparkException;
import dev.klspark.spark.report.JobPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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

  private MleRun(
      Dataset<Row> report,
      Dataset<Row> scored,
      PredictionReport.Spec predictionSpec,
      Dataset<Row> predictions,
      MleSpec spec) {
    this.report = report;
    this.scored = scored;
    this.predictionSpec = predictionSpec;
    this.predictions = predictions;
    this.spec = spec;
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
      return new MleRun(report, null, null, null, spec);
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
    PredictionReport.Spec predictionSpec = trained.spec(spec.groupBy(), spec.unit());
    return new MleRun(
        report, scored, predictionSpec, PredictionReport.build(scored, predictionSpec), spec);
  }

  /**
   * Writes {@code DIR/report} and, with a classifier, {@code DIR/predictions} (Parquet), then
   * summarises them, comparing the classifier's log-loss with MLlib's evaluator.
   *
   * @param spark the session
   * @param dir the directory to write into
   * @return the summary, or empty when the report has no row (the input gives no group)
   */
  public Optional<MleSummary> write(SparkSession spark, String dir) {
    try {
      JobPhase.MLE_REPORT.begin(spark);
      Dataset<Row> written = written(spark, report, dir + "/report");
      Dataset<Row> writtenPredictions = null;
      double evaluator = Double.NaN;
      if (predictions != null) {
        JobPhase.MLE_PREDICTIONS.begin(spark);
        writtenPredictions = written(spark, predictions, dir + "/predictions");
        evaluator = PredictionReport.evaluatorLogLoss(scored, predictionSpec);
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

  /** Writes {@code data} as Parquet to {@code path} and returns it as read back. */
  private static Dataset<Row> written(SparkSession spark, Dataset<Row> data, String path) {
    data.write().parquet(path);
    return spark.read().parquet(path);
  }
}

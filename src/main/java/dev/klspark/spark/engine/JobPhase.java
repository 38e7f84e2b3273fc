package dev.klspark.spark.engine;

import org.apache.spark.sql.SparkSession;

/**
 * The phases of the report runs, as the Spark UI, the event log and the history server name their
 * Spark jobs ({@code spark.job.description}): "JOB: what the phase does". {@link #begin} labels the
 * Spark jobs the calling thread starts from then on; {@link #end} removes the label when the run
 * ends, so that later work in the same session is not mislabelled.
 */
public enum JobPhase {
  KL_REPORT("kl-report", "count rows by group and category, join the model, write the report"),
  KL_SUMMARY("kl-report", "summarise the report"),
  KL_CHECKS("kl-report", "check the report against the input"),
  KL_VALUES(
      "kl-report", "sort each group's values, compare current and reference, write the report"),
  KL_VALUES_CHART("kl-report", "quantiles of the charted groups' values"),
  MLE_REPORT(
      "mle-report", "count rows by group and category, fit the candidate models, write the report"),
  MLE_TRAIN("mle-report", "train the classifier"),
  MLE_PREDICTIONS("mle-report", "score the classifier, write the predictions"),
  MLE_SUMMARY("mle-report", "summarise the report"),
  PREDICTIONS_REPORT("mle-report", "evaluate the predictions, write the report"),
  PREDICTIONS_SUMMARY("mle-report", "summarise the predictions"),
  DQ_BUCKET_EDGES("data-quality", "bucket edges from the reference"),
  DQ_COMPARE("data-quality", "compare current and reference"),
  DQ_TREND("data-quality", "read the history for the trend"),
  DQ_HISTORY("data-quality", "write the history");

  /** Spark's local property that carries a job's description. */
  public static final String PROPERTY = "spark.job.description";

  private final String description;

  JobPhase(String job, String phase) {
    this.description = job + ": " + phase;
  }

  /** "JOB: phase", e.g. {@code kl-report: summarise the report}. */
  public String description() {
    return description;
  }

  /** Labels the Spark jobs that the calling thread starts from now on. */
  public void begin(SparkSession spark) {
    spark.sparkContext().setJobDescription(description);
  }

  /** Removes the label of the calling thread's Spark jobs. */
  public static void end(SparkSession spark) {
    spark.sparkContext().setJobDescription(null);
  }
}

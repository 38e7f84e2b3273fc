package dev.klspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.klreport.KlReportJob;
import dev.klspark.mle.MleReportJob;
import dev.klspark.quality.DataQualityJob;
import dev.klspark.spark.engine.JobPhase;
import dev.klspark.testing.SparkTestSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark jobs of kl-report, mle-report and data-quality carry their phase as description (what
 * the Spark UI, the event log and the history server show), and none is left after a run; the
 * console progress bar is on only for a terminal and never against the user's setting.
 */
@Tag("slow")
class JobPhasesTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final List<String> descriptions = new CopyOnWriteArrayList<>();
  private static final SparkListener LISTENER =
      new SparkListener() {
        @Override
        public void onJobStart(SparkListenerJobStart start) {
          String d =
              start.properties() == null ? null : start.properties().getProperty(JobPhase.PROPERTY);
          descriptions.add(String.valueOf(d));
        }
      };

  @TempDir static Path data;
  @TempDir Path tmp;

  private static Path input;

  @BeforeAll
  static void generate() {
    input = data.resolve("rows.parquet");
    spark
        .range(0, 4000)
        .selectExpr(
            "date_add(DATE'2024-01-01', CAST(pmod(id, 60) AS INT)) AS date",
            "IF(pmod(id, 2) = 0, 'a', 'b') AS g",
            "element_at(array('x', 'y', 'z'), CAST(pmod(hash(id), 3) AS INT) + 1) AS c",
            "CAST(pmod(hash(id, 5), 100) AS DOUBLE) AS v",
            "CAST(pmod(id, 20) AS INT) AS d")
        .write()
        .parquet(input.toString());
    spark.sparkContext().addSparkListener(LISTENER);
  }

  @AfterAll
  static void removeListener() {
    spark.sparkContext().removeSparkListener(LISTENER);
  }

  /** The descriptions of the Spark jobs {@code job} starts, once the listener has seen them. */
  private static List<String> descriptionsOf(Runnable job) throws InterruptedException {
    Thread.sleep(200);
    descriptions.clear();
    job.run();
    long deadline = System.currentTimeMillis() + 10_000;
    int seen = -1;
    while (System.currentTimeMillis() < deadline && seen != descriptions.size()) {
      seen = descriptions.size();
      Thread.sleep(300); // the listener bus is asynchronous
    }
    return List.copyOf(descriptions);
  }

  private static void succeeds(int code, StringWriter err) {
    assertThat(code).as(err.toString()).isZero();
  }

  @Test
  void klReportPhases() throws Exception {
    StringWriter err = new StringWriter();
    String out = tmp.resolve("kl").toString();
    List<String> d =
        descriptionsOf(
            () ->
                succeeds(
                    KlReportJob.execute(
                        new PrintWriter(err, true),
                        "--input",
                        input.toString(),
                        "--group-by",
                        "g",
                        "--category",
                        "c",
                        "--filter",
                        "d >= 10",
                        "--reference-filter",
                        "d < 10",
                        "--output",
                        out),
                    err));
    assertThat(d)
        .contains(
            JobPhase.KL_REPORT.description(),
            JobPhase.KL_SUMMARY.description(),
            JobPhase.KL_CHECKS.description());
    assertThat(JobPhase.KL_REPORT.description())
        .isEqualTo("kl-report: count rows by group and category, join the model, write the report");
    assertThat(spark.sparkContext().getLocalProperty(JobPhase.PROPERTY)).as("cleared").isNull();
  }

  @Test
  void mleReportPhasesWithAClassifier() throws Exception {
    StringWriter err = new StringWriter();
    String out = tmp.resolve("mle").toString();
    List<String> d =
        descriptionsOf(
            () ->
                succeeds(
                    MleReportJob.execute(
                        new PrintWriter(err, true),
                        "--input",
                        input.toString(),
                        "--group-by",
                        "g",
                        "--category",
                        "c",
                        "--filter",
                        "d >= 10",
                        "--reference-filter",
                        "d < 10",
                        "--classifier-features",
                        "v",
                        "--output",
                        out),
                    err));
    assertThat(d)
        .contains(
            "mle-report: train the classifier",
            JobPhase.MLE_REPORT.description(),
            JobPhase.MLE_PREDICTIONS.description(),
            JobPhase.MLE_SUMMARY.description());
    assertThat(spark.sparkContext().getLocalProperty(JobPhase.PROPERTY)).as("cleared").isNull();
  }

  @Test
  void dataQualityPhases() throws Exception {
    Path job = tmp.resolve("dq.yaml");
    Files.writeString(
        job,
        "input: "
            + input
            + "\ndate-column: date\ngroup-by: [g]\ncolumns:\n  - c\n"
            + "  - {name: v, buckets: quantiles:4}\ncurrent: week\nreference: previous-weeks:4\n");
    StringWriter err = new StringWriter();
    List<String> d =
        descriptionsOf(
            () -> {
              java.io.PrintStream old = System.out;
              try {
                System.setOut(new java.io.PrintStream(new java.io.ByteArrayOutputStream()));
                int code =
                    DataQualityJob.execute(
                        new PrintWriter(err, true),
                        "--config",
                        job.toString(),
                        "--date",
                        "2024-02-20",
                        "--output",
                        tmp.resolve("dq").toString());
                assertThat(code).as(err.toString()).isLessThan(3);
              } finally {
                System.setOut(old);
              }
            });
    assertThat(d)
        .contains(
            "data-quality: compare current and reference",
            JobPhase.DQ_BUCKET_EDGES.description(),
            JobPhase.DQ_HISTORY.description());
    assertThat(spark.sparkContext().getLocalProperty(JobPhase.PROPERTY)).as("cleared").isNull();
  }

  @Test
  void theProgressBarIsForTerminalsAndTheUserDecides() throws IOException {
    SparkConf none = new SparkConf(false);
    assertThat(JobSessions.showConsoleProgress(true, none)).isTrue();
    assertThat(JobSessions.showConsoleProgress(false, none)).isFalse();
    SparkConf off = new SparkConf(false).set(JobSessions.CONSOLE_PROGRESS, "false");
    assertThat(JobSessions.showConsoleProgress(true, off)).isFalse();
  }
}

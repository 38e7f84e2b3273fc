package dev.klspark.klreport;

import dev.klspark.KlsparkException;
import dev.klspark.cli.TableOptions;
import dev.klspark.spark.distribution.ModelTable;
import dev.klspark.spark.publish.OwnedOutput;
import dev.klspark.spark.publish.OwnedTable;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** One kl-report run once its settings are resolved ({@link KlReportJob}). */
final class KlReportRun {
  private KlReportRun() {}

  /**
   * Claims the output directory and the output table (either may be absent), reads the input and
   * the model (paths or tables), runs the report ({@link DivergenceRun}) and prints its summary.
   *
   * @return the summary written to {@code summary.json}
   * @throws KlsparkException on bad input, a refused output or a missing table; the outputs are
   *     then left as they were
   */
  static ReportSummary run(SparkSession spark, KlReportJob.Options o, PrintStream out) {
    Instant started = Instant.now();
    DivergenceRun.Settings s = o.run();
    ReportSummary summary;
    try (OwnedOutput owned =
        TableOptions.claimDir(
            spark,
            "kl-report",
            s.output(),
            "input",
            o.input(),
            "model table",
            o.model(),
            "job file",
            s.jobFile())) {
      OwnedTable table =
          TableOptions.claimTable(spark, s.outputTable(), Arrays.asList(o.input(), o.model()));
      Dataset<Row> input = o.input().read(spark, s.format(), "input", "--input-table");
      Dataset<Row> model =
          o.model() == null
              ? null
              : ModelTable.withCategories(
                  o.model().read(spark, "parquet", "model table", "--model-table"),
                  o.modelCategories());
      summary = DivergenceRun.run(s, owned, table, input, model, started);
    }
    SummaryText.print(out, summary, s);
    return summary;
  }

  /** Runs the report the options describe, a category report or a {@code --value} one. */
  static void dispatch(SparkSession spark, KlReportJob.Options o) {
    if (o.continuous() != null) {
      runContinuous(spark, o, System.out);
    } else {
      run(spark, o, System.out);
    }
  }

  /**
   * The {@code --value} report: claims the output directory and table, reads the input, runs the
   * continuous report ({@link ContinuousRun}) and prints its summary.
   *
   * @return the summary written to {@code summary.json}
   * @throws KlsparkException on bad input, a refused output or a missing table; the outputs are
   *     then left as they were
   */
  static ContinuousSummary runContinuous(
      SparkSession spark, KlReportJob.Options o, PrintStream out) {
    Instant started = Instant.now();
    ContinuousRun.Settings s = o.continuous();
    ContinuousSummary summary;
    try (OwnedOutput owned =
        TableOptions.claimDir(
            spark, "kl-report", s.output(), "input", o.input(), "job file", s.jobFile())) {
      OwnedTable table = TableOptions.claimTable(spark, s.outputTable(), List.of(o.input()));
      Dataset<Row> input = o.input().read(spark, s.format(), "input", "--input-table");
      summary = ContinuousRun.run(s, owned, table, input, started);
    }
    ContinuousText.print(out, summary, s);
    return summary;
  }
}

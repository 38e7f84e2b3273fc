package dev.klspark.job;

import dev.klspark.config.JobSettings;
import dev.klspark.spark.publish.OwnedOutput;
import dev.klspark.spark.publish.OwnedTable;
import dev.klspark.spark.publish.Tables;
import dev.klspark.spark.report.drift.DriftSettings;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * The catalog-table flags of {@code jobs/data-quality} (a picocli mixin): the input and the
 * reference input from tables, and the history in a table; each also a job-file key (its long name
 * without the dashes). {@link #resolve} reads them with the jobs' precedence.
 */
final class DataQualityTables {
  @Option(
      names = "--input-table",
      paramLabel = "NAME",
      description = "Input rows from a catalog table (e.g. local.db.flights), instead of --input.")
  String inputTable;

  @Option(
      names = "--reference-input-table",
      paramLabel = "NAME",
      description = "Separate reference rows from a catalog table, instead of --reference-input.")
  String referenceInputTable;

  @Option(
      names = "--history-table",
      paramLabel = "NAME",
      description =
          "Keep the history in this catalog table (partitioned by report_date; each run replaces"
              + " its date in one commit) instead of OUTPUT/history.")
  String historyTable;

  /**
   * The resolved table settings.
   *
   * @param input the input (path or table)
   * @param referenceInput the separate reference input, or null
   * @param historyTable the history table, or null for the path history
   * @param conf the Spark settings of the session
   */
  record Resolved(
      TableOptions.Source input,
      TableOptions.Source referenceInput,
      String historyTable,
      Map<String, String> conf) {}

  /**
   * Reads the keys: one of {@code input}/{@code input-table} (required), at most one of {@code
   * reference-input}/{@code reference-input-table}, {@code history-table} and {@code spark-conf}.
   *
   * @throws dev.klspark.UsageException naming the flags when both of a pair or neither input is set
   */
  static Resolved resolve(JobSettings s) {
    String history = s.string("history-table", null);
    if (history != null) {
      Tables.parts(history, "--history-table");
    }
    return new Resolved(
        TableOptions.source(s, "input", "input-table", true),
        TableOptions.source(s, "reference-input", "reference-input-table", false),
        history,
        SparkConfOption.resolve(s));
  }

  /**
   * Claims the output: the whole {@code OUTPUT} with the path history, only {@code
   * OUTPUT/runs/DATE} with a history table (whose commits need no lock).
   */
  static OwnedOutput claim(SparkSession spark, DriftSettings o, Resolved t) {
    String dir =
        t.historyTable() == null
            ? o.output()
            : new Path(new Path(o.output(), "runs"), o.date().toString()).toString();
    return TableOptions.claimDir(
        spark,
        "data-quality",
        dir,
        "input",
        t.input(),
        "reference input",
        t.referenceInput(),
        "job file",
        o.jobFile());
  }

  /**
   * Claims the history table, or null without one.
   *
   * @throws dev.klspark.KlsparkException when it is an input table or a table klspark did not
   *     create
   */
  static OwnedTable history(SparkSession spark, Resolved t) {
    if (t.historyTable() == null) {
      return null;
    }
    return OwnedTable.claim(
        spark,
        t.historyTable(),
        "--history-table",
        List.of(
            new dev.klspark.spark.publish.OutputGuard.Input("input table", t.input().table()),
            new dev.klspark.spark.publish.OutputGuard.Input(
                "reference input table",
                t.referenceInput() == null ? null : t.referenceInput().table())));
  }
}

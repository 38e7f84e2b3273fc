package dev.klspark.quality;

import dev.klspark.cli.SparkConfOption;
import dev.klspark.cli.TableOptions;
import dev.klspark.config.JobSettings;
import dev.klspark.spark.publish.Tables;
import java.util.Map;
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
    String history = DataQualitySettings.HISTORY_TABLE.from(s);
    if (history != null) {
      Tables.parts(history, "--history-table");
    }
    return new Resolved(
        TableOptions.source(s, "input", "input-table", true),
        TableOptions.source(s, "reference-input", "reference-input-table", false),
        history,
        SparkConfOption.resolve(s));
  }
}

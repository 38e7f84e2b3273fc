package dev.klspark.cli;

import dev.klspark.UsageException;
import dev.klspark.config.JobSettings;
import dev.klspark.config.Setting;
import dev.klspark.spark.publish.OutputGuard;
import dev.klspark.spark.publish.OwnedOutput;
import dev.klspark.spark.publish.OwnedTable;
import dev.klspark.spark.publish.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * The catalog-table flags of kl-report and mle-report (a picocli mixin): model tables and the
 * output table; with the one rule for a value that a path or a table can give ({@link #source}).
 * The input table is {@link CategoryOptions}'s ({@code --input-table}).
 */
public final class TableOptions {
  /** The key of every command's output directory setting (its default is the command's). */
  private static final String OUTPUT_KEY = "output";

  /** Job-file keys of these flags (= their long names). */
  public static final Set<String> KEYS = Set.of("model-table", "output-table");

  @Option(
      names = "--model-table",
      paramLabel = "NAME",
      description =
          "Model table in a Spark catalog (e.g. local.db.model), instead of --model PATH"
              + " (mle-report: repeatable).")
  List<String> modelTable;

  @Option(
      names = "--output-table",
      paramLabel = "NAME",
      description =
          "Write the report rows to this catalog table in one commit (createOrReplace); only a"
              + " table klspark created (property klspark.owner=klspark) is replaced.")
  public String outputTable;

  /**
   * Where a run reads something from: a path (with a format) or a catalog table.
   *
   * @param path the path, or null
   * @param table the table name, or null
   */
  public record Source(String path, String table) {
    /** The path or the table name, as the summary and the messages show it. */
    public String name() {
      return table != null ? table : path;
    }

    /**
     * Reads it.
     *
     * @param what for messages: {@code input}, {@code model table}
     * @param tableFlag the table's flag, for the "not found" message
     */
    public Dataset<Row> read(SparkSession spark, String format, String what, String tableFlag) {
      return table != null
          ? Tables.read(spark, table, tableFlag)
          : JobIo.read(spark, path, format, what);
    }
  }

  /**
   * One of a path key and a table key ({@code input} / {@code input-table}): the command line's if
   * it gives either, else the job file's.
   *
   * @return the source, or null when neither is set and {@code required} is false
   * @throws UsageException when both are set on the same layer, or neither and {@code required}
   */
  public static Source source(JobSettings s, String pathKey, String tableKey, boolean required) {
    boolean flags = s.fromFlag(pathKey) || s.fromFlag(tableKey);
    String path = !flags || s.fromFlag(pathKey) ? s.path(pathKey, null) : null;
    String table = !flags || s.fromFlag(tableKey) ? one(s, tableKey) : null;
    if (path != null && table != null) {
      throw new UsageException(
          String.format(
              "both %s and %s are set; choose a path or a table",
              s.origin(pathKey), s.origin(tableKey)));
    }
    if (path == null && table == null) {
      if (required) {
        throw new UsageException(
            String.format(
                "no %s: pass --%s PATH or --%s NAME (or %s: / %s: in the job file)",
                pathKey, pathKey, tableKey, pathKey, tableKey));
      }
      return null;
    }
    if (table != null) {
      Tables.parts(table, "--" + tableKey);
    }
    return new Source(path, table);
  }

  /**
   * The output table ({@code output-table}), or null; checked to be a table name. Outputs follow
   * the inputs' rule: when the command line gives {@code --output} or {@code --output-table}, the
   * job file's outputs are ignored.
   *
   * @throws UsageException naming the value when it is not a table name
   */
  public static String outputTable(JobSettings s) {
    String key = CommonSettings.OUTPUT_TABLE.key();
    boolean cli = s.fromFlag(OUTPUT_KEY) || s.fromFlag(key);
    String t = !cli || s.fromFlag(key) ? CommonSettings.OUTPUT_TABLE.from(s) : null;
    if (t != null) {
      Tables.parts(t, "--output-table");
    }
    return t;
  }

  /**
   * The output directory (see {@link #outputTable}): none (null) when only an output table is set,
   * the command's default ({@code output}'s) when neither is.
   *
   * @param output the command's {@code output} setting, which holds its default directory
   */
  public static String outputDir(JobSettings s, Setting<String> output) {
    String table = CommonSettings.OUTPUT_TABLE.key();
    boolean cli = s.fromFlag(output.key()) || s.fromFlag(table);
    if (cli) {
      return s.fromFlag(output.key()) ? output.from(s) : null;
    }
    if (s.has(output.key())) {
      return output.from(s);
    }
    return s.has(table) ? null : output.defaultValue();
  }

  /**
   * Claims the output directory ({@link OwnedOutput#claim}), or null when there is none.
   *
   * @param inputs (what, source) pairs of the run's inputs; tables and null sources are skipped
   */
  public static OwnedOutput claimDir(SparkSession spark, String job, String dir, Object... inputs) {
    if (dir == null) {
      return null;
    }
    List<OutputGuard.Input> paths = new ArrayList<>();
    for (int i = 0; i + 1 < inputs.length; i += 2) {
      String path = inputs[i + 1] instanceof Source src ? src.path() : (String) inputs[i + 1];
      if (path != null) {
        paths.add(new OutputGuard.Input((String) inputs[i], path));
      }
    }
    return OwnedOutput.claim(
        spark.sparkContext().hadoopConfiguration(), job, dir, "--output", paths);
  }

  /**
   * Claims the output table ({@link OwnedTable#claim}), or null when there is none.
   *
   * @param inputs the run's input and model sources (null and path sources are skipped)
   */
  public static OwnedTable claimTable(SparkSession spark, String table, List<Source> inputs) {
    if (table == null) {
      return null;
    }
    List<OutputGuard.Input> tables = new ArrayList<>();
    for (Source in : inputs) {
      if (in != null && in.table() != null) {
        tables.add(new OutputGuard.Input("input or model table", in.table()));
      }
    }
    return OwnedTable.claim(spark, table, "--output-table", tables);
  }

  private static String one(JobSettings s, String key) {
    List<String> tables = s.list(key);
    tables.removeIf(String::isBlank);
    if (tables.size() > 1) {
      throw new UsageException(s.origin(key) + " names " + tables + "; expected one table");
    }
    return tables.isEmpty() ? null : tables.get(0);
  }

  /** Model tables as they are checked: each a table name. */
  public static List<String> modelTables(JobSettings s) {
    List<String> tables = CommonSettings.MODEL_TABLE.from(s);
    tables.removeIf(String::isBlank);
    tables.forEach(t -> Tables.parts(t, "--model-table"));
    return tables;
  }
}

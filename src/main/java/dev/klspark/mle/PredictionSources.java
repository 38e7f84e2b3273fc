package dev.klspark.mle;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import dev.klspark.KlsparkException;
import dev.klspark.UsageException;
import dev.klspark.cli.JobIo;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.engine.ReportPlans;
import dev.klspark.spark.publish.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The models of {@code jobs/mle-report --predictions | --pipeline-model}: each source read (a
 * predictions table) or scored (a saved pipeline over {@code --input}), reduced to the columns the
 * evaluation reads and kept (memory and disk) for its passes, with the report's spec.
 */
final class PredictionSources {
  private PredictionSources() {}

  /** One model's predictions, kept (unpersist when done), and what to evaluate on them. */
  record Model(Dataset<Row> rows, PredictionReport.Spec spec) {}

  /** Without a label column: whether a row is current ({@code --filter}) and reference. */
  static final String CURRENT = "__klspark_current";

  static final String REFERENCE = "__klspark_reference";

  /** Reads a predictions table, or scores the input rows with a saved pipeline. */
  static Model load(
      SparkSession spark, PredictionOptions.Resolved p, PredictionOptions.Source src) {
    if (!src.pipeline()) {
      Dataset<Row> rows =
          src.table()
              ? Tables.read(spark, src.path(), "--predictions-table")
              : JobIo.read(spark, src.path(), p.format(), "predictions");
      PredictionReport.Spec spec = spec(p, src, rows.schema(), List.of());
      return new Model(kept(sides(rows, p), p).persist(StorageLevel.MEMORY_AND_DISK()), spec);
    }
    PipelineModel pipeline = SavedPipeline.load(src.path(), "--pipeline-model");
    Dataset<Row> input = p.input().read(spark, p.format(), "input", "--input-table");
    if (p.labelFree()) {
      // The current and the reference rows are both scored.
      input = sides(input, p);
      input = input.where(col(CURRENT).or(col(REFERENCE)));
    } else if (p.filter() != null) {
      input = input.where(ReportPlans.condition(input, p.filter(), "--filter"));
    }
    Dataset<Row> scored = SavedPipeline.score(pipeline, input, src.path());
    String labelColumn = p.labelFree() ? SavedPipeline.labelColumn(pipeline) : p.labelColumn();
    List<String> found =
        labelColumn == null
            ? List.of()
            : SavedPipeline.labels(pipeline, labelColumn, scored.schema(), p.probabilityColumn());
    if (!p.labels().isEmpty() && !found.isEmpty() && !found.equals(p.labels())) {
      throw new KlsparkException(
          String.format(
              Locale.ROOT,
              "--labels %s differ from the label order %s of the StringIndexerModel in"
                  + " --pipeline-model %s; expected its order (leave --labels out)",
              p.labels(),
              found,
              src.path()));
    }
    Dataset<Row> rows = kept(scored, p);
    PredictionReport.Spec spec = spec(p, src, rows.schema(), found);
    return new Model(rows.persist(StorageLevel.MEMORY_AND_DISK()), spec);
  }

  /**
   * The columns the evaluation reads (groups, label, probabilities), so that one read of a table or
   * one scoring by a pipeline is kept for the three passes over them (the report, the reliability
   * table, MLlib's evaluator).
   */
  private static Dataset<Row> kept(Dataset<Row> rows, PredictionOptions.Resolved p) {
    List<String> keep = new ArrayList<>(p.groupBy());
    if (p.labelFree()) {
      keep.add(CURRENT);
      keep.add(REFERENCE);
    } else {
      keep.add(p.labelColumn());
    }
    keep.add(p.probabilityColumn());
    InputColumns columns = new InputColumns(rows.schema(), "predictions");
    return rows.select(
        keep.stream()
            .map(c -> InputColumns.column(columns.field(c, "column").name()))
            .toArray(Column[]::new));
  }

  /**
   * Without a label column, the rows with two more columns: whether the row is current ({@code
   * --filter}, every row not in the reference without one) and whether it is in the reference
   * ({@code --reference-filter}; none without one). With a label column, the rows as they are.
   */
  private static Dataset<Row> sides(Dataset<Row> rows, PredictionOptions.Resolved p) {
    if (!p.labelFree() || rows.schema().getFieldIndex(CURRENT).isDefined()) {
      return rows;
    }
    Column reference =
        p.referenceFilter() == null
            ? lit(false)
            : coalesce(
                ReportPlans.condition(rows, p.referenceFilter(), "--reference-filter"), lit(false));
    Column current =
        p.filter() == null
            ? not(reference)
            : coalesce(ReportPlans.condition(rows, p.filter(), "--filter"), lit(false));
    return rows.withColumn(CURRENT, current).withColumn(REFERENCE, reference);
  }

  /**
   * The report's spec of one model whose predictions have this schema.
   *
   * @param pipelineLabels the label order of the model's pipeline, empty when it has none
   * @throws KlsparkException if no labels were given or found and the label column has no label
   *     metadata
   */
  private static PredictionReport.Spec spec(
      PredictionOptions.Resolved p,
      PredictionOptions.Source source,
      StructType schema,
      List<String> pipelineLabels) {
    List<String> order = p.labels().isEmpty() ? pipelineLabels : p.labels();
    if (order.isEmpty() && p.labelFree()) {
      throw new KlsparkException(
          "predictions without --label-column need their label order: pass --labels L1,L2,.."
              + (source.pipeline()
                  ? " (found no StringIndexerModel of the classifier's label column in "
                      + source.path()
                      + ")"
                  : ""));
    }
    if (order.isEmpty()) {
      try {
        order = PredictionReport.labelsFromMetadata(schema, p.labelColumn());
      } catch (KlsparkException e) {
        throw new KlsparkException(
            e.getMessage()
                    .replace("(StringIndexerModel.labelsArray()[0])", "with --labels L1,L2,..")
                + (source.pipeline()
                    ? " (found no StringIndexerModel of it in " + source.path() + ")"
                    : ""),
            e);
      }
    }
    return new PredictionReport.Spec(
        p.groupBy(),
        p.labelColumn(),
        p.probabilityColumn(),
        order,
        source.id(),
        p.unit(),
        p.normalization(),
        p.confidenceLevel());
  }

  /** One source per path, named by the ids given (one per path, in order) or the file names. */
  static List<PredictionOptions.Source> named(
      List<String> paths, List<String> ids, String flag, boolean pipeline) {
    if (!ids.isEmpty() && ids.size() != paths.size()) {
      throw new UsageException(
          String.format(
              Locale.ROOT,
              "%d %s-id for %d %s; expected one id per %s, in the same order",
              ids.size(),
              flag,
              paths.size(),
              flag,
              flag.substring(2)));
    }
    List<PredictionOptions.Source> out = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      String id = ids.isEmpty() ? JobIo.modelId(paths.get(i)) : ids.get(i);
      out.add(new PredictionOptions.Source(id, paths.get(i), pipeline, false));
    }
    return out;
  }
}

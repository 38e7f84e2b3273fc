package dev.klspark.mle;

import dev.klspark.KlsparkException;
import dev.klspark.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A saved Spark ML {@code PipelineModel} (written by {@code PipelineModel.write().save(dir)}, by
 * Spark in any language) as a source of per-row predictions: it is loaded with {@code
 * PipelineModel.load}, scores the rows with its own {@code transform}, and names the label order of
 * its probability vectors through the {@code StringIndexerModel} that indexed the label.
 */
public final class SavedPipeline {
  /** The label of a {@code handleInvalid = keep} indexer's extra index, as Spark names it. */
  public static final String UNKNOWN = "__unknown";

  private SavedPipeline() {}

  /**
   * Loads a saved pipeline.
   *
   * @param path the directory {@code PipelineModel.save} wrote
   * @param flag the flag that named it, for messages
   * @throws KlsparkException if the directory does not hold a saved {@code PipelineModel}
   */
  public static PipelineModel load(String path, String flag) {
    try {
      return PipelineModel.load(path);
    } catch (Exception e) { // AnalysisException (a missing path) is a checked exception
      throw new KlsparkException(
          String.format(
              Locale.ROOT,
              "%s %s is not a saved Spark ML PipelineModel (%s); expected the directory"
                  + " PipelineModel.write().save(DIR) wrote",
              flag,
              path,
              Messages.reason(String.valueOf(e.getMessage()))),
          e);
    }
  }

  /**
   * The label order of the pipeline's probability vectors: the labels of the {@code
   * StringIndexerModel} (searched in nested pipelines too) whose input or output column is the
   * label column; empty when there is none, or more than one with different labels. An indexer that
   * keeps invalid labels ({@code handleInvalid = keep}) has an extra index, which becomes an extra
   * class of a classifier trained on its output: when the probability vectors have one entry more
   * than the labels (by the column's ML attribute size; assumed when it has none) the label {@value
   * #UNKNOWN} is appended, as Spark's own label metadata names it.
   *
   * @param model the pipeline
   * @param labelColumn the label column, as read from the scored rows
   * @param scored the schema of the scored rows
   * @param probabilityColumn the probability column of the scored rows
   */
  public static List<String> labels(
      PipelineModel model, String labelColumn, StructType scored, String probabilityColumn) {
    List<StringIndexerModel> found = new ArrayList<>();
    collect(model.stages(), labelColumn, found);
    List<List<String>> orders =
        found.stream().map(s -> List.of(s.labelsArray()[0])).distinct().toList();
    if (orders.size() != 1) {
      return List.of();
    }
    List<String> labels = new ArrayList<>(orders.get(0));
    boolean keeps = found.stream().anyMatch(s -> "keep".equals(s.getHandleInvalid()));
    int size = -1;
    if (keeps
        && scored.getFieldIndex(probabilityColumn).isDefined()
        && scored.apply(probabilityColumn).dataType() instanceof VectorUDT) {
      size = AttributeGroup.fromStructField(scored.apply(probabilityColumn)).size();
    }
    if (keeps && (size < 0 || size == labels.size() + 1)) {
      labels.add(UNKNOWN);
    }
    return List.copyOf(labels);
  }

  /**
   * The label column of the pipeline's last prediction model (a classifier's {@code labelCol}), in
   * nested pipelines too, or null when it has none: where {@link #labels} finds the label order of
   * predictions evaluated without their labels.
   */
  public static String labelColumn(PipelineModel model) {
    String found = null;
    for (Transformer t : model.stages()) {
      if (t instanceof PipelineModel nested) {
        String inner = labelColumn(nested);
        found = inner != null ? inner : found;
      } else if (t instanceof org.apache.spark.ml.PredictionModel<?, ?> p) {
        found = p.getLabelCol();
      }
    }
    return found;
  }

  private static void collect(
      Transformer[] stages, String labelColumn, List<StringIndexerModel> found) {
    for (Transformer t : stages) {
      if (t instanceof PipelineModel nested) {
        collect(nested.stages(), labelColumn, found);
      } else if (t instanceof StringIndexerModel s
          && s.labelsArray().length == 1
          && (s.isDefined(s.inputCol()) && labelColumn.equals(s.getInputCol())
              || s.isDefined(s.outputCol()) && labelColumn.equals(s.getOutputCol()))) {
        found.add(s);
      }
    }
  }

  /**
   * The rows scored by the pipeline (lazily).
   *
   * @throws KlsparkException if the pipeline cannot be applied to the rows' schema (a missing or
   *     mistyped input column), naming the pipeline
   */
  public static Dataset<Row> score(PipelineModel model, Dataset<Row> rows, String path) {
    try {
      Dataset<Row> scored = model.transform(rows);
      scored.schema();
      return scored;
    } catch (Exception e) { // AnalysisException (a missing column) is a checked exception
      throw new KlsparkException(
          String.format(
              Locale.ROOT,
              "--pipeline-model %s cannot score the input: %s; expected the columns it was"
                  + " trained on",
              path,
              Messages.reason(String.valueOf(e.getMessage()))),
          e);
    }
  }
}

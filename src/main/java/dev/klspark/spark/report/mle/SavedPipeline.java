package dev.klspark.spark.report.mle;

import dev.klspark.KlsparkException;
import dev.klspark.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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
   * label column, followed by {@code __unknown} when it keeps invalid labels ({@code handleInvalid
   * = keep}, whose extra index becomes an extra class of a classifier trained on it, named as
   * Spark's own label metadata names it); empty when there is none, or more than one with different
   * labels.
   *
   * @param model the pipeline
   * @param labelColumn the label column, as read from the scored rows
   */
  public static List<String> labels(PipelineModel model, String labelColumn) {
    List<List<String>> found = new ArrayList<>();
    collect(model.stages(), labelColumn, found);
    return found.stream().distinct().count() == 1 ? found.get(0) : List.of();
  }

  private static void collect(Transformer[] stages, String labelColumn, List<List<String>> found) {
    for (Transformer t : stages) {
      if (t instanceof PipelineModel nested) {
        collect(nested.stages(), labelColumn, found);
      } else if (t instanceof StringIndexerModel s
          && s.labelsArray().length == 1
          && (labelColumn.equals(s.getInputCol()) || labelColumn.equals(s.getOutputCol()))) {
        List<String> labels = new ArrayList<>(List.of(s.labelsArray()[0]));
        if ("keep".equals(s.getHandleInvalid())) {
          labels.add(UNKNOWN);
        }
        found.add(List.copyOf(labels));
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
    } catch (Exception e) { // AnalysisException (a missing path) is a checked exception
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

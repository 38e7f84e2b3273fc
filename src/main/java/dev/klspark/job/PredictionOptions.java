package dev.klspark.job;

import dev.klspark.KlsparkException;
import dev.klspark.UsageException;
import dev.klspark.config.JobSettings;
import dev.klspark.config.Setting;
import dev.klspark.math.LogBase;
import dev.klspark.spark.distribution.ModelTable.Normalization;
import dev.klspark.spark.report.mle.PredictionReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Option;

/**
 * mle-report's evaluation of a predictions table (a picocli mixin): per-row predicted distributions
 * of any model, evaluated per group by {@link PredictionReport}; with their resolution (flag &gt;
 * job file &gt; default). With {@code --predictions} the job evaluates only the predictions: no
 * {@code --input}, {@code --category} or candidates. {@code --renormalize} (declared by {@link
 * CandidateOptions}) then rescales the predicted distributions.
 */
final class PredictionOptions {
  static final Setting<String> PREDICTIONS = Setting.path("predictions", null);
  static final Setting<String> PREDICTIONS_ID = Setting.string("predictions-id", null);
  static final Setting<String> LABEL_COLUMN = Setting.string("label-column", null);
  static final Setting<String> PROBABILITY_COLUMN =
      Setting.string("probability-column", "probability");
  static final Setting<List<String>> LABELS = Setting.list("labels");

  static final List<Setting<?>> SETTINGS =
      List.of(PREDICTIONS, PREDICTIONS_ID, LABEL_COLUMN, PROBABILITY_COLUMN, LABELS);

  /** Job-file keys of these flags (= their long names). */
  static final Set<String> KEYS = Set.copyOf(Setting.keys(SETTINGS));

  @Option(
      names = "--predictions",
      paramLabel = "PATH",
      description =
          "Evaluate this predictions table (one row per prediction: group columns, the true label, the predicted distribution) instead of candidate models.")
  String predictions;

  @Option(
      names = "--predictions-id",
      paramLabel = "ID",
      description = "model_id of the predictions (default: the file name).")
  String predictionsId;

  @Option(
      names = "--label-column",
      paramLabel = "COL",
      description = "The true label of each prediction row (the label, or its index in --labels).")
  String labelColumn;

  @Option(
      names = "--probability-column",
      paramLabel = "COL",
      description =
          "The predicted distribution: an MLlib vector, array<double> (in the --labels order) or map<string,double> (default: probability).")
  String probabilityColumn;

  @Option(
      names = "--labels",
      paramLabel = "L1,L2,..",
      split = ",",
      description =
          "The label order of a vector or array (default: the label column's ML attribute metadata).")
  List<String> labels;

  /**
   * The predictions to evaluate, resolved.
   *
   * @param path the predictions table
   * @param format its format ({@code --format})
   * @param id the model id
   * @param labelColumn the true label column
   * @param probabilityColumn the predicted distribution column
   * @param labels the label order, empty for the label column's metadata
   * @param normalization {@code RENORMALIZE} with {@code --renormalize}
   * @param groupBy the group columns ({@code --group-by})
   * @param unit the unit ({@code --unit})
   */
  record Resolved(
      String path,
      String format,
      String id,
      String labelColumn,
      String probabilityColumn,
      List<String> labels,
      Normalization normalization,
      List<String> groupBy,
      LogBase unit) {

    /**
     * The report's spec for a predictions table of this schema.
     *
     * @throws KlsparkException if no labels were given and the label column has no label metadata
     */
    PredictionReport.Spec spec(StructType schema) {
      List<String> order = labels;
      if (order.isEmpty()) {
        try {
          order = PredictionReport.labelsFromMetadata(schema, labelColumn);
        } catch (KlsparkException e) {
          throw new KlsparkException(
              e.getMessage()
                  .replace("(StringIndexerModel.labelsArray()[0])", "with --labels L1,L2,.."),
              e);
        }
      }
      return new PredictionReport.Spec(
          groupBy, labelColumn, probabilityColumn, order, id, unit, normalization);
    }
  }

  /** Whether the settings ask for a predictions table. */
  static boolean given(JobSettings s) {
    return PREDICTIONS.isSetIn(s);
  }

  /**
   * The predictions settings.
   *
   * @throws UsageException if no label column is given, or a setting of the candidate models is
   */
  static Resolved resolve(JobSettings s) {
    String path = PREDICTIONS.from(s);
    String label = LABEL_COLUMN.from(s);
    if (label == null || label.isBlank()) {
      throw new UsageException(
          "--predictions needs --label-column COL (or label-column: in the job file)");
    }
    for (String key : List.of("input", "category", "model", "classifier-features")) {
      if (s.has(key)) {
        throw new UsageException(
            "--predictions evaluates a predictions table alone; remove --" + key);
      }
    }
    String id = PREDICTIONS_ID.from(s);
    if (id == null) {
      Path name = Path.of(path).getFileName();
      id = name == null ? path : name.toString().replaceFirst("\\.[^.]*$", "");
    }
    return new Resolved(
        path,
        CategoryOptions.FORMAT.from(s),
        id,
        label,
        PROBABILITY_COLUMN.from(s),
        LABELS.from(s),
        s.bool("renormalize", false) ? Normalization.RENORMALIZE : Normalization.STRICT,
        CategoryOptions.GROUP_BY.from(s),
        LogBase.parse(CategoryOptions.UNIT.from(s)));
  }
}

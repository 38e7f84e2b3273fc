package dev.klspark.mle;

import dev.klspark.UsageException;
import dev.klspark.cli.CategoryOptions;
import dev.klspark.cli.CommonSettings;
import dev.klspark.cli.SettingFlags;
import dev.klspark.cli.TableOptions;
import dev.klspark.config.JobSettings;
import dev.klspark.config.Setting;
import dev.klspark.math.LogBase;
import dev.klspark.spark.distribution.ModelTable.Normalization;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * mle-report's evaluation of per-row predictions (a picocli mixin): the predicted distributions of
 * any number of models, each a predictions table ({@code --predictions}, repeatable) or a saved
 * Spark ML {@code PipelineModel} that scores the {@code --input} rows ({@code --pipeline-model},
 * repeatable), evaluated per group by {@link PredictionReport} and ranked per group ({@link
 * PredictionComparison}); with their resolution (flag &gt; job file &gt; default). The job then
 * evaluates only the predictions: no {@code --category} or candidates. {@code --renormalize}
 * (declared by {@link CandidateOptions}) rescales the predicted distributions.
 */
final class PredictionOptions implements SettingFlags.Declared {
  static final Setting<List<String>> PREDICTIONS = Setting.paths("predictions");
  static final Setting<List<String>> PREDICTIONS_ID = Setting.list("predictions-id");
  static final Setting<List<String>> PREDICTIONS_TABLE = Setting.list("predictions-table");
  static final Setting<List<String>> PIPELINE_MODEL = Setting.paths("pipeline-model");
  static final Setting<List<String>> PIPELINE_MODEL_ID = Setting.list("pipeline-model-id");
  static final Setting<String> LABEL_COLUMN = Setting.string("label-column", null);
  static final Setting<String> PROBABILITY_COLUMN =
      Setting.string("probability-column", "probability");
  static final Setting<List<String>> LABELS = Setting.list("labels");
  static final Setting<Integer> RELIABILITY_BINS =
      Setting.integer("reliability-bins", ReliabilityTable.DEFAULT_BINS);

  /** The settings behind these flags (their keys are the job-file keys), each declared once. */
  static final List<Setting<?>> SETTINGS =
      List.of(
          PREDICTIONS,
          PREDICTIONS_ID,
          PREDICTIONS_TABLE,
          PIPELINE_MODEL,
          PIPELINE_MODEL_ID,
          LABEL_COLUMN,
          PROBABILITY_COLUMN,
          LABELS,
          RELIABILITY_BINS);

  @Option(
      names = "--predictions",
      paramLabel = "PATH",
      description =
          "Evaluate this predictions table (one row per prediction: group columns, the true label, the predicted distribution) instead of candidate models; repeatable.")
  List<String> predictions;

  @Option(
      names = "--predictions-id",
      paramLabel = "ID",
      description =
          "model_id of the n-th --predictions (repeatable, in the same order; default: the file name).")
  List<String> predictionsId;

  @Option(
      names = "--predictions-table",
      paramLabel = "NAME",
      description =
          "A predictions table in a catalog (model_id: the last part of its name); repeatable.")
  List<String> predictionsTable;

  @Option(
      names = "--pipeline-model",
      paramLabel = "DIR",
      description =
          "Score the --input rows with this saved Spark ML PipelineModel and evaluate its predictions; repeatable.")
  List<String> pipelineModel;

  @Option(
      names = "--pipeline-model-id",
      paramLabel = "ID",
      description =
          "model_id of the n-th --pipeline-model (repeatable, in the same order; default: the directory name).")
  List<String> pipelineModelId;

  @Option(
      names = "--label-column",
      paramLabel = "COL",
      description =
          "The true label of each prediction row (the label, or its index in --labels); without it the predictions are evaluated before their labels.")
  String labelColumn;

  @Option(
      names = "--probability-column",
      paramLabel = "COL",
      description =
          "The predicted distribution: an MLlib vector, array<double> (in the --labels order) or map<string,double> (default: ${DEFAULT-VALUE}).")
  String probabilityColumn;

  @Option(
      names = "--labels",
      paramLabel = "L1,L2,..",
      split = ",",
      description =
          "The label order of a vector or array (default: the pipeline's StringIndexerModel of the label column, else the label column's ML attribute metadata).")
  List<String> labels;

  @Option(
      names = "--reliability-bins",
      paramLabel = "N",
      description = "Probability bins of the reliability table (default: ${DEFAULT-VALUE}).")
  Integer reliabilityBins;

  /**
   * Where one model's predictions come from: a predictions file, a catalog table ({@code table},
   * its name in {@code path}) or a saved pipeline.
   */
  record Source(String id, String path, boolean pipeline, boolean table) {}

  /**
   * The predictions to evaluate, resolved.
   *
   * @param sources the models, in the order given (predictions tables first)
   * @param input the rows the pipelines score ({@code --input} or {@code --input-table}), null
   *     without pipelines
   * @param filter the rows evaluated ({@code --filter}), null for all: with a label column the rows
   *     a pipeline scores; without one the current rows
   * @param format the format of the tables ({@code --format})
   * @param labelColumn the true label column, or null to evaluate the predictions before their
   *     labels ({@link dev.klspark.mle.LabelFreeReport})
   * @param probabilityColumn the predicted distribution column
   * @param labels the label order, empty for the pipeline's or the metadata's
   * @param normalization {@code RENORMALIZE} with {@code --renormalize}
   * @param groupBy the group columns ({@code --group-by})
   * @param unit the unit ({@code --unit})
   * @param reliabilityBins the bins of the reliability table
   * @param confidenceLevel the level of the calibration interval ({@code --confidence-level})
   * @param referenceFilter without a label column, the reference rows ({@code --reference-filter}),
   *     or null
   */
  record Resolved(
      List<Source> sources,
      TableOptions.Source input,
      String filter,
      String format,
      String labelColumn,
      String probabilityColumn,
      List<String> labels,
      Normalization normalization,
      List<String> groupBy,
      LogBase unit,
      int reliabilityBins,
      double confidenceLevel,
      String referenceFilter) {

    /** Whether the predictions are evaluated before their labels (no label column). */
    boolean labelFree() {
      return labelColumn == null;
    }
  }

  /**
   * The predictions settings.
   *
   * @throws UsageException if a label column and a reference filter are given, a setting of the
   *     candidate models is, the ids do not match the predictions, two models share an id, or
   *     pipelines lack {@code --input}
   */
  static Resolved resolve(JobSettings s) {
    List<String> tables = PREDICTIONS.from(s);
    List<String> pipelines = PIPELINE_MODEL.from(s);
    String label = LABEL_COLUMN.from(s);
    String reference = CommonSettings.REFERENCE_FILTER.from(s);
    if (label != null && reference != null) {
      throw new UsageException("--reference-filter is for predictions without --label-column");
    }
    List<String> forbidden = new ArrayList<>(List.of("category", "model", "classifier-features"));
    if (pipelines.isEmpty()) {
      forbidden.addAll(List.of("input", "input-table"));
      if (label != null) {
        forbidden.add("filter");
      }
    }
    for (String key : forbidden) {
      if (s.has(key)) {
        throw new UsageException(
            "--predictions and --pipeline-model evaluate predictions alone"
                + (key.startsWith("input") || key.equals("filter")
                    ? " (--input and --input-table are for --pipeline-model, and --filter for"
                        + " --pipeline-model or predictions without --label-column)"
                    : "")
                + "; remove --"
                + key);
      }
    }
    TableOptions.Source input =
        pipelines.isEmpty() ? null : TableOptions.source(s, "input", "input-table", false);
    if (!pipelines.isEmpty() && input == null) {
      throw new UsageException(
          "--pipeline-model scores rows: pass --input PATH or --input-table NAME");
    }
    List<Source> sources = new ArrayList<>();
    sources.addAll(PredictionSources.named(tables, PREDICTIONS_ID.from(s), "--predictions", false));
    for (String t : PREDICTIONS_TABLE.from(s)) {
      sources.add(new Source(CandidateOptions.tableId(t), t, false, true));
    }
    sources.addAll(
        PredictionSources.named(pipelines, PIPELINE_MODEL_ID.from(s), "--pipeline-model", true));
    Set<String> seen = new HashSet<>();
    for (Source src : sources) {
      if (!seen.add(src.id())) {
        throw new UsageException(
            "two models have the id '"
                + src.id()
                + "'; expected distinct ids (name them with --predictions-id, or rename a"
                + " directory)");
      }
    }
    int bins = RELIABILITY_BINS.from(s);
    double level = CategoryOptions.CONFIDENCE_LEVEL.from(s);
    if (!(level > 0.0 && level < 1.0)) {
      throw new UsageException(
          "--confidence-level " + level + " is not in (0, 1); expected e.g. 0.95");
    }
    ReliabilityTable.requireBins(bins);
    return new Resolved(
        sources,
        input,
        pipelines.isEmpty() && label != null ? null : CategoryOptions.FILTER.from(s),
        CategoryOptions.FORMAT.from(s),
        label,
        PROBABILITY_COLUMN.from(s),
        LABELS.from(s),
        CommonSettings.RENORMALIZE.from(s) ? Normalization.RENORMALIZE : Normalization.STRICT,
        CategoryOptions.GROUP_BY.from(s),
        LogBase.parse(CategoryOptions.UNIT.from(s)),
        bins,
        level,
        reference);
  }

  @Override
  public List<Setting<?>> settings() {
    return SETTINGS;
  }
}

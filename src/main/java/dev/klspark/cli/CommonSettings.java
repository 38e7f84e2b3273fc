package dev.klspark.cli;

import dev.klspark.config.Setting;
import dev.klspark.math.ContinuousSamples;
import dev.klspark.math.Smoothing;
import java.util.List;

/**
 * The settings that mean the same in more than one command, declared once: each command's option
 * gives its own help text, and every command reads the value (and its default) from here.
 */
public final class CommonSettings {
  private CommonSettings() {}

  /** The rows a reference model is fitted on (kl-report) or the candidates fitted (mle-report). */
  public static final Setting<String> REFERENCE_FILTER = Setting.string("reference-filter", null);

  /** Rescale model-table groups whose probabilities do not sum to 1 instead of failing. */
  public static final Setting<Boolean> RENORMALIZE = Setting.bool("renormalize", false);

  /** The smoothing policy of fitted models ({@link Smoothing#parse}). */
  public static final Setting<String> SMOOTHING =
      Setting.string("smoothing", Smoothing.none().spec());

  /** The neighbour rank of the k-nearest-neighbour estimators. */
  public static final Setting<Integer> KNN_K =
      Setting.integer("knn-k", ContinuousSamples.DEFAULT_K);

  /** Model tables in a catalog (repeatable). */
  public static final Setting<List<String>> MODEL_TABLE = Setting.list("model-table");

  /** The output table, or none. */
  public static final Setting<String> OUTPUT_TABLE = Setting.string("output-table", null);
}

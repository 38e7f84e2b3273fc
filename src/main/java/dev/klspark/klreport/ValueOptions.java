package dev.klspark.klreport;

import dev.klspark.cli.CommonSettings;
import dev.klspark.cli.SettingFlags;
import dev.klspark.config.Setting;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * kl-report's flags for a numeric column compared without buckets (a picocli mixin): {@code --value
 * COL} and {@code --knn-k K}, each declared once as a {@link Setting}, and the resolution of a
 * {@code --value} run's settings ({@link #resolve}).
 */
final class ValueOptions implements SettingFlags.Declared {
  static final Setting<String> VALUE = Setting.string("value", null);
  static final Setting<Integer> KNN_K = CommonSettings.KNN_K;

  /** These settings, in the order of the flags. */
  static final List<Setting<?>> SETTINGS = List.of(VALUE, KNN_K);

  /**
   * Settings that describe categories or a model table, which a {@code --value} report (two samples
   * of a numeric column, no buckets, no model) cannot use.
   */
  static final List<String> CATEGORICAL_ONLY =
      List.of(
          "category",
          "bucket-splits",
          "bucket-labels",
          "null-category",
          "model",
          "model-table",
          "model-categories",
          "weight",
          "renormalize",
          "smoothing");

  @Option(
      names = "--value",
      paramLabel = "COL",
      description =
          "Compare a numeric column as it is, without buckets: per group, the --filter rows'"
              + " values against the --reference-filter rows' (Kolmogorov-Smirnov, Wasserstein-1,"
              + " k-NN KL). Replaces --category.")
  String value;

  @Option(
      names = "--knn-k",
      paramLabel = "K",
      description =
          "Neighbour rank of the k-NN KL estimate with --value (default: ${DEFAULT-VALUE}).")
  Integer knnK;

  @Override
  public List<Setting<?>> settings() {
    return SETTINGS;
  }
}

package dev.klspark.mle;

import dev.klspark.cli.SettingFlags;
import dev.klspark.config.JobSettings;
import dev.klspark.config.Setting;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * mle-report's flags for the classifier candidate (a picocli mixin) and their resolution (flag &gt;
 * job file &gt; default) into {@link MleClassifier.Settings}.
 */
final class ClassifierOptions implements SettingFlags.Declared {
  static final Setting<List<String>> FEATURES = Setting.list("classifier-features");
  static final Setting<Double> SAMPLE = Setting.number("classifier-sample", 1.0);
  static final Setting<Integer> MAX_ITER = Setting.integer("classifier-max-iter", 25);

  /** The settings behind these flags, each declared once. */
  static final List<Setting<?>> SETTINGS = List.of(FEATURES, SAMPLE, MAX_ITER);

  /** Job-file keys of these flags (= their long names). */
  static final Set<String> KEYS = Setting.keys(SETTINGS);

  @Option(
      names = "--classifier-features",
      paramLabel = "EXPRS",
      description =
          "Train a multinomial logistic regression (candidate 'logistic_regression') on the reference rows with these Spark SQL feature expressions (string results one-hot encoded), comma-separated.")
  String features;

  @Option(
      names = "--classifier-sample",
      paramLabel = "FRACTION",
      description =
          "Fraction of the reference rows the classifier is trained on (default: ${DEFAULT-VALUE}).")
  Double sample;

  @Option(
      names = "--classifier-max-iter",
      paramLabel = "N",
      description = "Iterations of the classifier's optimiser (default: ${DEFAULT-VALUE}).")
  Integer maxIter;

  /**
   * The classifier settings, with empty features when no classifier is asked for.
   *
   * @throws IllegalArgumentException if the sample fraction or the iterations are out of range
   */
  static MleClassifier.Settings resolve(JobSettings s) {
    List<String> features = new java.util.ArrayList<>(FEATURES.from(s));
    features.removeIf(String::isEmpty);
    return new MleClassifier.Settings(
        features, SAMPLE.from(s), MAX_ITER.from(s), PredictionOptions.RELIABILITY_BINS.from(s));
  }

  /** Records the settings in the summary's parameters. */
  static void putParameters(Map<String, Object> params, MleClassifier.Settings c) {
    params.put("classifier_features", c.features());
    params.put("classifier_sample", c.sample());
    params.put("classifier_max_iter", c.maxIter());
    params.put("classifier_eps", PredictionReport.MLLIB_EPS);
    params.put("reliability_bins", c.reliabilityBins());
  }

  @Override
  public List<Setting<?>> settings() {
    return SETTINGS;
  }
}

package dev.klspark.mle;

import dev.klspark.config.JobSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * mle-report's flags for the classifier candidate (a picocli mixin) and their resolution (flag &gt;
 * job file &gt; default) into {@link MleClassifier.Settings}.
 */
final class ClassifierOptions {
  /** Job-file keys of these flags (= their long names). */
  static final Set<String> KEYS =
      Set.of("classifier-features", "classifier-sample", "classifier-max-iter");

  @Option(
      names = "--classifier-features",
      paramLabel = "EXPRS",
      description =
          "Train a multinomial logistic regression (candidate 'logistic_regression') on the reference rows with these Spark SQL feature expressions (string results one-hot encoded), comma-separated.")
  String features;

  @Option(
      names = "--classifier-sample",
      paramLabel = "FRACTION",
      description = "Fraction of the reference rows the classifier is trained on (default 1).")
  Double sample;

  @Option(
      names = "--classifier-max-iter",
      paramLabel = "N",
      description = "Iterations of the classifier's optimiser (default 25).")
  Integer maxIter;

  /**
   * The classifier settings, with empty features when no classifier is asked for.
   *
   * @throws IllegalArgumentException if the sample fraction or the iterations are out of range
   */
  static MleClassifier.Settings resolve(JobSettings s) {
    List<String> features = s.list("classifier-features");
    features.removeIf(String::isEmpty);
    double sample =
        s.has("classifier-sample") ? Double.parseDouble(s.string("classifier-sample", "1")) : 1.0;
    return new MleClassifier.Settings(
        features,
        sample,
        s.integer("classifier-max-iter", 25),
        PredictionOptions.RELIABILITY_BINS.from(s));
  }

  /** Records the settings in the summary's parameters. */
  static void putParameters(Map<String, Object> params, MleClassifier.Settings c) {
    params.put("classifier_features", c.features());
    params.put("classifier_sample", c.sample());
    params.put("classifier_max_iter", c.maxIter());
    params.put("classifier_eps", PredictionReport.MLLIB_EPS);
    params.put("reliability_bins", c.reliabilityBins());
  }
}

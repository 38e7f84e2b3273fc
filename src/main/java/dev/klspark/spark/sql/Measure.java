package dev.klspark.spark.sql;

import dev.klspark.math.CrossEntropy;
import dev.klspark.math.Entropy;
import dev.klspark.math.ExpectedLogLoss;
import dev.klspark.math.HellingerDistance;
import dev.klspark.math.JeffreysDivergence;
import dev.klspark.math.JsDistance;
import dev.klspark.math.JsDivergence;
import dev.klspark.math.KlDivergence;
import dev.klspark.math.LogBase;
import dev.klspark.math.PopulationStabilityIndex;
import dev.klspark.math.TotalVariationDistance;

/**
 * The measures over one or two discrete distributions exposed in SQL, each bound to its kernel in
 * {@code dev.klspark.math}. The ordinal travels as an int literal into the generated code, which
 * calls {@link ScalarBindings}.
 */
enum Measure {
  ENTROPY("entropy", 1, true),
  CROSS_ENTROPY("cross_entropy", 2, true),
  KL_DIVERGENCE("kl_divergence", 2, true),
  JS_DIVERGENCE("js_divergence", 2, true),
  JS_DISTANCE("js_distance", 2, true),
  HELLINGER_DISTANCE("hellinger_distance", 2, false),
  TOTAL_VARIATION_DISTANCE("total_variation_distance", 2, false),
  JEFFREYS_DIVERGENCE("jeffreys_divergence", 2, true),
  POPULATION_STABILITY_INDEX("population_stability_index", 2, true),
  /** H(q) of one row's prediction: the entropy, its argument checked and named as a prediction. */
  PREDICTIVE_ENTROPY("predictive_entropy", 1, true, "prediction");

  private static final Measure[] VALUES = values();

  final String sqlName;
  final int distributions;
  final boolean hasUnit;

  /** The name of the first distribution argument, in signatures and messages: p or prediction. */
  final String first;

  Measure(String sqlName, int distributions, boolean hasUnit) {
    this(sqlName, distributions, hasUnit, "p");
  }

  Measure(String sqlName, int distributions, boolean hasUnit, String first) {
    this.sqlName = sqlName;
    this.distributions = distributions;
    this.hasUnit = hasUnit;
    this.first = first;
  }

  static Measure of(int ordinal) {
    return VALUES[ordinal];
  }

  /** Delegates to the kernel; p and q are aligned, q is ignored for the measures of one. */
  double apply(double[] p, double[] q, LogBase base) {
    return switch (this) {
      case ENTROPY -> Entropy.of(p, base);
      case CROSS_ENTROPY -> CrossEntropy.of(p, q, base);
      case KL_DIVERGENCE -> KlDivergence.of(p, q, base);
      case JS_DIVERGENCE -> JsDivergence.of(p, q, base);
      case JS_DISTANCE -> JsDistance.of(p, q, base);
      case HELLINGER_DISTANCE -> HellingerDistance.of(p, q);
      case TOTAL_VARIATION_DISTANCE -> TotalVariationDistance.of(p, q);
      case JEFFREYS_DIVERGENCE -> JeffreysDivergence.of(p, q, base);
      case POPULATION_STABILITY_INDEX -> PopulationStabilityIndex.of(p, q, base);
      case PREDICTIVE_ENTROPY -> ExpectedLogLoss.predictiveEntropy(p, base);
    };
  }
}

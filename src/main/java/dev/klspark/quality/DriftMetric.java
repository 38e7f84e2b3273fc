package dev.klspark.quality;

import dev.klspark.quality.MonitoredColumn.Kind;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics a threshold can be set on: job-file name, history column, direction, and the columns
 * it is computed for. Each metric has one name: its history column without the unit suffix ({@code
 * psi} for {@code psi_nats}, {@code hellinger_distance}), which is also its key in {@code
 * thresholds:} and {@code main-metric}; the p-value's column is the adjusted one. {@code psi} is
 * the SQL function {@code population_stability_index} (the kernel {@code
 * dev.klspark.math.PopulationStabilityIndex}).
 *
 * <p>The divergences, distances and the KL interval are computed for categorical and bucketed
 * columns ({@link Kind#CATEGORIES}); {@code ks_statistic}, {@code wasserstein_distance} and {@code
 * kl_divergence_knn} for value columns ({@code compare: values}, {@link Kind#VALUES}); {@code
 * p_value} for both: the G-test's for categories, the two-sample Kolmogorov–Smirnov test's for
 * values. Prediction columns ({@code compare: predictions}, {@link Kind#PREDICTIONS}) have the
 * divergences and distances of their mean predictions (KL(Q̄_current ‖ Q̄_reference), ...: the
 * prediction drift), {@code expected_nll} and {@code expected_nll_change}, and no p-value. A metric
 * outside its scope ({@link #kinds()}) is null in the row.
 */
public enum DriftMetric {
  KL_DIVERGENCE("kl_divergence", "kl_divergence_nats", true),
  /**
   * The lower end of the confidence interval for KL(current ‖ reference): a level reached by it
   * means "KL is above the level with that confidence".
   */
  KL_DIVERGENCE_CI_LOW("kl_divergence_ci_low", "kl_divergence_ci_low_nats", true),
  REVERSE_KL_DIVERGENCE("reverse_kl_divergence", "reverse_kl_divergence_nats", true),
  JS_DIVERGENCE("js_divergence", "js_divergence_nats", true),
  /** The population stability index sum (p - q) ln(p / q), in nats. */
  PSI("psi", "psi_nats", true),
  HELLINGER_DISTANCE("hellinger_distance", "hellinger_distance", true),
  TOTAL_VARIATION_DISTANCE("total_variation_distance", "total_variation_distance", true),
  /**
   * The Benjamini-Hochberg adjusted p-value (G-test for categories, two-sample Kolmogorov–Smirnov
   * for values): lower is worse.
   */
  P_VALUE("p_value", "p_value_adjusted", false),
  /**
   * Value columns: the two-sample Kolmogorov–Smirnov statistic D = sup_v |F_current(v) −
   * F_reference(v)| of the empirical distribution functions, in [0, 1].
   */
  KS_STATISTIC("ks_statistic", "ks_statistic", true),
  /**
   * Value columns: the Wasserstein-1 distance ∫ |F_current(v) − F_reference(v)| dv, in the column's
   * unit (so its levels belong in {@code column-thresholds}).
   */
  WASSERSTEIN_DISTANCE("wasserstein_distance", "wasserstein_distance", true),
  /**
   * Value columns: the k-nearest-neighbour estimate of KL(current ‖ reference) in nats (Wang,
   * Kulkarni and Verdú 2009, k = 5); a finite-sample estimate may be slightly negative.
   */
  KL_DIVERGENCE_KNN("kl_divergence_knn", "kl_divergence_knn_nats", true),
  /**
   * Prediction columns: the expected log-loss of the current rows' predictions if their labels are
   * drawn from them, the mean predictive entropy (1/n) Σ_i H(q_i) in nats ({@code
   * dev.klspark.math.ExpectedLogLoss}); higher: a less confident model.
   */
  EXPECTED_NLL("expected_nll", "expected_nll_nats", true),
  /**
   * Prediction columns: the current expected log-loss minus the reference's, in nats; positive when
   * the model became less confident.
   */
  EXPECTED_NLL_CHANGE("expected_nll_change", "expected_nll_change_nats", true);

  private static final Logger LOG = LoggerFactory.getLogger(DriftMetric.class);

  /** Keys of klspark 0.1 still accepted, each with a warning naming its replacement. */
  static final Map<String, String> DEPRECATED_KEYS =
      Map.of("hellinger", "hellinger_distance", "total_variation", "total_variation_distance");

  private final String key;
  private final String column;
  private final boolean higherIsWorse;

  DriftMetric(String key, String column, boolean higherIsWorse) {
    this.key = key;
    this.column = column;
    this.higherIsWorse = higherIsWorse;
  }

  /** The name in job files ({@code thresholds:}, {@code main-metric}). */
  public String key() {
    return key;
  }

  /** The history column holding the value. */
  public String column() {
    return column;
  }

  /** The kinds of column the metric is computed for. */
  public Set<Kind> kinds() {
    return switch (this) {
      case P_VALUE -> EnumSet.of(Kind.CATEGORIES, Kind.VALUES);
      case KS_STATISTIC, WASSERSTEIN_DISTANCE, KL_DIVERGENCE_KNN -> EnumSet.of(Kind.VALUES);
      case KL_DIVERGENCE_CI_LOW -> EnumSet.of(Kind.CATEGORIES);
      case EXPECTED_NLL, EXPECTED_NLL_CHANGE -> EnumSet.of(Kind.PREDICTIONS);
      default -> EnumSet.of(Kind.CATEGORIES, Kind.PREDICTIONS);
    };
  }

  /** Whether the metric is computed for a column of this kind. */
  public boolean appliesTo(Kind kind) {
    return kinds().contains(kind);
  }

  /** Whether larger values mean more drift (all but the p-value). */
  public boolean higherIsWorse() {
    return higherIsWorse;
  }

  /**
   * Whether {@code value} reaches {@code level} ({@code >=} for distances, {@code <=} for the
   * p-value).
   */
  public boolean reaches(double value, double level) {
    return higherIsWorse ? value >= level : value <= level;
  }

  /** The comparison operator as text, for messages. */
  public String operator() {
    return higherIsWorse ? ">=" : "<=";
  }

  /**
   * The metric with this job-file name (or history column). A deprecated key ({@code hellinger},
   * {@code total_variation}) is accepted with a warning line in the log naming its replacement.
   *
   * @throws IllegalArgumentException naming the known metrics
   */
  public static DriftMetric of(String key) {
    String replacement = DEPRECATED_KEYS.get(key);
    if (replacement != null) {
      LOG.warn("metric '{}' is deprecated; use '{}'", key, replacement);
      key = replacement;
    }
    for (DriftMetric m : values()) {
      if (m.key.equals(key) || m.column.equals(key)) {
        return m;
      }
    }
    StringBuilder known = new StringBuilder();
    for (DriftMetric m : values()) {
      known.append(known.length() == 0 ? "" : ", ").append(m.key);
    }
    throw new IllegalArgumentException(
        String.format(Locale.ROOT, "unknown metric '%s'; expected one of %s", key, known));
  }
}

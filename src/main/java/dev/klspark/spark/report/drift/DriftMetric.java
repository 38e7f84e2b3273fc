package dev.klspark.spark.report.drift;

import java.util.Locale;

/** The metrics a threshold can be set on: job-file name, history column, direction. */
public enum DriftMetric {
  KL_DIVERGENCE("kl_divergence", "kl_divergence_nats", true),
  /**
   * The lower end of the confidence interval for KL(current ‖ reference): a level reached by it
   * means "KL is above the level with that confidence".
   */
  KL_DIVERGENCE_CI_LOW("kl_divergence_ci_low", "kl_divergence_ci_low_nats", true),
  REVERSE_KL_DIVERGENCE("reverse_kl_divergence", "reverse_kl_divergence_nats", true),
  JS_DIVERGENCE("js_divergence", "js_divergence_nats", true),
  PSI("psi", "psi_nats", true),
  HELLINGER("hellinger", "hellinger_distance", true),
  TOTAL_VARIATION("total_variation", "total_variation_distance", true),
  /** The Benjamini-Hochberg adjusted G-test p-value: lower is worse. */
  P_VALUE("p_value", "p_value_adjusted", false);

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

  /** Whether larger values mean more drift (all but the p-value). */
  public boolean higherIsWorse() {
    return higherIsWorse;
  }

  /** Whether {@code value} reaches {@code level} (>= for distances, <= for the p-value). */
  public boolean reaches(double value, double level) {
    return higherIsWorse ? value >= level : value <= level;
  }

  /** The comparison operator as text, for messages. */
  public String operator() {
    return higherIsWorse ? ">=" : "<=";
  }

  /**
   * The metric with this job-file name.
   *
   * @throws IllegalArgumentException naming the known metrics
   */
  public static DriftMetric of(String key) {
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

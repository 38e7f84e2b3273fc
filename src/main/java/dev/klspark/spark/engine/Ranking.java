package dev.klspark.spark.engine;

import static org.apache.spark.sql.functions.col;

import dev.klspark.UsageException;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.sql.Column;

/**
 * How the top groups of a divergence report are ranked ({@code --rank-by}). The default, {@code
 * kl_ci_low}, ranks by the lower confidence bound of KL(P ‖ Q): "KL is at least this large", so a
 * group of three rows with a large plug-in KL (mostly noise and first-order bias) does not head the
 * list; a tie (e.g. several bounds at 0) is broken by the p-value, then by n.
 */
public enum Ranking {
  /** The plug-in KL(P̂ ‖ Q), largest first. */
  KL("kl"),
  /** The lower bound of the confidence interval for KL(P ‖ Q), largest first. */
  KL_CI_LOW("kl_ci_low"),
  /** The G-test p-value, smallest first. */
  P_VALUE("p_value"),
  /** The G statistic, largest first. */
  G_STATISTIC("g_statistic");

  private final String name;

  Ranking(String name) {
    this.name = name;
  }

  /** The flag value. */
  public String label() {
    return name;
  }

  /**
   * Parses a {@code --rank-by} value.
   *
   * @throws UsageException naming the value and the accepted ones
   */
  public static Ranking parse(String s) {
    for (Ranking r : values()) {
      if (r.name.equals(s.trim().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new UsageException(
        "--rank-by '"
            + s
            + "' is not a ranking; expected one of "
            + Arrays.stream(values()).map(Ranking::label).toList());
  }

  /** The report's sort order for this ranking, in unit {@code u}. */
  public Column[] order(String u) {
    Column n = col("n").desc();
    Column kl = col("kl_divergence_" + u).desc_nulls_last();
    Column p = col("p_value").asc_nulls_last();
    return switch (this) {
      case KL -> new Column[] {kl, n};
      case KL_CI_LOW -> new Column[] {col("kl_divergence_ci_low_" + u).desc_nulls_last(), p, kl, n};
      case P_VALUE -> new Column[] {p, col("g_statistic").desc_nulls_last(), n};
      case G_STATISTIC -> new Column[] {col("g_statistic").desc_nulls_last(), n};
    };
  }

  /** The column a reader looks at for this ranking, in unit {@code u}. */
  public String column(String u) {
    return switch (this) {
      case KL -> "kl_divergence_" + u;
      case KL_CI_LOW -> "kl_divergence_ci_low_" + u;
      case P_VALUE -> "p_value";
      case G_STATISTIC -> "g_statistic";
    };
  }
}

package dev.klspark.klreport;

import static org.apache.spark.sql.functions.col;

import dev.klspark.UsageException;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.sql.Column;

/**
 * How the top groups of a continuous kl-report are ranked ({@code --rank-by} with {@code --value}).
 * The default, {@code ks_ci_low}, ranks by the lower confidence bound of the distance between the
 * current and the reference distributions ({@code ks_statistic_ci_low}): "they differ by at least
 * this much", so a group of three rows with a large KS statistic (mostly noise) does not head the
 * list; ties (e.g. several bounds at 0) are broken by the adjusted p-value, then by n.
 */
public enum ContinuousRanking {
  /** The lower confidence bound of the KS distance, largest first. */
  KS_CI_LOW("ks_ci_low", "ks_statistic_ci_low"),
  /** The KS statistic, largest first. */
  KS("ks", "ks_statistic"),
  /** The KS p-value, smallest first. */
  P_VALUE("p_value", "ks_p_value"),
  /** The Wasserstein-1 distance, largest first. */
  WASSERSTEIN("wasserstein", "wasserstein_distance"),
  /** The k-NN KL divergence, largest first. */
  KL("kl", "kl_divergence_knn");

  private final String label;
  private final String column;

  ContinuousRanking(String label, String column) {
    this.label = label;
    this.column = column;
  }

  /** The flag value. */
  public String label() {
    return label;
  }

  /**
   * Parses a {@code --rank-by} value.
   *
   * @throws UsageException naming the value and the accepted ones
   */
  public static ContinuousRanking parse(String s) {
    for (ContinuousRanking r : values()) {
      if (r.label.equals(s.trim().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new UsageException(
        "--rank-by '"
            + s
            + "' is not a ranking of a --value report; expected one of "
            + Arrays.stream(values()).map(ContinuousRanking::label).toList());
  }

  /** The column a reader looks at for this ranking, in unit {@code u} (for the KL). */
  public String column(String u) {
    return this == KL ? column + "_" + u : column;
  }

  /** The report's sort order for this ranking. */
  public Column[] order(String u) {
    Column n = col("n").desc();
    Column p = col("p_value_adjusted").asc_nulls_last();
    Column main = this == P_VALUE ? col(column).asc_nulls_last() : col(column(u)).desc_nulls_last();
    return new Column[] {main, p, col("ks_statistic").desc_nulls_last(), n};
  }
}

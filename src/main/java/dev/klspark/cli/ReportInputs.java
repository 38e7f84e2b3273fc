package dev.klspark.cli;

import dev.klspark.KlsparkException;
import dev.klspark.UsageException;
import dev.klspark.config.JobSettings;
import dev.klspark.math.LogBase;
import java.util.List;
import java.util.Locale;

/**
 * The settings every kl-report and mle-report run reads, categorical or not ({@link
 * CategoryOptions}'s flags): where the rows come from, the groups, the evaluated rows, the unit,
 * the confidence level and the Spark master.
 */
public final class ReportInputs {
  private ReportInputs() {}

  /** The shared settings, resolved. */
  public record Shared(
      TableOptions.Source source,
      String input,
      String format,
      List<String> groupBy,
      String filter,
      LogBase unit,
      double confidenceLevel,
      String master) {}

  /**
   * Applies defaults and checks the shared settings (flag &gt; job file &gt; default).
   *
   * @throws KlsparkException naming the flag and what was expected
   */
  public static Shared resolve(JobSettings s) {
    TableOptions.Source in =
        TableOptions.source(
            s, CategoryOptions.INPUT.key(), CategoryOptions.INPUT_TABLE.key(), true);
    LogBase u;
    try {
      u = LogBase.parse(CategoryOptions.UNIT.from(s));
    } catch (IllegalArgumentException e) {
      throw new KlsparkException(e.getMessage(), e);
    }
    String fmt = CategoryOptions.FORMAT.from(s).toLowerCase(Locale.ROOT);
    if (!List.of("parquet", "csv", "json").contains(fmt)) {
      throw new KlsparkException(
          "format '" + fmt + "' is not supported; expected parquet, csv or json");
    }
    double level = CategoryOptions.CONFIDENCE_LEVEL.from(s);
    if (!(level > 0.0 && level < 1.0)) {
      throw new UsageException(
          "--confidence-level " + level + " is not in (0, 1); expected e.g. 0.95");
    }
    return new Shared(
        in,
        in.name(),
        fmt,
        CategoryOptions.GROUP_BY.from(s),
        CategoryOptions.FILTER.from(s),
        u,
        level,
        CategoryOptions.MASTER.from(s));
  }
}

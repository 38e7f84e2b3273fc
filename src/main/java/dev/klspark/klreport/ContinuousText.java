package dev.klspark.klreport;

import dev.klspark.cli.JobIo;
import dev.klspark.spark.engine.ReportColumns;
import dev.klspark.spark.engine.ReportFormats;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The console summary of a continuous kl-report run: the group and value counts, how many groups
 * differ, and the table of the top groups with the evidence for each (the KS statistic and its
 * lower confidence bound, the adjusted p-value, W₁ and the k-NN KL).
 */
public final class ContinuousText {
  private ContinuousText() {}

  /** Prints the summary of a run with settings {@code s}, then where its HTML report is. */
  public static void print(PrintStream out, ContinuousSummary summary, ContinuousRun.Settings s) {
    String u = s.unit().suffix();
    String table = s.outputTable() == null ? null : "table " + s.outputTable();
    String where =
        s.output() == null ? table : (table == null ? s.output() : s.output() + ", " + table);
    out.printf(
        Locale.ROOT,
        "kl-report: %d groups %s, %d current and %d reference values of %s (%d null, %d NaN or"
            + " infinite, excluded); output %s%n",
        summary.groups(),
        summary.statusCounts(),
        summary.currentValues(),
        summary.referenceValues(),
        s.value(),
        summary.nullValues(),
        summary.nonFiniteValues(),
        where);
    out.printf(
        Locale.ROOT,
        "%d of %d tested groups differ from their reference (Kolmogorov-Smirnov,"
            + " Benjamini-Hochberg adjusted p < 0.05)%n",
        summary.significant(),
        summary.tested());
    if (!summary.top().isEmpty()) {
      out.println(
          "top "
              + summary.top().size()
              + " groups by "
              + summary.ranking().column(u)
              + (summary.minN() > 0 ? " with n >= " + summary.minN() : "")
              + " ("
              + ReportFormats.num(s.confidenceLevel() * 100).replaceAll("\\.?0+$", "")
              + "% lower bounds; k-NN KL with k = "
              + s.k()
              + "):");
      List<String> cols = new ArrayList<>(s.groupBy());
      cols.addAll(
          List.of(
              ReportColumns.N,
              "n_reference",
              "ks_statistic",
              "ks_statistic_ci_low",
              ReportColumns.P_VALUE_ADJUSTED,
              "wasserstein_distance",
              "kl_divergence_knn_" + u,
              ReportColumns.STATUS));
      ReportFormats.printTable(out, cols, s.groupBy().size(), summary.top());
    }
    if (s.output() != null) {
      out.println("HTML report: " + JobIo.location(s.output(), ContinuousRun.HTML));
    }
  }
}

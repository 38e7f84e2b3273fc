package dev.klspark.klreport;

import static dev.klspark.spark.engine.ReportColumns.inUnit;

import dev.klspark.cli.JobIo;
import dev.klspark.math.LogBase;
import dev.klspark.spark.engine.ReportColumns;
import dev.klspark.spark.engine.ReportFormats;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The console summary of a kl-report run: the group and row counts, the n-weighted totals, and the
 * table of the top groups with the evidence for each (plug-in and bias-corrected KL, the confidence
 * interval for KL, the adjusted p-value). Group columns are left-aligned, numbers right-aligned.
 */
public final class SummaryText {
  private SummaryText() {}

  /** Where the run wrote: {@code DIR}, {@code table T} or {@code DIR, table T}. */
  static String where(DivergenceRun.Settings s) {
    String table = s.outputTable() == null ? null : "table " + s.outputTable();
    if (s.output() == null) {
      return table;
    }
    return table == null ? s.output() : s.output() + ", " + table;
  }

  /** Prints the summary of a run with settings {@code s}, then where its HTML report is. */
  public static void print(PrintStream out, ReportSummary summary, DivergenceRun.Settings s) {
    printTotals(out, summary, s);
    if (s.output() != null) {
      out.println("HTML report: " + JobIo.location(s.output(), DivergenceRun.HTML));
    }
  }

  private static void printTotals(
      PrintStream out, ReportSummary summary, DivergenceRun.Settings s) {
    LogBase unit = s.unit();
    out.printf(
        Locale.ROOT,
        "kl-report: %d groups %s, %.0f observed rows (%.0f with a null category); output %s%n",
        summary.groups(),
        summary.statusCounts(),
        summary.observedRows(),
        summary.nullRows(),
        where(s));
    Map<String, Double> c = summary.conditional();
    out.printf(
        Locale.ROOT,
        "overall (n-weighted over ok groups): H(C|G) = %s, cross-entropy = %s, KL = %s %s%n",
        ReportFormats.num(c.get(inUnit("entropy", unit))),
        ReportFormats.num(c.get(inUnit("cross_entropy", unit))),
        ReportFormats.num(c.get(inUnit("kl_divergence", unit))),
        unit.suffix());
    if (summary.top().isEmpty()) {
      return;
    }
    out.println(
        "top "
            + summary.top().size()
            + " groups by "
            + summary.ranking().column(unit.suffix())
            + (summary.minN() > 0 ? " with n >= " + ReportFormats.num(summary.minN()) : "")
            + (s.weight() == null
                ? " ("
                    + ReportFormats.num(s.confidenceLevel() * 100).replaceAll("\\.?0+$", "")
                    + "% intervals)"
                : " (weighted: no intervals)")
            + ":");
    List<String> cols = new ArrayList<>(s.groupBy());
    cols.addAll(
        List.of(
            ReportColumns.N,
            inUnit("kl_divergence", unit),
            inUnit("kl_divergence_bias_corrected", unit),
            inUnit("kl_divergence_ci_low", unit),
            inUnit("kl_divergence_ci_high", unit),
            ReportColumns.P_VALUE_ADJUSTED,
            ReportColumns.STATUS));
    printTable(out, cols, s.groupBy().size(), summary.top());
  }

  /**
   * The rows as an aligned table: the first {@code left} columns left-aligned, the rest right
   * ({@link ReportFormats#printTable}).
   */
  public static void printTable(
      PrintStream out, List<String> cols, int left, List<Map<String, Object>> rows) {
    ReportFormats.printTable(out, cols, left, rows);
  }
}

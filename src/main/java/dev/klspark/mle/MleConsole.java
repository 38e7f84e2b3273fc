package dev.klspark.mle;

import dev.klspark.cli.Formats;
import dev.klspark.cli.JobIo;
import dev.klspark.spark.engine.ReportColumns;
import dev.klspark.spark.engine.ReportFormats;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The console form of an mle-report run's summary ({@link MleSummary}, {@link GaussianSummary}) and
 * of a labelled predictions run's miscalibrated segments ({@link Miscalibration}).
 */
final class MleConsole {
  private MleConsole() {}

  /**
   * Prints the run's summary: groups and statuses, the models ranked over the common groups, the
   * checks, the classifier's log-loss and the Gaussian totals.
   *
   * @param output the output directory, as given
   * @param gaussianColumn the Gaussian report's column (printed with its totals)
   * @param g the Gaussian totals, or null without a Gaussian report
   */
  static void print(
      PrintStream out, MleSummary s, String output, String gaussianColumn, GaussianSummary g) {
    String u = s.unit().suffix();
    out.printf(
        Locale.ROOT,
        "mle-report: %s groups, %.0f evaluated rows (%.0f with a null category); output %s%n",
        s.groups(),
        s.evaluatedRows(),
        s.nullRows(),
        output);
    out.printf(Locale.ROOT, "groups by model and status: %s%n", s.statusesByModel());
    out.printf(
        Locale.ROOT,
        "models ranked by mean NLL over the %s groups where every model is ok (%s):%n",
        s.commonGroups(),
        u);
    String fmt = "%-4s  %-20s  %-32s  %12s  %12s  %12s  %12s%n";
    out.printf(Locale.ROOT, fmt, "rank", "model_id", "kind", "rows", "mean_nll", "entropy", "kl");
    for (MleSummary.ModelTotals m : s.models()) {
      out.printf(
          Locale.ROOT,
          fmt,
          m.rank(),
          m.modelId(),
          m.kind().label(),
          String.format(Locale.ROOT, "%.0f", m.rows()),
          Formats.num(m.meanNll()),
          Formats.num(m.entropy()),
          Formats.num(m.klDivergence()));
    }
    MleSummary.Checks c = s.checks();
    out.printf(
        Locale.ROOT,
        "identity mean_nll = cross_entropy = entropy + kl: max relative residual %.3e over %s finite"
            + " rows (%s rows with +inf NLL); rankings by NLL and by KL disagree in %s of %s groups%n",
        c.identityMaxRelativeResidual(),
        c.identityRowsFinite(),
        c.identityRowsInfinite(),
        c.groupsWhereRankingsDisagree(),
        c.groupsRanked());
    MleSummary.ClassifierCheck cl = s.classifier();
    if (cl != null) {
      out.printf(
          Locale.ROOT,
          "classifier log-loss over %.0f rows: report %.12f, MLlib MulticlassClassificationEvaluator"
              + " %.12f nats (relative difference %.2e, eps %s, %s clipped rows)%n",
          cl.rows(),
          cl.logLossFromReportNats(),
          cl.logLossEvaluatorNats(),
          cl.relativeDifference(),
          PredictionReport.MLLIB_EPS,
          cl.clippedRows());
    }
    if (g != null) {
      out.printf(
          Locale.ROOT,
          "gaussian %s on %s: groups %s; mean NLL %s = differential entropy %s + KL %s %s (max"
              + " relative residual %.3e)%n",
          g.modelId(),
          gaussianColumn,
          g.groupsByStatus(),
          Formats.num(g.meanNll()),
          Formats.num(g.differentialEntropy()),
          Formats.num(g.klDivergence()),
          u,
          g.identityMaxRelativeResidual());
    }
    if (g != null && g.nonparametric()) {
      out.printf(
          Locale.ROOT,
          "gaussian %s on %s, without the Gaussian fit: KL(P||model) %s = moments %s + shape"
              + " (negentropy) %s %s (k-NN entropy of the values)%n",
          g.modelId(),
          gaussianColumn,
          Formats.num(g.klDivergenceNonparametric()),
          Formats.num(g.klDivergence()),
          Formats.num(g.negentropy()),
          u);
    }
    out.println("HTML report: " + JobIo.location(output, MleHtml.FILE));
  }

  /**
   * Prints where the model is miscalibrated (log score), as kl-report prints its top groups: a
   * heading with the counts, the listed rows as an aligned table (the group columns and model_id
   * left-aligned; {@link ReportFormats#printTable}) and a line that reads the sign of z; or one
   * line saying that no segment is below the level.
   */
  static void printMiscalibration(PrintStream out, Miscalibration m) {
    String level = ReportFormats.num(Miscalibration.SIGNIFICANCE).replaceAll("\\.?0+$", "");
    String test = "calibration z-test, Benjamini-Hochberg adjusted p < " + level;
    if (m.top().isEmpty()) {
      out.printf(
          Locale.ROOT,
          "no segment where the model is miscalibrated (log score) at the %s level (%s; %d tested"
              + " %s)%n",
          level,
          test,
          m.testedTotal(),
          m.what());
      return;
    }
    out.printf(
        Locale.ROOT,
        "segments where the model is miscalibrated (log score), by evidence: %d of %d tested %s"
            + " (%s); top %d by %s:%n",
        m.significantTotal(),
        m.testedTotal(),
        m.what(),
        test,
        m.top().size(),
        Miscalibration.RANKED_BY);
    List<String> cols = new ArrayList<>(m.groupBy());
    cols.addAll(
        List.of(
            ReportColumns.MODEL_ID,
            ReportColumns.N,
            ReportColumns.inUnit(MleReport.MEAN_NLL, m.unit()),
            ReportColumns.inUnit(PredictionReport.EXPECTED_NLL, m.unit()),
            PredictionReport.CALIBRATION_Z,
            PredictionReport.CALIBRATION_P_VALUE_ADJUSTED));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map<String, Object> r : m.top()) {
      Map<String, Object> shown = new LinkedHashMap<>(r);
      // printTable formats p-values only in columns named p_value*: this one is formatted here.
      String p = PredictionReport.CALIBRATION_P_VALUE_ADJUSTED;
      shown.put(p, ReportFormats.pValue(r.get(p) instanceof Number x ? x.doubleValue() : null));
      rows.add(shown);
    }
    ReportFormats.printTable(out, cols, m.groupBy().size() + 1, rows);
    out.println(
        "calibration_z > 0: the model is more confident than its labels bear out (its log-loss is"
            + " above the log-loss its predictions expect); < 0: less confident");
  }
}

package dev.klspark.mle;

import static dev.klspark.spark.engine.ReportColumns.inUnit;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.when;

import dev.klspark.html.HtmlFormat;
import dev.klspark.html.HtmlPage;
import dev.klspark.html.PageFooter;
import dev.klspark.html.SvgChart;
import dev.klspark.math.LogBase;
import dev.klspark.spark.engine.Ranking;
import dev.klspark.spark.engine.ReportColumns;
import dev.klspark.spark.publish.Summaries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code report.html} of {@code mle-report --predictions | --pipeline-model}: the models by
 * their log-loss over all rows, then per model the segments whose labels differ most from the mean
 * prediction (calibration in the large, KL(P̂ ‖ Q̄)) ranked by evidence as kl-report ranks its
 * groups ({@link #order}: the lower confidence bound of the KL first, then the adjusted p-value),
 * with their log-loss and its decomposition, and the calibration chart of all rows (the reliability
 * table summed over the segments), and the folded parameters. Before them, the segments where a
 * model is miscalibrated by the calibration test of the log score ({@link Miscalibration}: the same
 * list as the console and summary.json). The banner names the best model's segments that differ
 * significantly (Benjamini–Hochberg adjusted p &lt; 0.05) and have an interval ({@link #headline}):
 * a segment of a handful of rows, whose plug-in KL is mostly noise, has none and never heads the
 * page; then its miscalibrated segments, most evidence first. Collects the top {@link #TOP}
 * segments per model, two counts and the reliability table's bins summed over segments only; {@link
 * #render} is Spark-free.
 */
public final class PredictionsHtml {
  /** Segments listed per model. */
  public static final int TOP = 20;

  /** Segments the banner names at most. */
  static final int HEADLINE = 5;

  /** The level of the adjusted p-value below which a segment differs. */
  static final double SIGNIFICANCE = 0.05;

  private PredictionsHtml() {}

  /**
   * One listed segment.
   *
   * @param label its group values joined by {@code ·}, or {@code all}
   * @param row its row of the comparison, column name to value
   */
  public record Segment(String label, Map<String, Object> row) {}

  /**
   * What the page shows.
   *
   * @param specs the models' specs, in order
   * @param summaries what summary.json records per model (with {@code log_loss_nats})
   * @param miscalibration the segments where a model is miscalibrated (log score), ranked
   * @param segments per model id, its ok segments in {@link #order}, at most {@link #TOP}
   * @param calibration per model id, its calibration bins over all rows
   * @param significant per model id, its segments with {@code p_value_adjusted} below {@value
   *     #SIGNIFICANCE}
   * @param tested per model id, its segments with a {@code p_value_adjusted}
   * @param parameters the run's parameters
   * @param footer the page's stamp and links
   */
  public record Page(
      List<PredictionReport.Spec> specs,
      List<Map<String, Object>> summaries,
      Miscalibration miscalibration,
      Map<String, List<Segment>> segments,
      Map<String, List<PredictionReport.CalibrationBin>> calibration,
      Map<String, Long> significant,
      Map<String, Long> tested,
      Map<String, Object> parameters,
      PageFooter footer) {}

  /**
   * The segments' order, most evidence first, as kl-report's default ranking ({@link
   * Ranking#KL_CI_LOW}): the lower bound of the interval of {@code mean_prediction_kl_divergence}
   * (largest first; a segment without interval, too few rows for one, last), then {@code
   * p_value_adjusted} (smallest first), the KL, and n.
   *
   * @param unit the report's unit
   */
  public static Column[] order(LogBase unit) {
    return new Column[] {
      col(ciLow(unit)).desc_nulls_last(),
      col(ReportColumns.P_VALUE_ADJUSTED).asc_nulls_last(),
      col(kl(unit)).desc_nulls_last(),
      col(ReportColumns.N).desc()
    };
  }

  /** The KL column, {@code mean_prediction_kl_divergence_U}. */
  static String kl(LogBase unit) {
    return inUnit(PredictionReport.MEAN_PREDICTION_KL_DIVERGENCE, unit);
  }

  /** The lower bound of its interval, {@code mean_prediction_kl_divergence_ci_low_U}. */
  static String ciLow(LogBase unit) {
    return inUnit(PredictionReport.MEAN_PREDICTION_KL_DIVERGENCE + "_ci_low", unit);
  }

  /** The upper bound of its interval, {@code mean_prediction_kl_divergence_ci_high_U}. */
  static String ciHigh(LogBase unit) {
    return inUnit(PredictionReport.MEAN_PREDICTION_KL_DIVERGENCE + "_ci_high", unit);
  }

  /**
   * The segments the banner names: of {@code ranked} (in {@link #order}), the first {@value
   * #HEADLINE} that differ (adjusted p &lt; {@value #SIGNIFICANCE}) and have an interval for their
   * KL; a segment without one (too few rows: Cochran's rule fails, {@code KlEvidence}) never
   * headlines.
   *
   * @param unit the report's unit
   */
  static List<String> headline(List<Segment> ranked, LogBase unit) {
    List<String> names = new ArrayList<>();
    for (Segment s : ranked) {
      Double low = d(s.row().get(ciLow(unit)));
      Double p = d(s.row().get(ReportColumns.P_VALUE_ADJUSTED));
      if (names.size() < HEADLINE && low != null && p != null && p < SIGNIFICANCE) {
        names.add(s.label());
      }
    }
    return names;
  }

  /**
   * Writes {@code DIR/report.html}.
   *
   * @param written the prediction comparison as written (one row per segment and model)
   * @param reliability the reliability tables as written ({@link ReliabilityTable})
   * @param specs the models' specs, in order
   * @param summaries what summary.json records per model (with {@code log_loss_nats})
   * @param miscalibration the segments where a model is miscalibrated (log score), ranked
   * @param footer the page's stamp and links
   */
  public static void write(
      FileSystem fs,
      String dir,
      Dataset<Row> written,
      Dataset<Row> reliability,
      List<PredictionReport.Spec> specs,
      List<Map<String, Object>> summaries,
      Miscalibration miscalibration,
      Map<String, Object> parameters,
      PageFooter footer) {
    LogBase unit = specs.get(0).unit();
    Map<String, List<Segment>> segments = new LinkedHashMap<>();
    Map<String, List<PredictionReport.CalibrationBin>> calibration = new LinkedHashMap<>();
    Map<String, Long> significant = new LinkedHashMap<>();
    Map<String, Long> tested = new LinkedHashMap<>();
    for (Row r :
        written
            .groupBy(col(ReportColumns.MODEL_ID))
            .agg(
                count(col(ReportColumns.P_VALUE_ADJUSTED)),
                count(when(col(ReportColumns.P_VALUE_ADJUSTED).lt(SIGNIFICANCE), 1)))
            .collectAsList()) {
      tested.put(r.getString(0), r.getLong(1));
      significant.put(r.getString(0), r.getLong(2));
    }
    for (PredictionReport.Spec spec : specs) {
      List<Segment> list = new ArrayList<>();
      for (Row r :
          written
              .where(
                  col(ReportColumns.MODEL_ID)
                      .equalTo(spec.modelId())
                      .and(col(ReportColumns.STATUS).equalTo(ReportColumns.OK)))
              .orderBy(order(unit))
              .limit(TOP)
              .collectAsList()) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String c : r.schema().fieldNames()) {
          m.put(c, r.get(r.fieldIndex(c)));
        }
        list.add(new Segment(segment(r, spec), m));
      }
      segments.put(spec.modelId(), list);
      calibration.put(
          spec.modelId(), ReliabilityTable.overall(reliability, spec.modelId(), spec.labels()));
    }
    Summaries.writeText(
        fs,
        new Path(dir, MleHtml.FILE),
        render(
            new Page(
                specs,
                summaries,
                miscalibration,
                segments,
                calibration,
                significant,
                tested,
                parameters,
                footer)));
  }

  /** Renders the page. */
  public static String render(Page page) {
    List<PredictionReport.Spec> specs = page.specs();
    List<Map<String, Object>> summaries = page.summaries();
    LogBase unit = specs.get(0).unit();
    String u = unit.suffix();
    String kl = kl(unit);
    int best = 0;
    for (int i = 1; i < summaries.size(); i++) {
      if (logLoss(summaries.get(i)) < logLoss(summaries.get(best))) {
        best = i;
      }
    }
    PredictionReport.Spec first = specs.get(best);
    HtmlPage h = new HtmlPage("mle-report: predictions of " + first.modelId(), page.footer());
    List<String> names = headline(page.segments().get(first.modelId()), unit);
    long significant = page.significant().getOrDefault(first.modelId(), 0L);
    long tested = page.tested().getOrDefault(first.modelId(), 0L);
    Miscalibration mis = page.miscalibration();
    long miscalibrated = mis.significant().getOrDefault(first.modelId(), 0L);
    List<String> worst = miscalibrated(mis, first.modelId());
    h.banner(
        significant > 0 || miscalibrated > 0 ? "warn" : "ok",
        (specs.size() > 1 ? "best of " + specs.size() + " models: " : "")
            + "<b>"
            + HtmlFormat.escape(first.modelId())
            + "</b> — log-loss "
            + HtmlFormat.escape(HtmlFormat.num(logLoss(summaries.get(best)), 6))
            + " nats over all rows; "
            + significant
            + " of "
            + tested
            + " tested segments' labels differ from the mean prediction (Benjamini–Hochberg"
            + " adjusted p &lt; 0.05)"
            + (names.isEmpty()
                ? ""
                : ". Most evidence: <span id=\"worst\">"
                    + HtmlFormat.escape(String.join(", ", names))
                    + "</span>")
            + "; "
            + miscalibrated
            + " of "
            + mis.tested().getOrDefault(first.modelId(), 0L)
            + " tested segments are miscalibrated (log score: calibration z-test, Benjamini–Hochberg"
            + " adjusted p &lt; 0.05)"
            + (worst.isEmpty()
                ? ""
                : ". Most evidence: <span id=\"miscalibrated-worst\">"
                    + HtmlFormat.escape(String.join(", ", worst))
                    + "</span>"));
    if (specs.size() > 1) {
      h.h2("models", "Models by log-loss over all rows (MLlib's evaluator)");
      HtmlPage.Table m =
          new HtmlPage.Table("models", "model_id", "#log_loss_nats", "#segments ranked first");
      for (Map<String, Object> s : summaries) {
        m.row(
            null,
            String.valueOf(s.get("model_id")),
            logLoss(s),
            HtmlPage.Html.count(((Number) s.get("groups_ranked_first")).doubleValue()));
      }
      h.table(m);
    }
    miscalibration(h, mis, specs.size() > 1);
    for (PredictionReport.Spec spec : specs) {
      String id = spec.modelId();
      h.h2(
          "segments-" + id,
          id
              + ": segments by "
              + kl
              + "_ci_low, then p_value_adjusted (label frequencies against the mean prediction)");
      HtmlPage.Table t =
          new HtmlPage.Table(
              "groups-" + id,
              "segment",
              "#n",
              "#" + kl,
              "#ci_low",
              "#ci_high",
              "#p_value_adjusted",
              "#mean_nll_" + u,
              "#entropy_" + u,
              "#uncertainty_" + u,
              "#resolution_" + u,
              "#reliability_" + u);
      for (Segment seg : page.segments().get(id)) {
        Map<String, Object> r = seg.row();
        t.row(
            null,
            seg.label(),
            HtmlPage.Html.count(d(r.get("n"))),
            d(r.get(kl)),
            d(r.get(ciLow(unit))),
            d(r.get(ciHigh(unit))),
            HtmlPage.Html.pValue(d(r.get(ReportColumns.P_VALUE_ADJUSTED))),
            d(r.get("mean_nll_" + u)),
            d(r.get("entropy_" + u)),
            d(r.get("uncertainty_" + u)),
            d(r.get("resolution_" + u)),
            d(r.get("reliability_" + u)));
      }
      h.table(t);
      h.note(
          "A segment without interval (ci_low empty) has too few rows for one (Cochran's rule);"
              + " it is listed after those with one and never named in the banner.");
      h.h2("calibration-" + id, id + ": calibration over all rows");
      h.chart(chart(page.calibration().get(id)));
    }
    h.parameters("parameters", "Parameters of the run", page.parameters());
    return h.html("klspark mle-report --predictions; information quantities in " + u + ".");
  }

  /**
   * The section of the segments where a model is miscalibrated (log score), in {@link
   * Miscalibration#order}, or a line saying that there is none.
   */
  static void miscalibration(HtmlPage h, Miscalibration m, boolean models) {
    String u = m.unit().suffix();
    h.h2(
        "miscalibration",
        "Segments where the model is miscalibrated (log score), by "
            + Miscalibration.RANKED_BY
            + (models ? ", all models" : ""));
    String level = HtmlFormat.num(Miscalibration.SIGNIFICANCE);
    if (m.top().isEmpty()) {
      h.p(
          "No segment where the model is miscalibrated (log score) at the "
              + level
              + " level: calibration z-test, Benjamini–Hochberg adjusted p < "
              + level
              + ", "
              + m.testedTotal()
              + " tested "
              + m.what()
              + ".");
      return;
    }
    HtmlPage.Table t =
        new HtmlPage.Table(
            "miscalibrated",
            "segment",
            "model_id",
            "#n",
            "#mean_nll_" + u,
            "#expected_nll_" + u,
            "#expected_nll_sd_" + u,
            "#calibration_z",
            "#calibration_p_value_adjusted");
    for (Map<String, Object> r : m.top()) {
      t.row(
          "warn",
          label(m.groupBy(), r),
          String.valueOf(r.get(ReportColumns.MODEL_ID)),
          HtmlPage.Html.count(d(r.get(ReportColumns.N))),
          d(r.get("mean_nll_" + u)),
          d(r.get("expected_nll_" + u)),
          d(r.get("expected_nll_sd_" + u)),
          d(r.get(PredictionReport.CALIBRATION_Z)),
          HtmlPage.Html.pValue(d(r.get(PredictionReport.CALIBRATION_P_VALUE_ADJUSTED))));
    }
    h.table(t);
    h.note(
        m.significantTotal()
            + " of "
            + m.testedTotal()
            + " tested "
            + m.what()
            + " below Benjamini–Hochberg adjusted p < "
            + level
            + (m.significantTotal() > m.top().size()
                ? "; the first " + m.top().size() + " listed"
                : "")
            + ". calibration_z > 0: the model is more confident than its labels bear out (its"
            + " log-loss is above the expected_nll its predictions expect); < 0: less"
            + " confident.");
  }

  /**
   * The banner's names of a model's miscalibrated segments: the first {@value #HEADLINE} of the
   * list, with the sign of z in words.
   */
  static List<String> miscalibrated(Miscalibration m, String modelId) {
    List<String> names = new ArrayList<>();
    for (Map<String, Object> r : m.top()) {
      Double z = d(r.get(PredictionReport.CALIBRATION_Z));
      if (names.size() < HEADLINE && modelId.equals(r.get(ReportColumns.MODEL_ID)) && z != null) {
        names.add(label(m.groupBy(), r) + (z > 0 ? " (over-confident)" : " (under-confident)"));
      }
    }
    return names;
  }

  /** A listed row's segment: its group values joined by {@code ·}, or {@code all}. */
  static String label(List<String> groupBy, Map<String, Object> row) {
    if (groupBy.isEmpty()) {
      return "all";
    }
    List<String> v = new ArrayList<>();
    for (String g : groupBy) {
      v.add(String.valueOf(row.get(g)));
    }
    return String.join(" · ", v);
  }

  /** The calibration chart of bins (observed frequency against mean prediction, per label). */
  static String chart(List<PredictionReport.CalibrationBin> bins) {
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    double max = 0;
    for (PredictionReport.CalibrationBin b : bins) {
      if (b.rows() >= MleHtml.MIN_BIN_ROWS) {
        series
            .computeIfAbsent(b.label(), k -> new ArrayList<>())
            .add(new double[] {b.meanPredicted(), b.observedFrequency()});
        max = Math.max(max, Math.max(b.meanPredicted(), b.observedFrequency()));
      }
    }
    double axis = Math.min(1.0, Math.ceil(max * 1.05 * 10) / 10);
    return SvgChart.xy(
        "observed frequency against mean predicted probability, per label",
        series,
        "mean predicted probability",
        "observed frequency",
        axis <= 0 ? 1.0 : axis);
  }

  private static double logLoss(Map<String, Object> summary) {
    Object v = summary.get("log_loss_nats");
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static String segment(Row r, PredictionReport.Spec spec) {
    if (spec.groupBy().isEmpty()) {
      return "all";
    }
    List<String> v = new ArrayList<>();
    for (String g : spec.groupBy()) {
      Object o = r.get(r.fieldIndex(g));
      v.add(String.valueOf(o));
    }
    return String.join(" · ", v);
  }

  private static Double d(Object o) {
    return o instanceof Number n ? n.doubleValue() : null;
  }
}

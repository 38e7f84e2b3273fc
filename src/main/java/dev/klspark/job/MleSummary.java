package dev.klspark.job;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * The summary of an mle-report run, computed on the driver from the collected reports (one row per
 * group and model: small), and its printed form.
 *
 * <p>Totals per model are n-weighted means over the <i>common groups</i>: the groups where every
 * model (the classifier included) has status {@code ok}, so that all models are compared on the
 * same rows. Over them the mean entropy is the conditional entropy H(C | G), the floor of every
 * per-group categorical model; the mean NLL of such a model is that floor plus its mean KL.
 */
final class MleSummary {
  private MleSummary() {}

  static Map<String, Object> of(
      MleReportJob.Options o,
      List<Row> report,
      List<Row> predictions,
      Double evaluatorLogLoss,
      List<Row> gaussian,
      Instant started) {
    String u = o.unit().suffix();
    int g = o.groupBy().size();
    // Common groups.
    Map<List<Object>, Integer> okModels = new HashMap<>();
    Set<String> ids = new java.util.TreeSet<>();
    Set<List<Object>> allGroups = new HashSet<>();
    for (Row r : report) {
      ids.add(str(r, "model_id"));
      allGroups.add(key(r, g));
      if ("ok".equals(str(r, "status"))) {
        okModels.merge(key(r, g), 1, Integer::sum);
      }
    }
    Set<List<Object>> common = new HashSet<>();
    okModels.forEach(
        (k, v) -> {
          if (v == ids.size()) {
            common.add(k);
          }
        });
    if (!predictions.isEmpty()) {
      Set<List<Object>> okPred = new HashSet<>();
      for (Row r : predictions) {
        if ("ok".equals(str(r, "status"))) {
          okPred.add(key(r, g));
        }
      }
      common.retainAll(okPred);
    }

    Map<String, double[]> totals = new LinkedHashMap<>(); // n, nll, h, kl
    double maxResidual = 0;
    long finiteRows = 0;
    long infiniteRows = 0;
    Set<List<Object>> disagree = new HashSet<>();
    Set<List<Object>> ranked = new HashSet<>();
    double evaluatedRows = 0;
    double nullRows = 0;
    Map<String, Map<String, Long>> statuses = new LinkedHashMap<>();
    String first = ids.isEmpty() ? null : ids.iterator().next();
    for (Row r : report) {
      String id = str(r, "model_id");
      statuses
          .computeIfAbsent(id, k -> new java.util.TreeMap<>())
          .merge(str(r, "status"), 1L, Long::sum);
      if (id.equals(first)) {
        evaluatedRows += r.getLong(r.fieldIndex("n"));
        nullRows += r.getLong(r.fieldIndex("null_count"));
      }
      if (!"ok".equals(str(r, "status"))) {
        continue;
      }
      ranked.add(key(r, g));
      if (!r.getBoolean(r.fieldIndex("ranks_agree"))) {
        disagree.add(key(r, g));
      }
      double nll = dbl(r, "mean_nll_" + u);
      if (r.isNullAt(r.fieldIndex("identity_residual_" + u))) {
        infiniteRows++;
      } else {
        finiteRows++;
        maxResidual =
            Math.max(
                maxResidual,
                dbl(r, "identity_residual_" + u) / Math.max(Math.abs(nll), Double.MIN_NORMAL));
      }
      if (common.contains(key(r, g))) {
        double n = r.getLong(r.fieldIndex("n"));
        double[] t = totals.computeIfAbsent(id, k -> new double[4]);
        t[0] += n;
        t[1] += n * nll;
        t[2] += n * dbl(r, "entropy_" + u);
        t[3] += n * dbl(r, "kl_divergence_" + u);
      }
    }
    List<Map<String, Object>> models = new ArrayList<>();
    for (Map.Entry<String, double[]> e : totals.entrySet()) {
      double[] t = e.getValue();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model_id", e.getKey());
      m.put("kind", "distribution per group");
      m.put("rows", t[0]);
      m.put("mean_nll_" + u, t[1] / t[0]);
      m.put("entropy_" + u, t[2] / t[0]);
      m.put("kl_divergence_" + u, t[3] / t[0]);
      m.put("excess_nll_" + u, (t[1] - t[2]) / t[0]);
      models.add(m);
    }
    Map<String, Object> classifier = null;
    if (!predictions.isEmpty()) {
      double[] t = new double[4];
      double allN = 0;
      double allLoss = 0;
      long clipped = 0;
      for (Row r : predictions) {
        if (!"ok".equals(str(r, "status"))) {
          continue;
        }
        double n = r.getLong(r.fieldIndex("n"));
        allN += n;
        allLoss += n * dbl(r, "mean_nll_" + u);
        clipped += r.getLong(r.fieldIndex("clipped_rows"));
        if (common.contains(key(r, g))) {
          t[0] += n;
          t[1] += n * dbl(r, "mean_nll_" + u);
          t[2] += n * dbl(r, "entropy_" + u);
          t[3] += n * dbl(r, "mean_prediction_kl_" + u);
        }
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model_id", MleReportJob.CLASSIFIER_ID);
      m.put("kind", "classifier, per-row predictions");
      m.put("rows", t[0]);
      m.put("mean_nll_" + u, t[1] / t[0]);
      m.put("entropy_" + u, t[2] / t[0]);
      m.put("kl_divergence_" + u, t[3] / t[0]);
      m.put("kl_is", "KL(P || mean prediction): calibration-in-the-large, not mean_nll - entropy");
      m.put("excess_nll_" + u, (t[1] - t[2]) / t[0]);
      models.add(m);
      double reportLoss = allLoss / allN;
      double reportLossNats = reportLoss / o.unit().fromNats(1.0);
      classifier = new LinkedHashMap<>();
      classifier.put("rows", allN);
      classifier.put("clipped_rows", clipped);
      classifier.put("eps", dev.klspark.spark.report.mle.PredictionReport.MLLIB_EPS);
      classifier.put("log_loss_from_report_nats", reportLossNats);
      classifier.put("log_loss_mllib_evaluator_nats", evaluatorLogLoss);
      classifier.put(
          "relative_difference", Math.abs(reportLossNats - evaluatorLogLoss) / evaluatorLogLoss);
    }
    models.sort(Comparator.comparingDouble(m -> (Double) m.get("mean_nll_" + u)));
    for (int i = 0; i < models.size(); i++) {
      models.get(i).put("rank", i + 1);
    }

    Map<String, Object> s = new LinkedHashMap<>();
    s.put("job", "mle-report");
    s.put("started", started.toString());
    s.put("finished", Instant.now().toString());
    s.put("parameters", o.parameters());
    Map<String, Object> rows = new LinkedHashMap<>();
    rows.put("evaluated", evaluatedRows);
    rows.put("null_category", nullRows);
    s.put("rows", rows);
    Map<String, Object> groups = new LinkedHashMap<>();
    groups.put("total", allGroups.size());
    groups.put("common", common.size());
    groups.put("by_model_and_status", statuses);
    s.put("groups", groups);
    s.put("models_ranked_over_common_groups", models);
    Map<String, Object> checks = new LinkedHashMap<>();
    checks.put("identity_rows_finite", finiteRows);
    checks.put("identity_rows_infinite", infiniteRows);
    checks.put("identity_max_relative_residual", maxResidual);
    checks.put("groups_ranked", ranked.size());
    checks.put("groups_where_nll_and_kl_rankings_disagree", disagree.size());
    s.put("checks", checks);
    if (classifier != null) {
      s.put("classifier", classifier);
    }
    if (!gaussian.isEmpty()) {
      double[] t = new double[4];
      double maxRes = 0;
      Map<String, Long> st = new java.util.TreeMap<>();
      for (Row r : gaussian) {
        st.merge(str(r, "status"), 1L, Long::sum);
        if (!"ok".equals(str(r, "status"))) {
          continue;
        }
        double n = r.getLong(r.fieldIndex("n"));
        double nll = dbl(r, "mean_nll_" + u);
        t[0] += n;
        t[1] += n * nll;
        t[2] += n * dbl(r, "differential_entropy_" + u);
        t[3] += n * dbl(r, "kl_divergence_" + u);
        maxRes = Math.max(maxRes, dbl(r, "identity_residual_" + u) / Math.abs(nll));
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model_id", gaussian.get(0).getString(gaussian.get(0).fieldIndex("model_id")));
      m.put("groups_by_status", st);
      m.put("rows_in_ok_groups", t[0]);
      m.put("mean_nll_" + u, t[0] > 0 ? t[1] / t[0] : null);
      m.put("differential_entropy_" + u, t[0] > 0 ? t[2] / t[0] : null);
      m.put("kl_divergence_" + u, t[0] > 0 ? t[3] / t[0] : null);
      m.put("identity_max_relative_residual", maxRes);
      s.put("gaussian", m);
    }
    return s;
  }

  @SuppressWarnings("unchecked")
  static void print(PrintStream out, Map<String, Object> s, MleReportJob.Options o) {
    String u = o.unit().suffix();
    Map<String, Object> rows = (Map<String, Object>) s.get("rows");
    Map<String, Object> groups = (Map<String, Object>) s.get("groups");
    out.printf(
        Locale.ROOT,
        "mle-report: %s groups, %.0f evaluated rows (%.0f with a null category); output %s%n",
        groups.get("total"),
        (Double) rows.get("evaluated"),
        (Double) rows.get("null_category"),
        o.output());
    out.printf(Locale.ROOT, "groups by model and status: %s%n", groups.get("by_model_and_status"));
    List<Map<String, Object>> models =
        (List<Map<String, Object>>) s.get("models_ranked_over_common_groups");
    out.printf(
        Locale.ROOT,
        "models ranked by mean NLL over the %s groups where every model is ok (%s):%n",
        groups.get("common"),
        u);
    String fmt = "%-4s  %-20s  %-32s  %12s  %12s  %12s  %12s%n";
    out.printf(Locale.ROOT, fmt, "rank", "model_id", "kind", "rows", "mean_nll", "entropy", "kl");
    for (Map<String, Object> m : models) {
      out.printf(
          Locale.ROOT,
          fmt,
          m.get("rank"),
          m.get("model_id"),
          m.get("kind"),
          String.format(Locale.ROOT, "%.0f", (Double) m.get("rows")),
          Formats.num((Double) m.get("mean_nll_" + u)),
          Formats.num((Double) m.get("entropy_" + u)),
          Formats.num((Double) m.get("kl_divergence_" + u)));
    }
    Map<String, Object> c = (Map<String, Object>) s.get("checks");
    out.printf(
        Locale.ROOT,
        "identity mean_nll = cross_entropy = entropy + kl: max relative residual %.3e over %s finite"
            + " rows (%s rows with +inf NLL); rankings by NLL and by KL disagree in %s of %s groups%n",
        (Double) c.get("identity_max_relative_residual"),
        c.get("identity_rows_finite"),
        c.get("identity_rows_infinite"),
        c.get("groups_where_nll_and_kl_rankings_disagree"),
        c.get("groups_ranked"));
    Map<String, Object> cl = (Map<String, Object>) s.get("classifier");
    if (cl != null) {
      out.printf(
          Locale.ROOT,
          "classifier log-loss over %.0f rows: report %.12f, MLlib MulticlassClassificationEvaluator"
              + " %.12f nats (relative difference %.2e, eps %s, %s clipped rows)%n",
          (Double) cl.get("rows"),
          (Double) cl.get("log_loss_from_report_nats"),
          (Double) cl.get("log_loss_mllib_evaluator_nats"),
          (Double) cl.get("relative_difference"),
          cl.get("eps"),
          cl.get("clipped_rows"));
    }
    Map<String, Object> gs = (Map<String, Object>) s.get("gaussian");
    if (gs != null) {
      out.printf(
          Locale.ROOT,
          "gaussian %s on %s: groups %s; mean NLL %s = differential entropy %s + KL %s %s (max"
              + " relative residual %.3e)%n",
          gs.get("model_id"),
          o.gaussianColumn(),
          gs.get("groups_by_status"),
          Formats.num((Double) gs.get("mean_nll_" + u)),
          Formats.num((Double) gs.get("differential_entropy_" + u)),
          Formats.num((Double) gs.get("kl_divergence_" + u)),
          u,
          (Double) gs.get("identity_max_relative_residual"));
    }
  }

  private static List<Object> key(Row r, int g) {
    List<Object> k = new ArrayList<>(g);
    for (int i = 0; i < g; i++) {
      k.add(r.get(i));
    }
    return k;
  }

  private static String str(Row r, String c) {
    return r.getString(r.fieldIndex(c));
  }

  private static double dbl(Row r, String c) {
    return r.getDouble(r.fieldIndex(c));
  }
}

package dev.klspark.quality;

import dev.klspark.math.BenjaminiHochberg;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of one run, kept apart from the metrics (Deequ's split of metric and check): minimum
 * sample size, the Benjamini-Hochberg adjustment of the p-values across every tested (column,
 * group) of the run (one family: the G-test's of the categorical and bucketed columns and the
 * two-sample Kolmogorov–Smirnov test's of the value columns), the warn/fail levels, and the run's
 * verdict. Spark-free.
 *
 * <p>Rules, in order, for a row whose metrics were computed:
 *
 * <ol>
 *   <li>fewer than {@code minSampleSize} non-null values on either side: {@code insufficient_data}
 *       (metrics are kept for information; the row is not part of the p-value family);
 *   <li>the p-values of the remaining rows are adjusted together (BH, false discovery rate);
 *   <li>each metric is compared with its levels ({@link DriftThresholds}): the worst level reached
 *       gives warn or fail;
 *   <li>with a {@code significance} alpha, a level reached by an effect-size metric counts only if
 *       the adjusted p-value is below alpha: a small group whose shift is within sampling noise
 *       stays {@code ok}, with the reason in its message.
 * </ol>
 *
 * <p>Prediction columns ({@code compare: predictions}) have no test: their rows are not in the
 * p-value family, and their levels count without the significance condition ({@code
 * min-sample-size} still applies).
 *
 * <p>A level on a metric that is null for a row (a metric of the other kind of column, e.g. {@code
 * psi} on a value column or {@code ks_statistic} on a categorical one; or a metric the row's data
 * leave undefined, e.g. the KL interval of sparse counts or the k-NN KL of heavily tied values) is
 * not checked: it neither warns nor fails, and the row's message says so, naming the metric and why
 * ({@code "psi_nats not checked: not computed for a value column"}).
 */
public final class DriftEvaluation {
  private DriftEvaluation() {}

  /**
   * One (column, group) before the checks.
   *
   * @param groupValues the group column values as strings (empty list: one overall group)
   * @param groupKey the group values joined with {@code |} ({@code all} for one overall group)
   * @param bucketEdges the column's bucket splits as text, or null for a categorical column
   */
  public record Input(
      String column,
      List<String> groupValues,
      String groupKey,
      String bucketEdges,
      DriftComparison.Result result) {}

  /** One (column, group) after the checks. */
  public record Evaluated(
      Input input, Double pValueAdjusted, DriftStatus status, String message, String thresholds) {}

  /** The run's verdict. */
  public enum Verdict {
    OK("ok"),
    WARN("warn"),
    FAIL("fail"),
    /** No rows at all on either side for the date. */
    NO_DATA("no_data");

    private final String label;

    Verdict(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * The verdict with its reason.
   *
   * @param failingGroups groups with at least one {@code fail} row
   */
  public record RunVerdict(
      Verdict verdict, Map<String, Long> byStatus, int failingGroups, String reason) {}

  /**
   * Applies the checks.
   *
   * @param rows the run's rows
   * @param thresholds the levels
   * @param minSampleSize minimum non-null values on each side
   * @param significance the alpha that a level needs the adjusted p-value to be below, or null to
   *     use levels alone
   * @return the rows sorted by column and group key
   */
  public static List<Evaluated> evaluate(
      List<Input> rows, DriftThresholds thresholds, double minSampleSize, Double significance) {
    List<Input> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing(Input::column).thenComparing(Input::groupKey));
    List<Integer> tested = new ArrayList<>();
    boolean[] sufficient = new boolean[sorted.size()];
    for (int i = 0; i < sorted.size(); i++) {
      DriftComparison.Result r = sorted.get(i).result();
      sufficient[i] =
          r.status() == null && r.nCurrent() >= minSampleSize && r.nReference() >= minSampleSize;
      if (sufficient[i] && r.pValue() != null) {
        tested.add(i);
      }
    }
    double[] p = new double[tested.size()];
    for (int j = 0; j < p.length; j++) {
      p[j] = sorted.get(tested.get(j)).result().pValue();
    }
    double[] adjusted = BenjaminiHochberg.adjust(p);
    Double[] adj = new Double[sorted.size()];
    for (int j = 0; j < p.length; j++) {
      adj[tested.get(j)] = adjusted[j];
    }

    List<Evaluated> out = new ArrayList<>(sorted.size());
    for (int i = 0; i < sorted.size(); i++) {
      Input in = sorted.get(i);
      DriftComparison.Result r = in.result();
      Map<DriftMetric, DriftThresholds.Level> levels =
          thresholds.levels(in.column(), in.groupKey());
      String applied = DriftThresholds.describe(levels);
      if (r.kind() == MonitoredColumn.Kind.PREDICTIONS) {
        applied += "; levels count alone (no test of a prediction column)";
      } else if (significance != null) {
        applied += "; levels count if p_value_adjusted < " + DriftFormat.num(significance);
      }
      if (r.status() != null) {
        out.add(new Evaluated(in, null, r.status(), r.message(), applied));
        continue;
      }
      if (!sufficient[i]) {
        out.add(
            new Evaluated(
                in,
                null,
                DriftStatus.INSUFFICIENT_DATA,
                String.format(
                    Locale.ROOT,
                    "n_current = %s, n_reference = %s; min-sample-size is %s",
                    DriftFormat.count(r.nCurrent()),
                    DriftFormat.count(r.nReference()),
                    DriftFormat.count(minSampleSize)),
                applied));
        continue;
      }
      // Null for a row without a test (a prediction column): its levels count alone.
      Double q = adj[i];
      DriftStatus status = DriftStatus.OK;
      List<String> breaches = new ArrayList<>();
      List<String> unchecked = new ArrayList<>();
      for (Map.Entry<DriftMetric, DriftThresholds.Level> e : levels.entrySet()) {
        DriftMetric m = e.getKey();
        Double maybe = value(r, q, m);
        if (maybe == null) {
          // Not computed for this row: no level applies, and the message says so.
          unchecked.add(m.column() + " not checked: " + whyNull(r, m));
          continue;
        }
        double v = maybe;
        DriftThresholds.Level l = e.getValue();
        DriftStatus reached = null;
        Double level = null;
        if (l.fail() != null && m.reaches(v, l.fail())) {
          reached = DriftStatus.FAIL;
          level = l.fail();
        } else if (l.warn() != null && m.reaches(v, l.warn())) {
          reached = DriftStatus.WARN;
          level = l.warn();
        }
        if (reached != null) {
          breaches.add(
              String.format(
                  Locale.ROOT,
                  "%s %s %s %s %s",
                  m.column(),
                  DriftFormat.num(v),
                  m.operator(),
                  reached.label(),
                  DriftFormat.num(level)));
          if (reached.severity() > status.severity()) {
            status = reached;
          }
        }
      }
      String message = breaches.isEmpty() ? null : String.join("; ", breaches);
      boolean onlyPValue =
          breaches.stream().allMatch(b -> b.startsWith(DriftMetric.P_VALUE.column()));
      if (status != DriftStatus.OK
          && significance != null
          && q != null
          && !(q < significance)
          && !onlyPValue) {
        message =
            message
                + String.format(
                    Locale.ROOT,
                    "; not significant (p_value_adjusted %s >= %s): ok",
                    DriftFormat.num(q),
                    DriftFormat.num(significance));
        status = DriftStatus.OK;
      }
      if (r.newCategories() > 0) {
        String fresh =
            String.format(
                Locale.ROOT,
                r.kind() == MonitoredColumn.Kind.PREDICTIONS
                    ? "%d label%s never predicted in the reference"
                    : "%d categor%s absent from the reference",
                r.newCategories(),
                r.kind() == MonitoredColumn.Kind.PREDICTIONS
                    ? (r.newCategories() == 1 ? "" : "s")
                    : (r.newCategories() == 1 ? "y" : "ies"));
        message = message == null ? fresh : message + "; " + fresh;
      }
      List<String> notes = new ArrayList<>(unchecked);
      if (r.knnProblem() != null && !levels.containsKey(DriftMetric.KL_DIVERGENCE_KNN)) {
        notes.add(DriftMetric.KL_DIVERGENCE_KNN.column() + " is null: " + r.knnProblem());
      }
      if (r.nonFiniteCurrent() + r.nonFiniteReference() > 0) {
        notes.add(
            String.format(
                Locale.ROOT,
                "%s current and %s reference values NaN or infinite (excluded, counted as null)",
                DriftFormat.count(r.nonFiniteCurrent()),
                DriftFormat.count(r.nonFiniteReference())));
      }
      for (String note : notes) {
        message = message == null ? note : message + "; " + note;
      }
      out.add(new Evaluated(in, q, status, message, applied));
    }
    return out;
  }

  /** Why {@code m} is null in the computed row {@code r}. */
  private static String whyNull(DriftComparison.Result r, DriftMetric m) {
    if (!m.appliesTo(r.kind())) {
      return "not computed for " + r.kind().description();
    }
    if (m == DriftMetric.KL_DIVERGENCE_KNN && r.knnProblem() != null) {
      return r.knnProblem();
    }
    if (m == DriftMetric.KL_DIVERGENCE_CI_LOW) {
      return "no interval: the expected counts fail Cochran's rule";
    }
    return "not computed for this row";
  }

  private static Double value(DriftComparison.Result r, Double pAdjusted, DriftMetric m) {
    return switch (m) {
      case KL_DIVERGENCE -> r.klDivergence();
      case KL_DIVERGENCE_CI_LOW -> r.klDivergenceCiLow();
      case REVERSE_KL_DIVERGENCE -> r.reverseKlDivergence();
      case JS_DIVERGENCE -> r.jsDivergence();
      case PSI -> r.psi();
      case HELLINGER_DISTANCE -> r.hellingerDistance();
      case TOTAL_VARIATION_DISTANCE -> r.totalVariationDistance();
      case P_VALUE -> pAdjusted;
      case KS_STATISTIC -> r.ksStatistic();
      case WASSERSTEIN_DISTANCE -> r.wassersteinDistance();
      case KL_DIVERGENCE_KNN -> r.klDivergenceKnn();
      case EXPECTED_NLL -> r.expectedNll();
      case EXPECTED_NLL_CHANGE -> r.expectedNllChange();
    };
  }

  /** The value of {@code m} in an evaluated row, or null when not computed. */
  public static Double value(Evaluated e, DriftMetric m) {
    DriftComparison.Result r = e.input().result();
    if (r.status() != null) {
      return null;
    }
    if (m == DriftMetric.P_VALUE) {
      return e.pValueAdjusted();
    }
    return value(r, null, m);
  }

  /**
   * The run's verdict: {@code no_data} without rows; {@code fail} when at least {@code
   * failRunGroups} groups have a failing row, or the current slice is empty; {@code warn} when any
   * row is warn, fail (below the count), missing_current or missing_reference; {@code ok} otherwise
   * ({@code insufficient_data} alone does not warn).
   *
   * @param currentRows rows in the current slice (all groups, all values)
   */
  public static RunVerdict verdict(List<Evaluated> rows, int failRunGroups, long currentRows) {
    Map<String, Long> byStatus = new LinkedHashMap<>();
    for (DriftStatus s : DriftStatus.values()) {
      byStatus.put(s.label(), 0L);
    }
    Set<String> failing = new TreeSet<>();
    boolean warn = false;
    for (Evaluated e : rows) {
      byStatus.merge(e.status().label(), 1L, Long::sum);
      if (e.status() == DriftStatus.FAIL) {
        failing.add(e.input().groupKey());
      }
      if (e.status() != DriftStatus.OK && e.status() != DriftStatus.INSUFFICIENT_DATA) {
        warn = true;
      }
    }
    if (rows.isEmpty()) {
      return new RunVerdict(
          Verdict.NO_DATA, byStatus, 0, "no rows in the current or the reference slice");
    }
    if (currentRows == 0) {
      return new RunVerdict(Verdict.FAIL, byStatus, failing.size(), "the current slice is empty");
    }
    if (failing.size() >= failRunGroups) {
      return new RunVerdict(
          Verdict.FAIL,
          byStatus,
          failing.size(),
          String.format(
              Locale.ROOT,
              "%d group(s) failing, fail-run-groups is %d",
              failing.size(),
              failRunGroups));
    }
    if (warn) {
      return new RunVerdict(
          Verdict.WARN,
          byStatus,
          failing.size(),
          String.format(
              Locale.ROOT,
              "%d failing group(s) (fail-run-groups is %d), %d warn, %d missing_current, %d"
                  + " missing_reference",
              failing.size(),
              failRunGroups,
              byStatus.get("warn"),
              byStatus.get("missing_current"),
              byStatus.get("missing_reference")));
    }
    return new RunVerdict(Verdict.OK, byStatus, 0, "no threshold reached");
  }
}

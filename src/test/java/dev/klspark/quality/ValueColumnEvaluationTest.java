package dev.klspark.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.html.PageFooter;
import dev.klspark.math.BenjaminiHochberg;
import dev.klspark.math.ContinuousSamples;
import dev.klspark.math.Smoothing;
import dev.klspark.math.TwoSampleStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Value columns ({@code compare: values}) in the checks, without Spark: their results, the metrics
 * thresholds can use, levels on metrics a row does not have, the KS p-values in the
 * Benjamini–Hochberg family, and the HTML of a run mixing both kinds of column.
 */
class ValueColumnEvaluationTest {
  private static final PageFooter FOOTER =
      new PageFooter(Instant.EPOCH, "test", "4.1", "in.parquet", PageFooter.SUMMARY, List.of());

  private static final DriftComparison FLOOR = new DriftComparison(new Smoothing.Floor(1e-4));

  /** A value column's result from two samples, as the Spark pass builds it. */
  private static DriftComparison.Result values(double[] cur, double[] ref, long nonFiniteRef) {
    TwoSampleStream.Result k = ContinuousSamples.compare(cur, ref, ContinuousSamples.DEFAULT_K);
    return DriftComparison.values(
        cur.length,
        ref.length,
        0,
        0,
        0,
        nonFiniteRef,
        k.ksStatistic(),
        k.ksPValue(),
        k.wasserstein(),
        k.klDivergenceKnn(),
        k.knnProblem());
  }

  private static double[] range(int n, double shift) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i + shift;
    }
    return x;
  }

  private static double[] repeat(double v, int n) {
    double[] x = new double[n];
    java.util.Arrays.fill(x, v);
    return x;
  }

  private static DriftEvaluation.Input in(String column, String group, DriftComparison.Result r) {
    return new DriftEvaluation.Input(column, List.of(group), group, null, r);
  }

  /**
   * temp (value column): group SHIFT (0..199 against 50..249: D = 0.25, W₁ = 50), SAME (identical
   * samples), TIES (one current value: no k-NN KL); cat (categorical): group SHIFT.
   */
  private static List<DriftEvaluation.Evaluated> evaluated() {
    double[] ties = new double[30];
    for (int i = 0; i < 30; i++) {
      ties[i] = i % 2;
    }
    List<DriftEvaluation.Input> rows =
        List.of(
            in("temp", "SHIFT", values(range(200, 50), range(200, 0), 0)),
            in("temp", "SAME", values(range(200, 0), range(200, 0), 2)),
            in("temp", "TIES", values(repeat(1.0, 30), ties, 0)),
            in(
                "cat",
                "SHIFT",
                FLOOR.compute(
                    List.of(
                        new DriftComparison.Cell("a", 800, 500),
                        new DriftComparison.Cell("b", 200, 500)))));
    DriftThresholds t =
        DriftThresholds.parse(
            Map.of(
                "psi", Map.of("warn", 0.1, "fail", 0.25),
                "ks_statistic", Map.of("warn", 0.1, "fail", 0.2),
                "kl_divergence_knn", Map.of("warn", 100.0)),
            Map.of("temp", Map.of("wasserstein_distance", Map.of("warn", 10, "fail", 100))),
            null);
    return DriftEvaluation.evaluate(rows, t, 20, 0.05);
  }

  private static Map<String, DriftEvaluation.Evaluated> byKey(List<DriftEvaluation.Evaluated> l) {
    Map<String, DriftEvaluation.Evaluated> m = new HashMap<>();
    l.forEach(e -> m.put(e.input().column() + "·" + e.input().groupKey(), e));
    return m;
  }

  @Test
  void theNewMetricsByKeyAndColumnWithTheirScope() {
    assertThat(DriftMetric.of("ks_statistic")).isEqualTo(DriftMetric.KS_STATISTIC);
    assertThat(DriftMetric.of("wasserstein_distance")).isEqualTo(DriftMetric.WASSERSTEIN_DISTANCE);
    assertThat(DriftMetric.of("kl_divergence_knn")).isEqualTo(DriftMetric.KL_DIVERGENCE_KNN);
    assertThat(DriftMetric.of("kl_divergence_knn_nats")).isEqualTo(DriftMetric.KL_DIVERGENCE_KNN);
    assertThat(DriftSettings.mainMetric("ks_statistic")).isEqualTo(DriftMetric.KS_STATISTIC);
    for (DriftMetric m :
        List.of(
            DriftMetric.KS_STATISTIC,
            DriftMetric.WASSERSTEIN_DISTANCE,
            DriftMetric.KL_DIVERGENCE_KNN)) {
      assertThat(m.higherIsWorse()).isTrue();
      assertThat(m.kinds()).containsExactly(MonitoredColumn.Kind.VALUES);
    }
    assertThat(DriftMetric.PSI.appliesTo(MonitoredColumn.Kind.VALUES)).isFalse();
    assertThat(DriftMetric.KL_DIVERGENCE_CI_LOW.appliesTo(MonitoredColumn.Kind.CATEGORIES))
        .isTrue();
    assertThat(DriftMetric.P_VALUE.appliesTo(MonitoredColumn.Kind.VALUES)).isTrue();
    assertThat(DriftMetric.P_VALUE.appliesTo(MonitoredColumn.Kind.CATEGORIES)).isTrue();
    assertThatThrownBy(() -> DriftMetric.of("ks"))
        .hasMessageContaining("ks_statistic, wasserstein_distance, kl_divergence_knn");
  }

  @Test
  void aValueColumnsResultAndItsMissingSides() {
    DriftComparison.Result r = values(range(200, 50), range(200, 0), 0);
    assertThat(r.valueColumn()).isTrue();
    assertThat(r.ksStatistic()).isEqualTo(0.25);
    assertThat(r.wassersteinDistance()).isCloseTo(50.0, within(1e-12));
    assertThat(r.klDivergenceKnn()).isNotNull();
    assertThat(r.pValue()).isLessThan(1e-4); // the KS test's
    assertThat(r.psi()).isNull();
    assertThat(r.gStatistic()).isNull();
    assertThat(r.categories()).isZero();
    assertThat(r.labels()).isEmpty();
    assertThat(r.status()).isNull();

    DriftComparison.Result noCurrent =
        DriftComparison.values(0, 40, 3, 0, 2, 0, null, null, null, null, null);
    assertThat(noCurrent.status()).isEqualTo(DriftStatus.MISSING_CURRENT);
    assertThat(noCurrent.nullCurrent()).isEqualTo(5.0);
    assertThat(noCurrent.message()).isEqualTo("all 5 current values are null, NaN or infinite");
    DriftComparison.Result noReference =
        DriftComparison.values(40, 0, 0, 0, 0, 0, null, null, null, null, null);
    assertThat(noReference.status()).isEqualTo(DriftStatus.MISSING_REFERENCE);
    assertThat(noReference.message()).isEqualTo("no reference rows for this group");
    assertThat(DriftComparison.values(0, 0, 2, 3, 0, 0, null, null, null, null, null).message())
        .isEqualTo("all values are null on both sides (2 current, 3 reference)");
    assertThatThrownBy(
            () -> DriftComparison.values(5, 5, 0, 0, 0, 0, 0.2, Double.NaN, 1.0, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("p-value NaN");
  }

  @Test
  void levelsStatusesAndMetricsARowDoesNotHave() {
    Map<String, DriftEvaluation.Evaluated> by = byKey(evaluated());
    DriftEvaluation.Evaluated shift = by.get("temp·SHIFT");
    assertThat(shift.status()).isEqualTo(DriftStatus.FAIL);
    assertThat(shift.message())
        .isEqualTo(
            "ks_statistic 0.25 >= fail 0.2; wasserstein_distance 50 >= warn 10;"
                + " psi_nats not checked: not computed for a value column (compare: values)");
    assertThat(DriftEvaluation.value(shift, DriftMetric.KS_STATISTIC)).isEqualTo(0.25);
    assertThat(DriftEvaluation.value(shift, DriftMetric.PSI)).isNull();
    assertThat(shift.thresholds())
        .isEqualTo(
            "psi_nats warn>=0.1 fail>=0.25; ks_statistic warn>=0.1 fail>=0.2;"
                + " wasserstein_distance warn>=10 fail>=100; kl_divergence_knn_nats warn>=100;"
                + " levels count if p_value_adjusted < 0.05");

    DriftEvaluation.Evaluated same = by.get("temp·SAME");
    assertThat(same.status()).isEqualTo(DriftStatus.OK);
    assertThat(same.message())
        .isEqualTo(
            "psi_nats not checked: not computed for a value column (compare: values);"
                + " 0 current and 2 reference values NaN or infinite (excluded, counted as null)");

    // One current value repeated: no k-NN KL; its level is not checked, and the reason is given.
    DriftEvaluation.Evaluated ties = by.get("temp·TIES");
    assertThat(ties.input().result().klDivergenceKnn()).isNull();
    assertThat(ties.message())
        .contains("kl_divergence_knn_nats not checked: " + ties.input().result().knnProblem());

    DriftEvaluation.Evaluated cat = by.get("cat·SHIFT");
    assertThat(cat.status()).isEqualTo(DriftStatus.FAIL);
    assertThat(cat.message())
        .startsWith("psi_nats 0.")
        .contains("ks_statistic not checked: not computed for a categorical or bucketed column")
        .contains("kl_divergence_knn_nats not checked: not computed for a categorical")
        .doesNotContain("wasserstein_distance"); // its level is temp's only

    // One Benjamini–Hochberg family: the G-test's and the KS tests' p-values, in row order.
    List<DriftEvaluation.Evaluated> rows = evaluated();
    double[] p = new double[rows.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = rows.get(i).input().result().pValue();
    }
    double[] adjusted = BenjaminiHochberg.adjust(p);
    for (int i = 0; i < p.length; i++) {
      assertThat(rows.get(i).pValueAdjusted()).isEqualTo(adjusted[i]);
    }
  }

  @Test
  void htmlOfAMixedRun() {
    List<DriftEvaluation.Evaluated> rows = evaluated();
    DriftEvaluation.RunVerdict v = DriftEvaluation.verdict(rows, 1, 1000);
    LocalDate d = LocalDate.of(2024, 3, 1);
    // main-metric psi: the categorical row's share chart; the value rows are in the tables only.
    String psi =
        DriftHtml.render(
            new DriftHtml.Page(d, v, Map.of(), DriftMetric.PSI, 6, Map.of(), Map.of(), FOOTER),
            rows);
    assertThat(psi)
        .contains(">ks_statistic<")
        .contains(">wasserstein_distance<")
        .contains(">kl_divergence_knn_nats<")
        .contains(">psi_nats<")
        .contains("Value columns (compare: values) have no share chart")
        .doesNotContain(">NaN<");
    assertThat(psi.split("<svg", -1).length - 1).isEqualTo(1);
    assertThat(DriftHtml.worst(rows, DriftMetric.PSI, 6))
        .extracting(e -> e.input().column())
        .containsOnly("cat");
    // main-metric ks_statistic: the value rows' trends, the categorical row's shares (no trend).
    Map<String, TreeMap<LocalDate, Double>> trend = new HashMap<>();
    List<DriftEvaluation.Evaluated> worst = DriftHtml.worst(rows, DriftMetric.KS_STATISTIC, 6);
    assertThat(worst).hasSize(4);
    for (DriftEvaluation.Evaluated e : worst) {
      TreeMap<LocalDate, Double> points = new TreeMap<>();
      points.put(d.minusDays(1), null);
      points.put(d, DriftEvaluation.value(e, DriftMetric.KS_STATISTIC));
      trend.put(DriftHtml.seriesKey(e.input().column(), e.input().groupKey()), points);
    }
    String ks =
        DriftHtml.render(
            new DriftHtml.Page(
                d, v, Map.of(), DriftMetric.KS_STATISTIC, 6, trend, Map.of(), FOOTER),
            rows);
    assertThat(ks)
        .contains("ks_statistic of temp · SHIFT by report date")
        .doesNotContain("ks_statistic of cat · SHIFT")
        .doesNotContain("Value columns (compare: values) have no share chart")
        .doesNotContain(">NaN<");
    assertThat(ks.split("<svg", -1).length - 1).isEqualTo(4); // 3 trends, 1 share chart
    // A run without value columns: the tables have no value-metric columns.
    List<DriftEvaluation.Evaluated> categorical = new ArrayList<>();
    rows.stream().filter(e -> e.input().column().equals("cat")).forEach(categorical::add);
    String cat =
        DriftHtml.render(
            new DriftHtml.Page(d, v, Map.of(), DriftMetric.PSI, 6, Map.of(), Map.of(), FOOTER),
            categorical);
    assertThat(cat).doesNotContain(">ks_statistic<").contains(">psi_nats<");
    // Only value columns, main-metric psi: no chart, the reason, no categorical metric columns.
    List<DriftEvaluation.Evaluated> valueRows = new ArrayList<>(rows);
    valueRows.removeAll(categorical);
    String values =
        DriftHtml.render(
            new DriftHtml.Page(d, v, Map.of(), DriftMetric.PSI, 6, Map.of(), Map.of(), FOOTER),
            valueRows);
    assertThat(values)
        .contains("Value columns (compare: values) have no share chart")
        .doesNotContain("No row has both")
        .doesNotContain("<svg")
        .doesNotContain(">js_divergence_nats<") // psi_nats: the roll-up's main-metric column
        .contains(">ks_statistic<");
  }

  @Test
  void theEvidenceColumnsComeFirstWithTheKlInterval() {
    List<DriftEvaluation.Evaluated> rows = evaluated();
    DriftEvaluation.RunVerdict v = DriftEvaluation.verdict(rows, 1, 1000);
    String html =
        DriftHtml.render(
            new DriftHtml.Page(
                LocalDate.of(2024, 3, 1),
                v,
                Map.of(),
                DriftMetric.PSI,
                6,
                Map.of(),
                Map.of(),
                FOOTER),
            rows);
    int tables = 0;
    for (String id : List.of("flagged-rows", "ok-rows")) {
      int at = html.indexOf("id=\"" + id + "\">");
      if (at < 0) {
        continue;
      }
      tables++;
      List<String> headers = new ArrayList<>();
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("<th[^>]*>([^<]*)</th>")
              .matcher(html.substring(at, html.indexOf("</tr>", at)));
      while (m.find()) {
        headers.add(m.group(1));
      }
      assertThat(headers.subList(0, 7))
          .as(id)
          .containsExactly(
              "status",
              "column",
              "group",
              "p_value_adjusted",
              "kl_divergence_nats",
              "kl_divergence_ci_low_nats",
              "kl_divergence_ci_high_nats");
      assertThat(headers.get(headers.size() - 1)).as(id).isEqualTo("message");
    }
    assertThat(tables).isPositive();
    DriftComparison.Result cat = byKey(rows).get("cat·SHIFT").input().result();
    assertThat(cat.klDivergenceCiHigh()).isNotNull();
    assertThat(html)
        .contains(
            "<td class=\"num\">"
                + dev.klspark.html.HtmlFormat.num(cat.klDivergenceCiLow())
                + "</td><td class=\"num\">"
                + dev.klspark.html.HtmlFormat.num(cat.klDivergenceCiHigh())
                + "</td>");
  }
}

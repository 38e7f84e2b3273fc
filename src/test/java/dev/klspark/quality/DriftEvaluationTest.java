package dev.klspark.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.KlsparkException;
import dev.klspark.math.Smoothing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics, zero policy, statuses, BH and threshold overrides, without Spark. */
class DriftEvaluationTest {
  private static final DriftComparison FLOOR = new DriftComparison(new Smoothing.Floor(1e-4));

  private static List<DriftComparison.Cell> cells(double[] cur, double[] ref) {
    List<DriftComparison.Cell> l = new ArrayList<>();
    for (int i = 0; i < cur.length; i++) {
      l.add(new DriftComparison.Cell("c" + i, cur[i], ref[i]));
    }
    return l;
  }

  private static DriftEvaluation.Input input(String group, double[] cur, double[] ref) {
    return new DriftEvaluation.Input(
        "x", List.of(group), group, null, FLOOR.compute(cells(cur, ref)));
  }

  @Test
  void metricsComeFromTheKernelOnSmoothedProportions() {
    DriftComparison.Result r =
        FLOOR.compute(cells(new double[] {50, 30, 20, 0}, new double[] {40, 40, 10, 10}));
    // scipy 1.17.1 / numpy: p = floor_1e-4(.5, .3, .2, 0) renormalised, q = (.4, .4, .1, .1);
    // psi = sum((p-q) ln(p/q)), hellinger = sqrt(1 - sum sqrt(p q)), KL = rel_entr(p, q).sum(),
    // reverse = rel_entr(q, p).sum(); G, p-value: power_divergence([50, 30, 20, 0], 100 q,
    // lambda_="log-likelihood") (raw current counts against the smoothed reference).
    assertThat(r.psi()).isCloseTo(0.8104657138533535, within(1e-13));
    assertThat(r.hellingerDistance()).isCloseTo(0.2486755234041936, within(1e-13));
    assertThat(r.klDivergence()).isCloseTo(0.1630895005557725, within(1e-13));
    assertThat(r.reverseKlDivergence()).isCloseTo(0.6473762132975811, within(1e-13));
    assertThat(r.gStatistic()).isCloseTo(32.77931800671193, within(1e-11));
    assertThat(r.pValue()).isCloseTo(3.58501923696441e-07, within(1e-18));
    assertThat(r.reverseKlDivergence()).isFinite(); // the floor keeps the vanished category finite
    assertThat(r.degreesOfFreedom()).isEqualTo(3);
    assertThat(r.currentShare()).containsExactly(0.5, 0.3, 0.2, 0.0);
    // Invariance: permuting the categories changes no metric.
    DriftComparison.Result perm =
        FLOOR.compute(cells(new double[] {0, 20, 30, 50}, new double[] {10, 10, 40, 40}));
    assertThat(perm.psi()).isCloseTo(r.psi(), within(1e-15));
    assertThat(perm.pValue()).isCloseTo(r.pValue(), within(1e-15));
  }

  @Test
  void missingSidesAndNulls() {
    DriftComparison.Result noRef = FLOOR.compute(cells(new double[] {5, 5}, new double[] {0, 0}));
    assertThat(noRef.status()).isEqualTo(DriftStatus.MISSING_REFERENCE);
    DriftComparison.Result allNull =
        FLOOR.compute(
            List.of(new DriftComparison.Cell(null, 7, 0), new DriftComparison.Cell("a", 0, 10)));
    assertThat(allNull.status()).isEqualTo(DriftStatus.MISSING_CURRENT);
    assertThat(allNull.message()).isEqualTo("all 7 current values are null");
  }

  @Test
  void statusesSignificanceAndOverrides() {
    DriftThresholds t =
        DriftThresholds.parse(
            Map.of("psi", Map.of("warn", 0.1, "fail", 0.25)),
            Map.of(),
            Map.of("LAX", Map.of("psi", Map.of("fail", 10.0))));
    double[] ref = {500, 500};
    List<DriftEvaluation.Input> in =
        List.of(
            input("BIG", new double[] {800, 200}, ref), // large shift, large n: fail
            input("LAX", new double[] {800, 200}, ref), // same, fail level overridden: warn
            input("NOISE", new double[] {9, 3}, new double[] {6, 6}), // n below min: insufficient
            input("SMALL", new double[] {70, 30}, new double[] {50, 50}), // PSI 0.17 but noisy
            input("SAME", new double[] {500, 500}, ref));
    List<DriftEvaluation.Evaluated> out = DriftEvaluation.evaluate(in, t, 20, 0.05);
    Map<String, DriftEvaluation.Evaluated> by = new java.util.HashMap<>();
    out.forEach(e -> by.put(e.input().groupKey(), e));
    assertThat(by.get("BIG").status()).isEqualTo(DriftStatus.FAIL);
    assertThat(by.get("BIG").message()).startsWith("psi_nats 0.").contains(">= fail 0.25");
    assertThat(by.get("LAX").status()).isEqualTo(DriftStatus.WARN);
    assertThat(by.get("LAX").thresholds()).contains("psi_nats warn>=0.1 fail>=10");
    assertThat(by.get("NOISE").status()).isEqualTo(DriftStatus.INSUFFICIENT_DATA);
    assertThat(by.get("NOISE").pValueAdjusted()).isNull();
    assertThat(by.get("SAME").status()).isEqualTo(DriftStatus.OK);
    // BH over the 4 tested rows.
    assertThat(by.get("SAME").pValueAdjusted()).isEqualTo(1.0);
    DriftEvaluation.Evaluated small = by.get("SMALL");
    assertThat(small.input().result().psi()).isGreaterThan(0.1);
    if (small.pValueAdjusted() >= 0.05) {
      assertThat(small.status()).isEqualTo(DriftStatus.OK);
      assertThat(small.message()).contains("not significant");
    }
    DriftEvaluation.RunVerdict v = DriftEvaluation.verdict(out, 1, 100);
    assertThat(v.verdict()).isEqualTo(DriftEvaluation.Verdict.FAIL);
    assertThat(DriftEvaluation.verdict(out, 2, 100).verdict())
        .isEqualTo(DriftEvaluation.Verdict.WARN);
    assertThat(DriftEvaluation.verdict(List.of(), 1, 0).verdict())
        .isEqualTo(DriftEvaluation.Verdict.NO_DATA);
  }

  @Test
  void overridesMergeGroupOverColumnOverGlobal() {
    DriftThresholds t =
        DriftThresholds.parse(
            Map.of(
                "psi",
                Map.of("warn", 0.1, "fail", 0.25),
                "hellinger_distance",
                Map.of("fail", 0.5)),
            Map.of("x", Map.of("psi", Map.of("warn", 0.2))),
            Map.of("G", Map.of("psi", Map.of("fail", 0.9))));
    assertThat(t.levels("x", "G").get(DriftMetric.PSI))
        .isEqualTo(new DriftThresholds.Level(0.2, 0.9));
    assertThat(t.levels("x", "H").get(DriftMetric.PSI))
        .isEqualTo(new DriftThresholds.Level(0.2, 0.25));
    assertThat(t.levels("y", "H").get(DriftMetric.PSI))
        .isEqualTo(new DriftThresholds.Level(0.1, 0.25));
    assertThat(t.levels("y", "G").get(DriftMetric.HELLINGER_DISTANCE))
        .isEqualTo(new DriftThresholds.Level(null, 0.5));
    assertThat(DriftThresholds.parse(null, null, null).levels("x", "G"))
        .isEqualTo(DriftThresholds.DEFAULT);
  }

  @Test
  void deprecatedMetricKeysStillName() {
    // klspark 0.1's keys, accepted with a warning in the log.
    DriftThresholds t =
        DriftThresholds.parse(
            Map.of("hellinger", Map.of("fail", 0.5), "total_variation", Map.of("warn", 0.2)),
            null,
            null);
    assertThat(t.levels("x", "G"))
        .containsEntry(DriftMetric.HELLINGER_DISTANCE, new DriftThresholds.Level(null, 0.5))
        .containsEntry(DriftMetric.TOTAL_VARIATION_DISTANCE, new DriftThresholds.Level(0.2, null));
    assertThat(DriftMetric.of("psi_nats")).isEqualTo(DriftMetric.PSI);
    assertThat(DriftMetric.of("total_variation_distance"))
        .isEqualTo(DriftMetric.TOTAL_VARIATION_DISTANCE);
    // One name per metric: the key is the history column without the unit suffix.
    for (DriftMetric m : DriftMetric.values()) {
      if (m != DriftMetric.P_VALUE) {
        assertThat(m.column()).isIn(m.key(), m.key() + "_nats");
      }
    }
  }

  @Test
  void badThresholdsNameTheEntry() {
    assertThatThrownBy(() -> DriftThresholds.parse(Map.of("psy", Map.of("warn", 1)), null, null))
        .isInstanceOf(KlsparkException.class)
        .hasMessageContaining("unknown metric 'psy'");
    assertThatThrownBy(
            () ->
                DriftThresholds.parse(Map.of("psi", Map.of("warn", 0.3, "fail", 0.1)), null, null))
        .isInstanceOf(KlsparkException.class)
        .hasMessageContaining("less severe");
    assertThatThrownBy(
            () ->
                DriftThresholds.parse(
                    Map.of("p_value", Map.of("warn", 0.001, "fail", 0.01)), null, null))
        .hasMessageContaining("less severe");
  }

  @Test
  void htmlEscapesText() {
    assertThat(DriftHtml.escape("<script>&\"'")).isEqualTo("&lt;script&gt;&amp;&quot;&#39;");
  }
}

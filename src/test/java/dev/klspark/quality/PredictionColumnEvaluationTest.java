package dev.klspark.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klspark.math.ExpectedLogLoss;
import dev.klspark.math.Smoothing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A prediction column's metrics from its sums ({@link DriftComparison#predictions}) and their
 * checks ({@link DriftEvaluation}), without Spark: the zero policies against numpy/scipy
 * (data_quality_prediction_oracles.json, "policies"), the expected log-loss against the kernel fed
 * row by row, the missing sides, and the rules of a row without a test.
 */
class PredictionColumnEvaluationTest {
  private static final Path ORACLES =
      Path.of(System.getProperty("klspark.project.dir", ".")).resolve("src/test/resources/oracles");
  private static final List<String> ABC = List.of("a", "b", "c");

  /** Three rows, their sums as {@link DriftPredictions} computes them in Spark. */
  private static DriftComparison.PredictionSums sums(double[]... rows) {
    ExpectedLogLoss perRow = new ExpectedLogLoss();
    double[] s = new double[rows[0].length];
    double h = 0;
    double v = 0;
    for (double[] q : rows) {
      perRow.add(q);
      double hq = 0;
      double m2 = 0;
      for (int k = 0; k < q.length; k++) {
        s[k] += q[k];
        if (q[k] > 0) {
          hq -= q[k] * Math.log(q[k]);
          m2 += q[k] * Math.log(q[k]) * Math.log(q[k]);
        }
      }
      h += hq;
      v += Math.max(0, m2 - hq * hq);
    }
    return new DriftComparison.PredictionSums(rows.length, 0, h, v, s);
  }

  @Test
  void expectedLogLossFromTheSumsIsTheKernelsRowByRow() {
    double[][] cur = {{0.7, 0.2, 0.1}, {0.1, 0.1, 0.8}, {1.0, 0.0, 0.0}};
    double[][] ref = {{0.5, 0.25, 0.25}, {0.2, 0.6, 0.2}};
    DriftComparison.Result r =
        new DriftComparison(new Smoothing.Floor(1e-4)).predictions(ABC, sums(cur), sums(ref));
    ExpectedLogLoss c = new ExpectedLogLoss();
    Stream.of(cur).forEach(c::add);
    ExpectedLogLoss f = new ExpectedLogLoss();
    Stream.of(ref).forEach(f::add);
    assertThat(r.kind()).isEqualTo(MonitoredColumn.Kind.PREDICTIONS);
    assertThat(r.status()).isNull();
    assertThat(r.expectedNll()).isCloseTo(c.result().expectedNll(), within(1e-15));
    assertThat(r.expectedNllSd()).isCloseTo(c.result().expectedNllSd(), within(1e-15));
    assertThat(r.expectedNllReference()).isCloseTo(f.result().expectedNll(), within(1e-15));
    assertThat(r.expectedNllChange())
        .isCloseTo(c.result().expectedNll() - f.result().expectedNll(), within(1e-15));
    // mpmath 1.3.0 at 30 digits: H(0.7, 0.2, 0.1) = 0.801818552543337308560798109983,
    // H(0.1, 0.1, 0.8) = 0.639031859650176941416634363185, H(1, 0, 0) = 0; the mean of the three
    // is 0.480283470731171416659144157722.
    assertThat(r.expectedNll()).isCloseTo(0.480283470731171416659, within(1e-15));
    // The shares are the mean predictions; no G-test.
    assertThat(r.currentShare()).containsExactly(new double[] {0.6, 0.1, 0.3}, within(1e-15));
    assertThat(r.referenceShare())
        .containsExactly(new double[] {0.35, 0.425, 0.225}, within(1e-15));
    assertThat(r.labels()).containsExactly("a", "b", "c");
    assertThat(r.categories()).isEqualTo(3);
    assertThat(r.pValue()).isNull();
    assertThat(r.gStatistic()).isNull();
    assertThat(r.klDivergenceCiLow()).isNull();
    assertThat(r.ksStatistic()).isNull();
  }

  static Stream<String> policies() {
    return Stream.of("none", "floor:1.0E-4", "additive:1.0");
  }

  /**
   * The divergences of the smoothed mean predictions against numpy/scipy, for each zero policy: the
   * reference never predicts label a (sums of the probabilities as expected counts).
   */
  @ParameterizedTest
  @MethodSource("policies")
  void divergencesOfTheMeanPredictionsUnderEachPolicyAgainstScipy(String spec) throws IOException {
    JsonNode o =
        new ObjectMapper()
            .readTree(ORACLES.resolve("data_quality_prediction_oracles.json").toFile())
            .get("policies");
    DriftComparison.PredictionSums cur =
        new DriftComparison.PredictionSums(4, 1, 2.0, 0.5, new double[] {3.0, 0.5, 0.5});
    DriftComparison.PredictionSums ref =
        new DriftComparison.PredictionSums(8, 0, 4.0, 1.0, new double[] {0.0, 2.0, 6.0});
    DriftComparison.Result r =
        new DriftComparison(Smoothing.parse(spec)).predictions(ABC, cur, ref);
    JsonNode e = o.get(spec);
    Map<String, Double> got =
        Map.of(
            "kl_divergence_nats", r.klDivergence(),
            "reverse_kl_divergence_nats", r.reverseKlDivergence(),
            "js_divergence_nats", r.jsDivergence(),
            "psi_nats", r.psi(),
            "hellinger_distance", r.hellingerDistance(),
            "total_variation_distance", r.totalVariationDistance());
    got.forEach(
        (name, value) -> {
          if (e.get(name).isNull()) {
            // scipy's inf: the reference gives probability 0 to a predicted label.
            assertThat(value).as(spec + " " + name).isInfinite();
          } else {
            assertThat(value)
                .as(spec + " " + name)
                .isCloseTo(e.get(name).asDouble(), within(1e-12));
          }
        });
    assertThat(r.newCategories()).isEqualTo(1);
    assertThat(r.nullCurrent()).isEqualTo(1.0);
    assertThat(r.expectedNll()).isEqualTo(0.5);
    assertThat(r.expectedNllSd()).isCloseTo(Math.sqrt(0.5) / 4, within(1e-15));
    assertThat(r.expectedNllChange()).isEqualTo(0.0);
  }

  @Test
  void aSideWithoutDistributionsIsMissing() {
    DriftComparison c = new DriftComparison(Smoothing.none());
    DriftComparison.PredictionSums none =
        new DriftComparison.PredictionSums(0, 3, 0, 0, new double[3]);
    DriftComparison.PredictionSums some = sums(new double[] {0.2, 0.3, 0.5});
    DriftComparison.Result noRef = c.predictions(ABC, some, none);
    assertThat(noRef.status()).isEqualTo(DriftStatus.MISSING_REFERENCE);
    assertThat(noRef.message()).isEqualTo("all 3 reference values are null");
    assertThat(noRef.expectedNll()).isNull();
    assertThat(noRef.klDivergence()).isNull();
    DriftComparison.Result noCur = c.predictions(ABC, none, some);
    assertThat(noCur.status()).isEqualTo(DriftStatus.MISSING_CURRENT);
    assertThatThrownBy(() -> c.predictions(List.of("a", "b"), some, some))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("2 labels but 3 current and 3 reference sums; expected one sum per label");
  }

  @ParameterizedTest
  @ValueSource(doubles = {-1e-3, Double.NaN, Double.POSITIVE_INFINITY})
  void sumsOfTheKernelAreChecked(double bad) {
    assertThatThrownBy(() -> ExpectedLogLoss.ofSums(3, bad, 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected n >= 0 and finite non-negative sums");
    assertThatThrownBy(() -> ExpectedLogLoss.ofSums(3, 0.1, bad))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static DriftEvaluation.Input input(String group, DriftComparison.Result r) {
    return new DriftEvaluation.Input("p", List.of(group), group, null, r);
  }

  /**
   * A prediction row has no p-value: it stays out of the Benjamini–Hochberg family, its levels
   * count alone (significance does not gate them), and a p_value level is not checked, with the
   * reason in the message; min-sample-size still applies.
   */
  @Test
  void levelsOfAPredictionRowCountAloneAndItsPValueIsNotChecked() {
    DriftComparison c = new DriftComparison(Smoothing.none());
    double[][] cur = new double[200][];
    double[][] ref = new double[200][];
    for (int i = 0; i < 200; i++) {
      cur[i] = new double[] {0.4, 0.3, 0.3}; // flatter than the reference: less confident
      ref[i] = new double[] {0.8, 0.1, 0.1};
    }
    DriftComparison.Result drifted = c.predictions(ABC, sums(cur), sums(ref));
    DriftComparison.Result small =
        c.predictions(ABC, sums(cur[0], cur[1]), sums(ref[0], ref[1], ref[2]));
    DriftThresholds t =
        DriftThresholds.parse(
            Map.of(
                "expected_nll_change", Map.of("warn", 0.1, "fail", 0.4),
                "kl_divergence", Map.of("warn", 0.05),
                "p_value", Map.of("fail", 0.01)),
            null,
            null);
    List<DriftEvaluation.Evaluated> e =
        DriftEvaluation.evaluate(List.of(input("A", drifted), input("B", small)), t, 100, 0.05);
    DriftEvaluation.Evaluated a = e.get(0);
    // mpmath 1.3.0 at 30 digits: expected_nll_change = H(0.4, 0.3, 0.3) − H(0.8, 0.1, 0.1) =
    // 1.08889997534522362164705861536 − 0.639031859650176941416634363185 =
    // 0.449868115695046680230424252179 nats: fail without a p-value.
    assertThat(a.status()).isEqualTo(DriftStatus.FAIL);
    assertThat(a.pValueAdjusted()).isNull();
    assertThat(DriftEvaluation.value(a, DriftMetric.EXPECTED_NLL_CHANGE))
        .isCloseTo(0.449868115695046680230, within(1e-12));
    assertThat(a.message())
        .startsWith(
            "kl_divergence_nats 0.381909 >= warn 0.05; expected_nll_change_nats 0.449868"
                + " >= fail 0.4; p_value_adjusted not checked: not computed for a prediction column"
                + " (compare: predictions)");
    assertThat(a.thresholds()).endsWith("; levels count alone (no test of a prediction column)");
    assertThat(e.get(1).status()).isEqualTo(DriftStatus.INSUFFICIENT_DATA);
    // The categorical metrics of the kernel on the mean predictions: KL(Q̄ ‖ Q̄_ref) =
    // 0.4 ln(0.4/0.8) + 2·0.3 ln(0.3/0.1) = 0.38190850097688769107025429357 (mpmath 1.3.0).
    assertThat(drifted.klDivergence()).isCloseTo(0.381908500976887691, within(1e-12));
    assertThat(DriftMetric.EXPECTED_NLL.appliesTo(MonitoredColumn.Kind.PREDICTIONS)).isTrue();
    assertThat(DriftMetric.EXPECTED_NLL.appliesTo(MonitoredColumn.Kind.CATEGORIES)).isFalse();
    assertThat(DriftMetric.PSI.appliesTo(MonitoredColumn.Kind.PREDICTIONS)).isTrue();
    assertThat(DriftMetric.P_VALUE.appliesTo(MonitoredColumn.Kind.PREDICTIONS)).isFalse();
    assertThat(DriftMetric.KL_DIVERGENCE_CI_LOW.appliesTo(MonitoredColumn.Kind.PREDICTIONS))
        .isFalse();
    assertThat(DriftMetric.of("expected_nll_change_nats"))
        .isEqualTo(DriftMetric.EXPECTED_NLL_CHANGE);
    assertThat(DriftMetric.of("expected_nll")).isEqualTo(DriftMetric.EXPECTED_NLL);
  }

  /** A categorical row keeps its G-test family, and an expected_nll level is not checked on it. */
  @Test
  void anExpectedNllLevelOnACategoricalRowIsNotChecked() {
    DriftComparison c = new DriftComparison(Smoothing.none());
    DriftComparison.Result counts =
        c.compute(
            List.of(
                new DriftComparison.Cell("x", 150, 100), new DriftComparison.Cell("y", 50, 100)));
    DriftThresholds t =
        DriftThresholds.parse(Map.of("expected_nll", Map.of("warn", 0.0)), null, null);
    DriftEvaluation.Evaluated e =
        DriftEvaluation.evaluate(List.of(input("A", counts)), t, 10, 0.05).get(0);
    assertThat(e.status()).isEqualTo(DriftStatus.OK);
    assertThat(e.pValueAdjusted()).isNotNull();
    assertThat(e.message())
        .isEqualTo(
            "expected_nll_nats not checked: not computed for a categorical or bucketed column");
  }
}

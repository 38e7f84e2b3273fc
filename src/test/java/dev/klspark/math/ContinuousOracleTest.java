package dev.klspark.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The continuous comparisons against the oracle values of {@code
 * src/test/resources/oracles/continuous_oracles.py} (scipy 1.17.1: {@code stats.ks_2samp}, {@code
 * stats.wasserstein_distance}; brute-force k-NN KL and Kozachenko–Leonenko entropy over every
 * pairwise distance). Spark-free.
 */
class ContinuousOracleTest {
  private static final JsonNode ORACLES = load();

  private static JsonNode load() {
    try (InputStream in =
        ContinuousOracleTest.class.getResourceAsStream("/oracles/continuous_oracles.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Arguments> pValues() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : ORACLES.get("ks_pvalues")) {
      out.add(
          Arguments.of(
              c.get("n").asLong(),
              c.get("m").asLong(),
              c.get("dnm").asLong(),
              c.get("statistic").asDouble(),
              c.get("p_value").asDouble()));
    }
    return out.stream();
  }

  /** Statistic to 1e-12; p-value to a relative 1e-9 (exact range) or 1e-7 (asymptotic). */
  @ParameterizedTest(name = "n={0} m={1} dnm={2}")
  @MethodSource("pValues")
  void ksPValueAsScipy(long n, long m, long dnm, double d, double p) {
    assertThat(KolmogorovSmirnov.statistic(n, m, dnm)).isCloseTo(d, within(1e-12));
    double got = KolmogorovSmirnov.pValue(n, m, dnm);
    double rel = Math.max(n, m) <= KolmogorovSmirnov.MAX_EXACT_N ? 1e-9 : 1e-7;
    if (p == 0.0) {
      assertThat(got).isLessThan(1e-300);
    } else {
      assertThat(got).isCloseTo(p, within(rel * p));
    }
  }

  static Stream<Arguments> samples() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : ORACLES.get("samples")) {
      out.add(Arguments.of(c.get("name").asText(), c));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void samplesAsScipyAndBruteForce(String name, JsonNode c) {
    double[] p = doubles(c.get("current"));
    double[] q = doubles(c.get("reference"));
    c.get("kl_knn")
        .fieldNames()
        .forEachRemaining(
            key -> {
              int k = Integer.parseInt(key);
              TwoSampleStream.Result r = ContinuousSamples.compare(p, q, k);
              assertThat(r.ksStatistic())
                  .isCloseTo(c.get("ks_statistic").asDouble(), within(1e-12));
              double pv = c.get("ks_p_value").asDouble();
              assertThat(r.ksPValue()).isCloseTo(pv, within(1e-9 * pv));
              double w = c.get("wasserstein").asDouble();
              assertThat(r.wasserstein()).isCloseTo(w, within(1e-9 * Math.max(w, 1e-300)));
              JsonNode kl = c.get("kl_knn").get(key);
              if (kl.isNull()) {
                assertThat(r.klDivergenceKnn()).isNull();
                assertThat(r.knnProblem()).contains("k = " + k);
              } else {
                assertThat(r.klDivergenceKnn()).isCloseTo(kl.asDouble(), within(1e-10));
              }
              JsonNode h = c.get("entropy_knn").get(key);
              double e = ContinuousSamples.entropy(p, k);
              if (h.isNull()) {
                assertThat(e).isNaN();
              } else {
                assertThat(e).isCloseTo(h.asDouble(), within(1e-10));
              }
            });
  }

  /** Real data with ties: Seattle's daily maximum temperature, 2015 against 2012-2014. */
  @Test
  void seattleTemperaturesAsScipy() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("data", "seattle-weather.csv"));
    for (JsonNode c : ORACLES.get("seattle")) {
      String w = c.get("weather").asText();
      List<Double> cur = new ArrayList<>();
      List<Double> ref = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",");
        if (f[5].equals(w)) {
          (f[0].compareTo("2015") >= 0 ? cur : ref).add(Double.parseDouble(f[2]));
        }
      }
      assertThat(cur).hasSize(c.get("n").asInt());
      assertThat(ref).hasSize(c.get("n_reference").asInt());
      if (cur.isEmpty()) {
        continue;
      }
      double[] p = cur.stream().mapToDouble(Double::doubleValue).toArray();
      double[] q = ref.stream().mapToDouble(Double::doubleValue).toArray();
      TwoSampleStream.Result r = ContinuousSamples.compare(p, q, 5);
      assertThat(r.ksStatistic()).as(w).isCloseTo(c.get("ks_statistic").asDouble(), within(1e-12));
      double pv = c.get("ks_p_value").asDouble();
      assertThat(r.ksPValue()).as(w).isCloseTo(pv, within(1e-9 * pv));
      double wd = c.get("wasserstein").asDouble();
      assertThat(r.wasserstein()).as(w).isCloseTo(wd, within(1e-9 * wd));
      assertThat(r.klDivergenceKnn()).as(w).isCloseTo(c.get("kl_knn_5").asDouble(), within(1e-10));
      assertThat(ContinuousSamples.entropy(p, 5))
          .as(w)
          .isCloseTo(c.get("entropy_knn_5").asDouble(), within(1e-10));
    }
  }

  private static double[] doubles(JsonNode a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asDouble();
    }
    return out;
  }
}

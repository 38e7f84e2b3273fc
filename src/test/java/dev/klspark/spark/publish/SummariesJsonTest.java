package dev.klspark.spark.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JSON conventions of every summary (README, "Summary JSON"): valid JSON, non-finite numbers as
 * the strings "Infinity", "-Infinity", "NaN", counts as integers, bucket edges as numbers.
 */
class SummariesJsonTest {
  @Test
  void nonFiniteNumbersAreStringsAndTheJsonIsValid() throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kl", Double.POSITIVE_INFINITY);
    m.put("low", Double.NEGATIVE_INFINITY);
    m.put("nan", Double.NaN);
    m.put("none", null);
    m.put("finite", 0.25);
    JsonNode n = new ObjectMapper().readTree(Summaries.json(m)); // a strict parser
    assertThat(n.get("kl").isTextual()).isTrue();
    assertThat(n.get("kl").asText()).isEqualTo("Infinity");
    assertThat(n.get("low").asText()).isEqualTo("-Infinity");
    assertThat(n.get("nan").asText()).isEqualTo("NaN");
    assertThat(n.get("none").isNull()).isTrue();
    assertThat(n.get("finite").isDouble()).isTrue();
    // Python's float() reads the strings back: float("Infinity"), float("-Infinity"), float("NaN").
    assertThat(Double.parseDouble(n.get("low").asText())).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void countsAreIntegersUnlessTheyAreFractionalSumsOfWeights() throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rows", Summaries.count(12.0));
    m.put("big", Summaries.count(1522083.0));
    m.put("weights", Summaries.count(2.5));
    String json = new String(Summaries.json(m), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(json).contains("\"rows\" : 12,", "\"big\" : 1522083,", "\"weights\" : 2.5");
    assertThat(new ObjectMapper().readTree(json).get("rows").isIntegralNumber()).isTrue();
  }

  @Test
  void bucketEdgesAreNumbers() throws IOException {
    Map<String, Object> m =
        Map.of(
            "edges",
            Summaries.numbers(
                new double[] {Double.NEGATIVE_INFINITY, 0, 5.5, Double.POSITIVE_INFINITY}));
    JsonNode edges = new ObjectMapper().readTree(Summaries.json(m)).get("edges");
    assertThat(edges.isArray()).isTrue();
    assertThat(List.of(edges.get(0).asText(), edges.get(3).asText()))
        .containsExactly("-Infinity", "Infinity");
    assertThat(edges.get(1).isNumber()).isTrue();
    assertThat(edges.get(2).asDouble()).isEqualTo(5.5);
  }
}

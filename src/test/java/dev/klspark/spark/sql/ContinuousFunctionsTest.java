package dev.klspark.spark.sql;

import static dev.klspark.spark.sql.SqlTestSupport.klMessage;
import static dev.klspark.spark.sql.SqlTestSupport.scalarDouble;
import static dev.klspark.spark.sql.SqlTestSupport.spark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The continuous SQL functions against the oracle values of {@code
 * src/test/resources/oracles/continuous_oracles.py} (scipy 1.17.1 and brute force), per group with
 * {@code collect_list}, in bits, and their errors.
 */
class ContinuousFunctionsTest {

  private static String array(JsonNode values) {
    return StreamSupport.stream(values.spliterator(), false)
        .map(v -> String.format(Locale.ROOT, "%.17gD", v.asDouble()))
        .collect(Collectors.joining(", ", "array(", ")"));
  }

  @Test
  void oracleSamples() throws IOException {
    JsonNode oracles;
    try (InputStream in = getClass().getResourceAsStream("/oracles/continuous_oracles.json")) {
      oracles = new ObjectMapper().readTree(in);
    }
    for (JsonNode c : oracles.get("samples")) {
      String p = array(c.get("current"));
      String q = array(c.get("reference"));
      Row ks = (Row) spark().sql("SELECT ks_2samp(" + p + ", " + q + ")").first().get(0);
      assertThat(ks.getDouble(0)).isCloseTo(c.get("ks_statistic").asDouble(), within(1e-12));
      double pv = c.get("ks_p_value").asDouble();
      assertThat(ks.getDouble(1)).isCloseTo(pv, within(1e-9 * pv));
      double w = c.get("wasserstein").asDouble();
      assertThat(scalarDouble("SELECT wasserstein_distance(" + p + ", " + q + ")"))
          .isCloseTo(w, within(1e-9 * w));
      JsonNode kl = c.get("kl_knn").get("1");
      if (!kl.isNull()) {
        assertThat(scalarDouble("SELECT kl_divergence_knn(" + p + ", " + q + ", 1)"))
            .as(c.get("name").asText())
            .isCloseTo(kl.asDouble(), within(1e-10));
        assertThat(scalarDouble("SELECT kl_divergence_knn(" + p + ", " + q + ", 1, 'bits')"))
            .isCloseTo(kl.asDouble() / Math.log(2), within(1e-10));
      }
      JsonNode h = c.get("entropy_knn").get("1");
      if (!h.isNull()) {
        assertThat(scalarDouble("SELECT differential_entropy(" + p + ", 1)"))
            .isCloseTo(h.asDouble(), within(1e-10));
      }
    }
  }

  /** Per group in SQL: the samples are collect_list'ed arrays (small groups). */
  @Test
  void perGroupWithCollectList() {
    List<Row> rows =
        spark()
            .sql(
                "SELECT g, ks_2samp(collect_list(x) FILTER (WHERE side = 'cur'),"
                    + " collect_list(x) FILTER (WHERE side = 'ref')).statistic AS d"
                    + " FROM VALUES ('a', 'cur', 1.0), ('a', 'cur', 2.0), ('a', 'ref', 3.0),"
                    + " ('a', 'ref', 4.0), ('b', 'cur', 1.0), ('b', 'ref', 1.0) AS t(g, side, x)"
                    + " GROUP BY g ORDER BY g")
            .collectAsList();
    assertThat(rows.get(0).getDouble(1)).isEqualTo(1.0);
    assertThat(rows.get(1).getDouble(1)).isEqualTo(0.0);
  }

  @Test
  void errorsNameTheFunctionAndTheElement() {
    assertThat(klMessage("SELECT ks_2samp(array(1.0, double('NaN')), array(1.0))"))
        .isEqualTo("ks_2samp: the current sample holds NaN at position 1; expected finite values");
    assertThat(klMessage("SELECT wasserstein_distance(array(1.0), array(2.0, NULL))"))
        .isEqualTo("wasserstein_distance: reference[1] is NULL; expected a finite number");
    assertThat(klMessage("SELECT ks_2samp(array(1.0), filter(array(1.0), x -> x > 2))"))
        .isEqualTo("ks_2samp: the reference sample is empty; expected at least one value");
    assertThat(klMessage("SELECT kl_divergence_knn(array(1, 1, 1), array(1, 2, 3))"))
        .isEqualTo(
            "kl_divergence_knn: fewer than k = 5 values of the reference differ from the value"
                + " 1.0");
    assertThat(klMessage("SELECT differential_entropy(array(1, 2), 0)"))
        .isEqualTo("differential_entropy: k = 0; expected an integer in [1, 1000]");
    assertThat(klMessage("SELECT differential_entropy(array(1, 2), x) FROM VALUES (1) AS t(x)"))
        .startsWith("differential_entropy: k must be a constant integer in [1, 1000]");
    assertThat(klMessage("SELECT ks_2samp(array('a'), array(1.0))"))
        .startsWith("ks_2samp: current has type array<string>");
    assertThat(spark().sql("SELECT ks_2samp(NULL, array(1.0))").first().isNullAt(0)).isTrue();
  }
}

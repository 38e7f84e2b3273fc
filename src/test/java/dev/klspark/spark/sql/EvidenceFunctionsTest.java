package dev.klspark.spark.sql;

import static dev.klspark.spark.sql.SqlTestSupport.klMessage;
import static dev.klspark.spark.sql.SqlTestSupport.scalar;
import static dev.klspark.spark.sql.SqlTestSupport.scalarDouble;
import static dev.klspark.spark.sql.SqlTestSupport.spark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.math.KlEvidence;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * g_test, kl_divergence_ci and entropy_miller_madow in SQL, against scipy (oracle values from
 * src/test/resources/oracles/evidence_oracles.py) and against the kernel the reports use, over
 * arrays, maps (aligned by key), category_counts and bits.
 */
class EvidenceFunctionsTest {
  @Test
  void gTestMatchesScipyOverArraysAndMaps() {
    // scipy 1.17.1 power_divergence([30, 20, 50], [30, 30, 40], lambda_="log-likelihood")
    // = (6.095750807094401, 0.04745964995661144)
    Row g = (Row) scalar("SELECT g_test(array(30, 20, 50), array(0.3, 0.3, 0.4))");
    assertThat(g.getDouble(0)).isCloseTo(6.095750807094401, within(1e-12));
    assertThat(g.getInt(1)).isEqualTo(2);
    assertThat(g.getDouble(2)).isCloseTo(0.04745964995661144, within(1e-14));
    Row m =
        (Row)
            scalar(
                "SELECT g_test(map('c', 50, 'a', 30, 'b', 20), map('a', 0.3, 'b', 0.3, 'c', 0.4))");
    assertThat(m.getDouble(0)).isCloseTo(g.getDouble(0), within(1e-12));
    assertThat(m.getDouble(2)).isCloseTo(g.getDouble(2), within(1e-15));
    Row inf = (Row) scalar("SELECT g_test(map('a', 3, 'z', 1), map('a', 1.0))");
    assertThat(inf.getDouble(0)).isInfinite();
    assertThat(inf.getDouble(2)).isZero();
    assertThat(scalar("SELECT g_test(CAST(NULL AS ARRAY<DOUBLE>), array(0.5, 0.5))")).isNull();
  }

  @Test
  void intervalMatchesTheKernelAndScipy() {
    Row ci =
        (Row) scalar("SELECT kl_divergence_ci(array(12, 0, 3, 5), array(0.25, 0.25, 0.25, 0.25))");
    // scipy oracle (exact ncx2): [0.15903030891636957, 0.6610746224227613]
    assertThat(ci.getDouble(0)).isCloseTo(0.15903030891636957, within(1e-3 * 0.159));
    assertThat(ci.getDouble(1)).isCloseTo(0.6610746224227613, within(1e-3 * 0.661));
    KlEvidence e =
        KlEvidence.of(new double[] {12, 0, 3, 5}, new double[] {0.25, 0.25, 0.25, 0.25}, 0.9);
    Row bits =
        (Row)
            scalar(
                "SELECT kl_divergence_ci(array(12, 0, 3, 5), array(0.25, 0.25, 0.25, 0.25), 0.9,"
                    + " 'bits')");
    assertThat(bits.getDouble(0)).isCloseTo(e.ciLow() / Math.log(2), within(1e-15));
    assertThat(bits.getDouble(1)).isCloseTo(e.ciHigh() / Math.log(2), within(1e-15));
    // Expected counts below Cochran's rule: NULL, not a misleading interval.
    assertThat(scalar("SELECT kl_divergence_ci(array(3, 1), array(0.5, 0.5))")).isNull();
  }

  @Test
  void millerMadowOverArraysMapsAndCategoryCounts() {
    // H(3/4, 1/4) = 0.5623351446188083 (scipy stats.entropy([.75, .25])) + (2 - 1)/(2*4)
    assertThat(scalarDouble("SELECT entropy_miller_madow(array(3, 1))"))
        .isCloseTo(0.5623351446188083 + 0.125, within(1e-15));
    assertThat(scalarDouble("SELECT entropy_miller_madow(array(3, 1), 'bits')"))
        .isCloseTo((0.5623351446188083 + 0.125) / Math.log(2), within(1e-15));
    assertThat(
            scalarDouble(
                "SELECT entropy_miller_madow(category_counts(c)) FROM VALUES ('a'), ('a'), ('a'),"
                    + " ('b') AS t(c)"))
        .isCloseTo(0.5623351446188083 + 0.125, within(1e-15));
    // Across rows, computed in tasks: one per group.
    assertThat(
            spark()
                .sql(
                    "SELECT g, entropy_miller_madow(category_counts(c)) FROM VALUES (1, 'a'), (1,"
                        + " 'b'), (2, 'a') AS t(g, c) GROUP BY g ORDER BY g")
                .collectAsList())
        .extracting(r -> r.getDouble(1))
        .containsExactly(Math.log(2) + 0.25, 0.0);
  }

  @Test
  void badArgumentsNameTheFunctionAndTheArgument() {
    assertThat(klMessage("SELECT kl_divergence_ci(array(1, 2), array(0.5, 0.5), 1.5)"))
        .contains("kl_divergence_ci: level = 1.5; expected a number in (0, 1)");
    assertThat(klMessage("SELECT g_test(array(1, 2), map('a', 1.0))"))
        .contains("g_test: counts has type array<int> and q has type map<string,decimal(2,1)>");
    assertThat(klMessage("SELECT g_test(array(1, -2), array(0.5, 0.5))")).startsWith("g_test: ");
    assertThat(klMessage("SELECT entropy_miller_madow(array(0, 0))"))
        .startsWith("entropy_miller_madow: ");
    assertThat(klMessage("SELECT g_test(array(1, 2), array(0.5, 0.7))")).startsWith("g_test: ");
  }
}

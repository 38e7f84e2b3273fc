package dev.klspark.spark.sql;

import static dev.klspark.spark.sql.SqlTestSupport.klMessage;
import static dev.klspark.spark.sql.SqlTestSupport.scalar;
import static dev.klspark.spark.sql.SqlTestSupport.scalarDouble;
import static dev.klspark.spark.sql.SqlTestSupport.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The aggregate functions over a table spread over several partitions (so merge runs), against
 * values computed by hand.
 */
class AggregateFunctionsTest {
  /** 10 rows: a x5, b x3, c x2, one NULL category; q = model (a .5, b .3, c .1, d .1 unseen). */
  private static final String ROWS =
      " FROM (SELECT /*+ REPARTITION(3) */ * FROM VALUES ('a', 0.5), ('b', 0.3), ('a', 0.5),"
          + " ('c', 0.1), ('a', 0.5), ('b', 0.3), (NULL, 0.2), ('a', 0.5), ('c', 0.1), ('b', 0.3),"
          + " ('a', 0.5) AS t(c, q))";

  @Test
  void countsAndEmpiricalDistribution() {
    assertThat(sql("SELECT category_counts(c)" + ROWS))
        .containsExactly("{\"a\":5,\"b\":3,\"c\":2}");
    assertThat(sql("SELECT empirical_distribution(c)" + ROWS))
        .containsExactly("{\"a\":0.5,\"b\":0.3,\"c\":0.2}");
  }

  @Test
  void entropyOfColumn() {
    // scipy stats.entropy([5, 3, 2]) = 1.0296530140645737; base=2: 1.4854752972273344
    assertThat(scalarDouble("SELECT entropy_of(c)" + ROWS))
        .isCloseTo(1.0296530140645737, within(1e-12));
    assertThat(scalarDouble("SELECT entropy_of(c, 'bits')" + ROWS))
        .isCloseTo(1.4854752972273344, within(1e-12 * 1.5));
  }

  @Test
  void klFromSamplesAgreesWithTheScalarFunction() {
    // KL((.5,.3,.2,0) || (.5,.3,.1,.1)) = .2 ln 2 (only c contributes): by hand.
    double kl = scalarDouble("SELECT kl_divergence_from_samples(c, q)" + ROWS);
    assertThat(kl).isCloseTo(0.2 * Math.log(2.0), within(1e-15));
    double viaScalar =
        scalarDouble("SELECT kl_divergence(array(0.5, 0.3, 0.2, 0.0), array(0.5, 0.3, 0.1, 0.1))");
    assertThat(kl).isCloseTo(viaScalar, within(1e-15));
  }

  @Test
  void meanLogLikelihoodIsTheMeanOfLnQ() {
    // (5 ln .5 + 3 ln .3 + 2 ln .1 + ln .2) / 11 (the NULL-category row still has a q)
    double expected =
        (5 * Math.log(0.5) + 3 * Math.log(0.3) + 2 * Math.log(0.1) + Math.log(0.2)) / 11;
    assertThat(scalarDouble("SELECT mean_log_likelihood(q)" + ROWS))
        .isCloseTo(expected, within(1e-14));
    assertThat(scalarDouble("SELECT mean_log_likelihood(q, 'bits')" + ROWS))
        .isCloseTo(expected / Math.log(2.0), within(1e-14));
    assertThat(scalarDouble("SELECT mean_log_likelihood(q) FROM VALUES (0.5), (0.0) AS t(q)"))
        .isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void groupedAggregation() {
    assertThat(
            sql(
                "SELECT g, entropy_of(c, 'bits') FROM VALUES (1, 'x'), (1, 'y'), (2, 'x'), (2,"
                    + " 'x') AS t(g, c) GROUP BY g ORDER BY g"))
        .containsExactly("1\t1.0", "2\t0.0");
  }

  @Test
  void noRowsGiveNull() {
    assertThat(scalar("SELECT entropy_of(c) FROM VALUES (CAST(NULL AS STRING)) AS t(c)")).isNull();
    assertThat(scalar("SELECT category_counts(c) FROM VALUES (CAST(NULL AS STRING)) AS t(c)"))
        .isNull();
    assertThat(scalar("SELECT mean_log_likelihood(q) FROM VALUES (CAST(NULL AS DOUBLE)) AS t(q)"))
        .isNull();
    assertThat(
            scalar(
                "SELECT kl_divergence_from_samples(c, q) FROM VALUES ('a', CAST(NULL AS DOUBLE))"
                    + " AS t(c, q)"))
        .isNull();
  }

  @Test
  void badAggregateInputs() {
    assertThat(
            klMessage(
                "SELECT kl_divergence_from_samples(c, q) FROM VALUES ('a', 0.5), ('a', 0.4) AS"
                    + " t(c, q)"))
        .isEqualTo(
            "kl_divergence_from_samples: category 'a' has q = 0.5 on one row and q = 0.4 on"
                + " another; expected one model probability per category");
    assertThat(
            klMessage(
                "SELECT kl_divergence_from_samples(c, q) FROM VALUES ('a', 0.7), ('b', 0.6) AS"
                    + " t(c, q)"))
        .isEqualTo(
            "kl_divergence_from_samples: the model probabilities of the 2 observed categories"
                + " sum to 1.2999999999999998; expected at most 1");
    assertThat(
            klMessage("SELECT kl_divergence_from_samples(c, q) FROM VALUES ('a', 1.5) AS t(c, q)"))
        .isEqualTo(
            "kl_divergence_from_samples: q = 1.5 for category 'a'; expected a probability in [0,"
                + " 1]");
    assertThat(klMessage("SELECT mean_log_likelihood(q) FROM VALUES (-0.1) AS t(q)"))
        .isEqualTo("mean_log_likelihood: q = -0.1; expected a probability in [0, 1]");
    assertThat(klMessage("SELECT entropy_of(c, 'decibans') FROM VALUES ('a') AS t(c)"))
        .isEqualTo("entropy_of: unit 'decibans' is not supported; expected 'nats' or 'bits'");
  }
}

package dev.klspark.spark.sql;

import static dev.klspark.spark.sql.SqlTestSupport.scalar;
import static dev.klspark.spark.sql.SqlTestSupport.scalarDouble;
import static dev.klspark.spark.sql.SqlTestSupport.spark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scalar function through SQL on literal inputs, against independently computed values, to
 * 1e-12 relative. Oracles: {@code src/test/resources/oracles/sql_oracles.py} (scipy 1.17 where
 * scipy has the function; mpmath at 40 digits on the formula written out by hand otherwise). The
 * distributions are p = (0.5, 0.3, 0.2), q = (0.2, 0.3, 0.5) unless stated.
 */
class ScalarFunctionsTest {
  private static final double REL = 1e-12;
  private static final String P = "array(0.5, 0.3, 0.2)";
  private static final String Q = "array(0.2, 0.3, 0.5)";

  static Stream<Arguments> oracles() {
    return Stream.of(
        // scipy stats.entropy(p, base=2)
        Arguments.of("entropy(" + P + ", 'bits')", 1.4854752972273346),
        // scipy stats.entropy(p) = 1.0296530140645737 (the same as entropy(p))
        Arguments.of("predictive_entropy(" + P + ")", 1.0296530140645737),
        // mpmath -fsum(q*log(q)) / log(2) of (0.7, 0.2, 0.1, 0), 0 ln 0 = 0
        // (expected_nll_sql_oracles.py)
        Arguments.of(
            "predictive_entropy(array(0.7, 0.2, 0.1, 0.0), 'bits')", 1.15677964944703947266),
        // mpmath -fsum(p*log(q))
        Arguments.of("cross_entropy(" + P + ", " + Q + ")", 1.3045402336268200246),
        // scipy stats.entropy(p, q)
        Arguments.of("kl_divergence(" + P + ", " + Q + ")", 0.27488721956224654),
        // scipy stats.entropy(p, q, base=2)
        Arguments.of("kl_divergence(" + P + ", " + Q + ", 'bits')", 0.3965784284662088),
        // scipy spatial.distance.jensenshannon(p, q)**2
        Arguments.of("js_divergence(" + P + ", " + Q + ")", 0.06641431438228171),
        // scipy spatial.distance.jensenshannon(p, q, base=2)
        Arguments.of("js_distance(" + P + ", " + Q + ", 'bits')", 0.3095409536771482),
        // mpmath sqrt(1 - fsum(sqrt(p*q))) (scipy has no Hellinger)
        Arguments.of("hellinger_distance(" + P + ", " + Q + ")", 0.25989318568658957271),
        // mpmath fsum(|p-q|)/2
        Arguments.of("total_variation_distance(" + P + ", " + Q + ")", 0.2999999999999999889),
        // mpmath fsum((p-q)*log(p/q)); scipy entropy(p,q)+entropy(q,p) = 0.5497744391244931
        Arguments.of("jeffreys_divergence(" + P + ", " + Q + ")", 0.54977443912449298546),
        Arguments.of("population_stability_index(" + P + ", " + Q + ")", 0.54977443912449298546),
        // the same pair as maps, keys in another order, aligned by key
        Arguments.of(
            "kl_divergence(map('a', 0.5, 'b', 0.3, 'c', 0.2), map('c', 0.5, 'a', 0.2, 'b', 0.3))",
            0.27488721956224654),
        // mpmath 0.3 ln(0.3/0.6) + 0.7 ln(0.7/0.4)
        Arguments.of("kl_bernoulli(0.3, 0.6)", 0.18378689738681228756),
        // mpmath ln(s2/s1) + (s1^2 + (m1-m2)^2)/(2 s2^2) - 1/2
        Arguments.of("kl_gaussian(1.0, 2.0, -0.5, 1.5)", 0.60120681643710796145),
        // mpmath: sum of two univariate forms, sigma = sqrt(var)
        Arguments.of(
            "kl_gaussian_diag(array(0, 1), array(1, 0.5), array(1, 0), array(4, 1))",
            1.0397207708399179641),
        // mpmath matrix inverse and determinant, 3 x 3
        Arguments.of(
            "kl_mvn(array(1, 0, -1), array(array(2, 0.5, 0), array(0.5, 1, 0.25), array(0, 0.25,"
                + " 1.5)), array(0, 1, 0), array(array(1, 0.2, 0.1), array(0.2, 2, 0), array(0.1,"
                + " 0, 1)))",
            1.8603120226623965361),
        // mpmath 2 ln(2/3.5) - 2 + 3.5
        Arguments.of("kl_poisson(2, 3.5)", 0.38076842412915462746),
        // mpmath ln(1.5/0.5) + 0.5/1.5 - 1
        Arguments.of("kl_exponential(1.5, 0.5)", 0.43194562200144302473),
        // mpmath fsum((mu^2 + exp(lv) - 1 - lv)/2)
        Arguments.of("vae_kl(array(0.5, -1.0), array(0.2, -0.7))", 0.73399403097578967431));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oracles")
  void agreesWithOracle(String call, double expected) {
    double actual = scalarDouble("SELECT " + call);
    assertThat(actual).isCloseTo(expected, within(REL * Math.abs(expected)));
  }

  @Test
  void nullInGivesNullOut() {
    assertThat(scalar("SELECT kl_divergence(NULL, " + Q + ")")).isNull();
    assertThat(scalar("SELECT entropy(CAST(NULL AS array<double>))")).isNull();
    assertThat(scalar("SELECT hellinger_distance(map('a', 1.0), CAST(NULL AS map<string,double>))"))
        .isNull();
    assertThat(scalar("SELECT kl_gaussian(0, NULL, 0, 1)")).isNull();
    assertThat(scalar("SELECT kl_mvn(NULL, array(array(1.0)), array(0.0), array(array(1.0)))"))
        .isNull();
    assertThat(scalar("SELECT vae_kl(array(0.0), NULL)")).isNull();
  }

  @Test
  void infinityWhereTheMathSaysSo() {
    assertThat(scalarDouble("SELECT kl_divergence(array(0.5, 0.5), array(1.0, 0.0))"))
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(scalarDouble("SELECT cross_entropy(array(0.5, 0.5), array(1.0, 0.0))"))
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(scalarDouble("SELECT population_stability_index(array(1.0, 0.0), array(0.5, 0.5))"))
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(scalarDouble("SELECT kl_divergence(map('a', 1.0), map('b', 1.0))"))
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(scalarDouble("SELECT kl_bernoulli(0.5, 0.0)")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(scalarDouble("SELECT kl_poisson(1.0, 0.0)")).isEqualTo(Double.POSITIVE_INFINITY);
    // Reverse direction is finite: 0 ln(0/q) = 0.
    assertThat(scalarDouble("SELECT kl_divergence(array(1.0, 0.0), array(0.5, 0.5))"))
        .isCloseTo(Math.log(2.0), within(1e-15));
  }

  @Test
  void vectorsFromAColumnMatchArrays() {
    StructType schema =
        new StructType()
            .add("p", SQLDataTypes.VectorType())
            .add("q", SQLDataTypes.VectorType())
            .add("m", SQLDataTypes.MatrixType());
    List<Row> rows =
        List.of(
            RowFactory.create(
                Vectors.dense(0.5, 0.3, 0.2),
                Vectors.sparse(3, new int[] {0, 1, 2}, new double[] {0.2, 0.3, 0.5}),
                org.apache.spark.ml.linalg.Matrices.dense(2, 2, new double[] {2, 0.5, 0.5, 1})),
            RowFactory.create(
                Vectors.sparse(3, new int[] {0}, new double[] {1.0}),
                Vectors.dense(0.5, 0.25, 0.25),
                org.apache.spark.ml.linalg.Matrices.sparse(
                    2, 2, new int[] {0, 1, 2}, new int[] {0, 1}, new double[] {1, 1})));
    Dataset<Row> df = spark().createDataFrame(rows, schema);
    df.createOrReplaceTempView("vectors");
    List<Row> out =
        spark()
            .sql(
                "SELECT kl_divergence(p, q), entropy(p), vae_kl(p, q),"
                    + " kl_mvn(array(0, 0), m, array(0, 0), array(array(1, 0), array(0, 1)))"
                    + " FROM vectors")
            .collectAsList();
    assertThat(out.get(0).getDouble(0)).isCloseTo(0.27488721956224654, within(1e-12 * 0.275));
    // ln 2 for (1, 0, 0) against (0.5, 0.25, 0.25)
    assertThat(out.get(1).getDouble(0)).isCloseTo(Math.log(2.0), within(1e-15));
    assertThat(out.get(1).getDouble(1)).isEqualTo(0.0);
    // identity against identity: 0; dense [[2, .5], [.5, 1]] against I: (3 - 2 - ln 1.75) / 2
    assertThat(out.get(1).getDouble(3)).isCloseTo(0.0, within(1e-15));
    assertThat(out.get(0).getDouble(3))
        .isCloseTo(0.5 * (3.0 - 2.0 - Math.log(1.75)), within(1e-15));
    assertThat(out.get(0).getDouble(2)).isPositive();
  }

  @Test
  void integerArraysAndDecimalLiteralsAreAccepted() {
    assertThat(scalarDouble("SELECT total_variation_distance(array(1, 0), array(0, 1))"))
        .isEqualTo(1.0);
    assertThat(scalarDouble("SELECT hellinger_distance(array(1, 0), array(0, 1))")).isEqualTo(1.0);
    assertThat(
            scalarDouble(
                "SELECT kl_divergence(CAST(array(0.5, 0.5) AS array<float>), array(0.5D, 0.5D))"))
        .isEqualTo(0.0);
  }

  @Test
  void worksOverRowsNotOnlyConstants() {
    // Not constant-folded: the generated code path, under the session's ANSI setting (CI runs
    // these tests with ANSI on and off; see SparkTestSession).
    List<Row> rows =
        spark()
            .sql(
                "SELECT kl_divergence(p, q, 'bits') FROM VALUES (array(0.5, 0.3, 0.2), array(0.2,"
                    + " 0.3, 0.5)), (array(1.0, 0.0, 0.0), array(0.0, 0.5, 0.5)), (NULL, NULL) AS"
                    + " t(p, q)")
            .collectAsList();
    assertThat(rows.get(0).getDouble(0)).isCloseTo(0.3965784284662088, within(1e-12 * 0.4));
    assertThat(rows.get(1).getDouble(0)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(rows.get(2).isNullAt(0)).isTrue();
    assertThat(spark().conf().get("spark.sql.ansi.enabled"))
        .isEqualTo(Boolean.toString(!"false".equals(System.getProperty("klspark.test.ansi"))));
  }

  @Test
  void scalarFunctionsStayInWholeStageCodegen() {
    String plan =
        spark()
            .range(10)
            .selectExpr(
                "array(0.5D, 0.5D) AS p",
                "array(CAST(id AS DOUBLE) / 10, 1 - CAST(id AS" + " DOUBLE) / 10) AS q")
            .selectExpr("kl_divergence(p, q) AS kl")
            .queryExecution()
            .executedPlan()
            .toString();
    assertThat(plan).contains("*(");
  }
}

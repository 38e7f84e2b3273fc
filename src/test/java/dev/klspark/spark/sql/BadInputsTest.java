package dev.klspark.spark.sql;

import static dev.klspark.spark.sql.SqlTestSupport.klError;
import static dev.klspark.spark.sql.SqlTestSupport.klMessage;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input to the scalar functions gives a {@link KlFunctionException} with its
 * error condition, whose message names the function, the argument, the offending value and what was
 * expected. Each case runs twice: on literals (rejected during analysis or constant folding) and on
 * a table column (rejected by the generated code on an executor).
 */
class BadInputsTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "kl_divergence(array(0.5, 0.5), array(0.2, 0.3, 0.5))",
            KlErrorCondition.LENGTH_MISMATCH,
            "kl_divergence: p has 2 elements and q has 3; expected distributions over the same"
                + " categories"),
        Arguments.of(
            "js_divergence(array(1.2, -0.2), array(0.5, 0.5))",
            KlErrorCondition.INVALID_DISTRIBUTION,
            "js_divergence: p[1] = -0.2 is negative; expected a finite non-negative value"),
        Arguments.of(
            "hellinger_distance(array(0.5, 0.5), array(CAST('NaN' AS DOUBLE), 1.0))",
            KlErrorCondition.INVALID_DISTRIBUTION,
            "hellinger_distance: q[0] = NaN is NaN; expected a finite non-negative value"),
        Arguments.of(
            "total_variation_distance(array(0.5, 0.6), array(0.5, 0.5))",
            KlErrorCondition.INVALID_DISTRIBUTION,
            "total_variation_distance: p sums to 1.1; expected 1 within 1.0E-6 (normalise it, or"
                + " choose a smoothing policy)"),
        Arguments.of(
            "entropy(array(0.5, NULL, 0.5))",
            KlErrorCondition.INVALID_DISTRIBUTION,
            "entropy: p[1] is NULL; expected a finite non-negative value"),
        // A null in the second 64-bit word of the null bits (80 elements; the column case runs
        // the copy of Spark's binary array that checks the bits a word at a time).
        Arguments.of(
            "entropy(concat(array_repeat(0.0125D, 70), array(CAST(NULL AS DOUBLE)),"
                + " array_repeat(0.0125D, 9)))",
            KlErrorCondition.INVALID_DISTRIBUTION,
            "entropy: p[70] is NULL; expected a finite non-negative value"),
        Arguments.of(
            "predictive_entropy(array(0.5, 0.6))",
            KlErrorCondition.INVALID_DISTRIBUTION,
            "predictive_entropy: prediction sums to 1.1; expected 1 within 1.0E-6 (normalise it,"
                + " or choose a smoothing policy)"),
        Arguments.of(
            "predictive_entropy(map('a', 0.5, 'b', CAST(NULL AS DOUBLE), 'c', 0.5))",
            KlErrorCondition.INVALID_DISTRIBUTION,
            "predictive_entropy: prediction[1] is NULL; expected a finite non-negative value"),
        Arguments.of(
            "population_stability_index(map('a', 0.5, 'b', 0.5), map('a', 0.9))",
            KlErrorCondition.INVALID_DISTRIBUTION,
            "population_stability_index: q sums to 0.9; expected 1 within 1.0E-6 (normalise it, or"
                + " choose a smoothing policy)"),
        Arguments.of(
            "jeffreys_divergence(array(0.5, 0.5), array(0.5, 0.5), 'hartleys')",
            KlErrorCondition.INVALID_ARGUMENT,
            "jeffreys_divergence: unit 'hartleys' is not supported; expected 'nats' or 'bits'"),
        Arguments.of(
            "cross_entropy(array(1.0), array(CAST('Infinity' AS DOUBLE)))",
            KlErrorCondition.INVALID_DISTRIBUTION,
            "cross_entropy: q[0] = Infinity is infinite; expected a finite non-negative value"),
        Arguments.of(
            "kl_gaussian(0, 0, 0, 1)",
            KlErrorCondition.PARAMETER_OUT_OF_RANGE,
            "kl_gaussian: sigma1 = 0.0; expected a finite value > 0"),
        Arguments.of(
            "kl_gaussian(0, 1, 0, -2)",
            KlErrorCondition.PARAMETER_OUT_OF_RANGE,
            "kl_gaussian: sigma2 = -2.0; expected a finite value > 0"),
        Arguments.of(
            "kl_bernoulli(1.5, 0.5)",
            KlErrorCondition.PARAMETER_OUT_OF_RANGE,
            "kl_bernoulli: p = 1.5; expected a probability in [0, 1]"),
        Arguments.of(
            "kl_poisson(-1, 2)",
            KlErrorCondition.PARAMETER_OUT_OF_RANGE,
            "kl_poisson: lambda1 = -1.0; expected a finite value >= 0"),
        Arguments.of(
            "kl_exponential(1, 0)",
            KlErrorCondition.PARAMETER_OUT_OF_RANGE,
            "kl_exponential: lambda2 = 0.0; expected a finite value > 0"),
        Arguments.of(
            "kl_gaussian_diag(array(0, 0), array(1, 1), array(0), array(1))",
            KlErrorCondition.LENGTH_MISMATCH,
            "kl_gaussian_diag: mu1 has 2 elements and mu2 has 1; expected distributions over the"
                + " same categories"),
        Arguments.of(
            "kl_gaussian_diag(array(0), array(-1), array(0), array(1))",
            KlErrorCondition.PARAMETER_OUT_OF_RANGE,
            "kl_gaussian_diag: var1[0] = -1.0; expected a finite value > 0"),
        Arguments.of(
            "kl_mvn(array(0, 0), array(array(1, 2), array(2, 1)), array(0, 0), array(array(1, 0),"
                + " array(0, 1)))",
            KlErrorCondition.PARAMETER_OUT_OF_RANGE,
            "kl_mvn: cov1 is not positive definite (Cholesky pivot 1 is -3.0); expected a"
                + " symmetric positive-definite covariance matrix"),
        Arguments.of(
            "kl_mvn(array(0, 0), array(array(1, 0), array(0, 1)), array(0, 0), array(array(1,"
                + " 0.5), array(0, 1)))",
            KlErrorCondition.PARAMETER_OUT_OF_RANGE,
            "kl_mvn: cov2 is not symmetric: cov2[0][1] = 0.5 but cov2[1][0] = 0.0; expected a"
                + " symmetric positive-definite covariance matrix"),
        Arguments.of(
            "kl_mvn(array(0, 0, 0), array(array(1, 0), array(0, 1)), array(0, 0, 0),"
                + " array(array(1, 0), array(0, 1)))",
            KlErrorCondition.LENGTH_MISMATCH,
            "kl_mvn: cov1 has 2 rows; expected 3 (the length of the mean vector)"),
        Arguments.of(
            "kl_mvn(array(0, 0), array(array(1, 0), array(0, 1)), array(0), array(array(1)))",
            KlErrorCondition.LENGTH_MISMATCH,
            "kl_mvn: mu1 has 2 elements and mu2 has 1; expected distributions over the same"
                + " categories"),
        Arguments.of(
            "vae_kl(array(0, 0), array(0))",
            KlErrorCondition.LENGTH_MISMATCH,
            "vae_kl: mu has 2 elements and log_var has 1; expected distributions over the same"
                + " categories"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void literalInputs(String call, KlErrorCondition condition, String message) {
    KlFunctionException e = klError("SELECT " + call);
    assertThat(e).isInstanceOf(IllegalArgumentException.class);
    assertThat(e.function() + ": " + e.reason()).isEqualTo(message);
    assertThat(e.function()).isEqualTo(message.substring(0, message.indexOf(':')));
    assertThat(e.condition()).isEqualTo(condition);
    assertThat(e.getMessage()).startsWith("[" + condition.condition() + "] " + message + ".");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void columnInputs(String call, KlErrorCondition condition, String message) {
    // A one-row table with a non-constant column defeats constant folding.
    KlFunctionException e =
        klError("SELECT " + call + " FROM (SELECT id FROM range(1)) WHERE id >= 0 AND rand() >= 0");
    assertThat(e.function() + ": " + e.reason()).isEqualTo(message);
    assertThat(e.condition()).isEqualTo(condition);
  }

  static Stream<Arguments> analysisErrors() {
    return Stream.of(
        Arguments.of(
            "SELECT kl_divergence(array(1.0))",
            "kl_divergence: takes 2 or 3 arguments (p, q [, unit]); got 1"),
        Arguments.of(
            "SELECT hellinger_distance(array(1.0), array(1.0), 'bits')",
            "hellinger_distance: takes 2 arguments (p, q); got 3"),
        Arguments.of(
            "SELECT kl_divergence('a', array(1.0))",
            "kl_divergence: p has type string; expected array<double>, map<string,double> or an"
                + " MLlib vector"),
        Arguments.of(
            "SELECT kl_divergence(map('a', 1.0), array(1.0))",
            "kl_divergence: p has type map<string,decimal(2,1)> and q has type"
                + " array<decimal(2,1)>; expected two maps (aligned by key) or two arrays/vectors"
                + " (aligned by index)"),
        Arguments.of(
            "SELECT kl_divergence(array(1.0), array(1.0), u) FROM VALUES ('bits') AS t(u)",
            "kl_divergence: unit must be a constant string 'nats' or 'bits'; got t.u of type"
                + " string"),
        Arguments.of(
            "SELECT predictive_entropy()",
            "predictive_entropy: takes 1 or 2 arguments (prediction [, unit]); got 0"),
        Arguments.of(
            "SELECT expected_nll('abc')",
            "expected_nll: prediction has type string; expected array<double>, map<string,double>"
                + " or an MLlib vector"),
        Arguments.of(
            "SELECT expected_nll_sd(array(1.0), 'hartleys')",
            "expected_nll_sd: unit 'hartleys' is not supported; expected 'nats' or 'bits'"),
        Arguments.of(
            "SELECT expected_nll(array(1.0), 'bits', 1)",
            "expected_nll: takes 1 or 2 arguments (prediction [, unit]); got 3"),
        Arguments.of(
            "SELECT kl_gaussian('x', 1, 0, 1)",
            "kl_gaussian: mu1 has type string; expected a number (double)"),
        Arguments.of(
            "SELECT kl_mvn(array(0), array(1.0), array(0), array(array(1.0)))",
            "kl_mvn: cov1 has type array<decimal(2,1)>; expected array<array<double>> or an MLlib"
                + " matrix"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("analysisErrors")
  void wrongArgumentsAreRejectedAtAnalysis(String query, String message) {
    assertThat(klMessage(query)).isEqualTo(message);
  }
}

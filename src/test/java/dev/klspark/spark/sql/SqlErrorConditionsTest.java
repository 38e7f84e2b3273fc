package dev.klspark.spark.sql;

import static dev.klspark.spark.sql.SqlTestSupport.scalar;
import static dev.klspark.spark.sql.SqlTestSupport.spark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.klspark.spark.compat.SparkCompat;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.SparkThrowable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The errors of the klspark SQL functions are Spark's kind of error: a {@code SparkThrowable} with
 * an error condition and a SQLSTATE ({@link KlErrorCondition}), a message {@code [CONDITION]
 * function: reason. Use try_function ... instead.} (and Spark 4's {@code SQLSTATE: state}); the
 * {@code try_} variant gives NULL on exactly those inputs. Every statement runs through the shared
 * session, once on constants (Spark folds the call on the driver) and once on a column (the error
 * fails a task). Either way Spark 4 throws the error itself, as it does its own; Spark 3.5 wraps a
 * task's error in its "Job aborted" error.
 */
class SqlErrorConditionsTest {
  /** One call per condition that a row's value raises, with its argument named in the reason. */
  static Stream<Arguments> valueErrors() {
    return Stream.of(
        Arguments.of(
            KlErrorCondition.INVALID_DISTRIBUTION,
            "kl_divergence",
            "array(0.5, 0.5), array(0.9, 0.3 + x)",
            "q sums to 1.2; expected 1 within 1.0E-6 (normalise it, or choose a smoothing policy)"),
        Arguments.of(
            KlErrorCondition.INVALID_DISTRIBUTION,
            "entropy",
            "array(0.5, x - 0.5, 1.0)",
            "p[1] = -0.5 is negative; expected a finite non-negative value"),
        Arguments.of(
            KlErrorCondition.INVALID_DISTRIBUTION,
            "predictive_entropy",
            "array(1.2, x - 0.2)",
            "prediction[1] = -0.2 is negative; expected a finite non-negative value"),
        Arguments.of(
            KlErrorCondition.INVALID_DISTRIBUTION,
            "js_divergence",
            "array(0.5, 0.5), array(CAST('NaN' AS DOUBLE) + x, 1.0)",
            "q[0] = NaN is NaN; expected a finite non-negative value"),
        Arguments.of(
            KlErrorCondition.LENGTH_MISMATCH,
            "kl_divergence",
            "array(0.5, 0.5), array(0.2, 0.3, 0.5 + x)",
            "p has 2 elements and q has 3; expected distributions over the same categories"),
        Arguments.of(
            KlErrorCondition.LENGTH_MISMATCH,
            "kl_mvn",
            "array(0, 0, 0), array(array(1, 0), array(0, 1)), array(0, 0, x),"
                + " array(array(1, 0), array(0, 1))",
            "cov1 has 2 rows; expected 3 (the length of the mean vector)"),
        Arguments.of(
            KlErrorCondition.INVALID_SAMPLE,
            "ks_2samp",
            "array(1.0 + x), filter(array(1.0), v -> v > 2)",
            "the reference sample is empty; expected at least one value"),
        Arguments.of(
            KlErrorCondition.INVALID_SAMPLE,
            "differential_entropy",
            "array(1.0, 1.0 + x), 1",
            "fewer than k = 1 other values of the sample differ from the value 1.0"),
        Arguments.of(
            KlErrorCondition.PARAMETER_OUT_OF_RANGE,
            "kl_gaussian",
            "0.0, -1.0 + x, 0.0, 1.0",
            "sigma1 = -1.0; expected a finite value > 0"),
        Arguments.of(
            KlErrorCondition.PARAMETER_OUT_OF_RANGE,
            "kl_bernoulli",
            "1.5 + x, 0.5",
            "p = 1.5; expected a probability in [0, 1]"));
  }

  /** x = 0 as a constant (folded on the driver) and as a column (evaluated in a task). */
  private static List<String> statements(String fn, String args) {
    return List.of(
        "SELECT " + fn + "(" + args.replace("x", "0") + ")",
        "SELECT " + fn + "(" + args + ") FROM (SELECT CAST(id AS INT) AS x FROM range(1))");
  }

  @ParameterizedTest(name = "{0} {1}({2})")
  @MethodSource("valueErrors")
  void aValueErrorHasItsConditionSqlStateAndTheHintToTheTryVariant(
      KlErrorCondition condition, String fn, String args, String reason) {
    String expected =
        "["
            + condition.condition()
            + "] "
            + fn
            + ": "
            + reason
            + ". Use try_"
            + fn
            + " to tolerate invalid input and return NULL instead.";
    for (String sql : statements(fn, args)) {
      Throwable thrown = catchThrowable(() -> spark().sql(sql).collectAsList());
      SparkThrowable e = klsparkError(sql, thrown);
      if (!SparkCompat.LINE.equals("3.5")) {
        assertThat(thrown).as(sql).isSameAs(e); // what the user, PySpark and Connect see
      }
      assertThat(SparkCompat.errorCondition(e)).as(sql).isEqualTo(condition.condition());
      assertThat(e.getSqlState()).as(sql).isEqualTo(condition.sqlState());
      assertThat(e.isInternalError()).isFalse();
      assertThat(e.getMessageParameters())
          .containsEntry("function", fn)
          .containsEntry("reason", reason)
          .containsEntry("tryFunction", "try_" + fn);
      assertThat(((Throwable) e).getMessage())
          .as(sql)
          .isEqualTo(
              expected
                  + (SparkCompat.LINE.equals("3.5") ? "" : " SQLSTATE: ")
                  + (SparkCompat.LINE.equals("3.5") ? "" : condition.sqlState()));
      // jobs/sql prints the same line.
      assertThat(SqlErrors.isStatementError(thrown)).isTrue();
      assertThat(SqlErrors.message(thrown)).isEqualTo(((Throwable) e).getMessage());
    }
    for (String sql : statements("try_" + fn, args)) {
      assertThat(scalar(sql)).as(sql).isNull();
    }
  }

  @Test
  void onConstantsTheErrorIsThrownItself() {
    Throwable t = catchThrowable(() -> spark().sql("SELECT kl_gaussian(0, -1, 0, 1)").collect());
    assertThat(t).isInstanceOf(SparkThrowable.class).isInstanceOf(IllegalArgumentException.class);
    assertThat(SparkCompat.errorCondition((SparkThrowable) t))
        .isEqualTo("KLSPARK_PARAMETER_OUT_OF_RANGE");
  }

  /**
   * Errors found at analysis, before any row is read, fail the {@code try_} variant as well: they
   * carry their condition but no hint.
   */
  static Stream<Arguments> analysisErrors() {
    return Stream.of(
        Arguments.of(
            KlErrorCondition.INVALID_ARGUMENT,
            "kl_divergence(array(1.0))",
            "kl_divergence: takes 2 or 3 arguments (p, q [, unit]); got 1"),
        Arguments.of(
            KlErrorCondition.INVALID_ARGUMENT,
            "entropy('abc')",
            "entropy: p has type string; expected array<double>, map<string,double> or an MLlib"
                + " vector"),
        Arguments.of(
            KlErrorCondition.INVALID_ARGUMENT,
            "kl_divergence(array(1.0), array(1.0), 'hartleys')",
            "kl_divergence: unit 'hartleys' is not supported; expected 'nats' or 'bits'"),
        Arguments.of(
            KlErrorCondition.PARAMETER_OUT_OF_RANGE,
            "kl_divergence_knn(array(1, 2), array(3, 4), 0)",
            "kl_divergence_knn: k = 0; expected an integer in [1, 1000]"),
        Arguments.of(
            KlErrorCondition.PARAMETER_OUT_OF_RANGE,
            "kl_divergence_ci(array(1, 2), array(0.5, 0.5), 1.5)",
            "kl_divergence_ci: level = 1.5; expected a number in (0, 1), e.g. 0.95"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("analysisErrors")
  void anAnalysisErrorHasItsConditionAndNoHintAndFailsTheTryVariantToo(
      KlErrorCondition condition, String call, String message) {
    for (String prefix : List.of("", "try_")) {
      String sql = "SELECT " + prefix + call;
      SparkThrowable e = klsparkError(sql, catchThrowable(() -> spark().sql(sql).collectAsList()));
      assertThat(SparkCompat.errorCondition(e)).isEqualTo(condition.condition());
      assertThat(e.getSqlState()).isEqualTo(condition.sqlState());
      assertThat(((Throwable) e).getMessage())
          .startsWith("[" + condition.condition() + "] " + prefix + message + ".")
          .doesNotContain("Use try_");
    }
  }

  @Test
  void anAggregateErrorHasItsConditionAndNoHint() {
    String sql = "SELECT kl_divergence_from_samples(c, q) FROM VALUES ('a', 1.5) AS t(c, q)";
    SparkThrowable e = klsparkError(sql, catchThrowable(() -> spark().sql(sql).collectAsList()));
    assertThat(SparkCompat.errorCondition(e)).isEqualTo("KLSPARK_INVALID_DISTRIBUTION");
    assertThat(e.getSqlState()).isEqualTo("22023");
    assertThat(((Throwable) e).getMessage())
        .startsWith(
            "[KLSPARK_INVALID_DISTRIBUTION] kl_divergence_from_samples: q = 1.5 for category 'a';"
                + " expected a probability in [0, 1].")
        .doesNotContain("Use try_");
  }

  /**
   * Every method of the {@code SparkThrowable} interface of this Spark line answers for a klspark
   * condition, which is not in Spark's list of conditions (Spark Connect calls them on every error
   * it returns; 4.1's breaking-change information and message template are null).
   */
  @Test
  void everySparkThrowableMethodAnswers() throws Exception {
    KlFunctionException e =
        KlFunctionException.tolerable("entropy", KlErrorCondition.INVALID_DISTRIBUTION, "why");
    List<String> called = new ArrayList<>();
    for (Method m : SparkThrowable.class.getMethods()) {
      if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())) {
        m.invoke(e); // throws if the method fails
        called.add(m.getName());
      }
    }
    assertThat(called).contains("getSqlState", "getMessageParameters", "getQueryContext");
    assertThat(e.getErrorClass()).isEqualTo("KLSPARK_INVALID_DISTRIBUTION"); // both lines
  }

  /** docs/sql.md has one table row per condition, in order: `CONDITION` | `SQLSTATE` ... | when. */
  @Test
  void docsListEveryConditionWithItsSqlState() throws IOException {
    String doc =
        Files.readString(Path.of(System.getProperty("klspark.project.dir", "."), "docs/sql.md"));
    Matcher m = Pattern.compile("(?m)^\\| `(KLSPARK_\\w+)` \\| `(\\w{5})`").matcher(doc);
    List<String> rows = new ArrayList<>();
    while (m.find()) {
      rows.add(m.group(1) + " " + m.group(2));
    }
    assertThat(rows)
        .containsExactlyElementsOf(
            Arrays.stream(KlErrorCondition.values())
                .map(c -> c.condition() + " " + c.sqlState())
                .collect(Collectors.toList()));
  }

  /**
   * The klspark error behind {@code thrown}: {@code thrown} itself or a cause (Spark 3.5's "Job
   * aborted" error of a failed task has no condition of its own), a SparkThrowable.
   */
  private static SparkThrowable klsparkError(String sql, Throwable thrown) {
    assertThat(thrown).as(sql).isNotNull();
    for (Throwable c = thrown; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SparkThrowable s
          && SparkCompat.errorCondition(s) != null
          && SparkCompat.errorCondition(s).startsWith("KLSPARK_")) {
        assertThat(c).isInstanceOf(KlFunctionException.class);
        return s;
      }
    }
    throw new AssertionError("no klspark SparkThrowable in the cause chain of " + thrown, thrown);
  }
}

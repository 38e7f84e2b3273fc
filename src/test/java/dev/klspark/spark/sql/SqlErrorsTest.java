package dev.klspark.spark.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** The one-line message of a failing statement, and which errors are the statement's fault. */
class SqlErrorsTest {
  @Test
  void aTaskFailureWhoseCauseDidNotReachTheDriverIsReadFromTheText() {
    SparkException e =
        new SparkException(
            "Job aborted due to stage failure: Task 0 in stage 1.0 failed 4 times, most recent"
                + " failure: Lost task 0.3 in stage 1.0 (TID 7) (10.0.0.5 executor 2):"
                + " dev.klspark.spark.sql.KlFunctionException: kl_divergence: p[1] = -0.2 is"
                + " negative\n\tat dev.klspark.X.y(X.java:1)\n");
    assertThat(SqlErrors.isStatementError(e)).isTrue();
    assertThat(SqlErrors.message(e)).isEqualTo("kl_divergence: p[1] = -0.2 is negative");
  }

  @Test
  void theRootCauseOfAWrappedTaskFailure() {
    SparkException e =
        new SparkException(
            "Job aborted due to stage failure: ...",
            new RuntimeException(new IllegalArgumentException("bad argument\nmore")));
    assertThat(SqlErrors.message(e)).isEqualTo("bad argument");
    SparkException noMessage =
        new SparkException("Job aborted due to stage failure: ...", new NullPointerException());
    assertThat(SqlErrors.message(noMessage)).isEqualTo("java.lang.NullPointerException");
    assertThat(SqlErrors.isStatementError(new NullPointerException())).isFalse();
  }

  @Test
  void aKlsparkErrorIsTheAnswerNotItsKernelCause() {
    KlFunctionException k =
        KlFunctionException.tolerable(
            "kl_gaussian",
            KlErrorCondition.PARAMETER_OUT_OF_RANGE,
            new IllegalArgumentException("sigma1 = -1.0; expected a finite value > 0"));
    SparkException e = new SparkException("Job aborted due to stage failure: ...", k);
    assertThat(SqlErrors.isStatementError(e)).isTrue();
    assertThat(SqlErrors.message(e))
        .isEqualTo(k.getMessage())
        .startsWith(
            "[KLSPARK_PARAMETER_OUT_OF_RANGE] kl_gaussian: sigma1 = -1.0; expected a finite value"
                + " > 0. Use try_kl_gaussian to tolerate invalid input and return NULL instead.");
  }

  @Test
  void aKlsparkErrorReadFromTheTextOfALostTask() {
    SparkException e =
        new SparkException(
            "Job aborted due to stage failure: Task 0 in stage 1.0 failed 4 times, most recent"
                + " failure: Lost task 0.3 in stage 1.0 (TID 7) (10.0.0.5 executor 2):"
                + " dev.klspark.spark.sql.KlFunctionException: [KLSPARK_INVALID_DISTRIBUTION]"
                + " kl_divergence: p[1] = -0.2 is negative; expected a finite non-negative value."
                + " Use try_kl_divergence to tolerate invalid input and return NULL instead."
                + " SQLSTATE: 22023\n\tat dev.klspark.X.y(X.java:1)\n");
    assertThat(SqlErrors.message(e))
        .isEqualTo(
            "[KLSPARK_INVALID_DISTRIBUTION] kl_divergence: p[1] = -0.2 is negative; expected a"
                + " finite non-negative value. Use try_kl_divergence to tolerate invalid input and"
                + " return NULL instead. SQLSTATE: 22023");
  }
}

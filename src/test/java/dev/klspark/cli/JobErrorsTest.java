package dev.klspark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.klspark.testing.SparkTestSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * A klspark SQL function's error inside a job (e.g. in a user's filter expression) is a user error
 * with its condition and reason on one line, without Spark's SQLSTATE suffix, as Spark's own errors
 * are.
 */
class JobErrorsTest {
  @Test
  void aKlsparkFunctionErrorInATaskIsBadInputOnOneLineWithoutSqlState() {
    Throwable t =
        catchThrowable(
            () ->
                SparkTestSession.get()
                    .sql("SELECT kl_gaussian(0, -1 + id, 0, 1) FROM range(1)")
                    .collectAsList());
    assertThat(t).isNotNull();
    StringWriter err = new StringWriter();
    int code = JobErrors.handle(t, "kl-report", new PrintWriter(err, true));
    assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.toString())
        .isEqualTo(
            "kl-report: error: [KLSPARK_PARAMETER_OUT_OF_RANGE] kl_gaussian: sigma1 = -1.0;"
                + " expected a finite value > 0. Use try_kl_gaussian to tolerate invalid input and"
                + " return NULL instead."
                + System.lineSeparator());
  }
}

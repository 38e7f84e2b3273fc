package dev.klspark.spark.sql;

import static dev.klspark.spark.sql.SqlTestSupport.klError;
import static dev.klspark.spark.sql.SqlTestSupport.klMessage;
import static dev.klspark.spark.sql.SqlTestSupport.spark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The {@code try_} variants and the functions that make distributions: NULL exactly where the plain
 * function fails on a value, in generated code (rows of {@code range}) as in constant folding; the
 * errors that are not about a value still fail.
 */
class TryFunctionsTest {
  @Test
  void nullOnTheRowsThePlainFunctionRejectsInGeneratedCode() {
    // id 0: q = (1.1, -0.1) is invalid; id 1: q = (0.5, 0.5); id 2: q = (-0.1, 1.1).
    List<Row> rows =
        spark()
            .sql(
                "SELECT id, try_kl_divergence(array(0.5, 0.5), array(1.1 - id * 0.6, id * 0.6 -"
                    + " 0.1)) AS kl, try_g_test(array(3 - 2 * id, 1), array(0.5, 0.5)).p_value AS"
                    + " pv FROM range(3) ORDER BY id")
            .collectAsList();
    assertThat(rows.get(0).isNullAt(1)).isTrue();
    assertThat(rows.get(1).getDouble(1))
        .isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-15));
    assertThat(rows.get(2).isNullAt(1)).isTrue();
    assertThat(rows.get(0).isNullAt(2)).isFalse();
    assertThat(rows.get(2).isNullAt(2)).isTrue(); // counts (-1, 1)
  }

  @Test
  void thePlainFunctionStillFailsOnTheSameRow() {
    KlFunctionException e =
        klError(
            "SELECT kl_divergence(array(0.5, 0.5), array(1.1 - id * 0.6, id * 0.6 - 0.1)) FROM"
                + " range(3)");
    assertThat(e.function()).isEqualTo("kl_divergence");
  }

  @Test
  void errorsBeforeAnyRowIsReadStillFailAndNameTheTryFunction() {
    assertThat(klMessage("SELECT try_kl_divergence(array(0.5, 0.5), array(0.5, 0.5), 'hartleys')"))
        .startsWith("try_kl_divergence: ");
    assertThat(klError("SELECT try_entropy('abc')").function()).isEqualTo("try_entropy");
    assertThat(klMessage("SELECT try_smooth_distribution(array(1, 2), 'lidstone')"))
        .startsWith("try_smooth_distribution: ");
  }

  @Test
  void sparksOwnErrorsAreNotSwallowed() {
    boolean ansi = spark().conf().get("spark.sql.ansi.enabled").equals("true");
    String q = "SELECT try_kl_bernoulli(CAST(s AS DOUBLE), 0.5) FROM VALUES ('x') AS t(s)";
    if (ansi) {
      Throwable t = catchThrowable(() -> spark().sql(q).collectAsList());
      assertThat(t).isNotNull();
      assertThat(SqlErrors.message(t)).contains("CAST_INVALID_INPUT");
    } else {
      assertThat(spark().sql(q).first().isNullAt(0)).isTrue(); // the cast gives NULL itself
    }
  }

  @Test
  void normalizeDistributionDividesByTheSumAndNamesBadValues() {
    assertThat(SqlTestSupport.sql("SELECT normalize_distribution(array(1L, 3L))"))
        .containsExactly("[0.25,0.75]");
    assertThat(klMessage("SELECT normalize_distribution(array(1.0, -2.0))"))
        .startsWith("normalize_distribution: ")
        .contains("-2.0");
    assertThat(klMessage("SELECT normalize_distribution(array(1.0, double('NaN')))"))
        .startsWith("normalize_distribution: ")
        .contains("NaN");
    assertThat(klMessage("SELECT normalize_distribution(array(0, 0))"))
        .startsWith("normalize_distribution: ")
        .contains("sums to 0");
  }

  @Test
  void smoothDistributionUsesTheReportsSmoothing() {
    double[] expected =
        dev.klspark.math.Smoothing.parse("floor:1e-9").probabilities(new double[] {3, 0, 1});
    Row r = spark().sql("SELECT smooth_distribution(array(3, 0, 1), 'floor:1e-9')").first();
    assertThat(r.getList(0)).containsExactly(expected[0], expected[1], expected[2]);
    assertThat(SqlTestSupport.sql("SELECT smooth_distribution(array(3, 1), 'none')"))
        .containsExactly("[0.75,0.25]");
    assertThat(klMessage("SELECT smooth_distribution(array(1, 2), 'additive:-1')"))
        .startsWith("smooth_distribution: ")
        .contains("-1");
  }
}

package dev.klspark.spark.sql;

import static dev.klspark.spark.sql.SqlTestSupport.spark;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * The functions look built in: unaliased calls are named {@code name(args)} in Spark's pretty SQL,
 * in SQL and in the DataFrame API, and DESCRIBE FUNCTION marks the aggregates.
 */
class ColumnNamesTest {
  private static final String T =
      "SELECT * FROM VALUES (array(0.5, 0.5), array(0.9, 0.1), 'a', 0.5D) AS t(p, q, c, w)";

  @Test
  void unaliasedCallsAreNamedAsTheCall() {
    List<String> columns =
        List.of(
            spark()
                .sql(
                    "SELECT kl_divergence(p, q), kl_divergence(t.p, q, 'bits') + 1,"
                        + " try_js_divergence(p, q), kl_bernoulli(0.5, 0.9),"
                        + " normalize_distribution(array(1, 3)), mean_log_likelihood(w),"
                        + " mean_log_likelihood(w, 'bits'), category_counts(c),"
                        + " expected_nll(p, 'bits'), predictive_entropy(p) FROM ("
                        + T
                        + ") t GROUP BY p, q")
                .columns());
    assertThat(columns)
        .containsExactly(
            "kl_divergence(p, q)",
            "(kl_divergence(p, q, bits) + 1)",
            "try_js_divergence(p, q)",
            "kl_bernoulli(0.5, 0.9)",
            "normalize_distribution(array(1, 3))",
            "mean_log_likelihood(w)",
            "mean_log_likelihood(w, bits)",
            "category_counts(c)",
            "expected_nll(p, bits)",
            "predictive_entropy(p)");
  }

  @Test
  void everyFunctionsExampleColumnIsNamedAfterTheFunction() {
    for (SqlFunction fn : KlFunctionRegistry.all()) {
      for (SqlFunction.Example e : fn.examples()) {
        String column = spark().sql(e.sql()).columns()[0];
        assertThat(column).as(e.sql()).startsWith(fn.name() + "(").doesNotContain("invoke");
      }
    }
  }

  @Test
  void theDataFrameApiNamesColumnsTheSameWay() {
    var df = spark().sql(T);
    assertThat(
            df.select(
                    functions.call_function("kl_divergence", df.col("p"), df.col("q")),
                    KlFunctions.jsDivergence(df.col("p"), df.col("q"), "bits"))
                .columns())
        .containsExactly("kl_divergence(p, q)", "js_divergence(p, q, bits)");
  }

  @Test
  void theNamedCallGroupsAndComparesLikeAnyExpression() {
    List<Row> rows =
        spark()
            .sql(
                "SELECT kl_divergence(p, q), count(*) FROM ("
                    + T
                    + ") GROUP BY kl_divergence(p, q) HAVING kl_divergence(p, q) > 0.5")
            .collectAsList();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).getDouble(0)).isEqualTo(0.5108256237659906);
  }

  @Test
  void describeFunctionMarksAggregates() {
    for (SqlFunction fn : KlFunctionRegistry.all()) {
      String text =
          spark().sql("DESCRIBE FUNCTION " + fn.name()).collectAsList().stream()
              .map(r -> r.getString(0))
              .collect(Collectors.joining("\n"));
      if (fn.aggregate()) {
        assertThat(text).as(fn.name()).contains(" - Aggregate function. ");
        assertThat(text)
            .as(fn.name())
            .containsPattern("Class: .*(CategoryAggregators|ExpectedNllAggregator|Average)");
      } else {
        assertThat(text)
            .as(fn.name())
            .doesNotContain("Aggregate")
            .contains("Class: " + ScalarBindings.class.getName());
      }
    }
  }
}

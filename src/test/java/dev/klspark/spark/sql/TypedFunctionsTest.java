package dev.klspark.spark.sql;

import static dev.klspark.spark.sql.KlFunctions.*;
import static dev.klspark.spark.sql.SqlTestSupport.spark;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The typed Java API mirrors every SQL function: a method named in camelCase for every registered
 * name, and for every function the typed call gives the SQL call's column name and values on the
 * same rows (valid and invalid ones, the latter for the {@code try_} variants).
 */
class TypedFunctionsTest {
  /** Rows with every kind of argument; the second row is invalid for most functions. */
  private static final String DATA =
      "SELECT * FROM VALUES"
          + " (array(0.5, 0.5), array(0.9, 0.1), array(30, 10), 'a', 0.5D, 0.5D, 0.9D,"
          + "  array(0.0, 1.0), array(1.0, 2.0), array(array(1.0, 0.0), array(0.0, 1.0))),"
          + " (array(0.5, 0.6), array(1.1, -0.1), array(3, -1), 'b', 0.25D, 1.5D, -1.0D,"
          + "  array(0.0, 1.0), array(-1.0, 2.0, 3.0), array(array(1.0, 2.0), array(2.0, 1.0)))"
          + " AS t(p, q, counts, c, w, x, y, mu, v, cov)";

  private static Dataset<Row> t;

  @BeforeAll
  static void data() {
    t = spark().sql(DATA);
    t.createOrReplaceTempView("typed_api_rows");
  }

  /** SQL name -> (the SQL call on the rows, the typed call). */
  private static Map<String, Case> cases() {
    Map<String, Case> c = new LinkedHashMap<>();
    Column p = col("p"), q = col("q"), counts = col("counts"), cat = col("c"), w = col("w");
    Column x = col("x"), y = col("y"), mu = col("mu"), v = col("v"), cov = col("cov");
    for (boolean tri : new boolean[] {false, true}) {
      String pre = tri ? "try_" : "";
      put(c, pre + "entropy", "(p, 'bits')", tri ? tryEntropy(p, "bits") : entropy(p, "bits"));
      put(
          c,
          pre + "predictive_entropy",
          "(p, 'bits')",
          tri ? tryPredictiveEntropy(p, "bits") : predictiveEntropy(p, "bits"));
      put(c, pre + "cross_entropy", "(p, q)", tri ? tryCrossEntropy(p, q) : crossEntropy(p, q));
      put(c, pre + "kl_divergence", "(p, q)", tri ? tryKlDivergence(p, q) : klDivergence(p, q));
      put(
          c,
          pre + "js_divergence",
          "(p, q, 'bits')",
          tri ? tryJsDivergence(p, q, "bits") : jsDivergence(p, q, "bits"));
      put(c, pre + "js_distance", "(p, q)", tri ? tryJsDistance(p, q) : jsDistance(p, q));
      put(
          c,
          pre + "hellinger_distance",
          "(p, q)",
          tri ? tryHellingerDistance(p, q) : hellingerDistance(p, q));
      put(
          c,
          pre + "total_variation_distance",
          "(p, q)",
          tri ? tryTotalVariationDistance(p, q) : totalVariationDistance(p, q));
      put(
          c,
          pre + "jeffreys_divergence",
          "(p, q)",
          tri ? tryJeffreysDivergence(p, q) : jeffreysDivergence(p, q));
      put(
          c,
          pre + "population_stability_index",
          "(p, q)",
          tri ? tryPopulationStabilityIndex(p, q) : populationStabilityIndex(p, q));
      put(c, pre + "g_test", "(counts, p)", tri ? tryGTest(counts, p) : gTest(counts, p));
      put(
          c,
          pre + "kl_divergence_ci",
          "(counts, p, 0.9, 'bits')",
          tri ? tryKlDivergenceCi(counts, p, 0.9, "bits") : klDivergenceCi(counts, p, 0.9, "bits"));
      put(
          c,
          pre + "entropy_miller_madow",
          "(counts)",
          tri ? tryEntropyMillerMadow(counts) : entropyMillerMadow(counts));
      put(c, pre + "kl_bernoulli", "(x, w)", tri ? tryKlBernoulli(x, w) : klBernoulli(x, w));
      put(
          c,
          pre + "kl_gaussian",
          "(w, y, x, x)",
          tri ? tryKlGaussian(w, y, x, x) : klGaussian(w, y, x, x));
      put(
          c,
          pre + "kl_gaussian_diag",
          "(mu, v, p, p)",
          tri ? tryKlGaussianDiag(mu, v, p, p) : klGaussianDiag(mu, v, p, p));
      put(
          c,
          pre + "kl_mvn",
          "(mu, cov, p, cov, 'bits')",
          tri ? tryKlMvn(mu, cov, p, cov, "bits") : klMvn(mu, cov, p, cov, "bits"));
      put(c, pre + "kl_poisson", "(y, w)", tri ? tryKlPoisson(y, w) : klPoisson(y, w));
      put(c, pre + "kl_exponential", "(y, w)", tri ? tryKlExponential(y, w) : klExponential(y, w));
      put(c, pre + "vae_kl", "(mu, v)", tri ? tryVaeKl(mu, v) : vaeKl(mu, v));
      put(
          c,
          pre + "normalize_distribution",
          "(counts)",
          tri ? tryNormalizeDistribution(counts) : normalizeDistribution(counts));
      put(
          c,
          pre + "smooth_distribution",
          "(counts, 'additive:0.5')",
          tri
              ? trySmoothDistribution(counts, "additive:0.5")
              : smoothDistribution(counts, "additive:0.5"));
    }
    // The continuous functions compare samples (arrays); each try_ form gets arguments that fail
    // on the first row: an empty sample, or one whose values are all equal.
    Column empty = expr("filter(q, x -> x > 1)");
    put(c, "ks_2samp", "(p, q)", ks2samp(p, q));
    put(c, "try_ks_2samp", "(q, filter(q, x -> x > 1))", tryKs2samp(q, empty));
    put(c, "wasserstein_distance", "(p, q)", wassersteinDistance(p, q));
    put(
        c,
        "try_wasserstein_distance",
        "(q, filter(q, x -> x > 1))",
        tryWassersteinDistance(q, empty));
    put(c, "kl_divergence_knn", "(counts, mu, 1)", klDivergenceKnn(counts, mu, 1));
    put(c, "try_kl_divergence_knn", "(p, q, 1, 'bits')", tryKlDivergenceKnn(p, q, 1, "bits"));
    put(c, "differential_entropy", "(v, 1, 'bits')", differentialEntropy(v, 1, "bits"));
    put(c, "try_differential_entropy", "(p, 1)", tryDifferentialEntropy(p, 1));
    put(c, "category_counts", "(c)", categoryCounts(cat));
    put(c, "empirical_distribution", "(c)", empiricalDistribution(cat));
    put(c, "entropy_of", "(c, 'bits')", entropyOf(cat, "bits"));
    put(c, "kl_divergence_from_samples", "(c, w)", klDivergenceFromSamples(cat, w));
    put(c, "mean_log_likelihood", "(w, 'bits')", meanLogLikelihood(w, "bits"));
    // A prediction valid on both rows: (w, 1 - w).
    Column prediction = expr("array(w, 1 - w)");
    put(c, "expected_nll", "(array(w, 1 - w))", expectedNll(prediction));
    put(c, "expected_nll_sd", "(array(w, 1 - w), 'bits')", expectedNllSd(prediction, "bits"));
    return c;
  }

  private record Case(String sql, Column typed) {}

  private static void put(Map<String, Case> c, String name, String args, Column typed) {
    c.put(name, new Case(name + args, typed));
  }

  static Stream<Arguments> functions() {
    return cases().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void typedCallEqualsSqlCall(String name, Case c) {
    SqlFunction fn =
        KlFunctionRegistry.all().stream().filter(f -> f.name().equals(name)).findFirst().get();
    // Invalid rows make the plain scalar functions fail: those are compared on the first row.
    boolean all = fn.aggregate() || name.startsWith("try_");
    Dataset<Row> rows = all ? t : t.limit(1);
    Dataset<Row> typed = rows.select(c.typed());
    rows.createOrReplaceTempView("typed_api_input");
    Dataset<Row> sql = spark().sql("SELECT " + c.sql() + " FROM typed_api_input");
    assertThat(typed.columns()).isEqualTo(sql.columns());
    assertThat(typed.collectAsList()).isEqualTo(sql.collectAsList());
    if (name.startsWith("try_")) {
      assertThat(typed.collectAsList()).as("NULL on the invalid row").anyMatch(r -> r.isNullAt(0));
    }
  }

  @Test
  void everySqlFunctionHasATypedMethodAndATest() {
    Map<String, Case> cases = cases();
    List<String> methods =
        Arrays.stream(KlFunctions.class.getMethods())
            .filter(m -> Modifier.isStatic(m.getModifiers()))
            .filter(m -> m.getReturnType() == Column.class)
            .map(Method::getName)
            .toList();
    for (SqlFunction fn : KlFunctionRegistry.all()) {
      assertThat(methods).as(fn.name()).contains(camelCase(fn.name()));
      assertThat(cases).as(fn.name()).containsKey(fn.name());
    }
    assertThat(cases).hasSameSizeAs(KlFunctionRegistry.all());
  }

  private static String camelCase(String sqlName) {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char ch : sqlName.toCharArray()) {
      if (ch == '_') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(ch) : ch);
        up = false;
      }
    }
    return b.toString();
  }
}

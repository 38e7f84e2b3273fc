package dev.klspark.spark.sql;

import dev.klspark.spark.compat.SparkCompat;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.functions;

/**
 * The entry point for programs: {@link #register(SparkSession)} makes every klspark SQL function
 * callable in that session; {@link #requireRegistered(SparkSession)} is the start-up check that
 * fails loudly when neither the extension nor {@code register} did it. Sessions started with the
 * jar on the driver classpath get the functions without either call, through {@link
 * KlSparkSessionExtensions}.
 *
 * <p>The typed API: one static method per SQL function, named in camelCase ({@code kl_divergence}:
 * {@link #klDivergence(Column, Column)}), with one overload per optional argument, returning the
 * {@link Column} of the SQL call ({@code functions.call_function}), so that results, errors and
 * column names are the SQL function's. Plain static methods: callable from Scala as {@code
 * KlFunctions.klDivergence(col("p"), col("q"))}. Each method registers the functions in the active
 * session if they are missing there.
 *
 * <p>Each method is documented where its SQL function is, once: the formula, the arguments and
 * their types, the unit, NULL and edge cases, the errors and an example, in {@link
 * KlFunctionRegistry} (shown by {@code DESCRIBE FUNCTION EXTENDED name}) and in {@code
 * docs/sql-functions.md}, which a test keeps equal to the registry and runs.
 */
public final class KlFunctions {
  private KlFunctions() {}

  /**
   * Registers every function of {@link KlFunctionRegistry} in the session's function registry
   * (replacing earlier registrations of the same names). Idempotent.
   */
  public static void register(SparkSession spark) {
    FunctionRegistry registry = functionRegistry(spark);
    for (SqlFunction fn : KlFunctionRegistry.all()) {
      registry.registerFunction(
          SparkCompat.functionIdentifier(fn.name()),
          fn.info(),
          SparkCompat.functionBuilder(fn.builder()));
    }
  }

  /**
   * Checks that every klspark function is callable in the session.
   *
   * @throws IllegalStateException naming the missing functions and the two ways to register them
   */
  public static void requireRegistered(SparkSession spark) {
    FunctionRegistry registry = functionRegistry(spark);
    List<String> missing = new ArrayList<>();
    for (SqlFunction fn : KlFunctionRegistry.all()) {
      if (!registry.functionExists(SparkCompat.functionIdentifier(fn.name()))) {
        missing.add(fn.name());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "klspark SQL functions are not registered in this session: "
              + missing
              + "; put the klspark jar on the driver classpath before the session starts (its"
              + " SparkSessionExtensionsProvider registers them), set spark.sql.extensions="
              + KlSparkSessionExtensions.class.getName()
              + ", or call KlFunctions.register(spark)");
    }
  }

  private static FunctionRegistry functionRegistry(SparkSession spark) {
    return SparkCompat.functionRegistry(spark);
  }

  /**
   * The call of a klspark SQL function on columns, after registering the functions in the active
   * session when it lacks them (with the jar on the driver classpath it never does).
   */
  private static Column call(String name, Column... args) {
    scala.Option<SparkSession> active = SparkSession.getActiveSession();
    if (active.isDefined() && !active.get().catalog().functionExists(name)) {
      register(active.get());
    }
    return functions.call_function(name, args);
  }

  // ---- the typed API: one method per SQL function and arity, in the registry's order ----

  /** {@code entropy(p [, unit])}: the SQL function, documented in docs/sql-functions.md#entropy. */
  public static Column entropy(Column p) {
    return call("entropy", p);
  }

  /** {@code entropy(p [, unit])}: the SQL function, documented in docs/sql-functions.md#entropy. */
  public static Column entropy(Column p, String unit) {
    return call("entropy", p, functions.lit(unit));
  }

  /** {@code predictive_entropy}: see docs/sql-functions.md#predictive_entropy. */
  public static Column predictiveEntropy(Column prediction) {
    return call("predictive_entropy", prediction);
  }

  /** {@code predictive_entropy}: see docs/sql-functions.md#predictive_entropy. */
  public static Column predictiveEntropy(Column prediction, String unit) {
    return call("predictive_entropy", prediction, functions.lit(unit));
  }

  /** {@code cross_entropy(p, q [, unit])}: see docs/sql-functions.md#cross_entropy. */
  public static Column crossEntropy(Column p, Column q) {
    return call("cross_entropy", p, q);
  }

  /** {@code cross_entropy(p, q [, unit])}: see docs/sql-functions.md#cross_entropy. */
  public static Column crossEntropy(Column p, Column q, String unit) {
    return call("cross_entropy", p, q, functions.lit(unit));
  }

  /** {@code kl_divergence(p, q [, unit])}: see docs/sql-functions.md#kl_divergence. */
  public static Column klDivergence(Column p, Column q) {
    return call("kl_divergence", p, q);
  }

  /** {@code kl_divergence(p, q [, unit])}: see docs/sql-functions.md#kl_divergence. */
  public static Column klDivergence(Column p, Column q, String unit) {
    return call("kl_divergence", p, q, functions.lit(unit));
  }

  /** {@code js_divergence(p, q [, unit])}: see docs/sql-functions.md#js_divergence. */
  public static Column jsDivergence(Column p, Column q) {
    return call("js_divergence", p, q);
  }

  /** {@code js_divergence(p, q [, unit])}: see docs/sql-functions.md#js_divergence. */
  public static Column jsDivergence(Column p, Column q, String unit) {
    return call("js_divergence", p, q, functions.lit(unit));
  }

  /** {@code js_distance(p, q [, unit])}: see docs/sql-functions.md#js_distance. */
  public static Column jsDistance(Column p, Column q) {
    return call("js_distance", p, q);
  }

  /** {@code js_distance(p, q [, unit])}: see docs/sql-functions.md#js_distance. */
  public static Column jsDistance(Column p, Column q, String unit) {
    return call("js_distance", p, q, functions.lit(unit));
  }

  /** {@code hellinger_distance(p, q)}: see docs/sql-functions.md#hellinger_distance. */
  public static Column hellingerDistance(Column p, Column q) {
    return call("hellinger_distance", p, q);
  }

  /** {@code total_variation_distance(p, q)}: see docs/sql-functions.md#total_variation_distance. */
  public static Column totalVariationDistance(Column p, Column q) {
    return call("total_variation_distance", p, q);
  }

  /** {@code jeffreys_divergence(p, q [, unit])}: see docs/sql-functions.md#jeffreys_divergence. */
  public static Column jeffreysDivergence(Column p, Column q) {
    return call("jeffreys_divergence", p, q);
  }

  /** {@code jeffreys_divergence(p, q [, unit])}: see docs/sql-functions.md#jeffreys_divergence. */
  public static Column jeffreysDivergence(Column p, Column q, String unit) {
    return call("jeffreys_divergence", p, q, functions.lit(unit));
  }

  /** {@code population_stability_index}: see docs/sql-functions.md#population_stability_index. */
  public static Column populationStabilityIndex(Column p, Column q) {
    return call("population_stability_index", p, q);
  }

  /** {@code population_stability_index}: see docs/sql-functions.md#population_stability_index. */
  public static Column populationStabilityIndex(Column p, Column q, String unit) {
    return call("population_stability_index", p, q, functions.lit(unit));
  }

  /** {@code g_test(counts, q)}: the SQL function, documented in docs/sql-functions.md#g_test. */
  public static Column gTest(Column counts, Column q) {
    return call("g_test", counts, q);
  }

  /** {@code kl_divergence_ci}: see docs/sql-functions.md#kl_divergence_ci. */
  public static Column klDivergenceCi(Column counts, Column q) {
    return call("kl_divergence_ci", counts, q);
  }

  /** {@code kl_divergence_ci}: see docs/sql-functions.md#kl_divergence_ci. */
  public static Column klDivergenceCi(Column counts, Column q, double level) {
    return call("kl_divergence_ci", counts, q, functions.lit(level));
  }

  /** {@code kl_divergence_ci}: see docs/sql-functions.md#kl_divergence_ci. */
  public static Column klDivergenceCi(Column counts, Column q, double level, String unit) {
    return call("kl_divergence_ci", counts, q, functions.lit(level), functions.lit(unit));
  }

  /** {@code entropy_miller_madow}: see docs/sql-functions.md#entropy_miller_madow. */
  public static Column entropyMillerMadow(Column counts) {
    return call("entropy_miller_madow", counts);
  }

  /** {@code entropy_miller_madow}: see docs/sql-functions.md#entropy_miller_madow. */
  public static Column entropyMillerMadow(Column counts, String unit) {
    return call("entropy_miller_madow", counts, functions.lit(unit));
  }

  /** {@code kl_bernoulli(p, q [, unit])}: see docs/sql-functions.md#kl_bernoulli. */
  public static Column klBernoulli(Column p, Column q) {
    return call("kl_bernoulli", p, q);
  }

  /** {@code kl_bernoulli(p, q [, unit])}: see docs/sql-functions.md#kl_bernoulli. */
  public static Column klBernoulli(Column p, Column q, String unit) {
    return call("kl_bernoulli", p, q, functions.lit(unit));
  }

  /** {@code kl_gaussian}: see docs/sql-functions.md#kl_gaussian. */
  public static Column klGaussian(Column mu1, Column sigma1, Column mu2, Column sigma2) {
    return call("kl_gaussian", mu1, sigma1, mu2, sigma2);
  }

  /** {@code kl_gaussian}: see docs/sql-functions.md#kl_gaussian. */
  public static Column klGaussian(
      Column mu1, Column sigma1, Column mu2, Column sigma2, String unit) {
    return call("kl_gaussian", mu1, sigma1, mu2, sigma2, functions.lit(unit));
  }

  /** {@code kl_gaussian_diag}: see docs/sql-functions.md#kl_gaussian_diag. */
  public static Column klGaussianDiag(Column mu1, Column var1, Column mu2, Column var2) {
    return call("kl_gaussian_diag", mu1, var1, mu2, var2);
  }

  /** {@code kl_gaussian_diag}: see docs/sql-functions.md#kl_gaussian_diag. */
  public static Column klGaussianDiag(
      Column mu1, Column var1, Column mu2, Column var2, String unit) {
    return call("kl_gaussian_diag", mu1, var1, mu2, var2, functions.lit(unit));
  }

  /** {@code kl_mvn(mu1, cov1, mu2, cov2 [, unit])}: see docs/sql-functions.md#kl_mvn. */
  public static Column klMvn(Column mu1, Column cov1, Column mu2, Column cov2) {
    return call("kl_mvn", mu1, cov1, mu2, cov2);
  }

  /** {@code kl_mvn(mu1, cov1, mu2, cov2 [, unit])}: see docs/sql-functions.md#kl_mvn. */
  public static Column klMvn(Column mu1, Column cov1, Column mu2, Column cov2, String unit) {
    return call("kl_mvn", mu1, cov1, mu2, cov2, functions.lit(unit));
  }

  /** {@code kl_poisson(lambda1, lambda2 [, unit])}: see docs/sql-functions.md#kl_poisson. */
  public static Column klPoisson(Column lambda1, Column lambda2) {
    return call("kl_poisson", lambda1, lambda2);
  }

  /** {@code kl_poisson(lambda1, lambda2 [, unit])}: see docs/sql-functions.md#kl_poisson. */
  public static Column klPoisson(Column lambda1, Column lambda2, String unit) {
    return call("kl_poisson", lambda1, lambda2, functions.lit(unit));
  }

  /** {@code kl_exponential}: see docs/sql-functions.md#kl_exponential. */
  public static Column klExponential(Column lambda1, Column lambda2) {
    return call("kl_exponential", lambda1, lambda2);
  }

  /** {@code kl_exponential}: see docs/sql-functions.md#kl_exponential. */
  public static Column klExponential(Column lambda1, Column lambda2, String unit) {
    return call("kl_exponential", lambda1, lambda2, functions.lit(unit));
  }

  /** {@code vae_kl(mu, log_var [, unit])}: see docs/sql-functions.md#vae_kl. */
  public static Column vaeKl(Column mu, Column logVar) {
    return call("vae_kl", mu, logVar);
  }

  /** {@code vae_kl(mu, log_var [, unit])}: see docs/sql-functions.md#vae_kl. */
  public static Column vaeKl(Column mu, Column logVar, String unit) {
    return call("vae_kl", mu, logVar, functions.lit(unit));
  }

  /** {@code normalize_distribution(counts)}: see docs/sql-functions.md#normalize_distribution. */
  public static Column normalizeDistribution(Column counts) {
    return call("normalize_distribution", counts);
  }

  /** {@code smooth_distribution}: see docs/sql-functions.md#smooth_distribution. */
  public static Column smoothDistribution(Column weights, String policy) {
    return call("smooth_distribution", weights, functions.lit(policy));
  }

  /** {@code category_counts(category)}: see docs/sql-functions.md#category_counts. */
  public static Column categoryCounts(Column category) {
    return call("category_counts", category);
  }

  /** {@code empirical_distribution(category)}: see docs/sql-functions.md#empirical_distribution. */
  public static Column empiricalDistribution(Column category) {
    return call("empirical_distribution", category);
  }

  /** {@code entropy_of(category [, unit])}: see docs/sql-functions.md#entropy_of. */
  public static Column entropyOf(Column category) {
    return call("entropy_of", category);
  }

  /** {@code entropy_of(category [, unit])}: see docs/sql-functions.md#entropy_of. */
  public static Column entropyOf(Column category, String unit) {
    return call("entropy_of", category, functions.lit(unit));
  }

  /** {@code kl_divergence_from_samples}: see docs/sql-functions.md#kl_divergence_from_samples. */
  public static Column klDivergenceFromSamples(Column category, Column q) {
    return call("kl_divergence_from_samples", category, q);
  }

  /** {@code kl_divergence_from_samples}: see docs/sql-functions.md#kl_divergence_from_samples. */
  public static Column klDivergenceFromSamples(Column category, Column q, String unit) {
    return call("kl_divergence_from_samples", category, q, functions.lit(unit));
  }

  /** {@code mean_log_likelihood(q [, unit])}: see docs/sql-functions.md#mean_log_likelihood. */
  public static Column meanLogLikelihood(Column q) {
    return call("mean_log_likelihood", q);
  }

  /** {@code mean_log_likelihood(q [, unit])}: see docs/sql-functions.md#mean_log_likelihood. */
  public static Column meanLogLikelihood(Column q, String unit) {
    return call("mean_log_likelihood", q, functions.lit(unit));
  }

  /** {@code expected_nll(prediction [, unit])}: see docs/sql-functions.md#expected_nll. */
  public static Column expectedNll(Column prediction) {
    return call("expected_nll", prediction);
  }

  /** {@code expected_nll(prediction [, unit])}: see docs/sql-functions.md#expected_nll. */
  public static Column expectedNll(Column prediction, String unit) {
    return call("expected_nll", prediction, functions.lit(unit));
  }

  /** {@code expected_nll_sd(prediction [, unit])}: see docs/sql-functions.md#expected_nll_sd. */
  public static Column expectedNllSd(Column prediction) {
    return call("expected_nll_sd", prediction);
  }

  /** {@code expected_nll_sd(prediction [, unit])}: see docs/sql-functions.md#expected_nll_sd. */
  public static Column expectedNllSd(Column prediction, String unit) {
    return call("expected_nll_sd", prediction, functions.lit(unit));
  }

  /** {@code try_entropy(p [, unit])}: see docs/sql-functions.md#try_entropy. */
  public static Column tryEntropy(Column p) {
    return call("try_entropy", p);
  }

  /** {@code try_entropy(p [, unit])}: see docs/sql-functions.md#try_entropy. */
  public static Column tryEntropy(Column p, String unit) {
    return call("try_entropy", p, functions.lit(unit));
  }

  /** {@code try_predictive_entropy}: see docs/sql-functions.md#try_predictive_entropy. */
  public static Column tryPredictiveEntropy(Column prediction) {
    return call("try_predictive_entropy", prediction);
  }

  /** {@code try_predictive_entropy}: see docs/sql-functions.md#try_predictive_entropy. */
  public static Column tryPredictiveEntropy(Column prediction, String unit) {
    return call("try_predictive_entropy", prediction, functions.lit(unit));
  }

  /** {@code try_cross_entropy(p, q [, unit])}: see docs/sql-functions.md#try_cross_entropy. */
  public static Column tryCrossEntropy(Column p, Column q) {
    return call("try_cross_entropy", p, q);
  }

  /** {@code try_cross_entropy(p, q [, unit])}: see docs/sql-functions.md#try_cross_entropy. */
  public static Column tryCrossEntropy(Column p, Column q, String unit) {
    return call("try_cross_entropy", p, q, functions.lit(unit));
  }

  /** {@code try_kl_divergence(p, q [, unit])}: see docs/sql-functions.md#try_kl_divergence. */
  public static Column tryKlDivergence(Column p, Column q) {
    return call("try_kl_divergence", p, q);
  }

  /** {@code try_kl_divergence(p, q [, unit])}: see docs/sql-functions.md#try_kl_divergence. */
  public static Column tryKlDivergence(Column p, Column q, String unit) {
    return call("try_kl_divergence", p, q, functions.lit(unit));
  }

  /** {@code try_js_divergence(p, q [, unit])}: see docs/sql-functions.md#try_js_divergence. */
  public static Column tryJsDivergence(Column p, Column q) {
    return call("try_js_divergence", p, q);
  }

  /** {@code try_js_divergence(p, q [, unit])}: see docs/sql-functions.md#try_js_divergence. */
  public static Column tryJsDivergence(Column p, Column q, String unit) {
    return call("try_js_divergence", p, q, functions.lit(unit));
  }

  /** {@code try_js_distance(p, q [, unit])}: see docs/sql-functions.md#try_js_distance. */
  public static Column tryJsDistance(Column p, Column q) {
    return call("try_js_distance", p, q);
  }

  /** {@code try_js_distance(p, q [, unit])}: see docs/sql-functions.md#try_js_distance. */
  public static Column tryJsDistance(Column p, Column q, String unit) {
    return call("try_js_distance", p, q, functions.lit(unit));
  }

  /** {@code try_hellinger_distance(p, q)}: see docs/sql-functions.md#try_hellinger_distance. */
  public static Column tryHellingerDistance(Column p, Column q) {
    return call("try_hellinger_distance", p, q);
  }

  /**
   * {@code try_total_variation_distance(p, q)}: the SQL function, documented in
   * docs/sql-functions.md#try_total_variation_distance.
   */
  public static Column tryTotalVariationDistance(Column p, Column q) {
    return call("try_total_variation_distance", p, q);
  }

  /** {@code try_jeffreys_divergence}: see docs/sql-functions.md#try_jeffreys_divergence. */
  public static Column tryJeffreysDivergence(Column p, Column q) {
    return call("try_jeffreys_divergence", p, q);
  }

  /** {@code try_jeffreys_divergence}: see docs/sql-functions.md#try_jeffreys_divergence. */
  public static Column tryJeffreysDivergence(Column p, Column q, String unit) {
    return call("try_jeffreys_divergence", p, q, functions.lit(unit));
  }

  /**
   * {@code try_population_stability_index(p, q [, unit])}: the SQL function, documented in
   * docs/sql-functions.md#try_population_stability_index.
   */
  public static Column tryPopulationStabilityIndex(Column p, Column q) {
    return call("try_population_stability_index", p, q);
  }

  /**
   * {@code try_population_stability_index(p, q [, unit])}: the SQL function, documented in
   * docs/sql-functions.md#try_population_stability_index.
   */
  public static Column tryPopulationStabilityIndex(Column p, Column q, String unit) {
    return call("try_population_stability_index", p, q, functions.lit(unit));
  }

  /** {@code try_g_test(counts, q)}: see docs/sql-functions.md#try_g_test. */
  public static Column tryGTest(Column counts, Column q) {
    return call("try_g_test", counts, q);
  }

  /** {@code try_kl_divergence_ci}: see docs/sql-functions.md#try_kl_divergence_ci. */
  public static Column tryKlDivergenceCi(Column counts, Column q) {
    return call("try_kl_divergence_ci", counts, q);
  }

  /** {@code try_kl_divergence_ci}: see docs/sql-functions.md#try_kl_divergence_ci. */
  public static Column tryKlDivergenceCi(Column counts, Column q, double level) {
    return call("try_kl_divergence_ci", counts, q, functions.lit(level));
  }

  /** {@code try_kl_divergence_ci}: see docs/sql-functions.md#try_kl_divergence_ci. */
  public static Column tryKlDivergenceCi(Column counts, Column q, double level, String unit) {
    return call("try_kl_divergence_ci", counts, q, functions.lit(level), functions.lit(unit));
  }

  /** {@code try_entropy_miller_madow}: see docs/sql-functions.md#try_entropy_miller_madow. */
  public static Column tryEntropyMillerMadow(Column counts) {
    return call("try_entropy_miller_madow", counts);
  }

  /** {@code try_entropy_miller_madow}: see docs/sql-functions.md#try_entropy_miller_madow. */
  public static Column tryEntropyMillerMadow(Column counts, String unit) {
    return call("try_entropy_miller_madow", counts, functions.lit(unit));
  }

  /** {@code try_kl_bernoulli(p, q [, unit])}: see docs/sql-functions.md#try_kl_bernoulli. */
  public static Column tryKlBernoulli(Column p, Column q) {
    return call("try_kl_bernoulli", p, q);
  }

  /** {@code try_kl_bernoulli(p, q [, unit])}: see docs/sql-functions.md#try_kl_bernoulli. */
  public static Column tryKlBernoulli(Column p, Column q, String unit) {
    return call("try_kl_bernoulli", p, q, functions.lit(unit));
  }

  /** {@code try_kl_gaussian}: see docs/sql-functions.md#try_kl_gaussian. */
  public static Column tryKlGaussian(Column mu1, Column sigma1, Column mu2, Column sigma2) {
    return call("try_kl_gaussian", mu1, sigma1, mu2, sigma2);
  }

  /** {@code try_kl_gaussian}: see docs/sql-functions.md#try_kl_gaussian. */
  public static Column tryKlGaussian(
      Column mu1, Column sigma1, Column mu2, Column sigma2, String unit) {
    return call("try_kl_gaussian", mu1, sigma1, mu2, sigma2, functions.lit(unit));
  }

  /** {@code try_kl_gaussian_diag}: see docs/sql-functions.md#try_kl_gaussian_diag. */
  public static Column tryKlGaussianDiag(Column mu1, Column var1, Column mu2, Column var2) {
    return call("try_kl_gaussian_diag", mu1, var1, mu2, var2);
  }

  /** {@code try_kl_gaussian_diag}: see docs/sql-functions.md#try_kl_gaussian_diag. */
  public static Column tryKlGaussianDiag(
      Column mu1, Column var1, Column mu2, Column var2, String unit) {
    return call("try_kl_gaussian_diag", mu1, var1, mu2, var2, functions.lit(unit));
  }

  /** {@code try_kl_mvn(mu1, cov1, mu2, cov2 [, unit])}: see docs/sql-functions.md#try_kl_mvn. */
  public static Column tryKlMvn(Column mu1, Column cov1, Column mu2, Column cov2) {
    return call("try_kl_mvn", mu1, cov1, mu2, cov2);
  }

  /** {@code try_kl_mvn(mu1, cov1, mu2, cov2 [, unit])}: see docs/sql-functions.md#try_kl_mvn. */
  public static Column tryKlMvn(Column mu1, Column cov1, Column mu2, Column cov2, String unit) {
    return call("try_kl_mvn", mu1, cov1, mu2, cov2, functions.lit(unit));
  }

  /** {@code try_kl_poisson}: see docs/sql-functions.md#try_kl_poisson. */
  public static Column tryKlPoisson(Column lambda1, Column lambda2) {
    return call("try_kl_poisson", lambda1, lambda2);
  }

  /** {@code try_kl_poisson}: see docs/sql-functions.md#try_kl_poisson. */
  public static Column tryKlPoisson(Column lambda1, Column lambda2, String unit) {
    return call("try_kl_poisson", lambda1, lambda2, functions.lit(unit));
  }

  /** {@code try_kl_exponential}: see docs/sql-functions.md#try_kl_exponential. */
  public static Column tryKlExponential(Column lambda1, Column lambda2) {
    return call("try_kl_exponential", lambda1, lambda2);
  }

  /** {@code try_kl_exponential}: see docs/sql-functions.md#try_kl_exponential. */
  public static Column tryKlExponential(Column lambda1, Column lambda2, String unit) {
    return call("try_kl_exponential", lambda1, lambda2, functions.lit(unit));
  }

  /** {@code try_vae_kl(mu, log_var [, unit])}: see docs/sql-functions.md#try_vae_kl. */
  public static Column tryVaeKl(Column mu, Column logVar) {
    return call("try_vae_kl", mu, logVar);
  }

  /** {@code try_vae_kl(mu, log_var [, unit])}: see docs/sql-functions.md#try_vae_kl. */
  public static Column tryVaeKl(Column mu, Column logVar, String unit) {
    return call("try_vae_kl", mu, logVar, functions.lit(unit));
  }

  /** {@code try_normalize_distribution}: see docs/sql-functions.md#try_normalize_distribution. */
  public static Column tryNormalizeDistribution(Column counts) {
    return call("try_normalize_distribution", counts);
  }

  /** {@code try_smooth_distribution}: see docs/sql-functions.md#try_smooth_distribution. */
  public static Column trySmoothDistribution(Column weights, String policy) {
    return call("try_smooth_distribution", weights, functions.lit(policy));
  }

  // ---- continuous samples: the plain and try_ forms, the optional arguments as overloads ----

  /** {@code ks_2samp(current, reference)}: see docs/sql-functions.md. */
  public static Column ks2samp(Column current, Column reference) {
    return call("ks_2samp", current, reference);
  }

  /** {@code try_ks_2samp(current, reference)}: see docs/sql-functions.md. */
  public static Column tryKs2samp(Column current, Column reference) {
    return call("try_ks_2samp", current, reference);
  }

  /** {@code wasserstein_distance(current, reference)}: see docs/sql-functions.md. */
  public static Column wassersteinDistance(Column current, Column reference) {
    return call("wasserstein_distance", current, reference);
  }

  /** {@code try_wasserstein_distance(current, reference)}: see docs/sql-functions.md. */
  public static Column tryWassersteinDistance(Column current, Column reference) {
    return call("try_wasserstein_distance", current, reference);
  }

  /** {@code kl_divergence_knn(current, reference)} (k = 5, nats): see docs/sql-functions.md. */
  public static Column klDivergenceKnn(Column current, Column reference) {
    return call("kl_divergence_knn", current, reference);
  }

  /** {@code kl_divergence_knn(current, reference, k)}: see docs/sql-functions.md. */
  public static Column klDivergenceKnn(Column current, Column reference, int k) {
    return call("kl_divergence_knn", current, reference, functions.lit(k));
  }

  /** {@code kl_divergence_knn(current, reference, k, unit)}: see docs/sql-functions.md. */
  public static Column klDivergenceKnn(Column current, Column reference, int k, String unit) {
    return call("kl_divergence_knn", current, reference, functions.lit(k), functions.lit(unit));
  }

  /** {@code try_kl_divergence_knn(current, reference, k)}: see docs/sql-functions.md. */
  public static Column tryKlDivergenceKnn(Column current, Column reference, int k) {
    return call("try_kl_divergence_knn", current, reference, functions.lit(k));
  }

  /** {@code try_kl_divergence_knn(current, reference, k, unit)}: see docs/sql-functions.md. */
  public static Column tryKlDivergenceKnn(Column current, Column reference, int k, String unit) {
    return call("try_kl_divergence_knn", current, reference, functions.lit(k), functions.lit(unit));
  }

  /** {@code differential_entropy(values)} (k = 5, nats): see docs/sql-functions.md. */
  public static Column differentialEntropy(Column values) {
    return call("differential_entropy", values);
  }

  /** {@code differential_entropy(values, k, unit)}: see docs/sql-functions.md. */
  public static Column differentialEntropy(Column values, int k, String unit) {
    return call("differential_entropy", values, functions.lit(k), functions.lit(unit));
  }

  /** {@code try_differential_entropy(values, k)}: see docs/sql-functions.md. */
  public static Column tryDifferentialEntropy(Column values, int k) {
    return call("try_differential_entropy", values, functions.lit(k));
  }
}

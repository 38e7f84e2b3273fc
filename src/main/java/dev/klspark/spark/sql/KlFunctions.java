package dev.klspark.spark.sql;

import dev.klspark.spark.compat.SparkCompat;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
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
          FunctionIdentifier.apply(fn.name()),
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
      if (!registry.functionExists(FunctionIdentifier.apply(fn.name()))) {
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

  /**
   * {@code entropy(p [, unit])} in SQL: Shannon entropy H(P) = -sum p_i ln p_i, in nats (or bits).
   *
   * <p>Without unit: the defaults.
   *
   * @param p array&lt;double&gt;, map&lt;string,double&gt; (the values) or an MLlib vector; must
   *     sum to 1 within 1e-6
   * @return the column {@code entropy(...)}; 0 ln 0 = 0. NULL p or q gives NULL. An error names the
   *     function and the argument when a length differs, an element is NULL, NaN, infinite or
   *     negative, or a distribution does not sum to 1 (no measure normalises its input; see
   *     normalize_distribution). See docs/sql-functions.md.
   */
  public static Column entropy(Column p) {
    return call("entropy", p);
  }

  /**
   * {@code entropy(p [, unit])} in SQL: Shannon entropy H(P) = -sum p_i ln p_i, in nats (or bits).
   *
   * @param p array&lt;double&gt;, map&lt;string,double&gt; (the values) or an MLlib vector; must
   *     sum to 1 within 1e-6
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code entropy(...)}; 0 ln 0 = 0. NULL p or q gives NULL. An error names the
   *     function and the argument when a length differs, an element is NULL, NaN, infinite or
   *     negative, or a distribution does not sum to 1 (no measure normalises its input; see
   *     normalize_distribution). See docs/sql-functions.md.
   */
  public static Column entropy(Column p, String unit) {
    return call("entropy", p, functions.lit(unit));
  }

  /**
   * {@code cross_entropy(p, q [, unit])} in SQL: Cross-entropy H(P, Q) = -sum p_i ln q_i, in nats
   * (or bits).
   *
   * <p>Without unit: the defaults.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @return the column {@code cross_entropy(...)}; +Infinity when q_i = 0 &lt; p_i. NULL p or q
   *     gives NULL. An error names the function and the argument when a length differs, an element
   *     is NULL, NaN, infinite or negative, or a distribution does not sum to 1 (no measure
   *     normalises its input; see normalize_distribution). See docs/sql-functions.md.
   */
  public static Column crossEntropy(Column p, Column q) {
    return call("cross_entropy", p, q);
  }

  /**
   * {@code cross_entropy(p, q [, unit])} in SQL: Cross-entropy H(P, Q) = -sum p_i ln q_i, in nats
   * (or bits).
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code cross_entropy(...)}; +Infinity when q_i = 0 &lt; p_i. NULL p or q
   *     gives NULL. An error names the function and the argument when a length differs, an element
   *     is NULL, NaN, infinite or negative, or a distribution does not sum to 1 (no measure
   *     normalises its input; see normalize_distribution). See docs/sql-functions.md.
   */
  public static Column crossEntropy(Column p, Column q, String unit) {
    return call("cross_entropy", p, q, functions.lit(unit));
  }

  /**
   * {@code kl_divergence(p, q [, unit])} in SQL: Kullback-Leibler divergence KL(P || Q) = sum p_i
   * ln(p_i / q_i), in nats (or bits).
   *
   * <p>Without unit: the defaults.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @return the column {@code kl_divergence(...)}; 0 ln(0/q) = 0; +Infinity when q_i = 0 &lt; p_i.
   *     NULL p or q gives NULL. An error names the function and the argument when a length differs,
   *     an element is NULL, NaN, infinite or negative, or a distribution does not sum to 1 (no
   *     measure normalises its input; see normalize_distribution). See docs/sql-functions.md.
   */
  public static Column klDivergence(Column p, Column q) {
    return call("kl_divergence", p, q);
  }

  /**
   * {@code kl_divergence(p, q [, unit])} in SQL: Kullback-Leibler divergence KL(P || Q) = sum p_i
   * ln(p_i / q_i), in nats (or bits).
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code kl_divergence(...)}; 0 ln(0/q) = 0; +Infinity when q_i = 0 &lt; p_i.
   *     NULL p or q gives NULL. An error names the function and the argument when a length differs,
   *     an element is NULL, NaN, infinite or negative, or a distribution does not sum to 1 (no
   *     measure normalises its input; see normalize_distribution). See docs/sql-functions.md.
   */
  public static Column klDivergence(Column p, Column q, String unit) {
    return call("kl_divergence", p, q, functions.lit(unit));
  }

  /**
   * {@code js_divergence(p, q [, unit])} in SQL: Jensen-Shannon divergence JS = (KL(P||M) +
   * KL(Q||M)) / 2, M = (P + Q) / 2, in nats (at most ln 2) or bits (at most 1).
   *
   * <p>Without unit: the defaults.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @return the column {@code js_divergence(...)}; Always finite. NULL p or q gives NULL. An error
   *     names the function and the argument when a length differs, an element is NULL, NaN,
   *     infinite or negative, or a distribution does not sum to 1 (no measure normalises its input;
   *     see normalize_distribution). See docs/sql-functions.md.
   */
  public static Column jsDivergence(Column p, Column q) {
    return call("js_divergence", p, q);
  }

  /**
   * {@code js_divergence(p, q [, unit])} in SQL: Jensen-Shannon divergence JS = (KL(P||M) +
   * KL(Q||M)) / 2, M = (P + Q) / 2, in nats (at most ln 2) or bits (at most 1).
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code js_divergence(...)}; Always finite. NULL p or q gives NULL. An error
   *     names the function and the argument when a length differs, an element is NULL, NaN,
   *     infinite or negative, or a distribution does not sum to 1 (no measure normalises its input;
   *     see normalize_distribution). See docs/sql-functions.md.
   */
  public static Column jsDivergence(Column p, Column q, String unit) {
    return call("js_divergence", p, q, functions.lit(unit));
  }

  /**
   * {@code js_distance(p, q [, unit])} in SQL: Jensen-Shannon distance sqrt(JS(P, Q)), JS in nats
   * (or bits); as scipy spatial.distance.jensenshannon.
   *
   * <p>Without unit: the defaults.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @return the column {@code js_distance(...)}; Always finite. NULL p or q gives NULL. An error
   *     names the function and the argument when a length differs, an element is NULL, NaN,
   *     infinite or negative, or a distribution does not sum to 1 (no measure normalises its input;
   *     see normalize_distribution). See docs/sql-functions.md.
   */
  public static Column jsDistance(Column p, Column q) {
    return call("js_distance", p, q);
  }

  /**
   * {@code js_distance(p, q [, unit])} in SQL: Jensen-Shannon distance sqrt(JS(P, Q)), JS in nats
   * (or bits); as scipy spatial.distance.jensenshannon.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code js_distance(...)}; Always finite. NULL p or q gives NULL. An error
   *     names the function and the argument when a length differs, an element is NULL, NaN,
   *     infinite or negative, or a distribution does not sum to 1 (no measure normalises its input;
   *     see normalize_distribution). See docs/sql-functions.md.
   */
  public static Column jsDistance(Column p, Column q, String unit) {
    return call("js_distance", p, q, functions.lit(unit));
  }

  /**
   * {@code hellinger_distance(p, q)} in SQL: Hellinger distance H = sqrt(1 - sum sqrt(p_i q_i)), in
   * [0, 1] (the normalisation with the 1/2: H = ||sqrt P - sqrt Q||_2 / sqrt 2). No unit.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @return the column {@code hellinger_distance(...)}; 1 for disjoint supports. NULL p or q gives
   *     NULL. An error names the function and the argument when a length differs, an element is
   *     NULL, NaN, infinite or negative, or a distribution does not sum to 1 (no measure normalises
   *     its input; see normalize_distribution). See docs/sql-functions.md.
   */
  public static Column hellingerDistance(Column p, Column q) {
    return call("hellinger_distance", p, q);
  }

  /**
   * {@code total_variation_distance(p, q)} in SQL: Total variation distance TV = sum |p_i - q_i| /
   * 2, in [0, 1]. No unit.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @return the column {@code total_variation_distance(...)}; NULL p or q gives NULL. An error
   *     names the function and the argument when a length differs, an element is NULL, NaN,
   *     infinite or negative, or a distribution does not sum to 1 (no measure normalises its input;
   *     see normalize_distribution). See docs/sql-functions.md.
   */
  public static Column totalVariationDistance(Column p, Column q) {
    return call("total_variation_distance", p, q);
  }

  /**
   * {@code jeffreys_divergence(p, q [, unit])} in SQL: Jeffreys divergence (symmetric KL) J =
   * KL(P||Q) + KL(Q||P) = sum (p_i - q_i) ln(p_i / q_i), in nats (or bits).
   *
   * <p>Without unit: the defaults.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @return the column {@code jeffreys_divergence(...)}; +Infinity when exactly one of p_i, q_i is
   *     0. NULL p or q gives NULL. An error names the function and the argument when a length
   *     differs, an element is NULL, NaN, infinite or negative, or a distribution does not sum to 1
   *     (no measure normalises its input; see normalize_distribution). See docs/sql-functions.md.
   */
  public static Column jeffreysDivergence(Column p, Column q) {
    return call("jeffreys_divergence", p, q);
  }

  /**
   * {@code jeffreys_divergence(p, q [, unit])} in SQL: Jeffreys divergence (symmetric KL) J =
   * KL(P||Q) + KL(Q||P) = sum (p_i - q_i) ln(p_i / q_i), in nats (or bits).
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code jeffreys_divergence(...)}; +Infinity when exactly one of p_i, q_i is
   *     0. NULL p or q gives NULL. An error names the function and the argument when a length
   *     differs, an element is NULL, NaN, infinite or negative, or a distribution does not sum to 1
   *     (no measure normalises its input; see normalize_distribution). See docs/sql-functions.md.
   */
  public static Column jeffreysDivergence(Column p, Column q, String unit) {
    return call("jeffreys_divergence", p, q, functions.lit(unit));
  }

  /**
   * {@code population_stability_index(p, q [, unit])} in SQL: Population stability index PSI = sum
   * (p_i - q_i) ln(p_i / q_i) over bins (p actual, q expected), in nats (or bits): the Jeffreys
   * divergence.
   *
   * <p>Without unit: the defaults.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @return the column {@code population_stability_index(...)}; Same conventions as
   *     jeffreys_divergence: +Infinity when a bin is empty on exactly one side (smooth first if
   *     that is not wanted). NULL p or q gives NULL. An error names the function and the argument
   *     when a length differs, an element is NULL, NaN, infinite or negative, or a distribution
   *     does not sum to 1 (no measure normalises its input; see normalize_distribution). See
   *     docs/sql-functions.md.
   */
  public static Column populationStabilityIndex(Column p, Column q) {
    return call("population_stability_index", p, q);
  }

  /**
   * {@code population_stability_index(p, q [, unit])} in SQL: Population stability index PSI = sum
   * (p_i - q_i) ln(p_i / q_i) over bins (p actual, q expected), in nats (or bits): the Jeffreys
   * divergence.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code population_stability_index(...)}; Same conventions as
   *     jeffreys_divergence: +Infinity when a bin is empty on exactly one side (smooth first if
   *     that is not wanted). NULL p or q gives NULL. An error names the function and the argument
   *     when a length differs, an element is NULL, NaN, infinite or negative, or a distribution
   *     does not sum to 1 (no measure normalises its input; see normalize_distribution). See
   *     docs/sql-functions.md.
   */
  public static Column populationStabilityIndex(Column p, Column q, String unit) {
    return call("population_stability_index", p, q, functions.lit(unit));
  }

  /**
   * {@code g_test(counts, q)} in SQL: The G-test (likelihood-ratio test) of counts against the
   * model Q: struct(statistic, degrees_of_freedom, p_value) with statistic G = 2 sum c_i ln(c_i /
   * (n q_i)) = 2n KL(P^ || Q) in nats, degrees_of_freedom = (categories with q_i &gt; 0) - 1,
   * p_value = P(chi2(df) &gt;= G) (regularized upper gamma).
   *
   * @param counts array of counts (numbers &gt;= 0, aligned by index; integer arrays are cast) or
   *     map&lt;string,number&gt; (aligned by key, e.g. category_counts(c)); need not be integers
   * @param q the model's probabilities: an array or MLlib vector (with array counts) or a
   *     map&lt;string,double&gt; (with map counts; a key missing on one side has 0 there); must sum
   *     to 1 within 1e-6
   * @return the column {@code g_test(...)}; NULL counts or q gives NULL. p_value 0 and statistic
   *     +Infinity when a category with q = 0 has a count; p_value 1 with 0 degrees of freedom. The
   *     same test as the reports' g_statistic and p_value (scipy stats.power_divergence with
   *     lambda_="log-likelihood"). Errors as for the distribution functions (counts must be finite,
   *     &gt;= 0 and not all 0). See docs/sql-functions.md.
   */
  public static Column gTest(Column counts, Column q) {
    return call("g_test", counts, q);
  }

  /**
   * {@code kl_divergence_ci(counts, q [, level [, unit]])} in SQL: A confidence interval
   * struct(low, high) for KL(P || Q), P the distribution the counts were drawn from, at level
   * (default 0.95), in nats (or bits): the inversion of G = 2n KL(P^ || Q) under a scaled
   * noncentral chi-squared, as the reports' kl_divergence_ci_low/high.
   *
   * <p>Without level, unit: the defaults.
   *
   * @param counts array of counts (numbers &gt;= 0, aligned by index; integer arrays are cast) or
   *     map&lt;string,number&gt; (aligned by key, e.g. category_counts(c)); need not be integers
   * @param q the model's probabilities: an array or MLlib vector (with array counts) or a
   *     map&lt;string,double&gt; (with map counts; a key missing on one side has 0 there); must sum
   *     to 1 within 1e-6
   * @return the column {@code kl_divergence_ci(...)}; NULL counts or q gives NULL, and so do counts
   *     that fail Cochran's rule (an expected count n q_i below 1, or fewer than 80% at least 5).
   *     low = 0 when the G-test does not reject at (1 - level)/2. [Infinity, Infinity] when a
   *     category with q = 0 has a count. Q is taken as fixed. Coverage measured by simulation:
   *     README, "Evidence". See docs/sql-functions.md.
   */
  public static Column klDivergenceCi(Column counts, Column q) {
    return call("kl_divergence_ci", counts, q);
  }

  /**
   * {@code kl_divergence_ci(counts, q [, level [, unit]])} in SQL: A confidence interval
   * struct(low, high) for KL(P || Q), P the distribution the counts were drawn from, at level
   * (default 0.95), in nats (or bits): the inversion of G = 2n KL(P^ || Q) under a scaled
   * noncentral chi-squared, as the reports' kl_divergence_ci_low/high.
   *
   * @param counts array of counts (numbers &gt;= 0, aligned by index; integer arrays are cast) or
   *     map&lt;string,number&gt; (aligned by key, e.g. category_counts(c)); need not be integers
   * @param q the model's probabilities: an array or MLlib vector (with array counts) or a
   *     map&lt;string,double&gt; (with map counts; a key missing on one side has 0 there); must sum
   *     to 1 within 1e-6
   * @param level optional constant number in (0, 1), default 0.95
   * @return the column {@code kl_divergence_ci(...)}; NULL counts or q gives NULL, and so do counts
   *     that fail Cochran's rule (an expected count n q_i below 1, or fewer than 80% at least 5).
   *     low = 0 when the G-test does not reject at (1 - level)/2. [Infinity, Infinity] when a
   *     category with q = 0 has a count. Q is taken as fixed. Coverage measured by simulation:
   *     README, "Evidence". See docs/sql-functions.md.
   */
  public static Column klDivergenceCi(Column counts, Column q, double level) {
    return call("kl_divergence_ci", counts, q, functions.lit(level));
  }

  /**
   * {@code kl_divergence_ci(counts, q [, level [, unit]])} in SQL: A confidence interval
   * struct(low, high) for KL(P || Q), P the distribution the counts were drawn from, at level
   * (default 0.95), in nats (or bits): the inversion of G = 2n KL(P^ || Q) under a scaled
   * noncentral chi-squared, as the reports' kl_divergence_ci_low/high.
   *
   * @param counts array of counts (numbers &gt;= 0, aligned by index; integer arrays are cast) or
   *     map&lt;string,number&gt; (aligned by key, e.g. category_counts(c)); need not be integers
   * @param q the model's probabilities: an array or MLlib vector (with array counts) or a
   *     map&lt;string,double&gt; (with map counts; a key missing on one side has 0 there); must sum
   *     to 1 within 1e-6
   * @param level optional constant number in (0, 1), default 0.95
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code kl_divergence_ci(...)}; NULL counts or q gives NULL, and so do counts
   *     that fail Cochran's rule (an expected count n q_i below 1, or fewer than 80% at least 5).
   *     low = 0 when the G-test does not reject at (1 - level)/2. [Infinity, Infinity] when a
   *     category with q = 0 has a count. Q is taken as fixed. Coverage measured by simulation:
   *     README, "Evidence". See docs/sql-functions.md.
   */
  public static Column klDivergenceCi(Column counts, Column q, double level, String unit) {
    return call("kl_divergence_ci", counts, q, functions.lit(level), functions.lit(unit));
  }

  /**
   * {@code entropy_miller_madow(counts [, unit])} in SQL: The Miller-Madow bias-corrected entropy
   * H(P^) + (m - 1) / (2n) of counts, m the categories with a positive count, n the total, in nats
   * (or bits).
   *
   * <p>Without unit: the defaults.
   *
   * @param counts array of counts or map&lt;string,number&gt; (its values), e.g. category_counts(c)
   * @return the column {@code entropy_miller_madow(...)}; NULL gives NULL. Error when a count is
   *     NULL, NaN, infinite or negative, or all are 0. See docs/sql-functions.md.
   */
  public static Column entropyMillerMadow(Column counts) {
    return call("entropy_miller_madow", counts);
  }

  /**
   * {@code entropy_miller_madow(counts [, unit])} in SQL: The Miller-Madow bias-corrected entropy
   * H(P^) + (m - 1) / (2n) of counts, m the categories with a positive count, n the total, in nats
   * (or bits).
   *
   * @param counts array of counts or map&lt;string,number&gt; (its values), e.g. category_counts(c)
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code entropy_miller_madow(...)}; NULL gives NULL. Error when a count is
   *     NULL, NaN, infinite or negative, or all are 0. See docs/sql-functions.md.
   */
  public static Column entropyMillerMadow(Column counts, String unit) {
    return call("entropy_miller_madow", counts, functions.lit(unit));
  }

  /**
   * {@code kl_bernoulli(p, q [, unit])} in SQL: KL(Bernoulli(p) || Bernoulli(q)) = p ln(p/q) +
   * (1-p) ln((1-p)/(1-q)), in nats (or bits).
   *
   * <p>Without unit: the defaults.
   *
   * @param p double, success probability of P in [0, 1]
   * @param q double, of Q in [0, 1]
   * @return the column {@code kl_bernoulli(...)}; NULL in gives NULL. +Infinity when q is 0 or 1
   *     and p differs from q. Error when p or q is NaN or outside [0, 1]. See
   *     docs/sql-functions.md.
   */
  public static Column klBernoulli(Column p, Column q) {
    return call("kl_bernoulli", p, q);
  }

  /**
   * {@code kl_bernoulli(p, q [, unit])} in SQL: KL(Bernoulli(p) || Bernoulli(q)) = p ln(p/q) +
   * (1-p) ln((1-p)/(1-q)), in nats (or bits).
   *
   * @param p double, success probability of P in [0, 1]
   * @param q double, of Q in [0, 1]
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code kl_bernoulli(...)}; NULL in gives NULL. +Infinity when q is 0 or 1
   *     and p differs from q. Error when p or q is NaN or outside [0, 1]. See
   *     docs/sql-functions.md.
   */
  public static Column klBernoulli(Column p, Column q, String unit) {
    return call("kl_bernoulli", p, q, functions.lit(unit));
  }

  /**
   * {@code kl_gaussian(mu1, sigma1, mu2, sigma2 [, unit])} in SQL: KL(N(mu1, sigma1^2) || N(mu2,
   * sigma2^2)) = ln(sigma2/sigma1) + (sigma1^2 + (mu1 - mu2)^2) / (2 sigma2^2) - 1/2, in nats (or
   * bits).
   *
   * <p>Without unit: the defaults.
   *
   * @param mu1 double, mean of P
   * @param sigma1 double &gt; 0, standard deviation of P
   * @param mu2 double, mean of Q
   * @param sigma2 double &gt; 0, standard deviation of Q
   * @return the column {@code kl_gaussian(...)}; NULL in gives NULL. Error when a mean is not
   *     finite or a standard deviation is not a finite value &gt; 0. See docs/sql-functions.md.
   */
  public static Column klGaussian(Column mu1, Column sigma1, Column mu2, Column sigma2) {
    return call("kl_gaussian", mu1, sigma1, mu2, sigma2);
  }

  /**
   * {@code kl_gaussian(mu1, sigma1, mu2, sigma2 [, unit])} in SQL: KL(N(mu1, sigma1^2) || N(mu2,
   * sigma2^2)) = ln(sigma2/sigma1) + (sigma1^2 + (mu1 - mu2)^2) / (2 sigma2^2) - 1/2, in nats (or
   * bits).
   *
   * @param mu1 double, mean of P
   * @param sigma1 double &gt; 0, standard deviation of P
   * @param mu2 double, mean of Q
   * @param sigma2 double &gt; 0, standard deviation of Q
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code kl_gaussian(...)}; NULL in gives NULL. Error when a mean is not
   *     finite or a standard deviation is not a finite value &gt; 0. See docs/sql-functions.md.
   */
  public static Column klGaussian(
      Column mu1, Column sigma1, Column mu2, Column sigma2, String unit) {
    return call("kl_gaussian", mu1, sigma1, mu2, sigma2, functions.lit(unit));
  }

  /**
   * {@code kl_gaussian_diag(mu1, var1, mu2, var2 [, unit])} in SQL: KL between normal distributions
   * with diagonal covariances, given means and variances: sum over dimensions of the univariate KL,
   * in nats (or bits).
   *
   * <p>Without unit: the defaults.
   *
   * @param mu1 array&lt;double&gt; or MLlib vector, means of P
   * @param var1 array&lt;double&gt; or vector, variances of P (each &gt; 0)
   * @param mu2 array&lt;double&gt; or vector, means of Q
   * @param var2 array&lt;double&gt; or vector, variances of Q (each &gt; 0)
   * @return the column {@code kl_gaussian_diag(...)}; NULL in gives NULL. Error naming both lengths
   *     when lengths differ; error when a variance is not &gt; 0 or a value is not finite. See
   *     docs/sql-functions.md.
   */
  public static Column klGaussianDiag(Column mu1, Column var1, Column mu2, Column var2) {
    return call("kl_gaussian_diag", mu1, var1, mu2, var2);
  }

  /**
   * {@code kl_gaussian_diag(mu1, var1, mu2, var2 [, unit])} in SQL: KL between normal distributions
   * with diagonal covariances, given means and variances: sum over dimensions of the univariate KL,
   * in nats (or bits).
   *
   * @param mu1 array&lt;double&gt; or MLlib vector, means of P
   * @param var1 array&lt;double&gt; or vector, variances of P (each &gt; 0)
   * @param mu2 array&lt;double&gt; or vector, means of Q
   * @param var2 array&lt;double&gt; or vector, variances of Q (each &gt; 0)
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code kl_gaussian_diag(...)}; NULL in gives NULL. Error naming both lengths
   *     when lengths differ; error when a variance is not &gt; 0 or a value is not finite. See
   *     docs/sql-functions.md.
   */
  public static Column klGaussianDiag(
      Column mu1, Column var1, Column mu2, Column var2, String unit) {
    return call("kl_gaussian_diag", mu1, var1, mu2, var2, functions.lit(unit));
  }

  /**
   * {@code kl_mvn(mu1, cov1, mu2, cov2 [, unit])} in SQL: KL between multivariate normal
   * distributions = (tr(S2^-1 S1) + (mu2-mu1)' S2^-1 (mu2-mu1) - k + ln det S2 - ln det S1) / 2, by
   * Cholesky factorisation, in nats (or bits).
   *
   * <p>Without unit: the defaults.
   *
   * @param mu1 array&lt;double&gt; or MLlib vector (k values), mean of P
   * @param cov1 array&lt;array&lt;double&gt;&gt; (rows) or MLlib matrix, k x k covariance of P,
   *     symmetric positive definite
   * @param mu2 array&lt;double&gt; or vector, mean of Q
   * @param cov2 array&lt;array&lt;double&gt;&gt; or matrix, covariance of Q
   * @return the column {@code kl_mvn(...)}; NULL in gives NULL. Error when a dimension differs
   *     (both sizes named), a matrix is not square, not symmetric or not positive definite. See
   *     docs/sql-functions.md.
   */
  public static Column klMvn(Column mu1, Column cov1, Column mu2, Column cov2) {
    return call("kl_mvn", mu1, cov1, mu2, cov2);
  }

  /**
   * {@code kl_mvn(mu1, cov1, mu2, cov2 [, unit])} in SQL: KL between multivariate normal
   * distributions = (tr(S2^-1 S1) + (mu2-mu1)' S2^-1 (mu2-mu1) - k + ln det S2 - ln det S1) / 2, by
   * Cholesky factorisation, in nats (or bits).
   *
   * @param mu1 array&lt;double&gt; or MLlib vector (k values), mean of P
   * @param cov1 array&lt;array&lt;double&gt;&gt; (rows) or MLlib matrix, k x k covariance of P,
   *     symmetric positive definite
   * @param mu2 array&lt;double&gt; or vector, mean of Q
   * @param cov2 array&lt;array&lt;double&gt;&gt; or matrix, covariance of Q
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code kl_mvn(...)}; NULL in gives NULL. Error when a dimension differs
   *     (both sizes named), a matrix is not square, not symmetric or not positive definite. See
   *     docs/sql-functions.md.
   */
  public static Column klMvn(Column mu1, Column cov1, Column mu2, Column cov2, String unit) {
    return call("kl_mvn", mu1, cov1, mu2, cov2, functions.lit(unit));
  }

  /**
   * {@code kl_poisson(lambda1, lambda2 [, unit])} in SQL: KL(Poisson(l1) || Poisson(l2)) = l1
   * ln(l1/l2) - l1 + l2, in nats (or bits).
   *
   * <p>Without unit: the defaults.
   *
   * @param lambda1 double &gt;= 0, rate of P
   * @param lambda2 double &gt;= 0, rate of Q
   * @return the column {@code kl_poisson(...)}; NULL in gives NULL. +Infinity when lambda2 = 0 &lt;
   *     lambda1. Error when a rate is NaN, infinite or negative. See docs/sql-functions.md.
   */
  public static Column klPoisson(Column lambda1, Column lambda2) {
    return call("kl_poisson", lambda1, lambda2);
  }

  /**
   * {@code kl_poisson(lambda1, lambda2 [, unit])} in SQL: KL(Poisson(l1) || Poisson(l2)) = l1
   * ln(l1/l2) - l1 + l2, in nats (or bits).
   *
   * @param lambda1 double &gt;= 0, rate of P
   * @param lambda2 double &gt;= 0, rate of Q
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code kl_poisson(...)}; NULL in gives NULL. +Infinity when lambda2 = 0 &lt;
   *     lambda1. Error when a rate is NaN, infinite or negative. See docs/sql-functions.md.
   */
  public static Column klPoisson(Column lambda1, Column lambda2, String unit) {
    return call("kl_poisson", lambda1, lambda2, functions.lit(unit));
  }

  /**
   * {@code kl_exponential(lambda1, lambda2 [, unit])} in SQL: KL(Exp(l1) || Exp(l2)) with rates l1,
   * l2 = ln(l1/l2) + l2/l1 - 1, in nats (or bits).
   *
   * <p>Without unit: the defaults.
   *
   * @param lambda1 double &gt; 0, rate of P
   * @param lambda2 double &gt; 0, rate of Q
   * @return the column {@code kl_exponential(...)}; NULL in gives NULL. Error when a rate is not a
   *     finite value &gt; 0. See docs/sql-functions.md.
   */
  public static Column klExponential(Column lambda1, Column lambda2) {
    return call("kl_exponential", lambda1, lambda2);
  }

  /**
   * {@code kl_exponential(lambda1, lambda2 [, unit])} in SQL: KL(Exp(l1) || Exp(l2)) with rates l1,
   * l2 = ln(l1/l2) + l2/l1 - 1, in nats (or bits).
   *
   * @param lambda1 double &gt; 0, rate of P
   * @param lambda2 double &gt; 0, rate of Q
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code kl_exponential(...)}; NULL in gives NULL. Error when a rate is not a
   *     finite value &gt; 0. See docs/sql-functions.md.
   */
  public static Column klExponential(Column lambda1, Column lambda2, String unit) {
    return call("kl_exponential", lambda1, lambda2, functions.lit(unit));
  }

  /**
   * {@code vae_kl(mu, log_var [, unit])} in SQL: The VAE regulariser KL(N(mu, diag(exp(log_var)))
   * || N(0, I)) = sum (mu_i^2 + exp(log_var_i) - 1 - log_var_i) / 2, in nats (or bits).
   *
   * <p>Without unit: the defaults.
   *
   * @param mu array&lt;double&gt; or MLlib vector, encoder means
   * @param logVar array&lt;double&gt; or vector, natural logs of the encoder variances
   * @return the column {@code vae_kl(...)}; NULL in gives NULL. Error naming both lengths when they
   *     differ, or when a value is not finite. See docs/sql-functions.md.
   */
  public static Column vaeKl(Column mu, Column logVar) {
    return call("vae_kl", mu, logVar);
  }

  /**
   * {@code vae_kl(mu, log_var [, unit])} in SQL: The VAE regulariser KL(N(mu, diag(exp(log_var)))
   * || N(0, I)) = sum (mu_i^2 + exp(log_var_i) - 1 - log_var_i) / 2, in nats (or bits).
   *
   * @param mu array&lt;double&gt; or MLlib vector, encoder means
   * @param logVar array&lt;double&gt; or vector, natural logs of the encoder variances
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code vae_kl(...)}; NULL in gives NULL. Error naming both lengths when they
   *     differ, or when a value is not finite. See docs/sql-functions.md.
   */
  public static Column vaeKl(Column mu, Column logVar, String unit) {
    return call("vae_kl", mu, logVar, functions.lit(unit));
  }

  /**
   * {@code normalize_distribution(counts)} in SQL: The distribution of counts: each count divided
   * by their sum, as array&lt;double&gt;.
   *
   * @param counts array of numbers &gt;= 0 (double, bigint, int or decimal; aligned by index) or an
   *     MLlib vector; need not be integers
   * @return the column {@code normalize_distribution(...)}; NULL gives NULL. Error naming the
   *     element when a count is NULL, NaN, infinite or negative, and when the counts sum to 0. See
   *     docs/sql-functions.md.
   */
  public static Column normalizeDistribution(Column counts) {
    return call("normalize_distribution", counts);
  }

  /**
   * {@code smooth_distribution(weights, policy)} in SQL: A smoothed distribution, as
   * array&lt;double&gt; summing to 1: 'none' divides by the sum; 'additive:ALPHA' gives (w_i +
   * ALPHA) / (sum w + ALPHA k) over the k elements (Laplace / Lidstone smoothing of counts);
   * 'floor:EPSILON' gives max(w_i / sum w, EPSILON), renormalised. The reports' --smoothing
   * formulas (dev.klspark.math.Smoothing).
   *
   * @param weights array of numbers &gt;= 0 (counts or probabilities; aligned by index) or an MLlib
   *     vector
   * @param policy constant string: 'none', 'additive:ALPHA' (ALPHA &gt; 0) or 'floor:EPSILON'
   *     (EPSILON in (0, 1))
   * @return the column {@code smooth_distribution(...)}; NULL weights give NULL. Error naming the
   *     element when a weight is NULL, NaN, infinite or negative, or when they sum to 0 ('none' and
   *     'floor'); error at analysis when the policy is not a constant or not one of the three. See
   *     docs/sql-functions.md.
   */
  public static Column smoothDistribution(Column weights, String policy) {
    return call("smooth_distribution", weights, functions.lit(policy));
  }

  /**
   * {@code category_counts(category)} in SQL (aggregate): The number of rows per category, as
   * map&lt;string,bigint&gt;.
   *
   * @param category any type, compared as its string form
   * @return the column {@code category_counts(...)}; Rows with a NULL category are skipped; NULL
   *     when no row remains. Keys are sorted. See docs/sql-functions.md.
   */
  public static Column categoryCounts(Column category) {
    return call("category_counts", category);
  }

  /**
   * {@code empirical_distribution(category)} in SQL (aggregate): The empirical distribution of the
   * column, as map&lt;string,double&gt;: count / n per category (normalised, sums to 1).
   *
   * @param category any type, compared as its string form
   * @return the column {@code empirical_distribution(...)}; Rows with a NULL category are skipped
   *     (and not counted in n); NULL when no row remains. See docs/sql-functions.md.
   */
  public static Column empiricalDistribution(Column category) {
    return call("empirical_distribution", category);
  }

  /**
   * {@code entropy_of(category [, unit])} in SQL (aggregate): Entropy of the empirical distribution
   * of the column, in nats (or bits).
   *
   * <p>Without unit: the defaults.
   *
   * @param category any type, compared as its string form
   * @return the column {@code entropy_of(...)}; Rows with a NULL category are skipped; NULL when no
   *     row remains; 0 for one category. See docs/sql-functions.md.
   */
  public static Column entropyOf(Column category) {
    return call("entropy_of", category);
  }

  /**
   * {@code entropy_of(category [, unit])} in SQL (aggregate): Entropy of the empirical distribution
   * of the column, in nats (or bits).
   *
   * @param category any type, compared as its string form
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code entropy_of(...)}; Rows with a NULL category are skipped; NULL when no
   *     row remains; 0 for one category. See docs/sql-functions.md.
   */
  public static Column entropyOf(Column category, String unit) {
    return call("entropy_of", category, functions.lit(unit));
  }

  /**
   * {@code kl_divergence_from_samples(category, q [, unit])} in SQL (aggregate): KL(P^ || Q) of the
   * rows' empirical distribution P^ from the model Q, whose probability of each row's category is
   * q, in nats (or bits).
   *
   * <p>Without unit: the defaults.
   *
   * @param category any type, compared as its string form
   * @param q double in [0, 1], the model probability of this row's category (the same for every row
   *     of a category)
   * @return the column {@code kl_divergence_from_samples(...)}; Rows with a NULL category or q are
   *     skipped; NULL when no row remains. Categories the model gives mass but no row shows
   *     contribute 0. +Infinity when an observed category has q = 0. Error when q is outside [0,
   *     1], differs between rows of one category, or the observed categories' q sum to more than 1.
   *     See docs/sql-functions.md.
   */
  public static Column klDivergenceFromSamples(Column category, Column q) {
    return call("kl_divergence_from_samples", category, q);
  }

  /**
   * {@code kl_divergence_from_samples(category, q [, unit])} in SQL (aggregate): KL(P^ || Q) of the
   * rows' empirical distribution P^ from the model Q, whose probability of each row's category is
   * q, in nats (or bits).
   *
   * @param category any type, compared as its string form
   * @param q double in [0, 1], the model probability of this row's category (the same for every row
   *     of a category)
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code kl_divergence_from_samples(...)}; Rows with a NULL category or q are
   *     skipped; NULL when no row remains. Categories the model gives mass but no row shows
   *     contribute 0. +Infinity when an observed category has q = 0. Error when q is outside [0,
   *     1], differs between rows of one category, or the observed categories' q sum to more than 1.
   *     See docs/sql-functions.md.
   */
  public static Column klDivergenceFromSamples(Column category, Column q, String unit) {
    return call("kl_divergence_from_samples", category, q, functions.lit(unit));
  }

  /**
   * {@code mean_log_likelihood(q [, unit])} in SQL (aggregate): The mean log-likelihood (1/n) sum
   * ln q_i of the rows under the model, in nats (or bits); minus the mean negative log-likelihood.
   * Computed with Spark's avg.
   *
   * <p>Without unit: the defaults.
   *
   * @param q double in [0, 1], the model probability of the row's observation
   * @return the column {@code mean_log_likelihood(...)}; Rows with a NULL q are skipped; NULL when
   *     no row remains. -Infinity when a q is 0. Error when q is NaN or outside [0, 1]. See
   *     docs/sql-functions.md.
   */
  public static Column meanLogLikelihood(Column q) {
    return call("mean_log_likelihood", q);
  }

  /**
   * {@code mean_log_likelihood(q [, unit])} in SQL (aggregate): The mean log-likelihood (1/n) sum
   * ln q_i of the rows under the model, in nats (or bits); minus the mean negative log-likelihood.
   * Computed with Spark's avg.
   *
   * @param q double in [0, 1], the model probability of the row's observation
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code mean_log_likelihood(...)}; Rows with a NULL q are skipped; NULL when
   *     no row remains. -Infinity when a q is 0. Error when q is NaN or outside [0, 1]. See
   *     docs/sql-functions.md.
   */
  public static Column meanLogLikelihood(Column q, String unit) {
    return call("mean_log_likelihood", q, functions.lit(unit));
  }

  /**
   * {@code try_entropy(p [, unit])} in SQL: The same as entropy (the same kernel and result), but
   * NULL where entropy fails on an argument's value.
   *
   * <p>Without unit: the defaults.
   *
   * @param p array&lt;double&gt;, map&lt;string,double&gt; (the values) or an MLlib vector; must
   *     sum to 1 within 1e-6
   * @return the column {@code try_entropy(...)}; NULL instead of the error entropy raises on a
   *     value (a NULL, NaN, infinite or negative element, a length mismatch, a sum other than 1, a
   *     parameter out of range); errors found before any row is read (the number or types of the
   *     arguments, a unit or policy that is not a valid constant) still fail the statement. NULL in
   *     gives NULL. See docs/sql-functions.md.
   */
  public static Column tryEntropy(Column p) {
    return call("try_entropy", p);
  }

  /**
   * {@code try_entropy(p [, unit])} in SQL: The same as entropy (the same kernel and result), but
   * NULL where entropy fails on an argument's value.
   *
   * @param p array&lt;double&gt;, map&lt;string,double&gt; (the values) or an MLlib vector; must
   *     sum to 1 within 1e-6
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code try_entropy(...)}; NULL instead of the error entropy raises on a
   *     value (a NULL, NaN, infinite or negative element, a length mismatch, a sum other than 1, a
   *     parameter out of range); errors found before any row is read (the number or types of the
   *     arguments, a unit or policy that is not a valid constant) still fail the statement. NULL in
   *     gives NULL. See docs/sql-functions.md.
   */
  public static Column tryEntropy(Column p, String unit) {
    return call("try_entropy", p, functions.lit(unit));
  }

  /**
   * {@code try_cross_entropy(p, q [, unit])} in SQL: The same as cross_entropy (the same kernel and
   * result), but NULL where cross_entropy fails on an argument's value.
   *
   * <p>Without unit: the defaults.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @return the column {@code try_cross_entropy(...)}; NULL instead of the error cross_entropy
   *     raises on a value (a NULL, NaN, infinite or negative element, a length mismatch, a sum
   *     other than 1, a parameter out of range); errors found before any row is read (the number or
   *     types of the arguments, a unit or policy that is not a valid constant) still fail the
   *     statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryCrossEntropy(Column p, Column q) {
    return call("try_cross_entropy", p, q);
  }

  /**
   * {@code try_cross_entropy(p, q [, unit])} in SQL: The same as cross_entropy (the same kernel and
   * result), but NULL where cross_entropy fails on an argument's value.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code try_cross_entropy(...)}; NULL instead of the error cross_entropy
   *     raises on a value (a NULL, NaN, infinite or negative element, a length mismatch, a sum
   *     other than 1, a parameter out of range); errors found before any row is read (the number or
   *     types of the arguments, a unit or policy that is not a valid constant) still fail the
   *     statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryCrossEntropy(Column p, Column q, String unit) {
    return call("try_cross_entropy", p, q, functions.lit(unit));
  }

  /**
   * {@code try_kl_divergence(p, q [, unit])} in SQL: The same as kl_divergence (the same kernel and
   * result), but NULL where kl_divergence fails on an argument's value.
   *
   * <p>Without unit: the defaults.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @return the column {@code try_kl_divergence(...)}; NULL instead of the error kl_divergence
   *     raises on a value (a NULL, NaN, infinite or negative element, a length mismatch, a sum
   *     other than 1, a parameter out of range); errors found before any row is read (the number or
   *     types of the arguments, a unit or policy that is not a valid constant) still fail the
   *     statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryKlDivergence(Column p, Column q) {
    return call("try_kl_divergence", p, q);
  }

  /**
   * {@code try_kl_divergence(p, q [, unit])} in SQL: The same as kl_divergence (the same kernel and
   * result), but NULL where kl_divergence fails on an argument's value.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code try_kl_divergence(...)}; NULL instead of the error kl_divergence
   *     raises on a value (a NULL, NaN, infinite or negative element, a length mismatch, a sum
   *     other than 1, a parameter out of range); errors found before any row is read (the number or
   *     types of the arguments, a unit or policy that is not a valid constant) still fail the
   *     statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryKlDivergence(Column p, Column q, String unit) {
    return call("try_kl_divergence", p, q, functions.lit(unit));
  }

  /**
   * {@code try_js_divergence(p, q [, unit])} in SQL: The same as js_divergence (the same kernel and
   * result), but NULL where js_divergence fails on an argument's value.
   *
   * <p>Without unit: the defaults.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @return the column {@code try_js_divergence(...)}; NULL instead of the error js_divergence
   *     raises on a value (a NULL, NaN, infinite or negative element, a length mismatch, a sum
   *     other than 1, a parameter out of range); errors found before any row is read (the number or
   *     types of the arguments, a unit or policy that is not a valid constant) still fail the
   *     statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryJsDivergence(Column p, Column q) {
    return call("try_js_divergence", p, q);
  }

  /**
   * {@code try_js_divergence(p, q [, unit])} in SQL: The same as js_divergence (the same kernel and
   * result), but NULL where js_divergence fails on an argument's value.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code try_js_divergence(...)}; NULL instead of the error js_divergence
   *     raises on a value (a NULL, NaN, infinite or negative element, a length mismatch, a sum
   *     other than 1, a parameter out of range); errors found before any row is read (the number or
   *     types of the arguments, a unit or policy that is not a valid constant) still fail the
   *     statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryJsDivergence(Column p, Column q, String unit) {
    return call("try_js_divergence", p, q, functions.lit(unit));
  }

  /**
   * {@code try_js_distance(p, q [, unit])} in SQL: The same as js_distance (the same kernel and
   * result), but NULL where js_distance fails on an argument's value.
   *
   * <p>Without unit: the defaults.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @return the column {@code try_js_distance(...)}; NULL instead of the error js_distance raises
   *     on a value (a NULL, NaN, infinite or negative element, a length mismatch, a sum other than
   *     1, a parameter out of range); errors found before any row is read (the number or types of
   *     the arguments, a unit or policy that is not a valid constant) still fail the statement.
   *     NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryJsDistance(Column p, Column q) {
    return call("try_js_distance", p, q);
  }

  /**
   * {@code try_js_distance(p, q [, unit])} in SQL: The same as js_distance (the same kernel and
   * result), but NULL where js_distance fails on an argument's value.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code try_js_distance(...)}; NULL instead of the error js_distance raises
   *     on a value (a NULL, NaN, infinite or negative element, a length mismatch, a sum other than
   *     1, a parameter out of range); errors found before any row is read (the number or types of
   *     the arguments, a unit or policy that is not a valid constant) still fail the statement.
   *     NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryJsDistance(Column p, Column q, String unit) {
    return call("try_js_distance", p, q, functions.lit(unit));
  }

  /**
   * {@code try_hellinger_distance(p, q)} in SQL: The same as hellinger_distance (the same kernel
   * and result), but NULL where hellinger_distance fails on an argument's value.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @return the column {@code try_hellinger_distance(...)}; NULL instead of the error
   *     hellinger_distance raises on a value (a NULL, NaN, infinite or negative element, a length
   *     mismatch, a sum other than 1, a parameter out of range); errors found before any row is
   *     read (the number or types of the arguments, a unit or policy that is not a valid constant)
   *     still fail the statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryHellingerDistance(Column p, Column q) {
    return call("try_hellinger_distance", p, q);
  }

  /**
   * {@code try_total_variation_distance(p, q)} in SQL: The same as total_variation_distance (the
   * same kernel and result), but NULL where total_variation_distance fails on an argument's value.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @return the column {@code try_total_variation_distance(...)}; NULL instead of the error
   *     total_variation_distance raises on a value (a NULL, NaN, infinite or negative element, a
   *     length mismatch, a sum other than 1, a parameter out of range); errors found before any row
   *     is read (the number or types of the arguments, a unit or policy that is not a valid
   *     constant) still fail the statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryTotalVariationDistance(Column p, Column q) {
    return call("try_total_variation_distance", p, q);
  }

  /**
   * {@code try_jeffreys_divergence(p, q [, unit])} in SQL: The same as jeffreys_divergence (the
   * same kernel and result), but NULL where jeffreys_divergence fails on an argument's value.
   *
   * <p>Without unit: the defaults.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @return the column {@code try_jeffreys_divergence(...)}; NULL instead of the error
   *     jeffreys_divergence raises on a value (a NULL, NaN, infinite or negative element, a length
   *     mismatch, a sum other than 1, a parameter out of range); errors found before any row is
   *     read (the number or types of the arguments, a unit or policy that is not a valid constant)
   *     still fail the statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryJeffreysDivergence(Column p, Column q) {
    return call("try_jeffreys_divergence", p, q);
  }

  /**
   * {@code try_jeffreys_divergence(p, q [, unit])} in SQL: The same as jeffreys_divergence (the
   * same kernel and result), but NULL where jeffreys_divergence fails on an argument's value.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code try_jeffreys_divergence(...)}; NULL instead of the error
   *     jeffreys_divergence raises on a value (a NULL, NaN, infinite or negative element, a length
   *     mismatch, a sum other than 1, a parameter out of range); errors found before any row is
   *     read (the number or types of the arguments, a unit or policy that is not a valid constant)
   *     still fail the statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryJeffreysDivergence(Column p, Column q, String unit) {
    return call("try_jeffreys_divergence", p, q, functions.lit(unit));
  }

  /**
   * {@code try_population_stability_index(p, q [, unit])} in SQL: The same as
   * population_stability_index (the same kernel and result), but NULL where
   * population_stability_index fails on an argument's value.
   *
   * <p>Without unit: the defaults.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @return the column {@code try_population_stability_index(...)}; NULL instead of the error
   *     population_stability_index raises on a value (a NULL, NaN, infinite or negative element, a
   *     length mismatch, a sum other than 1, a parameter out of range); errors found before any row
   *     is read (the number or types of the arguments, a unit or policy that is not a valid
   *     constant) still fail the statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryPopulationStabilityIndex(Column p, Column q) {
    return call("try_population_stability_index", p, q);
  }

  /**
   * {@code try_population_stability_index(p, q [, unit])} in SQL: The same as
   * population_stability_index (the same kernel and result), but NULL where
   * population_stability_index fails on an argument's value.
   *
   * @param p array&lt;double&gt; (aligned by index), map&lt;string,double&gt; (aligned by key; a
   *     missing key has probability 0) or an MLlib vector; must sum to 1 within 1e-6
   * @param q same kind as p, over the same categories
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code try_population_stability_index(...)}; NULL instead of the error
   *     population_stability_index raises on a value (a NULL, NaN, infinite or negative element, a
   *     length mismatch, a sum other than 1, a parameter out of range); errors found before any row
   *     is read (the number or types of the arguments, a unit or policy that is not a valid
   *     constant) still fail the statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryPopulationStabilityIndex(Column p, Column q, String unit) {
    return call("try_population_stability_index", p, q, functions.lit(unit));
  }

  /**
   * {@code try_g_test(counts, q)} in SQL: The same as g_test (the same kernel and result), but NULL
   * where g_test fails on an argument's value.
   *
   * @param counts array of counts (numbers &gt;= 0, aligned by index; integer arrays are cast) or
   *     map&lt;string,number&gt; (aligned by key, e.g. category_counts(c)); need not be integers
   * @param q the model's probabilities: an array or MLlib vector (with array counts) or a
   *     map&lt;string,double&gt; (with map counts; a key missing on one side has 0 there); must sum
   *     to 1 within 1e-6
   * @return the column {@code try_g_test(...)}; NULL instead of the error g_test raises on a value
   *     (a NULL, NaN, infinite or negative element, a length mismatch, a sum other than 1, a
   *     parameter out of range); errors found before any row is read (the number or types of the
   *     arguments, a unit or policy that is not a valid constant) still fail the statement. NULL in
   *     gives NULL. See docs/sql-functions.md.
   */
  public static Column tryGTest(Column counts, Column q) {
    return call("try_g_test", counts, q);
  }

  /**
   * {@code try_kl_divergence_ci(counts, q [, level [, unit]])} in SQL: The same as kl_divergence_ci
   * (the same kernel and result), but NULL where kl_divergence_ci fails on an argument's value.
   *
   * <p>Without level, unit: the defaults.
   *
   * @param counts array of counts (numbers &gt;= 0, aligned by index; integer arrays are cast) or
   *     map&lt;string,number&gt; (aligned by key, e.g. category_counts(c)); need not be integers
   * @param q the model's probabilities: an array or MLlib vector (with array counts) or a
   *     map&lt;string,double&gt; (with map counts; a key missing on one side has 0 there); must sum
   *     to 1 within 1e-6
   * @return the column {@code try_kl_divergence_ci(...)}; NULL instead of the error
   *     kl_divergence_ci raises on a value (a NULL, NaN, infinite or negative element, a length
   *     mismatch, a sum other than 1, a parameter out of range); errors found before any row is
   *     read (the number or types of the arguments, a unit or policy that is not a valid constant)
   *     still fail the statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryKlDivergenceCi(Column counts, Column q) {
    return call("try_kl_divergence_ci", counts, q);
  }

  /**
   * {@code try_kl_divergence_ci(counts, q [, level [, unit]])} in SQL: The same as kl_divergence_ci
   * (the same kernel and result), but NULL where kl_divergence_ci fails on an argument's value.
   *
   * @param counts array of counts (numbers &gt;= 0, aligned by index; integer arrays are cast) or
   *     map&lt;string,number&gt; (aligned by key, e.g. category_counts(c)); need not be integers
   * @param q the model's probabilities: an array or MLlib vector (with array counts) or a
   *     map&lt;string,double&gt; (with map counts; a key missing on one side has 0 there); must sum
   *     to 1 within 1e-6
   * @param level optional constant number in (0, 1), default 0.95
   * @return the column {@code try_kl_divergence_ci(...)}; NULL instead of the error
   *     kl_divergence_ci raises on a value (a NULL, NaN, infinite or negative element, a length
   *     mismatch, a sum other than 1, a parameter out of range); errors found before any row is
   *     read (the number or types of the arguments, a unit or policy that is not a valid constant)
   *     still fail the statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryKlDivergenceCi(Column counts, Column q, double level) {
    return call("try_kl_divergence_ci", counts, q, functions.lit(level));
  }

  /**
   * {@code try_kl_divergence_ci(counts, q [, level [, unit]])} in SQL: The same as kl_divergence_ci
   * (the same kernel and result), but NULL where kl_divergence_ci fails on an argument's value.
   *
   * @param counts array of counts (numbers &gt;= 0, aligned by index; integer arrays are cast) or
   *     map&lt;string,number&gt; (aligned by key, e.g. category_counts(c)); need not be integers
   * @param q the model's probabilities: an array or MLlib vector (with array counts) or a
   *     map&lt;string,double&gt; (with map counts; a key missing on one side has 0 there); must sum
   *     to 1 within 1e-6
   * @param level optional constant number in (0, 1), default 0.95
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code try_kl_divergence_ci(...)}; NULL instead of the error
   *     kl_divergence_ci raises on a value (a NULL, NaN, infinite or negative element, a length
   *     mismatch, a sum other than 1, a parameter out of range); errors found before any row is
   *     read (the number or types of the arguments, a unit or policy that is not a valid constant)
   *     still fail the statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryKlDivergenceCi(Column counts, Column q, double level, String unit) {
    return call("try_kl_divergence_ci", counts, q, functions.lit(level), functions.lit(unit));
  }

  /**
   * {@code try_entropy_miller_madow(counts [, unit])} in SQL: The same as entropy_miller_madow (the
   * same kernel and result), but NULL where entropy_miller_madow fails on an argument's value.
   *
   * <p>Without unit: the defaults.
   *
   * @param counts array of counts or map&lt;string,number&gt; (its values), e.g. category_counts(c)
   * @return the column {@code try_entropy_miller_madow(...)}; NULL instead of the error
   *     entropy_miller_madow raises on a value (a NULL, NaN, infinite or negative element, a length
   *     mismatch, a sum other than 1, a parameter out of range); errors found before any row is
   *     read (the number or types of the arguments, a unit or policy that is not a valid constant)
   *     still fail the statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryEntropyMillerMadow(Column counts) {
    return call("try_entropy_miller_madow", counts);
  }

  /**
   * {@code try_entropy_miller_madow(counts [, unit])} in SQL: The same as entropy_miller_madow (the
   * same kernel and result), but NULL where entropy_miller_madow fails on an argument's value.
   *
   * @param counts array of counts or map&lt;string,number&gt; (its values), e.g. category_counts(c)
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code try_entropy_miller_madow(...)}; NULL instead of the error
   *     entropy_miller_madow raises on a value (a NULL, NaN, infinite or negative element, a length
   *     mismatch, a sum other than 1, a parameter out of range); errors found before any row is
   *     read (the number or types of the arguments, a unit or policy that is not a valid constant)
   *     still fail the statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryEntropyMillerMadow(Column counts, String unit) {
    return call("try_entropy_miller_madow", counts, functions.lit(unit));
  }

  /**
   * {@code try_kl_bernoulli(p, q [, unit])} in SQL: The same as kl_bernoulli (the same kernel and
   * result), but NULL where kl_bernoulli fails on an argument's value.
   *
   * <p>Without unit: the defaults.
   *
   * @param p double, success probability of P in [0, 1]
   * @param q double, of Q in [0, 1]
   * @return the column {@code try_kl_bernoulli(...)}; NULL instead of the error kl_bernoulli raises
   *     on a value (a NULL, NaN, infinite or negative element, a length mismatch, a sum other than
   *     1, a parameter out of range); errors found before any row is read (the number or types of
   *     the arguments, a unit or policy that is not a valid constant) still fail the statement.
   *     NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryKlBernoulli(Column p, Column q) {
    return call("try_kl_bernoulli", p, q);
  }

  /**
   * {@code try_kl_bernoulli(p, q [, unit])} in SQL: The same as kl_bernoulli (the same kernel and
   * result), but NULL where kl_bernoulli fails on an argument's value.
   *
   * @param p double, success probability of P in [0, 1]
   * @param q double, of Q in [0, 1]
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code try_kl_bernoulli(...)}; NULL instead of the error kl_bernoulli raises
   *     on a value (a NULL, NaN, infinite or negative element, a length mismatch, a sum other than
   *     1, a parameter out of range); errors found before any row is read (the number or types of
   *     the arguments, a unit or policy that is not a valid constant) still fail the statement.
   *     NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryKlBernoulli(Column p, Column q, String unit) {
    return call("try_kl_bernoulli", p, q, functions.lit(unit));
  }

  /**
   * {@code try_kl_gaussian(mu1, sigma1, mu2, sigma2 [, unit])} in SQL: The same as kl_gaussian (the
   * same kernel and result), but NULL where kl_gaussian fails on an argument's value.
   *
   * <p>Without unit: the defaults.
   *
   * @param mu1 double, mean of P
   * @param sigma1 double &gt; 0, standard deviation of P
   * @param mu2 double, mean of Q
   * @param sigma2 double &gt; 0, standard deviation of Q
   * @return the column {@code try_kl_gaussian(...)}; NULL instead of the error kl_gaussian raises
   *     on a value (a NULL, NaN, infinite or negative element, a length mismatch, a sum other than
   *     1, a parameter out of range); errors found before any row is read (the number or types of
   *     the arguments, a unit or policy that is not a valid constant) still fail the statement.
   *     NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryKlGaussian(Column mu1, Column sigma1, Column mu2, Column sigma2) {
    return call("try_kl_gaussian", mu1, sigma1, mu2, sigma2);
  }

  /**
   * {@code try_kl_gaussian(mu1, sigma1, mu2, sigma2 [, unit])} in SQL: The same as kl_gaussian (the
   * same kernel and result), but NULL where kl_gaussian fails on an argument's value.
   *
   * @param mu1 double, mean of P
   * @param sigma1 double &gt; 0, standard deviation of P
   * @param mu2 double, mean of Q
   * @param sigma2 double &gt; 0, standard deviation of Q
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code try_kl_gaussian(...)}; NULL instead of the error kl_gaussian raises
   *     on a value (a NULL, NaN, infinite or negative element, a length mismatch, a sum other than
   *     1, a parameter out of range); errors found before any row is read (the number or types of
   *     the arguments, a unit or policy that is not a valid constant) still fail the statement.
   *     NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryKlGaussian(
      Column mu1, Column sigma1, Column mu2, Column sigma2, String unit) {
    return call("try_kl_gaussian", mu1, sigma1, mu2, sigma2, functions.lit(unit));
  }

  /**
   * {@code try_kl_gaussian_diag(mu1, var1, mu2, var2 [, unit])} in SQL: The same as
   * kl_gaussian_diag (the same kernel and result), but NULL where kl_gaussian_diag fails on an
   * argument's value.
   *
   * <p>Without unit: the defaults.
   *
   * @param mu1 array&lt;double&gt; or MLlib vector, means of P
   * @param var1 array&lt;double&gt; or vector, variances of P (each &gt; 0)
   * @param mu2 array&lt;double&gt; or vector, means of Q
   * @param var2 array&lt;double&gt; or vector, variances of Q (each &gt; 0)
   * @return the column {@code try_kl_gaussian_diag(...)}; NULL instead of the error
   *     kl_gaussian_diag raises on a value (a NULL, NaN, infinite or negative element, a length
   *     mismatch, a sum other than 1, a parameter out of range); errors found before any row is
   *     read (the number or types of the arguments, a unit or policy that is not a valid constant)
   *     still fail the statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryKlGaussianDiag(Column mu1, Column var1, Column mu2, Column var2) {
    return call("try_kl_gaussian_diag", mu1, var1, mu2, var2);
  }

  /**
   * {@code try_kl_gaussian_diag(mu1, var1, mu2, var2 [, unit])} in SQL: The same as
   * kl_gaussian_diag (the same kernel and result), but NULL where kl_gaussian_diag fails on an
   * argument's value.
   *
   * @param mu1 array&lt;double&gt; or MLlib vector, means of P
   * @param var1 array&lt;double&gt; or vector, variances of P (each &gt; 0)
   * @param mu2 array&lt;double&gt; or vector, means of Q
   * @param var2 array&lt;double&gt; or vector, variances of Q (each &gt; 0)
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code try_kl_gaussian_diag(...)}; NULL instead of the error
   *     kl_gaussian_diag raises on a value (a NULL, NaN, infinite or negative element, a length
   *     mismatch, a sum other than 1, a parameter out of range); errors found before any row is
   *     read (the number or types of the arguments, a unit or policy that is not a valid constant)
   *     still fail the statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryKlGaussianDiag(
      Column mu1, Column var1, Column mu2, Column var2, String unit) {
    return call("try_kl_gaussian_diag", mu1, var1, mu2, var2, functions.lit(unit));
  }

  /**
   * {@code try_kl_mvn(mu1, cov1, mu2, cov2 [, unit])} in SQL: The same as kl_mvn (the same kernel
   * and result), but NULL where kl_mvn fails on an argument's value.
   *
   * <p>Without unit: the defaults.
   *
   * @param mu1 array&lt;double&gt; or MLlib vector (k values), mean of P
   * @param cov1 array&lt;array&lt;double&gt;&gt; (rows) or MLlib matrix, k x k covariance of P,
   *     symmetric positive definite
   * @param mu2 array&lt;double&gt; or vector, mean of Q
   * @param cov2 array&lt;array&lt;double&gt;&gt; or matrix, covariance of Q
   * @return the column {@code try_kl_mvn(...)}; NULL instead of the error kl_mvn raises on a value
   *     (a NULL, NaN, infinite or negative element, a length mismatch, a sum other than 1, a
   *     parameter out of range); errors found before any row is read (the number or types of the
   *     arguments, a unit or policy that is not a valid constant) still fail the statement. NULL in
   *     gives NULL. See docs/sql-functions.md.
   */
  public static Column tryKlMvn(Column mu1, Column cov1, Column mu2, Column cov2) {
    return call("try_kl_mvn", mu1, cov1, mu2, cov2);
  }

  /**
   * {@code try_kl_mvn(mu1, cov1, mu2, cov2 [, unit])} in SQL: The same as kl_mvn (the same kernel
   * and result), but NULL where kl_mvn fails on an argument's value.
   *
   * @param mu1 array&lt;double&gt; or MLlib vector (k values), mean of P
   * @param cov1 array&lt;array&lt;double&gt;&gt; (rows) or MLlib matrix, k x k covariance of P,
   *     symmetric positive definite
   * @param mu2 array&lt;double&gt; or vector, mean of Q
   * @param cov2 array&lt;array&lt;double&gt;&gt; or matrix, covariance of Q
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code try_kl_mvn(...)}; NULL instead of the error kl_mvn raises on a value
   *     (a NULL, NaN, infinite or negative element, a length mismatch, a sum other than 1, a
   *     parameter out of range); errors found before any row is read (the number or types of the
   *     arguments, a unit or policy that is not a valid constant) still fail the statement. NULL in
   *     gives NULL. See docs/sql-functions.md.
   */
  public static Column tryKlMvn(Column mu1, Column cov1, Column mu2, Column cov2, String unit) {
    return call("try_kl_mvn", mu1, cov1, mu2, cov2, functions.lit(unit));
  }

  /**
   * {@code try_kl_poisson(lambda1, lambda2 [, unit])} in SQL: The same as kl_poisson (the same
   * kernel and result), but NULL where kl_poisson fails on an argument's value.
   *
   * <p>Without unit: the defaults.
   *
   * @param lambda1 double &gt;= 0, rate of P
   * @param lambda2 double &gt;= 0, rate of Q
   * @return the column {@code try_kl_poisson(...)}; NULL instead of the error kl_poisson raises on
   *     a value (a NULL, NaN, infinite or negative element, a length mismatch, a sum other than 1,
   *     a parameter out of range); errors found before any row is read (the number or types of the
   *     arguments, a unit or policy that is not a valid constant) still fail the statement. NULL in
   *     gives NULL. See docs/sql-functions.md.
   */
  public static Column tryKlPoisson(Column lambda1, Column lambda2) {
    return call("try_kl_poisson", lambda1, lambda2);
  }

  /**
   * {@code try_kl_poisson(lambda1, lambda2 [, unit])} in SQL: The same as kl_poisson (the same
   * kernel and result), but NULL where kl_poisson fails on an argument's value.
   *
   * @param lambda1 double &gt;= 0, rate of P
   * @param lambda2 double &gt;= 0, rate of Q
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code try_kl_poisson(...)}; NULL instead of the error kl_poisson raises on
   *     a value (a NULL, NaN, infinite or negative element, a length mismatch, a sum other than 1,
   *     a parameter out of range); errors found before any row is read (the number or types of the
   *     arguments, a unit or policy that is not a valid constant) still fail the statement. NULL in
   *     gives NULL. See docs/sql-functions.md.
   */
  public static Column tryKlPoisson(Column lambda1, Column lambda2, String unit) {
    return call("try_kl_poisson", lambda1, lambda2, functions.lit(unit));
  }

  /**
   * {@code try_kl_exponential(lambda1, lambda2 [, unit])} in SQL: The same as kl_exponential (the
   * same kernel and result), but NULL where kl_exponential fails on an argument's value.
   *
   * <p>Without unit: the defaults.
   *
   * @param lambda1 double &gt; 0, rate of P
   * @param lambda2 double &gt; 0, rate of Q
   * @return the column {@code try_kl_exponential(...)}; NULL instead of the error kl_exponential
   *     raises on a value (a NULL, NaN, infinite or negative element, a length mismatch, a sum
   *     other than 1, a parameter out of range); errors found before any row is read (the number or
   *     types of the arguments, a unit or policy that is not a valid constant) still fail the
   *     statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryKlExponential(Column lambda1, Column lambda2) {
    return call("try_kl_exponential", lambda1, lambda2);
  }

  /**
   * {@code try_kl_exponential(lambda1, lambda2 [, unit])} in SQL: The same as kl_exponential (the
   * same kernel and result), but NULL where kl_exponential fails on an argument's value.
   *
   * @param lambda1 double &gt; 0, rate of P
   * @param lambda2 double &gt; 0, rate of Q
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code try_kl_exponential(...)}; NULL instead of the error kl_exponential
   *     raises on a value (a NULL, NaN, infinite or negative element, a length mismatch, a sum
   *     other than 1, a parameter out of range); errors found before any row is read (the number or
   *     types of the arguments, a unit or policy that is not a valid constant) still fail the
   *     statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryKlExponential(Column lambda1, Column lambda2, String unit) {
    return call("try_kl_exponential", lambda1, lambda2, functions.lit(unit));
  }

  /**
   * {@code try_vae_kl(mu, log_var [, unit])} in SQL: The same as vae_kl (the same kernel and
   * result), but NULL where vae_kl fails on an argument's value.
   *
   * <p>Without unit: the defaults.
   *
   * @param mu array&lt;double&gt; or MLlib vector, encoder means
   * @param logVar array&lt;double&gt; or vector, natural logs of the encoder variances
   * @return the column {@code try_vae_kl(...)}; NULL instead of the error vae_kl raises on a value
   *     (a NULL, NaN, infinite or negative element, a length mismatch, a sum other than 1, a
   *     parameter out of range); errors found before any row is read (the number or types of the
   *     arguments, a unit or policy that is not a valid constant) still fail the statement. NULL in
   *     gives NULL. See docs/sql-functions.md.
   */
  public static Column tryVaeKl(Column mu, Column logVar) {
    return call("try_vae_kl", mu, logVar);
  }

  /**
   * {@code try_vae_kl(mu, log_var [, unit])} in SQL: The same as vae_kl (the same kernel and
   * result), but NULL where vae_kl fails on an argument's value.
   *
   * @param mu array&lt;double&gt; or MLlib vector, encoder means
   * @param logVar array&lt;double&gt; or vector, natural logs of the encoder variances
   * @param unit optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)
   * @return the column {@code try_vae_kl(...)}; NULL instead of the error vae_kl raises on a value
   *     (a NULL, NaN, infinite or negative element, a length mismatch, a sum other than 1, a
   *     parameter out of range); errors found before any row is read (the number or types of the
   *     arguments, a unit or policy that is not a valid constant) still fail the statement. NULL in
   *     gives NULL. See docs/sql-functions.md.
   */
  public static Column tryVaeKl(Column mu, Column logVar, String unit) {
    return call("try_vae_kl", mu, logVar, functions.lit(unit));
  }

  /**
   * {@code try_normalize_distribution(counts)} in SQL: The same as normalize_distribution (the same
   * kernel and result), but NULL where normalize_distribution fails on an argument's value.
   *
   * @param counts array of numbers &gt;= 0 (double, bigint, int or decimal; aligned by index) or an
   *     MLlib vector; need not be integers
   * @return the column {@code try_normalize_distribution(...)}; NULL instead of the error
   *     normalize_distribution raises on a value (a NULL, NaN, infinite or negative element, a
   *     length mismatch, a sum other than 1, a parameter out of range); errors found before any row
   *     is read (the number or types of the arguments, a unit or policy that is not a valid
   *     constant) still fail the statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column tryNormalizeDistribution(Column counts) {
    return call("try_normalize_distribution", counts);
  }

  /**
   * {@code try_smooth_distribution(weights, policy)} in SQL: The same as smooth_distribution (the
   * same kernel and result), but NULL where smooth_distribution fails on an argument's value.
   *
   * @param weights array of numbers &gt;= 0 (counts or probabilities; aligned by index) or an MLlib
   *     vector
   * @param policy constant string: 'none', 'additive:ALPHA' (ALPHA &gt; 0) or 'floor:EPSILON'
   *     (EPSILON in (0, 1))
   * @return the column {@code try_smooth_distribution(...)}; NULL instead of the error
   *     smooth_distribution raises on a value (a NULL, NaN, infinite or negative element, a length
   *     mismatch, a sum other than 1, a parameter out of range); errors found before any row is
   *     read (the number or types of the arguments, a unit or policy that is not a valid constant)
   *     still fail the statement. NULL in gives NULL. See docs/sql-functions.md.
   */
  public static Column trySmoothDistribution(Column weights, String policy) {
    return call("try_smooth_distribution", weights, functions.lit(policy));
  }

  // ---- continuous samples: each method documented once, in the registry and
  // docs/sql-functions.md; the plain and try_ forms, with the optional arguments as overloads ----

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

package dev.klspark.spark.sql;

import static dev.klspark.spark.sql.FunctionBuilders.Param.MATRIX;
import static dev.klspark.spark.sql.FunctionBuilders.Param.NUMBER;
import static dev.klspark.spark.sql.FunctionBuilders.Param.VECTOR;

import dev.klspark.spark.sql.SqlFunction.Example;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;

/**
 * Every klspark SQL function, with its documentation, in one list. {@link KlFunctions#register} and
 * {@link KlSparkSessionExtensions} both read it; {@code docs/sql-functions.md} documents the same
 * functions with the same examples (a test checks both directions and runs every example).
 */
public final class KlFunctionRegistry {
  private static final String UNIT =
      "unit - optional constant string: 'nats' (natural log, the default) or 'bits' (log base 2)";
  private static final String DIST_P =
      "p - array<double> (aligned by index), map<string,double> (aligned by key; a missing key"
          + " has probability 0) or an MLlib vector; must sum to 1 within 1e-6";
  private static final String DIST_Q = "q - same kind as p, over the same categories";
  private static final String PREDICTION =
      "prediction - one row's predicted distribution over the classes: array<double>,"
          + " map<string,double> (the values) or an MLlib vector (e.g. a classifier's probability"
          + " column); must sum to 1 within 1e-6";
  private static final String DIST_NOTE =
      "NULL p or q gives NULL. An error names the function and the argument when a length differs,"
          + " an element is NULL, NaN, infinite or negative, or a distribution does not sum to 1"
          + " (no measure normalises its input; see normalize_distribution).";

  /**
   * An input on which each scalar function fails, for the example of its {@code try_} variant
   * (which gives NULL there).
   */
  private static final Map<String, String> INVALID_INPUT =
      Map.ofEntries(
          Map.entry("entropy", "array(0.5, 0.6)"),
          Map.entry("predictive_entropy", "array(0.5, 0.6)"),
          Map.entry("g_test", "array(3, -1), array(0.5, 0.5)"),
          Map.entry("kl_divergence_ci", "array(930, 70), array(0.5, 0.6)"),
          Map.entry("entropy_miller_madow", "array(0, 0)"),
          Map.entry("kl_bernoulli", "1.5, 0.9"),
          Map.entry("kl_gaussian", "0.0, -1.0, 1.0, 2.0"),
          Map.entry("kl_gaussian_diag", "array(0.0), array(-1.0), array(0.0), array(1.0)"),
          Map.entry(
              "kl_mvn",
              "array(0.0, 0.0), array(array(1.0, 2.0), array(2.0, 1.0)), array(0.0, 0.0),"
                  + " array(array(1.0, 0.0), array(0.0, 1.0))"),
          Map.entry("kl_poisson", "-1.0, 2.0"),
          Map.entry("kl_exponential", "0.0, 1.0"),
          Map.entry("vae_kl", "array(0.5), array(0.0, -1.0)"),
          Map.entry("ks_2samp", "array(1.0, NULL), array(2.0, 3.0)"),
          Map.entry("wasserstein_distance", "array(1.0, NULL), array(2.0, 3.0)"),
          Map.entry("kl_divergence_knn", "array(1.0, 1.0), array(2.0, 3.0), 1"),
          Map.entry("differential_entropy", "array(1.0, 1.0), 1"),
          Map.entry("normalize_distribution", "array(1, -1)"),
          Map.entry("smooth_distribution", "array(0, 0), 'floor:0.1'"));

  /** Two distributions on which every measure of a pair fails: q has a negative element. */
  private static final String INVALID_PAIR = "array(0.5, 0.5), array(1.1, -0.1)";

  private static final List<SqlFunction> ALL = build();

  private KlFunctionRegistry() {}

  /** All functions, in documentation order. */
  public static List<SqlFunction> all() {
    return ALL;
  }

  private static List<SqlFunction> build() {
    List<SqlFunction> f = new ArrayList<>();
    f.add(
        new SqlFunction(
            "entropy",
            false,
            "_FUNC_(p [, unit]) - Shannon entropy H(P) = -sum p_i ln p_i, in nats (or bits).",
            List.of(
                "p - array<double>, map<string,double> (the values) or an MLlib vector; must sum to"
                    + " 1 within 1e-6",
                UNIT),
            List.of(ex("SELECT entropy(array(0.5, 0.25, 0.25), 'bits')", "1.5")),
            "0 ln 0 = 0. " + DIST_NOTE,
            FunctionBuilders.distribution(Measure.ENTROPY)));
    f.add(
        new SqlFunction(
            "predictive_entropy",
            false,
            "_FUNC_(prediction [, unit]) - The predictive entropy H(q) = -sum q_k ln q_k of one"
                + " row's predicted distribution q, in nats (or bits): the negative log-likelihood"
                + " the row expects if its label is drawn from q, its term of expected_nll.",
            List.of(PREDICTION, UNIT),
            List.of(
                ex("SELECT predictive_entropy(array(0.5, 0.25, 0.25, 0.0), 'bits')", "1.5"),
                ex("SELECT predictive_entropy(array(0.9, 0.1))", "0.3250829733914482")),
            "0 ln 0 = 0; 0 for a certain (one-hot) prediction. NULL gives NULL. The value of"
                + " entropy(prediction), computed as expected_nll computes each row's term. An error"
                + " names the function and the argument when an element is NULL, NaN, infinite or"
                + " negative, or the prediction does not sum to 1 (see normalize_distribution).",
            FunctionBuilders.distribution(Measure.PREDICTIVE_ENTROPY)));
    f.add(
        pair(
            Measure.CROSS_ENTROPY,
            "Cross-entropy H(P, Q) = -sum p_i ln q_i, in nats (or bits).",
            "+Infinity when q_i = 0 < p_i. ",
            ex("SELECT cross_entropy(array(0.5, 0.5), array(0.9, 0.1))", "1.203972804325936")));
    f.add(
        pair(
            Measure.KL_DIVERGENCE,
            "Kullback-Leibler divergence KL(P || Q) = sum p_i ln(p_i / q_i), in nats (or bits).",
            "0 ln(0/q) = 0; +Infinity when q_i = 0 < p_i. ",
            ex("SELECT kl_divergence(array(0.5, 0.5), array(0.9, 0.1))", "0.5108256237659906"),
            ex(
                "SELECT kl_divergence(map('a', 0.5, 'b', 0.5), map('a', 1.0), 'bits')",
                "Infinity")));
    f.add(
        pair(
            Measure.JS_DIVERGENCE,
            "Jensen-Shannon divergence JS = (KL(P||M) + KL(Q||M)) / 2, M = (P + Q) / 2, in nats"
                + " (at most ln 2) or bits (at most 1).",
            "Always finite. ",
            ex("SELECT js_divergence(array(1.0, 0.0), array(0.0, 1.0), 'bits')", "1.0")));
    f.add(
        pair(
            Measure.JS_DISTANCE,
            "Jensen-Shannon distance sqrt(JS(P, Q)), JS in nats (or bits); as scipy"
                + " spatial.distance.jensenshannon.",
            "Always finite. ",
            ex("SELECT js_distance(array(0.5, 0.5), array(0.9, 0.1))", "0.31898154347735663")));
    f.add(
        pair(
            Measure.HELLINGER_DISTANCE,
            "Hellinger distance H = sqrt(1 - sum sqrt(p_i q_i)), in [0, 1] (the normalisation with"
                + " the 1/2: H = ||sqrt P - sqrt Q||_2 / sqrt 2). No unit.",
            "1 for disjoint supports. ",
            ex(
                "SELECT hellinger_distance(array(0.5, 0.5), array(0.9, 0.1))",
                "0.32491969623290634")));
    f.add(
        pair(
            Measure.TOTAL_VARIATION_DISTANCE,
            "Total variation distance TV = sum |p_i - q_i| / 2, in [0, 1]. No unit.",
            "",
            ex("SELECT total_variation_distance(array(0.5, 0.5), array(0.9, 0.1))", "0.4")));
    f.add(
        pair(
            Measure.JEFFREYS_DIVERGENCE,
            "Jeffreys divergence (symmetric KL) J = KL(P||Q) + KL(Q||P) = sum (p_i - q_i) ln(p_i"
                + " / q_i), in nats (or bits).",
            "+Infinity when exactly one of p_i, q_i is 0. ",
            ex(
                "SELECT jeffreys_divergence(array(0.5, 0.5), array(0.9, 0.1))",
                "0.8788898309344877")));
    f.add(
        pair(
            Measure.POPULATION_STABILITY_INDEX,
            "Population stability index PSI = sum (p_i - q_i) ln(p_i / q_i) over bins (p actual, q"
                + " expected), in nats (or bits): the Jeffreys divergence.",
            "Same conventions as jeffreys_divergence: +Infinity when a bin is empty on exactly one"
                + " side (smooth first if that is not wanted). ",
            ex(
                "SELECT population_stability_index(array(0.1, 0.2, 0.3, 0.4),"
                    + " array(0.25, 0.25, 0.25, 0.25))",
                "0.22821740957339182")));

    // ---- evidence from counts ----
    String counts =
        "counts - array of counts (numbers >= 0, aligned by index; integer arrays are cast) or"
            + " map<string,number> (aligned by key, e.g. category_counts(c)); need not be integers";
    String model =
        "q - the model's probabilities: an array or MLlib vector (with array counts) or a"
            + " map<string,double> (with map counts; a key missing on one side has 0 there); must"
            + " sum to 1 within 1e-6";
    f.add(
        new SqlFunction(
            "g_test",
            false,
            "_FUNC_(counts, q) - The G-test (likelihood-ratio test) of counts against the model Q:"
                + " struct(statistic, degrees_of_freedom, p_value) with statistic G = 2 sum c_i"
                + " ln(c_i / (n q_i)) = 2n KL(P^ || Q) in nats, degrees_of_freedom = (categories"
                + " with q_i > 0) - 1, p_value = P(chi2(df) >= G) (regularized upper gamma).",
            List.of(counts, model),
            List.of(
                ex(
                    "SELECT g_test(array(3, 1), array(0.5, 0.5))",
                    "{\"statistic\":1.0464962875290957,\"degrees_of_freedom\":1,\"p_value\":0.3063154055027367}")),
            "NULL counts or q gives NULL. p_value 0 and statistic +Infinity when a category with"
                + " q = 0 has a count; p_value 1 with 0 degrees of freedom. The same test as the"
                + " reports' g_statistic and p_value (scipy stats.power_divergence with"
                + " lambda_=\"log-likelihood\"). Errors as for the distribution functions (counts"
                + " must be finite, >= 0 and not all 0).",
            FunctionBuilders.countsAgainstModel("g_test")));
    f.add(
        new SqlFunction(
            "kl_divergence_ci",
            false,
            "_FUNC_(counts, q [, level [, unit]]) - A confidence interval struct(low, high) for"
                + " KL(P || Q), P the distribution the counts were drawn from, at level (default"
                + " 0.95), in nats (or bits): the inversion of G = 2n KL(P^ || Q) under a scaled"
                + " noncentral chi-squared, as the reports' kl_divergence_ci_low/high.",
            List.of(
                counts, model, "level - optional constant number in (0, 1), default 0.95", UNIT),
            List.of(
                ex(
                    "SELECT kl_divergence_ci(array(930, 70), array(0.5, 0.5)).low",
                    "0.39929571556326104")),
            "NULL counts or q gives NULL, and so do counts that fail Cochran's rule (an"
                + " expected count n q_i below 1, or fewer than 80% at least 5). low = 0 when the"
                + " G-test does not reject at (1 -"
                + " level)/2. [Infinity, Infinity] when a category with q = 0 has a count. Q is"
                + " taken as fixed. Coverage measured by simulation: docs/kl-report.md, \"Evidence\".",
            FunctionBuilders.countsAgainstModel("kl_divergence_ci")));
    f.add(
        new SqlFunction(
            "entropy_miller_madow",
            false,
            "_FUNC_(counts [, unit]) - The Miller-Madow bias-corrected entropy H(P^) + (m - 1) /"
                + " (2n) of counts, m the categories with a positive count, n the total, in nats"
                + " (or bits).",
            List.of(
                "counts - array of counts or map<string,number> (its values), e.g."
                    + " category_counts(c)",
                UNIT),
            List.of(ex("SELECT entropy_miller_madow(array(3, 1))", "0.6873351446188083")),
            "NULL gives NULL. Error when a count is NULL, NaN, infinite or negative, or all are"
                + " 0.",
            FunctionBuilders.millerMadow()));

    // ---- closed forms ----
    f.add(
        closed(
            "kl_bernoulli",
            "klBernoulli",
            "KL(Bernoulli(p) || Bernoulli(q)) = p ln(p/q) + (1-p) ln((1-p)/(1-q)), in nats (or"
                + " bits).",
            List.of("p", "q"),
            List.of(NUMBER, NUMBER),
            List.of("p - double, success probability of P in [0, 1]", "q - double, of Q in [0, 1]"),
            "NULL in gives NULL. +Infinity when q is 0 or 1 and p differs from q. Error when p or"
                + " q is NaN or outside [0, 1].",
            ex("SELECT kl_bernoulli(0.5, 0.9)", "0.5108256237659907")));
    f.add(
        closed(
            "kl_gaussian",
            "klGaussian",
            "KL(N(mu1, sigma1^2) || N(mu2, sigma2^2)) = ln(sigma2/sigma1) + (sigma1^2 + (mu1 -"
                + " mu2)^2) / (2 sigma2^2) - 1/2, in nats (or bits).",
            List.of("mu1", "sigma1", "mu2", "sigma2"),
            List.of(NUMBER, NUMBER, NUMBER, NUMBER),
            List.of(
                "mu1 - double, mean of P",
                "sigma1 - double > 0, standard deviation of P",
                "mu2 - double, mean of Q",
                "sigma2 - double > 0, standard deviation of Q"),
            "NULL in gives NULL. Error when a mean is not finite or a standard deviation is not a"
                + " finite value > 0.",
            ex("SELECT kl_gaussian(0.0, 1.0, 1.0, 2.0)", "0.4431471805599453")));
    f.add(
        closed(
            "kl_gaussian_diag",
            "klGaussianDiag",
            "KL between normal distributions with diagonal covariances, given means and"
                + " variances: sum over dimensions of the univariate KL, in nats (or bits).",
            List.of("mu1", "var1", "mu2", "var2"),
            List.of(VECTOR, VECTOR, VECTOR, VECTOR),
            List.of(
                "mu1 - array<double> or MLlib vector, means of P",
                "var1 - array<double> or vector, variances of P (each > 0)",
                "mu2 - array<double> or vector, means of Q",
                "var2 - array<double> or vector, variances of Q (each > 0)"),
            "NULL in gives NULL. Error naming both lengths when lengths differ; error when a"
                + " variance is not > 0 or a value is not finite.",
            ex(
                "SELECT kl_gaussian_diag(array(0.0, 0.0), array(1.0, 1.0), array(1.0, 0.0),"
                    + " array(4.0, 1.0))",
                "0.4431471805599453")));
    f.add(
        closed(
            "kl_mvn",
            "klMvn",
            "KL between multivariate normal distributions = (tr(S2^-1 S1) + (mu2-mu1)' S2^-1"
                + " (mu2-mu1) - k + ln det S2 - ln det S1) / 2, by Cholesky factorisation, in nats"
                + " (or bits).",
            List.of("mu1", "cov1", "mu2", "cov2"),
            List.of(VECTOR, MATRIX, VECTOR, MATRIX),
            List.of(
                "mu1 - array<double> or MLlib vector (k values), mean of P",
                "cov1 - array<array<double>> (rows) or MLlib matrix, k x k covariance of P,"
                    + " symmetric positive definite",
                "mu2 - array<double> or vector, mean of Q",
                "cov2 - array<array<double>> or matrix, covariance of Q"),
            "NULL in gives NULL. Error when a dimension differs (both sizes named), a matrix is not"
                + " square, not symmetric or not positive definite.",
            ex(
                "SELECT kl_mvn(array(0.0, 0.0), array(array(1.0, 0.0), array(0.0, 1.0)),"
                    + " array(1.0, 0.0), array(array(2.0, 0.5), array(0.5, 1.0)))",
                "0.4226650368248543")));
    f.add(
        closed(
            "kl_poisson",
            "klPoisson",
            "KL(Poisson(l1) || Poisson(l2)) = l1 ln(l1/l2) - l1 + l2, in nats (or bits).",
            List.of("lambda1", "lambda2"),
            List.of(NUMBER, NUMBER),
            List.of("lambda1 - double >= 0, rate of P", "lambda2 - double >= 0, rate of Q"),
            "NULL in gives NULL. +Infinity when lambda2 = 0 < lambda1. Error when a rate is NaN,"
                + " infinite or negative.",
            ex("SELECT kl_poisson(2.0, 3.0)", "0.18906978378367123")));
    f.add(
        closed(
            "kl_exponential",
            "klExponential",
            "KL(Exp(l1) || Exp(l2)) with rates l1, l2 = ln(l1/l2) + l2/l1 - 1, in nats (or"
                + " bits).",
            List.of("lambda1", "lambda2"),
            List.of(NUMBER, NUMBER),
            List.of("lambda1 - double > 0, rate of P", "lambda2 - double > 0, rate of Q"),
            "NULL in gives NULL. Error when a rate is not a finite value > 0.",
            ex("SELECT kl_exponential(1.0, 2.0)", "0.3068528194400547")));
    f.add(
        closed(
            "vae_kl",
            "vaeKl",
            "The VAE regulariser KL(N(mu, diag(exp(log_var))) || N(0, I)) = sum (mu_i^2 +"
                + " exp(log_var_i) - 1 - log_var_i) / 2, in nats (or bits).",
            List.of("mu", "log_var"),
            List.of(VECTOR, VECTOR),
            List.of(
                "mu - array<double> or MLlib vector, encoder means",
                "log_var - array<double> or vector, natural logs of the encoder variances"),
            "NULL in gives NULL. Error naming both lengths when they differ, or when a value is not"
                + " finite.",
            ex("SELECT vae_kl(array(0.5, -0.5), array(0.0, -1.0))", "0.43393972058572117")));

    // ---- continuous samples (no buckets) ----
    f.add(
        new SqlFunction(
            "ks_2samp",
            false,
            "_FUNC_(current, reference) - The two-sided two-sample Kolmogorov-Smirnov test: the"
                + " statistic D = max |F_current - F_reference| over the pooled values and its"
                + " p-value, as scipy.stats.ks_2samp (method 'auto': exact for samples of up to"
                + " 10,000 values, asymptotic otherwise; ties as scipy), as struct(statistic,"
                + " p_value).",
            List.of(
                "current - array of numbers (double, bigint, int or decimal), the sample P",
                "reference - array of numbers, the sample Q"),
            List.of(
                ex(
                    "SELECT ks_2samp(array(1, 2, 3, 4, 5), array(3, 4, 5, 6, 7, 8))",
                    "{\"statistic\":0.5,\"p_value\":0.35714285714285715}")),
            "NULL array gives NULL. Error naming the element when one is NULL, NaN or infinite,"
                + " and when an array is empty. A sample is an array: to compare groups of rows use"
                + " collect_list in small groups, or kl-report --value at scale.",
            FunctionBuilders.samples("ks_2samp", "ks2samp", 2, false, FunctionBuilders.KS_TEST)));
    f.add(
        new SqlFunction(
            "wasserstein_distance",
            false,
            "_FUNC_(current, reference) - The Wasserstein-1 (earth mover's) distance between the"
                + " two samples' distributions, integral of |F_current - F_reference|, in the"
                + " values' unit; as scipy.stats.wasserstein_distance.",
            List.of(
                "current - array of numbers, the sample P",
                "reference - array of numbers, the sample Q"),
            List.of(ex("SELECT wasserstein_distance(array(0, 1, 3), array(5, 6, 8))", "5.0")),
            "NULL array gives NULL. Error naming the element when one is NULL, NaN or infinite,"
                + " and when an array is empty.",
            FunctionBuilders.samples(
                "wasserstein_distance", "wassersteinDistance", 2, false, DataTypes.DoubleType)));
    f.add(
        new SqlFunction(
            "kl_divergence_knn",
            false,
            "_FUNC_(current, reference [, k [, unit]]) - KL(P || Q) of the distributions the"
                + " samples come from, estimated from the samples by the k-nearest-neighbour"
                + " estimator of Wang, Kulkarni and Verdu (2009), in nats (or bits): mean of"
                + " ln(nu_k/rho_k) + ln(m/(n-1)), rho_k the distance from a current value to its"
                + " k-th nearest other current value, nu_k to its k-th nearest reference value.",
            List.of(
                "current - array of numbers, the sample P (n values)",
                "reference - array of numbers, the sample Q (m values)",
                "k - optional constant integer in [1, 1000], the neighbour rank (default 5)",
                UNIT),
            List.of(
                ex(
                    "SELECT kl_divergence_knn(array(1, 2, 4), array(1.5, 3), 1)",
                    "-0.6931471805599453")),
            "NULL array gives NULL. An estimate, not a bound: it may be negative for close"
                + " distributions. Repeated values follow klspark's tie rule (docs/continuous.md)."
                + " Error naming the element when one is NULL, NaN or infinite, when an array is"
                + " empty, and when a current value has fewer than k other current values or k"
                + " reference values at a positive distance.",
            FunctionBuilders.samples(
                "kl_divergence_knn", "klDivergenceKnn", 2, true, DataTypes.DoubleType)));
    f.add(
        new SqlFunction(
            "differential_entropy",
            false,
            "_FUNC_(values [, k [, unit]]) - The differential entropy of the distribution the"
                + " sample comes from, by the Kozachenko-Leonenko k-nearest-neighbour estimator:"
                + " psi(n) - psi(k) + mean ln(2 rho_k), in nats (or bits); it may be negative.",
            List.of(
                "values - array of numbers, the sample",
                "k - optional constant integer in [1, 1000], the neighbour rank (default 5)",
                UNIT),
            List.of(
                ex(
                    "SELECT differential_entropy(array(0.1, 0.5, 0.9, 1.4, 2.2, 3.1), 1)",
                    "2.348059940034204")),
            "NULL array gives NULL. Not scipy.stats.differential_entropy's m-spacing estimate: both"
                + " are consistent, this one is bias-corrected for any n. Error naming the element"
                + " when one is NULL, NaN or infinite, when the array is empty, and when fewer than"
                + " k + 1 values differ.",
            FunctionBuilders.samples(
                "differential_entropy", "differentialEntropy", 1, true, DataTypes.DoubleType)));

    // ---- making distributions ----
    f.add(
        new SqlFunction(
            "normalize_distribution",
            false,
            "_FUNC_(counts) - The distribution of counts: each count divided by their sum, as"
                + " array<double>.",
            List.of(
                "counts - array of numbers >= 0 (double, bigint, int or decimal; aligned by index)"
                    + " or an MLlib vector; need not be integers"),
            List.of(ex("SELECT normalize_distribution(array(3, 1, 0))", "[0.75,0.25,0.0]")),
            "NULL gives NULL. Error naming the element when a count is NULL, NaN, infinite or"
                + " negative, and when the counts sum to 0.",
            FunctionBuilders.normalizeDistribution()));
    f.add(
        new SqlFunction(
            "smooth_distribution",
            false,
            "_FUNC_(weights, policy) - A smoothed distribution, as array<double> summing to 1:"
                + " 'none' divides by the sum; 'additive:ALPHA' gives (w_i + ALPHA) / (sum w +"
                + " ALPHA k) over the k elements (Laplace / Lidstone smoothing of counts);"
                + " 'floor:EPSILON' gives max(w_i / sum w, EPSILON), renormalised. The reports'"
                + " --smoothing formulas (dev.klspark.math.Smoothing).",
            List.of(
                "weights - array of numbers >= 0 (counts or probabilities; aligned by index) or"
                    + " an MLlib vector",
                "policy - constant string: 'none', 'additive:ALPHA' (ALPHA > 0) or"
                    + " 'floor:EPSILON' (EPSILON in (0, 1))"),
            List.of(
                ex(
                    "SELECT smooth_distribution(array(3, 1, 0), 'additive:1')",
                    "[0.5714285714285714,0.2857142857142857,0.14285714285714285]"),
                ex(
                    "SELECT smooth_distribution(array(0.5, 0.5, 0.0), 'floor:0.1')",
                    "[0.45454545454545453,0.45454545454545453,0.09090909090909091]")),
            "NULL weights give NULL. Error naming the element when a weight is NULL, NaN, infinite"
                + " or negative, or when they sum to 0 ('none' and 'floor'); error at analysis"
                + " when the policy is not a constant or not one of the three.",
            FunctionBuilders.smoothDistribution()));

    // ---- aggregates ----
    f.add(
        new SqlFunction(
            "category_counts",
            true,
            "_FUNC_(category) - The number of rows per category, as map<string,bigint>.",
            List.of("category - any type, compared as its string form"),
            List.of(
                ex(
                    "SELECT category_counts(c) FROM VALUES ('a'), ('b'), ('a'), (NULL) AS t(c)",
                    "{\"a\":2,\"b\":1}")),
            "Rows with a NULL category are skipped; NULL when no row remains. Keys are sorted.",
            FunctionBuilders.categoryAggregate(
                "category_counts", false, u -> CategoryAggregators.counts())));
    f.add(
        new SqlFunction(
            "empirical_distribution",
            true,
            "_FUNC_(category) - The empirical distribution of the column, as map<string,double>:"
                + " count / n per category (normalised, sums to 1).",
            List.of("category - any type, compared as its string form"),
            List.of(
                ex(
                    "SELECT empirical_distribution(c) FROM VALUES ('a'), ('b'), ('a'), ('c') AS"
                        + " t(c)",
                    "{\"a\":0.5,\"b\":0.25,\"c\":0.25}")),
            "Rows with a NULL category are skipped (and not counted in n); NULL when no row"
                + " remains.",
            FunctionBuilders.categoryAggregate(
                "empirical_distribution", false, u -> CategoryAggregators.empirical())));
    f.add(
        new SqlFunction(
            "entropy_of",
            true,
            "_FUNC_(category [, unit]) - Entropy of the empirical distribution of the column, in"
                + " nats (or bits).",
            List.of("category - any type, compared as its string form", UNIT),
            List.of(
                ex(
                    "SELECT entropy_of(c, 'bits') FROM VALUES ('a'), ('b'), ('a'), ('c') AS t(c)",
                    "1.5")),
            "Rows with a NULL category are skipped; NULL when no row remains; 0 for one category.",
            FunctionBuilders.categoryAggregate(
                "entropy_of", true, CategoryAggregators.EntropyOf::new)));
    f.add(
        new SqlFunction(
            "kl_divergence_from_samples",
            true,
            "_FUNC_(category, q [, unit]) - KL(P^ || Q) of the rows' empirical distribution P^ from"
                + " the model Q, whose probability of each row's category is q, in nats (or bits).",
            List.of(
                "category - any type, compared as its string form",
                "q - double in [0, 1], the model probability of this row's category (the same for"
                    + " every row of a category)",
                UNIT),
            List.of(
                ex(
                    "SELECT kl_divergence_from_samples(c, q) FROM VALUES ('a', 0.5), ('a', 0.5),"
                        + " ('b', 0.25) AS t(c, q)",
                    "0.2876820724517809")),
            "Rows with a NULL category or q are skipped; NULL when no row remains. Categories the"
                + " model gives mass but no row shows contribute 0. +Infinity when an observed"
                + " category has q = 0. Error when q is outside [0, 1], differs between rows of"
                + " one category, or the observed categories' q sum to more than 1.",
            FunctionBuilders.klFromSamples()));
    f.add(
        new SqlFunction(
            "mean_log_likelihood",
            true,
            "_FUNC_(q [, unit]) - The mean log-likelihood (1/n) sum ln q_i of the rows under the"
                + " model, in nats (or bits); minus the mean negative log-likelihood. Computed"
                + " with Spark's avg.",
            List.of("q - double in [0, 1], the model probability of the row's observation", UNIT),
            List.of(
                ex(
                    "SELECT mean_log_likelihood(q) FROM VALUES (0.5), (0.25), (NULL) AS t(q)",
                    "-1.0397207708399179")),
            "Rows with a NULL q are skipped; NULL when no row remains. -Infinity when a q is 0."
                + " Error when q is NaN or outside [0, 1].",
            FunctionBuilders.meanLogLikelihood()));
    String calibrated =
        " Rows with a NULL prediction are skipped (and not counted in n); NULL when no row"
            + " remains. 0 ln 0 = 0. Rows may have different numbers of classes. Error when an"
            + " element is NULL, NaN, infinite or negative, or a prediction does not sum to 1.";
    f.add(
        new SqlFunction(
            "expected_nll",
            true,
            "_FUNC_(prediction [, unit]) - The log-loss the rows' predictions expect of"
                + " themselves, E[NLL] = (1/n) sum_i H(q_i), the mean predictive entropy, in nats"
                + " (or bits): the expected mean negative log-likelihood of the rows if each row's"
                + " label is drawn from its prediction q_i (the model is calibrated), before any"
                + " label is known. Compensated sums; mle-report's expected_nll_U.",
            List.of(PREDICTION, UNIT),
            List.of(
                ex(
                    "SELECT expected_nll(q) FROM VALUES (array(0.5, 0.5)), (array(0.9, 0.1)),"
                        + " (NULL) AS t(q)",
                    "0.5091150769756968")),
            "0 when every prediction is certain (one-hot)."
                + calibrated
                + " With labels, (-mean_log_likelihood(q_of_label) - expected_nll(q)) /"
                + " expected_nll_sd(q) is mle-report's calibration_z (there the log-loss is"
                + " clipped at 1e-15).",
            FunctionBuilders.expectedNll(ExpectedNllAggregator.Statistic.EXPECTED_NLL)));
    f.add(
        new SqlFunction(
            "expected_nll_sd",
            true,
            "_FUNC_(prediction [, unit]) - The standard deviation of the rows' mean negative"
                + " log-likelihood if each row's label is drawn from its prediction q_i (the"
                + " model is calibrated, the rows independent): sqrt(sum_i (sum_k q_ik (ln"
                + " q_ik)^2 - H(q_i)^2)) / n, in nats (or bits); the spread around expected_nll."
                + " Compensated sums; mle-report's expected_nll_sd_U.",
            List.of(PREDICTION, UNIT),
            List.of(
                ex(
                    "SELECT expected_nll_sd(q) FROM VALUES (array(0.5, 0.5)), (array(0.9, 0.1)),"
                        + " (NULL) AS t(q)",
                    "0.3295836866004329")),
            "0 when every prediction is certain or uniform over its support (-ln q(Y) is then"
                + " constant)."
                + calibrated,
            FunctionBuilders.expectedNll(ExpectedNllAggregator.Statistic.EXPECTED_NLL_SD)));
    return finish(f);
  }

  /**
   * The final list: every scalar function prints as its SQL call ({@link FunctionCall}), and has a
   * {@code try_} variant, listed after the aggregates in the same order.
   */
  private static List<SqlFunction> finish(List<SqlFunction> base) {
    List<SqlFunction> out = new ArrayList<>();
    List<SqlFunction> tries = new ArrayList<>();
    for (SqlFunction fn : base) {
      if (fn.aggregate()) {
        out.add(fn);
        continue;
      }
      out.add(
          new SqlFunction(
              fn.name(),
              false,
              fn.usage(),
              fn.arguments(),
              fn.examples(),
              fn.note(),
              call(fn.name(), false, fn.builder())));
      tries.add(tryVariant(fn));
    }
    out.addAll(tries);
    checkUnique(out);
    return Collections.unmodifiableList(out);
  }

  /**
   * The {@code try_} variant of a scalar function: the same kernel, NULL on its argument errors.
   */
  private static SqlFunction tryVariant(SqlFunction fn) {
    String name = "try_" + fn.name();
    String invalid = INVALID_INPUT.getOrDefault(fn.name(), INVALID_PAIR);
    Example valid = fn.examples().get(0);
    return new SqlFunction(
        name,
        false,
        fn.usage().substring(0, fn.usage().indexOf(" - "))
            + " - The same as "
            + fn.name()
            + " (the same kernel and result), but NULL where "
            + fn.name()
            + " fails on an argument's value.",
        fn.arguments(),
        List.of(
            ex("SELECT " + name + "(" + invalid + ")", "NULL"),
            ex(valid.sql().replaceFirst(fn.name() + "\\(", name + "("), valid.output())),
        "NULL instead of the error "
            + fn.name()
            + " raises on a value (a NULL, NaN, infinite or negative element, a length mismatch,"
            + " a sum other than 1, a parameter out of range); errors found before any row is"
            + " read (the number or types of the arguments, a unit or policy that is not a valid"
            + " constant) still fail the statement. NULL in gives NULL.",
        call(name, true, fn.builder()));
  }

  /**
   * {@code builder}'s expression shown as the call {@code name(args)}; with {@code nullOnError}, a
   * {@link KlFunctionException} while evaluating gives NULL, and errors at analysis name {@code
   * name}.
   */
  private static java.util.function.Function<
          List<org.apache.spark.sql.catalyst.expressions.Expression>,
          org.apache.spark.sql.catalyst.expressions.Expression>
      call(
          String name,
          boolean nullOnError,
          java.util.function.Function<
                  List<org.apache.spark.sql.catalyst.expressions.Expression>,
                  org.apache.spark.sql.catalyst.expressions.Expression>
              builder) {
    return args -> {
      try {
        return FunctionCall.of(name, args, nullOnError, builder.apply(args));
      } catch (KlFunctionException e) {
        if (e.function().equals(name)) {
          throw e;
        }
        throw e.reportedBy(name);
      }
    };
  }

  private static void checkUnique(List<SqlFunction> functions) {
    Map<String, SqlFunction> byName = new LinkedHashMap<>();
    for (SqlFunction fn : functions) {
      if (byName.put(fn.name(), fn) != null) {
        throw new IllegalStateException("SQL function registered twice: " + fn.name());
      }
    }
  }

  private static SqlFunction pair(Measure m, String what, String edge, Example... examples) {
    List<String> args = m.hasUnit ? List.of(DIST_P, DIST_Q, UNIT) : List.of(DIST_P, DIST_Q);
    return new SqlFunction(
        m.sqlName,
        false,
        "_FUNC_(p, q" + (m.hasUnit ? " [, unit]" : "") + ") - " + what,
        args,
        List.of(examples),
        edge + DIST_NOTE,
        FunctionBuilders.distribution(m));
  }

  private static SqlFunction closed(
      String name,
      String method,
      String what,
      List<String> names,
      List<FunctionBuilders.Param> params,
      List<String> argDocs,
      String note,
      Example... examples) {
    List<String> args = new ArrayList<>(argDocs);
    args.add(UNIT);
    return new SqlFunction(
        name,
        false,
        "_FUNC_(" + String.join(", ", names) + " [, unit]) - " + what,
        args,
        List.of(examples),
        note,
        FunctionBuilders.closedForm(name, method, names, params));
  }

  private static Example ex(String sql, String output) {
    return new Example(sql, output);
  }
}

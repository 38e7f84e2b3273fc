package dev.klspark.spark.sql;

import dev.klspark.math.ClosedFormKl;
import dev.klspark.math.ContinuousSamples;
import dev.klspark.math.Distributions;
import dev.klspark.math.EntropyStream;
import dev.klspark.math.GTest;
import dev.klspark.math.KlEvidence;
import dev.klspark.math.LogBase;
import dev.klspark.math.MillerMadow;
import dev.klspark.math.Smoothing;
import dev.klspark.math.TwoSampleStream;
import java.util.HashMap;
import java.util.Locale;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The static methods the generated code of every klspark scalar SQL function calls (Catalyst {@code
 * StaticInvoke}: whole-stage code generation, no boxing, Spark's internal array and map formats
 * read directly). Each converts its arguments to {@code double[]}, delegates to the kernel in
 * {@code dev.klspark.math} and reports kernel errors as {@link KlFunctionException}s naming the SQL
 * function, with the condition of the argument's kind (a distribution, a sample, a parameter; a
 * length mismatch is its own) and the hint to the {@code try_} variant, which catches exactly
 * these. NULL arguments never reach these methods: the expression returns NULL first.
 */
public final class ScalarBindings {
  private static final LogBase[] UNITS = LogBase.values();

  private ScalarBindings() {}

  /** A measure of one distribution given as {@code array<double>}. */
  public static double singleArray(int measure, ArrayData p, int unit) {
    Measure m = Measure.of(measure);
    return apply(m, doubles(m.sqlName, m.first, p), null, unit);
  }

  /** A measure of one distribution given as {@code map<string,double>} (the values). */
  public static double singleMap(int measure, MapData p, int unit) {
    Measure m = Measure.of(measure);
    return apply(m, doubles(m.sqlName, m.first, p.valueArray()), null, unit);
  }

  /** A measure of two distributions given as {@code array<double>}, aligned by index. */
  public static double pairArrays(int measure, ArrayData p, ArrayData q, int unit) {
    Measure m = Measure.of(measure);
    return apply(m, doubles(m.sqlName, "p", p), doubles(m.sqlName, "q", q), unit);
  }

  /**
   * A measure of two distributions given as {@code map<string,double>}, aligned by key: a key
   * present on one side only has probability 0 on the other.
   */
  public static double pairMaps(int measure, MapData p, MapData q, int unit) {
    Measure m = Measure.of(measure);
    double[][] pq = aligned(m.sqlName, "p", p, "q", q);
    return apply(m, pq[0], pq[1], unit);
  }

  /** Two maps aligned by key: a key present on one side only has value 0 on the other. */
  private static double[][] aligned(String fn, String pName, MapData p, String qName, MapData q) {
    int np = p.numElements();
    HashMap<String, Integer> index = new HashMap<>(2 * (np + q.numElements()));
    ArrayData pk = p.keyArray();
    for (int i = 0; i < np; i++) {
      index.put(pk.getUTF8String(i).toString(), i);
    }
    ArrayData qk = q.keyArray();
    int[] qSlot = new int[q.numElements()];
    int k = np;
    for (int j = 0; j < qSlot.length; j++) {
      String key = qk.getUTF8String(j).toString();
      Integer slot = index.get(key);
      if (slot == null) {
        slot = k++;
        index.put(key, slot);
      }
      qSlot[j] = slot;
    }
    double[] pa = new double[k];
    double[] pv = doubles(fn, pName, p.valueArray());
    System.arraycopy(pv, 0, pa, 0, np);
    double[] qa = new double[k];
    double[] qv = doubles(fn, qName, q.valueArray());
    for (int j = 0; j < qv.length; j++) {
      qa[qSlot[j]] = qv[j];
    }
    return new double[][] {pa, qa};
  }

  // ---- evidence from counts ---------------------------------------------------------------------

  /** {@code g_test(counts, q)} over arrays: struct(statistic, degrees_of_freedom, p_value). */
  public static InternalRow gTestArrays(ArrayData counts, ArrayData q) {
    return gTest(doubles("g_test", "counts", counts), doubles("g_test", "q", q));
  }

  /** {@code g_test(counts, q)} over maps aligned by key. */
  public static InternalRow gTestMaps(MapData counts, MapData q) {
    double[][] cq = aligned("g_test", "counts", counts, "q", q);
    return gTest(cq[0], cq[1]);
  }

  private static InternalRow gTest(double[] counts, double[] q) {
    try {
      double g = GTest.statistic(counts, q);
      int df = GTest.degreesOfFreedom(q);
      return new GenericInternalRow(new Object[] {g, df, GTest.pValue(g, df)});
    } catch (IllegalArgumentException e) {
      throw KlFunctionException.tolerable("g_test", KlErrorCondition.INVALID_DISTRIBUTION, e);
    }
  }

  /** {@code kl_divergence_ci(counts, q, level, unit)} over arrays: struct(low, high). */
  public static InternalRow klCiArrays(ArrayData counts, ArrayData q, double level, int unit) {
    return klCi(
        doubles("kl_divergence_ci", "counts", counts),
        doubles("kl_divergence_ci", "q", q),
        level,
        unit);
  }

  /** {@code kl_divergence_ci(counts, q, level, unit)} over maps aligned by key. */
  public static InternalRow klCiMaps(MapData counts, MapData q, double level, int unit) {
    double[][] cq = aligned("kl_divergence_ci", "counts", counts, "q", q);
    return klCi(cq[0], cq[1], level, unit);
  }

  private static InternalRow klCi(double[] counts, double[] q, double level, int unit) {
    try {
      KlEvidence e = KlEvidence.of(counts, q, level).in(UNITS[unit]);
      return e.hasInterval() ? new GenericInternalRow(new Object[] {e.ciLow(), e.ciHigh()}) : null;
    } catch (IllegalArgumentException e) {
      throw KlFunctionException.tolerable(
          "kl_divergence_ci", KlErrorCondition.INVALID_DISTRIBUTION, e);
    }
  }

  // ---- continuous samples
  // ------------------------------------------------------------------------

  /** {@code ks_2samp(current, reference)}: struct(statistic, p_value). */
  public static InternalRow ks2samp(ArrayData current, ArrayData reference) {
    TwoSampleStream.Result r = compareSamples("ks_2samp", current, reference, 1);
    return new GenericInternalRow(new Object[] {r.ksStatistic(), r.ksPValue()});
  }

  /** {@code wasserstein_distance(current, reference)}. */
  public static double wassersteinDistance(ArrayData current, ArrayData reference) {
    return compareSamples("wasserstein_distance", current, reference, 1).wasserstein();
  }

  /** {@code kl_divergence_knn(current, reference, k, unit)}. */
  public static double klDivergenceKnn(ArrayData current, ArrayData reference, int k, int unit) {
    TwoSampleStream.Result r = compareSamples("kl_divergence_knn", current, reference, k);
    if (r.klDivergenceKnn() == null) {
      throw KlFunctionException.tolerable(
          "kl_divergence_knn", KlErrorCondition.INVALID_SAMPLE, r.knnProblem());
    }
    return UNITS[unit].fromNats(r.klDivergenceKnn());
  }

  /** {@code differential_entropy(values, k, unit)}. */
  public static double differentialEntropy(ArrayData values, int k, int unit) {
    String fn = "differential_entropy";
    double[] x = sample(fn, "values", values);
    EntropyStream s;
    try {
      s = ContinuousSamples.fed(x, k);
    } catch (IllegalArgumentException e) {
      throw KlFunctionException.tolerable(fn, KlErrorCondition.INVALID_SAMPLE, e);
    }
    double h = s.finish();
    if (Double.isNaN(h)) {
      throw KlFunctionException.tolerable(fn, KlErrorCondition.INVALID_SAMPLE, s.problem());
    }
    return UNITS[unit].fromNats(h);
  }

  private static TwoSampleStream.Result compareSamples(
      String fn, ArrayData current, ArrayData reference, int k) {
    double[] p = sample(fn, "current", current);
    double[] q = sample(fn, "reference", reference);
    try {
      return ContinuousSamples.compare(p, q, k);
    } catch (IllegalArgumentException e) {
      throw KlFunctionException.tolerable(fn, KlErrorCondition.INVALID_SAMPLE, e);
    }
  }

  /** {@code entropy_miller_madow(counts, unit)} over an array. */
  public static double entropyMillerMadowArray(ArrayData counts, int unit) {
    return entropyMillerMadow(doubles("entropy_miller_madow", "counts", counts), unit);
  }

  /** {@code entropy_miller_madow(counts, unit)} over a map (its values). */
  public static double entropyMillerMadowMap(MapData counts, int unit) {
    return entropyMillerMadow(doubles("entropy_miller_madow", "counts", counts.valueArray()), unit);
  }

  private static double entropyMillerMadow(double[] counts, int unit) {
    try {
      return UNITS[unit].fromNats(MillerMadow.entropy(counts));
    } catch (IllegalArgumentException e) {
      throw KlFunctionException.tolerable(
          "entropy_miller_madow", KlErrorCondition.INVALID_DISTRIBUTION, e);
    }
  }

  private static double apply(Measure m, double[] p, double[] q, int unit) {
    try {
      return m.apply(p, q, UNITS[unit]);
    } catch (IllegalArgumentException e) {
      throw KlFunctionException.tolerable(m.sqlName, KlErrorCondition.INVALID_DISTRIBUTION, e);
    }
  }

  // ---- making distributions ----------------------------------------------------------------

  /** {@code normalize_distribution(counts)}: each count divided by their sum. */
  public static ArrayData normalizeDistribution(ArrayData counts) {
    String fn = "normalize_distribution";
    double[] c = doubles(fn, "counts", counts);
    try {
      return UnsafeArrayData.fromPrimitiveArray(Distributions.normalize("counts", c));
    } catch (IllegalArgumentException e) {
      throw KlFunctionException.tolerable(fn, KlErrorCondition.INVALID_DISTRIBUTION, e);
    }
  }

  /**
   * {@code smooth_distribution(weights, policy)}: the policy of {@link Smoothing#parse} (checked at
   * analysis) applied to the weights; the result sums to 1.
   */
  public static ArrayData smoothDistribution(ArrayData weights, UTF8String policy) {
    String fn = "smooth_distribution";
    double[] w = doubles(fn, "weights", weights);
    try {
      return UnsafeArrayData.fromPrimitiveArray(
          Smoothing.parse(policy.toString()).probabilities(w));
    } catch (IllegalArgumentException e) {
      throw KlFunctionException.tolerable(fn, KlErrorCondition.INVALID_DISTRIBUTION, e);
    }
  }

  // ---- closed forms ----------------------------------------------------------------------------

  public static double klBernoulli(double p, double q, int unit) {
    try {
      return ClosedFormKl.bernoulli(p, q, UNITS[unit]);
    } catch (IllegalArgumentException e) {
      throw KlFunctionException.tolerable(
          "kl_bernoulli", KlErrorCondition.PARAMETER_OUT_OF_RANGE, e);
    }
  }

  public static double klGaussian(double mu1, double sigma1, double mu2, double sigma2, int unit) {
    try {
      return ClosedFormKl.gaussian(mu1, sigma1, mu2, sigma2, UNITS[unit]);
    } catch (IllegalArgumentException e) {
      throw KlFunctionException.tolerable(
          "kl_gaussian", KlErrorCondition.PARAMETER_OUT_OF_RANGE, e);
    }
  }

  public static double klGaussianDiag(
      ArrayData mu1, ArrayData var1, ArrayData mu2, ArrayData var2, int unit) {
    String fn = "kl_gaussian_diag";
    double[] m1 = parameters(fn, "mu1", mu1);
    double[] v1 = parameters(fn, "var1", var1);
    double[] m2 = parameters(fn, "mu2", mu2);
    double[] v2 = parameters(fn, "var2", var2);
    try {
      return ClosedFormKl.gaussianDiagonal(m1, v1, m2, v2, UNITS[unit]);
    } catch (IllegalArgumentException e) {
      throw KlFunctionException.tolerable(fn, KlErrorCondition.PARAMETER_OUT_OF_RANGE, e);
    }
  }

  public static double klMvn(
      ArrayData mu1, ArrayData cov1, ArrayData mu2, ArrayData cov2, int unit) {
    String fn = "kl_mvn";
    double[] m1 = parameters(fn, "mu1", mu1);
    double[][] c1 = matrix(fn, "cov1", cov1);
    double[] m2 = parameters(fn, "mu2", mu2);
    double[][] c2 = matrix(fn, "cov2", cov2);
    try {
      return ClosedFormKl.multivariateGaussian(m1, c1, m2, c2, UNITS[unit]);
    } catch (IllegalArgumentException e) {
      throw KlFunctionException.tolerable(fn, KlErrorCondition.PARAMETER_OUT_OF_RANGE, e);
    }
  }

  public static double klPoisson(double lambda1, double lambda2, int unit) {
    try {
      return ClosedFormKl.poisson(lambda1, lambda2, UNITS[unit]);
    } catch (IllegalArgumentException e) {
      throw KlFunctionException.tolerable("kl_poisson", KlErrorCondition.PARAMETER_OUT_OF_RANGE, e);
    }
  }

  public static double klExponential(double lambda1, double lambda2, int unit) {
    try {
      return ClosedFormKl.exponential(lambda1, lambda2, UNITS[unit]);
    } catch (IllegalArgumentException e) {
      throw KlFunctionException.tolerable(
          "kl_exponential", KlErrorCondition.PARAMETER_OUT_OF_RANGE, e);
    }
  }

  public static double vaeKl(ArrayData mu, ArrayData logVar, int unit) {
    String fn = "vae_kl";
    double[] m = parameters(fn, "mu", mu);
    double[] lv = parameters(fn, "log_var", logVar);
    try {
      return ClosedFormKl.standardNormalFromDiagonal(m, lv, UNITS[unit]);
    } catch (IllegalArgumentException e) {
      throw KlFunctionException.tolerable(fn, KlErrorCondition.PARAMETER_OUT_OF_RANGE, e);
    }
  }

  /**
   * {@code ln q} in the given unit for a model probability q of one observation: {@code -inf} for q
   * = 0 (the observation is impossible under the model).
   *
   * @throws KlFunctionException if q is NaN or outside [0, 1]
   */
  public static double logProbability(double q, int unit) {
    if (!(q >= 0.0 && q <= 1.0)) {
      // An aggregate (avg over this): no try_ variant, so no hint.
      throw KlFunctionException.format(
          "mean_log_likelihood",
          KlErrorCondition.INVALID_DISTRIBUTION,
          "q = %s; expected a probability in [0, 1]",
          q);
    }
    return q == 0.0 ? Double.NEGATIVE_INFINITY : UNITS[unit].fromNats(Math.log(q));
  }

  /**
   * One row's prediction for the aggregate {@code fn} ({@code expected_nll}, {@code
   * expected_nll_sd}) as an array without NULL elements, the array itself when it has none (the
   * aggregator then checks and reads the values).
   *
   * @throws KlFunctionException if an element is NULL (an aggregate: no try_ variant, so no hint)
   */
  public static ArrayData predictionArray(ArrayData q, UTF8String fn) {
    if (!(q instanceof UnsafeArrayData u) || hasNull(u)) {
      for (int i = 0; i < q.numElements(); i++) {
        if (q.isNullAt(i)) {
          throw KlFunctionException.format(
              fn.toString(),
              KlErrorCondition.INVALID_DISTRIBUTION,
              "prediction[%d] is NULL; expected a finite non-negative value",
              i);
        }
      }
    }
    return q;
  }

  /** {@link #predictionArray} of a prediction given as {@code map<string,double>} (the values). */
  public static ArrayData predictionMap(MapData q, UTF8String fn) {
    return predictionArray(q.valueArray(), fn);
  }

  // ---- MLlib vectors and matrices --------------------------------------------------------------

  /**
   * An MLlib {@code Vector} (its SQL storage {@code struct<type:tinyint, size:int,
   * indices:array<int>, values:array<double>>}, type 0 sparse, 1 dense) as a dense {@code
   * array<double>}. Declared with an {@code Object} parameter so that both the generated code
   * (which passes an {@code InternalRow}) and the interpreted path find it.
   */
  public static ArrayData vectorToArray(Object vector) {
    InternalRow v = (InternalRow) vector;
    ArrayData values = v.getArray(3);
    if (v.getByte(0) == 1) {
      return values;
    }
    double[] dense = new double[v.getInt(1)];
    ArrayData indices = v.getArray(2);
    for (int i = 0; i < indices.numElements(); i++) {
      dense[indices.getInt(i)] = values.getDouble(i);
    }
    return UnsafeArrayData.fromPrimitiveArray(dense);
  }

  /**
   * An MLlib {@code Matrix} (storage {@code struct<type:tinyint, numRows:int, numCols:int,
   * colPtrs:array<int>, rowIndices:array<int>, values:array<double>, isTransposed:boolean>}, type 0
   * sparse CSC, 1 dense column-major; transposed: row-major / CSR) as {@code array<array<double>>},
   * one inner array per row.
   */
  public static ArrayData matrixToArray(Object matrix) {
    InternalRow m = (InternalRow) matrix;
    int rows = m.getInt(1);
    int cols = m.getInt(2);
    boolean transposed = m.getBoolean(6);
    ArrayData values = m.getArray(5);
    double[][] a = new double[rows][cols];
    if (m.getByte(0) == 1) {
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          a[i][j] = values.getDouble(transposed ? i * cols + j : j * rows + i);
        }
      }
    } else {
      ArrayData ptrs = m.getArray(3);
      ArrayData idx = m.getArray(4);
      int outer = transposed ? rows : cols;
      for (int o = 0; o < outer; o++) {
        for (int k = ptrs.getInt(o); k < ptrs.getInt(o + 1); k++) {
          int inner = idx.getInt(k);
          if (transposed) {
            a[o][inner] = values.getDouble(k);
          } else {
            a[inner][o] = values.getDouble(k);
          }
        }
      }
    }
    Object[] out = new Object[rows];
    for (int i = 0; i < rows; i++) {
      out[i] = UnsafeArrayData.fromPrimitiveArray(a[i]);
    }
    return new GenericArrayData(out);
  }

  // ---- conversions -----------------------------------------------------------------------------

  /** Probabilities: a NULL element is an error (there is no probability to use). */
  private static double[] doubles(String fn, String name, ArrayData a) {
    if (a instanceof UnsafeArrayData u && !hasNull(u)) {
      // Spark's own binary array (what codegen passes): the null bits are checked a 64-bit word
      // at a time and the values copied in one block, instead of a bit test and a read per
      // element (most of the function's time at k = 10, BENCHMARKS.md "kl_divergence in SQL").
      return u.toDoubleArray();
    }
    int n = a.numElements();
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      if (a.isNullAt(i)) {
        throw KlFunctionException.tolerable(
            fn,
            KlErrorCondition.INVALID_DISTRIBUTION,
            String.format(
                Locale.ROOT, "%s[%d] is NULL; expected a finite non-negative value", name, i));
      }
      out[i] = a.getDouble(i);
    }
    return out;
  }

  /**
   * Whether an {@link UnsafeArrayData} has a null element: its null bits (one per element, in
   * 64-bit words after the 8-byte element count) are all zero otherwise.
   */
  private static boolean hasNull(UnsafeArrayData a) {
    int words = (a.numElements() + 63) / 64;
    Object base = a.getBaseObject();
    long offset = a.getBaseOffset() + 8;
    for (int w = 0; w < words; w++) {
      if (Platform.getLong(base, offset + 8L * w) != 0L) {
        return true;
      }
    }
    return false;
  }

  /** Samples ({@link #sample}) or parameters ({@link #parameters}): a NULL element is an error. */
  private static double[] numbers(String fn, KlErrorCondition ifNull, String name, ArrayData a) {
    int n = a.numElements();
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      if (a.isNullAt(i)) {
        throw KlFunctionException.tolerable(
            fn,
            ifNull,
            String.format(Locale.ROOT, "%s[%d] is NULL; expected a finite number", name, i));
      }
      out[i] = a.getDouble(i);
    }
    return out;
  }

  /** A sample of a continuous variable. */
  private static double[] sample(String fn, String name, ArrayData a) {
    return numbers(fn, KlErrorCondition.INVALID_SAMPLE, name, a);
  }

  /** The numbers of a closed form's vector parameter. */
  private static double[] parameters(String fn, String name, ArrayData a) {
    return numbers(fn, KlErrorCondition.PARAMETER_OUT_OF_RANGE, name, a);
  }

  private static double[][] matrix(String fn, String name, ArrayData a) {
    double[][] out = new double[a.numElements()][];
    for (int i = 0; i < out.length; i++) {
      if (a.isNullAt(i)) {
        throw KlFunctionException.tolerable(
            fn,
            KlErrorCondition.PARAMETER_OUT_OF_RANGE,
            String.format(Locale.ROOT, "%s row %d is NULL; expected a row of numbers", name, i));
      }
      out[i] = parameters(fn, String.format(Locale.ROOT, "%s[%d]", name, i), a.getArray(i));
    }
    return out;
  }
}

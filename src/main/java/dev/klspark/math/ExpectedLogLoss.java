package dev.klspark.math;

import java.io.Serializable;
import java.util.Locale;
import org.apache.commons.math3.special.Erf;

/**
 * The log-loss a model expects of its own predictions, before the labels arrive, and the test of
 * calibration of the log score once they have: one streaming, mergeable accumulator per group.
 *
 * <p>Each row i brings a predicted distribution q_i over K classes (and, when labelled, its class
 * y_i). If the model is calibrated, that is Y_i ~ q_i independently, the group's mean negative
 * log-likelihood NLL = (1/n) Σ_i −ln q_i(y_i) has
 *
 * <ul>
 *   <li>expectation {@code E[NLL] = (1/n) Σ_i H(q_i)}, the mean predictive entropy ({@link
 *       Result#expectedNll}), with {@code H(q) = −Σ_k q_k ln q_k};
 *   <li>variance {@code Var[NLL] = (1/n²) Σ_i (Σ_k q_ik (ln q_ik)² − H(q_i)²)}, its square root
 *       {@link Result#expectedNllSd};
 * </ul>
 *
 * and {@code z = (NLL − E[NLL]) / sd} is approximately standard normal (Lyapunov's central limit
 * theorem over the independent rows), so {@code p = 2 Φ(−|z|) = erfc(|z|/√2)} tests calibration of
 * the log score per group. The gap NLL − E[NLL] is the reliability term of the decomposition of the
 * log score plus sampling noise (Bröcker, QJRMS 135 (2009) 1512, doi:10.1002/qj.456; Weijs, Schoups
 * and van de Giesen, Mon. Wea. Rev. 138 (2010) 3387). For a constant prediction q per group it is
 * Σ_k (p̂_k − q_k)(−ln q_k), the maximum-likelihood identity's H(P̂,Q) − H(Q).
 *
 * <p>Units: nats. Conventions: 0 ln 0 = 0 in H and in the second moment; a labelled row whose class
 * has q = 0 makes NLL, z = +∞ and p = 0. When every labelled row's prediction is certain (sd = 0),
 * z and p are NaN if NLL equals its expectation (0), else +∞ and 0. The expectation and sd cover
 * every row; NLL, z and p cover the labelled rows (with the expectation and sd of those rows).
 *
 * <p>Checked per row: the distribution is not empty, its entries are finite and ≥ 0 and sum to 1
 * within {@link Distributions#DEFAULT_SUM_TOLERANCE}; a label lies in [0, K). Rows may have
 * different K.
 *
 * <p>Serializable: the SQL aggregates {@code expected_nll} and {@code expected_nll_sd} carry it as
 * their buffer between partitions.
 */
public final class ExpectedLogLoss implements Serializable {
  private static final long serialVersionUID = 1L;
  private long n;
  private final CompensatedSum entropy = new CompensatedSum();
  private final CompensatedSum variance = new CompensatedSum();
  private long labelled;
  private final CompensatedSum labelledEntropy = new CompensatedSum();
  private final CompensatedSum labelledVariance = new CompensatedSum();
  private final CompensatedSum nll = new CompensatedSum();

  /**
   * Adds an unlabelled row.
   *
   * @param q the predicted distribution
   * @throws IllegalArgumentException if q is not a probability distribution (see the class comment)
   */
  public void add(double[] q) {
    double[] hv = entropyAndVariance(q);
    n++;
    entropy.add(hv[0]);
    variance.add(hv[1]);
  }

  /**
   * Adds a labelled row.
   *
   * @param q the predicted distribution
   * @param label the row's class, an index into q
   * @throws IllegalArgumentException if q is not a probability distribution or the label is out of
   *     range
   */
  public void add(double[] q, int label) {
    if (q != null && (label < 0 || label >= q.length)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "label index %d is outside the %d classes of the prediction",
              label,
              q.length));
    }
    double[] hv = entropyAndVariance(q);
    n++;
    entropy.add(hv[0]);
    variance.add(hv[1]);
    labelled++;
    labelledEntropy.add(hv[0]);
    labelledVariance.add(hv[1]);
    nll.add(q[label] > 0 ? -Math.log(q[label]) : Double.POSITIVE_INFINITY);
  }

  /**
   * The accumulator of n unlabelled rows from their sums, e.g. summed per group by a query engine:
   * Σ_i H(q_i) and Σ_i V(q_i), each row's terms as {@link #add(double[])} computes them (H(q) =
   * −Σ_k q_k ln q_k and V(q) = max(0, Σ_k q_k (ln q_k)² − H(q)²), 0 ln 0 = 0). Its {@link
   * #result()} gives the expected log-loss Σ H / n and its standard deviation √(Σ V) / n.
   *
   * @param n the rows, at least 0
   * @param entropySum Σ_i H(q_i), finite and ≥ 0
   * @param varianceSum Σ_i V(q_i), finite and ≥ 0
   * @throws IllegalArgumentException if n is negative, a sum is NaN, infinite or negative, or a sum
   *     is positive with n = 0
   */
  public static ExpectedLogLoss ofSums(long n, double entropySum, double varianceSum) {
    if (n < 0
        || !(entropySum >= 0.0 && entropySum < Double.POSITIVE_INFINITY)
        || !(varianceSum >= 0.0 && varianceSum < Double.POSITIVE_INFINITY)
        || (n == 0 && (entropySum > 0.0 || varianceSum > 0.0))) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "sums of %d rows: entropy %s, variance %s; expected n >= 0 and finite non-negative"
                  + " sums (0 without rows)",
              n,
              entropySum,
              varianceSum));
    }
    ExpectedLogLoss a = new ExpectedLogLoss();
    a.n = n;
    a.entropy.add(entropySum);
    a.variance.add(varianceSum);
    return a;
  }

  /** Adds another accumulator's rows (e.g. of another partition of the group). */
  public void merge(ExpectedLogLoss other) {
    n += other.n;
    entropy.add(other.entropy.value());
    variance.add(other.variance.value());
    labelled += other.labelled;
    labelledEntropy.add(other.labelledEntropy.value());
    labelledVariance.add(other.labelledVariance.value());
    nll.add(other.nll.value());
  }

  /**
   * The predictive entropy {@code H(q) = −Σ_k q_k ln q_k} of one row's prediction (0 ln 0 = 0): the
   * expected negative log-likelihood of that row if its label is drawn from q, the row's term of
   * {@link Result#expectedNll}, computed as {@link #add(double[])} computes it.
   *
   * @param q the predicted distribution
   * @param base the unit of the result
   * @return H(q) in {@code base}; in nats, in [0, ln K] for K classes
   * @throws IllegalArgumentException if q is not a probability distribution (see the class comment)
   */
  public static double predictiveEntropy(double[] q, LogBase base) {
    return base.fromNats(entropyAndVariance(q)[0]);
  }

  /**
   * One row's terms, as {@link #add(double[])} adds them: {@code [H(q), V(q)]} with H(q) = −Σ_k q_k
   * ln q_k and V(q) = max(0, Σ_k q_k (ln q_k)² − H(q)²), the variance of −ln q(Y) for Y ~ q (0 ln 0
   * = 0; the clamp removes a rounding below 0 of a certain prediction). A query engine that sums
   * these per group hands the sums to {@link #ofSums}.
   *
   * @param q the predicted distribution
   * @return a new array {@code {H(q), V(q)}}, in nats
   * @throws IllegalArgumentException if q is not a probability distribution (see the class comment)
   */
  public static double[] entropyAndVariance(double[] q) {
    Distributions.requireProbabilities("prediction", q);
    CompensatedSum h = new CompensatedSum();
    CompensatedSum m2 = new CompensatedSum();
    for (double x : q) {
      if (x > 0) {
        double l = Math.log(x);
        h.add(-x * l);
        m2.add(x * l * l);
      }
    }
    double hv = h.value();
    return new double[] {hv, Math.max(0.0, m2.value() - hv * hv)};
  }

  /** The two-sided normal p-value of a z statistic, {@code erfc(|z|/√2)}: 0 for ±∞, NaN for NaN. */
  public static double pValue(double z) {
    return Double.isNaN(z) ? Double.NaN : Erf.erfc(Math.abs(z) / Math.sqrt(2.0));
  }

  /** The statistics of the rows added so far. */
  public Result result() {
    double expected = n > 0 ? entropy.value() / n : Double.NaN;
    double sd = n > 0 ? Math.sqrt(variance.value()) / n : Double.NaN;
    if (labelled == 0) {
      return new Result(n, expected, sd, 0, Double.NaN, Double.NaN, Double.NaN);
    }
    double observed = nll.value() / labelled;
    double e = labelledEntropy.value() / labelled;
    double s = Math.sqrt(labelledVariance.value()) / labelled;
    double z;
    if (observed == Double.POSITIVE_INFINITY) {
      z = Double.POSITIVE_INFINITY;
    } else if (s > 0) {
      z = (observed - e) / s;
    } else {
      z = observed > e ? Double.POSITIVE_INFINITY : Double.NaN;
    }
    double p = pValue(z);
    return new Result(n, expected, sd, labelled, observed, z, p);
  }

  /**
   * A group's label-free and labelled statistics, in nats.
   *
   * @param n rows
   * @param expectedNll the mean predictive entropy (1/n) Σ H(q_i)
   * @param expectedNllSd the standard deviation of the mean NLL under calibration
   * @param labelled labelled rows
   * @param meanNll the labelled rows' mean NLL, NaN without labels
   * @param calibrationZ (meanNll − E) / sd over the labelled rows, NaN without labels
   * @param calibrationPValue the two-sided normal p-value of z, NaN without labels
   */
  public record Result(
      long n,
      double expectedNll,
      double expectedNllSd,
      long labelled,
      double meanNll,
      double calibrationZ,
      double calibrationPValue) {}
}

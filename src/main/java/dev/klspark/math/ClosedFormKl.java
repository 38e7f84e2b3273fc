package dev.klspark.math;

import java.util.Locale;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.NonSymmetricMatrixException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Closed-form Kullback-Leibler divergences {@code KL(P || Q)} between members of the same
 * parametric family. Every method returns nats converted to the requested {@link LogBase}; the
 * first parameter set describes P, the second Q. The formulas are the ones of the PyTorch ({@code
 * torch.distributions.kl}) and TensorFlow Probability KL registries; references per method.
 *
 * <p>Numerics: the Gaussian, exponential and VAE forms all contain {@code r - 1 - ln r}, which
 * cancels when the two distributions are close; it is evaluated as {@code e^u - 1 - u} with {@code
 * u = ln r} accurately (see {@code Terms.expm1MinusX}). The univariate normal KL, of which the
 * diagonal and VAE forms are sums, is computed in one place, {@link GaussianFamily} (its numerics
 * are described there); the methods here check their arguments and delegate. The full-covariance
 * Gaussian uses the Cholesky factorisation of Apache Commons Math 3 ({@code CholeskyDecomposition})
 * for the log-determinants and the solves, never an explicit inverse.
 *
 * <p>Arrays of parameters (diagonal Gaussians, means, covariance rows) must have matching lengths;
 * a mismatch is reported with both lengths.
 */
public final class ClosedFormKl {
  /**
   * Relative symmetry threshold for covariance matrices: {@code |a_ij - a_ji| <= 1e-10 *
   * max(|a_ij|, |a_ji|)}.
   */
  public static final double SYMMETRY_TOLERANCE = 1e-10;

  /** Smallest pivot accepted by the Cholesky factorisation (absolute): {@value}. */
  public static final double POSITIVITY_THRESHOLD = 1e-300;

  private ClosedFormKl() {}

  /**
   * KL between Bernoulli distributions: {@code p ln(p/q) + (1-p) ln((1-p)/(1-q))} (Cover and Thomas
   * 2006, example 2.3.1 with the natural log).
   *
   * @param p success probability of P, in [0, 1]
   * @param q success probability of Q, in [0, 1]
   * @param base unit of the result
   * @return the divergence; {@code +inf} when q is 0 or 1 and p differs from q
   * @throws IllegalArgumentException if p or q is NaN or outside [0, 1]
   */
  public static double bernoulli(double p, double q, LogBase base) {
    requireUnitInterval("p", p);
    requireUnitInterval("q", q);
    double nats = Terms.relativeEntropy(p, q) + Terms.relativeEntropy(1.0 - p, 1.0 - q);
    return base.fromNats(Math.max(0.0, nats));
  }

  /**
   * KL between univariate normal distributions (torch {@code _kl_normal_normal}):
   *
   * <pre>KL = ln(sigma2/sigma1) + (sigma1^2 + (mu1 - mu2)^2) / (2 sigma2^2) - 1/2
   *    = (1/2) [ (r - 1 - ln r) + (mu1 - mu2)^2 / sigma2^2 ],  r = sigma1^2 / sigma2^2</pre>
   *
   * <p>Computed by {@link GaussianFamily#klDivergence(double, double, double, double)}.
   *
   * @param mu1 mean of P, finite
   * @param sigma1 standard deviation of P, finite and &gt; 0
   * @param mu2 mean of Q, finite
   * @param sigma2 standard deviation of Q, finite and &gt; 0
   * @param base unit of the result
   * @return the divergence, finite and &ge; 0 (may overflow to {@code +inf} for extreme ratios)
   * @throws IllegalArgumentException if a mean is not finite or a standard deviation is not a
   *     finite value &gt; 0
   */
  public static double gaussian(
      double mu1, double sigma1, double mu2, double sigma2, LogBase base) {
    requireFinite("mu1", mu1);
    requirePositive("sigma1", sigma1);
    requireFinite("mu2", mu2);
    requirePositive("sigma2", sigma2);
    return base.fromNats(GaussianFamily.klDivergence(mu1, sigma1, mu2, sigma2));
  }

  /**
   * KL between normal distributions with diagonal covariance, given the variances: the sum over
   * dimensions of the univariate form {@code (1/2) [(v1/v2 - 1 - ln(v1/v2)) + (mu1 - mu2)^2 / v2]}
   * (torch {@code _kl_independent_independent} over normals).
   *
   * @param mu1 means of P (k values)
   * @param var1 variances of P (k values, each finite and &gt; 0)
   * @param mu2 means of Q (k values)
   * @param var2 variances of Q (k values, each finite and &gt; 0)
   * @param base unit of the result
   * @return the divergence
   * @throws IllegalArgumentException if an array is null or empty, the lengths differ (a {@link
   *     LengthMismatchException}), a mean is not finite, or a variance is not a finite value &gt; 0
   */
  public static double gaussianDiagonal(
      double[] mu1, double[] var1, double[] mu2, double[] var2, LogBase base) {
    requireNonEmpty("mu1", mu1);
    Distributions.requireSameLength("mu1", mu1, "var1", requireNonEmpty("var1", var1));
    Distributions.requireSameLength("mu1", mu1, "mu2", requireNonEmpty("mu2", mu2));
    Distributions.requireSameLength("mu1", mu1, "var2", requireNonEmpty("var2", var2));
    CompensatedSum sum = new CompensatedSum();
    for (int i = 0; i < mu1.length; i++) {
      requireFinite(indexed("mu1", i), mu1[i]);
      requirePositive(indexed("var1", i), var1[i]);
      requireFinite(indexed("mu2", i), mu2[i]);
      requirePositive(indexed("var2", i), var2[i]);
      sum.add(GaussianFamily.klDivergenceFromVariances(mu1[i], var1[i], mu2[i], var2[i]));
    }
    return base.fromNats(Math.max(0.0, sum.value()));
  }

  /**
   * KL between multivariate normal distributions (Rasmussen and Williams, <i>Gaussian Processes for
   * Machine Learning</i>, 2006, eq. A.23; torch {@code _kl_multivariatenormal_multivariatenormal}):
   *
   * <pre>KL = (1/2) [ tr(S2^-1 S1) + (mu2 - mu1)^T S2^-1 (mu2 - mu1) - k + ln det S2 - ln det S1 ]
   * </pre>
   *
   * with {@code S = L L^T} (Cholesky), {@code ln det S = 2 sum_i ln L_ii}, {@code tr(S2^-1 S1)} and
   * the quadratic form from solves against {@code L2}.
   *
   * @param mu1 mean of P (k values)
   * @param cov1 covariance of P, k x k, row-major, symmetric positive definite
   * @param mu2 mean of Q (k values)
   * @param cov2 covariance of Q, k x k, row-major, symmetric positive definite
   * @param base unit of the result
   * @return the divergence
   * @throws IllegalArgumentException if an argument is null or empty, a matrix is not square or not
   *     k x k or the means' lengths differ (a {@link LengthMismatchException}), an element is not
   *     finite, or a covariance is not symmetric (within {@link #SYMMETRY_TOLERANCE}) or not
   *     positive definite
   */
  public static double multivariateGaussian(
      double[] mu1, double[][] cov1, double[] mu2, double[][] cov2, LogBase base) {
    requireNonEmpty("mu1", mu1);
    Distributions.requireSameLength("mu1", mu1, "mu2", requireNonEmpty("mu2", mu2));
    for (int i = 0; i < mu1.length; i++) {
      requireFinite(indexed("mu1", i), mu1[i]);
      requireFinite(indexed("mu2", i), mu2[i]);
    }
    int k = mu1.length;
    RealMatrix s1 = covariance("cov1", cov1, k);
    RealMatrix s2 = covariance("cov2", cov2, k);
    CholeskyDecomposition c1 = cholesky("cov1", s1);
    CholeskyDecomposition c2 = cholesky("cov2", s2);
    DecompositionSolver solver2 = c2.getSolver();
    RealMatrix s2InvS1 = solver2.solve(s1);
    double[] diff = new double[k];
    for (int i = 0; i < k; i++) {
      diff[i] = mu2[i] - mu1[i];
    }
    double[] s2InvDiff = solver2.solve(new ArrayRealVector(diff)).toArray();
    CompensatedSum sum = new CompensatedSum();
    for (int i = 0; i < k; i++) {
      sum.add(s2InvS1.getEntry(i, i));
      sum.add(diff[i] * s2InvDiff[i]);
      sum.add(-1.0);
    }
    sum.add(logDeterminant(c2) - logDeterminant(c1));
    return base.fromNats(Math.max(0.0, 0.5 * sum.value()));
  }

  /**
   * The VAE regulariser {@code KL(N(mu, diag(exp(logVar))) || N(0, I)) = (1/2) sum_i (mu_i^2 +
   * exp(logVar_i) - 1 - logVar_i)} (Kingma and Welling, "Auto-Encoding Variational Bayes", 2014,
   * appendix B, with the sign of that paper's {@code -D_KL}).
   *
   * @param mu means (k values, finite)
   * @param logVar natural logarithms of the variances (k values, finite)
   * @param base unit of the result
   * @return the divergence
   * @throws IllegalArgumentException if an argument is null or empty, the lengths differ (a {@link
   *     LengthMismatchException}) or an element is not finite
   */
  public static double standardNormalFromDiagonal(double[] mu, double[] logVar, LogBase base) {
    requireNonEmpty("mu", mu);
    Distributions.requireSameLength("mu", mu, "log_var", requireNonEmpty("log_var", logVar));
    CompensatedSum sum = new CompensatedSum();
    for (int i = 0; i < mu.length; i++) {
      requireFinite(indexed("mu", i), mu[i]);
      requireFinite(indexed("log_var", i), logVar[i]);
      sum.add(GaussianFamily.kl(logVar[i], mu[i]));
    }
    return base.fromNats(Math.max(0.0, sum.value()));
  }

  /**
   * KL between Poisson distributions with rates l1, l2 (torch {@code _kl_poisson_poisson}): {@code
   * l1 ln(l1/l2) - l1 + l2}.
   *
   * @param lambda1 rate of P, finite and &ge; 0 (0 is the point mass at 0)
   * @param lambda2 rate of Q, finite and &ge; 0
   * @param base unit of the result
   * @return the divergence; {@code +inf} when {@code lambda2 = 0 < lambda1}
   * @throws IllegalArgumentException if a rate is NaN, infinite or negative
   */
  public static double poisson(double lambda1, double lambda2, LogBase base) {
    requireNonNegative("lambda1", lambda1);
    requireNonNegative("lambda2", lambda2);
    double nats = Terms.relativeEntropy(lambda1, lambda2) - lambda1 + lambda2;
    return base.fromNats(Math.max(0.0, nats));
  }

  /**
   * KL between exponential distributions with rates l1, l2 (torch {@code
   * _kl_exponential_exponential}): {@code ln(l1/l2) + l2/l1 - 1 = r - 1 - ln r} with {@code r =
   * l2/l1}.
   *
   * @param lambda1 rate of P, finite and &gt; 0
   * @param lambda2 rate of Q, finite and &gt; 0
   * @param base unit of the result
   * @return the divergence
   * @throws IllegalArgumentException if a rate is not a finite value &gt; 0
   */
  public static double exponential(double lambda1, double lambda2, LogBase base) {
    requirePositive("lambda1", lambda1);
    requirePositive("lambda2", lambda2);
    return base.fromNats(Math.max(0.0, Terms.expm1MinusX(Math.log(lambda2) - Math.log(lambda1))));
  }

  private static RealMatrix covariance(String name, double[][] cov, int k) {
    if (cov == null) {
      throw new IllegalArgumentException(name + " is null; expected a covariance matrix");
    }
    if (cov.length != k) {
      throw new LengthMismatchException(
          String.format(
              Locale.ROOT,
              "%s has %d rows; expected %d (the length of the mean vector)",
              name,
              cov.length,
              k));
    }
    for (int i = 0; i < k; i++) {
      if (cov[i] == null || cov[i].length != k) {
        throw new LengthMismatchException(
            String.format(
                Locale.ROOT,
                "%s row %d has %s elements; expected %d (a square %d x %d matrix)",
                name,
                i,
                cov[i] == null ? "no" : Integer.toString(cov[i].length),
                k,
                k,
                k));
      }
      for (int j = 0; j < k; j++) {
        requireFinite(String.format(Locale.ROOT, "%s[%d][%d]", name, i, j), cov[i][j]);
      }
    }
    return new Array2DRowRealMatrix(cov, true);
  }

  private static CholeskyDecomposition cholesky(String name, RealMatrix s) {
    try {
      return new CholeskyDecomposition(s, SYMMETRY_TOLERANCE, POSITIVITY_THRESHOLD);
    } catch (NonSymmetricMatrixException e) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s is not symmetric: %s[%d][%d] = %s but %s[%d][%d] = %s; expected a symmetric"
                  + " positive-definite covariance matrix",
              name,
              name,
              e.getRow(),
              e.getColumn(),
              s.getEntry(e.getRow(), e.getColumn()),
              name,
              e.getColumn(),
              e.getRow(),
              s.getEntry(e.getColumn(), e.getRow())),
          e);
    } catch (NonPositiveDefiniteMatrixException e) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s is not positive definite (Cholesky pivot %d is %s); expected a symmetric"
                  + " positive-definite covariance matrix",
              name,
              e.getRow(),
              e.getArgument()),
          e);
    }
  }

  private static double logDeterminant(CholeskyDecomposition c) {
    RealMatrix l = c.getL();
    CompensatedSum sum = new CompensatedSum();
    for (int i = 0; i < l.getRowDimension(); i++) {
      sum.add(Math.log(l.getEntry(i, i)));
    }
    return 2.0 * sum.value();
  }

  private static String indexed(String name, int i) {
    return String.format(Locale.ROOT, "%s[%d]", name, i);
  }

  private static double[] requireNonEmpty(String name, double[] a) {
    if (a == null) {
      throw new IllegalArgumentException(name + " is null; expected an array of numbers");
    }
    if (a.length == 0) {
      throw new IllegalArgumentException(name + " is empty; expected at least one element");
    }
    return a;
  }

  private static void requireFinite(String name, double x) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "%s = %s; expected a finite value", name, x));
    }
  }

  private static void requirePositive(String name, double x) {
    if (!(x > 0.0) || x == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "%s = %s; expected a finite value > 0", name, x));
    }
  }

  private static void requireNonNegative(String name, double x) {
    if (!(x >= 0.0) || x == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "%s = %s; expected a finite value >= 0", name, x));
    }
  }

  private static void requireUnitInterval(String name, double x) {
    if (!(x >= 0.0 && x <= 1.0)) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "%s = %s; expected a probability in [0, 1]", name, x));
    }
  }
}

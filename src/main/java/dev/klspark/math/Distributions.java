package dev.klspark.math;

import java.util.Locale;
import java.util.function.ToDoubleBiFunction;

/**
 * Argument checks shared by every kernel in this package, in one place, with messages that name the
 * argument, the offending index and value, and what was expected.
 *
 * <p>A probability vector is valid when it is non-null, has at least one element, every element is
 * finite and non-negative, and its elements sum to 1 within a tolerance ({@link
 * #DEFAULT_SUM_TOLERANCE} unless stated). Inputs are never normalised silently: call {@link
 * #normalize(String, double[])} or choose a {@link Smoothing} policy explicitly.
 */
public final class Distributions {
  /**
   * Absolute tolerance on {@code |sum(p) - 1|} accepted by the kernels: {@value}. Wide enough for
   * probabilities rounded to six decimals, narrow enough to catch a missing category.
   */
  public static final double DEFAULT_SUM_TOLERANCE = 1e-6;

  private Distributions() {}

  /**
   * Checks that {@code p} is a probability vector (see the class comment).
   *
   * @param name the argument name used in messages, e.g. {@code "p"}
   * @param p the vector to check
   * @param tolerance the accepted absolute deviation of the sum from 1; must be in [0, 1)
   * @throws IllegalArgumentException if {@code p} is null or empty, an element is NaN, infinite or
   *     negative, or the sum differs from 1 by more than {@code tolerance}
   */
  public static void requireProbabilities(String name, double[] p, double tolerance) {
    double sum = requireWeights(name, p);
    if (!(Math.abs(sum - 1.0) <= tolerance)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s sums to %s; expected 1 within %s (normalise it, or choose a smoothing policy)",
              name,
              sum,
              tolerance));
    }
  }

  /**
   * Checks {@code p} with {@link #DEFAULT_SUM_TOLERANCE}.
   *
   * @throws IllegalArgumentException as {@link #requireProbabilities(String, double[], double)}
   */
  public static void requireProbabilities(String name, double[] p) {
    requireProbabilities(name, p, DEFAULT_SUM_TOLERANCE);
  }

  /**
   * Checks the arguments of a two-distribution kernel: {@code p} and {@code q} are probability
   * vectors (default tolerance) of the same length.
   *
   * @throws IllegalArgumentException naming {@code p} or {@code q}, as {@link
   *     #requireProbabilities(String, double[], double)} and {@link #requireSameLength} (a {@link
   *     LengthMismatchException})
   */
  public static void requirePair(double[] p, double[] q) {
    requireProbabilities("p", p);
    requireProbabilities("q", q);
    requireSameLength("p", p, "q", q);
  }

  /**
   * The public entry of every measure of two aligned distributions: checks both ({@link
   * #requirePair}), applies the measure's kernel, which works in nats on checked arguments, and
   * converts the result to {@code base}.
   *
   * @throws IllegalArgumentException as {@link #requirePair}
   */
  static double measure(
      double[] p, double[] q, LogBase base, ToDoubleBiFunction<double[], double[]> natsKernel) {
    requirePair(p, q);
    return base.fromNats(natsKernel.applyAsDouble(p, q));
  }

  /**
   * Checks that two aligned vectors have the same length.
   *
   * @throws LengthMismatchException naming both lengths if they differ
   */
  public static void requireSameLength(String nameP, double[] p, String nameQ, double[] q) {
    if (p.length != q.length) {
      throw new LengthMismatchException(
          String.format(
              Locale.ROOT,
              "%s has %d elements and %s has %d; expected distributions over the same categories",
              nameP,
              p.length,
              nameQ,
              q.length));
    }
  }

  /**
   * Divides non-negative weights (counts) by their sum.
   *
   * @param name the argument name used in messages
   * @param weights non-negative finite weights with a positive sum
   * @return a new array {@code w_i / sum(w)}
   * @throws IllegalArgumentException if {@code weights} is null or empty, an element is NaN,
   *     infinite or negative, or all weights are 0
   */
  public static double[] normalize(String name, double[] weights) {
    double sum = requireWeights(name, weights);
    if (!(sum > 0.0)) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "%s sums to 0; expected at least one positive count", name));
    }
    double[] p = new double[weights.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = weights[i] / sum;
    }
    return p;
  }

  /** Checks non-null, non-empty, finite, non-negative; returns the compensated sum. */
  static double requireWeights(String name, double[] w) {
    if (w == null) {
      throw new IllegalArgumentException(name + " is null; expected an array of probabilities");
    }
    if (w.length == 0) {
      throw new IllegalArgumentException(name + " is empty; expected at least one category");
    }
    CompensatedSum sum = new CompensatedSum();
    for (int i = 0; i < w.length; i++) {
      double x = w[i];
      if (!(x >= 0.0) || x == Double.POSITIVE_INFINITY) {
        String what = Double.isNaN(x) ? "is NaN" : x < 0 ? "is negative" : "is infinite";
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s[%d] = %s %s; expected a finite non-negative value",
                name,
                i,
                x,
                what));
      }
      sum.add(x);
    }
    return sum.value();
  }
}

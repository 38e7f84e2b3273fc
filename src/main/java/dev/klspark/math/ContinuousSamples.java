package dev.klspark.math;

import java.util.Arrays;
import java.util.Locale;

/**
 * The continuous comparisons of {@link TwoSampleStream} and {@link EntropyStream} on whole arrays:
 * the samples are sorted and fed to the streams as distinct values with counts. For the SQL
 * functions and the tests; the reports stream sorted groups instead.
 */
public final class ContinuousSamples {
  /** The default neighbour rank of the k-NN estimators. */
  public static final int DEFAULT_K = 5;

  private ContinuousSamples() {}

  /**
   * Compares a current sample with a reference ({@link TwoSampleStream}).
   *
   * @param current the values of P, finite, at least one
   * @param reference the values of Q, finite, at least one
   * @param k the neighbour rank of the KL estimate, ≥ 1
   * @return the comparison
   * @throws IllegalArgumentException if an array is null or empty, holds a NaN or an infinite
   *     value, or k is below 1
   */
  public static TwoSampleStream.Result compare(double[] current, double[] reference, int k) {
    double[] p = sorted(current, "current");
    double[] q = sorted(reference, "reference");
    TwoSampleStream s = new TwoSampleStream(p.length, q.length, k);
    int i = 0;
    int j = 0;
    while (i < p.length || j < q.length) {
      double v = i == p.length ? q[j] : (j == q.length ? p[i] : Math.min(p[i], q[j]));
      long cp = 0;
      long cq = 0;
      while (i < p.length && p[i] == v) {
        i++;
        cp++;
      }
      while (j < q.length && q[j] == v) {
        j++;
        cq++;
      }
      s.add(v, cp, cq);
    }
    return s.finish();
  }

  /**
   * The Kozachenko–Leonenko entropy of a sample ({@link EntropyStream}).
   *
   * @param values the sample, finite
   * @param k the neighbour rank, ≥ 1
   * @return the estimate in nats, or NaN when undefined (too few distinct values)
   * @throws IllegalArgumentException if the array is null or empty or holds a NaN or an infinite
   *     value, or k is below 1
   */
  public static double entropy(double[] values, int k) {
    return fed(values, k).finish();
  }

  /**
   * An {@link EntropyStream} fed with the sample, not yet finished: {@link EntropyStream#finish}
   * gives the estimate and {@link EntropyStream#problem} why it is undefined.
   *
   * @throws IllegalArgumentException as {@link #entropy}
   */
  public static EntropyStream fed(double[] values, int k) {
    double[] x = sorted(values, "sample");
    EntropyStream s = new EntropyStream(k);
    for (int i = 0; i < x.length; ) {
      double v = x[i];
      long c = 0;
      while (i < x.length && x[i] == v) {
        i++;
        c++;
      }
      s.add(v, c);
    }
    return s;
  }

  private static double[] sorted(double[] values, String name) {
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "the %s sample is empty; expected at least one value", name));
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "the %s sample holds %s at position %d; expected finite values",
                name,
                values[i],
                i));
      }
    }
    double[] s = values.clone();
    Arrays.sort(s);
    // -0.0 sorts before 0.0 but equals it: make the zeros one value.
    for (int i = 0; i < s.length; i++) {
      if (s[i] == 0.0) {
        s[i] = 0.0;
      }
    }
    return s;
  }
}

package dev.klspark.math;

import java.util.Locale;

/**
 * How a model distribution is made from counts or from probabilities that may hold zeros. Always
 * named and explicit; the default is {@link None}: zeros stay zeros and a KL divergence may be
 * {@code +inf}.
 *
 * <ul>
 *   <li>{@code none}: {@code q_i = c_i / n}.
 *   <li>{@code additive:ALPHA} (Laplace / Lidstone smoothing, Manning and Schuetze, <i>Foundations
 *       of Statistical NLP</i>, 1999, eq. 6.7): {@code q_i = (c_i + alpha) / (n + alpha k)} over
 *       the k known categories. Applies to counts only.
 *   <li>{@code floor:EPSILON}: {@code q_i = max(c_i / n, eps)} and then renormalised to sum to 1,
 *       so no category has less than about eps. Never fills zeros without renormalising.
 * </ul>
 *
 * <p>Spec strings ({@link #parse(String)}) are what job files and flags accept; {@link #spec()}
 * gives the canonical form written into reports.
 */
public sealed interface Smoothing extends java.io.Serializable
    permits Smoothing.None, Smoothing.Additive, Smoothing.Floor {

  /**
   * Turns non-negative weights over k known categories (counts, or probabilities where noted) into
   * a probability vector.
   *
   * @param weights non-negative finite weights, one per known category
   * @return a new probability vector of the same length
   * @throws IllegalArgumentException if the weights are null, empty, NaN, infinite or negative, or
   *     (for {@code none} and {@code floor}) all zero
   */
  double[] probabilities(double[] weights);

  /**
   * The probability of one of {@code k} known categories from its count alone, for the policies
   * with a closed form per category: {@code none}, {@code q = c / n}, and {@code additive}, {@code
   * q = (c + alpha) / (n + alpha k)}. It equals the matching element of {@link
   * #probabilities(double[])} for counts totalling {@code n}, so that a Spark binding can compute
   * it row by row (one row per category) without gathering a group's counts.
   *
   * @param count c, the category's count
   * @param total n, the sum of the k categories' counts
   * @param categories k, the number of known categories
   * @return q, in [0, 1]
   * @throws IllegalArgumentException if {@code count} or {@code total} is NaN, infinite or
   *     negative, {@code count > total}, {@code categories < 1}, {@code total} is 0 for {@code
   *     none}, or the policy is {@code floor} (its floored values are renormalised over all the
   *     categories together: use {@link #probabilities(double[])})
   */
  double probability(double count, double total, long categories);

  /** The canonical spec string, e.g. {@code additive:1.0}. */
  String spec();

  /** Whether the policy reads counts ({@code additive}) rather than any non-negative weights. */
  default boolean needsCounts() {
    return false;
  }

  /** No smoothing: {@code q_i = c_i / n}. */
  record None() implements Smoothing {
    @Override
    public double[] probabilities(double[] weights) {
      return Distributions.normalize("counts", weights);
    }

    @Override
    public double probability(double count, double total, long categories) {
      requireCount(count, total, categories);
      if (!(total > 0.0)) {
        throw new IllegalArgumentException(
            "counts sum to 0; expected at least one positive count (no smoothing)");
      }
      return count / total;
    }

    @Override
    public String spec() {
      return "none";
    }
  }

  /**
   * Additive (Laplace for alpha = 1, Lidstone otherwise) smoothing of counts.
   *
   * @param alpha pseudo-count added to every known category, finite and > 0
   */
  record Additive(double alpha) implements Smoothing {
    /** Beyond this, n + alpha·K loses the counts to rounding (and overflows near 1e308). */
    static final double MAX_ALPHA = 1e12;

    public Additive {
      if (!(alpha > 0.0) || !(alpha <= MAX_ALPHA)) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "additive smoothing alpha = %s; expected a value in (0, %.0e] (a pseudo-count per"
                    + " category)",
                alpha,
                MAX_ALPHA));
      }
    }

    @Override
    public double[] probabilities(double[] counts) {
      double n = Distributions.requireWeights("counts", counts);
      double[] q = new double[counts.length];
      for (int i = 0; i < q.length; i++) {
        q[i] = smoothed(counts[i], n, counts.length);
      }
      return q;
    }

    @Override
    public double probability(double count, double total, long categories) {
      requireCount(count, total, categories);
      return smoothed(count, total, categories);
    }

    /** Manning and Schuetze eq. 6.7: {@code (c + alpha) / (n + alpha k)}. */
    private double smoothed(double count, double total, long categories) {
      return (count + alpha) / (total + alpha * categories);
    }

    @Override
    public String spec() {
      return "additive:" + alpha;
    }

    @Override
    public boolean needsCounts() {
      return true;
    }
  }

  /**
   * Epsilon floor followed by renormalisation.
   *
   * @param epsilon the floor, in (0, 1)
   */
  record Floor(double epsilon) implements Smoothing {
    public Floor {
      if (!(epsilon > 0.0 && epsilon < 1.0)) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT, "floor smoothing epsilon = %s; expected a value in (0, 1)", epsilon));
      }
    }

    @Override
    public double[] probabilities(double[] weights) {
      double[] q = Distributions.normalize("weights", weights);
      for (int i = 0; i < q.length; i++) {
        q[i] = Math.max(q[i], epsilon);
      }
      return Distributions.normalize("floored weights", q);
    }

    @Override
    public double probability(double count, double total, long categories) {
      throw new IllegalArgumentException(
          "floor smoothing renormalises the floored values over all categories together; it has no"
              + " per-category form (use probabilities(double[]))");
    }

    @Override
    public String spec() {
      return "floor:" + epsilon;
    }
  }

  /** The argument checks of {@link #probability(double, double, long)}. */
  private static void requireCount(double count, double total, long categories) {
    if (!(count >= 0.0 && count <= total && total < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "count %s of a total %s; expected finite counts with 0 <= count <= total",
              count,
              total));
    }
    if (categories < 1) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "%d known categories; expected at least one category", categories));
    }
  }

  /** The default policy: no smoothing. */
  static Smoothing none() {
    return new None();
  }

  /**
   * Parses {@code none}, {@code additive:ALPHA} or {@code floor:EPSILON} (case-insensitive).
   *
   * @param spec the policy spec
   * @return the policy
   * @throws IllegalArgumentException if the spec is null, has another name, or a parameter that is
   *     missing, not a number, or out of range
   */
  static Smoothing parse(String spec) {
    if (spec == null) {
      throw new IllegalArgumentException(
          "smoothing is null; expected none, additive:ALPHA or floor:EPSILON");
    }
    String s = spec.trim().toLowerCase(Locale.ROOT);
    if (s.equals("none")) {
      return none();
    }
    int colon = s.indexOf(':');
    String name = colon < 0 ? s : s.substring(0, colon);
    if ((name.equals("additive") || name.equals("floor")) && colon > 0) {
      double value;
      try {
        value = Double.parseDouble(s.substring(colon + 1).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "smoothing '%s' has parameter '%s', which is not a number",
                spec,
                s.substring(colon + 1)),
            e);
      }
      return name.equals("additive") ? new Additive(value) : new Floor(value);
    }
    throw new IllegalArgumentException(
        String.format(
            Locale.ROOT,
            "smoothing '%s' is not supported; expected none, additive:ALPHA (e.g. additive:1) or"
                + " floor:EPSILON (e.g. floor:1e-6)",
            spec));
  }
}

package dev.klspark.math;

import java.util.Locale;

/**
 * The one-dimensional k-nearest-neighbour radius of a value among sorted distinct values with
 * counts, with klspark's rule for ties: the shared step of the k-NN divergence ({@link
 * TwoSampleStream}) and of the Kozachenko–Leonenko entropy ({@link EntropyStream}), and the
 * streaming windows that feed it with bounded memory.
 *
 * <p><b>The rule.</b> Around a value v, the radius ρ is the smallest positive distance such that
 * the closed interval [v − ρ, v + ρ] holds at least k neighbours (a neighbour on the other side
 * whose distance is within a relative 1e-6 of ρ counts as at ρ). When no value at distance ρ is
 * repeated and fewer than k neighbours lie strictly closer, ρ is the distance to the k-th nearest
 * neighbour and the count is l = k: the estimators are then exactly those of Kozachenko and
 * Leonenko and of Wang, Kulkarni and Verdú (always the case for data without repeated values).
 * Otherwise (repeated values: rounded or discrete data) the count is {@code l = I + (B + 1)/2},
 * where I counts the neighbours strictly inside (at distance &lt; ρ, including the copies of v at
 * distance 0) and B those at distance exactly ρ. A distance of 0 is never used (its logarithm is
 * −∞); the count enters through ψ(l) where the continuous estimators have ψ(k) (the generalised
 * estimator of Wang, Kulkarni and Verdú, IEEE Trans. Inf. Theory 55(5) (2009) 2392-2405, eq. 17,
 * allows a rank per point), and boundary points count one half, as values rounded to a grid would
 * if they were spread over their rounding cells. That half is klspark's, derived for rounded data
 * and checked by simulation in {@code KnnEstimatorSimulationTest}: on normal data of 3,000 values
 * rounded to 0.001 of a standard deviation the entropy's mean error stays within 0.02 nats; coarser
 * rounding still biases the entropy upwards, by up to about 0.25 nats (rounding to 0.01 or 0.1 of a
 * standard deviation, 400 to 1,500 values), which the user documentation states.
 */
final class NearestNeighbours {
  private NearestNeighbours() {}

  /** Radius and neighbour count of one value ({@link #shell}). */
  static final class Shell {
    /** ln ρ, finite also when ρ itself would overflow a double. */
    double logRadius;

    double count;
  }

  /**
   * The radius and count of value {@code v} (see the class comment).
   *
   * @param v the value
   * @param inside neighbours at distance 0 (the other copies of v in its own sample, or the copies
   *     of v in the other sample)
   * @param k the neighbour rank, ≥ 1
   * @param blocks distinct values, increasing, with their counts
   * @param below index of the largest block value below v, or −1
   * @param above index of the smallest block value above v, or {@code blocks.size()}
   * @param out receives the radius and the count
   * @return false when fewer than k neighbours exist at positive distance plus {@code inside}
   */
  static boolean shell(
      double v, long inside, int k, ValueBlocks blocks, int below, int above, Shell out) {
    long in = inside;
    int lo = below;
    int hi = above;
    // Distances between values of opposite signs near ±Double.MAX_VALUE overflow; the search then
    // runs on half distances, exact for such values, and the log radius adds ln 2.
    boolean halved = false;
    while (true) {
      boolean hasLow = lo >= 0;
      boolean hasHigh = hi < blocks.size();
      double dl = hasLow ? v - blocks.value(lo) : Double.POSITIVE_INFINITY;
      double dh = hasHigh ? blocks.value(hi) - v : Double.POSITIVE_INFINITY;
      if (!halved
          && ((hasLow && dl == Double.POSITIVE_INFINITY)
              || (hasHigh && dh == Double.POSITIVE_INFINITY))) {
        halved = true;
      }
      if (halved) {
        dl = hasLow ? 0.5 * v - 0.5 * blocks.value(lo) : Double.POSITIVE_INFINITY;
        dh = hasHigh ? 0.5 * blocks.value(hi) - 0.5 * v : Double.POSITIVE_INFINITY;
      }
      double r = Math.min(dl, dh);
      if (r == Double.POSITIVE_INFINITY) {
        return false;
      }
      // Two neighbours at one distance from v (one on each side) rarely have bit-equal distances
      // when the values are on a grid (0.01 is not a binary fraction, and a transformation of the
      // data moves the last bits): within a relative 1e-6 they are on the boundary together. Only
      // the count of repeated boundary values depends on it; for values that are not repeated the
      // radius moves by at most that tolerance.
      double scale = (halved ? 0.5 * Math.abs(v) : Math.abs(v)) + r;
      double ulps = scale < Double.POSITIVE_INFINITY ? Math.ulp(scale) : Math.ulp(Double.MAX_VALUE);
      double tol = Math.max(1e-6 * r, 4 * ulps);
      boolean atLow = hasLow && dl - r <= tol;
      boolean atHigh = hasHigh && dh - r <= tol;
      long b = (atLow ? blocks.count(lo) : 0) + (atHigh ? blocks.count(hi) : 0);
      if (in + b >= k) {
        out.logRadius = halved ? Math.log(r) + Math.log(2.0) : Math.log(r);
        boolean repeated =
            in >= k || (atLow && blocks.count(lo) > 1) || (atHigh && blocks.count(hi) > 1);
        out.count = repeated ? in + (b + 1) / 2.0 : k;
        return true;
      }
      in += b;
      if (atLow) {
        lo--;
      }
      if (atHigh) {
        hi++;
      }
    }
  }

  /**
   * Σ c·(ln ρ − ψ(l)) over the values of one sample, ρ and l taken among the sample's other values:
   * fed with the sample's distinct values in increasing order, it holds the k values before and
   * after the one being resolved, never more.
   */
  static final class SameSample {
    private final int k;
    private final ValueBlocks blocks = new ValueBlocks();
    private final Shell shell = new Shell();
    private final CompensatedSum sum = new CompensatedSum();
    private int pending;
    private String problem;

    SameSample(int k) {
      this.k = k;
    }

    void add(double v, long count) {
      blocks.add(v, count, 0);
      while (blocks.size() - 1 - pending >= k) {
        resolve(pending++);
      }
      while (pending > k) {
        blocks.removeFirst();
        pending--;
      }
    }

    void finish() {
      while (pending < blocks.size()) {
        resolve(pending++);
      }
    }

    private void resolve(int i) {
      double v = blocks.value(i);
      long c = blocks.count(i);
      if (!shell(v, c - 1, k, blocks, i - 1, i + 1, shell)) {
        if (problem == null) {
          problem =
              String.format(
                  Locale.ROOT,
                  "fewer than k = %d other values of the sample differ from the value %s",
                  k,
                  v);
        }
        return;
      }
      sum.add(c * (shell.logRadius - Digamma.of(shell.count)));
    }

    /** The sum, or NaN when {@link #problem} is set. */
    double sum() {
      return problem == null ? sum.value() : Double.NaN;
    }

    /** Why the sum is undefined, or null. */
    String problem() {
      return problem;
    }
  }

  /**
   * Σ c·(ln ν − ψ(l)) over the values x of sample P, ν and l taken among the values of sample Q:
   * fed with the distinct values of the pooled samples in increasing order and the count of each in
   * P and in Q. It holds the k values of Q below the oldest unresolved value of P and fewer than k
   * above it, and the values of P that wait for k values of Q above them: in the worst case, when
   * the samples do not overlap, all the distinct values of P (16 bytes each).
   */
  static final class OtherSample {
    private final int k;
    private final ValueBlocks others = new ValueBlocks();
    private final ValueBlocks waiting = new ValueBlocks();
    private final Shell shell = new Shell();
    private final CompensatedSum sum = new CompensatedSum();
    private String problem;

    OtherSample(int k) {
      this.k = k;
    }

    void add(double v, long countP, long countQ) {
      if (countQ > 0) {
        others.add(v, countQ, 0);
      }
      if (countP > 0) {
        waiting.add(v, countP, countQ);
      }
      while (waiting.size() > 0 && above(waiting.value(0)) <= others.size() - k) {
        resolve();
      }
      trim();
    }

    void finish() {
      while (waiting.size() > 0) {
        resolve();
      }
    }

    /** Index of the first block of Q above v (scanning back at most k + 1 blocks). */
    private int above(double v) {
      int i = others.size();
      while (i > 0 && others.value(i - 1) > v) {
        i--;
      }
      return i;
    }

    private void resolve() {
      double v = waiting.value(0);
      long c = waiting.count(0);
      long same = waiting.extra(0);
      waiting.removeFirst();
      int hi = above(v);
      int lo = hi - 1;
      if (lo >= 0 && others.value(lo) == v) {
        lo--;
      }
      if (!shell(v, same, k, others, lo, hi, shell)) {
        if (problem == null) {
          problem =
              String.format(
                  Locale.ROOT,
                  "fewer than k = %d values of the reference differ from the value %s",
                  k,
                  v);
        }
        return;
      }
      sum.add(c * (shell.logRadius - Digamma.of(shell.count)));
    }

    /** Keeps k blocks of Q below the oldest waiting value (or the last k when none waits). */
    private void trim() {
      if (waiting.size() == 0) {
        while (others.size() > k) {
          others.removeFirst();
        }
        return;
      }
      double v = waiting.value(0);
      while (others.size() > k && others.value(k) < v) {
        others.removeFirst();
      }
    }

    double sum() {
      return problem == null ? sum.value() : Double.NaN;
    }

    String problem() {
      return problem;
    }
  }
}

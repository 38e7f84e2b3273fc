package dev.klspark.math;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;

/**
 * Benjamini-Hochberg adjustment of p-values for the false discovery rate.
 *
 * <p>For m p-values sorted ascending, {@code p_(1) <= ... <= p_(m)}, the adjusted value of the i-th
 * is {@code min_{j >= i} min(1, m p_(j) / j)} (Benjamini and Hochberg, J. R. Statist. Soc. B 57
 * (1995) 289-300, step-up procedure; the "adjusted p-value" form of R {@code p.adjust(p, "BH")} and
 * scipy {@code stats.false_discovery_control}). Rejecting every hypothesis whose adjusted value is
 * below {@code alpha} controls the false discovery rate at {@code alpha} for independent tests.
 */
public final class BenjaminiHochberg {
  private BenjaminiHochberg() {}

  /**
   * Adjusted p-values, in the order of the input.
   *
   * @param p p-values in [0, 1]; may be empty
   * @return a new array of adjusted p-values, each {@code >= } its raw value and {@code <= 1}
   * @throws IllegalArgumentException if p is null or holds a value outside [0, 1] or NaN
   */
  public static double[] adjust(double[] p) {
    if (p == null) {
      throw new IllegalArgumentException("p-values are null; expected an array");
    }
    for (int i = 0; i < p.length; i++) {
      if (!(p[i] >= 0.0 && p[i] <= 1.0)) {
        throw new IllegalArgumentException(
            String.format(Locale.ROOT, "p-value p[%d] = %s; expected a value in [0, 1]", i, p[i]));
      }
    }
    int m = p.length;
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    // Stable sort by p ascending: ties keep the input order (the result does not depend on it).
    Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
    double[] adjusted = new double[m];
    double running = 1.0;
    for (int rank = m; rank >= 1; rank--) {
      int i = order[rank - 1];
      running = Math.min(running, Math.min(1.0, p[i] * m / rank));
      adjusted[i] = running;
    }
    return adjusted;
  }
}

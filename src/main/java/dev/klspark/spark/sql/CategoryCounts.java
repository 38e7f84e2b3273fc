package dev.klspark.spark.sql;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The mergeable state of the category aggregates: per category, the number of rows and (for {@code
 * kl_divergence_from_samples}) the model probability the rows gave it. Serialised only at partition
 * boundaries (Java serialisation: the Kryo encoder of Spark 4.1.0 is not serialisable into tasks).
 */
public final class CategoryCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Two rows may give the same category model probabilities this far apart (relative). */
  static final double Q_TOLERANCE = 1e-9;

  /** category -> {count, q}; q is NaN when no model probability was given. */
  final HashMap<String, double[]> byCategory = new HashMap<>();

  long total;

  void add(String category, double q, String fn) {
    double[] slot = byCategory.get(category);
    if (slot == null) {
      byCategory.put(category, new double[] {1.0, q});
    } else {
      slot[0] += 1.0;
      checkSameQ(fn, category, slot[1], q);
    }
    total++;
  }

  CategoryCounts merge(CategoryCounts other, String fn) {
    for (Map.Entry<String, double[]> e : other.byCategory.entrySet()) {
      double[] slot = byCategory.get(e.getKey());
      if (slot == null) {
        byCategory.put(e.getKey(), e.getValue().clone());
      } else {
        slot[0] += e.getValue()[0];
        checkSameQ(fn, e.getKey(), slot[1], e.getValue()[1]);
      }
    }
    total += other.total;
    return this;
  }

  private static void checkSameQ(String fn, String category, double a, double b) {
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return;
    }
    if (!(Math.abs(a - b) <= Q_TOLERANCE * Math.max(Math.abs(a), Math.abs(b)))) {
      throw KlFunctionException.of(
          fn,
          KlErrorCondition.INVALID_DISTRIBUTION,
          String.format(
              Locale.ROOT,
              "category '%s' has q = %s on one row and q = %s on another; expected one model"
                  + " probability per category",
              category,
              a,
              b));
    }
  }
}

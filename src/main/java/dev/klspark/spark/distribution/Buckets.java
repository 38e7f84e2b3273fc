package dev.klspark.spark.distribution;

import dev.klspark.KlsparkException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * Fixed buckets that cut a numeric column into labelled categories, with the semantics of MLlib's
 * {@code org.apache.spark.ml.feature.Bucketizer}: splits {@code s_0 < s_1 < ... < s_m} define m
 * buckets {@code [s_i, s_{i+1})}, left-closed, except the last, {@code [s_{m-1}, s_m]}, which also
 * holds {@code s_m}. Use {@code -inf} and {@code +inf} as outer splits to cover every value.
 *
 * <p>A null value has no bucket (it is counted in {@code null_count}); NaN or a value outside
 * {@code [s_0, s_m]} is an error naming the column and the value (Bucketizer's {@code handleInvalid
 * = "error"}).
 *
 * @param splits strictly increasing, at least 2 (NaN not allowed; infinities allowed at the ends)
 * @param labels one distinct label per bucket ({@code splits.length - 1})
 */
public record Buckets(double[] splits, List<String> labels) {

  public Buckets {
    splits = splits.clone();
    labels = List.copyOf(labels);
    if (splits.length < 2) {
      throw new KlsparkException(
          "bucket splits "
              + Arrays.toString(splits)
              + " define no bucket; expected at least 2 splits");
    }
    for (int i = 0; i < splits.length; i++) {
      if (Double.isNaN(splits[i]) || (i > 0 && !(splits[i] > splits[i - 1]))) {
        throw new KlsparkException(
            String.format(
                Locale.ROOT,
                "bucket splits %s are not strictly increasing at position %d (%s); expected"
                    + " s0 < s1 < ... without NaN",
                Arrays.toString(splits),
                i,
                splits[i]));
      }
    }
    if (labels.size() != splits.length - 1) {
      throw new KlsparkException(
          String.format(
              Locale.ROOT,
              "%d bucket splits define %d buckets but %d labels were given (%s); expected one label"
                  + " per bucket",
              splits.length,
              splits.length - 1,
              labels.size(),
              labels));
    }
    if (new HashSet<>(labels).size() != labels.size() || labels.contains("")) {
      throw new KlsparkException("bucket labels " + labels + " must be distinct and non-empty");
    }
  }

  /** Default labels {@code [s0, s1)}, ..., {@code [s_{m-1}, s_m]} when none are given. */
  public static List<String> defaultLabels(double[] splits) {
    String[] labels = new String[splits.length - 1];
    for (int i = 0; i < labels.length; i++) {
      boolean last = i == labels.length - 1;
      labels[i] = "[" + format(splits[i]) + ", " + format(splits[i + 1]) + (last ? "]" : ")");
    }
    return List.of(labels);
  }

  /**
   * Accepts numbers and {@code -inf}, {@code inf}, {@code +inf}, {@code -Infinity}, {@code
   * Infinity}.
   */
  public static double parseSplit(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    switch (s) {
      case "-inf", "-infinity", "-.inf":
        return Double.NEGATIVE_INFINITY;
      case "inf", "+inf", "infinity", "+infinity", ".inf", "+.inf":
        return Double.POSITIVE_INFINITY;
      default:
        try {
          return Double.parseDouble(s);
        } catch (NumberFormatException e) {
          throw new KlsparkException(
              "bucket split '" + text + "' is not a number; expected a number, -inf or inf");
        }
    }
  }

  private static String format(double d) {
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  @Override
  public double[] splits() {
    return splits.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Buckets b && Arrays.equals(splits, b.splits) && labels.equals(b.labels);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(splits) + labels.hashCode();
  }

  @Override
  public String toString() {
    return "Buckets" + Arrays.toString(splits) + labels;
  }
}

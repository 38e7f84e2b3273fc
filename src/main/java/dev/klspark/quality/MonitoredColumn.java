package dev.klspark.quality;

import dev.klspark.KlsparkException;
import dev.klspark.spark.distribution.Buckets;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A monitored column as the job file declares it: categorical, cut at explicit splits, cut at
 * quantiles of the reference (edges fixed once and stored with the history, see {@link
 * BucketEdges}), or a numeric column compared as it is, without buckets (a <em>value column</em>:
 * the two-sample Kolmogorov–Smirnov test, the Wasserstein-1 distance and the k-NN estimate of
 * KL(current ‖ reference), {@link DriftReport}).
 *
 * <p>Job-file forms of one {@code columns:} entry: {@code weather} (categorical); {@code {name:
 * delay, buckets: quantiles:10}}; {@code {name: delay, splits: [-inf, 0, 15, inf], labels: [early,
 * on_time, late]}}; {@code {name: temp_max, compare: values}} (a value column; {@code compare}
 * takes only {@code values} and excludes {@code buckets}, {@code splits} and {@code labels}).
 *
 * @param name the input column
 * @param quantiles number of quantile buckets, or 0
 * @param buckets explicit buckets, or null
 * @param values whether the column is compared as values ({@code compare: values})
 */
public record MonitoredColumn(String name, int quantiles, Buckets buckets, boolean values)
    implements Serializable {

  /** The job-file key of a value column's entry, and its one value. */
  public static final String COMPARE = "compare";

  /** The value of {@link #COMPARE}. */
  public static final String VALUES = "values";

  /**
   * A categorical or bucketed column.
   *
   * @param name the input column
   * @param quantiles number of quantile buckets, or 0
   * @param buckets explicit buckets, or null
   */
  public MonitoredColumn(String name, int quantiles, Buckets buckets) {
    this(name, quantiles, buckets, false);
  }

  /**
   * Checks the form.
   *
   * @throws IllegalArgumentException if a value column has buckets
   */
  public MonitoredColumn {
    if (values && (quantiles > 0 || buckets != null)) {
      throw new IllegalArgumentException(
          "column " + name + ": a value column (compare: values) has no buckets");
    }
  }

  /** A numeric column compared as it is ({@code {name: COL, compare: values}}). */
  public static MonitoredColumn valueColumn(String name) {
    return new MonitoredColumn(name, 0, null, true);
  }

  /** Whether the column is cut into buckets (explicit or quantile). */
  public boolean bucketed() {
    return quantiles > 0 || buckets != null;
  }

  /**
   * The bucket spec as text, e.g. {@code quantiles:10}; the stored edges are keyed by it. {@code
   * values} for a value column, {@code categorical} for a categorical one.
   */
  public String spec() {
    if (values) {
      return VALUES;
    }
    if (quantiles > 0) {
      return "quantiles:" + quantiles;
    }
    if (buckets != null) {
      return "splits:" + DriftFormat.splits(buckets);
    }
    return "categorical";
  }

  /**
   * Parses the {@code columns} job-file value.
   *
   * @param value the value: a list of names and mappings, or null when the key is absent
   * @throws KlsparkException if the value is null or not a non-empty list, or on a malformed entry
   *     (an unknown key, {@code compare} other than {@code values}, {@code compare} with {@code
   *     buckets}, {@code splits} or {@code labels}, both {@code buckets} and {@code splits}),
   *     naming it
   */
  public static List<MonitoredColumn> parse(Object value) {
    if (value == null) {
      throw new KlsparkException("no monitored columns: set columns: in the job file");
    }
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      throw new KlsparkException(
          "columns: expected a non-empty list of monitored columns (a name, or {name: COL,"
              + " buckets: quantiles:N}, {name: COL, splits: [...]} or {name: COL, compare:"
              + " values}), not '"
              + value
              + "'");
    }
    List<MonitoredColumn> out = new ArrayList<>();
    for (Object o : list) {
      if (o instanceof String s) {
        out.add(new MonitoredColumn(s.trim(), 0, null));
        continue;
      }
      if (!(o instanceof Map<?, ?> m) || !(m.get("name") instanceof String name)) {
        throw new KlsparkException("columns: entry '" + o + "' needs a name");
      }
      for (Object k : m.keySet()) {
        if (!Set.of("name", "buckets", "splits", "labels", COMPARE).contains(String.valueOf(k))) {
          throw new KlsparkException(
              "columns: entry "
                  + name
                  + " has unknown key '"
                  + k
                  + "'; expected name, buckets,"
                  + " splits, labels, compare");
        }
      }
      if (m.containsKey(COMPARE)) {
        Object compare = m.get(COMPARE);
        if (!VALUES.equals(compare instanceof String c ? c.trim() : null)) {
          throw new KlsparkException(
              String.format(
                  Locale.ROOT,
                  "columns: %s.compare = '%s'; expected compare: values (a numeric column compared"
                      + " without buckets), or no compare key",
                  name,
                  compare));
        }
        for (String other : List.of("buckets", "splits", "labels")) {
          if (m.containsKey(other)) {
            throw new KlsparkException(
                String.format(
                    Locale.ROOT,
                    "columns: entry %s has both compare: values and %s; a value column is compared"
                        + " without buckets: remove one of them",
                    name,
                    other));
          }
        }
        out.add(valueColumn(name.trim()));
        continue;
      }
      Object b = m.get("buckets");
      Object splits = m.get("splits");
      if (b != null && splits != null) {
        throw new KlsparkException("columns: entry " + name + " has both buckets and splits");
      }
      if (b != null) {
        String spec = b.toString().trim();
        if (!spec.startsWith("quantiles:")) {
          throw new KlsparkException(
              "columns: " + name + ".buckets = '" + spec + "'; expected quantiles:N");
        }
        int n;
        try {
          n = Integer.parseInt(spec.substring("quantiles:".length()).trim());
        } catch (NumberFormatException e) {
          n = -1;
        }
        if (n < 2 || n > 1000) {
          throw new KlsparkException(
              String.format(
                  Locale.ROOT,
                  "columns: %s.buckets = '%s'; expected quantiles:N with 2 <= N <= 1000",
                  name,
                  spec));
        }
        out.add(new MonitoredColumn(name, n, null));
      } else if (splits != null) {
        if (!(splits instanceof List<?> sl)) {
          throw new KlsparkException("columns: " + name + ".splits must be a list of numbers");
        }
        double[] sp = sl.stream().mapToDouble(x -> Buckets.parseSplit(String.valueOf(x))).toArray();
        List<String> labels = new ArrayList<>();
        if (m.get("labels") instanceof List<?> ll) {
          ll.forEach(x -> labels.add(String.valueOf(x)));
        }
        out.add(
            new MonitoredColumn(
                name, 0, new Buckets(sp, labels.isEmpty() ? Buckets.defaultLabels(sp) : labels)));
      } else {
        out.add(new MonitoredColumn(name, 0, null));
      }
    }
    return out;
  }
}

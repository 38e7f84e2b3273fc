package dev.klspark.quality;

import dev.klspark.KlsparkException;
import dev.klspark.spark.distribution.Buckets;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A monitored column as the job file declares it: categorical, cut at explicit splits, cut at
 * quantiles of the reference (edges fixed once and stored with the history, see {@link
 * BucketEdges}), a numeric column compared as it is, without buckets (a <em>value column</em>: the
 * two-sample Kolmogorov–Smirnov test, the Wasserstein-1 distance and the k-NN estimate of
 * KL(current ‖ reference), {@link DriftReport}), or a classifier's predicted distribution (a
 * <em>prediction column</em>: the expected log-loss and the drift of the mean prediction, {@link
 * DriftPredictions}).
 *
 * <p>Job-file forms of one {@code columns:} entry: {@code weather} (categorical); {@code {name:
 * delay, buckets: quantiles:10}}; {@code {name: delay, splits: [-inf, 0, 15, inf], labels: [early,
 * on_time, late]}}; {@code {name: temp_max, compare: values}} (a value column); {@code {name:
 * probability, compare: predictions, labels: [drizzle, fog, rain]}} (a prediction column: an MLlib
 * Vector or an {@code array<double>} in the order of {@code labels}, or a {@code
 * map<string,double>} from label to probability, whose {@code labels} are optional). {@code
 * compare} excludes {@code buckets} and {@code splits}, and {@code compare: values} also {@code
 * labels}.
 *
 * @param name the input column
 * @param quantiles number of quantile buckets, or 0
 * @param buckets explicit buckets, or null
 * @param kind how the column is compared
 * @param labels a prediction column's label order (empty: a map's own keys); empty otherwise
 */
public record MonitoredColumn(
    String name, int quantiles, Buckets buckets, Kind kind, List<String> labels)
    implements Serializable {

  /** The job-file key of a value or prediction column's entry. */
  public static final String COMPARE = "compare";

  /** The value of {@link #COMPARE} for a value column. */
  public static final String VALUES = "values";

  /** The value of {@link #COMPARE} for a prediction column. */
  public static final String PREDICTIONS = "predictions";

  /** How a monitored column is compared, and so which metrics it has ({@link DriftMetric}). */
  public enum Kind {
    /** Categorical or bucketed: counts per category. */
    CATEGORIES("a categorical or bucketed column"),
    /** {@code compare: values}: the values themselves. */
    VALUES("a value column (compare: values)"),
    /** {@code compare: predictions}: a predicted distribution per row. */
    PREDICTIONS("a prediction column (compare: predictions)");

    private final String description;

    Kind(String description) {
      this.description = description;
    }

    /** The kind as messages name it, e.g. {@code a value column (compare: values)}. */
    public String description() {
      return description;
    }
  }

  /**
   * A categorical or bucketed column.
   *
   * @param name the input column
   * @param quantiles number of quantile buckets, or 0
   * @param buckets explicit buckets, or null
   */
  public MonitoredColumn(String name, int quantiles, Buckets buckets) {
    this(name, quantiles, buckets, Kind.CATEGORIES, List.of());
  }

  /**
   * Checks the form.
   *
   * @throws IllegalArgumentException if a value or prediction column has buckets, a column other
   *     than a prediction column has labels, or the labels repeat one
   */
  public MonitoredColumn {
    labels = List.copyOf(labels);
    if (kind != Kind.CATEGORIES && (quantiles > 0 || buckets != null)) {
      throw new IllegalArgumentException(
          "column " + name + ": " + kind.description() + " has no buckets");
    }
    if (kind != Kind.PREDICTIONS && !labels.isEmpty()) {
      throw new IllegalArgumentException(
          "column " + name + ": only a prediction column has a label order");
    }
    if (new HashSet<>(labels).size() != labels.size()) {
      throw new IllegalArgumentException(
          "column " + name + ": labels " + labels + " repeat a label; expected distinct labels");
    }
  }

  /** A numeric column compared as it is ({@code {name: COL, compare: values}}). */
  public static MonitoredColumn valueColumn(String name) {
    return new MonitoredColumn(name, 0, null, Kind.VALUES, List.of());
  }

  /**
   * A predicted distribution per row ({@code {name: COL, compare: predictions, labels: [...]}}).
   *
   * @param labels the order of a vector's or an array's entries; empty for a map's own keys
   */
  public static MonitoredColumn predictionColumn(String name, List<String> labels) {
    return new MonitoredColumn(name, 0, null, Kind.PREDICTIONS, labels);
  }

  /** Whether the column is compared as values ({@code compare: values}). */
  public boolean values() {
    return kind == Kind.VALUES;
  }

  /** Whether the column holds predicted distributions ({@code compare: predictions}). */
  public boolean predictions() {
    return kind == Kind.PREDICTIONS;
  }

  /** Whether the column is cut into buckets (explicit or quantile). */
  public boolean bucketed() {
    return quantiles > 0 || buckets != null;
  }

  /**
   * The bucket spec as text, e.g. {@code quantiles:10}; the stored edges are keyed by it. {@code
   * values} for a value column, {@code predictions} (with its labels, {@code predictions:[a, b]})
   * for a prediction column, {@code categorical} for a categorical one.
   */
  public String spec() {
    if (values()) {
      return VALUES;
    }
    if (predictions()) {
      return labels.isEmpty() ? PREDICTIONS : PREDICTIONS + ":" + labels;
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
              + " buckets: quantiles:N}, {name: COL, splits: [...]}, {name: COL, compare:"
              + " values} or {name: COL, compare: predictions, labels: [...]}), not '"
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
        out.add(compared(name.trim(), m));
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

  /**
   * A value or prediction column's entry ({@code compare} is set).
   *
   * @throws KlsparkException naming the entry: {@code compare} neither {@code values} nor {@code
   *     predictions}, {@code buckets} or {@code splits} with it, {@code labels} with {@code
   *     values}, labels that are not a non-empty list of distinct names
   */
  private static MonitoredColumn compared(String name, Map<?, ?> m) {
    Object compare = m.get(COMPARE);
    String how = compare instanceof String c ? c.trim() : null;
    if (!VALUES.equals(how) && !PREDICTIONS.equals(how)) {
      throw new KlsparkException(
          String.format(
              Locale.ROOT,
              "columns: %s.compare = '%s'; expected compare: values (a numeric column compared"
                  + " without buckets), compare: predictions (a predicted distribution per row), or"
                  + " no compare key",
              name,
              compare));
    }
    List<String> excluded =
        VALUES.equals(how) ? List.of("buckets", "splits", "labels") : List.of("buckets", "splits");
    for (String other : excluded) {
      if (m.containsKey(other)) {
        throw new KlsparkException(
            String.format(
                Locale.ROOT,
                "columns: entry %s has both compare: %s and %s; %s: remove one of them",
                name,
                how,
                other,
                VALUES.equals(how)
                    ? "a value column is compared without buckets"
                    : "a prediction column has no buckets (labels: the label order)"));
      }
    }
    if (VALUES.equals(how)) {
      return valueColumn(name);
    }
    Object given = m.get("labels");
    List<String> labels = new ArrayList<>();
    if (given != null) {
      if (!(given instanceof List<?> ll) || ll.isEmpty()) {
        throw new KlsparkException(
            String.format(
                Locale.ROOT,
                "columns: %s.labels = '%s'; expected a non-empty list of the labels, in the order"
                    + " of the prediction's entries",
                name,
                given));
      }
      ll.forEach(x -> labels.add(String.valueOf(x)));
      if (new HashSet<>(labels).size() != labels.size()) {
        throw new KlsparkException(
            String.format(
                Locale.ROOT,
                "columns: %s.labels = %s repeats a label; expected distinct labels",
                name,
                labels));
      }
    }
    return predictionColumn(name, labels);
  }
}

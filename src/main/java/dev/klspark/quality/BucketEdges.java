package dev.klspark.quality;

import dev.klspark.KlsparkException;
import dev.klspark.spark.distribution.Buckets;
import dev.klspark.spark.distribution.InputColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * Fixes the bucket edges of quantile-bucketed columns once, so that they do not move from day to
 * day with a rolling reference: the first run computes them from its reference slice ({@code
 * approxQuantile}, relative error {@value #RELATIVE_ERROR}; duplicates removed; {@code -inf} and
 * {@code +inf} as outer splits), and they are stored in {@code OUTPUT/bucket_edges.json} keyed by
 * column, with the spec and the date they were fixed on. Later runs reuse them as long as the
 * column's spec is unchanged; to recompute, delete the column's entry (or the file). With {@code
 * bucket-edges-date} the edges come from that date's reference slice whichever date runs first, so
 * that every run, in any order, gets the same edges; stored edges fixed on another date are then
 * recomputed. Explicit splits are used as they are.
 */
public final class BucketEdges {
  /** Relative error of the quantiles. */
  public static final double RELATIVE_ERROR = 1e-3;

  private BucketEdges() {}

  /** Buckets per bucketed column, and the store to publish with the run. */
  public record Resolution(Map<String, Buckets> buckets, Map<String, Object> store) {}

  /**
   * Resolves the buckets of every bucketed column (explicit splits, stored or new quantile edges).
   *
   * @param columns the monitored columns
   * @param stored the current content of {@code bucket_edges.json} (empty if none)
   * @param reference the reference slice's rows, for edges not stored yet
   * @param date the date whose reference slice {@code reference} is (recorded with new edges)
   * @param pinned whether that date is fixed by the settings ({@code bucket-edges-date}): stored
   *     edges fixed on another date are then recomputed
   * @throws KlsparkException if a quantile column is not numeric or has no reference value
   */
  @SuppressWarnings("unchecked")
  public static Resolution resolve(
      List<MonitoredColumn> columns,
      Map<String, Object> stored,
      Dataset<Row> reference,
      String date,
      boolean pinned) {
    Map<String, Buckets> out = new LinkedHashMap<>();
    Map<String, Object> store = new LinkedHashMap<>(stored);
    List<MonitoredColumn> toCompute = new ArrayList<>();
    for (MonitoredColumn c : columns) {
      if (c.buckets() != null) {
        out.put(c.name(), c.buckets());
      } else if (c.quantiles() > 0) {
        Object s = stored.get(c.name());
        if (s instanceof Map<?, ?> m
            && c.spec().equals(m.get("spec"))
            && (!pinned || date.equals(m.get("fixed_on_report_date")))
            && m.get("splits") instanceof List<?> l) {
          double[] sp =
              l.stream().mapToDouble(x -> Buckets.parseSplit(String.valueOf(x))).toArray();
          out.put(c.name(), new Buckets(sp, Buckets.defaultLabels(sp)));
        } else {
          toCompute.add(c);
        }
      }
    }
    if (toCompute.isEmpty()) {
      return new Resolution(out, store);
    }
    InputColumns ic = new InputColumns(reference.schema(), "reference input");
    String[] names = new String[toCompute.size()];
    for (int i = 0; i < names.length; i++) {
      StructField f = ic.field(toCompute.get(i).name(), "monitored column");
      if (!InputColumns.isNumeric(f.dataType())) {
        throw new KlsparkException(
            String.format(
                Locale.ROOT,
                "monitored column '%s' has type %s; buckets: quantiles needs a numeric column",
                f.name(),
                f.dataType().simpleString()));
      }
      names[i] = f.name();
    }
    Dataset<Row> numeric =
        reference.select(
            Arrays.stream(names)
                .map(n -> InputColumns.column(n).cast("double").as(n))
                .toArray(org.apache.spark.sql.Column[]::new));
    for (int i = 0; i < names.length; i++) {
      MonitoredColumn c = toCompute.get(i);
      double[] probs = new double[c.quantiles() - 1];
      for (int j = 0; j < probs.length; j++) {
        probs[j] = (j + 1.0) / c.quantiles();
      }
      double[] q = numeric.stat().approxQuantile(names[i], probs, RELATIVE_ERROR);
      if (q.length == 0) {
        throw new KlsparkException(
            String.format(
                Locale.ROOT,
                "cannot fix the quantile bucket edges of column '%s' on %s: the reference slice has"
                    + " no non-null value of it",
                c.name(),
                date));
      }
      TreeSet<Double> inner = new TreeSet<>();
      for (double x : q) {
        if (Double.isFinite(x)) {
          inner.add(x);
        }
      }
      double[] sp = new double[inner.size() + 2];
      sp[0] = Double.NEGATIVE_INFINITY;
      int j = 1;
      for (double x : inner) {
        sp[j++] = x;
      }
      sp[j] = Double.POSITIVE_INFINITY;
      out.put(c.name(), new Buckets(sp, Buckets.defaultLabels(sp)));
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("spec", c.spec());
      List<String> splits = new ArrayList<>();
      for (double x : sp) {
        splits.add(Double.toString(x));
      }
      entry.put("splits", splits);
      entry.put("fixed_on_report_date", date);
      entry.put("relative_error", RELATIVE_ERROR);
      store.put(c.name(), entry);
    }
    return new Resolution(out, store);
  }

  /**
   * What to write to {@code bucket_edges.json} when this run's store differs from what it read: the
   * file's content now (another run of another date, with a history table, may have written it
   * meanwhile) with this run's new entries. Runs that computed the same edges agree (with {@code
   * bucket-edges-date} they always do).
   *
   * @param read the content this run read before it resolved the edges
   * @param now the content of the file now (empty if none)
   * @param ours this run's store ({@link Resolution#store()})
   * @return the content to write, or null when {@code now} already holds it
   * @throws KlsparkException if another run stored different edges for a column this run fixed
   */
  public static Map<String, Object> reconcile(
      Map<String, Object> read, Map<String, Object> now, Map<String, Object> ours) {
    Map<String, Object> out = new LinkedHashMap<>(now);
    for (Map.Entry<String, Object> e : ours.entrySet()) {
      String column = e.getKey();
      if (e.getValue().equals(read.get(column))) {
        continue; // not fixed by this run
      }
      Object theirs = now.get(column);
      if (theirs != null && !theirs.equals(read.get(column)) && !theirs.equals(e.getValue())) {
        throw new KlsparkException(
            String.format(
                Locale.ROOT,
                "the bucket edges of column '%s' were fixed by another run at the same time, from"
                    + " another reference slice; rerun this date (it will use them), or set"
                    + " bucket-edges-date so that every run computes the same edges",
                column));
      }
      out.put(column, e.getValue());
    }
    return out.equals(now) ? null : out;
  }
}

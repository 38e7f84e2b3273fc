package dev.klspark.compare;

import dev.klspark.KlsparkException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Are two reports the same? Same schema, same rows (matched after sorting by the key columns),
 * every floating-point value equal or within a relative tolerance, every other value equal. Used by
 * {@code jobs/compare-reports} and {@code jobs/cluster-smoke} to check that a cluster run and a
 * local run agree.
 *
 * <p>The relative difference of two finite values u and v is |u - v| / max(|u|, |v|) (0 when they
 * are equal); two NaNs, or two equal infinities, are equal. Both reports are collected to the
 * driver: a report has one row per group.
 */
public final class ReportComparison {
  private ReportComparison() {}

  /**
   * Result of a comparison: empty {@code diffs} means the reports agree.
   *
   * @param diffs the first differences described (at most the {@code maxDiffs} asked for, then a
   *     line counting the others)
   * @param differentCells values of matched rows that differ
   * @param maxRelativeDiff the largest relative difference of two finite floating-point values of
   *     matched rows (NaN when the schemas differ)
   */
  public record Result(
      long leftRows,
      long rightRows,
      List<String> diffs,
      long differentCells,
      double maxRelativeDiff) {
    /** Whether the reports agree. */
    public boolean same() {
      return diffs.isEmpty();
    }
  }

  /**
   * Compares two reports.
   *
   * @param key the columns identifying a row; null or empty for the columns before {@code n}
   * @param tolerance relative tolerance for float and double values
   * @param maxDiffs differences to describe (all are counted)
   * @throws KlsparkException when a key column is not in the reports, or, without {@code key}, when
   *     they have no column {@code n}
   */
  public static Result compare(
      Dataset<Row> a, Dataset<Row> b, List<String> key, double tolerance, int maxDiffs) {
    List<String> diffs = new ArrayList<>();
    StructType sa = a.schema();
    StructType sb = b.schema();
    if (!Arrays.equals(simple(sa), simple(sb))) {
      diffs.add("schemas differ: " + sa.simpleString() + " vs " + sb.simpleString());
      return new Result(a.count(), b.count(), diffs, 0, Double.NaN);
    }
    List<String> keys = key == null || key.isEmpty() ? defaultKey(sa) : key;
    for (String k : keys) {
      if (!Arrays.asList(sa.fieldNames()).contains(k)) {
        throw new KlsparkException(
            "key column '"
                + k
                + "' is not in the report; columns: "
                + String.join(", ", sa.fieldNames()));
      }
    }
    int[] total = {0};
    List<Row> ra = sorted(a, keys, sa);
    List<Row> rb = sorted(b, keys, sa);
    if (ra.size() != rb.size()) {
      add(diffs, total, maxDiffs, "row counts differ: " + ra.size() + " vs " + rb.size());
    }
    StructField[] fields = sa.fields();
    long cells = 0;
    double maxRel = 0;
    int i = 0;
    int j = 0;
    while (i < ra.size() || j < rb.size()) {
      Row x = i < ra.size() ? ra.get(i) : null;
      Row y = j < rb.size() ? rb.get(j) : null;
      int c = x == null ? 1 : y == null ? -1 : compareKeys(x, y, keys);
      if (c < 0) {
        add(diffs, total, maxDiffs, "only in LEFT: " + describe(x, keys));
        i++;
        continue;
      }
      if (c > 0) {
        add(diffs, total, maxDiffs, "only in RIGHT: " + describe(y, keys));
        j++;
        continue;
      }
      for (int f = 0; f < fields.length; f++) {
        Object u = x.get(f);
        Object v = y.get(f);
        double rel = relativeDiff(u, v);
        if (!Double.isNaN(rel)) {
          maxRel = Math.max(maxRel, rel);
        }
        if (!equal(u, v, rel, tolerance)) {
          cells++;
          add(
              diffs,
              total,
              maxDiffs,
              describe(x, keys) + " " + fields[f].name() + ": " + u + " vs " + v);
        }
      }
      i++;
      j++;
    }
    if (total[0] > diffs.size()) {
      diffs.add("... and " + (total[0] - diffs.size()) + " more differences");
    }
    return new Result(ra.size(), rb.size(), diffs, cells, maxRel);
  }

  private static String[] simple(StructType s) {
    return Arrays.stream(s.fields())
        .map(f -> f.name() + ":" + f.dataType().simpleString())
        .toArray(String[]::new);
  }

  private static List<String> defaultKey(StructType s) {
    List<String> names = Arrays.asList(s.fieldNames());
    int n = names.indexOf("n");
    if (n < 0) {
      throw new KlsparkException("no column 'n' in the report: pass --key COLS");
    }
    return names.subList(0, n);
  }

  private static List<Row> sorted(Dataset<Row> d, List<String> keys, StructType s) {
    if (keys.isEmpty()) {
      return d.collectAsList();
    }
    Column[] order =
        keys.stream()
            .map(k -> functions.col("`" + k.replace("`", "``") + "`").asc_nulls_first())
            .toArray(Column[]::new);
    return d.orderBy(order).collectAsList();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareKeys(Row x, Row y, List<String> keys) {
    for (String k : keys) {
      Object u = x.getAs(k);
      Object v = y.getAs(k);
      int c;
      if (u == null || v == null) {
        c = u == null ? (v == null ? 0 : -1) : 1;
      } else if (u instanceof Comparable cu && u.getClass() == v.getClass()) {
        c = cu.compareTo(v);
      } else {
        c = String.valueOf(u).compareTo(String.valueOf(v));
      }
      if (c != 0) {
        return Integer.signum(c);
      }
    }
    return 0;
  }

  /** |u - v| / max(|u|, |v|) for two finite floating-point values, else NaN. */
  private static double relativeDiff(Object u, Object v) {
    if (!(u instanceof Double || u instanceof Float)
        || !(v instanceof Double || v instanceof Float)) {
      return Double.NaN;
    }
    double a = ((Number) u).doubleValue();
    double b = ((Number) v).doubleValue();
    if (!Double.isFinite(a) || !Double.isFinite(b)) {
      return Double.NaN;
    }
    if (a == b) {
      return 0;
    }
    return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
  }

  private static boolean equal(Object u, Object v, double rel, double tolerance) {
    if (Objects.equals(u, v)) {
      return true; // also NaN = NaN and Infinity = Infinity for boxed doubles
    }
    return !Double.isNaN(rel) && rel <= tolerance;
  }

  private static String describe(Row r, List<String> keys) {
    List<String> parts = new ArrayList<>();
    for (String k : keys) {
      parts.add(k + "=" + r.getAs(k));
    }
    return "[" + String.join(", ", parts) + "]";
  }

  private static void add(List<String> diffs, int[] total, int max, String d) {
    total[0]++;
    if (diffs.size() < max) {
      diffs.add(d);
    }
  }
}

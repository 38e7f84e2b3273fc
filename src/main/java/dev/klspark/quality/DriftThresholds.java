package dev.klspark.quality;

import dev.klspark.KlsparkException;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Warn and fail levels per metric, with per-column and per-group overrides. The levels of a
 * (column, group) are merged metric by metric and level by level, the most specific winning:
 * <b>group &gt; column &gt; global</b> (a group override applies to every column of that group).
 *
 * <p>Job-file shape (YAML):
 *
 * <pre>
 * thresholds:          { psi: {warn: 0.1, fail: 0.25}, p_value: {fail: 0.001} }
 * column-thresholds:   { distance: { psi: {warn: 0.2, fail: 0.5} } }
 * group-thresholds:    { ORD: { psi: {fail: 0.4} } }
 * </pre>
 */
public final class DriftThresholds implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A warn and a fail level; either may be null (not checked). */
  public record Level(Double warn, Double fail) implements Serializable {}

  /**
   * The default when a job file sets no {@code thresholds}: PSI 0.1 / 0.25 (credit-risk practice).
   */
  public static final Map<DriftMetric, Level> DEFAULT =
      Map.of(DriftMetric.PSI, new Level(0.1, 0.25));

  private final Map<DriftMetric, Level> global;
  private final Map<String, Map<DriftMetric, Level>> byColumn;
  private final Map<String, Map<DriftMetric, Level>> byGroup;

  private DriftThresholds(
      Map<DriftMetric, Level> global,
      Map<String, Map<DriftMetric, Level>> byColumn,
      Map<String, Map<DriftMetric, Level>> byGroup) {
    this.global = global;
    this.byColumn = byColumn;
    this.byGroup = byGroup;
  }

  /**
   * Parses the three job-file keys.
   *
   * @param global the {@code thresholds} value (null: {@link #DEFAULT})
   * @param byColumn the {@code column-thresholds} value, or null
   * @param byGroup the {@code group-thresholds} value, or null
   * @throws KlsparkException naming the key and the offending entry
   */
  public static DriftThresholds parse(Object global, Object byColumn, Object byGroup) {
    Map<DriftMetric, Level> g =
        global == null ? new EnumMap<>(DEFAULT) : levels(global, "thresholds");
    return new DriftThresholds(
        g, nested(byColumn, "column-thresholds"), nested(byGroup, "group-thresholds"));
  }

  private static Map<String, Map<DriftMetric, Level>> nested(Object v, String key) {
    Map<String, Map<DriftMetric, Level>> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    for (Map.Entry<String, Object> e : map(v, key).entrySet()) {
      out.put(e.getKey(), levels(e.getValue(), key + "." + e.getKey()));
    }
    return out;
  }

  private static Map<DriftMetric, Level> levels(Object v, String where) {
    Map<DriftMetric, Level> out = new EnumMap<>(DriftMetric.class);
    for (Map.Entry<String, Object> e : map(v, where).entrySet()) {
      DriftMetric m;
      try {
        m = DriftMetric.of(e.getKey());
      } catch (IllegalArgumentException ex) {
        throw new KlsparkException(where + ": " + ex.getMessage(), ex);
      }
      Map<String, Object> lv = map(e.getValue(), where + "." + e.getKey());
      for (String k : lv.keySet()) {
        if (!k.equals("warn") && !k.equals("fail")) {
          throw new KlsparkException(
              String.format(
                  Locale.ROOT,
                  "%s.%s has key '%s'; expected warn and/or fail",
                  where,
                  e.getKey(),
                  k));
        }
      }
      Double warn = number(lv.get("warn"), where + "." + e.getKey() + ".warn");
      Double fail = number(lv.get("fail"), where + "." + e.getKey() + ".fail");
      if (warn != null && fail != null && !m.reaches(fail, warn)) {
        throw new KlsparkException(
            String.format(
                Locale.ROOT,
                "%s.%s: fail %s is less severe than warn %s",
                where,
                e.getKey(),
                fail,
                warn));
      }
      out.put(m, new Level(warn, fail));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object v, String where) {
    if (!(v instanceof Map)) {
      throw new KlsparkException(where + " must be a mapping, not '" + v + "'");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    ((Map<Object, Object>) v).forEach((k, x) -> out.put(String.valueOf(k), x));
    return out;
  }

  private static Double number(Object v, String where) {
    if (v == null) {
      return null;
    }
    try {
      double d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
      if (Double.isNaN(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new KlsparkException(String.format(Locale.ROOT, "%s = '%s' is not a number", where, v));
    }
  }

  /** The merged levels of one (column, group): group &gt; column &gt; global. */
  public Map<DriftMetric, Level> levels(String column, String groupKey) {
    Map<DriftMetric, Level> out = new EnumMap<>(global);
    merge(out, byColumn.get(column));
    merge(out, byGroup.get(groupKey));
    return out;
  }

  private static void merge(Map<DriftMetric, Level> into, Map<DriftMetric, Level> over) {
    if (over == null) {
      return;
    }
    over.forEach(
        (m, l) -> {
          Level base = into.get(m);
          Double warn = l.warn() != null ? l.warn() : base == null ? null : base.warn();
          Double fail = l.fail() != null ? l.fail() : base == null ? null : base.fail();
          into.put(m, new Level(warn, fail));
        });
  }

  /**
   * The levels as text for the history's {@code thresholds} column, e.g. {@code psi_nats warn>=0.1
   * fail>=0.25}.
   */
  public static String describe(Map<DriftMetric, Level> levels) {
    StringBuilder sb = new StringBuilder();
    levels.forEach(
        (m, l) -> {
          sb.append(sb.length() == 0 ? "" : "; ").append(m.column());
          if (l.warn() != null) {
            sb.append(" warn").append(m.operator()).append(DriftFormat.num(l.warn()));
          }
          if (l.fail() != null) {
            sb.append(" fail").append(m.operator()).append(DriftFormat.num(l.fail()));
          }
        });
    return sb.toString();
  }

  /** As JSON-friendly maps, for the run summary. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("thresholds", plain(global));
    Map<String, Object> c = new LinkedHashMap<>();
    byColumn.forEach((k, v) -> c.put(k, plain(v)));
    m.put("column_thresholds", c);
    Map<String, Object> g = new LinkedHashMap<>();
    byGroup.forEach((k, v) -> g.put(k, plain(v)));
    m.put("group_thresholds", g);
    return m;
  }

  private static Map<String, Object> plain(Map<DriftMetric, Level> levels) {
    Map<String, Object> out = new LinkedHashMap<>();
    levels.forEach(
        (m, l) -> {
          Map<String, Object> x = new LinkedHashMap<>();
          x.put("warn", l.warn());
          x.put("fail", l.fail());
          out.put(m.key(), x);
        });
    return out;
  }
}

package dev.klspark.spark.engine;

import dev.klspark.KlsparkException;
import dev.klspark.spark.distribution.InputColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/**
 * A report's group columns: the input fields (names and types, as the user named them) and the
 * internal names {@code __g0, __g1, ...} they take inside the report's plan, so that names with
 * spaces or dots, or equal to an internal column, never clash.
 *
 * @param fields the input fields, in {@code --group-by} order
 * @param names their internal names
 */
public record GroupColumns(List<StructField> fields, List<String> names) {

  /**
   * Resolves the group columns of a report.
   *
   * @param columns the input's columns
   * @param groupBy the group column names
   * @param reserved the report's own column names
   * @throws KlsparkException if a column is missing, or would clash with a report column (a
   *     reserved name, or one ending in {@code _nats} or {@code _bits})
   */
  public static GroupColumns resolve(
      InputColumns columns, List<String> groupBy, Set<String> reserved) {
    List<StructField> fields = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String g : groupBy) {
      StructField f = columns.field(g, "group column");
      if (reserved.contains(f.name()) || f.name().endsWith("_nats") || f.name().endsWith("_bits")) {
        throw new KlsparkException(
            String.format(
                Locale.ROOT,
                "group column '%s' has the name of a report column; rename it in the input",
                f.name()));
      }
      fields.add(f);
      names.add("__g" + names.size());
    }
    return new GroupColumns(List.copyOf(fields), List.copyOf(names));
  }

  /** The internal columns, {@code col("__g0"), ...}. */
  public List<Column> internal() {
    return names.stream().map(functions::col).toList();
  }

  /** The projection from the input: {@code `name` AS __gI} for each group column. */
  public List<Column> fromInput() {
    List<Column> out = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      out.add(InputColumns.column(fields.get(i).name()).as(names.get(i)));
    }
    return out;
  }

  /**
   * A group's label for reports: its values (from a report row keyed by column name) joined by
   * {@code ·}, or {@code all} without group columns.
   */
  public static String label(List<String> groupBy, Map<String, Object> row) {
    if (groupBy.isEmpty()) {
      return "all";
    }
    List<String> v = new ArrayList<>();
    for (String g : groupBy) {
      v.add(String.valueOf(row.get(g)));
    }
    return String.join(" · ", v);
  }
}

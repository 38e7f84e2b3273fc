package dev.klspark.spark.engine;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The top groups of a written report, the list the console, {@code summary.json} and the HTML page
 * show: the rows with {@code n ≥ minN} in a ranking's order, at most {@code topN} of them, each as
 * column name to value. Only these rows reach the driver.
 */
public final class TopGroups {
  private TopGroups() {}

  /**
   * The top rows of {@code report}.
   *
   * @param order the ranking's sort order
   * @param value how a column's value is kept (name, value to value), e.g. a count as an integer
   * @return the rows, each a map in the report's column order
   */
  public static List<Map<String, Object>> of(
      Dataset<Row> report,
      Column[] order,
      int topN,
      double minN,
      BiFunction<String, Object, Object> value) {
    List<Map<String, Object>> top = new ArrayList<>();
    String[] names = report.columns();
    for (Row r : report.where(col("n").geq(minN)).orderBy(order).limit(topN).collectAsList()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < names.length; i++) {
        m.put(names[i], value.apply(names[i], r.get(i)));
      }
      top.add(m);
    }
    return top;
  }
}

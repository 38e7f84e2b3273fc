package dev.klspark.spark.distribution;

import dev.klspark.KlsparkException;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/**
 * How a row's category is read: a categorical column as it is (string, integer or boolean, compared
 * as its string form), or a numeric column cut by {@link Buckets}.
 *
 * @param column the input column name
 * @param buckets the buckets, or null for a categorical column
 * @param nullCategory the label that null categories get, or null to exclude them (counted in
 *     {@code null_count})
 */
public record CategorySpec(String column, Buckets buckets, String nullCategory) {

  /**
   * The category of each row as a string Column: native expressions only (a CASE chain for
   * buckets), so the aggregation stays in whole-stage code generation.
   *
   * @param columns the input's columns
   * @throws KlsparkException if the column is missing, or its type does not fit (a categorical
   *     column must be string, integer or boolean; a bucketed column numeric)
   */
  public Column expression(InputColumns columns) {
    StructField field = columns.field(column, "category column");
    Column c = InputColumns.column(field.name());
    Column category;
    if (buckets == null) {
      if (!InputColumns.isCategorical(field.dataType())) {
        throw InputColumns.wrongType(
            field,
            "category column",
            "expected string, integer or boolean (cut a numeric column into buckets with"
                + " --bucket-splits)");
      }
      category = c.cast("string");
    } else {
      if (!InputColumns.isNumeric(field.dataType())) {
        throw InputColumns.wrongType(
            field, "bucketed category column", "expected a numeric column");
      }
      category = bucket(c.cast("double"), field.name());
    }
    return nullCategory == null
        ? category
        : functions.coalesce(category, functions.lit(nullCategory));
  }

  /**
   * The same category as {@link #expression} as Spark SQL text over a table with the input's
   * columns, for a pipeline stage that must work on raw rows (a {@code SQLTransformer} of a saved
   * {@code PipelineModel}); the same values and the same row-check message.
   *
   * @param columns the input's columns
   * @throws KlsparkException as {@link #expression}
   */
  public String sql(InputColumns columns) {
    expression(columns); // the same checks of the column and its type
    String c = "`" + columns.field(column, "category column").name().replace("`", "``") + "`";
    String category;
    if (buckets == null) {
      category = "CAST(" + c + " AS STRING)";
    } else {
      double[] s = buckets.splits();
      List<String> labels = buckets.labels();
      int m = labels.size();
      String x = "CAST(" + c + " AS DOUBLE)";
      StringBuilder b = new StringBuilder("CASE WHEN ").append(x).append(" IS NULL THEN NULL");
      b.append(" WHEN isnan(").append(x).append(") OR ").append(x).append(" < ").append(num(s[0]));
      b.append(" OR ").append(x).append(" > ").append(num(s[m])).append(" THEN CAST(raise_error(");
      b.append("concat(").append(str(RowChecks.MARKER)).append(", format_string(");
      b.append(
          str(
              "bucketed category column '%s' has value %s outside the bucket splits [%s, %s];"
                  + " expected a value covered by --bucket-splits (use -inf and inf as outer"
                  + " splits)"));
      b.append(", ").append(str(columns.field(column, "category column").name()));
      b.append(", CAST(").append(x).append(" AS STRING), ").append(str(Double.toString(s[0])));
      b.append(", ").append(str(Double.toString(s[m]))).append("))) AS STRING)");
      for (int i = 0; i < m - 1; i++) {
        b.append(" WHEN ").append(x).append(" < ").append(num(s[i + 1]));
        b.append(" THEN ").append(str(labels.get(i)));
      }
      category = b.append(" ELSE ").append(str(labels.get(m - 1))).append(" END").toString();
    }
    return nullCategory == null
        ? category
        : "coalesce(" + category + ", " + str(nullCategory) + ")";
  }

  /** A double as an exact SQL literal (infinities included). */
  private static String num(double d) {
    return "CAST('" + Double.toString(d) + "' AS DOUBLE)";
  }

  /** A SQL string literal. */
  private static String str(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /**
   * Bucketizer semantics (left-closed, last bucket closed) with an error for NaN / out of range.
   */
  private Column bucket(Column x, String name) {
    double[] s = buckets.splits();
    List<String> labels = buckets.labels();
    int m = labels.size();
    Column invalid =
        RowChecks.fail(
            functions.format_string(
                "bucketed category column '%s' has value %s outside the bucket splits [%s, %s];"
                    + " expected a value covered by --bucket-splits (use -inf and inf as outer splits)",
                functions.lit(name),
                x.cast("string"),
                functions.lit(Double.toString(s[0])),
                functions.lit(Double.toString(s[m]))));
    Column chain = functions.when(x.isNull(), functions.lit(null).cast("string"));
    chain = chain.when(functions.isnan(x).or(x.lt(s[0])).or(x.gt(s[m])), invalid);
    for (int i = 0; i < m - 1; i++) {
      chain = chain.when(x.lt(s[i + 1]), functions.lit(labels.get(i)));
    }
    return chain.otherwise(functions.lit(labels.get(m - 1)));
  }
}

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

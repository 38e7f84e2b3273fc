package dev.klspark.spark.distribution;

import dev.klspark.UsageException;
import java.util.Locale;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NullType;

/**
 * Row conditions given as Spark SQL text ({@code --filter}, {@code --reference-filter}): parsed and
 * resolved against the input before any work, so that a syntax error, an unknown column or an
 * expression that is not a condition is one clear line naming the flag and Spark's reason.
 */
public final class Conditions {
  private Conditions() {}

  /**
   * The condition as a boolean column; {@code lit(true)} for null or blank text.
   *
   * @param flag the flag or key that gave it, for messages
   * @throws UsageException if the text does not parse, does not resolve on the input, or is not of
   *     boolean type (a numeric expression such as {@code id % 2} is not taken as a condition)
   */
  public static Column parse(Dataset<Row> input, String sql, String flag) {
    if (sql == null || sql.isBlank()) {
      return functions.lit(true);
    }
    DataType type;
    Column c;
    try {
      c = functions.expr(sql);
      type = input.select(c).schema().fields()[0].dataType();
    } catch (Exception e) {
      if (!(e instanceof AnalysisException)) {
        throw e;
      }
      throw new UsageException(
          String.format(
              Locale.ROOT,
              "%s '%s' is not a valid Spark SQL condition on the input: %s",
              flag,
              sql,
              reason(e.getMessage())),
          e);
    }
    if (!(type instanceof BooleanType) && !(type instanceof NullType)) {
      throw new UsageException(
          String.format(
              Locale.ROOT,
              "%s '%s' is an expression of type %s, not a condition; expected a boolean"
                  + " expression, e.g. (%s) = 0",
              flag,
              sql,
              type.simpleString(),
              sql));
    }
    return c.cast("boolean");
  }

  /** The first non-blank line of a Spark message: {@link dev.klspark.Messages#reason}. */
  public static String reason(String message) {
    return dev.klspark.Messages.reason(message);
  }
}

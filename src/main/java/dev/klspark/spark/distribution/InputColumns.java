package dev.klspark.spark.distribution;

import dev.klspark.KlsparkException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Finds columns of an input by name, with messages that list what is there. Names may contain
 * spaces, dots or back-ticks: a name is always one top-level column, never a path into a struct.
 */
public final class InputColumns {
  private final StructType schema;
  private final String what;

  /**
   * @param schema the input schema
   * @param what how messages name the input, e.g. {@code "input"} or {@code "model table"}
   */
  public InputColumns(StructType schema, String what) {
    this.schema = schema;
    this.what = what;
  }

  /** Whether {@link #field} finds a column {@code name} (exact, or the only case-insensitive). */
  public boolean has(String name) {
    long exact = Arrays.stream(schema.fieldNames()).filter(name::equals).count();
    long loose = Arrays.stream(schema.fieldNames()).filter(name::equalsIgnoreCase).count();
    return exact > 0 || loose == 1;
  }

  /**
   * The field named {@code name}: an exact match, else the only case-insensitive match.
   *
   * @param role what the column is for, e.g. {@code "group column"}
   * @throws KlsparkException if no field, or several differing only in case, match
   */
  public StructField field(String name, String role) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    List<StructField> matches = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (f.name().equalsIgnoreCase(name)) {
        matches.add(f);
      }
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    throw new KlsparkException(
        String.format(
            Locale.ROOT,
            "%s '%s' not found in the %s; available columns: %s",
            role,
            name,
            what,
            Arrays.toString(schema.fieldNames())));
  }

  /**
   * The error for a column whose type does not fit its role: {@code ROLE 'NAME' has type TYPE;
   * EXPECTED}, e.g. "weight column 'w' has type string; expected a numeric type".
   *
   * @param field the column
   * @param role what the column is for, e.g. {@code "weight column"}
   * @param expected what the type should be, from "expected" on
   */
  public static KlsparkException wrongType(StructField field, String role, String expected) {
    return new KlsparkException(
        String.format(
            Locale.ROOT,
            "%s '%s' has type %s; %s",
            role,
            field.name(),
            field.dataType().simpleString(),
            expected));
  }

  /** A Column for a top-level field, quoted so that dots and spaces are taken literally. */
  public static Column column(String fieldName) {
    return functions.col(quote(fieldName));
  }

  /** Back-tick quoting for a column name in a Spark SQL expression. */
  public static String quote(String fieldName) {
    return "`" + fieldName.replace("`", "``") + "`";
  }

  /** Whether the type can be a category as it is: string, integral or boolean. */
  public static boolean isCategorical(DataType t) {
    return t instanceof StringType || t instanceof IntegralType || t instanceof BooleanType;
  }

  /** Whether the type is numeric (integral, float, double or decimal). */
  public static boolean isNumeric(DataType t) {
    return t instanceof IntegralType
        || t instanceof DoubleType
        || t instanceof FloatType
        || t instanceof DecimalType;
  }
}

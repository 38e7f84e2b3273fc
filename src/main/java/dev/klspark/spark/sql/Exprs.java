package dev.klspark.spark.sql;

import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.compat.SparkCompat;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.types.AbstractDataType;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;

/**
 * Catalyst expression helpers for the function builders: argument checks with messages that name
 * the function and the argument, and the {@code StaticInvoke} calls into {@link ScalarBindings}.
 * Scala types stop here.
 */
final class Exprs {
  static final ArrayType DOUBLE_ARRAY = DataTypes.createArrayType(DataTypes.DoubleType, true);
  static final ArrayType DOUBLE_MATRIX = DataTypes.createArrayType(DOUBLE_ARRAY, true);
  static final MapType STRING_DOUBLE_MAP =
      DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, true);

  /** How a distribution argument arrives. */
  enum Shape {
    ARRAY,
    MAP,
    NULL
  }

  private Exprs() {}

  static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
    return SparkCompat.seq(list);
  }

  static Literal intLiteral(int value) {
    return Literal.create(value, DataTypes.IntegerType);
  }

  /** A call to a static method of {@link ScalarBindings}; NULL in any argument gives NULL. */
  static Expression invoke(
      String method, DataType returnType, List<Expression> args, List<AbstractDataType> types) {
    return invoke(method, returnType, args, types, false);
  }

  /**
   * As {@link #invoke(String, DataType, List, List)}; with {@code returnNullable} the method may
   * also return null for non-null arguments.
   */
  static Expression invoke(
      String method,
      DataType returnType,
      List<Expression> args,
      List<AbstractDataType> types,
      boolean returnNullable) {
    return SparkCompat.staticInvoke(
        ScalarBindings.class, returnType, method, args, types, true, returnNullable);
  }

  static void requireArity(String fn, List<Expression> args, int min, int max, String signature) {
    int n = args.size();
    if (n < min || n > max) {
      String expected = min == max ? Integer.toString(min) : min + " or " + max;
      throw KlFunctionException.format(
          fn,
          KlErrorCondition.INVALID_ARGUMENT,
          "takes %s arguments %s; got %d",
          expected,
          signature,
          n);
    }
  }

  /** The unit argument: a constant string 'nats' or 'bits', evaluated once at analysis. */
  static LogBase unit(String fn, Expression e) {
    if (!(e.dataType() instanceof StringType) || !e.foldable()) {
      throw KlFunctionException.format(
          fn,
          KlErrorCondition.INVALID_ARGUMENT,
          "unit must be a constant string 'nats' or 'bits'; got %s of type %s",
          e.sql(),
          e.dataType().simpleString());
    }
    Object value = e.eval(null);
    try {
      return LogBase.parse(value == null ? null : value.toString());
    } catch (IllegalArgumentException ex) {
      throw KlFunctionException.of(fn, KlErrorCondition.INVALID_ARGUMENT, ex);
    }
  }

  /**
   * A smoothing policy: a constant string {@code none}, {@code additive:ALPHA} or {@code
   * floor:EPSILON}, parsed once at analysis.
   */
  static Smoothing smoothing(String fn, Expression e) {
    if (!(e.dataType() instanceof StringType) || !e.foldable()) {
      throw KlFunctionException.format(
          fn,
          KlErrorCondition.INVALID_ARGUMENT,
          "policy must be a constant string such as 'additive:0.5' or 'floor:1e-9'; got %s of"
              + " type %s",
          e.sql(),
          e.dataType().simpleString());
    }
    Object value = e.eval(null);
    try {
      return Smoothing.parse(value == null ? null : value.toString());
    } catch (IllegalArgumentException ex) {
      throw KlFunctionException.of(fn, KlErrorCondition.INVALID_ARGUMENT, ex);
    }
  }

  /** A confidence level: a constant number in (0, 1), evaluated once at analysis. */
  static double level(String fn, Expression e) {
    if (!(e.dataType() instanceof NumericType) || !e.foldable()) {
      throw KlFunctionException.format(
          fn,
          KlErrorCondition.INVALID_ARGUMENT,
          "level must be a constant number in (0, 1); got %s of type %s",
          e.sql(),
          e.dataType().simpleString());
    }
    Object value = e.eval(null);
    double v = value == null ? Double.NaN : Double.parseDouble(value.toString());
    if (!(v > 0.0 && v < 1.0)) {
      throw KlFunctionException.format(
          fn,
          KlErrorCondition.PARAMETER_OUT_OF_RANGE,
          "level = %s; expected a number in (0, 1), e.g. 0.95",
          value);
    }
    return v;
  }

  static Shape shape(String fn, String name, Expression e) {
    DataType t = e.dataType();
    if (t instanceof NullType) {
      return Shape.NULL;
    }
    if (isVector(t)
        || t instanceof ArrayType a
            && (a.elementType() instanceof NumericType || a.elementType() instanceof NullType)) {
      return Shape.ARRAY;
    }
    if (t instanceof MapType m
        && m.keyType() instanceof StringType
        && (m.valueType() instanceof NumericType || m.valueType() instanceof NullType)) {
      return Shape.MAP;
    }
    throw wrongType(fn, name, t, "array<double>, map<string,double> or an MLlib vector");
  }

  /**
   * Whether two distribution arguments are aligned by key (a map, the other a map or NULL) rather
   * than by index (arrays or vectors).
   *
   * @throws KlFunctionException if either is neither, or one is a map and the other is not
   */
  static boolean alignedByKey(String fn, String nameA, Expression a, String nameB, Expression b) {
    Shape sa = shape(fn, nameA, a);
    Shape sb = shape(fn, nameB, b);
    boolean maps = sa == Shape.MAP || sb == Shape.MAP;
    if (maps && (sa == Shape.ARRAY || sb == Shape.ARRAY)) {
      throw KlFunctionException.format(
          fn,
          KlErrorCondition.INVALID_ARGUMENT,
          "%s has type %s and %s has type %s; expected two maps (aligned by key) or two"
              + " arrays/vectors (aligned by index)",
          nameA,
          a.dataType().simpleString(),
          nameB,
          b.dataType().simpleString());
    }
    return maps;
  }

  /** A numeric array or an MLlib vector as an {@code array<double>} expression. */
  static Expression numericArray(String fn, String name, Expression e) {
    DataType t = e.dataType();
    if (isVector(t)) {
      return invoke("vectorToArray", DOUBLE_ARRAY, List.of(e), List.of(t));
    }
    if (t instanceof NullType
        || t instanceof ArrayType a
            && (a.elementType() instanceof NumericType || a.elementType() instanceof NullType)) {
      return e;
    }
    throw wrongType(fn, name, t, "array<double> or an MLlib vector");
  }

  /** A square matrix as {@code array<array<double>>}: nested numeric arrays or an MLlib matrix. */
  static Expression numericMatrix(String fn, String name, Expression e) {
    DataType t = e.dataType();
    if (t.equals(SQLDataTypes.MatrixType())) {
      return invoke("matrixToArray", DOUBLE_MATRIX, List.of(e), List.of(t));
    }
    if (t instanceof NullType
        || t instanceof ArrayType a
            && (a.elementType() instanceof NullType
                || a.elementType() instanceof ArrayType inner
                    && inner.elementType() instanceof NumericType)) {
      return e;
    }
    throw wrongType(fn, name, t, "array<array<double>> or an MLlib matrix");
  }

  /** The neighbour rank k: a constant integer in [1, 1000], evaluated once at analysis. */
  static int neighbours(String fn, Expression e) {
    if (!(e.dataType() instanceof org.apache.spark.sql.types.IntegralType) || !e.foldable()) {
      throw KlFunctionException.format(
          fn,
          KlErrorCondition.INVALID_ARGUMENT,
          "k must be a constant integer in [1, 1000]; got %s of type %s",
          e.sql(),
          e.dataType().simpleString());
    }
    Object value = e.eval(null);
    long k = value == null ? 0 : Long.parseLong(value.toString());
    if (k < 1 || k > 1000) {
      throw KlFunctionException.format(
          fn,
          KlErrorCondition.PARAMETER_OUT_OF_RANGE,
          "k = %s; expected an integer in [1, 1000]",
          value);
    }
    return (int) k;
  }

  static Expression number(String fn, String name, Expression e) {
    DataType t = e.dataType();
    if (t instanceof NumericType || t instanceof NullType) {
      return e;
    }
    throw wrongType(fn, name, t, "a number (double)");
  }

  /** The error for an argument of the wrong type: "NAME has type TYPE; expected EXPECTED". */
  private static KlFunctionException wrongType(
      String fn, String name, DataType t, String expected) {
    return KlFunctionException.format(
        fn,
        KlErrorCondition.INVALID_ARGUMENT,
        "%s has type %s; expected %s",
        name,
        t.simpleString(),
        expected);
  }

  private static boolean isVector(DataType t) {
    return t.equals(SQLDataTypes.VectorType());
  }
}

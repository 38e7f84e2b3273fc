package dev.klspark.spark.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.objects.StaticInvoke;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.expressions.UserDefinedAggregator;
import org.apache.spark.sql.types.AbstractDataType;
import org.apache.spark.sql.types.DataType;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Everything in klspark that differs between Spark lines, for Spark 3.5 (Scala 2.12). The Spark 4.x
 * (Scala 2.13) builds compile a class of the same name and methods from {@code src/main/spark-4}
 * (4.0 and 4.1) or {@code src/main/spark-4.2}; no other class knows which line it runs on.
 *
 * <p>Spark 3.5's {@code SparkSession} and {@code Dataset} are the JVM implementation themselves.
 * Scala 2.12's function builders take a {@code scala.collection.Seq} (a {@code WrappedArray} or
 * {@code List} at run time).
 */
public final class SparkCompat {
  private SparkCompat() {}

  /** The Spark line this class was compiled for: "3.5". */
  public static final String LINE = "3.5";

  /** A Scala immutable sequence holding {@code list}'s elements. */
  public static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
    return JavaConverters.asScalaBuffer(list).toList();
  }

  /** A Java list copy of a Scala sequence. */
  public static <T> List<T> list(scala.collection.Seq<T> seq) {
    return new ArrayList<>(JavaConverters.seqAsJavaList(seq));
  }

  /** The session's function registry (session state of the classic session). */
  public static FunctionRegistry functionRegistry(SparkSession spark) {
    return spark.sessionState().functionRegistry();
  }

  /**
   * The identifier under which a klspark function is registered in, looked up in and dropped from a
   * session's function registry: the bare name (Spark 4.2 wants {@code system.builtin.NAME}: see
   * {@code src/main/spark-4.2}).
   */
  public static FunctionIdentifier functionIdentifier(String name) {
    return FunctionIdentifier.apply(name);
  }

  /** The query execution of a Dataset: its plans, as Spark's actions run them. */
  public static org.apache.spark.sql.execution.QueryExecution queryExecution(Dataset<Row> df) {
    return df.queryExecution();
  }

  /** The physical plan of a Dataset before the preparation rules (no exchanges, no codegen). */
  public static SparkPlan sparkPlan(Dataset<Row> df) {
    return queryExecution(df).sparkPlan();
  }

  /**
   * {@code plan} with Spark's preparation rules applied (exchanges, code generation), without
   * adaptive execution: what {@code QueryExecution} does to a plan before it runs it.
   */
  public static SparkPlan prepareForExecution(SparkSession spark, SparkPlan plan) {
    org.apache.spark.sql.execution.QueryExecution$ qe =
        org.apache.spark.sql.execution.QueryExecution$.MODULE$;
    return qe.prepareForExecution(qe.preparations(spark, Option.empty(), false), plan);
  }

  /** A DataFrame over rows already in Spark's internal format, of {@code schema}. */
  public static Dataset<Row> dataFrame(
      SparkSession spark,
      org.apache.spark.rdd.RDD<org.apache.spark.sql.catalyst.InternalRow> rows,
      org.apache.spark.sql.types.StructType schema) {
    return spark.internalCreateDataFrame(rows, schema, false);
  }

  /** The physical plan of a Dataset (for printing results the way spark-sql does). */
  public static SparkPlan executedPlan(Dataset<Row> df) {
    return queryExecution(df).executedPlan();
  }

  /**
   * The rows of a Dataset in Spark's internal format, as its query execution computes them (under
   * adaptive execution this runs the plan's shuffle stages before it returns).
   */
  public static org.apache.spark.rdd.RDD<org.apache.spark.sql.catalyst.InternalRow> toRdd(
      Dataset<Row> df) {
    return queryExecution(df).toRdd();
  }

  /** A Scala iterator as a Java one. */
  public static <T> java.util.Iterator<T> javaIterator(scala.collection.Iterator<T> it) {
    return JavaConverters.asJavaIterator(it);
  }

  /** A Java iterator as a Scala one. */
  public static <T> scala.collection.Iterator<T> scalaIterator(java.util.Iterator<T> it) {
    return JavaConverters.asScalaIterator(it);
  }

  /**
   * The error condition (error class) of a Spark error, e.g. {@code DIVIDE_BY_ZERO}; null when it
   * has none.
   */
  public static String errorCondition(SparkThrowable error) {
    return error.getErrorClass();
  }

  /**
   * A call of the static method {@code method} of {@code target} on the argument expressions:
   * Catalyst's {@code StaticInvoke}, deterministic, with the arguments implicitly cast to {@code
   * inputTypes}.
   */
  public static Expression staticInvoke(
      Class<?> target,
      DataType returnType,
      String method,
      List<Expression> args,
      List<AbstractDataType> inputTypes,
      boolean propagateNull,
      boolean returnNullable) {
    return new StaticInvoke(
        target,
        returnType,
        method,
        seq(args),
        seq(inputTypes),
        propagateNull,
        returnNullable,
        true);
  }

  /**
   * The aggregate expression of a typed {@code Aggregator} (wrapped by functions.udaf) over the
   * children.
   */
  public static Expression aggregate(
      UserDefinedAggregator<?, ?, ?> udaf, List<Expression> children) {
    return udaf.scalaAggregator(seq(children));
  }

  /**
   * A Catalyst function builder (as a function registry and {@code
   * SparkSessionExtensions.injectFunction} take it) of {@code builder}, which builds the expression
   * from the argument expressions.
   */
  public static Function1<scala.collection.Seq<Expression>, Expression> functionBuilder(
      Function<List<Expression>, Expression> builder) {
    return children -> builder.apply(list(children));
  }

  /**
   * An expression in Spark's pretty SQL, as in the names of unaliased columns: no qualifiers, no
   * quotes around strings, no implicit casts.
   */
  public static String prettySql(Expression e) {
    return org.apache.spark.sql.catalyst.util.package$.MODULE$.toPrettySQL(e);
  }
}

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
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.objects.StaticInvoke;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.aggregate.ScalaAggregator$;
import org.apache.spark.sql.expressions.UserDefinedAggregator;
import org.apache.spark.sql.types.AbstractDataType;
import org.apache.spark.sql.types.DataType;
import scala.Function1;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Everything in klspark that differs between Spark lines, for Spark 4.2 (Scala 2.13). The Spark 4.0
 * and 4.1 build compiles a class of the same name and methods from {@code src/main/spark-4}, the
 * Spark 3.5 (Scala 2.12) build from {@code src/main/spark-3.5}; no other class knows which line it
 * runs on.
 *
 * <p>As in Spark 4.0 and 4.1, session state and query execution are reached through the "classic"
 * (JVM) session and Dataset types, and Scala 2.13's default {@code Seq} is immutable. New in 4.2: a
 * session's function registry holds built-in functions under three-part names, {@code
 * system.builtin.NAME}, and asserts that every name it is given has a catalog and a database; an
 * unqualified {@code FunctionIdentifier} fails there.
 */
public final class SparkCompat {
  private SparkCompat() {}

  /** The Spark line this class was compiled for: "4.2". */
  public static final String LINE = "4.2";

  /** A Scala immutable sequence holding {@code list}'s elements. */
  public static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
    return CollectionConverters.asScala(list).toList();
  }

  /** A Java list copy of a Scala sequence. */
  public static <T> List<T> list(scala.collection.Seq<T> seq) {
    return new ArrayList<>(CollectionConverters.asJava(seq));
  }

  /** The session's function registry (session state of the classic session). */
  public static FunctionRegistry functionRegistry(SparkSession spark) {
    return ((org.apache.spark.sql.classic.SparkSession) spark).sessionState().functionRegistry();
  }

  /**
   * The identifier under which a klspark function is registered in, looked up in and dropped from a
   * session's function registry: {@code system.builtin.NAME} (Spark's {@code
   * FunctionRegistry.builtinFunctionIdentifier}, which also lower-cases the name). SQL finds it by
   * its unqualified name, as it does Spark's own functions.
   */
  public static FunctionIdentifier functionIdentifier(String name) {
    return FunctionRegistry$.MODULE$.builtinFunctionIdentifier(name);
  }

  /** The query execution of a Dataset: its plans, as Spark's actions run them. */
  public static org.apache.spark.sql.execution.QueryExecution queryExecution(Dataset<Row> df) {
    return ((org.apache.spark.sql.classic.Dataset<Row>) df).queryExecution();
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
    return qe.prepareForExecution(
        qe.preparations((org.apache.spark.sql.classic.SparkSession) spark, Option.empty(), false),
        plan);
  }

  /** A DataFrame over rows already in Spark's internal format, of {@code schema}. */
  public static Dataset<Row> dataFrame(
      SparkSession spark,
      org.apache.spark.rdd.RDD<org.apache.spark.sql.catalyst.InternalRow> rows,
      org.apache.spark.sql.types.StructType schema) {
    return ((org.apache.spark.sql.classic.SparkSession) spark)
        .internalCreateDataFrame(rows, schema, false);
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
    return CollectionConverters.asJava(it);
  }

  /** A Java iterator as a Scala one. */
  public static <T> scala.collection.Iterator<T> scalaIterator(java.util.Iterator<T> it) {
    return CollectionConverters.asScala(it);
  }

  /**
   * The error condition (error class) of a Spark error, e.g. {@code DIVIDE_BY_ZERO}; null when it
   * has none.
   */
  public static String errorCondition(SparkThrowable error) {
    return error.getCondition();
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
        true,
        Option.empty());
  }

  /**
   * The aggregate expression of a typed {@code Aggregator} (wrapped by functions.udaf) over the
   * children.
   */
  public static Expression aggregate(
      UserDefinedAggregator<?, ?, ?> udaf, List<Expression> children) {
    return ScalaAggregator$.MODULE$.apply(udaf, seq(children));
  }

  /**
   * A Catalyst function builder (as a function registry and {@code
   * SparkSessionExtensions.injectFunction} take it) of {@code builder}, which builds the expression
   * from the argument expressions.
   */
  public static Function1<scala.collection.immutable.Seq<Expression>, Expression> functionBuilder(
      Function<List<Expression>, Expression> builder) {
    return children -> builder.apply(list(children));
  }

  /**
   * An expression in Spark's pretty SQL, as in the names of unaliased columns: no qualifiers, no
   * quotes around strings, no implicit casts.
   */
  public static String prettySql(Expression e) {
    org.apache.spark.sql.catalyst.util.package$ util =
        org.apache.spark.sql.catalyst.util.package$.MODULE$;
    return util.toPrettySQL(e, util.toPrettySQL$default$2());
  }
}

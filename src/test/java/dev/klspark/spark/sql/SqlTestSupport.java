package dev.klspark.spark.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.klspark.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Helpers that run SQL on the shared test session and return plain Java values. */
public final class SqlTestSupport {
  private SqlTestSupport() {}

  /** The shared session; the klspark extension is on the classpath, so it has the functions. */
  public static SparkSession spark() {
    return SparkTestSession.get();
  }

  /** The rows of a statement as {@code jobs/sql} prints them. */
  static List<String> sql(String statement) {
    return SqlStatements.rows(spark(), statement);
  }

  /** The single value of a one-row, one-column query (null for SQL NULL). */
  static Object scalar(String query) {
    List<Row> rows = spark().sql(query).collectAsList();
    assertThat(rows).hasSize(1);
    return rows.get(0).get(0);
  }

  static double scalarDouble(String query) {
    Object v = scalar(query);
    assertThat(v).as(query).isInstanceOf(Double.class);
    return (Double) v;
  }

  /**
   * Runs a query that must fail and returns the {@link KlFunctionException} in the cause chain
   * (thrown at analysis, during constant folding, or on an executor and wrapped by Spark).
   */
  static KlFunctionException klError(String query) {
    Throwable t = catchThrowable(() -> spark().sql(query).collectAsList());
    assertThat(t).as(query).isNotNull();
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof KlFunctionException k) {
        return k;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    throw new AssertionError("no KlFunctionException in the cause chain of " + t, t);
  }

  /**
   * The function and reason of the {@link KlFunctionException} of a failing query, {@code
   * "function: reason"}: its message without the condition, the {@code try_} hint and the SQLSTATE.
   */
  static String klMessage(String query) {
    KlFunctionException e = klError(query);
    return e.function() + ": " + e.reason();
  }
}

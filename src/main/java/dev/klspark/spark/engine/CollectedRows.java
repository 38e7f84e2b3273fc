package dev.klspark.spark.engine;

import dev.klspark.spark.compat.SparkCompat;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.QueryExecution$;
import org.apache.spark.sql.execution.SQLExecution;
import org.apache.spark.sql.execution.SparkPlan;
import scala.Option;

/**
 * A Dataset's rows collected to the driver in Spark's internal format, handed over one at a time:
 * for results read field by field on the driver (data-quality's per-(column, group) metrics), where
 * turning each into an external {@code Row} first cost more than the reading (boxed array elements,
 * a {@code String} per text).
 */
public final class CollectedRows {
  private CollectedRows() {}

  /**
   * Runs {@code df}'s plan as {@code Dataset.collect} does, in a SQL execution of its own named
   * {@code collect} (the UI's SQL tab and query execution listeners see it, a failure too) and
   * under Spark's internal-error wrapper, and hands each result row to {@code each} in Spark's
   * internal format, inside that execution. The rows are decoded one at a time from Spark's
   * compressed result blocks, as they are handed over: no external {@code Row} per result and no
   * array of every decoded row at once, so the driver holds the compressed results and what {@code
   * each} keeps. A row handed over has bytes of its own ({@code SparkPlan.executeCollectIterator},
   * the collect of Spark's broadcast exchange). On Spark 4.2 the query execution id property
   * ({@code spark.sql.dataset.queryExecution.id}, which per-query metrics of data source scans and
   * writes look up) is not set.
   *
   * <p>When the query fails, this throws what {@code Dataset.collect} throws: Spark's {@code
   * SparkException} (undeclared, as Scala throws it), with the failing task's error in its cause
   * chain.
   *
   * @param df the rows to collect
   * @param each called once per row, in the order {@code collect} gives
   */
  public static void each(Dataset<Row> df, Consumer<InternalRow> each) {
    QueryExecution qe = SparkCompat.queryExecution(df);
    QueryExecution$.MODULE$.withInternalError(
        "The \"collect\" action failed.",
        (scala.Function0<Object>)
            () ->
                SQLExecution.withNewExecutionId(
                    qe,
                    Option.apply("collect"),
                    (scala.Function0<Object>)
                        () -> {
                          SparkPlan plan = qe.executedPlan();
                          plan.resetMetrics();
                          scala.collection.Iterator<InternalRow> rows =
                              plan.executeCollectIterator()._2();
                          while (rows.hasNext()) {
                            each.accept(rows.next());
                          }
                          return null;
                        }));
  }
}

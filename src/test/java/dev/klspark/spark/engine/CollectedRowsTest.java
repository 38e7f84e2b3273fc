package dev.klspark.spark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.klspark.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.junit.jupiter.api.Test;

/**
 * {@link CollectedRows#each} on every Spark line: the rows {@code Dataset.collect} gives, in order,
 * each with bytes of its own (kept rows stay intact after later ones are read), and one SQL
 * execution named {@code collect} that query execution listeners see, as for {@code collect}; a
 * failing query fails it, and listeners see the failure.
 */
class CollectedRowsTest {
  private static final SparkSession spark = SparkTestSession.get();

  @Test
  void handsOverTheRowsCollectGivesInASqlExecutionListenersSee() throws Exception {
    List<Row> expected = rows().collectAsList();
    List<InternalRow> kept = new ArrayList<>();
    // A plan of its own, as data-quality's is: not one a collect ran before.
    List<String> seen = seenBy(() -> CollectedRows.each(rows(), kept::add));

    assertThat(seen).containsExactly("collect");
    assertThat(kept).hasSize(expected.size()).hasSize(5000);
    for (int i = 0; i < kept.size(); i++) {
      InternalRow r = kept.get(i);
      Row e = expected.get(i);
      assertThat(r.getLong(0)).isEqualTo(e.getLong(0));
      assertThat(r.isNullAt(1) ? null : r.getUTF8String(1).toString()).isEqualTo(e.getString(1));
      assertThat(r.getArray(2).toDoubleArray())
          .containsExactly(e.getList(2).stream().mapToDouble(d -> (Double) d).toArray());
    }
    assertThat(kept).anyMatch(r -> r.isNullAt(1));
  }

  @Test
  void aFailingQueryFailsTheCollectAndListenersSeeIt() throws Exception {
    List<Throwable> thrown = new ArrayList<>();
    List<String> seen =
        seenBy(
            () ->
                thrown.add(
                    catchThrowable(
                        () ->
                            CollectedRows.each(
                                rows().selectExpr("IF(id = 4321, raise_error('no row 4321'), g)"),
                                r -> {}))));

    assertThat(thrown).hasSize(1).doesNotContainNull();
    List<String> messages = new ArrayList<>();
    for (Throwable c = thrown.get(0); c != null; c = c.getCause()) {
      messages.add(c.getMessage());
    }
    assertThat(messages).anyMatch(m -> m != null && m.contains("no row 4321"));
    assertThat(seen).containsExactly("failed collect");
  }

  /**
   * The query executions listeners are told of while {@code action} runs: a function's name, or
   * {@code failed NAME}. Spark delivers them on its listener bus thread, drained before and after.
   */
  private static List<String> seenBy(Runnable action) throws Exception {
    spark.sparkContext().listenerBus().waitUntilEmpty();
    List<String> seen = new CopyOnWriteArrayList<>();
    QueryExecutionListener listener =
        new QueryExecutionListener() {
          @Override
          public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
            seen.add(funcName);
          }

          @Override
          public void onFailure(String funcName, QueryExecution qe, Exception exception) {
            seen.add("failed " + funcName);
          }
        };
    spark.listenerManager().register(listener);
    try {
      action.run();
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.listenerManager().unregister(listener);
    }
    return seen;
  }

  /** 5000 rows over 3 partitions: an id, a string with nulls, an array of doubles; sorted. */
  private static Dataset<Row> rows() {
    return spark
        .range(0, 5000, 1, 3)
        .selectExpr(
            "id",
            "CASE WHEN id % 7 = 0 THEN NULL ELSE concat('g', CAST(id AS STRING)) END AS g",
            "array(CAST(id AS DOUBLE) / 3, -1.5) AS shares")
        .orderBy("id");
  }
}

package dev.klspark.testing;

import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Counts the input records Spark's tasks read while an action runs: the way tests show that a
 * report scans its input once (records read = rows of the input, not a multiple).
 */
public final class InputRecords {
  private InputRecords() {}

  /**
   * What an action returned, how many input records its tasks read, and how many of its stages
   * wrote shuffle records (one per exchange the action ran) with the records they wrote.
   */
  public record Counted<T>(
      T result, long recordsRead, int shuffleWritingStages, long shuffleRecordsWritten) {}

  /**
   * Runs {@code action} with a listener summing {@code inputMetrics.recordsRead} of every task.
   *
   * @throws Exception whatever the action throws
   */
  public static <T> Counted<T> during(SparkSession spark, Callable<T> action) throws Exception {
    AtomicLong records = new AtomicLong();
    AtomicLong written = new AtomicLong();
    Set<Integer> writingStages = ConcurrentHashMap.newKeySet();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskMetrics() != null) {
              records.addAndGet(end.taskMetrics().inputMetrics().recordsRead());
              long w = end.taskMetrics().shuffleWriteMetrics().recordsWritten();
              if (w > 0) {
                written.addAndGet(w);
                writingStages.add(end.stageId());
              }
            }
          }
        };
    spark.sparkContext().addSparkListener(listener);
    try {
      T result = action.call();
      Thread.sleep(1000); // listener events are delivered asynchronously
      return new Counted<>(result, records.get(), writingStages.size(), written.get());
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
  }
}

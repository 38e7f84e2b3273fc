package dev.klspark.bench;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * The executors' time in the tasks that end while it listens, from Spark's task metrics: {@code
 * executorCpuTime} (CPU time of the task threads: the work, apart from how well it fills the cores
 * and from the time the tasks wait) and {@code executorRunTime} (their wall time). Driver-side work
 * (planning, code generation, collecting results) is not in either.
 */
final class TaskTime extends SparkListener implements AutoCloseable {
  private final SparkContext sc;
  private final LongAdder cpuNanos = new LongAdder();
  private final LongAdder runMillis = new LongAdder();

  /** Starts listening on {@code sc}. */
  TaskTime(SparkContext sc) {
    this.sc = sc;
    sc.addSparkListener(this);
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    TaskMetrics m = end.taskMetrics();
    if (m != null) {
      cpuNanos.add(m.executorCpuTime());
      runMillis.add(m.executorRunTime());
    }
  }

  /** Forgets what was counted (after the events of the tasks that ended so far arrived). */
  void reset() {
    drain();
    cpuNanos.reset();
    runMillis.reset();
  }

  /** The tasks' CPU seconds since {@link #reset}, once every ended task's event arrived. */
  double cpuSeconds() {
    drain();
    return cpuNanos.sum() / 1e9;
  }

  /** The tasks' run seconds since {@link #reset} (call after {@link #cpuSeconds}). */
  double runSeconds() {
    return runMillis.sum() / 1e3;
  }

  /** Waits until Spark's listener bus delivered every event posted so far. */
  private void drain() {
    try {
      sc.listenerBus().waitUntilEmpty();
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain", e);
    }
  }

  @Override
  public void close() {
    sc.removeSparkListener(this);
  }
}

package dev.klspark.cli;

import dev.klspark.spark.publish.CleanupOnExit;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkContext;

/**
 * SIGINT and SIGTERM of a job's JVM: running Spark jobs cancelled and the context stopped, this
 * run's staging directories removed (twice, in case a late writer recreated one), its locks
 * released, one line on stderr ("NAME: interrupted; staging removed, the previous output is kept")
 * and exit 130 or 143 ({@link ExitCodes}). The previous outputs stay as they were.
 */
final class JobSignals {
  private static final AtomicBoolean STOPPING = new AtomicBoolean();

  private JobSignals() {}

  /** Installs the handlers of SIGINT and SIGTERM for the job {@code name}. */
  static void install(String name, PrintWriter err) {
    on("INT", name, "interrupted", ExitCodes.INTERRUPTED, err);
    on("TERM", name, "terminated", ExitCodes.TERMINATED, err);
  }

  /**
   * Whether a handler is stopping the run (errors are then not reported: it exits with its code).
   */
  static boolean stopping() {
    return STOPPING.get();
  }

  @SuppressWarnings("removal")
  private static void on(String sig, String name, String word, int code, PrintWriter err) {
    try {
      sun.misc.Signal.handle(
          new sun.misc.Signal(sig),
          s -> {
            if (!STOPPING.compareAndSet(false, true)) {
              return;
            }
            try {
              scala.Option<org.apache.spark.sql.SparkSession> active =
                  org.apache.spark.sql.SparkSession.getDefaultSession();
              if (active.isDefined()) {
                SparkContext sc = active.get().sparkContext();
                sc.cancelAllJobs();
                // Cancelled tasks run on until they next check their kill flag and may still write
                // into a staging directory: wait (at most 10 s) until no job is active and no task
                // runs, so that the cleanup below is the last word. (Spark 3.5 reports the job
                // finished while its tasks still run; Spark 4 waits for them.)
                for (int i = 0; i < 100 && busy(sc); i++) {
                  Thread.sleep(100);
                }
                // No new job either: the main thread may be between two jobs. Stopping the
                // context (bounded, on its own thread) fails whatever it submits next.
                Thread stop = new Thread(sc::stop, "klspark-stop");
                stop.setDaemon(true);
                stop.start();
                stop.join(15_000);
              }
            } catch (RuntimeException | InterruptedException ignored) {
              // the context may be stopping already; clean up all the same
            }
            CleanupOnExit.runAll();
            try {
              Thread.sleep(200);
            } catch (InterruptedException ignored) {
              Thread.currentThread().interrupt();
            }
            CleanupOnExit.sweepAgain();
            err.println(name + ": " + word + "; staging removed, the previous output is kept");
            System.exit(code);
          });
    } catch (IllegalArgumentException e) {
      // The signal is ignored in this process (e.g. a background job of a non-interactive shell).
    }
  }

  private static boolean busy(SparkContext sc) {
    if (sc.statusTracker().getActiveJobIds().length > 0) {
      return true;
    }
    for (org.apache.spark.SparkExecutorInfo e : sc.statusTracker().getExecutorInfos()) {
      if (e.numRunningTasks() > 0) {
        return true;
      }
    }
    return false;
  }
}

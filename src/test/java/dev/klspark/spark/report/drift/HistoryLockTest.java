package dev.klspark.spark.report.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klspark.KlsparkException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output lock on the local file system, without Spark. */
class HistoryLockTest {
  @TempDir Path tmp;

  private FileSystem fs() throws Exception {
    return FileSystem.getLocal(new Configuration());
  }

  @Test
  void secondHolderIsRefusedWithTheOwnerAndReleaseFreesIt() throws Exception {
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(tmp.resolve("out").toUri());
    try (HistoryLock first = HistoryLock.acquire(fs(), out, "2024-01-01")) {
      String content = Files.readString(tmp.resolve("out/.lock"));
      assertThat(content).contains("pid=" + ProcessHandle.current().pid()).contains("report_date=2024-01-01");
      assertThatThrownBy(() -> HistoryLock.acquire(fs(), out, "2024-01-02"))
          .isInstanceOf(KlsparkException.class)
          .hasMessageContaining("locked by another data-quality run")
          .hasMessageContaining("pid=" + ProcessHandle.current().pid())
          .hasMessageContaining("report_date=2024-01-01")
          .hasMessageContaining("rm '" + tmp.resolve("out/.lock") + "'");
    }
    assertThat(tmp.resolve("out/.lock")).doesNotExist();
    HistoryLock.acquire(fs(), out, "2024-01-02").close();
  }

  @Test
  void exactlyOneOfManyConcurrentAcquirersWins() throws Exception {
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(tmp.resolve("race").toUri());
    int n = 8;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<HistoryLock>> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      results.add(
          pool.submit(
              () -> {
                start.await();
                try {
                  return HistoryLock.acquire(fs(), out, "2024-01-01");
                } catch (KlsparkException e) {
                  return null;
                }
              }));
    }
    start.countDown();
    List<HistoryLock> winners = new ArrayList<>();
    for (Future<HistoryLock> f : results) {
      if (f.get() != null) {
        winners.add(f.get());
      }
    }
    pool.shutdown();
    assertThat(winners).hasSize(1);
    winners.get(0).close();
  }
}

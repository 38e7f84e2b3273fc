package dev.klspark.spark.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klspark.KlsparkException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run per output: a second run is refused naming the holder, a lock of a process that died
 * (SIGKILL) is taken over, a lock from another host is never broken.
 */
class OutputLockTest {
  @TempDir Path tmp;

  private static org.apache.hadoop.fs.Path hp(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }

  private static FileSystem local() throws IOException {
    return FileSystem.getLocal(new Configuration());
  }

  @Test
  void aSecondRunInTheSameJvmIsRefusedAndTheLockIsFreeAfterClose() throws IOException {
    FileSystem fs = local();
    try (OutputLock first = OutputLock.acquire(fs, hp(tmp.resolve("out")), "kl-report")) {
      assertThat(Files.exists(tmp.resolve(".out.lock"))).isTrue();
      assertThatThrownBy(() -> OutputLock.acquire(fs, hp(tmp.resolve("out")), "kl-report"))
          .isInstanceOf(KlsparkException.class)
          .hasMessageContaining("is locked by another klspark run (kl-report by user")
          .hasMessageContaining("pid " + ProcessHandle.current().pid());
    }
    OutputLock.acquire(fs, hp(tmp.resolve("out")), "kl-report").close();
  }

  /** A JVM that takes the lock and waits: the other process of the test. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      FileSystem fs = FileSystem.getLocal(new Configuration());
      OutputLock l = OutputLock.acquire(fs, new org.apache.hadoop.fs.Path(args[0]), "kl-report");
      Files.writeString(Path.of(args[1]), "locked");
      Thread.sleep(120_000);
      l.close();
    }
  }

  static Process startJava(Class<?> main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  static void await(Path file, Process p) throws InterruptedException {
    for (int i = 0; i < 600 && !Files.exists(file); i++) {
      assertThat(p.isAlive()).as("child process alive").isTrue();
      Thread.sleep(100);
    }
    assertThat(file).exists();
  }

  @Test
  void aLockOfAnotherLiveProcessIsRefusedAndTakenOverOnceItIsKilled() throws Exception {
    Path ready = tmp.resolve("ready");
    Process p = startJava(Holder.class, tmp.resolve("out").toUri().toString(), ready.toString());
    try {
      await(ready, p);
      FileSystem fs = local();
      assertThatThrownBy(() -> OutputLock.acquire(fs, hp(tmp.resolve("out")), "kl-report"))
          .hasMessageContaining("pid " + p.pid());
      p.destroyForcibly(); // SIGKILL: no finally, no shutdown hook
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      try (OutputLock l = OutputLock.acquire(fs, hp(tmp.resolve("out")), "kl-report")) {
        assertThat(Files.readString(tmp.resolve(".out.lock")))
            .contains("pid=" + ProcessHandle.current().pid());
      }
      assertThat(Files.readString(tmp.resolve(".out.lock"))).contains("state=released");
    } finally {
      p.destroyForcibly();
    }
  }

  private static void writeLock(Path file, String host, long pid) throws IOException {
    Files.writeString(
        file,
        "state=held\njob=data-quality\nuser=u\nhost="
            + host
            + "\npid="
            + pid
            + "\nprocess_started=2020-01-01T00:00:00Z\nlocked=2020-01-01T00:00:00Z\n");
  }

  @Test
  void onHdfsLikeFileSystemsAStaleLockOfThisHostIsTakenOverAndAnotherHostsIsNot() throws Exception {
    FileSystem fs = local();
    org.apache.hadoop.fs.Path out = fs.makeQualified(hp(tmp.resolve("out")));
    Path lockFile = tmp.resolve(".out.lock");
    // A dead process of this host: a pid that cannot exist.
    writeLock(lockFile, OutputLock.host(), Long.MAX_VALUE);
    try (OutputLock l =
        OutputLock.acquireExclusiveFile(fs, OutputLock.lockPath(out), out, "kl-report")) {
      assertThat(Files.readString(lockFile)).contains("pid=" + ProcessHandle.current().pid());
    }
    assertThat(Files.exists(lockFile)).isFalse();
    // This very process, alive: held.
    writeLock(lockFile, OutputLock.host(), ProcessHandle.current().pid());
    Files.writeString(
        lockFile,
        Files.readString(lockFile)
            .replace(
                "process_started=2020-01-01T00:00:00Z",
                "process_started=" + ProcessHandle.current().info().startInstant().orElseThrow()));
    assertThatThrownBy(
            () -> OutputLock.acquireExclusiveFile(fs, OutputLock.lockPath(out), out, "kl-report"))
        .hasMessageContaining("is locked by another klspark run");
    // Another host: never broken, the message gives the removal command.
    writeLock(lockFile, "some-other-host", 1);
    assertThatThrownBy(
            () -> OutputLock.acquireExclusiveFile(fs, OutputLock.lockPath(out), out, "kl-report"))
        .hasMessageContaining("host some-other-host")
        .hasMessageContaining("remove the lock: hdfs dfs -rm '" + OutputLock.lockPath(out) + "'");
    assertThat(Files.readString(lockFile)).contains("host=some-other-host");
  }
}

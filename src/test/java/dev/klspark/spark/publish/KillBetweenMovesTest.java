package dev.klspark.spark.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.testing.Checksums;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SIGKILL between the two moves of a commit: a child JVM claims the output, stages a new
 * one, moves the previous output aside and is killed before moving the new one in. The next run
 * takes the dead run's lock over and restores the previous output byte for byte.
 */
class KillBetweenMovesTest {
  @TempDir Path tmp;

  /** The child: publishes "new" into args[0], pausing forever after the first move. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      Path ready = Path.of(args[1]);
      OutputCommit.Mover pausing =
          (fs, src, dst) -> {
            OutputCommit.RENAME.move(fs, src, dst);
            if (dst.getName().contains(".old-")) {
              Files.writeString(ready, "moved aside");
              try {
                Thread.sleep(120_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          };
      try (OwnedOutput owned =
              OwnedOutput.claim(new Configuration(), "kl-report", args[0], "--output", List.of());
          OutputCommit c =
              OutputCommit.begin(owned.fs(), owned.path(), "kl-report", owned.runId(), pausing)) {
        Path staging = Path.of(c.stagingPath().toUri());
        Files.createDirectories(staging.resolve("report"));
        Files.writeString(staging.resolve("report/part-0"), "new");
        c.commit();
      }
    }
  }

  @Test
  void theNextRunRestoresThePreviousOutputAfterAKillBetweenTheMoves() throws Exception {
    Path out = tmp.resolve("out");
    try (OwnedOutput owned =
            OwnedOutput.claim(
                new Configuration(), "kl-report", out.toString(), "--output", List.of());
        OutputCommit c = owned.commit()) {
      Path staging = Path.of(c.stagingPath().toUri());
      Files.createDirectories(staging.resolve("report"));
      Files.writeString(staging.resolve("report/part-0"), "previous");
      c.commit();
    }
    Map<String, String> before = Checksums.of(out);

    Path ready = tmp.resolve("ready");
    Process p = OutputLockTest.startJava(Child.class, out.toString(), ready.toString());
    try {
      OutputLockTest.await(ready, p);
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(Files.exists(out)).isFalse();
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(x -> x.getFileName().toString()).toList())
          .anyMatch(n -> n.startsWith(".out.old-"))
          .anyMatch(n -> n.startsWith(".out.staging-"));
    }

    try (OwnedOutput owned =
            OwnedOutput.claim(
                new Configuration(), "kl-report", out.toString(), "--output", List.of());
        OutputCommit c = owned.commit()) {
      assertThat(Checksums.of(out)).isEqualTo(before);
    }
    assertThat(Checksums.of(out)).isEqualTo(before);
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(x -> x.getFileName().toString()).toList())
          .containsExactlyInAnyOrder("out", ".out.lock", "ready");
    }
  }
}

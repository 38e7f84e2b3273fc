package dev.klspark.spark.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a killed run leaves behind and how the next run recovers, with the leftovers simulated on
 * the local file system (no Spark): a staging directory of a run killed while writing, and an
 * {@code .old-} directory of a run killed between the two renames of the commit. The real kill
 * (SIGKILL of the driver while it writes) is exercised by {@code jobs/cluster-smoke}.
 */
class OutputCommitRecoveryTest {
  private static final Configuration CONF = new Configuration();

  @TempDir Path tmp;

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void killedWhileWritingLeavesThePreviousOutputAndTheNextRunCleansUp() throws IOException {
    Path out = tmp.resolve("out");
    write(out.resolve("report/part-0"), "previous");
    // A run killed mid-write: half a staging directory, never committed, never closed.
    write(tmp.resolve(".out.staging-1111/report/_temporary/0/part-0"), "half");

    assertThat(Files.readString(out.resolve("report/part-0"))).isEqualTo("previous");

    try (OutputCommit c = OutputCommit.begin(CONF, out.toString())) {
      assertThat(names()).containsExactlyInAnyOrder("out", Path.of(c.staging().replace("file:", "")).getFileName().toString());
      write(Path.of(c.staging().replace("file:", "")).resolve("report/part-0"), "new");
      c.commit();
    }
    assertThat(names()).containsExactly("out");
    assertThat(Files.readString(out.resolve("report/part-0"))).isEqualTo("new");
  }

  @Test
  void killedBetweenTheRenamesRestoresThePreviousOutput() throws IOException {
    Path out = tmp.resolve("out");
    // The target was renamed aside, then the driver died before the staging dir was renamed in.
    write(tmp.resolve(".out.old-2222/report/part-0"), "previous");
    write(tmp.resolve(".out.staging-3333/report/part-0"), "complete but not published");

    OutputCommit c = OutputCommit.begin(CONF, out.toString());
    // Recovery happened before the new run writes anything: the previous output is back.
    assertThat(Files.readString(out.resolve("report/part-0"))).isEqualTo("previous");
    assertThat(names()).hasSize(2).contains("out").noneMatch(n -> n.contains("old-") || n.contains("3333"));
    c.close(); // the new run fails: its staging dir goes, the restored output stays
    assertThat(names()).containsExactly("out");
    assertThat(Files.readString(out.resolve("report/part-0"))).isEqualTo("previous");
  }

  @Test
  void anOldLeftoverNextToAnIntactOutputIsDeleted() throws IOException {
    Path out = tmp.resolve("out");
    write(out.resolve("report/part-0"), "current");
    // Killed after publishing, before deleting the old output.
    write(tmp.resolve(".out.old-4444/report/part-0"), "older");
    try (OutputCommit c = OutputCommit.begin(CONF, out.toString())) {
      assertThat(names()).hasSize(2).contains("out").noneMatch(n -> n.contains("old-"));
    }
    assertThat(names()).containsExactly("out");
    assertThat(Files.readString(out.resolve("report/part-0"))).isEqualTo("current");
  }

  @Test
  void leftoversOfAnotherOutputAreNotTouched() throws IOException {
    write(tmp.resolve(".other.staging-5555/x"), "x");
    write(tmp.resolve(".out-2.staging-6666/x"), "x");
    try (OutputCommit c = OutputCommit.begin(CONF, tmp.resolve("out").toString())) {
      c.commit();
    }
    assertThat(names()).containsExactlyInAnyOrder(".other.staging-5555", ".out-2.staging-6666", "out");
  }
}

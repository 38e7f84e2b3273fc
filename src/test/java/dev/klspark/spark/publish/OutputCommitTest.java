package dev.klspark.spark.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klspark.KlsparkException;
import dev.klspark.testing.Checksums;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publication never loses the previous output: every way a move can fail, and what a killed run
 * leaves behind, on the local file system (no Spark). Moves fail through an injected {@link
 * OutputCommit.Mover}; "killed" states are built as a kill leaves them (the real SIGKILL between
 * the two moves is {@link KillBetweenMovesTest}). Each test compares SHA-256 checksums of every
 * file before and after.
 */
class OutputCommitTest {
  @TempDir Path tmp;
  private FileSystem fs;
  private Path out;
  private org.apache.hadoop.fs.Path target;

  @BeforeEach
  void setUp() throws IOException {
    fs = FileSystem.getLocal(new Configuration());
    out = tmp.resolve("out");
    target = fs.makeQualified(new org.apache.hadoop.fs.Path(out.toUri()));
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Publishes a complete output holding {@code report/part-0} = text, as a run would. */
  private void publish(String text) throws IOException {
    publish(text, OutputCommit.RENAME);
  }

  private void publish(String text, OutputCommit.Mover mover) throws IOException {
    try (OutputCommit c = OutputCommit.begin(fs, target, "kl-report", "run", mover)) {
      write(Path.of(c.stagingPath().toUri()).resolve("report/part-0"), text);
      c.commit();
    }
  }

  @Test
  void aCommitWritesTheMarkerWithTheManifestAndReplacesThePreviousOutput() throws IOException {
    publish("first");
    assertThat(OutputMarker.read(fs, target))
        .get()
        .satisfies(
            m -> {
              assertThat(m.job()).isEqualTo("kl-report");
              assertThat(m.files()).containsExactly(Map.entry("report/part-0", 5L));
            });
    assertThat(OutputMarker.complete(fs, target)).isTrue();
    publish("second");
    assertThat(Files.readString(out.resolve("report/part-0"))).isEqualTo("second");
    assertThat(names()).containsExactly("out");
  }

  @Test
  void killedWhileWritingLeavesThePreviousOutputAndTheNextRunDeletesTheStaging()
      throws IOException {
    publish("previous");
    Map<String, String> before = Checksums.of(out);
    write(
        tmp.resolve(".out.staging-00004570-0000-0000-0000-000000000457/report/_temporary/0/part-0"),
        "half");
    write(
        tmp.resolve(
            ".out.staging-00004570-0000-0000-0000-000000000457/" + OutputCommit.STAGING_MARK),
        "");
    try (OutputCommit c = OutputCommit.begin(fs, target, "kl-report", "run")) {
      assertThat(names()).containsExactlyInAnyOrder("out", c.stagingPath().getName());
      assertThat(Checksums.of(out)).isEqualTo(before);
    }
    assertThat(names()).containsExactly("out");
    assertThat(Checksums.of(out)).isEqualTo(before);
  }

  @Test
  void killedBetweenTheMovesRestoresThePreviousOutputByteForByte() throws IOException {
    publish("previous");
    Map<String, String> before = Checksums.of(out);
    // The kill's state: the output moved aside, the new one staged but never moved in.
    Files.move(out, tmp.resolve(".out.old-00008ae0-0000-0000-0000-0000000008ae"));
    write(
        tmp.resolve(".out.staging-0000d050-0000-0000-0000-000000000d05/report/part-0"),
        "complete but not published");
    write(
        tmp.resolve(
            ".out.staging-0000d050-0000-0000-0000-000000000d05/" + OutputCommit.STAGING_MARK),
        "");

    OutputCommit c = OutputCommit.begin(fs, target, "kl-report", "run");
    assertThat(Checksums.of(out)).isEqualTo(before);
    c.close(); // this run fails in turn: its staging goes, the restored output stays
    assertThat(names()).containsExactly("out");
    assertThat(Checksums.of(out)).isEqualTo(before);
  }

  @Test
  void anOldCopyNextToACompleteOutputIsDeleted() throws IOException {
    publish("current");
    Map<String, String> before = Checksums.of(out);
    write(tmp.resolve(".out.old-000115c0-0000-0000-0000-00000000115c/report/part-0"), "older");
    try (OutputCommit c = OutputCommit.begin(fs, target, "kl-report", "run")) {
      assertThat(names()).doesNotContain(".out.old-000115c0-0000-0000-0000-00000000115c");
    }
    assertThat(Checksums.of(out)).isEqualTo(before);
  }

  @Test
  void anOldCopyNextToAnIncompleteOutputIsNeverDeleted() throws IOException {
    publish("complete");
    Files.move(out, tmp.resolve(".out.old-00015b30-0000-0000-0000-0000000015b3"));
    Map<String, String> old =
        Checksums.of(tmp.resolve(".out.old-00015b30-0000-0000-0000-0000000015b3"));
    // What a copy-and-delete fallback leaves: the output emptied, the only complete copy aside.
    Files.createDirectories(out.resolve("report"));
    Map<String, String> half = Checksums.of(out);

    for (int run = 0; run < 2; run++) {
      assertThatThrownBy(() -> OutputCommit.begin(fs, target, "kl-report", "run"))
          .isInstanceOf(KlsparkException.class)
          .hasMessageContaining("is incomplete or not klspark's")
          .hasMessageContaining(".out.old-00015b30-0000-0000-0000-0000000015b3")
          .hasMessageContaining("klspark deletes neither");
      assertThat(Checksums.of(tmp.resolve(".out.old-00015b30-0000-0000-0000-0000000015b3")))
          .isEqualTo(old);
      assertThat(Checksums.of(out)).isEqualTo(half);
    }
  }

  @Test
  void whenTheOldOutputCannotBeMovedAsideItStaysUntouched() throws IOException {
    publish("previous");
    Map<String, String> before = Checksums.of(out);
    OutputCommit.Mover busy =
        (f, src, dst) -> {
          if (src.equals(target)) {
            throw new IOException("Device or resource busy");
          }
          OutputCommit.RENAME.move(f, src, dst);
        };
    assertThatThrownBy(() -> publish("new", busy))
        .isInstanceOf(KlsparkException.class)
        .hasMessageContaining("cannot move the previous output")
        .hasMessageContaining("Device or resource busy")
        .hasMessageContaining("it is unchanged");
    assertThat(Checksums.of(out)).isEqualTo(before);
    assertThat(names()).containsExactly("out");
  }

  @Test
  void whenTheNewOutputCannotBeMovedInTheOldOneIsMovedBack() throws IOException {
    publish("previous");
    Map<String, String> before = Checksums.of(out);
    OutputCommit.Mover crossDevice =
        (f, src, dst) -> {
          if (src.getName().startsWith(".out.staging-")) {
            throw new IOException("Invalid cross-device link");
          }
          OutputCommit.RENAME.move(f, src, dst);
        };
    assertThatThrownBy(() -> publish("new", crossDevice))
        .hasMessageContaining("cannot move the new output")
        .hasMessageContaining("the previous output is back in place");
    assertThat(Checksums.of(out)).isEqualTo(before);
    assertThat(names()).containsExactly("out");
  }

  @Test
  void whenMovingBackFailsTooTheMessageSaysWhereItIsAndTheNextRunRestoresIt() throws IOException {
    publish("previous");
    Map<String, String> before = Checksums.of(out);
    AtomicInteger moves = new AtomicInteger();
    OutputCommit.Mover onlyFirst =
        (f, src, dst) -> {
          if (moves.incrementAndGet() > 1) {
            throw new IOException("Permission denied");
          }
          OutputCommit.RENAME.move(f, src, dst);
        };
    assertThatThrownBy(() -> publish("new", onlyFirst))
        .hasMessageContaining("the previous output is at")
        .hasMessageContaining(".out.old-");
    assertThat(Files.exists(out)).isFalse();
    try (OutputCommit c = OutputCommit.begin(fs, target, "kl-report", "run")) {
      assertThat(Checksums.of(out)).isEqualTo(before);
    }
    assertThat(names()).containsExactly("out");
  }

  @Test
  void leftoversOfOtherOutputsAreNotTouched() throws IOException {
    write(tmp.resolve(".other.staging-00015b30-0000-0000-0000-0000000015b3/x"), "x");
    write(tmp.resolve(".out-2.staging-0001a0a0-0000-0000-0000-000000001a0a/x"), "x");
    write(tmp.resolve(".out.old-but-not-ours/x"), "not a name klspark makes");
    Map<String, String> before =
        Checksums.of(tmp.resolve(".other.staging-00015b30-0000-0000-0000-0000000015b3"));
    publish("x");
    assertThat(names()).contains(".out.old-but-not-ours");
    assertThat(names())
        .contains(
            ".other.staging-00015b30-0000-0000-0000-0000000015b3",
            ".out-2.staging-0001a0a0-0000-0000-0000-000000001a0a",
            "out");
    assertThat(Checksums.of(tmp.resolve(".other.staging-00015b30-0000-0000-0000-0000000015b3")))
        .isEqualTo(before);
  }

  @Test
  void namesWithGlobCharactersOnlyMatchThemselves() throws IOException {
    org.apache.hadoop.fs.Path odd =
        fs.makeQualified(new org.apache.hadoop.fs.Path(tmp.resolve("o[u]t*").toUri()));
    write(tmp.resolve(".out.staging-0001e610-0000-0000-0000-000000001e61/x"), "someone else's");
    try (OutputCommit c = OutputCommit.begin(fs, odd, "kl-report", "run")) {
      c.commit();
    }
    assertThat(names()).contains(".out.staging-0001e610-0000-0000-0000-000000001e61", "o[u]t*");
  }

  @Test
  void aUserDirectoryNamedLikeAStagingDirectoryIsKept() throws IOException {
    Path mine = tmp.resolve(".out.staging-11111111-2222-3333-4444-555555555555");
    write(mine.resolve("keep.txt"), "mine");
    Map<String, String> before = Checksums.of(mine);
    publish("x");
    assertThat(Checksums.of(mine)).isEqualTo(before);
  }

  @Test
  void theNewOutputKeepsThePermissionsOfTheDirectoryItReplaces() throws IOException {
    Files.createDirectories(out);
    Files.setPosixFilePermissions(
        out, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    publish("secret");
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(out)))
        .isEqualTo("rwx------");
  }
}

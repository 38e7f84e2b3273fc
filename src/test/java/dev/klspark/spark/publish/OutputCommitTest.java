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
    publish(text, "run", mover);
  }

  private void publish(String text, String runId, OutputCommit.Mover mover) throws IOException {
    try (OutputCommit c = OutputCommit.begin(fs, target, "kl-report", runId, mover)) {
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

  /**
   * The state a kill between the two moves of run {@code runId} leaves: the output moved aside to
   * {@code .out.old-RUN}, the new one staged with its marker (naming the run) but never moved in.
   */
  private void killedBetweenTheMoves(String runId) throws IOException {
    Files.move(out, tmp.resolve(".out.old-" + runId));
    Path staging = tmp.resolve(".out.staging-0000d050-0000-0000-0000-000000000d05");
    write(staging.resolve("report/part-0"), "complete but not published");
    OutputMarker.write(
        fs, fs.makeQualified(new org.apache.hadoop.fs.Path(staging.toUri())), "kl-report", runId);
  }

  @Test
  void killedBetweenTheMovesRestoresThePreviousOutputByteForByte() throws IOException {
    publish("previous");
    Map<String, String> before = Checksums.of(out);
    killedBetweenTheMoves("00008ae0-0000-0000-0000-0000000008ae");

    OutputCommit c = OutputCommit.begin(fs, target, "kl-report", "run");
    assertThat(Checksums.of(out)).isEqualTo(before);
    c.close(); // this run fails in turn: its staging goes, the restored output stays
    assertThat(names()).containsExactly("out");
    assertThat(Checksums.of(out)).isEqualTo(before);
  }

  @Test
  void anOldCopyNextToTheCompleteOutputThatRecordsItIsDeleted() throws IOException {
    // A kill after the second move: the output of run R is complete, its backup .out.old-R left.
    String run = "000115c0-0000-0000-0000-00000000115c";
    publish("current", run, OutputCommit.RENAME);
    Map<String, String> before = Checksums.of(out);
    write(tmp.resolve(".out.old-" + run + "/report/part-0"), "older");
    try (OutputCommit c = OutputCommit.begin(fs, target, "kl-report", "run")) {
      assertThat(names()).doesNotContain(".out.old-" + run);
    }
    assertThat(Checksums.of(out)).isEqualTo(before);
  }

  @Test
  void anOldCopyNextToAnIncompleteOutputIsNeverDeleted() throws IOException {
    publish("complete");
    killedBetweenTheMoves("00015b30-0000-0000-0000-0000000015b3");
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
  void anOldCopyTheOutputRecordsIsNeverDeletedWhenTheOutputIsIncomplete() throws IOException {
    String run = "0002b0b0-0000-0000-0000-00000000b0b0";
    publish("older");
    publish("current", run, OutputCommit.RENAME);
    write(tmp.resolve(".out.old-" + run + "/report/part-0"), "older");
    Map<String, String> old = Checksums.of(tmp.resolve(".out.old-" + run));
    Files.writeString(out.resolve("report/part-0"), "cut");
    Map<String, String> half = Checksums.of(out);
    assertThatThrownBy(() -> OutputCommit.begin(fs, target, "kl-report", "run"))
        .hasMessageContaining("is incomplete or not klspark's")
        .hasMessageContaining(".out.old-" + run);
    assertThat(Checksums.of(tmp.resolve(".out.old-" + run))).isEqualTo(old);
    assertThat(Checksums.of(out)).isEqualTo(half);
  }

  /**
   * Directories named like klspark's backups (and staging directories) that no klspark run recorded
   * are a user's: beside an absent output, beside a complete one, beside a genuine backup a kill
   * left, and across publications, they are never moved, replaced or deleted.
   */
  @Test
  void aUserDirectoryNamedLikeABackupIsNeverMovedOrDeleted() throws IOException {
    Path mine = tmp.resolve(".out.old-0003c0c0-0000-0000-0000-00000000c0c0");
    Path other = tmp.resolve(".out.old-run");
    Path staged = tmp.resolve(".out.staging-0003d0d0-0000-0000-0000-00000000d0d0");
    write(mine.resolve("thesis/ch1.txt"), "mine");
    write(mine.resolve(OutputMarker.NAME), "{\"job\" : \"kl-report\", \"files\" : {}}");
    write(other.resolve("notes.txt"), "also mine");
    write(staged.resolve("draft.txt"), "mine too");
    Map<String, String> before = Checksums.of(tmp);

    publish("first", "0003e0e0-0000-0000-0000-00000000e0e0", OutputCommit.RENAME);
    assertThat(Files.readString(out.resolve("report/part-0"))).isEqualTo("first");
    publish("second", "0003f0f0-0000-0000-0000-00000000f0f0", OutputCommit.RENAME);
    assertThat(Files.readString(out.resolve("report/part-0"))).isEqualTo("second");
    killedBetweenTheMoves("00040000-0000-0000-0000-000000000400");
    try (OutputCommit c = OutputCommit.begin(fs, target, "kl-report", "run")) {
      assertThat(Files.readString(out.resolve("report/part-0"))).isEqualTo("second");
    }
    Map<String, String> after = Checksums.of(tmp);
    after.keySet().removeIf(k -> k.equals("out") || k.startsWith("out/"));
    assertThat(after).isEqualTo(before);
    assertThat(names()).contains("out");
  }

  @Test
  void aUserDirectoryHoldingThisRunsBackupNameStopsThePublicationBeforeAnyMove()
      throws IOException {
    publish("previous");
    Map<String, String> before = Checksums.of(out);
    Path mine = tmp.resolve(".out.old-next");
    write(mine.resolve("notes.txt"), "mine");
    Map<String, String> minesBefore = Checksums.of(mine);
    assertThatThrownBy(() -> publish("new", "next", OutputCommit.RENAME))
        .isInstanceOf(KlsparkException.class)
        .hasMessageContaining(mine + " exists and is not a backup of this run")
        .hasMessageContaining("The output is unchanged");
    assertThat(Checksums.of(out)).isEqualTo(before);
    assertThat(Checksums.of(mine)).isEqualTo(minesBefore);
    assertThat(names()).containsExactlyInAnyOrder("out", ".out.old-next");
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

package dev.klspark.spark.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klspark.KlsparkException;
import dev.klspark.UsageException;
import dev.klspark.testing.Checksums;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an output location may be, and the overlap with inputs, checked before any work. */
class OutputGuardTest {
  private static final Configuration CONF = new Configuration();
  @TempDir Path tmp;

  private static org.apache.hadoop.fs.Path hp(Path p) {
    return new org.apache.hadoop.fs.Path(p.toString());
  }

  private boolean replaces(Path dir, String job) throws IOException {
    return OutputGuard.refuseForeign(FileSystem.getLocal(CONF), hp(dir), "--output", job);
  }

  @Test
  void absentAndEmptyLocationsAreFreeAndNothingIsCreated() throws IOException {
    assertThat(replaces(tmp.resolve("new"), "kl-report")).isFalse();
    assertThat(Files.exists(tmp.resolve("new"))).isFalse();
    Files.createDirectory(tmp.resolve("empty"));
    assertThat(replaces(tmp.resolve("empty"), "kl-report")).isFalse();
  }

  @Test
  void aDirectoryOfUserFilesIsRefusedNamingWhatItHolds() throws IOException {
    Path d = tmp.resolve("mine");
    Files.createDirectories(d.resolve("photos"));
    Files.writeString(d.resolve("notes.txt"), "precious");
    Files.writeString(d.resolve("photos/a.jpg"), "jpeg");
    Map<String, String> before = Checksums.of(d);
    assertThatThrownBy(() -> replaces(d, "kl-report"))
        .isInstanceOf(KlsparkException.class)
        .hasMessage(
            "--output "
                + hp(d)
                + " exists and is not a kl-report output (holds notes.txt,"
                + " photos/): choose another --output or remove it yourself");
    assertThat(Checksums.of(d)).isEqualTo(before);
  }

  @Test
  void aGitCheckoutAndARegularFileAreRefused() throws IOException {
    Path repo = tmp.resolve("checkout");
    Files.createDirectories(repo.resolve(".git"));
    Files.writeString(repo.resolve("README.md"), "x");
    assertThatThrownBy(() -> replaces(repo, "kl-report"))
        .hasMessageContaining("(holds .git/, README.md)");
    Path file = tmp.resolve("file.txt");
    Files.writeString(file, "x");
    assertThatThrownBy(() -> replaces(file, "kl-report"))
        .hasMessageContaining("exists and is a file, not a kl-report output");
  }

  @Test
  void theSameJobsMarkedOutputIsReplacedAnotherJobsIsRefused() throws IOException {
    Path d = tmp.resolve("out");
    Files.createDirectories(d.resolve("report"));
    Files.writeString(d.resolve("report/part-0"), "x");
    OutputMarker.write(FileSystem.getLocal(CONF), hp(d), "kl-report", "r1");
    assertThat(replaces(d, "kl-report")).isTrue();
    assertThatThrownBy(() -> replaces(d, "mle-report"))
        .hasMessageContaining("is a kl-report output")
        .hasMessageContaining("not a mle-report output");
  }

  @Test
  void anUnreadableMarkerIsRefused() throws IOException {
    Path d = tmp.resolve("out");
    Files.createDirectories(d);
    Files.writeString(d.resolve(OutputMarker.NAME), "{not json");
    assertThatThrownBy(() -> replaces(d, "kl-report"))
        .hasMessageContaining("cannot read the klspark marker");
  }

  @Test
  void aKlspark01OutputIsRecognisedByItsEntriesAndSummary() throws IOException {
    Path d = tmp.resolve("old");
    Files.createDirectories(d.resolve("report"));
    Files.writeString(d.resolve("summary.json"), "{\"job\": \"kl-report\", \"rows\": {}}");
    assertThat(replaces(d, "kl-report")).isTrue();
    assertThatThrownBy(() -> replaces(d, "mle-report")).isInstanceOf(KlsparkException.class);
    Files.writeString(d.resolve("mine.txt"), "x");
    assertThatThrownBy(() -> replaces(d, "kl-report")).hasMessageContaining("mine.txt");
  }

  @Test
  void emptyPathsAndRootsAreRefused() {
    assertThatThrownBy(() -> OutputGuard.qualify(CONF, "", "--output"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--output is empty");
    assertThatThrownBy(() -> OutputGuard.qualify(CONF, "  ", "--output"))
        .isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> OutputGuard.qualify(CONF, "/", "--output"))
        .isInstanceOf(KlsparkException.class)
        .hasMessageContaining("is the root of a file system");
    assertThatThrownBy(() -> OutputGuard.qualify(CONF, "file:///", "--output"))
        .hasMessageContaining("is the root of a file system");
  }

  private void overlap(String output, String input) {
    OutputGuard.refuseOverlap(
        CONF,
        OutputGuard.qualify(CONF, output, "--output"),
        "--output",
        List.of(new OutputGuard.Input("input", input)));
  }

  @Test
  void outputsEqualToContainingOrInsideAnInputAreRefused() throws IOException {
    Path data = tmp.resolve("data");
    Files.createDirectories(data.resolve("flights.parquet"));
    String in = data.resolve("flights.parquet").toString();
    assertThatThrownBy(() -> overlap(in, in)).hasMessageContaining("is the same path as the input");
    assertThatThrownBy(() -> overlap(data.toString(), in))
        .hasMessageContaining("contains the input " + in);
    assertThatThrownBy(() -> overlap(in + "/out", in))
        .hasMessageContaining("lies inside the input");
    assertThatThrownBy(() -> overlap(data + "/x/../flights.parquet", in))
        .hasMessageContaining("same path");
    assertThatThrownBy(() -> overlap("file://" + data, in)).hasMessageContaining("contains");
    assertThatThrownBy(() -> overlap(data + "/.", in)).hasMessageContaining("contains");
    assertThatThrownBy(() -> overlap(tmp.toString(), "file:" + in))
        .hasMessageContaining("contains");
    assertThatThrownBy(() -> overlap(data.toString(), data + "/*.parquet"))
        .hasMessageContaining("the input " + data + "/*.parquet");
    overlap(tmp.resolve("elsewhere").toString(), in);
    overlap(data + "/flights", in); // a sibling whose name is a prefix is not inside
  }

  @Test
  void symbolicLinksAreResolved() throws IOException {
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    Path link = Files.createSymbolicLink(tmp.resolve("link"), data);
    assertThatThrownBy(() -> overlap(link.toString(), data.resolve("in.parquet").toString()))
        .hasMessageContaining("contains");
    assertThatThrownBy(() -> overlap(link + "/new/out", data.toString()))
        .hasMessageContaining("lies inside");
  }

  @Test
  void globInputsAreComparedByTheirDirectory() {
    assertThat(OutputGuard.globFree("/d/x/*.parquet")).isEqualTo("/d/x");
    assertThat(OutputGuard.globFree("/d/{a,b}")).isEqualTo("/d");
    assertThat(OutputGuard.globFree("/d/x")).isEqualTo("/d/x");
  }

  @Test
  void userFilesAddedToAnOutputHiddenCrcFilesSymlinksAndNestedOutputsAreRefused()
      throws IOException {
    FileSystem fs = FileSystem.getLocal(CONF);
    Path d = tmp.resolve("out");
    Files.createDirectories(d.resolve("report"));
    Files.writeString(d.resolve("report/part-0"), "x");
    OutputMarker.write(fs, hp(d), "kl-report", "r1");
    assertThat(replaces(d, "kl-report")).isTrue();
    Files.writeString(d.resolve("NOTES.txt"), "mine");
    assertThatThrownBy(() -> replaces(d, "kl-report"))
        .hasMessageContaining(
            "is a kl-report output, but it also holds files klspark did not write (NOTES.txt)");
    Files.delete(d.resolve("NOTES.txt"));
    // A nested output would be replaced together with the outer one.
    assertThatThrownBy(() -> replaces(d.resolve("report/nested"), "kl-report"))
        .hasMessageContaining("lies inside " + hp(d) + " (a kl-report output)");
    // A directory holding only a file a checksum file system hides is not empty.
    Path hidden = tmp.resolve("hidden");
    Files.createDirectories(hidden);
    Files.writeString(hidden.resolve(".backup.crc"), "mine");
    assertThatThrownBy(() -> replaces(hidden, "kl-report"))
        .hasMessageContaining("(holds .backup.crc)");
    // A link is never replaced.
    Path link = Files.createSymbolicLink(tmp.resolve("link"), d);
    assertThatThrownBy(() -> replaces(link, "kl-report"))
        .hasMessageContaining("is a symbolic link");
  }

  /**
   * A data-quality output may hold a run's temporary bucket edges file (a run of another date at
   * the same time, with a history table); a user's file of a similar name is still foreign.
   */
  @Test
  void aDataQualityRunsTemporaryEdgesFileIsItsOwn() throws IOException {
    FileSystem fs = FileSystem.getLocal(CONF);
    Path d = tmp.resolve("dq");
    Files.createDirectories(d.resolve("runs"));
    Files.writeString(d.resolve("bucket_edges.json"), "{}");
    OutputMarker.writeContainer(fs, hp(d), "data-quality", "r1");
    Files.writeString(
        d.resolve(".bucket_edges.json.0f8e2a3c-1d2b-4c5d-8e9f-0a1b2c3d4e5f.tmp"), "{}");
    assertThat(replaces(d, "data-quality")).isTrue();
    Files.writeString(d.resolve(".bucket_edges.json.mine.tmp"), "mine");
    assertThatThrownBy(() -> replaces(d, "data-quality"))
        .hasMessageContaining(".bucket_edges.json.mine.tmp");
  }

  @Test
  void patternCharactersInTheOutputNameAreUsageErrors() {
    assertThatThrownBy(
            () -> OutputGuard.qualify(CONF, tmp.resolve("run[1]").toString(), "--output"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("holds '['");
  }
}

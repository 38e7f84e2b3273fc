package dev.klspark.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The entry layer stays thin (issue 13): a job class parses, resolves settings, calls the layer
 * below, prints and maps exit codes, and no file under {@code job/} exceeds 250 lines. Work that
 * grows beyond that belongs in the report, publish or sql layers.
 */
class ThinJobsTest {
  private static final int MAX_LINES = 250;

  @Test
  void noFileUnderJobExceeds250Lines() throws IOException {
    Path job =
        Path.of(System.getProperty("klspark.project.dir", "."), "src/main/java/dev/klspark/job");
    List<String> tooLong;
    try (Stream<Path> files = Files.list(job)) {
      tooLong =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> lines(p) > MAX_LINES)
              .map(p -> p.getFileName() + " (" + lines(p) + " lines)")
              .toList();
    }
    assertThat(tooLong).as("job files over %d lines", MAX_LINES).isEmpty();
  }

  private static long lines(Path p) {
    try (Stream<String> s = Files.lines(p)) {
      return s.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

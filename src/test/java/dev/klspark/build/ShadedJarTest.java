package dev.klspark.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged klspark jar holds klspark's classes and its relocated dependencies only: every class
 * is under {@code dev/klspark/} (third-party ones under {@code dev/klspark/shaded/}), none hides in
 * a multi-release directory, the chart library's unused PDF/vector/GIF encoders are left out, and
 * the jar stays under the size README states. Runs in {@code mvn verify} after the jar is built
 * (the surefire execution {@code shaded-jar}, which passes the jar's path); skipped elsewhere.
 */
class ShadedJarTest {
  /** README ("Jar") states the measured size, about 1.9 MB; this is the ceiling it promises. */
  private static final long MAX_BYTES = 2_500_000;

  private static Path jar;
  private static List<String> entries;

  @BeforeAll
  static void open() throws IOException {
    String path = System.getProperty("klspark.jar");
    Assumptions.assumeTrue(path != null, "runs in mvn verify, after package");
    jar = Path.of(path);
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      entries = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
    }
  }

  @Test
  void everyClassIsKlsparksOrRelocated() {
    List<String> foreign =
        entries.stream()
            .filter(e -> e.endsWith(".class"))
            .filter(e -> !e.startsWith("dev/klspark/"))
            .toList();
    assertThat(foreign).as("classes outside dev/klspark/ (not relocated)").isEmpty();
    assertThat(entries).filteredOn(e -> e.startsWith("META-INF/versions/")).isEmpty();
    assertThat(entries)
        .filteredOn(e -> e.endsWith(".class"))
        .filteredOn(e -> e.startsWith("dev/klspark/shaded/"))
        .extracting(e -> e.split("/")[3])
        .containsOnly("picocli", "jackson", "snakeyaml");
  }

  /** The chart library is the bench's (jobs/bench-scaling's PNG charts), not the main jar's. */
  @Test
  void noChartLibrary() {
    assertThat(entries)
        .noneMatch(e -> e.contains("xchart") || e.contains("knowm"))
        .noneMatch(e -> e.contains("pdfbox") || e.contains("fontbox"))
        .noneMatch(e -> e.contains("vectorgraphics2d") || e.contains("/gif/"));
  }

  @Test
  void theJarIsSmall() throws IOException {
    assertThat(Files.size(jar)).isLessThan(MAX_BYTES);
  }
}

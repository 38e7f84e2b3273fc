package dev.klspark.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * dev.klspark.math is pure Java: no Spark, Scala or Hadoop import may creep in. The one library
 * allowed besides the JDK is Apache Commons Math 3 (plain Java, on Spark's classpath), used for the
 * Cholesky factorisation of {@code ClosedFormKl.multivariateGaussian}.
 */
class NoSparkImportsTest {
  @Test
  void mathPackageImportsOnlyTheJdk() throws IOException {
    Path dir =
        Path.of(System.getProperty("klspark.project.dir", "."), "src/main/java/dev/klspark/math");
    assertThat(dir).isDirectory();
    List<String> offending;
    try (Stream<Path> files = Files.list(dir)) {
      offending =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .flatMap(
                  f -> {
                    try {
                      return Files.readAllLines(f).stream()
                          .filter(l -> l.startsWith("import "))
                          .filter(
                              l ->
                                  !l.matches(
                                      "import (static )?(java|javax|org\\.apache\\.commons\\.math3)\\..*"))
                          .map(l -> f.getFileName() + ": " + l);
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .collect(Collectors.toList());
    }
    assertThat(offending).as("imports outside the JDK in dev.klspark.math").isEmpty();
  }
}

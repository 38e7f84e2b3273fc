package dev.klspark.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The entry layer stays thin (issue 13): a command class parses, resolves settings, calls its Run,
 * prints and maps exit codes. Every file of the shared command-line plumbing ({@code cli}) and
 * every command's picocli command, options and settings ({@code *Job}, {@code *Options}, {@code
 * *Settings}, {@code *Tables}) stays within 250 lines; work that grows beyond that belongs in the
 * command's report or Run classes, or in a floor below.
 */
class ThinJobsTest {
  private static final int MAX_LINES = 250;
  private static final Path MAIN =
      Path.of(System.getProperty("klspark.project.dir", "."), "src/main/java/dev/klspark");

  @Test
  void noEntryFileExceeds250Lines() throws IOException {
    List<Path> entry = new java.util.ArrayList<>(javaFiles(MAIN.resolve("cli")));
    for (String command : List.of("klreport", "mle", "quality", "compare", "sqlshell")) {
      for (Path p : javaFiles(MAIN.resolve(command))) {
        if (p.getFileName().toString().matches(".*(Job|Options|Settings|Tables)\\.java")) {
          entry.add(p);
        }
      }
    }
    assertThat(entry).as("entry files found").hasSizeGreaterThan(20);
    List<String> tooLong =
        entry.stream()
            .filter(p -> lines(p) > MAX_LINES)
            .map(p -> p.getFileName() + " (" + lines(p) + " lines)")
            .toList();
    assertThat(tooLong).as("entry files over %d lines", MAX_LINES).isEmpty();
  }

  /**
   * The typed SQL API stays a thin list of calls (issue 27): each method's documentation lives
   * once, in the registry and docs/sql-functions.md, and the method links it in one line.
   */
  @Test
  void theTypedSqlApiStaysWithin700Lines() {
    Path functions = MAIN.resolve("spark/sql/KlFunctions.java");
    assertThat(lines(functions)).as("KlFunctions.java lines").isLessThanOrEqualTo(700);
  }

  private static List<Path> javaFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }

  private static long lines(Path p) {
    try (Stream<String> s = Files.lines(p)) {
      return s.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

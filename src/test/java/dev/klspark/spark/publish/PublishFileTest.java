package dev.klspark.spark.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klspark.KlsparkException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OwnedOutput#publishFile} (data-quality's {@code runs/index.html}): replaced in one rename,
 * a user's file of the same name never replaced, leftovers of killed runs removed; and {@link
 * OutputGuard} accepting klspark's index in a data-quality output but not a user's. Spark-free.
 */
class PublishFileTest {
  private static final String MARK = OutputMarker.HTML_MARK;

  @TempDir Path tmp;

  private OwnedOutput claim(Path out) {
    return OwnedOutput.claim(
        new Configuration(), "data-quality", out.toString(), "--output", List.of());
  }

  private static byte[] page(String body) {
    return ("<html><head>" + MARK + "</head><body>" + body + "</body></html>")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void publishesAndReplacesItsOwnFileAndRemovesLeftovers() throws IOException {
    Path out = tmp.resolve("dq");
    Path runs = out.resolve("runs");
    try (OwnedOutput o = claim(out)) {
      o.markContainer();
      Files.createDirectories(runs);
      Path leftover = runs.resolve(".index.html.staging-0b7e3c52-1d6f-4c0e-9a55-2f1d0c3e4b5a");
      Files.writeString(leftover, "half");
      assertThat(o.publishFile("runs/index.html", page("one"), MARK)).isTrue();
      assertThat(o.publishFile("runs/index.html", page("two"), MARK)).isTrue();
      assertThat(leftover).doesNotExist();
    }
    assertThat(Files.readString(runs.resolve("index.html"))).contains("two").doesNotContain("one");
    try (java.util.stream.Stream<Path> s = Files.list(runs)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("index.html");
    }
    // The guard sees klspark's index as part of the output: the next run may go on.
    try (OwnedOutput again = claim(out)) {
      assertThat(again.replaces()).isTrue();
    }
  }

  @Test
  void neverReplacesAUsersFile() throws IOException {
    Path out = tmp.resolve("dq");
    Path runs = out.resolve("runs");
    try (OwnedOutput o = claim(out)) {
      o.markContainer();
      Files.createDirectories(runs);
      Files.writeString(runs.resolve("index.html"), "<html>my own notes</html>");
      assertThat(o.publishFile("runs/index.html", page("klspark"), MARK)).isFalse();
    }
    assertThat(Files.readString(runs.resolve("index.html"))).isEqualTo("<html>my own notes</html>");
    // And a data-quality output holding a user's index.html is refused, as any foreign file.
    assertThatThrownBy(() -> claim(out))
        .isInstanceOf(KlsparkException.class)
        .hasMessageContaining("runs/index.html");
    assertThat(Files.readString(runs.resolve("index.html"))).isEqualTo("<html>my own notes</html>");
  }
}

package dev.klspark.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each setting is declared once (issue 27): a job reads a setting through its {@link Setting}
 * constant, which holds the key and the default, and never by spelling the key and a default again
 * at the place it reads; and one meaning has one constant, shared by the commands that use it.
 */
class SettingsDeclaredOnceTest {
  private static final Path MAIN =
      Path.of(System.getProperty("klspark.project.dir", "."), "src/main/java/dev/klspark");

  /** The packages whose settings are all declared as constants. */
  private static final List<String> PACKAGES =
      List.of("cli", "klreport", "mle", "quality", "compare", "sqlshell");

  /** A read of the layered settings by a literal key, e.g. {@code s.integer("top", 20)}. */
  private static final Pattern LITERAL_READ =
      Pattern.compile(
          "\\b(?!Setting\\.)\\w+\\.(string|integer|number|bool|path|paths|list|has|fromFlag|value)\\(\"([a-z][a-z0-9-]*)\"");

  @Test
  void noCommandReadsASettingByALiteralKey() throws IOException {
    List<String> found = new ArrayList<>();
    for (String pkg : PACKAGES) {
      for (Path p : javaFiles(MAIN.resolve(pkg))) {
        List<String> lines = Files.readAllLines(p);
        for (int i = 0; i < lines.size(); i++) {
          Matcher m = LITERAL_READ.matcher(lines.get(i));
          while (m.find()) {
            found.add(pkg + "/" + p.getFileName() + ":" + (i + 1) + " " + m.group());
          }
        }
      }
    }
    assertThat(found).as("settings read by a literal key instead of their Setting").isEmpty();
  }

  /** The scan sees what it must: a line written the old way is found. */
  @Test
  void theScanFindsALiteralRead() {
    assertThat(LITERAL_READ.matcher("int k = s.integer(\"knn-k\", 5);").find()).isTrue();
    assertThat(LITERAL_READ.matcher("if (s.has(\"knn-k\") && col == null) {").find()).isTrue();
    assertThat(LITERAL_READ.matcher("int k = CommonSettings.KNN_K.from(s);").find()).isFalse();
    // A declaration spells its key once, by design.
    assertThat(LITERAL_READ.matcher("Setting.integer(\"knn-k\", 5);").find()).isFalse();
  }

  /**
   * Two constants with the same key must differ in their default (e.g. each command's own output
   * directory); with the same default they are one setting declared twice.
   */
  @Test
  void oneKeyWithOneDefaultIsOneConstant() throws Exception {
    Map<String, List<String>> byKeyAndDefault = new LinkedHashMap<>();
    Map<String, Setting<?>> seen = new LinkedHashMap<>();
    int constants = 0;
    for (String pkg : PACKAGES) {
      for (Path p : javaFiles(MAIN.resolve(pkg))) {
        if (!Files.readString(p).contains("Setting<")) {
          continue;
        }
        String name = "dev.klspark." + pkg + "." + p.getFileName().toString().replace(".java", "");
        for (Field f : Class.forName(name).getDeclaredFields()) {
          if (!Modifier.isStatic(f.getModifiers()) || f.getType() != Setting.class) {
            continue;
          }
          f.setAccessible(true);
          Setting<?> s = (Setting<?>) f.get(null);
          constants++;
          String id = s.key() + " = " + Objects.toString(s.defaultValue());
          Setting<?> first = seen.putIfAbsent(id, s);
          if (first != null && first != s) {
            byKeyAndDefault
                .computeIfAbsent(id, k -> new ArrayList<>(List.of("(first)")))
                .add(name + "." + f.getName());
          }
        }
      }
    }
    assertThat(constants).as("Setting constants found").isGreaterThan(40);
    assertThat(byKeyAndDefault).as("settings declared more than once").isEmpty();
  }

  private static List<Path> javaFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }
}

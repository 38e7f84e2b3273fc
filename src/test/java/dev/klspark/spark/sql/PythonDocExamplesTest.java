package dev.klspark.spark.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.Versions;
import dev.klspark.testing.FreshJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/python.md and its JVM twins agree: every PySpark statement that shows a result, run on the
 * JVM as {@link PythonDoc} translates it ({@code spark.sql} and {@code functions.call_function}) in
 * a fresh JVM whose session is made by the page's own {@code SparkSession.builder} statement (the
 * extension set by {@code spark.sql.extensions}, nothing registered by hand), prints what the page
 * shows under it, to the character. The page's session settings name the extension class and the
 * release coordinates of this version.
 */
@Tag("slow")
class PythonDocExamplesTest {
  private static final Path DOC =
      Path.of(System.getProperty("klspark.project.dir", "."), "docs/python.md");

  /** What each statement printed in the twin JVM, by the page line it starts on. */
  private static Map<Integer, String> printed;

  @BeforeAll
  static void runTwins(@TempDir Path tmp) throws Exception {
    Path results = tmp.resolve("results.txt");
    FreshJvm.Result r =
        FreshJvm.run(
            tmp,
            List.of(),
            PythonDocTwins.class.getName(),
            DOC.toAbsolutePath().toString(),
            results.toString());
    assertThat(r.code()).as(r.err()).isZero();
    // The extension is named by spark.sql.extensions and found by the ServiceLoader: applied once.
    assertThat(r.err()).doesNotContain("replaced a previously registered function");
    printed = new LinkedHashMap<>();
    Integer line = null;
    StringBuilder text = new StringBuilder();
    for (String l : Files.readAllLines(results, StandardCharsets.UTF_8)) {
      if (l.startsWith("@@ ")) {
        if (line != null) {
          printed.put(line, text.toString());
        }
        line = Integer.valueOf(l.substring(3));
        text.setLength(0);
      } else {
        text.append(text.length() == 0 ? "" : "\n").append(l);
      }
    }
    if (line != null) {
      printed.put(line, text.toString());
    }
  }

  static Stream<Arguments> shownExamples() throws IOException {
    return PythonDoc.parse(DOC).stream()
        .filter(PythonDoc.Statement::shows)
        .map(s -> Arguments.of(s.line(), s.code(), s.output()));
  }

  @ParameterizedTest(name = "line {0}: {1}")
  @MethodSource("shownExamples")
  void theJvmTwinPrintsWhatThePageShows(int line, String code, String output) {
    assertThat(output).as("line %d: the page shows no output under %s", line, code).isNotNull();
    assertThat(printed).containsKey(line);
    assertThat(printed.get(line)).as("line %d: %s", line, code).isEqualTo(output);
  }

  @Test
  void everyShownOutputBelongsToAStatementThatShows() throws IOException {
    for (PythonDoc.Statement s : PythonDoc.parse(DOC)) {
      assertThat(s.output() == null || s.shows()).as("line %d", s.line()).isTrue();
    }
    assertThat(printed.keySet())
        .containsExactlyElementsOf(
            PythonDoc.parse(DOC).stream()
                .filter(PythonDoc.Statement::shows)
                .map(PythonDoc.Statement::line)
                .toList());
  }

  @Test
  void theSessionSettingsAreTheExtensionAndThisRelease() throws IOException {
    Map<String, String> config = PythonDoc.sessionConfig(PythonDoc.parse(DOC));
    assertThat(config)
        .containsEntry("spark.sql.extensions", KlSparkSessionExtensions.class.getName())
        .containsEntry(
            "spark.jars.packages", "dev.klspark:klspark-spark-4.1_2.13:" + Versions.klspark());
    assertThat(config.keySet()).allMatch(k -> k.startsWith("spark."));
  }

  /** Both routes by name are on the page, and every name called is a klspark function. */
  @Test
  void theExamplesCallKlsparkFunctionsBySqlAndByCallFunction() throws IOException {
    Set<String> registered =
        KlFunctionRegistry.all().stream().map(SqlFunction::name).collect(Collectors.toSet());
    List<PythonDoc.Statement> statements = PythonDoc.parse(DOC);
    Pattern callFunction = Pattern.compile("call_function\\(\\s*[\"']([a-z_0-9]+)[\"']");
    int calls = 0;
    for (PythonDoc.Statement s : statements) {
      Matcher m = callFunction.matcher(s.code());
      while (m.find()) {
        assertThat(registered).as("line %d", s.line()).contains(m.group(1));
        calls++;
      }
    }
    assertThat(calls).isPositive();
    assertThat(statements).anyMatch(s -> s.shows() && s.code().contains("spark.sql("));
    assertThat(statements).noneMatch(s -> s.code().contains("_jvm") || s.code().contains("_jdf"));
  }
}

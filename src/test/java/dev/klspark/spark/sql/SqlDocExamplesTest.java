package dev.klspark.spark.sql;

import static dev.klspark.spark.sql.SqlTestSupport.spark;
import static dev.klspark.spark.sql.SqlTestSupport.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/sql-functions.md and the registry agree: one section per registered function and no other,
 * every documented example runs and prints the documented output, and the registry's examples
 * (shown by DESCRIBE FUNCTION EXTENDED) are the documented ones.
 */
class SqlDocExamplesTest {
  private static final Path DOC =
      Path.of(System.getProperty("klspark.project.dir", "."), "docs/sql-functions.md");

  /** function name -> examples parsed from its section: "SELECT ...;" then "-- output" lines. */
  static Map<String, List<SqlFunction.Example>> documented() throws IOException {
    Map<String, List<SqlFunction.Example>> out = new LinkedHashMap<>();
    String current = null;
    boolean inCode = false;
    StringBuilder statement = new StringBuilder();
    for (String line : Files.readAllLines(DOC)) {
      if (line.startsWith("## ")) {
        current = line.substring(3).trim();
        if (out.put(current, new ArrayList<>()) != null) {
          throw new AssertionError("documented twice: " + current);
        }
      } else if (line.startsWith("```")) {
        inCode = !inCode;
      } else if (inCode && current != null) {
        if (line.startsWith("-- ")) {
          List<SqlFunction.Example> examples = out.get(current);
          SqlFunction.Example last = examples.get(examples.size() - 1);
          String output =
              last.output() == null ? line.substring(3) : last.output() + "\n" + line.substring(3);
          examples.set(examples.size() - 1, new SqlFunction.Example(last.sql(), output));
        } else if (!line.isBlank()) {
          statement.append(statement.length() == 0 ? "" : " ").append(line.trim());
          if (line.trim().endsWith(";")) {
            String sql = statement.substring(0, statement.length() - 1);
            out.get(current).add(new SqlFunction.Example(sql, null));
            statement.setLength(0);
          }
        }
      }
    }
    return out;
  }

  static Stream<Arguments> examples() throws IOException {
    return documented().entrySet().stream()
        .flatMap(
            e -> e.getValue().stream().map(x -> Arguments.of(e.getKey(), x.sql(), x.output())));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("examples")
  void documentedExampleGivesDocumentedOutput(String function, String sql, String output) {
    assertThat(sql).contains(function + "(");
    List<String> actual = sql(sql);
    List<String> expected = List.of(output.split("\n"));
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertSameOutput(actual.get(i), expected.get(i));
    }
  }

  /** Equal text, or equal numbers to 1e-12 relative where a field is a number. */
  private static void assertSameOutput(String actual, String expected) {
    if (actual.equals(expected)) {
      return;
    }
    String[] a = actual.split("\t");
    String[] e = expected.split("\t");
    assertThat(a).as(actual).hasSameSizeAs(e);
    for (int i = 0; i < e.length; i++) {
      double x = Double.parseDouble(a[i]);
      double y = Double.parseDouble(e[i]);
      assertThat(x).as(actual).isCloseTo(y, within(1e-12 * Math.abs(y)));
    }
  }

  @Test
  void everyRegisteredFunctionIsDocumentedAndNothingElse() throws IOException {
    List<String> registered =
        KlFunctionRegistry.all().stream().map(SqlFunction::name).collect(Collectors.toList());
    assertThat(documented().keySet()).containsExactlyElementsOf(registered);
  }

  @Test
  void registryExamplesAreTheDocumentedOnes() throws IOException {
    Map<String, List<SqlFunction.Example>> doc = documented();
    for (SqlFunction fn : KlFunctionRegistry.all()) {
      assertThat(doc.get(fn.name())).as(fn.name()).containsExactlyElementsOf(fn.examples());
      assertThat(fn.examples()).as(fn.name()).isNotEmpty();
    }
  }

  @Test
  void noFunctionIsRegisteredTwiceOrUndocumented() {
    List<String> names = KlFunctionRegistry.all().stream().map(SqlFunction::name).toList();
    assertThat(names).doesNotHaveDuplicates();
    for (SqlFunction fn : KlFunctionRegistry.all()) {
      assertThat(fn.usage()).as(fn.name()).startsWith("_FUNC_(").contains(" - ");
      assertThat(fn.arguments()).as(fn.name()).isNotEmpty();
      assertThat(fn.note()).as(fn.name()).isNotBlank();
    }
  }

  @Test
  void describeFunctionExtendedShowsUsageArgumentsAndExample() {
    for (SqlFunction fn : KlFunctionRegistry.all()) {
      String text =
          spark().sql("DESCRIBE FUNCTION EXTENDED " + fn.name()).collectAsList().stream()
              .map(Row::toString)
              .collect(Collectors.joining("\n"));
      assertThat(text)
          .as(fn.name())
          .contains("Function: " + fn.name())
          .contains("Usage: " + fn.name() + "(")
          .contains("Arguments:")
          .contains("> " + fn.examples().get(0).sql());
    }
  }
}

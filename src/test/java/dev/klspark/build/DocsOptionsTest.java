package dev.klspark.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.compare.CompareReportsJob;
import dev.klspark.klreport.KlReportJob;
import dev.klspark.mle.MleReportJob;
import dev.klspark.quality.DataQualityJob;
import dev.klspark.sqlshell.SqlJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Each command's page under {@code docs/} and its picocli model agree: every option of the command
 * is named on its page (as {@code `--name}, or as its job-file key in the first cell of a table
 * row, {@code | `name`}), and every flag in a table row of the page ({@code | `--name ...}) is an
 * option of the command. Spark-free: it reads the command-line models only.
 */
class DocsOptionsTest {
  private static final Path DOCS = Path.of(System.getProperty("klspark.project.dir", "."), "docs");

  static Stream<Arguments> commands() {
    return Stream.of(
        Arguments.of("kl-report.md", new KlReportJob()),
        Arguments.of("mle-report.md", new MleReportJob()),
        Arguments.of("data-quality.md", new DataQualityJob()),
        Arguments.of("compare-reports.md", new CompareReportsJob()),
        Arguments.of("sql.md", new SqlJob()));
  }

  private static List<OptionSpec> options(Object command) {
    return new CommandLine(command).getCommandSpec().options();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void everyOptionIsOnItsPageAndEveryDocumentedFlagExists(String page, Object command)
      throws IOException {
    String text = Files.readString(DOCS.resolve(page));
    // The first cell of each table row: `--flag` names and job-file `key` names.
    Set<String> firstCells = new TreeSet<>();
    Matcher quoted = Pattern.compile("`([a-z-][a-z0-9-]*)").matcher("");
    for (String line : text.split("\n")) {
      if (line.startsWith("| `")) {
        quoted.reset(line.substring(2, line.indexOf('|', 2)));
        while (quoted.find()) {
          firstCells.add(quoted.group(1));
        }
      }
    }
    Set<String> names = new TreeSet<>();
    List<String> undocumented = new ArrayList<>();
    for (OptionSpec o : options(command)) {
      names.addAll(List.of(o.names()));
      // A flag, or its job-file key in a table row (the key is the long name without the dashes).
      if (Stream.of(o.names())
          .noneMatch(
              n -> text.contains("`" + n) || firstCells.contains(n.replaceFirst("^--", "")))) {
        undocumented.add(o.longestName());
      }
    }
    assertThat(undocumented).as("options of the command missing from docs/%s", page).isEmpty();
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("`(--[a-z][a-z0-9-]*)").matcher("");
    for (String line : text.split("\n")) {
      if (line.startsWith("| `--")) {
        String first = line.substring(2, line.indexOf('|', 2));
        m.reset(first);
        while (m.find()) {
          documented.add(m.group(1));
        }
      }
    }
    documented.removeAll(names);
    assertThat(documented)
        .as("flags in the tables of docs/%s that the command lacks", page)
        .isEmpty();
  }
}

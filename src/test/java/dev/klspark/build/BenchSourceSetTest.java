package dev.klspark.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.KlsparkException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the two jars are made of. The main jar ({@code target/klspark-VERSION.jar}) is built from
 * {@code target/classes}, i.e. {@code src/main} only: no benchmark, no data generator, no gen-data.
 * The bench jar is built from the classes of {@code src/bench/java}, which Maven compiles into the
 * test output directory next to the tests; the include and exclude patterns of the pom's {@code
 * bench-classes} execution must select exactly those classes, and this test applies the pom's own
 * patterns to that directory.
 */
class BenchSourceSetTest {
  private static final Path PROJECT = Path.of(System.getProperty("klspark.project.dir", "."));
  private static final Path BENCH_SOURCES = PROJECT.resolve("src/bench/java");

  @Test
  void theMainClassesHoldNoBenchOrDatagenCode() throws IOException, URISyntaxException {
    Path mainClasses =
        Path.of(KlsparkException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(mainClasses.resolve("dev/klspark/KlsparkException.class")).isRegularFile();
    assertThat(mainClasses.resolve("dev/klspark/bench")).doesNotExist();
    assertThat(mainClasses.resolve("dev/klspark/datagen")).doesNotExist();
    for (String source : topLevelClasses(BENCH_SOURCES, ".java")) {
      assertThat(mainClasses.resolve(source + ".class"))
          .as("a class of src/bench/java in target/classes")
          .doesNotExist();
    }
  }

  @Test
  void thePomsPatternsSelectExactlyTheBenchSources() throws IOException {
    Path testClasses = PROJECT.resolve("target/test-classes");
    String pom = Files.readString(PROJECT.resolve("pom.xml"));
    int at = pom.indexOf("<id>bench-classes</id>");
    assertThat(at).as("the bench-classes execution in pom.xml").isPositive();
    String execution = pom.substring(at, pom.indexOf("</execution>", at));
    List<PathMatcher> includes = patterns(execution, "include");
    List<PathMatcher> excludes = patterns(execution, "exclude");
    assertThat(includes).isNotEmpty();

    Set<String> packaged = new TreeSet<>();
    try (Stream<Path> files = Files.walk(testClasses)) {
      for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        Path rel = testClasses.relativize(f);
        if (includes.stream().anyMatch(m -> m.matches(rel))
            && excludes.stream().noneMatch(m -> m.matches(rel))) {
          packaged.add(topLevel(rel.toString().replace('\\', '/'), ".class"));
        }
      }
    }
    assertThat(packaged)
        .as("classes the bench jar takes from target/test-classes")
        .isEqualTo(topLevelClasses(BENCH_SOURCES, ".java"));
  }

  /** The Ant-style patterns of {@code <tag>} elements, as path matchers. */
  private static List<PathMatcher> patterns(String xml, String tag) {
    List<PathMatcher> out = new ArrayList<>();
    Matcher m = Pattern.compile("<" + tag + ">([^<]+)</" + tag + ">").matcher(xml);
    while (m.find()) {
      out.add(FileSystems.getDefault().getPathMatcher("glob:" + m.group(1).strip()));
    }
    return out;
  }

  /** {@code dev/klspark/bench/ReportBench} for every source (or class) file under {@code root}. */
  private static Set<String> topLevelClasses(Path root, String suffix) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> topLevel(root.relativize(f).toString().replace('\\', '/'), suffix))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static String topLevel(String path, String suffix) {
    String name = path.substring(0, path.length() - suffix.length());
    int nested = name.indexOf('$');
    return nested < 0 ? name : name.substring(0, nested);
  }
}

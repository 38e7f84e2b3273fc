package dev.klspark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The package house of klspark, checked on the production classes (bytecode, so a fully qualified
 * name counts as much as an import): those of {@code src/main} (the main jar) and those of {@code
 * src/bench} (the bench jar: gen-data, the benchmarks, the data generator).
 *
 * <p><b>One room per command</b>, named as the command is: {@code klreport} (jobs/kl-report),
 * {@code mle} (jobs/mle-report), {@code quality} (jobs/data-quality), {@code compare}
 * (jobs/compare-reports) and {@code sqlshell} (jobs/sql). Each holds its picocli command, its
 * settings, its reports (Dataset in, Dataset out), its summaries and pages, and its Run classes,
 * which claim the output, read, compute, publish and print. The rooms never use each other; they
 * stand on shared floors. An arrow reads "may depend on":
 *
 * <pre>
 *   bench ─┬─► klreport, mle, quality, compare, sqlshell   (the commands; siblings)
 *          │     ├──► cli ──► engine ──► distribution ──► math
 *          │     │     │        └──► html ──────────────► math
 *          │     │     ├──► publish ────────────────────► math
 *          │     │     ├──► sql ────────────────────────► math
 *          │     │     └──► config
 *          │     └──► (every floor directly)
 *          └─► datagen ──► publish, math
 * </pre>
 *
 * <p>{@code spark.compat} holds SparkCompat, the one class compiled per Spark line
 * (src/main/spark-*); it depends on no klspark package, and every Spark layer may use it.
 *
 * <p>Every layer may also use the root package {@code dev.klspark} (KlsparkException,
 * UsageException, Versions, Messages), which itself uses no other klspark package. What is
 * forbidden is every arrow the other way, and the sideways ones the design rules out:
 *
 * <ul>
 *   <li>{@code math} is the pure-Java kernel: it depends on {@code java.*}, Apache Commons Math 3
 *       and itself only (no Spark, Scala, Hadoop, no other klspark package, not even the root one).
 *   <li>{@code html} (the page skeleton, formatting and SVG charts every report's page is drawn
 *       with) uses no Spark, Scala or Hadoop type, and no klspark package but math and the root.
 *   <li>{@code spark.publish} (output ownership, locks, commits, catalog tables, the summary JSON)
 *       uses no other klspark layer but math.
 *   <li>{@code spark.sql} (the SQL functions) uses math and compat only.
 *   <li>{@code spark.distribution} uses math only; {@code spark.engine} (GroupStream, ValueStream,
 *       GroupComparison, the column names and the ranking shared by the reports) uses math,
 *       distribution and html.
 *   <li>{@code config} (the job-settings reader) uses no klspark layer but the root package.
 *   <li>{@code cli} (the plumbing shared by the commands: sessions, exit codes, error lines,
 *       signals, the input, output and table options) uses every floor and no command.
 *   <li>A command uses the floors and never another command; only {@code bench} may use a command.
 *   <li>Inside a command, only its Run classes use the publishing part of {@code spark.publish}
 *       (claims, commits, locks, owned outputs and tables): the command class parses and prints,
 *       the reports compute, the pages render, and one place per run mode writes.
 *   <li>{@code bench} (gen-data and the benchmarks, run from jobs/gen-data and jobs/bench*) drives
 *       the commands' reports, so it sits above them and nothing depends on it. {@code datagen}
 *       (the synthetic-data generator and its writer) uses math and publish; only bench uses it.
 *       Neither is in the main jar: they live in {@code src/bench/java}, which Maven compiles with
 *       the tests, so no class of {@code src/main} can even see them ({@code BenchSourceSetTest}
 *       checks what each jar is made of), and they may not use the test libraries they are compiled
 *       beside.
 * </ul>
 *
 * <p>Every production class must belong to one of these layers, so a new package needs a decision
 * here rather than escaping the rules.
 */
@AnalyzeClasses(packages = "dev.klspark", importOptions = ArchitectureTest.MainAndBench.class)
class ArchitectureTest {

  /**
   * The classes of {@code src/main} and of {@code src/bench}, not the tests. Maven compiles the
   * bench sources into the test output directory (see pom.xml), so a class found there is kept when
   * its top-level class has a source file under {@code src/bench/java}.
   */
  static final class MainAndBench implements ImportOption {
    private static final String TEST_OUTPUT = "/test-classes/";
    private static final Path BENCH_SOURCES =
        Path.of(System.getProperty("klspark.project.dir", "."), "src", "bench", "java");

    @Override
    public boolean includes(Location location) {
      String uri = location.asURI().toString();
      int at = uri.indexOf(TEST_OUTPUT);
      if (at < 0) {
        return true; // target/classes, or target/spark-LINE/classes of another Spark line
      }
      if (!uri.endsWith(".class")) {
        return false;
      }
      String name = uri.substring(at + TEST_OUTPUT.length(), uri.length() - ".class".length());
      int nested = name.indexOf('$');
      String topLevel = nested < 0 ? name : name.substring(0, nested);
      return Files.isRegularFile(BENCH_SOURCES.resolve(topLevel + ".java"));
    }
  }

  /** The command rooms, one per job. */
  static final String[] COMMANDS = {
    "dev.klspark.klreport..",
    "dev.klspark.mle..",
    "dev.klspark.quality..",
    "dev.klspark.compare..",
    "dev.klspark.sqlshell.."
  };

  private static final String BASE = "Base";
  private static final String MATH = "Math";
  private static final String COMPAT = "Compat";
  private static final String HTML = "Html";
  private static final String DISTRIBUTION = "Distribution";
  private static final String PUBLISH = "Publish";
  private static final String ENGINE = "Engine";
  private static final String SQL = "Sql";
  private static final String CONFIG = "Config";
  private static final String CLI = "Cli";
  private static final String COMMAND = "Command";
  private static final String DATAGEN = "Datagen";
  private static final String BENCH = "Bench";

  /** The kernel is plain Java: JDK, Commons Math 3 (Cholesky of kl_mvn) and itself. */
  @ArchTest
  static final ArchRule mathIsPureJava =
      noClasses()
          .that()
          .resideInAPackage("dev.klspark.math..")
          .should()
          .dependOnClassesThat()
          .resideOutsideOfPackages("java..", "dev.klspark.math..", "org.apache.commons.math3..")
          .because(
              "dev.klspark.math is the pure-Java kernel: no Spark, Scala or Hadoop type and no"
                  + " other klspark package may creep in");

  /** The arrows between klspark's own packages (see the class comment). */
  @ArchTest
  static final ArchRule layers =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .ensureAllClassesAreContainedInArchitecture()
          .layer(BASE)
          .definedBy("dev.klspark")
          .layer(MATH)
          .definedBy("dev.klspark.math..")
          .layer(COMPAT)
          .definedBy("dev.klspark.spark.compat..")
          .layer(HTML)
          .definedBy("dev.klspark.html..")
          .layer(DISTRIBUTION)
          .definedBy("dev.klspark.spark.distribution..")
          .layer(PUBLISH)
          .definedBy("dev.klspark.spark.publish..")
          .layer(ENGINE)
          .definedBy("dev.klspark.spark.engine..")
          .layer(SQL)
          .definedBy("dev.klspark.spark.sql..")
          .layer(CONFIG)
          .definedBy("dev.klspark.config..")
          .layer(CLI)
          .definedBy("dev.klspark.cli..")
          .layer(COMMAND)
          .definedBy(COMMANDS)
          .layer(DATAGEN)
          .definedBy("dev.klspark.datagen..")
          .layer(BENCH)
          .definedBy("dev.klspark.bench..")
          .whereLayer(BASE)
          .mayNotAccessAnyLayer()
          .whereLayer(MATH)
          .mayNotAccessAnyLayer()
          .whereLayer(COMPAT)
          .mayNotAccessAnyLayer()
          .whereLayer(HTML)
          .mayOnlyAccessLayers(BASE, MATH)
          .whereLayer(DISTRIBUTION)
          .mayOnlyAccessLayers(BASE, MATH, COMPAT)
          .whereLayer(PUBLISH)
          .mayOnlyAccessLayers(BASE, MATH)
          .whereLayer(SQL)
          .mayOnlyAccessLayers(BASE, MATH, COMPAT)
          .whereLayer(ENGINE)
          .mayOnlyAccessLayers(BASE, MATH, COMPAT, DISTRIBUTION, HTML)
          .whereLayer(CONFIG)
          .mayOnlyAccessLayers(BASE)
          .whereLayer(CLI)
          .mayOnlyAccessLayers(BASE, MATH, COMPAT, HTML, DISTRIBUTION, PUBLISH, ENGINE, SQL, CONFIG)
          .whereLayer(COMMAND)
          .mayOnlyBeAccessedByLayers(BENCH)
          .whereLayer(DATAGEN)
          .mayOnlyAccessLayers(BASE, MATH, PUBLISH)
          .whereLayer(DATAGEN)
          .mayOnlyBeAccessedByLayers(BENCH)
          .whereLayer(BENCH)
          .mayNotBeAccessedByAnyLayer();

  /** The commands are siblings: each stands on the floors, none reaches into another. */
  @ArchTest
  static final ArchRule commandsAreSiblings =
      slices()
          .matching("dev.klspark.(*)..")
          .that(
              com.tngtech.archunit.base.DescribedPredicate.describe(
                  "is a command room",
                  (com.tngtech.archunit.library.dependencies.Slice slice) ->
                      java.util.Arrays.stream(COMMANDS)
                          .anyMatch(c -> c.equals("dev.klspark." + slice.getNamePart(1) + ".."))))
          .should()
          .notDependOnEachOther()
          .because("a command uses the shared floors, not another command");

  /** The pages' floor draws without Spark: it formats numbers and writes markup. */
  @ArchTest
  static final ArchRule htmlIsSparkFree =
      noClasses()
          .that()
          .resideInAPackage("dev.klspark.html..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..")
          .because("dev.klspark.html renders pages from plain values; Spark stays in the reports");

  /**
   * Inside a command, only the Run classes (and their nested classes and lambdas) claim, commit or
   * lock: the publishing classes of {@code spark.publish}. Summaries (the summary JSON's
   * conventions) and Tables (reading catalog tables and their properties) are not publication.
   */
  @ArchTest
  static final ArchRule onlyRunClassesPublish =
      noClasses()
          .that()
          .resideInAnyPackage(COMMANDS)
          .and(
              com.tngtech.archunit.base.DescribedPredicate.describe(
                  "are not Run classes",
                  (com.tngtech.archunit.core.domain.JavaClass c) ->
                      !c.getName().replaceFirst("\\$.*", "").endsWith("Run")))
          .should()
          .dependOnClassesThat(
              com.tngtech.archunit.base.DescribedPredicate.describe(
                  "publish output",
                  (com.tngtech.archunit.core.domain.JavaClass c) ->
                      c.getPackageName().startsWith("dev.klspark.spark.publish")
                          && !c.getSimpleName().equals("Summaries")
                          && !c.getSimpleName().equals("Tables")))
          .because(
              "one Run class per run mode claims, publishes and prints; the rest of a command"
                  + " parses, computes or renders");

  /**
   * The bench sources are compiled with the tests, so the test libraries are on their classpath;
   * the bench jar runs without them.
   */
  @ArchTest
  static final ArchRule benchUsesNoTestLibrary =
      noClasses()
          .that()
          .resideInAnyPackage("dev.klspark.bench..", "dev.klspark.datagen..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.junit..", "org.assertj..", "com.tngtech.archunit..", "dev.klspark.testing..")
          .because(
              "the bench jar runs with the main jar and Spark only, not with the test classpath");

  /** The rules above see the main and the bench classes, and no test class. */
  @Test
  void theRulesSeeTheBenchSourcesAndNoTest() throws Exception {
    ImportOption option = new MainAndBench();
    for (String c :
        List.of(
            "dev/klspark/klreport/KlReportJob",
            "dev/klspark/bench/GenerateDataJob",
            "dev/klspark/datagen/SyntheticDataWriter$Options")) {
      assertThat(option.includes(location(c))).as(c).isTrue();
    }
    for (String c : List.of("dev/klspark/ArchitectureTest", "dev/klspark/bench/ReportBenchTest")) {
      assertThat(option.includes(location(c))).as(c).isFalse();
    }
  }

  private static Location location(String className) throws Exception {
    return Location.of(
        ArchitectureTest.class.getClassLoader().getResource(className + ".class").toURI());
  }
}

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
 * The layer rules between klspark's packages, checked on the production classes (bytecode, so a
 * fully qualified name counts as much as an import): those of {@code src/main} (the main jar) and
 * those of {@code src/bench} (the bench jar: gen-data, the benchmarks, the data generator). An
 * arrow reads "may depend on":
 *
 * <pre>
 *   bench ─┬─► job ──► report (incl. report.drift) ──► distribution ──► math
 *          │    │        └──► publish ──────────────────────────────────► math
 *          │    ├──► sql ───────────────────────────────────────────────► math
 *          │    └──► config
 *          └─► datagen ──► publish, math
 * </pre>
 *
 * <p>{@code spark.compat} holds SparkCompat, the one class compiled per Spark line
 * (src/main/spark-*); it depends on no klspark package, and every Spark layer may use it.
 *
 * <p>Every layer may also use the root package {@code dev.klspark} (KlsparkException,
 * UsageException, Versions), which itself uses no other klspark package; the upper layers may skip
 * levels (job uses math and distribution directly). What is forbidden is every arrow the other way,
 * and the sideways ones the design rules out:
 *
 * <ul>
 *   <li>{@code math} is the pure-Java kernel: it depends on {@code java.*}, Apache Commons Math 3
 *       and itself only (no Spark, Scala, Hadoop, no other klspark package, not even the root one).
 *   <li>{@code spark.publish} (output publication and locks) uses no other klspark layer but math:
 *       in particular not report or job.
 *   <li>{@code spark.sql} (the SQL functions, beside the reports) uses math only: not distribution,
 *       report, publish or job.
 *   <li>{@code spark.distribution} uses math only; {@code spark.report} uses math, distribution and
 *       publish, never sql, config, datagen or job.
 *   <li>{@code config} (the job-settings reader) uses no klspark layer but the root package.
 *   <li>{@code job} is the top of the product: only {@code bench} may depend on it.
 *   <li>{@code bench} (gen-data and the benchmarks, run from jobs/gen-data and jobs/bench*) drives
 *       the jobs' helpers and the reports, so it sits above job and nothing depends on it. {@code
 *       datagen} (the synthetic-data generator and its writer) uses math and publish; only bench
 *       uses it. Neither is in the main jar: they live in {@code src/bench/java}, which Maven
 *       compiles with the tests, so no class of {@code src/main} can even see them ({@code
 *       BenchSourceSetTest} checks what each jar is made of), and they may not use the test
 *       libraries they are compiled beside.
 * </ul>
 *
 * <p>Every production class must belong to one of these layers, so a new package needs a decision
 * here rather than escaping the rules.
 *
 * <p>The math rule replaces the former {@code NoSparkImportsTest}, which scanned the import lines
 * of the math sources (allowing java, javax and Commons Math 3) and missed fully qualified names.
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

  private static final String BASE = "Base";
  private static final String MATH = "Math";
  private static final String COMPAT = "Compat";
  private static final String DISTRIBUTION = "Distribution";
  private static final String PUBLISH = "Publish";
  private static final String REPORT = "Report";
  private static final String SQL = "Sql";
  private static final String CONFIG = "Config";
  private static final String DATAGEN = "Datagen";
  private static final String JOB = "Job";
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
          .layer(DISTRIBUTION)
          .definedBy("dev.klspark.spark.distribution..")
          .layer(PUBLISH)
          .definedBy("dev.klspark.spark.publish..")
          .layer(REPORT)
          .definedBy("dev.klspark.spark.report..")
          .layer(SQL)
          .definedBy("dev.klspark.spark.sql..")
          .layer(CONFIG)
          .definedBy("dev.klspark.config..")
          .layer(DATAGEN)
          .definedBy("dev.klspark.datagen..")
          .layer(JOB)
          .definedBy("dev.klspark.job..")
          .layer(BENCH)
          .definedBy("dev.klspark.bench..")
          .whereLayer(BASE)
          .mayNotAccessAnyLayer()
          .whereLayer(MATH)
          .mayNotAccessAnyLayer()
          .whereLayer(COMPAT)
          .mayNotAccessAnyLayer()
          .whereLayer(DISTRIBUTION)
          .mayOnlyAccessLayers(BASE, MATH, COMPAT)
          .whereLayer(PUBLISH)
          .mayOnlyAccessLayers(BASE, MATH)
          .whereLayer(SQL)
          .mayOnlyAccessLayers(BASE, MATH, COMPAT)
          .whereLayer(REPORT)
          .mayOnlyAccessLayers(BASE, MATH, COMPAT, DISTRIBUTION, PUBLISH)
          .whereLayer(CONFIG)
          .mayOnlyAccessLayers(BASE)
          .whereLayer(DATAGEN)
          .mayOnlyAccessLayers(BASE, MATH, PUBLISH)
          .whereLayer(DATAGEN)
          .mayOnlyBeAccessedByLayers(BENCH)
          .whereLayer(JOB)
          .mayOnlyAccessLayers(BASE, MATH, COMPAT, DISTRIBUTION, PUBLISH, REPORT, SQL, CONFIG)
          .whereLayer(JOB)
          .mayOnlyBeAccessedByLayers(BENCH)
          .whereLayer(BENCH)
          .mayNotBeAccessedByAnyLayer();

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

  /**
   * The reports are siblings: divergence, mle, gaussian and drift share the engine in {@code
   * spark.report} (GroupStream, GroupComparison, ReportPlans, ReportColumns, ...) and never reach
   * into each other.
   */
  @ArchTest
  static final ArchRule reportsAreSiblings =
      slices()
          .matching("dev.klspark.spark.report.(*)..")
          .should()
          .notDependOnEachOther()
          .because("each report uses the shared engine in spark.report, not another report");

  /** The rules above see the main and the bench classes, and no test class. */
  @Test
  void theRulesSeeTheBenchSourcesAndNoTest() throws Exception {
    ImportOption option = new MainAndBench();
    for (String c :
        List.of(
            "dev/klspark/job/KlReportJob",
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

package dev.klspark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layer rules between klspark's packages, checked on the production classes (bytecode, so a
 * fully qualified name counts as much as an import). An arrow reads "may depend on":
 *
 * <pre>
 *   bench ──► job ──► report (incl. report.drift) ──► distribution ──► math
 *              │        └──► publish ──────────────────────────────────► math
 *              ├──► sql ───────────────────────────────────────────────► math
 *              ├──► config
 *              └──► datagen ───────────────────────────────────────────► math
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
 *   <li>{@code job} is the top of the product: only {@code bench} may depend on it. {@code bench}
 *       (developer benchmarks run from jobs/bench*) drives the jobs, so it sits above job and
 *       nothing depends on it. {@code datagen} (the synthetic-data generator) does not depend on
 *       job: job uses it ({@code GenerateDataJob}, the gen-data launcher), so it sits below job
 *       beside the Spark layers and may use math only; letting it reach job would close a cycle.
 * </ul>
 *
 * <p>Every production class must belong to one of these layers, so a new package needs a decision
 * here rather than escaping the rules.
 *
 * <p>The math rule replaces the former {@code NoSparkImportsTest}, which scanned the import lines
 * of the math sources (allowing java, javax and Commons Math 3) and missed fully qualified names.
 */
@AnalyzeClasses(packages = "dev.klspark", importOptions = ArchitectureTest.ProductionClasses.class)
class ArchitectureTest {

  /**
   * The production classes: not those under a {@code test-classes} directory (ArchUnit's own {@code
   * DoNotIncludeTests} knows only {@code target/test-classes}; the other Spark lines build in
   * {@code target/spark-LINE/}).
   */
  static final class ProductionClasses implements ImportOption {
    @Override
    public boolean includes(com.tngtech.archunit.core.importer.Location location) {
      return !location.contains("/test-classes/");
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
          .mayOnlyAccessLayers(BASE, MATH)
          .whereLayer(JOB)
          .mayOnlyAccessLayers(
              BASE, MATH, COMPAT, DISTRIBUTION, PUBLISH, REPORT, SQL, CONFIG, DATAGEN)
          .whereLayer(JOB)
          .mayOnlyBeAccessedByLayers(BENCH)
          .whereLayer(BENCH)
          .mayNotBeAccessedByAnyLayer();

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
}

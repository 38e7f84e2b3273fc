package dev.klspark.spark.sql;

import static dev.klspark.spark.sql.SqlTestSupport.spark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klspark.testing.FreshJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The functions reach sessions that never call {@link KlFunctions#register}: new sessions of the
 * test JVM (the provider is on its classpath), and fresh JVMs running {@code SqlJob}, once through
 * the ServiceLoader file alone and once with {@code spark.sql.extensions} naming the provider.
 */
@Tag("slow")
class ExtensionSessionTest {
  @Test
  void newSessionsHaveTheFunctions() {
    SparkSession fresh = spark().newSession();
    KlFunctions.requireRegistered(fresh);
    assertThat(
            fresh
                .sql("SELECT kl_divergence(array(1.0, 0.0), array(0.5, 0.5))")
                .first()
                .getDouble(0))
        .isEqualTo(Math.log(2.0));
  }

  @Test
  void registerIsIdempotentAndTheStartupCheckPasses() {
    SparkSession s = spark().newSession();
    KlFunctions.register(s);
    KlFunctions.register(s);
    KlFunctions.requireRegistered(s);
    // Registered once: every function answers, and no name appears twice in the catalog.
    assertThat(s.sql("SELECT kl_divergence(array(1.0, 0.0), array(0.5, 0.5))").first().getDouble(0))
        .isEqualTo(Math.log(2));
    for (var fn : KlFunctionRegistry.all()) {
      assertThat(s.sql("SHOW FUNCTIONS LIKE '" + fn.name() + "'").count())
          .as(fn.name())
          .isEqualTo(1);
    }
  }

  @Test
  void startupCheckFailsLoudlyWhenAFunctionIsMissing() {
    SparkSession s = spark().newSession();
    s.sql("DROP TEMPORARY FUNCTION IF EXISTS entropy_of");
    dev.klspark.spark.compat.SparkCompat.functionRegistry(s)
        .dropFunction(dev.klspark.spark.compat.SparkCompat.functionIdentifier("entropy_of"));
    assertThatThrownBy(() -> KlFunctions.requireRegistered(s))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "klspark SQL functions are not registered in this session: [entropy_of]")
        .hasMessageContaining(
            "spark.sql.extensions=dev.klspark.spark.sql.KlSparkSessionExtensions");
  }

  @Test
  void aFreshJvmGetsTheFunctionsFromTheJarAlone(@TempDir Path tmp) throws Exception {
    FreshJvm.Result r =
        runSqlJob(
            tmp,
            List.of(),
            "SELECT kl_divergence(array(0.5, 0.5), array(0.9, 0.1)), entropy_of(c, 'bits') FROM"
                + " VALUES ('a'), ('b') AS t(c)");
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    assertThat(r.out()).isEqualTo("0.5108256237659906\t1.0\n");
  }

  @Test
  void aFreshJvmWithSparkSqlExtensionsGetsTheFunctions(@TempDir Path tmp) throws Exception {
    FreshJvm.Result r =
        runSqlJob(
            tmp,
            List.of("-Dspark.sql.extensions=" + KlSparkSessionExtensions.class.getName()),
            "SELECT vae_kl(array(0.0), array(0.0))");
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    assertThat(r.out()).isEqualTo("0.0\n");
  }

  @Test
  void anSqlErrorGivesANonZeroExitAndAMessageOnStderr(@TempDir Path tmp) throws Exception {
    FreshJvm.Result r = runSqlJob(tmp, List.of(), "SELECT kl_gaussian(0, -1, 0, 1)");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains(
            "error in statement 1: [KLSPARK_PARAMETER_OUT_OF_RANGE] kl_gaussian: sigma1 = -1.0;"
                + " expected a finite value > 0. Use try_kl_gaussian to tolerate invalid input and"
                + " return NULL instead.")
        .doesNotContain("KlFunctionException")
        .doesNotContain("\tat ");
  }

  private static FreshJvm.Result runSqlJob(Path tmp, List<String> jvmArgs, String sql)
      throws IOException, InterruptedException {
    return FreshJvm.run(tmp, jvmArgs, "dev.klspark.sqlshell.SqlJob", "-e", sql);
  }
}

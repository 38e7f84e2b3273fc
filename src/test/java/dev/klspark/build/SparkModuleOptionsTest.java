package dev.klspark.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/**
 * The pom's {@code spark.module.options} (used by Surefire, and by every launcher in jobs/ without
 * the incubating Vector API module: jobs/lib.sh) covers every JVM option the Spark launcher of the
 * Spark version on the classpath asks for, so a Spark upgrade that needs a new {@code --add-opens}
 * fails here rather than at run time.
 */
class SparkModuleOptionsTest {
  @Test
  void pomListCoversTheLaunchersList() {
    String pom = System.getProperty("spark.module.options");
    assertThat(pom).as("surefire passes -Dspark.module.options").isNotBlank();
    List<String> ours = List.of(pom.trim().split("\\s+"));
    for (String option : JavaModuleOptions.defaultModuleOptions().trim().split("\\s+")) {
      assertThat(ours).as("pom property spark.module.options").contains(option);
    }
  }
}

package dev.klspark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Spark-line check of every job's session (Spark-free: the versions are arguments). */
class VersionsTest {

  @Test
  void aJarFitsItsOwnLineAtAnyPatchLevel() {
    assertThat(Versions.mismatch("4.1", "2.13", "4.1.0", "2.13.16", "0.1.0")).isNull();
    assertThat(Versions.mismatch("4.1", "2.13", "4.1.3", "2.13.17", "0.1.0")).isNull();
    assertThat(Versions.mismatch("3.5", "2.12", "3.5.9", "2.12.18", "0.1.0")).isNull();
    assertThat(Versions.mismatch("4.2", "2.13", "4.2.0", "2.13.18", "0.1.0")).isNull();
    // Built outside Maven (an IDE): nothing to compare.
    assertThat(Versions.mismatch("unknown", "unknown", "3.5.9", "2.12.18", "0.1.0")).isNull();
  }

  @Test
  void anotherLineOrScalaNamesTheJarToUse() {
    assertThat(Versions.mismatch("3.5", "2.12", "4.1.0", "2.13.16", "0.1.0"))
        .isEqualTo(
            "this klspark jar is built for Spark 3.5 (Scala 2.12) but runs on Spark 4.1.0 (Scala"
                + " 2.13.16); use klspark-spark-4.1_2.13-0.1.0.jar (mvn -Pspark-4.1 package)");
    // Same Spark line, other Scala (Spark 3.5 also ships for Scala 2.13).
    assertThat(Versions.mismatch("3.5", "2.12", "3.5.9", "2.13.8", "0.1.0"))
        .contains("use klspark-spark-3.5_2.13-0.1.0.jar");
    // 4.2 is a line of its own: a 4.1 jar on Spark 4.2 names the 4.2 jar, and back.
    assertThat(Versions.mismatch("4.1", "2.13", "4.2.0", "2.13.18", "0.1.0"))
        .isEqualTo(
            "this klspark jar is built for Spark 4.1 (Scala 2.13) but runs on Spark 4.2.0 (Scala"
                + " 2.13.18); use klspark-spark-4.2_2.13-0.1.0.jar (mvn -Pspark-4.2 package)");
    assertThat(Versions.mismatch("4.2", "2.13", "4.1.0", "2.13.16", "0.1.0"))
        .contains("use klspark-spark-4.1_2.13-0.1.0.jar (mvn -Pspark-4.1 package)");
    // 4.10 is not 4.1.
    assertThat(Versions.mismatch("4.1", "2.13", "4.10.0", "2.13.16", "0.1.0")).isNotNull();
  }

  @Test
  void theBuildRecordsItsLine() {
    // version.properties is filtered by Maven: the line of the profile this test runs under.
    assertThat(Versions.sparkLine()).matches("\\d+\\.\\d+");
    assertThat(Versions.spark()).startsWith(Versions.sparkLine() + ".");
    assertThat(Versions.scala()).startsWith(Versions.scalaBinary() + ".");
  }
}

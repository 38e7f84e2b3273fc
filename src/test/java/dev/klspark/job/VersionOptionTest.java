package dev.klspark.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.Versions;
import dev.klspark.bench.GenerateDataJob;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code --version} works in every job and names klspark, Spark, Scala and Java. */
class VersionOptionTest {
  static List<Object> jobs() {
    return List.of(
        new KlReportJob(),
        new MleReportJob(),
        new DataQualityJob(),
        new CompareReportsJob(),
        new SqlJob(),
        new GenerateDataJob());
  }

  @ParameterizedTest
  @MethodSource("jobs")
  void versionNamesEveryVersion(Object job) {
    CommandLine cl = new CommandLine(job);
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    int code = cl.execute("--version");
    assertThat(code).isZero();
    assertThat(out.toString())
        .as(job.getClass().getSimpleName())
        .startsWith("klspark " + Versions.klspark())
        .contains("running on Spark " + Versions.spark())
        .contains("Scala " + Versions.scala())
        .contains("Java " + System.getProperty("java.version"));
  }
}

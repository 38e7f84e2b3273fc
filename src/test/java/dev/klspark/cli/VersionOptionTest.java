package dev.klspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.Versions;
import dev.klspark.bench.GenerateDataJob;
import dev.klspark.bench.ReportBench;
import dev.klspark.bench.ScalingBench;
import dev.klspark.compare.CompareReportsJob;
import dev.klspark.klreport.KlReportJob;
import dev.klspark.mle.MleReportJob;
import dev.klspark.quality.DataQualityJob;
import dev.klspark.sqlshell.SqlJob;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code --version} works in every job and names klspark, Spark, Scala and Java. */
class VersionOptionTest {
  /** Each job's command line (bench: its enum values case-insensitive, as its main sets). */
  static List<CommandLine> jobs() {
    return List.of(
        new CommandLine(new KlReportJob()),
        new CommandLine(new MleReportJob()),
        new CommandLine(new DataQualityJob()),
        new CommandLine(new CompareReportsJob()),
        new CommandLine(new SqlJob()),
        new CommandLine(new GenerateDataJob()),
        new CommandLine(new ReportBench()).setCaseInsensitiveEnumValuesAllowed(true),
        new CommandLine(new ScalingBench()));
  }

  @ParameterizedTest
  @MethodSource("jobs")
  void versionNamesEveryVersion(CommandLine cl) {
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    int code = cl.execute("--version");
    assertThat(code).isZero();
    assertThat(out.toString())
        .as(cl.getCommandName())
        .startsWith("klspark " + Versions.klspark())
        .contains("running on Spark " + Versions.spark())
        .contains("Scala " + Versions.scala())
        .contains("Java " + System.getProperty("java.version"));
  }
}

package dev.klspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.compare.CompareReportsJob;
import dev.klspark.klreport.KlReportJob;
import dev.klspark.mle.MleReportJob;
import dev.klspark.quality.DataQualityJob;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Usage errors as the console shows them, without Spark: one line naming an option as the user
 * typed it ({@code --conf}, not picocli's longest name {@code --spark-conf}), an unknown option
 * named before a missing required one, and the launchers' parse-only mode ({@link
 * JobErrors#PARSE_ONLY}), which answers {@code --help} and never runs the job.
 */
class UsageErrorsTest {
  private record Run(int code, String out, String err) {}

  private static Run run(BiFunction<PrintWriter, String[], Integer> job, String... args) {
    StringWriter err = new StringWriter();
    int code = job.apply(new PrintWriter(err, true), args);
    return new Run(code, "", err.toString());
  }

  /**
   * The jobs with {@code --conf}: name, and how to run its command line with errors to a writer.
   */
  static List<Arguments> confJobs() {
    return List.of(
        Arguments.of(
            "kl-report", (BiFunction<PrintWriter, String[], Integer>) KlReportJob::execute),
        Arguments.of(
            "mle-report", (BiFunction<PrintWriter, String[], Integer>) MleReportJob::execute),
        Arguments.of(
            "data-quality", (BiFunction<PrintWriter, String[], Integer>) DataQualityJob::execute));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("confJobs")
  void aBadConfNamesTheFlagAsTyped(String name, BiFunction<PrintWriter, String[], Integer> job) {
    for (String[] args :
        List.of(new String[] {"--conf", "nokeyvalue"}, new String[] {"--conf=nokeyvalue"})) {
      Run r = run(job, args);
      assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err())
          .isEqualTo(
              name
                  + ": error: Value for option '--conf' (KEY=VALUE) should be in KEY=VALUE format"
                  + " but was nokeyvalue (see "
                  + name
                  + " --help)\n");
    }
    Run missing = run(job, "--conf");
    assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err())
        .isEqualTo(
            name
                + ": error: Missing required parameter for option '--conf' (KEY=VALUE) (see "
                + name
                + " --help)\n");
  }

  @Test
  void theOtherNameIsNamedWhenThatIsWhatWasTyped() {
    Run r = run(KlReportJob::execute, "--conf", "a=1", "--spark-conf", "nokeyvalue");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("option '--spark-conf' (KEY=VALUE)").hasLineCount(1);
  }

  @Test
  void anUnknownOptionComesBeforeAMissingOne() {
    StringWriter err = new StringWriter();
    int code =
        CompareReportsJob.execute(
            new PrintWriter(new StringWriter()), new PrintWriter(err, true), "--no-such-flag");
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .isEqualTo(
            "compare-reports: error: Unknown option: '--no-such-flag' (see compare-reports"
                + " --help)\n");
  }

  /** A command line as the launcher's first JVM configures it, with the property set. */
  private static CommandLine parseOnly(Object command, String name) {
    String before = System.getProperty(JobErrors.PARSE_ONLY);
    System.setProperty(JobErrors.PARSE_ONLY, "true");
    try {
      return JobErrors.configure(new CommandLine(command), name);
    } finally {
      if (before == null) {
        System.clearProperty(JobErrors.PARSE_ONLY);
      } else {
        System.setProperty(JobErrors.PARSE_ONLY, before);
      }
    }
  }

  @Test
  void parseOnlyNeverRunsTheJob() {
    CommandLine cl = parseOnly(new KlReportJob(), "kl-report");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    // Parses; running it would stop at the settings (no --category: exit 64), before Spark.
    assertThat(cl.execute("--input", "/nonexistent.parquet", "--top", "-5")).isZero();
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).isEmpty();
    assertThat(cl.execute("--no-such-flag")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).hasLineCount(1).contains("Unknown option: '--no-such-flag'");
  }

  @Test
  void parseOnlyAnswersHelpAndVersion() {
    CommandLine cl = parseOnly(new KlReportJob(), "kl-report");
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    assertThat(cl.execute("--help")).isZero();
    assertThat(out.toString()).startsWith("Usage: kl-report").contains("--conf=KEY=VALUE");
    out.getBuffer().setLength(0);
    assertThat(cl.execute("--version")).isZero();
    assertThat(out.toString()).startsWith("klspark ");
  }

  @Test
  void withoutThePropertyTheJobRuns() {
    StringWriter err = new StringWriter();
    CommandLine cl = JobErrors.configure(new CommandLine(new KlReportJob()), "kl-report");
    cl.setErr(new PrintWriter(err, true));
    assertThat(cl.execute("--input", "/nonexistent.parquet", "--top", "-5"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).startsWith("kl-report: error: no category column").hasLineCount(1);
  }
}

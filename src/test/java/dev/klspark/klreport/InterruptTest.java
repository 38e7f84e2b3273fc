package dev.klspark.klreport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.cli.ExitCodes;
import dev.klspark.testing.Checksums;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs as a user's console sees them: a separate JVM running the real {@code main} with the
 * launchers' logging ({@code conf/log4j2.properties}): SIGINT in the middle of the flights demo,
 * and a corrupt input, each without a stack trace on the console and with the previous output
 * byte-identical.
 */
@Tag("slow")
class InterruptTest {
  private static final Path PROJECT = Path.of(System.getProperty("klspark.project.dir", "."));

  @TempDir Path tmp;

  private record Child(Process process, Path stderr) {
    String err() throws IOException {
      return Files.readString(stderr);
    }
  }

  private Child start(String main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    // A JVM started by a background shell inherits SIGINT as ignored; give it the default back.
    cmd.addAll(List.of("env", "--default-signal=INT"));
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Arrays.asList(System.getProperty("spark.module.options", "").split(" ")));
    cmd.add("-Xmx1g");
    cmd.add("-Dlog4j2.configurationFile=" + PROJECT.resolve("conf/log4j2.properties").toUri());
    cmd.add("-Dklspark.log.file=" + tmp.resolve("job.log"));
    cmd.add("-Dspark.ui.enabled=false");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main);
    cmd.addAll(List.of(args));
    cmd.removeIf(String::isBlank);
    Path err = tmp.resolve("stderr-" + System.nanoTime());
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(err.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return new Child(p, err);
  }

  private static void noStackTrace(String err) {
    assertThat(err).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("Caused by");
  }

  private String[] demo(Path out) {
    return new String[] {
      "--config", PROJECT.resolve("conf/flights-delay.yaml").toString(),
      "--master", "local[2]",
      "--output", out.toString()
    };
  }

  @Test
  void sigintMidRunExits130KeepsThePreviousOutputAndRemovesTheStaging() throws Exception {
    Path out = tmp.resolve("out");
    Child first = start(KlReportJob.class.getName(), demo(out));
    assertThat(first.process().waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(first.process().exitValue()).as(first.err()).isEqualTo(ExitCodes.OK);
    Map<String, String> before = Checksums.of(out);

    Child run = start(KlReportJob.class.getName(), demo(out));
    try {
      // Interrupt while the report is being written into the staging directory.
      boolean writing = false;
      for (int i = 0; i < 3000 && !writing && run.process().isAlive(); i++) {
        try (Stream<Path> s = Files.list(tmp)) {
          writing = s.anyMatch(p -> p.getFileName().toString().startsWith(".out.staging-"));
        }
        Thread.sleep(20);
      }
      assertThat(writing).as("the run reached its staging directory").isTrue();
      new ProcessBuilder("kill", "-INT", Long.toString(run.process().pid())).start().waitFor();
      assertThat(run.process().waitFor(120, TimeUnit.SECONDS)).isTrue();
    } finally {
      run.process().destroyForcibly();
    }
    String err = run.err();
    assertThat(run.process().exitValue()).as(err).isEqualTo(ExitCodes.INTERRUPTED);
    assertThat(err)
        .contains("kl-report: interrupted; staging removed, the previous output is kept");
    noStackTrace(err);
    assertThat(Checksums.of(out)).isEqualTo(before);
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString()).toList())
          .noneMatch(n -> n.startsWith(".out.staging-") || n.startsWith(".out.old-"));
    }
  }

  @Test
  void aCorruptInputIsOneLineOnTheRealConsoleAndTheTraceIsInTheLogFile() throws Exception {
    Path bad = tmp.resolve("bad.parquet");
    Files.writeString(bad, "not parquet");
    Child c =
        start(
            KlReportJob.class.getName(),
            "--input",
            bad.toString(),
            "--category",
            "c",
            "--reference-filter",
            "true",
            "--output",
            tmp.resolve("o").toString());
    assertThat(c.process().waitFor(300, TimeUnit.SECONDS)).isTrue();
    String err = c.err();
    assertThat(c.process().exitValue()).as(err).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err).contains("kl-report: error: cannot read input '" + bad + "' as parquet:");
    noStackTrace(err);
    assertThat(err.lines().filter(l -> l.startsWith("kl-report:")).count()).isEqualTo(1);
    assertThat(tmp.resolve("o")).doesNotExist();
  }

  @Test
  void sigtermMidRunExits143AndKeepsThePreviousOutput() throws Exception {
    Path out = tmp.resolve("out");
    Child first = start(KlReportJob.class.getName(), demo(out));
    assertThat(first.process().waitFor(300, TimeUnit.SECONDS)).isTrue();
    Map<String, String> before = Checksums.of(out);
    Child run = start(KlReportJob.class.getName(), demo(out));
    try {
      boolean writing = false;
      for (int i = 0; i < 3000 && !writing && run.process().isAlive(); i++) {
        try (Stream<Path> s = Files.list(tmp)) {
          writing = s.anyMatch(p -> p.getFileName().toString().startsWith(".out.staging-"));
        }
        Thread.sleep(20);
      }
      assertThat(writing).isTrue();
      new ProcessBuilder("kill", "-TERM", Long.toString(run.process().pid())).start().waitFor();
      assertThat(run.process().waitFor(120, TimeUnit.SECONDS)).isTrue();
    } finally {
      run.process().destroyForcibly();
    }
    String err = run.err();
    assertThat(run.process().exitValue()).as(err).isEqualTo(ExitCodes.TERMINATED);
    assertThat(err).contains("kl-report: terminated; staging removed, the previous output is kept");
    noStackTrace(err);
    assertThat(Checksums.of(out)).isEqualTo(before);
  }
}

package dev.klspark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where the console says a report file is. */
class JobIoTest {
  @Test
  void localOutputsArePrintedAsAbsolutePaths() {
    assertThat(JobIo.location("file:/tmp/out/x", "report.html"))
        .isEqualTo("/tmp/out/x/report.html");
    assertThat(JobIo.location("/tmp/out", "runs/index.html")).isEqualTo("/tmp/out/runs/index.html");
    assertThat(JobIo.location("hdfs://nn/out", "report.html"))
        .isEqualTo("hdfs://nn/out/report.html");
    assertThat(JobIo.location("file:/tmp/dir with space/résultat #1 50%", "report.html"))
        .isEqualTo("/tmp/dir with space/résultat #1 50%/report.html");
    assertThat(JobIo.location("rel/out", "report.html"))
        .startsWith("/")
        .endsWith("rel/out/report.html");
  }
}

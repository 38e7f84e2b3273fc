package dev.klspark.klreport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.cli.ExitCodes;
import dev.klspark.testing.SparkTestSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV inputs are read strictly: a malformed row is a job error, never a row silently changed. */
class CsvInputTest {
  static {
    SparkTestSession.get();
  }

  @TempDir Path tmp;

  private record Run(int code, String err) {}

  private static Run run(String... args) {
    StringWriter err = new StringWriter();
    int code = KlReportJob.execute(new PrintWriter(err, true), args);
    return new Run(code, err.toString());
  }

  private Run report(String csv) throws IOException {
    Path in = tmp.resolve("in.csv");
    Files.writeString(in, csv);
    return run(
        "--input",
        in.toString(),
        "--format",
        "csv",
        "--group-by",
        "g",
        "--category",
        "c",
        "--reference-filter",
        "s = 'ref'",
        "--filter",
        "s = 'cur'",
        "--output",
        tmp.resolve("out").toString());
  }

  @Test
  void aShortRowIsAJobErrorAndNothingIsWritten() throws IOException {
    Run r = report("g,c,s\na,x,ref\na,y,ref\na,x,cur\na,y\n");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).contains("in.csv").containsIgnoringCase("malformed");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void wellFormedCsvRuns() throws IOException {
    Run r = report("g,c,s\na,x,ref\na,y,ref\na,x,cur\na,y,cur\n");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(tmp.resolve("out").resolve("report")).isDirectory();
  }
}

package dev.klspark.klreport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klspark.cli.ExitCodes;
import dev.klspark.math.ContinuousSamples;
import dev.klspark.math.TwoSampleStream;
import dev.klspark.testing.Checksums;
import dev.klspark.testing.SparkTestSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jobs/kl-report --value COL} through its command line on real data (Seattle's daily maximum
 * temperature per weather type, 2015 against 2012-2014): the report's columns and numbers (each
 * group against the kernel on values read from the CSV by plain Java), summary.json and the HTML;
 * then every misuse: one line, the documented exit code, nothing written, and a previous output or
 * a user's folder byte-identical.
 */
class KlReportValueJobTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final Path PROJECT = Path.of(System.getProperty("klspark.project.dir", "."));
  private static final String CSV = PROJECT.resolve("data/seattle-weather.csv").toString();

  @TempDir Path tmp;

  private record Run(int code, String err) {}

  private static Run run(String... args) {
    StringWriter err = new StringWriter();
    int code = KlReportJob.execute(new PrintWriter(err, true), args);
    return new Run(code, err.toString());
  }

  /** The demo's flags with {@code more} (flag, value pairs) replacing or added to them. */
  private static List<String> args(Path output, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "--input", CSV,
                "--format", "csv",
                "--group-by", "weather",
                "--value", "temp_max",
                "--reference-filter", "year(date) < 2015",
                "--filter", "year(date) = 2015",
                "--output", output.toString()));
    for (int i = 0; i + 1 < more.length; i += 2) {
      int at = a.indexOf(more[i]);
      if (at >= 0) {
        a.set(at + 1, more[i + 1]);
      } else {
        a.add(more[i]);
        a.add(more[i + 1]);
      }
    }
    return a;
  }

  @Test
  void seattleTemperaturesPerWeatherType() throws IOException {
    Path out = tmp.resolve("out");
    Run r = run(args(out, "--knn-k", "3").toArray(new String[0]));
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(spark.read().parquet(out.resolve("report").toString()).columns())
        .containsExactly(
            "weather",
            "n",
            "n_reference",
            "null_count",
            "non_finite_count",
            "ks_statistic",
            "ks_statistic_ci_low",
            "ks_p_value",
            "p_value_adjusted",
            "wasserstein_distance",
            "kl_divergence_knn_nats",
            "status",
            "message");
    // The same comparison from the CSV read line by line (no Spark).
    List<String> lines = Files.readAllLines(Path.of(CSV));
    for (Row row : spark.read().parquet(out.resolve("report").toString()).collectAsList()) {
      String w = row.getString(0);
      List<Double> cur = new ArrayList<>();
      List<Double> ref = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",");
        if (f[5].equals(w)) {
          (f[0].startsWith("2015") ? cur : ref).add(Double.parseDouble(f[2]));
        }
      }
      assertThat(row.getLong(1)).isEqualTo(cur.size());
      assertThat(row.getLong(2)).isEqualTo(ref.size());
      if (cur.isEmpty()) {
        assertThat(row.<String>getAs("status")).isEqualTo("missing_data");
        continue;
      }
      TwoSampleStream.Result want =
          ContinuousSamples.compare(
              cur.stream().mapToDouble(Double::doubleValue).toArray(),
              ref.stream().mapToDouble(Double::doubleValue).toArray(),
              3);
      assertThat(row.<Double>getAs("ks_statistic")).isEqualTo(want.ksStatistic());
      assertThat(row.<Double>getAs("ks_p_value")).isEqualTo(want.ksPValue());
      assertThat(row.<Double>getAs("wasserstein_distance"))
          .isCloseTo(want.wasserstein(), within(1e-12));
      assertThat(row.<Double>getAs("kl_divergence_knn_nats"))
          .isCloseTo(want.klDivergenceKnn(), within(1e-12));
    }
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(summary.at("/parameters/value").asText()).isEqualTo("temp_max");
    assertThat(summary.at("/parameters/knn_k").asInt()).isEqualTo(3);
    assertThat(summary.at("/values/current").asLong()).isEqualTo(365);
    assertThat(summary.at("/values/reference").asLong()).isEqualTo(1096);
    assertThat(summary.at("/groups/by_status/missing_data").asLong()).isEqualTo(1);
    assertThat(summary.at("/top_groups/0/weather").asText()).isEqualTo("drizzle");
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html)
        .contains("<span id=\"worst\">drizzle")
        .contains("drizzle: D = 0.857")
        .contains("<title>current: median")
        .contains("<title>reference: median");
  }

  @Test
  void usageErrors() {
    Path out = tmp.resolve("o");
    Run both = run(args(out, "--category", "weather").toArray(new String[0]));
    assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err())
        .contains("--category does not apply with --value")
        .doesNotContain("\tat ");
    List<String> noRef = args(out);
    int i = noRef.indexOf("--reference-filter");
    noRef.remove(i + 1);
    noRef.remove(i);
    Run r = run(noRef.toArray(new String[0]));
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--value needs --reference-filter SQL");
    Run k = run(args(out, "--knn-k", "0").toArray(new String[0]));
    assertThat(k.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(k.err()).contains("--knn-k 0 is out of range; expected 1 to 1000");
    Run rank = run(args(out, "--rank-by", "kl_ci_low").toArray(new String[0]));
    assertThat(rank.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(rank.err())
        .contains(
            "--rank-by 'kl_ci_low' is not a ranking of a --value report; expected one of"
                + " [ks_ci_low, ks, p_value, wasserstein, kl]");
    assertThat(out).doesNotExist();
  }

  @Test
  void badInputLeavesThePreviousOutputAndUserFilesAsTheyWere() throws IOException {
    Path out = tmp.resolve("out");
    assertThat(run(args(out).toArray(new String[0])).code()).isEqualTo(ExitCodes.OK);
    Map<String, String> before = files();
    // A column that is not numeric.
    List<String> text = args(out);
    text.set(text.indexOf("temp_max"), "weather");
    text.set(text.indexOf("--group-by") + 1, "date");
    Run r = run(text.toArray(new String[0]));
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err())
        .contains(
            "--value column 'weather' has type string; expected a numeric type (or use --category"
                + " for categories)")
        .doesNotContain("\tat ");
    // No current rows with a value; no reference rows.
    Run none = run(args(out, "--filter", "year(date) = 1999").toArray(new String[0]));
    assertThat(none.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(none.err())
        .contains("no finite value of --value column 'temp_max' in the current rows")
        .contains("--filter 'year(date) = 1999'");
    Run noRef = run(args(out, "--reference-filter", "year(date) < 1999").toArray(new String[0]));
    assertThat(noRef.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(noRef.err())
        .contains("no finite value of --value column 'temp_max' in the reference rows");
    assertThat(files()).isEqualTo(before);
    // A folder klspark did not write is refused before any work.
    Path mine = tmp.resolve("mine");
    Files.createDirectories(mine);
    Files.writeString(mine.resolve("notes.txt"), "precious");
    Map<String, String> all = files();
    Run refused = run(args(mine).toArray(new String[0]));
    assertThat(refused.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(refused.err()).doesNotContain("\tat ");
    assertThat(files()).isEqualTo(all);
  }

  /** Checksums of every file under tmp but klspark's lock file (rewritten by every run). */
  private Map<String, String> files() {
    Map<String, String> m = new java.util.TreeMap<>(Checksums.of(tmp));
    m.remove(".out.lock");
    return m;
  }
}

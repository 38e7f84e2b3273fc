package dev.klspark.klreport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.cli.ExitCodes;
import dev.klspark.cli.JobErrors;
import dev.klspark.testing.SparkTestSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job through its command line, on a different real data set than the demo (Seattle weather,
 * columns renamed to contain spaces and dots), and every bad input: exit code 3, a message naming
 * the column, group or value, and no output left behind.
 */
class KlReportJobTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final Path PROJECT = Path.of(System.getProperty("klspark.project.dir", "."));

  @TempDir Path tmp;

  private record Run(int code, String err) {}

  private static Run run(String... args) {
    StringWriter err = new StringWriter();
    int code = KlReportJob.execute(new PrintWriter(err, true), args);
    return new Run(code, err.toString());
  }

  /** Seattle weather with awkward column names: `weather type`, `year.month`, `month of year`. */
  private Path weather() {
    Path out = tmp.resolve("weather.parquet");
    spark
        .read()
        .option("header", "true")
        .option("inferSchema", "true")
        .csv(PROJECT.resolve("data/seattle-weather.csv").toString())
        .selectExpr(
            "weather AS `weather type`",
            "month(date) AS `month of year`",
            "year(date) AS `year.of`",
            "precipitation",
            "temp_max")
        .write()
        .parquet(out.toString());
    return out;
  }

  @Test
  void differentRealDataSetThroughFlagsAlone() {
    Path input = weather();
    Path output = tmp.resolve("out");
    Run r =
        run(
            "--input", input.toString(),
            "--group-by", "month of year",
            "--category", "weather type",
            "--reference-filter", "`year.of` < 2015",
            "--filter", "`year.of` = 2015",
            "--unit", "bits",
            "--output", output.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    List<Row> rows =
        spark
            .read()
            .parquet(output.resolve("report").toString())
            .orderBy("month of year")
            .collectAsList();
    assertThat(rows).hasSize(12);
    assertThat(spark.read().parquet(output.resolve("report").toString()).columns())
        .contains("month of year", "kl_divergence_bits", "js_divergence_bits");
    assertThat(output.resolve("summary.json")).isRegularFile();
    // The HTML report: the top groups named before the parameters, P̂ against Q charted, offline.
    String html = readString(output.resolve("report.html"));
    int worst = html.indexOf("<span id=\"worst\">");
    assertThat(worst).isPositive().isLessThan(html.indexOf("<details id=\"parameters\""));
    assertThat(html)
        .contains("id=\"groups\"")
        .contains("P̂ observed")
        .contains("Q model")
        .contains("<svg")
        .doesNotContain("<script src")
        .doesNotContain("http://")
        .doesNotContain("https://");
    int at = html.indexOf("<details id=\"parameters\"");
    assertThat(html.substring(at, html.indexOf("</details>", at)).replaceAll("<[^>]*>", " "))
        .contains("reference_filter")
        .doesNotContain("null")
        .doesNotContain("{");

    // Independent computation for one month, by counting in plain Java: P = weather in 2015-01,
    // Q = MLE on 2012-2014 Januaries, KL in bits = sum p log2(p/q), skipping p = 0.
    Map<String, Double> p = new HashMap<>();
    Map<String, Double> q = new HashMap<>();
    for (Row x :
        spark.read().parquet(input.toString()).where("`month of year` = 1").collectAsList()) {
      Map<String, Double> side = x.getInt(2) == 2015 ? p : q;
      side.merge(x.getString(0), 1.0, Double::sum);
    }
    double np = p.values().stream().mapToDouble(Double::doubleValue).sum();
    double nq = q.values().stream().mapToDouble(Double::doubleValue).sum();
    double kl = 0;
    boolean infinite = false;
    for (Map.Entry<String, Double> e : p.entrySet()) {
      double pi = e.getValue() / np;
      double qi = q.getOrDefault(e.getKey(), 0.0) / nq;
      if (qi == 0) {
        infinite = true;
      } else {
        kl += pi * Math.log(pi / qi) / Math.log(2);
      }
    }
    Row jan = rows.get(0);
    double reported = jan.getDouble(jan.fieldIndex("kl_divergence_bits"));
    if (infinite) {
      assertThat(reported).isEqualTo(Double.POSITIVE_INFINITY);
    } else {
      assertThat(reported).isCloseTo(kl, org.assertj.core.api.Assertions.within(1e-12 * kl));
    }
    assertThat(jan.getLong(jan.fieldIndex("n"))).isEqualTo((long) np);
  }

  @Test
  void missingColumnIsAnErrorAndLeavesNoOutput() {
    Path output = tmp.resolve("none/out");
    Run r =
        run(
            "--input",
            weather().toString(),
            "--category",
            "weather kind",
            "--group-by",
            "month of year",
            "--reference-filter",
            "true",
            "--output",
            output.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err())
        .contains(
            "category column 'weather kind' not found in the input; available columns: [weather type,");
    assertThat(tmp.resolve("none")).doesNotExist();
  }

  @Test
  void wrongTypeIsAnError() {
    Run r =
        run(
            "--input",
            weather().toString(),
            "--category",
            "temp_max",
            "--reference-filter",
            "true",
            "--output",
            tmp.resolve("o").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err())
        .contains(
            "category column 'temp_max' has type double; expected string, integer or boolean");
    assertThat(tmp.resolve("o")).doesNotExist();
  }

  @Test
  void valueOutsideTheBucketsFailsInsideTheTasksAndLeavesThePreviousOutput() throws IOException {
    Path input = weather();
    Path output = tmp.resolve("out");
    String[] good = {
      "--input",
      input.toString(),
      "--category",
      "temp_max",
      "--bucket-splits",
      "-inf,10,20,inf",
      "--reference-filter",
      "`year.of` < 2015",
      "--filter",
      "`year.of` = 2015",
      "--output",
      output.toString()
    };
    assertThat(run(good).code()).isEqualTo(0);
    byte[] before = Files.readAllBytes(output.resolve("summary.json"));

    Run r =
        run(
            "--input",
            input.toString(),
            "--category",
            "temp_max",
            "--bucket-splits",
            "0,10,20",
            "--reference-filter",
            "`year.of` < 2015",
            "--output",
            output.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err())
        .containsPattern(
            "bucketed category column 'temp_max' has value -?[0-9.]+ outside the bucket splits \\[0.0, 20.0\\]");
    assertThat(Files.readAllBytes(output.resolve("summary.json"))).isEqualTo(before);
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("staging"));
    }
  }

  @Test
  void emptySelectionIsAnError() {
    Run r =
        run(
            "--input",
            weather().toString(),
            "--category",
            "weather type",
            "--reference-filter",
            "true",
            "--filter",
            "`year.of` = 1999",
            "--output",
            tmp.resolve("o").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("no rows to evaluate").contains("`year.of` = 1999");
    assertThat(tmp.resolve("o")).doesNotExist();
  }

  @Test
  void unreadablePathIsAnError() {
    Run r =
        run(
            "--input",
            tmp.resolve("nowhere.parquet").toString(),
            "--category",
            "c",
            "--reference-filter",
            "true",
            "--output",
            tmp.resolve("o").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("cannot read input '" + tmp.resolve("nowhere.parquet"));
    assertThat(tmp.resolve("o")).doesNotExist();
  }

  @Test
  void badFilterIsAnError() {
    Run r =
        run(
            "--input",
            weather().toString(),
            "--category",
            "weather type",
            "--reference-filter",
            "true",
            "--filter",
            "no_such_column > 3",
            "--output",
            tmp.resolve("o").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains("--filter 'no_such_column > 3' is not a valid Spark SQL condition");
  }

  @Test
  void badModelTables() {
    Path input = weather();
    String[][] cases = {
      // probabilities, expected message
      {
        "('sun', 0.7D), ('rain', 0.2D)",
        "sum to 0.8999999999999999; expected 1 within 1.0E-6 (pass --renormalize"
      },
      {"('sun', 1.2D), ('rain', 0.0D)", "category 'sun' is 1.2; expected a number in [0, 1]"},
      {"('sun', 0.5D), ('sun', 0.5D)", "lists category 'sun' 2 times for the single group"},
    };
    for (String[] c : cases) {
      Path model = tmp.resolve("model-" + Math.abs(c[0].hashCode()));
      spark
          .sql("SELECT * FROM VALUES " + c[0] + " AS m(category, probability)")
          .write()
          .parquet(model.toString());
      Run r =
          run(
              "--input",
              input.toString(),
              "--category",
              "weather type",
              "--model",
              model.toString(),
              "--output",
              tmp.resolve("o").toString());
      assertThat(r.code()).as(c[0]).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(r.err()).as(c[0]).contains(c[1]);
      assertThat(tmp.resolve("o")).doesNotExist();
    }
    // --renormalize accepts the first table and rescales it.
    Path model = tmp.resolve("model-" + Math.abs(cases[0][0].hashCode()));
    Run ok =
        run(
            "--input",
            input.toString(),
            "--category",
            "weather type",
            "--model",
            model.toString(),
            "--renormalize",
            "--output",
            tmp.resolve("o").toString());
    assertThat(ok.code()).as(ok.err()).isEqualTo(0);
  }

  @Test
  void compactModelTablesGiveTheLongTablesReport() {
    Path input = weather();
    String probs = "0.4D, 0.4D, 0.1D, 0.05D, 0.05D";
    String cats = "'sun', 'rain', 'fog', 'drizzle', 'snow'";
    Path longModel = tmp.resolve("long.parquet");
    spark
        .sql(
            "SELECT inline(arrays_zip(array("
                + cats
                + "), array("
                + probs
                + "))) AS (category, probability)")
        .write()
        .parquet(longModel.toString());
    Path arrayModel = tmp.resolve("array.parquet");
    spark.sql("SELECT array(" + probs + ") AS probability").write().parquet(arrayModel.toString());
    Path mapModel = tmp.resolve("map.parquet");
    spark
        .sql("SELECT map_from_arrays(array(" + cats + "), array(" + probs + ")) AS probability")
        .write()
        .parquet(mapModel.toString());
    List<List<Row>> reports = new java.util.ArrayList<>();
    for (Path model : List.of(longModel, arrayModel, mapModel)) {
      Path out = tmp.resolve("out-" + model.getFileName());
      Run r =
          run(
              "--input",
              input.toString(),
              "--category",
              "weather type",
              "--model",
              model.toString(),
              "--model-categories",
              "sun,rain,fog,drizzle,snow",
              "--output",
              out.toString());
      assertThat(r.code()).as(r.err()).isEqualTo(0);
      reports.add(spark.read().parquet(out.resolve("report").toString()).collectAsList());
    }
    assertThat(reports.get(0)).hasSize(1);
    assertThat(reports.get(1)).isEqualTo(reports.get(0));
    assertThat(reports.get(2)).isEqualTo(reports.get(0));
    // Without the categories, an array table is one clear line (exit 3) and nothing is written.
    Run r =
        run(
            "--input",
            input.toString(),
            "--category",
            "weather type",
            "--model",
            arrayModel.toString(),
            "--output",
            tmp.resolve("no-categories").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("(--model-categories L1,L2,..").doesNotContain("\tat ");
    assertThat(tmp.resolve("no-categories")).doesNotExist();
    // An invalid entry of a map (checked in the per-group step) is the long format's line, exit 3.
    Path badMap = tmp.resolve("bad-map.parquet");
    spark
        .sql("SELECT map('sun', 0.4D, 'rain', 1.5D, 'fog', 0.1D) AS probability")
        .write()
        .parquet(badMap.toString());
    Run bad =
        run(
            "--input",
            input.toString(),
            "--category",
            "weather type",
            "--model",
            badMap.toString(),
            "--output",
            tmp.resolve("bad-map").toString());
    assertThat(bad.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(bad.err())
        .contains(
            "model table probability for the single group, category 'rain' is 1.5; expected a"
                + " number in [0, 1]")
        .doesNotContain("\tat ");
    assertThat(tmp.resolve("bad-map")).doesNotExist();
  }

  @Test
  void usageErrors() {
    assertThat(run("--no-such-flag").code()).isEqualTo(ExitCodes.USAGE);
    Run r = run("--input", "x", "--category", "c", "--output", tmp.resolve("o").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("no model: pass --model PATH");
    Run s =
        run(
            "--input",
            "x",
            "--category",
            "c",
            "--reference-filter",
            "true",
            "--smoothing",
            "laplace:1");
    assertThat(s.err()).contains("smoothing 'laplace:1' is not supported");
  }

  @Test
  void theJobFileBeatsTheDefaultsThatTheHelpShows() throws IOException {
    Path job = tmp.resolve("conf/job.yaml");
    Files.createDirectories(job.getParent());
    Files.writeString(
        job,
        "input: "
            + weather()
            + "\ngroup-by: [month of year]\ncategory: weather type\nreference-filter: '`year.of`"
            + " < 2015'\nunit: bits\ntop: 2\nrank-by: kl\noutput: from-file\n");
    Run r = run("--config", job.toString(), "--filter", "`year.of` = 2015");
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    Path output = job.getParent().resolve("from-file");
    assertThat(spark.read().parquet(output.resolve("report").toString()).columns())
        .contains("kl_divergence_bits");
    String summary = Files.readString(output.resolve("summary.json"));
    assertThat(summary)
        .contains(
            "\"unit\" : \"bits\"", "\"rank_by\" : \"kl\"", "\"filter\" : \"`year.of` = 2015\"");
    assertThat(summary.split("\"status\" :", -1)).as("two top groups").hasSize(3);

    String help =
        JobErrors.configure(new picocli.CommandLine(new KlReportJob()), "kl-report")
            .getUsageMessage();
    assertThat(help.replaceAll("\\s+", " "))
        .contains(
            "(default: output/kl-report)",
            "(default: 20)",
            "(default: kl_ci_low)",
            "(default: none)",
            "(default: 0)",
            "(default: nats)",
            "(default: parquet)",
            "(default: 0.95)",
            "(default: local[*])")
        .doesNotContain("(default: null)");
  }

  private static String readString(Path p) {
    try {
      return java.nio.file.Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

package dev.klspark.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klspark.testing.Checksums;
import dev.klspark.testing.SparkTestSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code data-quality} with prediction columns ({@code compare: predictions}) through its command
 * line, on real predictions (an MLlib logistic regression on the Seattle weather, see
 * data_quality_prediction_oracles.py), per month, the days of 2015 against those of 2012 to 2014:
 * the documented example's numbers against numpy/scipy in the history, its statuses, console,
 * summary.json and HTML; identical predictions on both sides give no drift; a model that became
 * less confident fails its threshold; each malformed distribution stops the run (exit 3, one line)
 * and leaves the output as it was.
 */
@Tag("slow")
class DataQualityPredictionsTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final Path ORACLES =
      Path.of(System.getProperty("klspark.project.dir", ".")).resolve("src/test/resources/oracles");
  private static final String LABELS = "[drizzle, fog, rain, snow, sun]";

  @TempDir static Path data;
  @TempDir Path tmp;

  private static Path predictions;
  private static Path flattened;
  private static JsonNode oracle;

  @BeforeAll
  static void write() throws IOException {
    oracle =
        new ObjectMapper()
            .readTree(ORACLES.resolve("data_quality_prediction_oracles.json").toFile());
    predictions = data.resolve("predictions.parquet");
    Dataset<Row> p = DriftPredictionsTest.seattlePredictions();
    p.write().parquet(predictions.toString());
    // The model of 2015 became less confident: q' = 0.5 q + 0.5 / 5 (as the oracle's "flattened").
    flattened = data.resolve("flattened.parquet");
    DriftPredictionsTest.withPredictions(
            p.select("date", "month", "scores")
                .withColumn(
                    "scores",
                    functions
                        .when(
                            functions.col("date").geq(functions.lit("2015-01-01").cast("date")),
                            functions.transform(
                                functions.col("scores"), x -> x.multiply(0.5).plus(0.1)))
                        .otherwise(functions.col("scores"))))
        .write()
        .parquet(flattened.toString());
  }

  private record Run(int code, String err, String out) {}

  private static Run run(String... args) {
    StringWriter err = new StringWriter();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream old = System.out;
    int code;
    try {
      System.setOut(new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8));
      code = DataQualityJob.execute(new PrintWriter(err, true), args);
    } finally {
      System.setOut(old);
    }
    return new Run(code, err.toString(), bytes.toString(StandardCharsets.UTF_8));
  }

  /** The documented example (docs/data-quality.md, "Prediction columns") with {@code columns}. */
  private Path jobFile(Path input, String columns, String thresholds) throws IOException {
    Path f = tmp.resolve("job-" + Math.abs((columns + thresholds + input).hashCode()) + ".yaml");
    Files.writeString(
        f,
        "input: "
            + input
            + "\ndate: 2015-12-31\ndate-column: date\ngroup-by: [month]\ncolumns:\n"
            + columns
            + "current: days:365\nreference: baseline\n"
            + "reference-filter: \"date < DATE'2015-01-01'\"\n"
            + "smoothing: none\nmin-sample-size: 20\nthresholds:\n"
            + thresholds
            + "main-metric: expected_nll_change\n");
    return f;
  }

  private static final String EXAMPLE_THRESHOLDS =
      "  kl_divergence: {warn: 0.05, fail: 0.2}\n"
          + "  expected_nll_change: {warn: 0.1, fail: 0.3}\n";

  private static final String ALL_TYPES =
      "  - {name: probability, compare: predictions, labels: "
          + LABELS
          + "}\n"
          + "  - {name: scores, compare: predictions, labels: "
          + LABELS
          + "}\n"
          + "  - {name: by_label, compare: predictions}\n";

  private static List<Row> history(Path out) {
    return spark
        .read()
        .parquet(out.resolve("history/report_date=2015-12-31").toString())
        .orderBy("column", "group_key")
        .collectAsList();
  }

  @Test
  void theExampleAgainstNumpyWithStatusesConsoleSummaryAndHtml() throws IOException {
    Path out = tmp.resolve("out");
    Run r =
        run(
            "--config",
            jobFile(predictions, ALL_TYPES, EXAMPLE_THRESHOLDS).toString(),
            "--output",
            out.toString());
    // Warnings only (March, April, June, September, December): exit 0. The console's numbers are
    // the oracle's (numpy/scipy) to 6 significant digits: scipy.stats.entropy(P, Q) of June
    // 0.09172043777931374, of March 0.05061369247146996; March's expected_nll_change
    // 0.14108335710436193.
    assertThat(r.code()).as(r.err() + r.out()).isEqualTo(DataQualityJob.OK);
    JsonNode june = oracle.get("months").get("6");
    JsonNode march = oracle.get("months").get("3");
    assertThat(DriftFormat.num(june.get("none").get("kl_divergence_nats").asDouble()))
        .isEqualTo("0.0917204");
    assertThat(DriftFormat.num(march.get("none").get("kl_divergence_nats").asDouble()))
        .isEqualTo("0.0506137");
    assertThat(DriftFormat.num(march.get("expected_nll_change_nats").asDouble()))
        .isEqualTo("0.141083");
    assertThat(r.out())
        .contains(
            "verdict warn (0 failing group(s) (fail-run-groups is 1), 15 warn, 0 missing_current,"
                + " 0 missing_reference); exit 0; 36 rows")
        .contains("warn  scores     6                    kl_divergence_nats 0.0917204 >= warn 0.05")
        .contains(
            "warn  by_label   3                    kl_divergence_nats 0.0506137 >= warn 0.05;"
                + " expected_nll_change_nats 0.141083 >= warn 0.1");
    List<Row> rows = history(out);
    assertThat(rows).hasSize(36);
    for (Row h : rows) {
      String month = h.getAs("group_key");
      JsonNode o = oracle.get("months").get(month);
      String what = h.<String>getAs("column") + " month " + month;
      assertThat(h.<Double>getAs("n_current")).as(what).isEqualTo(o.get("n").asDouble());
      assertThat(h.<Double>getAs("n_reference")).isEqualTo(o.get("n_reference").asDouble());
      for (String c :
          List.of(
              "expected_nll_nats",
              "expected_nll_sd_nats",
              "expected_nll_reference_nats",
              "expected_nll_change_nats")) {
        assertThat(h.<Double>getAs(c))
            .as(what + " " + c)
            .isCloseTo(o.get(c).asDouble(), within(1e-12));
      }
      o.get("none")
          .fields()
          .forEachRemaining(
              e ->
                  assertThat(h.<Double>getAs(e.getKey()))
                      .as(what + " " + e.getKey())
                      .isCloseTo(e.getValue().asDouble(), within(1e-12)));
      assertThat(h.<String>getList(h.fieldIndex("categories")))
          .containsExactly("drizzle", "fog", "rain", "snow", "sun");
      List<Double> share = h.getList(h.fieldIndex("current_share"));
      for (int j = 0; j < 5; j++) {
        assertThat(share.get(j)).isCloseTo(o.get("current_share").get(j).asDouble(), within(1e-14));
      }
      // No test of a prediction column.
      for (String c :
          List.of("p_value", "p_value_adjusted", "g_statistic", "kl_divergence_ci_low_nats")) {
        assertThat(h.isNullAt(h.fieldIndex(c))).as(what + " " + c).isTrue();
      }
      boolean warned = List.of("3", "4", "6", "9", "12").contains(month);
      assertThat(h.<String>getAs("status")).as(what).isEqualTo(warned ? "warn" : "ok");
      assertThat(h.<String>getAs("thresholds"))
          .isEqualTo(
              "kl_divergence_nats warn>=0.05 fail>=0.2; expected_nll_change_nats warn>=0.1"
                  + " fail>=0.3; levels count alone (no test of a prediction column)");
    }
    Path run = out.resolve("runs/2015-12-31");
    JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    assertThat(summary.get("verdict").asText()).isEqualTo("warn");
    assertThat(summary.get("parameters").get("columns").get(0).asText())
        .isEqualTo("probability (predictions:" + LABELS + ")");
    assertThat(summary.get("parameters").get("prediction_columns").asText())
        .startsWith("expected log-loss (mean predictive entropy, nats)");
    assertThat(summary.get("parameters").get("thresholds").has("expected_nll_change")).isTrue();
    JsonNode flagged = summary.get("flagged_rows");
    assertThat(flagged).hasSize(15);
    JsonNode flaggedMarch = null;
    for (JsonNode f : flagged) {
      if (f.get("column").asText().equals("scores") && f.get("group_key").asText().equals("3")) {
        flaggedMarch = f;
      }
    }
    assertThat(flaggedMarch).isNotNull();
    assertThat(flaggedMarch.get("expected_nll_change_nats").asDouble())
        .isCloseTo(
            oracle.get("months").get("3").get("expected_nll_change_nats").asDouble(),
            within(1e-12));
    assertThat(flaggedMarch.get("expected_nll_nats").asDouble())
        .isCloseTo(
            oracle.get("months").get("3").get("expected_nll_nats").asDouble(), within(1e-12));
    String html = Files.readString(run.resolve("report.html"));
    assertThat(html)
        .contains("expected_nll_nats")
        .contains("expected_nll_change_nats")
        .contains("expected_nll_sd_nats")
        .contains("mean prediction")
        .contains("probability · 3");
  }

  /** The same predictions on both sides: no drift at all, every row ok even at tiny levels. */
  @Test
  void identicalPredictionsOnBothSidesGiveNoDrift() throws IOException {
    Path out = tmp.resolve("same");
    Path job =
        jobFile(
            predictions,
            ALL_TYPES,
            "  kl_divergence: {warn: 1.0E-9}\n  psi: {warn: 1.0E-9}\n"
                + "  js_divergence: {warn: 1.0E-9}\n  expected_nll_change: {warn: 1.0E-9}\n");
    Run r =
        run(
            "--config",
            job.toString(),
            "--reference-input",
            predictions.toString(),
            "--reference-filter",
            "date >= DATE'2015-01-01'",
            "--output",
            out.toString());
    assertThat(r.code()).as(r.err() + r.out()).isEqualTo(DataQualityJob.OK);
    assertThat(r.out()).contains("verdict ok");
    for (Row h : history(out)) {
      assertThat(h.<String>getAs("status")).isEqualTo("ok");
      assertThat(h.<Double>getAs("n_current")).isEqualTo(h.<Double>getAs("n_reference"));
      for (String c :
          List.of(
              "kl_divergence_nats",
              "reverse_kl_divergence_nats",
              "js_divergence_nats",
              "psi_nats",
              "hellinger_distance",
              "total_variation_distance",
              "expected_nll_change_nats")) {
        assertThat(h.<Double>getAs(c)).as(c).isCloseTo(0.0, within(1e-12));
      }
      assertThat(h.<Double>getAs("expected_nll_nats"))
          .isEqualTo(h.<Double>getAs("expected_nll_reference_nats"), within(1e-15));
    }
  }

  /**
   * A model of 2015 that became less confident (q' = 0.5 q + 0.1): the expected log-loss rose by
   * 0.46 to 0.67 nats in every month, and the fail level of expected_nll_change fires (exit 2).
   */
  @Test
  void aLessConfidentModelFailsItsThreshold() throws IOException {
    Path out = tmp.resolve("flat");
    Path job =
        jobFile(
            flattened,
            "  - {name: scores, compare: predictions, labels: " + LABELS + "}\n",
            EXAMPLE_THRESHOLDS);
    Run r = run("--config", job.toString(), "--output", out.toString());
    assertThat(r.code()).as(r.err() + r.out()).isEqualTo(DataQualityJob.FAIL);
    assertThat(r.out()).contains("verdict fail (12 group(s) failing, fail-run-groups is 1)");
    List<Row> rows = history(out);
    assertThat(rows).hasSize(12);
    for (Row h : rows) {
      JsonNode o = oracle.get("flattened").get(h.<String>getAs("group_key"));
      assertThat(h.<String>getAs("status")).isEqualTo("fail");
      double change = o.get("expected_nll_change_nats").asDouble();
      assertThat(h.<Double>getAs("expected_nll_change_nats")).isCloseTo(change, within(1e-12));
      assertThat(h.<Double>getAs("expected_nll_nats"))
          .isCloseTo(o.get("expected_nll_nats").asDouble(), within(1e-12));
      assertThat(h.<Double>getAs("kl_divergence_nats"))
          .isCloseTo(o.get("kl_divergence_nats").asDouble(), within(1e-12));
      assertThat(h.<String>getAs("message"))
          .contains("expected_nll_change_nats " + DriftFormat.num(change) + " >= fail 0.3");
    }
    assertThat(r.out())
        .containsPattern(
            "fail  scores     \\d+ +.*expected_nll_change_nats 0\\.\\d+ >= fail 0\\.3");
  }

  /** One malformed row (2015-06-15, in the current slice) of the {@code scores} column. */
  private static Path badInput(String name, String scores) {
    Path p = data.resolve(name + ".parquet");
    if (!Files.exists(p)) {
      spark
          .read()
          .parquet(predictions.toString())
          .withColumn(
              "scores",
              functions
                  .when(
                      functions.col("date").equalTo(functions.lit("2015-06-15").cast("date")),
                      functions.expr(scores))
                  .otherwise(functions.col("scores")))
          .withColumn(
              "by_label",
              functions
                  .when(
                      functions.col("date").equalTo(functions.lit("2015-06-15").cast("date")),
                      functions.expr("map('rain', 0.5, 'hail', 0.5)"))
                  .otherwise(functions.col("by_label")))
          .write()
          .parquet(p.toString());
    }
    return p;
  }

  /**
   * Each bad input stops the run before anything is written: exit 3, one line naming the column,
   * the group and what was expected, and the output byte for byte as a good run left it.
   */
  @Test
  void malformedDistributionsStopTheRunAndLeaveTheOutputAsItWas() throws IOException {
    Path out = tmp.resolve("kept");
    String scores = "  - {name: scores, compare: predictions, labels: " + LABELS + "}\n";
    Run good =
        run(
            "--config",
            jobFile(predictions, scores, EXAMPLE_THRESHOLDS).toString(),
            "--output",
            out.toString());
    assertThat(good.code()).as(good.err()).isEqualTo(DataQualityJob.OK);
    Map<String, String> before = Checksums.of(out);
    assertThat(before).containsKey("history/report_date=2015-12-31");
    String group = "in group month=6 of the input";
    List<String[]> cases = new ArrayList<>();
    cases.add(
        new String[] {
          "short",
          "slice(scores, 1, 4)",
          scores,
          "probability column 'scores' has 4 entries [",
          "] " + group + "; expected 5, one per label of " + LABELS
        });
    cases.add(
        new String[] {
          "negative",
          "array(-0.25, 0.25, 0.5, 0.25, 0.25)",
          scores,
          "probability column 'scores' has [-0.25, 0.25, 0.5, 0.25, 0.25] " + group,
          "; expected finite non-negative probabilities (no null or NaN)"
        });
    cases.add(
        new String[] {
          "nan",
          "array(CAST('NaN' AS DOUBLE), 0.25, 0.25, 0.25, 0.25)",
          scores,
          "probability column 'scores' has [NaN, 0.25, 0.25, 0.25, 0.25] " + group,
          "; expected finite non-negative probabilities (no null or NaN)"
        });
    cases.add(
        new String[] {
          "sum",
          "array(0.5, 0.25, 0.25, 0.25, 0.25)",
          scores,
          "probability column 'scores' has [0.5, 0.25, 0.25, 0.25, 0.25] summing to 1.5 " + group,
          "; expected probabilities summing to 1 within 1e-6"
        });
    cases.add(
        new String[] {
          "unknown-key",
          "scores",
          "  - {name: by_label, compare: predictions, labels: " + LABELS + "}\n",
          "probability column 'by_label' has key 'hail' " + group,
          ", which is not one of the labels "
              + LABELS
              + "; expected a map from label to probability"
        });
    cases.add(
        new String[] {
          "vector-without-labels",
          "scores",
          "  - {name: probability, compare: predictions}\n",
          "monitored column 'probability' (compare: predictions) has type vector in the input and"
              + " no labels; expected labels: [...]",
          "(only a map<string,double> carries its labels)"
        });
    cases.add(
        new String[] {
          "not-a-distribution",
          "scores",
          "  - {name: month, compare: predictions, labels: [a]}\n",
          "monitored column 'month' has type int; compare: predictions needs an MLlib Vector, an"
              + " array<double> or a map<string,double> in the input",
          ""
        });
    for (String[] c : cases) {
      Path input = badInput(c[0], c[1]);
      Run r =
          run(
              "--config",
              jobFile(input, c[2], EXAMPLE_THRESHOLDS).toString(),
              "--output",
              out.toString());
      assertThat(r.code()).as(c[0] + ": " + r.err() + r.out()).isEqualTo(DataQualityJob.JOB_ERROR);
      assertThat(r.err().strip().lines()).as(c[0]).hasSize(1);
      assertThat(r.err())
          .as(c[0])
          .startsWith("data-quality: error: ")
          .contains(c[3])
          .contains(c[4]);
      assertThat(Checksums.of(out)).as(c[0]).isEqualTo(before);
    }
  }
}

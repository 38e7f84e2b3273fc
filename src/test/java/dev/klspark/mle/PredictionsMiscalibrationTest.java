package dev.klspark.mle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klspark.config.JobSettings;
import dev.klspark.testing.RandomDistributions;
import dev.klspark.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jobs/mle-report --predictions --label-column}: the segments where the model is
 * miscalibrated (log score), ranked by evidence on the console, in summary.json and on the page.
 * Seeded data with a known answer: every row's label is drawn from a random distribution q over 3
 * labels (Random(1)); segments a and b predict q itself (calibrated), c predicts q sharpened (q³
 * renormalised: over-confident, z &gt; 0), d predicts q flattened (√q renormalised:
 * under-confident, z &lt; 0). With this seed the calibrated segments' z are −0.03 and −0.51 and,
 * when every segment predicts q, the four z lie within ±1.1 (the kernel, ExpectedLogLoss, on the
 * same draws); seed 28 would give a calibrated segment z = −3.0, the 1-in-100 chance of four tests.
 */
@Tag("slow")
class PredictionsMiscalibrationTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final List<String> LABELS = List.of("x", "y", "z");

  @TempDir Path tmp;

  /** Rows per segment, and the power each segment raises its q to for its prediction. */
  private static final Map<String, double[]> SEGMENTS = new LinkedHashMap<>();

  static {
    SEGMENTS.put("a", new double[] {400, 1});
    SEGMENTS.put("b", new double[] {400, 1});
    SEGMENTS.put("c", new double[] {500, 3});
    SEGMENTS.put("d", new double[] {500, 0.5});
  }

  private static double[] power(double[] q, double a) {
    double[] p = new double[q.length];
    double s = 0;
    for (int j = 0; j < q.length; j++) {
      p[j] = Math.pow(q[j], a);
      s += p[j];
    }
    for (int j = 0; j < q.length; j++) {
      p[j] /= s;
    }
    return p;
  }

  /** Writes the predictions; {@code calibrated}: every segment predicts q itself. */
  private String predictions(String name, boolean calibrated) {
    Random rnd = new Random(1);
    List<Row> rows = new ArrayList<>();
    SEGMENTS.forEach(
        (g, spec) -> {
          for (int i = 0; i < spec[0]; i++) {
            double[] q = RandomDistributions.distribution(rnd, 3);
            int y = RandomDistributions.sample(rnd, q);
            double[] predicted = calibrated ? q : power(q, spec[1]);
            rows.add(RowFactory.create(g, LABELS.get(y), Vectors.dense(predicted)));
          }
        });
    String path = tmp.resolve(name + ".parquet").toString();
    spark
        .createDataFrame(
            rows,
            new StructType()
                .add("g", DataTypes.StringType)
                .add("label", DataTypes.StringType)
                .add("probability", SQLDataTypes.VectorType()))
        .write()
        .parquet(path);
    return path;
  }

  private record Run(String console, JsonNode summary, String html, String output) {}

  private Run run(String predictions, String output) throws Exception {
    Map<String, Object> flags = new LinkedHashMap<>();
    flags.put("predictions", predictions);
    flags.put("group-by", "g");
    flags.put("label-column", "label");
    flags.put("labels", "x,y,z");
    flags.put("output", output);
    PredictionsRun.Options o =
        PredictionsRun.resolve(JobSettings.of(flags, null, MleReportJob.KEYS));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PredictionsRun.run(spark, o, new PrintStream(printed, true, StandardCharsets.UTF_8));
    return new Run(
        printed.toString(StandardCharsets.UTF_8),
        new ObjectMapper().readTree(Path.of(output, "summary.json").toFile()),
        Files.readString(Path.of(output, "report.html")),
        output);
  }

  @Test
  void theOverConfidentSegmentComesFirstThenTheUnderConfidentOneEverywhere() throws Exception {
    Run r = run(predictions("mixed", false), tmp.resolve("out-mixed").toString());

    // The report itself: c and d miscalibrated in the directions built in, a and b not.
    Map<String, Row> report = new LinkedHashMap<>();
    for (Row row : spark.read().parquet(r.output() + "/predictions").collectAsList()) {
      report.put(row.getString(0), row);
    }
    assertThat(report.get("c").<Double>getAs("calibration_z")).isGreaterThan(3);
    assertThat(report.get("d").<Double>getAs("calibration_z")).isLessThan(-3);
    for (String g : List.of("a", "b")) {
      assertThat(report.get(g).<Double>getAs("calibration_p_value_adjusted"))
          .as(g)
          .isGreaterThan(0.05);
    }
    double pc = report.get("c").getAs("calibration_p_value_adjusted");
    double pd = report.get("d").getAs("calibration_p_value_adjusted");
    assertThat(pc).isLessThan(1e-6).isLessThanOrEqualTo(pd);

    // Console: the block after the run's line, before the HTML line; c's row before d's.
    List<String> lines = r.console().lines().toList();
    int head = indexOf(lines, "segments where the model is miscalibrated (log score), by evidence");
    assertThat(lines.get(head))
        .isEqualTo(
            "segments where the model is miscalibrated (log score), by evidence: 2 of 4 tested"
                + " segments (calibration z-test, Benjamini-Hochberg adjusted p < 0.05); top 2 by"
                + " calibration_p_value_adjusted, then |calibration_z|:");
    assertThat(lines.get(head - 1)).startsWith("mle-report: 4 groups of 1 model(s)");
    assertThat(lines.get(head + 1).split("\\s+"))
        .containsExactly(
            "g",
            "model_id",
            "n",
            "mean_nll_nats",
            "expected_nll_nats",
            "calibration_z",
            "calibration_p_value_adjusted");
    String[] first = lines.get(head + 2).split("\\s+");
    String[] second = lines.get(head + 3).split("\\s+");
    assertThat(first[0]).isEqualTo("c");
    assertThat(first[1]).isEqualTo("mixed");
    assertThat(first[2]).isEqualTo("500");
    assertThat(Double.parseDouble(first[5])).isGreaterThan(3);
    assertThat(second[0]).isEqualTo("d");
    assertThat(Double.parseDouble(second[5])).isLessThan(-3);
    assertThat(lines.get(head + 4))
        .startsWith("calibration_z > 0: the model is more confident than its labels bear out");
    assertThat(lines.get(head + 5)).startsWith("HTML report: ");

    // summary.json: the same rows in the same order, numbers as numbers.
    JsonNode s = r.summary();
    assertThat(s.at("/miscalibrated_ranked_by").asText())
        .isEqualTo("calibration_p_value_adjusted, then |calibration_z|");
    assertThat(s.at("/miscalibrated_significance").asDouble()).isEqualTo(0.05);
    assertThat(s.at("/miscalibrated_tested").asLong()).isEqualTo(4);
    assertThat(s.at("/miscalibrated_total").asLong()).isEqualTo(2);
    JsonNode list = s.at("/miscalibrated");
    assertThat(list.size()).isEqualTo(2);
    assertThat(list.get(0).get("g").asText()).isEqualTo("c");
    assertThat(list.get(0).get("model_id").asText()).isEqualTo("mixed");
    assertThat(list.get(0).get("n").isIntegralNumber()).isTrue();
    assertThat(list.get(0).get("calibration_z").asDouble())
        .isEqualTo(report.get("c").<Double>getAs("calibration_z"));
    assertThat(list.get(0).get("calibration_p_value_adjusted").asDouble()).isEqualTo(pc);
    assertThat(list.get(0).get("expected_nll_nats").asDouble())
        .isEqualTo(report.get("c").<Double>getAs("expected_nll_nats"));
    assertThat(list.get(1).get("g").asText()).isEqualTo("d");

    // The page: the section's table in the same order, and the banner names both.
    String html = r.html();
    int table = html.indexOf("<table class=\"sortable\" id=\"miscalibrated\"");
    assertThat(table).isPositive();
    String rows = html.substring(table, html.indexOf("</table>", table));
    assertThat(rows.indexOf("<td>c</td>")).isPositive().isLessThan(rows.indexOf("<td>d</td>"));
    assertThat(rows).doesNotContain("<td>a</td>").doesNotContain("<td>b</td>");
    assertThat(html.indexOf("id=\"miscalibrated\"")).isLessThan(html.indexOf("id=\"segments-"));
    int worst = html.indexOf("<span id=\"miscalibrated-worst\">");
    assertThat(html.substring(html.indexOf(">", worst) + 1, html.indexOf("</span>", worst)))
        .isEqualTo("c (over-confident), d (under-confident)");
    assertThat(html).contains("2 of 4 tested segments are miscalibrated (log score");
  }

  @Test
  void calibratedPredictionsPrintTheNoSegmentLine() throws Exception {
    Run r = run(predictions("calibrated", true), tmp.resolve("out-calibrated").toString());
    List<String> lines = r.console().lines().toList();
    assertThat(lines.get(lines.size() - 2))
        .isEqualTo(
            "no segment where the model is miscalibrated (log score) at the 0.05 level"
                + " (calibration z-test, Benjamini-Hochberg adjusted p < 0.05; 4 tested"
                + " segments)");
    assertThat(r.summary().at("/miscalibrated").isArray()).isTrue();
    assertThat(r.summary().at("/miscalibrated").size()).isZero();
    assertThat(r.summary().at("/miscalibrated_tested").asLong()).isEqualTo(4);
    assertThat(r.summary().at("/miscalibrated_total").asLong()).isZero();
    assertThat(r.html())
        .contains("No segment where the model is miscalibrated (log score) at the 0.05 level")
        .doesNotContain("id=\"miscalibrated-worst\"")
        .doesNotContain("<table class=\"sortable\" id=\"miscalibrated\"")
        .contains("0 of 4 tested segments are miscalibrated");
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no line starts with '" + prefix + "' in " + lines);
  }
}

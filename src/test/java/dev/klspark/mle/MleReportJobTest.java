package dev.klspark.mle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klspark.cli.ExitCodes;
import dev.klspark.testing.SparkTestSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mle-report command line end to end on synthetic data: outputs, checks, errors, precedence.
 */
@Tag("slow")
class MleReportJobTest {
  private static final SparkSession spark = SparkTestSession.get();
  @TempDir static Path tmp;
  static String input;
  static String model;
  static String otherCategories;

  @BeforeAll
  static void data() {
    Random rnd = new Random(11);
    List<Row> rows = new ArrayList<>();
    String[] cats = {"x", "y", "z"};
    for (int i = 0; i < 3000; i++) {
      String g = i % 3 == 0 ? "a" : "b";
      double v = rnd.nextGaussian() * 2 + (g.equals("a") ? 1 : 0);
      int c = v > 1.5 ? 0 : v > -0.5 ? 1 : 2;
      if (rnd.nextDouble() < 0.2) {
        c = rnd.nextInt(3);
      }
      rows.add(RowFactory.create(g, cats[c], v, i % 20));
    }
    input = tmp.resolve("rows").toString();
    spark
        .createDataFrame(
            rows,
            new StructType()
                .add("g", DataTypes.StringType)
                .add("c", DataTypes.StringType)
                .add("v", DataTypes.DoubleType)
                .add("d", DataTypes.IntegerType))
        .write()
        .parquet(input);
    model = tmp.resolve("uniform.parquet").toString();
    otherCategories = tmp.resolve("other.parquet").toString();
    List<Row> m = new ArrayList<>();
    List<Row> o = new ArrayList<>();
    for (String g : List.of("a", "b")) {
      for (String c : cats) {
        m.add(RowFactory.create(g, c, 1 / 3.0));
      }
      o.add(RowFactory.create(g, "x", 0.5));
      o.add(RowFactory.create(g, "w", 0.5));
    }
    StructType ms =
        new StructType()
            .add("g", DataTypes.StringType)
            .add("category", DataTypes.StringType)
            .add("probability", DataTypes.DoubleType);
    spark.createDataFrame(m, ms).write().parquet(model);
    spark.createDataFrame(o, ms).write().parquet(otherCategories);
  }

  private static int run(StringWriter err, String... args) {
    return MleReportJob.execute(new PrintWriter(err, true), args);
  }

  @Test
  void everyModelKindWithChecksThatHold() throws Exception {
    String out = tmp.resolve("out").toString();
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "--input",
            input,
            "--group-by",
            "g",
            "--category",
            "c",
            "--filter",
            "d >= 10",
            "--reference-filter",
            "d < 10",
            "--smoothing",
            "additive:1",
            "--pooled-reference",
            "--model",
            model,
            "--classifier-features",
            "g,v",
            "--gaussian-column",
            "v",
            "--output",
            out,
            "--master",
            "local[2]");
    assertThat(code).as(err.toString()).isEqualTo(0);
    JsonNode s = new ObjectMapper().readTree(Path.of(out, "summary.json").toFile());
    assertThat(s.at("/rows/evaluated").asDouble()).isEqualTo(1500);
    assertThat(s.at("/rows/evaluated").isIntegralNumber()).as("counts are integers").isTrue();
    assertThat(s.at("/checks/identity_rows_finite").asLong()).isEqualTo(6);
    assertThat(s.at("/checks/identity_max_relative_residual").asDouble()).isLessThanOrEqualTo(1e-9);
    assertThat(s.at("/checks/groups_where_nll_and_kl_rankings_disagree").asLong()).isZero();
    assertThat(s.at("/classifier/relative_difference").asDouble()).isLessThanOrEqualTo(1e-12);
    assertThat(s.at("/gaussian/identity_max_relative_residual").asDouble())
        .isLessThanOrEqualTo(1e-9);
    List<String> ranked = new ArrayList<>();
    s.at("/models_ranked_over_common_groups").forEach(m -> ranked.add(m.get("model_id").asText()));
    assertThat(ranked)
        .containsExactlyInAnyOrder(
            "reference", "pooled_reference", "uniform", "logistic_regression");
    for (JsonNode m : s.at("/models_ranked_over_common_groups")) {
      // The classifier's KL is that of the labels from its mean prediction, named as such.
      boolean classifier = m.get("model_id").asText().equals("logistic_regression");
      assertThat(m.has("mean_prediction_kl_divergence_nats")).isEqualTo(classifier);
      assertThat(m.has("kl_divergence_nats")).isEqualTo(!classifier);
    }
    assertThat(Files.isDirectory(Path.of(out, "report"))).isTrue();
    assertThat(Files.isDirectory(Path.of(out, "predictions"))).isTrue();
    assertThat(Files.isDirectory(Path.of(out, "gaussian"))).isTrue();
    // The HTML report: ranking with the floor, the identity, the classifier's calibration.
    String html = Files.readString(Path.of(out, "report.html"));
    assertThat(html)
        .contains("id=\"ranking\"")
        .contains("H(C|G) ")
        .contains("id=\"identity\"")
        .contains("id=\"calibration\"")
        .contains("mean predicted probability")
        .doesNotContain("<script src")
        .doesNotContain("http://")
        .doesNotContain("https://");
    assertThat(html.indexOf("id=\"verdict\"")).isLessThan(html.indexOf("id=\"ranking\""));
  }

  @Test
  void candidatesWithDifferentCategorySetsExitWithCode3AndLeaveNoOutput() {
    String out = tmp.resolve("bad").toString();
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "--input",
            input,
            "--group-by",
            "g",
            "--category",
            "c",
            "--model",
            model,
            "--model",
            otherCategories,
            "--output",
            out);
    assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.toString())
        .contains(
            "mle-report: error: candidate models have different category sets: 'uniform' lists"
                + " [x, y, z] but 'other' lists [w, x]");
    assertThat(Files.exists(Path.of(out))).isFalse();
  }

  @Test
  void aStrictModelTableCheckedAsTheReportRunsStillGivesOneLineAndExitCode3() throws Exception {
    // Strict tables are validated inside the report's own query (issue 18): a sum other than 1
    // and a probability outside [0, 1] must still end as one line naming the group, exit code 3
    // and no output.
    StructType ms =
        new StructType()
            .add("g", DataTypes.StringType)
            .add("category", DataTypes.StringType)
            .add("probability", DataTypes.DoubleType);
    String badSum = tmp.resolve("bad-sum.parquet").toString();
    String badValue = tmp.resolve("bad-value.parquet").toString();
    List<Row> sum = new ArrayList<>();
    List<Row> value = new ArrayList<>();
    for (String g : List.of("a", "b")) {
      sum.add(RowFactory.create(g, "x", 0.5));
      sum.add(RowFactory.create(g, "y", 0.3));
      sum.add(RowFactory.create(g, "z", g.equals("b") ? 0.1 : 0.2));
      value.add(RowFactory.create(g, "x", g.equals("a") ? 1.5 : 0.5));
      value.add(RowFactory.create(g, "y", 0.3));
      value.add(RowFactory.create(g, "z", 0.2));
    }
    spark.createDataFrame(sum, ms).write().parquet(badSum);
    spark.createDataFrame(value, ms).write().parquet(badValue);
    Map<String, String> expected =
        Map.of(
            badSum,
            "model table probabilities for group model_id=bad-sum, g=b sum to 0.9",
            badValue,
            "model table probability for group g=a, category 'x' is 1.5; expected a number in"
                + " [0, 1]");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String out = tmp.resolve("bad-" + Path.of(e.getKey()).getFileName()).toString();
      StringWriter err = new StringWriter();
      int code =
          run(
              err,
              "--input",
              input,
              "--group-by",
              "g",
              "--category",
              "c",
              "--model",
              e.getKey(),
              "--output",
              out);
      assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(err.toString()).contains("mle-report: error: " + e.getValue());
      assertThat(err.toString().lines().filter(l -> l.contains("error:")).count()).isEqualTo(1);
      assertThat(err.toString()).doesNotContain("\tat ");
      assertThat(Files.exists(Path.of(out))).isFalse();
    }
  }

  @Test
  void flagsOverrideTheJobFile() throws Exception {
    Path job = tmp.resolve("job.yaml");
    Files.writeString(
        job,
        "input: "
            + input
            + "\ngroup-by: [g]\ncategory: c\nmodel: ["
            + model
            + "]\nunit: nats\noutput: "
            + tmp.resolve("from-file")
            + "\n");
    String out = tmp.resolve("from-flag").toString();
    StringWriter err = new StringWriter();
    assertThat(run(err, "--config", job.toString(), "--unit", "bits", "--output", out))
        .as(err.toString())
        .isEqualTo(0);
    assertThat(spark.read().parquet(out + "/report").columns()).contains("mean_nll_bits");
    assertThat(Files.exists(tmp.resolve("from-file"))).isFalse();
  }
}

package dev.klspark.mle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klspark.cli.ExitCodes;
import dev.klspark.math.LogBase;
import dev.klspark.testing.SparkTestSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobs/mle-report --predictions}: a predictions table from the command line. */
@Tag("slow")
class MlePredictionsJobTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final List<String> LABELS = List.of("x", "y", "z");
  @TempDir static Path tmp;
  static String predictions;
  static Dataset<Row> data;

  @BeforeAll
  static void data() {
    Random rnd = new Random(5);
    double[][] outputs = {{.7, .2, .1}, {.2, .5, .3}, {.1, .1, .8}, {.3, .3, .4}};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double[] f = outputs[rnd.nextInt(outputs.length)];
      double u = rnd.nextDouble();
      int y = u < f[0] ? 0 : u < f[0] + f[1] ? 1 : 2;
      rows.add(
          RowFactory.create(
              i % 2 == 0 ? "a" : "b",
              LABELS.get(y),
              Vectors.dense(f),
              Arrays.stream(f).boxed().toList(),
              Map.of("x", f[0], "y", f[1], "z", f[2])));
    }
    data =
        spark.createDataFrame(
            rows,
            new StructType()
                .add("g", DataTypes.StringType)
                .add("label", DataTypes.StringType)
                .add("probability", SQLDataTypes.VectorType())
                .add("arr", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("map", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType)));
    predictions = tmp.resolve("scores.parquet").toString();
    data.write().parquet(predictions);
  }

  private static int run(StringWriter err, String... args) {
    return MleReportJob.execute(new PrintWriter(err, true), args);
  }

  @Test
  void writesThePerGroupTableWithTheDecompositionForVectorArrayAndMap() throws Exception {
    List<Row> expected =
        PredictionComparison.of(
                List.of(
                    PredictionReport.build(
                        data,
                        new PredictionReport.Spec(
                            List.of("g"), "label", "probability", LABELS, "scores", LogBase.NATS))),
                List.of("g"),
                LogBase.NATS)
            .collectAsList();
    for (String column : List.of("probability", "arr", "map")) {
      String out = tmp.resolve("out-" + column).toString();
      StringWriter err = new StringWriter();
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--predictions",
                  predictions,
                  "--group-by",
                  "g",
                  "--label-column",
                  "label",
                  "--labels",
                  "x,y,z",
                  "--output",
                  out,
                  "--master",
                  "local[2]"));
      if (!column.equals("probability")) {
        args.addAll(List.of("--probability-column", column));
      }
      assertThat(run(err, args.toArray(new String[0]))).as(err.toString()).isEqualTo(0);
      List<Row> written = spark.read().parquet(out + "/predictions").orderBy("g").collectAsList();
      assertThat(written).as(column).isEqualTo(expected);
      Row a = written.get(0);
      for (String c :
          List.of(
              "mean_nll_nats",
              "uncertainty_nats",
              "resolution_nats",
              "reliability_nats",
              "decomposition_residual_nats",
              "mean_prediction_kl_divergence_nats")) {
        assertThat(a.isNullAt(a.fieldIndex(c))).as(c).isFalse();
      }
      assertThat(a.getString(a.fieldIndex("model_id"))).isEqualTo("scores");
      assertThat(a.getString(a.fieldIndex("forecast_binning"))).isEqualTo("exact");
      // Exact bins: mean_nll = uncertainty − resolution + reliability.
      assertThat(a.getDouble(a.fieldIndex("decomposition_residual_nats")))
          .isCloseTo(0, within(1e-13));
      JsonNode s = new ObjectMapper().readTree(Path.of(out, "summary.json").toFile());
      assertThat(s.at("/predictions/0/groups").asLong()).isEqualTo(2);
      assertThat(s.at("/parameters/probability_column").asText()).isEqualTo(column);
      String html = Files.readString(Path.of(out, "report.html"));
      assertThat(html)
          .contains("id=\"groups-scores\"")
          .contains("id=\"calibration-scores\"")
          .contains("<svg")
          .doesNotContain("<script src")
          .doesNotContain("http://");
    }
  }

  @Test
  void theBannerNamesSegmentsByEvidenceNotTinySegmentsWithALargeKl() throws Exception {
    // big: 600 rows, labels 0.6/0.3/0.1 against a constant prediction 0.5/0.3/0.2 (KL 0.04 nats,
    // p < 1e-9, an interval); fine: labels as predicted; t1, t2, t3: 1 to 3 rows of label z
    // predicted at 0.05 (KL 3 nats, but too few rows for an interval).
    List<Row> rows = new ArrayList<>();
    int[][] counts = {{360, 180, 60}, {200, 120, 80}};
    String[] names = {"big", "fine"};
    for (int g = 0; g < 2; g++) {
      for (int y = 0; y < 3; y++) {
        for (int i = 0; i < counts[g][y]; i++) {
          rows.add(RowFactory.create(names[g], LABELS.get(y), Vectors.dense(.5, .3, .2)));
        }
      }
    }
    for (int n = 1; n <= 3; n++) {
      for (int i = 0; i < n; i++) {
        rows.add(RowFactory.create("t" + n, "z", Vectors.dense(.9, .05, .05)));
      }
    }
    String in = tmp.resolve("segments.parquet").toString();
    spark
        .createDataFrame(
            rows,
            new StructType()
                .add("g", DataTypes.StringType)
                .add("label", DataTypes.StringType)
                .add("probability", SQLDataTypes.VectorType()))
        .write()
        .parquet(in);
    String out = tmp.resolve("out-segments").toString();
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "--predictions",
            in,
            "--group-by",
            "g",
            "--label-column",
            "label",
            "--labels",
            "x,y,z",
            "--output",
            out,
            "--master",
            "local[2]");
    assertThat(code).as(err.toString()).isEqualTo(0);
    String html = Files.readString(Path.of(out, "report.html"));
    int worst = html.indexOf("<span id=\"worst\">");
    assertThat(worst).isPositive();
    assertThat(html.substring(worst + 17, html.indexOf("</span>", worst))).isEqualTo("big");
    // The table lists by evidence too: big first, the tiny segments (no interval) last.
    int table = html.indexOf("id=\"groups-segments\"");
    String list = html.substring(table, html.indexOf("</table>", table));
    assertThat(list.indexOf("<td>big</td>")).isLessThan(list.indexOf("<td>t1</td>"));
    assertThat(list.indexOf("<td>fine</td>")).isLessThan(list.indexOf("<td>t3</td>"));
    assertThat(html).contains("<footer id=\"stamp\"").contains(in);
  }

  @Test
  void badInputExitsWithCode3OneLineAndNoOutput() throws Exception {
    String out = tmp.resolve("bad").toString();
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "--predictions",
            predictions,
            "--group-by",
            "g",
            "--label-column",
            "label",
            "--labels",
            "x,y",
            "--probability-column",
            "arr",
            "--output",
            out,
            "--master",
            "local[2]");
    assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.toString())
        .contains("probability column 'arr' has 3 entries [")
        .contains("; expected 2, one per label of [x, y]");
    assertThat(Files.exists(Path.of(out))).isFalse();
  }

  @Test
  void noLabelsAndNoMetadataIsAnErrorNamingTheColumn() {
    String out = tmp.resolve("nolabels").toString();
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "--predictions",
            predictions,
            "--label-column",
            "label",
            "--output",
            out,
            "--master",
            "local[2]");
    assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.toString())
        .contains(
            "label column 'label' carries no nominal ML attribute with label values; give the"
                + " labels explicitly with --labels L1,L2,..");
    assertThat(Files.exists(Path.of(out))).isFalse();
  }

  /**
   * Without --label-column: the predictions before their labels, per segment, the two halves of the
   * rows (week 1 against week 2) compared; every number against the kernel (ExpectedLogLoss) and a
   * plain Java recomputation over the collected rows.
   */
  @Test
  void withoutLabelsTheExpectedLogLossAndThePredictionDrift() throws Exception {
    String weeks = tmp.resolve("weeks.parquet").toString();
    data.withColumn("week", functions.expr("CAST(pmod(hash(arr), 2) + 1 AS INT)"))
        .write()
        .parquet(weeks);
    String out = tmp.resolve("free").toString();
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "--predictions",
            weeks,
            "--group-by",
            "g",
            "--probability-column",
            "arr",
            "--labels",
            "x,y,z",
            "--filter",
            "week = 2",
            "--reference-filter",
            "week = 1",
            "--output",
            out);
    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    Map<String, dev.klspark.math.ExpectedLogLoss> current = new HashMap<>();
    Map<String, double[]> sums = new HashMap<>();
    Map<String, double[]> refSums = new HashMap<>();
    for (Row r : spark.read().parquet(weeks).collectAsList()) {
      double[] q = r.getList(r.fieldIndex("arr")).stream().mapToDouble(x -> (Double) x).toArray();
      String g = r.getString(0);
      boolean cur = r.getInt(r.fieldIndex("week")) == 2;
      if (cur) {
        current.computeIfAbsent(g, k -> new dev.klspark.math.ExpectedLogLoss()).add(q);
      }
      double[] s = (cur ? sums : refSums).computeIfAbsent(g, k -> new double[4]);
      for (int j = 0; j < 3; j++) {
        s[j] += q[j];
      }
      s[3]++;
    }
    List<Row> report = spark.read().parquet(out + "/predictions").orderBy("g").collectAsList();
    assertThat(report).hasSize(2);
    for (Row r : report) {
      String g = r.getString(0);
      dev.klspark.math.ExpectedLogLoss.Result e = current.get(g).result();
      assertThat(r.<Long>getAs("n")).isEqualTo(e.n());
      assertThat(r.<Double>getAs("expected_nll_nats")).isCloseTo(e.expectedNll(), within(1e-12));
      assertThat(r.<Double>getAs("expected_nll_sd_nats"))
          .isCloseTo(e.expectedNllSd(), within(1e-12));
      double[] p = sums.get(g);
      double[] q = refSums.get(g);
      double kl = 0;
      for (int j = 0; j < 3; j++) {
        kl += p[j] / p[3] * Math.log((p[j] / p[3]) / (q[j] / q[3]));
      }
      assertThat(r.<Double>getAs("prediction_kl_divergence_nats")).isCloseTo(kl, within(1e-12));
      assertThat(r.<Long>getAs("n_reference")).isEqualTo((long) q[3]);
      assertThat(r.<String>getAs("status")).isEqualTo("ok");
    }
    assertThat(Files.readString(Path.of(out, "summary.json")))
        .contains("\"label_free\"")
        .contains("\"reference_filter\" : \"week = 1\"");
    String html = Files.readString(Path.of(out, "report.html"));
    assertThat(html).contains("predictions before their labels").contains("<footer");
    assertThat(Path.of(out, "reliability")).doesNotExist();
  }

  @Test
  void withoutLabelsBadSettingsAreOneLine() {
    StringWriter err = new StringWriter();
    String out = tmp.resolve("bad").toString();
    assertThat(
            run(
                err,
                "--predictions",
                predictions,
                "--label-column",
                "label",
                "--reference-filter",
                "g = 'a'",
                "--output",
                out))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("--reference-filter is for predictions without --label-column");
    StringWriter err2 = new StringWriter();
    assertThat(
            run(err2, "--predictions", predictions, "--probability-column", "arr", "--output", out))
        .isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err2.toString())
        .contains("predictions without --label-column need their label order: pass --labels");
    assertThat(Path.of(out)).doesNotExist();
    StringWriter err3 = new StringWriter();
    assertThat(
            run(
                err3,
                "--predictions",
                predictions,
                "--probability-column",
                "arr",
                "--labels",
                "x,y,z",
                "--reference-filter",
                "g = 'nowhere'",
                "--output",
                out))
        .isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err3.toString())
        .contains("--reference-filter 'g = 'nowhere'' matches no prediction row");
    assertThat(Path.of(out)).doesNotExist();
  }

  @Test
  void jobFileKeysHaveTheFlagNames() throws Exception {
    Path job = tmp.resolve("predictions.yaml");
    Files.writeString(
        job,
        String.join(
            "\n",
            "predictions: scores.parquet",
            "predictions-id: my_model",
            "group-by: [g]",
            "label-column: label",
            "probability-column: map",
            "labels: [x, y, z]",
            "unit: bits",
            "output: out-job",
            ""));
    StringWriter err = new StringWriter();
    assertThat(run(err, "--config", job.toString(), "--master", "local[2]"))
        .as(err.toString())
        .isEqualTo(0);
    Row a =
        spark.read().parquet(tmp.resolve("out-job/predictions").toString()).orderBy("g").first();
    assertThat(a.getString(a.fieldIndex("model_id"))).isEqualTo("my_model");
    assertThat(a.isNullAt(a.fieldIndex("reliability_bits"))).isFalse();
  }
}

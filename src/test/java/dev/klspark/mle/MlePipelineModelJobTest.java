package dev.klspark.mle;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klspark.cli.ExitCodes;
import dev.klspark.math.BenjaminiHochberg;
import dev.klspark.testing.RequiresIceberg;
import dev.klspark.testing.SameRows;
import dev.klspark.testing.SparkTestSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
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
 * {@code jobs/mle-report --pipeline-model} and several {@code --predictions}: a saved Spark ML
 * pipeline scored by the job gives the same tables as its predictions written to a file; models are
 * ranked per group; the reliability table and the log-loss match independent computations.
 */
@Tag("slow")
class MlePipelineModelJobTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final List<String> GROUPS = List.of("a", "b", "c");
  @TempDir static Path tmp;
  static String input;
  static String pipelineDir;
  static String scoredFile;
  static String constantFile;
  static PipelineModel model;
  static List<String> labels;

  @BeforeAll
  static void trainAndSave() throws Exception {
    Random rnd = new Random(11);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 900; i++) {
      String g = GROUPS.get(i % 3);
      double x = rnd.nextGaussian() + (g.equals("c") ? 0.7 : 0.0);
      double u = rnd.nextDouble();
      String y = u < 1 / (1 + Math.exp(-2 * x)) ? (rnd.nextDouble() < 0.7 ? "hi" : "mid") : "lo";
      rows.add(RowFactory.create(g, x, i % 50 == 0 ? null : y));
    }
    Dataset<Row> data =
        spark.createDataFrame(
            rows,
            new StructType()
                .add("g", DataTypes.StringType)
                .add("x", DataTypes.DoubleType)
                .add("y", DataTypes.StringType));
    input = tmp.resolve("rows.parquet").toString();
    data.write().parquet(input);
    // A user's pipeline: the label indexed (nulls kept as an extra index, so scoring keeps every
    // row), one numeric feature, a multinomial logistic regression.
    Pipeline pipeline =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new StringIndexer()
                      .setInputCol("y")
                      .setOutputCol("y_idx")
                      .setHandleInvalid("keep"),
                  new VectorAssembler().setInputCols(new String[] {"x"}).setOutputCol("features"),
                  new LogisticRegression()
                      .setFamily("multinomial")
                      .setLabelCol("y_idx")
                      .setFeaturesCol("features")
                });
    model = pipeline.fit(data.where("y IS NOT NULL"));
    pipelineDir = tmp.resolve("lr_pipeline").toString();
    model.write().save(pipelineDir);
    // handleInvalid = keep: the classifier has one more class, Spark's "__unknown".
    labels = new ArrayList<>(List.of(((StringIndexerModel) model.stages()[0]).labelsArray()[0]));
    labels.add("__unknown");
    scoredFile = tmp.resolve("lr_pipeline.parquet").toString();
    model.transform(data).select("g", "y", "probability").write().parquet(scoredFile);
    // A second model: every row predicted by the overall label frequencies of the data.
    Map<String, Long> freq = new HashMap<>();
    long known = 0;
    for (Row r : rows) {
      if (!r.isNullAt(2)) {
        freq.merge(r.getString(2), 1L, Long::sum);
        known++;
      }
    }
    List<Double> constant = new ArrayList<>();
    for (String l : labels) {
      constant.add(freq.getOrDefault(l, 0L) / (double) known);
    }
    constantFile = tmp.resolve("base_rate.parquet").toString();
    data.selectExpr(
            "g",
            "y",
            "array("
                + String.join(
                    ", ", constant.stream().map(d -> "CAST(" + d + " AS DOUBLE)").toList())
                + ") AS probability")
        .write()
        .parquet(constantFile);
  }

  private static int run(StringWriter err, String... args) {
    return MleReportJob.execute(new PrintWriter(err, true), args);
  }

  private static List<Row> table(String out, String name) {
    return spark.read().parquet(out + "/" + name).orderBy("g", "model_id").collectAsList();
  }

  @Test
  void pipelineModelGivesTheSameTablesAsItsPredictionsFile() {
    String viaPipeline = tmp.resolve("out-pipeline").toString();
    String viaFile = tmp.resolve("out-file").toString();
    StringWriter err = new StringWriter();
    assertThat(
            run(
                err,
                "--input",
                input,
                "--pipeline-model",
                pipelineDir,
                "--group-by",
                "g",
                "--label-column",
                "y",
                "--output",
                viaPipeline,
                "--master",
                "local[2]"))
        .as(err.toString())
        .isEqualTo(0);
    assertThat(
            run(
                err,
                "--predictions",
                scoredFile,
                "--group-by",
                "g",
                "--label-column",
                "y",
                "--labels",
                String.join(",", labels),
                "--output",
                viaFile,
                "--master",
                "local[2]"))
        .as(err.toString())
        .isEqualTo(0);
    // Same model id (the directory name and the file name without .parquet), same numbers: equal
    // up to the order of Spark's sums over the rows (the two runs partition the rows differently).
    SameRows.assertSameRows(
        table(viaPipeline, "predictions"), table(viaFile, "predictions"), Set.of(), "predictions");
    SameRows.assertSameRows(
        table(viaPipeline, "reliability"), table(viaFile, "reliability"), Set.of(), "reliability");

    // MLlib's own evaluator over every labelled row: the n-weighted mean of mean_nll_nats.
    Dataset<Row> scored = model.transform(spark.read().parquet(input).where("y IS NOT NULL"));
    double logLoss =
        new MulticlassClassificationEvaluator()
            .setMetricName("logLoss")
            .setLabelCol("y_idx")
            .setProbabilityCol("probability")
            .evaluate(scored);
    double weighted = 0;
    long n = 0;
    for (Row r : table(viaPipeline, "predictions")) {
      long rows = r.getLong(r.fieldIndex("n"));
      weighted += rows * r.getDouble(r.fieldIndex("mean_nll_nats"));
      n += rows;
    }
    assertThat(weighted / n).isCloseTo(logLoss, within(1e-12 * logLoss));
  }

  @Test
  void modelsAreRankedPerGroupAndTheReliabilityTableMatchesARecount() throws Exception {
    String out = tmp.resolve("out-two").toString();
    StringWriter err = new StringWriter();
    assertThat(
            run(
                err,
                "--predictions",
                scoredFile,
                "--predictions",
                constantFile,
                "--group-by",
                "g",
                "--label-column",
                "y",
                "--labels",
                String.join(",", labels),
                "--reliability-bins",
                "5",
                "--output",
                out,
                "--master",
                "local[2]"))
        .as(err.toString())
        .isEqualTo(0);
    List<Row> report = table(out, "predictions");
    assertThat(report).hasSize(6);
    // Ranks: per group, 1 for the smaller mean_nll.
    for (String g : GROUPS) {
      List<Row> two = report.stream().filter(r -> r.getString(0).equals(g)).toList();
      Row a = two.get(0);
      Row b = two.get(1);
      double nllA = a.getDouble(a.fieldIndex("mean_nll_nats"));
      double nllB = b.getDouble(b.fieldIndex("mean_nll_nats"));
      assertThat(a.getInt(a.fieldIndex("rank_by_nll"))).isEqualTo(nllA < nllB ? 1 : 2);
      assertThat(b.getInt(b.fieldIndex("rank_by_nll"))).isEqualTo(nllB < nllA ? 1 : 2);
    }
    // G = 2n·KL(P̂ ‖ Q̄) in nats, and p_value_adjusted is Benjamini–Hochberg over all six rows.
    double[] p = new double[report.size()];
    for (int i = 0; i < p.length; i++) {
      Row r = report.get(i);
      assertThat(r.getDouble(r.fieldIndex("g_statistic")))
          .isCloseTo(
              2
                  * r.getLong(r.fieldIndex("n"))
                  * r.getDouble(r.fieldIndex("mean_prediction_kl_divergence_nats")),
              within(1e-9));
      p[i] = r.getDouble(r.fieldIndex("p_value"));
    }
    double[] adjusted = BenjaminiHochberg.adjust(p);
    for (int i = 0; i < p.length; i++) {
      Row r = report.get(i);
      assertThat(r.getDouble(r.fieldIndex("p_value_adjusted")))
          .isCloseTo(adjusted[i], within(1e-15));
    }
    // The reliability table against a plain-Java recount of the scored rows (5 bins).
    Map<String, double[]> expected = new HashMap<>();
    for (Row r : spark.read().parquet(scoredFile).collectAsList()) {
      if (r.isNullAt(1)) {
        continue;
      }
      Vector v = r.getAs(2);
      for (int j = 0; j < labels.size(); j++) {
        double q = v.apply(j);
        int bin = Math.min((int) Math.floor(q * 5), 4);
        double[] cell =
            expected.computeIfAbsent(
                r.getString(0) + "/" + labels.get(j) + "/" + bin, k -> new double[3]);
        cell[0]++;
        cell[1] += q;
        cell[2] += r.getString(1).equals(labels.get(j)) ? 1 : 0;
      }
    }
    List<Row> reliability =
        spark
            .read()
            .parquet(out + "/reliability")
            .where("model_id = 'lr_pipeline'")
            .collectAsList();
    assertThat(reliability).hasSize(expected.size());
    for (Row r : reliability) {
      double[] cell =
          expected.get(
              r.getString(0)
                  + "/"
                  + r.getString(r.fieldIndex("label"))
                  + "/"
                  + r.getInt(r.fieldIndex("bin")));
      assertThat(cell).as(r.toString()).isNotNull();
      assertThat(r.getLong(r.fieldIndex("n"))).isEqualTo((long) cell[0]);
      assertThat(r.getDouble(r.fieldIndex("mean_forecast")))
          .isCloseTo(cell[1] / cell[0], within(1e-12));
      assertThat(r.getDouble(r.fieldIndex("observed_frequency"))).isEqualTo(cell[2] / cell[0]);
    }
    JsonNode s = new ObjectMapper().readTree(Path.of(out, "summary.json").toFile());
    assertThat(s.at("/predictions/1/model_id").asText()).isEqualTo("base_rate");
    assertThat(s.at("/predictions/0/groups").asLong()).isEqualTo(3);
  }

  @Test
  void aDirectoryThatIsNoPipelineIsOneLineExit3AndNothingWritten() {
    String out = tmp.resolve("out-bad").toString();
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "--input",
            input,
            "--pipeline-model",
            scoredFile,
            "--label-column",
            "y",
            "--output",
            out,
            "--master",
            "local[2]");
    assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.toString())
        .contains("--pipeline-model " + scoredFile + " is not a saved Spark ML PipelineModel")
        .doesNotContain("\tat ");
    assertThat(Files.exists(Path.of(out))).isFalse();
  }

  @Test
  void pipelineWithoutInputAndMismatchedIdsAreUsageErrors() {
    StringWriter err = new StringWriter();
    assertThat(run(err, "--pipeline-model", pipelineDir, "--label-column", "y"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--pipeline-model scores rows: pass --input PATH");
    err = new StringWriter();
    assertThat(
            run(
                err,
                "--predictions",
                scoredFile,
                "--predictions",
                constantFile,
                "--predictions-id",
                "one",
                "--label-column",
                "y"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("1 --predictions-id for 2 --predictions");
    err = new StringWriter();
    assertThat(
            run(
                err,
                "--predictions",
                scoredFile,
                "--predictions",
                scoredFile,
                "--label-column",
                "y"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("two models have the id 'lr_pipeline'");
    // --labels that contradict the pipeline's own label order: bad input, nothing written.
    err = new StringWriter();
    List<String> reversed = new ArrayList<>(labels);
    java.util.Collections.reverse(reversed);
    String out = tmp.resolve("out-conflict").toString();
    assertThat(
            run(
                err,
                "--input",
                input,
                "--pipeline-model",
                pipelineDir,
                "--label-column",
                "y",
                "--labels",
                String.join(",", reversed),
                "--output",
                out,
                "--master",
                "local[2]"))
        .isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.toString())
        .contains("--labels " + reversed + " differ from the label order " + labels);
    assertThat(Files.exists(Path.of(out))).isFalse();
  }

  @Test
  void aPipelineAndItsOwnPredictionsFileTieAndTheGTestMatchesARecount() {
    String out = tmp.resolve("out-tie").toString();
    StringWriter err = new StringWriter();
    assertThat(
            run(
                err,
                "--input",
                input,
                "--pipeline-model",
                pipelineDir,
                "--pipeline-model-id",
                "pipeline",
                "--predictions",
                scoredFile,
                "--predictions-id",
                "file",
                "--labels",
                String.join(",", labels),
                "--group-by",
                "g",
                "--label-column",
                "y",
                "--output",
                out,
                "--master",
                "local[2]"))
        .as(err.toString())
        .isEqualTo(0);
    List<Row> report = table(out, "predictions");
    assertThat(report).hasSize(6);
    for (Row r : report) {
      // The same model through two paths: equal up to the order of the sums, so a tie.
      assertThat(r.getInt(r.fieldIndex("rank_by_nll"))).as(r.toString()).isEqualTo(1);
    }
    // The G-test of calibration in the large, recomputed on the driver from the scored rows:
    // label counts c_j and mean prediction q̄_j per group, G = 2 Σ c_j ln(c_j / (n q̄_j)), df =
    // (labels with q̄ > 0) − 1, p from commons-math's chi-squared distribution.
    Map<String, double[]> counts = new HashMap<>();
    Map<String, double[]> sums = new HashMap<>();
    int k = labels.size();
    for (Row r : spark.read().parquet(scoredFile).collectAsList()) {
      if (r.isNullAt(1)) {
        continue;
      }
      Vector v = r.getAs(2);
      double[] c = counts.computeIfAbsent(r.getString(0), x -> new double[k]);
      double[] q = sums.computeIfAbsent(r.getString(0), x -> new double[k]);
      c[labels.indexOf(r.getString(1))]++;
      for (int j = 0; j < k; j++) {
        q[j] += v.apply(j);
      }
    }
    for (Row r : report) {
      double[] c = counts.get(r.getString(0));
      double[] q = sums.get(r.getString(0));
      double n = java.util.Arrays.stream(c).sum();
      double g = 0;
      int support = 0;
      for (int j = 0; j < k; j++) {
        double qbar = q[j] / n;
        support += qbar > 0 ? 1 : 0;
        g += c[j] > 0 ? 2 * c[j] * Math.log(c[j] / (n * qbar)) : 0;
      }
      double p =
          1
              - new org.apache.commons.math3.distribution.ChiSquaredDistribution(support - 1)
                  .cumulativeProbability(g);
      assertThat(r.getDouble(r.fieldIndex("g_statistic"))).isCloseTo(g, within(1e-9 * g));
      assertThat(r.getInt(r.fieldIndex("degrees_of_freedom"))).isEqualTo(support - 1);
      assertThat(r.getDouble(r.fieldIndex("p_value"))).isCloseTo(p, within(1e-9));
    }
  }

  @Test
  @RequiresIceberg
  void aPredictionsTableInACatalogGivesTheFilesNumbers() {
    // Iceberg stores no MLlib vectors (a user-defined type): the table holds the array form.
    spark
        .read()
        .parquet(scoredFile)
        .withColumn(
            "probability",
            org.apache.spark.ml.functions.vector_to_array(col("probability"), "float64"))
        .writeTo("local.pipeline_test.lr_scores")
        .createOrReplace();
    String viaTable = tmp.resolve("out-table").toString();
    String viaFile = tmp.resolve("out-table-file").toString();
    StringWriter err = new StringWriter();
    for (String[] source :
        List.of(
            new String[] {"--predictions-table", "local.pipeline_test.lr_scores", viaTable},
            new String[] {"--predictions", scoredFile, viaFile})) {
      assertThat(
              run(
                  err,
                  source[0],
                  source[1],
                  "--labels",
                  String.join(",", labels),
                  "--group-by",
                  "g",
                  "--label-column",
                  "y",
                  "--output",
                  source[2],
                  "--master",
                  "local[2]"))
          .as(err.toString())
          .isEqualTo(0);
    }
    List<Row> fromTable = table(viaTable, "predictions");
    List<Row> fromFile = table(viaFile, "predictions");
    assertThat(fromTable.get(0).getString(fromTable.get(0).fieldIndex("model_id")))
        .isEqualTo("lr_scores");
    // Same rows, same numbers (the model ids differ: the table's last name part, the file name).
    assertThat(fromTable).hasSameSizeAs(fromFile);
    for (int i = 0; i < fromTable.size(); i++) {
      Row a = fromTable.get(i);
      Row b = fromFile.get(i);
      assertThat(a.getDouble(a.fieldIndex("mean_nll_nats")))
          .isCloseTo(b.getDouble(b.fieldIndex("mean_nll_nats")), within(1e-12));
      assertThat(a.getDouble(a.fieldIndex("reliability_nats")))
          .isCloseTo(b.getDouble(b.fieldIndex("reliability_nats")), within(1e-12));
    }
    // A missing table: one line, exit 3.
    err = new StringWriter();
    assertThat(
            run(
                err,
                "--predictions-table",
                "local.pipeline_test.nope",
                "--label-column",
                "y",
                "--output",
                tmp.resolve("out-none").toString(),
                "--master",
                "local[2]"))
        .isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(err.toString()).contains("local.pipeline_test.nope").doesNotContain("\tat ");
  }
}

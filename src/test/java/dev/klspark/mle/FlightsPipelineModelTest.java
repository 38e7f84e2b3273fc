package dev.klspark.mle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klspark.testing.SameRows;
import dev.klspark.testing.SparkTestSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flights demo's classifier as a second source of predictions: mle-report saves it as a Spark
 * ML pipeline ({@code OUTPUT/classifier_pipeline}); evaluated through {@code --pipeline-model} on
 * the raw rows and through a predictions file written from it, it gives the numbers of the demo's
 * own {@code predictions} table (equal up to the order of Spark's sums, 1e-12 relative).
 */
@Tag("slow")
class FlightsPipelineModelTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final Path PROJECT = Path.of(System.getProperty("klspark.project.dir", "."));
  private static final String DATA = PROJECT.resolve("data/flights-3m.parquet").toString();
  private static final String APRIL_TO_JUNE = "date >= '2001-04-01' AND date < '2001-07-01'";

  @TempDir Path tmp;

  private static int run(StringWriter err, String... args) {
    return MleReportJob.execute(new PrintWriter(err, true), args);
  }

  @Test
  void savedClassifierEvaluatesToTheDemoNumbersBothWays() throws Exception {
    String demo = tmp.resolve("demo").toString();
    StringWriter err = new StringWriter();
    // The documented command (README "Evaluate a saved Spark ML pipeline"): the demo job file.
    assertThat(
            run(
                err,
                "--config",
                PROJECT.resolve("conf/flights-mle.yaml").toString(),
                "--output",
                demo,
                "--master",
                "local[2]"))
        .as(err.toString())
        .isEqualTo(0);
    JsonNode summary = new ObjectMapper().readTree(Path.of(demo, "summary.json").toFile());
    String label = summary.at("/classifier_pipeline/label_column").asText();
    assertThat(label).isEqualTo("delay_label");
    String pipeline = demo + "/classifier_pipeline";

    String viaPipeline = tmp.resolve("via-pipeline").toString();
    assertThat(
            run(
                err,
                "--input",
                DATA,
                "--filter",
                APRIL_TO_JUNE,
                "--group-by",
                "origin",
                "--pipeline-model",
                pipeline,
                "--label-column",
                label,
                "--output",
                viaPipeline,
                "--master",
                "local[2]"))
        .as(err.toString())
        .isEqualTo(0);

    String file = tmp.resolve("scores.parquet").toString();
    PipelineModel.load(pipeline)
        .transform(spark.read().parquet(DATA).where(APRIL_TO_JUNE))
        .select("origin", label, "probability")
        .write()
        .parquet(file);
    String viaFile = tmp.resolve("via-file").toString();
    assertThat(
            run(
                err,
                "--predictions",
                file,
                "--predictions-id",
                "logistic_regression",
                "--group-by",
                "origin",
                "--label-column",
                label,
                "--labels",
                String.join(",", labels(summary)),
                "--output",
                viaFile,
                "--master",
                "local[2]"))
        .as(err.toString())
        .isEqualTo(0);

    List<Row> own = table(demo);
    List<Row> pipelineRows = table(viaPipeline);
    List<Row> fileRows = table(viaFile);
    assertThat(own).hasSizeGreaterThan(200);
    SameRows.assertSameRows(pipelineRows, own, Set.of("model_id"), "pipeline_model");
    SameRows.assertSameRows(fileRows, own, Set.of("model_id"), "predictions file");
  }

  private static List<String> labels(JsonNode summary) {
    List<String> out = new java.util.ArrayList<>();
    summary.at("/classifier_pipeline/labels").forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<Row> table(String out) {
    return spark.read().parquet(out + "/predictions").orderBy("origin").collectAsList();
  }
}

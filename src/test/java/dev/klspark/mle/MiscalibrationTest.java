package dev.klspark.mle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.math.LogBase;
import dev.klspark.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The ranking of miscalibrated segments ({@link Miscalibration}) on hand-made comparison rows: the
 * order, its tie-breaks, what is left out, the limit and the counts.
 */
class MiscalibrationTest {
  private static final SparkSession spark = SparkTestSession.get();

  private static final StructType SCHEMA =
      new StructType()
          .add("g", DataTypes.StringType)
          .add("model_id", DataTypes.StringType)
          .add("n", DataTypes.LongType)
          .add("mean_nll_nats", DataTypes.DoubleType)
          .add("expected_nll_nats", DataTypes.DoubleType)
          .add("expected_nll_sd_nats", DataTypes.DoubleType)
          .add("calibration_z", DataTypes.DoubleType)
          .add("calibration_p_value", DataTypes.DoubleType)
          .add("calibration_p_value_adjusted", DataTypes.DoubleType)
          .add("status", DataTypes.StringType);

  private static Row row(String g, String model, long n, Double z, Double p, Double pAdjusted) {
    return RowFactory.create(g, model, n, 1.0, 0.9, 0.01, z, p, pAdjusted, "ok");
  }

  @Test
  void ordersByAdjustedPThenAbsoluteZThenNAndLeavesOutTheUntestedAndTheCalibrated() {
    List<Row> rows = new ArrayList<>();
    // Benjamini-Hochberg ties: e, f, g share 0.01; |z| decides (e: -3.5 before f: 3.2), then n.
    rows.add(row("f", "m", 100, 3.2, 0.0014, 0.01));
    rows.add(row("e", "m", 100, -3.5, 0.0005, 0.01));
    rows.add(row("g", "m", 900, 3.2, 0.0014, 0.01));
    rows.add(row("inf", "m", 10, Double.POSITIVE_INFINITY, 0.0, 0.0));
    rows.add(row("late", "m", 50, 2.1, 0.036, 0.049));
    rows.add(row("calibrated", "m", 500, 0.3, 0.76, 0.9));
    rows.add(row("untested", "m", 0, null, null, null));
    rows.add(row("e", "other", 100, 2.5, 0.012, 0.03));
    Dataset<Row> written = spark.createDataFrame(rows, SCHEMA);
    Miscalibration m = Miscalibration.of(written, List.of("g"), LogBase.NATS);
    assertThat(m.top())
        .extracting(r -> r.get("g") + "/" + r.get("model_id"))
        .containsExactly("inf/m", "e/m", "g/m", "f/m", "e/other", "late/m");
    assertThat(m.top().get(0).keySet())
        .containsExactlyElementsOf(Miscalibration.columns(List.of("g"), LogBase.NATS));
    assertThat(m.tested()).containsExactly(Map.entry("m", 6L), Map.entry("other", 1L));
    assertThat(m.significant()).containsExactly(Map.entry("m", 5L), Map.entry("other", 1L));
    assertThat(m.what()).isEqualTo("(segment, model) pairs");
    Map<String, Object> json = m.json();
    assertThat(json.keySet())
        .containsExactly(
            "miscalibrated_ranked_by",
            "miscalibrated_significance",
            "miscalibrated_tested",
            "miscalibrated_total",
            "miscalibrated");
    assertThat(json.get("miscalibrated_tested")).isEqualTo(7L);
    assertThat(json.get("miscalibrated_total")).isEqualTo(6L);
    // An infinite z is the JSON string "Infinity" (Summaries' conventions).
    assertThat(new String(dev.klspark.spark.publish.Summaries.json(json), StandardCharsets.UTF_8))
        .contains("\"calibration_z\" : \"Infinity\"");
  }

  @Test
  void listsAtMostTenAndPrintsTheFirstTenOfTheCount() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      rows.add(row(String.format("s%02d", i), "m", 100, 10.0 - i / 2.0, 1e-6, 1e-5 * (i + 1)));
    }
    Miscalibration m =
        Miscalibration.of(spark.createDataFrame(rows, SCHEMA), List.of("g"), LogBase.NATS);
    assertThat(m.top()).hasSize(Miscalibration.TOP);
    assertThat(m.top().get(0).get("g")).isEqualTo("s00");
    assertThat(m.top().get(9).get("g")).isEqualTo("s09");
    assertThat(m.significantTotal()).isEqualTo(12);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MleConsole.printMiscalibration(new PrintStream(out, true, StandardCharsets.UTF_8), m);
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(0))
        .startsWith(
            "segments where the model is miscalibrated (log score), by evidence: 12 of 12 tested"
                + " segments")
        .endsWith("top 10 by calibration_p_value_adjusted, then |calibration_z|:");
    assertThat(lines).hasSize(1 + 1 + 10 + 1);
    // p-values with 3 significant digits, as kl-report prints them.
    assertThat(lines.get(2)).startsWith("s00").endsWith("  1.00e-05");
  }
}

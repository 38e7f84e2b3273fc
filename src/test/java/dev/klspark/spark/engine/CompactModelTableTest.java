package dev.klspark.spark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klspark.klreport.DivergenceReport;
import dev.klspark.klreport.ReportSpec;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.mle.MleReport;
import dev.klspark.mle.MleSpec;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.distribution.ModelTable;
import dev.klspark.spark.distribution.RowChecks;
import dev.klspark.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Compact model tables (one row per group: the probabilities as {@code map<string,double>}, or as
 * {@code array<double>} with the categories given once) give exactly the reports of the same model
 * in the long format, in kl-report and mle-report, and fail with the long format's messages.
 */
class CompactModelTableTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final List<String> CATEGORIES = List.of("x", "y", "z");

  private static Dataset<Row> rows() {
    return spark.sql(
        "SELECT * FROM VALUES ('A','x'),('A','x'),('A','y'),('A','z'),('B','x'),('B','z'),"
            + "('B',NULL),('C','y') AS t(g, c)");
  }

  private static Dataset<Row> longTable() {
    return spark.sql(
        "SELECT * FROM VALUES ('A','x',0.5D),('A','y',0.25D),('A','z',0.25D),"
            + "('B','x',0.9D),('B','y',0.1D),('B','z',0.0D) AS m(g, category, probability)");
  }

  private static Dataset<Row> mapTable() {
    return spark.sql(
        "SELECT * FROM VALUES ('A', map('x',0.5D,'y',0.25D,'z',0.25D)),"
            + " ('B', map('x',0.9D,'y',0.1D,'z',0.0D)) AS m(g, probability)");
  }

  private static Dataset<Row> arrayTable() {
    return ModelTable.withCategories(
        spark.sql(
            "SELECT * FROM VALUES ('A', array(0.5D,0.25D,0.25D)), ('B', array(0.9D,0.1D,0.0D))"
                + " AS m(g, probability)"),
        CATEGORIES);
  }

  private static List<Row> divergence(Dataset<Row> model) {
    ReportSpec spec =
        new ReportSpec(
            List.of("g"),
            new CategorySpec("c", null, null),
            null,
            null,
            new ReportSpec.Table(model, ModelTable.Normalization.STRICT),
            Smoothing.none(),
            LogBase.NATS);
    return DivergenceReport.build(rows(), spec).collectAsList();
  }

  private static List<Row> mle(Dataset<Row> model) {
    MleSpec spec =
        new MleSpec(
            List.of("g"),
            new CategorySpec("c", null, null),
            null,
            List.of(new MleSpec.Table("m", model, ModelTable.Normalization.STRICT)),
            LogBase.NATS);
    return MleReport.build(rows(), spec).collectAsList();
  }

  @Test
  void mapAndArrayTablesGiveTheLongTablesReports() {
    List<Row> expected = divergence(longTable());
    assertThat(expected).hasSize(3); // A, B ok; C missing_model
    assertThat(divergence(mapTable())).isEqualTo(expected);
    assertThat(divergence(arrayTable())).isEqualTo(expected);
    List<Row> expectedMle = mle(longTable());
    assertThat(mle(mapTable())).isEqualTo(expectedMle);
    assertThat(mle(arrayTable())).isEqualTo(expectedMle);
  }

  @Test
  void anArrayOfTheWrongSizeFailsNamingTheGroup() {
    Dataset<Row> bad =
        ModelTable.withCategories(
            spark.sql(
                "SELECT * FROM VALUES ('A', array(0.5D,0.5D)), ('B', array(0.9D,0.1D,0.0D))"
                    + " AS m(g, probability)"),
            CATEGORIES);
    assertThatThrownBy(() -> divergence(bad))
        .satisfies(
            e ->
                assertThat(RowChecks.message(e))
                    .isEqualTo(
                        "model table probability for group g=A has 2 entries; expected 3, one per"
                            + " category of [x, y, z]"));
  }

  @Test
  void aMapProbabilityOutOfRangeHasTheLongFormatsMessage() {
    Dataset<Row> bad =
        spark.sql("SELECT * FROM VALUES ('A', map('x',1.5D,'y',-0.5D)) AS m(g, probability)");
    assertThat(messageOf(() -> divergence(bad)))
        .startsWith("model table probability for group g=A, category 'x' is 1.5");
  }

  @Test
  void anArrayWithoutCategoriesIsAClearError() {
    Dataset<Row> noCategories =
        spark.sql("SELECT * FROM VALUES ('A', array(0.5D,0.5D)) AS m(g, probability)");
    assertThatThrownBy(() -> divergence(noCategories))
        .hasMessageContaining(
            "model table column 'probability' is an array but the table has no 'categories'"
                + " column");
  }

  @Test
  void aNullMapGivesItsGroupNoModelAndNullCategoriesAreAnError() {
    Dataset<Row> withNull =
        spark.sql(
            "SELECT * FROM VALUES ('A', map('x',0.5D,'y',0.25D,'z',0.25D)),"
                + " ('B', CAST(NULL AS map<string,double>)) AS m(g, probability)");
    List<Row> report = divergence(withNull);
    Row b = report.stream().filter(r -> r.getString(0).equals("B")).findFirst().orElseThrow();
    assertThat(b.getString(b.fieldIndex("status"))).isEqualTo("missing_model");
    Dataset<Row> nullCategories =
        spark.sql(
            "SELECT 'A' AS g, array(0.5D, 0.5D) AS probability,"
                + " CAST(NULL AS array<string>) AS categories");
    assertThatThrownBy(() -> divergence(nullCategories))
        .satisfies(
            e ->
                assertThat(RowChecks.message(e))
                    .isEqualTo(
                        "model table categories for group g=A are null; expected the category of"
                            + " each probability entry"));
  }

  @Test
  void duplicateAndNullCategoriesOfAnArrayHaveTheLongFormatsMessages() {
    Dataset<Row> duplicate =
        spark.sql(
            "SELECT 'A' AS g, array(0.5D, 0.25D, 0.25D) AS probability,"
                + " array('x', 'x', 'z') AS categories");
    Dataset<Row> duplicateLong =
        spark.sql(
            "SELECT * FROM VALUES ('A','x',0.5D),('A','x',0.25D),('A','z',0.25D)"
                + " AS m(g, category, probability)");
    assertThat(messageOf(() -> divergence(duplicate)))
        .isEqualTo(messageOf(() -> divergence(duplicateLong)))
        .isEqualTo(
            "model table lists category 'x' 2 times for group g=A; expected one row per group and"
                + " category");
    Dataset<Row> nullEntry =
        spark.sql(
            "SELECT 'A' AS g, array(0.5D, 0.5D) AS probability,"
                + " array('x', CAST(NULL AS string)) AS categories");
    assertThat(messageOf(() -> divergence(nullEntry)))
        .isEqualTo("model table has a null category for group g=A");
    Dataset<Row> nan =
        spark.sql("SELECT 'B' AS g, map('x', CAST('NaN' AS double), 'z', 1.0D) AS probability");
    assertThat(messageOf(() -> divergence(nan)))
        .isEqualTo(
            "model table probability for group g=B, category 'x' is NaN; expected a number in [0,"
                + " 1]");
  }

  /** The message of the {@link dev.klspark.KlsparkException} a failing report run throws. */
  private static String messageOf(Runnable failing) {
    try {
      failing.run();
    } catch (Exception e) { // Spark's SparkException is thrown unchecked
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof dev.klspark.KlsparkException k) {
          return k.getMessage();
        }
      }
      throw new AssertionError("no KlsparkException in the cause chain", e);
    }
    throw new AssertionError("expected a failure");
  }

  /**
   * Many groups over several partitions, some with categories the model lacks, some with model
   * entries never observed, groups on one side only: the compact tables (carried one row per group
   * through the per-group step) give the long table's report bit for bit.
   */
  @Test
  void compactTablesCarriedPerGroupGiveTheLongReportBitForBit() {
    Dataset<Row> rows =
        spark
            .range(0, 20_000, 1, 7)
            .selectExpr(
                "concat('g', CAST(id % 110 AS string)) AS g",
                "CASE WHEN id % 13 = 0 THEN 'w' ELSE element_at(array('x','y','z'),"
                    + " CAST(1 + (id * 7919) % 3 AS int)) END AS c");
    Dataset<Row> longModel =
        spark
            .range(3, 115)
            .selectExpr("concat('g', CAST(id AS string)) AS g")
            .crossJoin(
                spark.sql(
                    "SELECT * FROM VALUES ('x', 0.5D), ('y', 0.3D), ('z', 0.2D)"
                        + " AS q(category, probability)"))
            .where("g <> 'g5' OR category <> 'z'")
            .selectExpr(
                "g",
                "category",
                "CASE WHEN g = 'g5' AND category = 'x' THEN 0.7D ELSE"
                    + " probability END AS probability");
    Dataset<Row> mapModel =
        longModel
            .groupBy("g")
            .agg(
                org.apache
                    .spark
                    .sql
                    .functions
                    .map_from_entries(
                        org.apache.spark.sql.functions.collect_list(
                            org.apache.spark.sql.functions.struct("category", "probability")))
                    .as("probability"))
            .repartition(5);
    ReportSpec.Table longSide = new ReportSpec.Table(longModel, ModelTable.Normalization.STRICT);
    ReportSpec.Table mapSide = new ReportSpec.Table(mapModel, ModelTable.Normalization.STRICT);
    List<Row> expected = sorted(DivergenceReport.build(rows, spec(longSide)));
    List<Row> actual = sorted(DivergenceReport.build(rows, spec(mapSide)));
    assertThat(expected).hasSize(115);
    assertThat(actual).isEqualTo(expected);
    assertThat(expected.stream().map(r -> r.getString(r.fieldIndex("status"))).distinct())
        .contains("ok", "missing_data", "missing_model");
  }

  /** The compact table reaches the per-group step as one row per group: nothing explodes it. */
  @Test
  void aCompactTableIsNotExplodedBeforeTheShuffle() {
    String plan =
        DivergenceReport.build(
                rows(), spec(new ReportSpec.Table(mapTable(), ModelTable.Normalization.STRICT)))
            .queryExecution()
            .executedPlan()
            .toString();
    assertThat(plan).doesNotContain("Generate");
    String longPlan =
        DivergenceReport.build(
                rows(), spec(new ReportSpec.Table(longTable(), ModelTable.Normalization.STRICT)))
            .queryExecution()
            .executedPlan()
            .toString();
    assertThat(longPlan).doesNotContain("Generate");
  }

  private static ReportSpec spec(ReportSpec.Table model) {
    return new ReportSpec(
        List.of("g"),
        new CategorySpec("c", null, null),
        null,
        null,
        model,
        Smoothing.none(),
        LogBase.NATS);
  }

  private static List<Row> sorted(Dataset<Row> report) {
    return report.orderBy("g").collectAsList();
  }
}

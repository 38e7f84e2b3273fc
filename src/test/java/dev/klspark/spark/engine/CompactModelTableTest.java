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
    assertThatThrownBy(() -> divergence(bad))
        .satisfies(
            e ->
                assertThat(RowChecks.message(e))
                    .startsWith("model table probability for group g=A, category 'x' is 1.5"));
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
}

package dev.klspark.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klspark.KlsparkException;
import dev.klspark.spark.distribution.Buckets;
import dev.klspark.testing.SparkTestSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Bucket edges fixed on the first run and reused: quantile edges of a reference whose quantiles are
 * known by hand, the stored entry, reuse while the spec is unchanged, recomputation when it
 * changes, explicit splits as given, and the errors.
 */
class BucketEdgesTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final double INF = Double.POSITIVE_INFINITY;

  /** x = 1, 2, ..., 100 (bigint), c = x as a string, z = null, k = 7. */
  private static Dataset<Row> reference() {
    return spark.sql(
        "SELECT id AS x, CAST(id AS STRING) AS c, CAST(NULL AS DOUBLE) AS z, 7 AS k"
            + " FROM range(1, 101)");
  }

  private static MonitoredColumn quantiles(String name, int n) {
    return new MonitoredColumn(name, n, null);
  }

  @Test
  void quantileEdgesAreFixedFromTheReferenceAndStored() {
    // approxQuantile returns a value whose rank is within (p +- 0.001) * 100 = p * 100 +- 0.1 among
    // 1..100, i.e. exactly rank 25, 50, 75: the values 25, 50 and 75.
    BucketEdges.Resolution r =
        BucketEdges.resolve(List.of(quantiles("x", 4)), Map.of(), reference(), "2024-03-15", false);
    Buckets b = r.buckets().get("x");
    assertThat(b.splits()).containsExactly(-INF, 25.0, 50.0, 75.0, INF);
    assertThat(b.labels()).containsExactly("[-inf, 25)", "[25, 50)", "[50, 75)", "[75, inf]");
    assertThat(DriftFormat.splits(b)).isEqualTo("[-inf, 25, 50, 75, inf]");
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("spec", "quantiles:4");
    entry.put("splits", List.of("-Infinity", "25.0", "50.0", "75.0", "Infinity"));
    entry.put("fixed_on_report_date", "2024-03-15");
    entry.put("relative_error", 0.001);
    assertThat(r.store()).isEqualTo(Map.of("x", entry));
  }

  @Test
  void storedEdgesAreReusedUntilTheSpecChanges() {
    Map<String, Object> stored =
        BucketEdges.resolve(List.of(quantiles("x", 4)), Map.of(), reference(), "2024-03-01", false)
            .store();
    // A later reference that moved (x + 1000): the stored edges stay, the store is unchanged.
    Dataset<Row> moved = reference().selectExpr("x + 1000 AS x");
    BucketEdges.Resolution same =
        BucketEdges.resolve(List.of(quantiles("x", 4)), stored, moved, "2024-03-15", false);
    assertThat(same.buckets().get("x").splits()).containsExactly(-INF, 25.0, 50.0, 75.0, INF);
    assertThat(same.store()).isEqualTo(stored);
    // quantiles:2 is another spec: recomputed on the moved reference (median of 1001..1100 at
    // rank 50: 1050) and recorded with this date.
    BucketEdges.Resolution changed =
        BucketEdges.resolve(List.of(quantiles("x", 2)), stored, moved, "2024-03-15", false);
    assertThat(changed.buckets().get("x").splits()).containsExactly(-INF, 1050.0, INF);
    assertThat(((Map<?, ?>) changed.store().get("x")).get("fixed_on_report_date"))
        .isEqualTo("2024-03-15");
  }

  /**
   * With bucket-edges-date (pinned), stored edges are reused only when they were fixed on that
   * date; edges fixed on another date are recomputed from the reference given (that date's).
   */
  @Test
  void pinnedEdgesAreRecomputedWhenStoredOnAnotherDate() {
    Map<String, Object> stored =
        BucketEdges.resolve(List.of(quantiles("x", 4)), Map.of(), reference(), "2024-03-01", false)
            .store();
    Dataset<Row> moved = reference().selectExpr("x + 1000 AS x");
    BucketEdges.Resolution same =
        BucketEdges.resolve(List.of(quantiles("x", 4)), stored, moved, "2024-03-01", true);
    assertThat(same.store()).isEqualTo(stored);
    BucketEdges.Resolution other =
        BucketEdges.resolve(List.of(quantiles("x", 4)), stored, moved, "2024-02-01", true);
    assertThat(other.buckets().get("x").splits())
        .containsExactly(-INF, 1025.0, 1050.0, 1075.0, INF);
    assertThat(((Map<?, ?>) other.store().get("x")).get("fixed_on_report_date"))
        .isEqualTo("2024-02-01");
  }

  /**
   * Two runs of different dates at the same time (a history table): the second to write keeps the
   * first's entries, agrees when it computed the same edges, and refuses when its edges differ.
   */
  @Test
  void reconcileKeepsOtherRunsEdgesAndRefusesAConflict() {
    Map<String, Object> x1 = Map.of("spec", "quantiles:4", "splits", List.of("1"));
    Map<String, Object> x2 = Map.of("spec", "quantiles:4", "splits", List.of("2"));
    Map<String, Object> y1 = Map.of("spec", "quantiles:2", "splits", List.of("9"));
    // Nothing written meanwhile: ours.
    assertThat(BucketEdges.reconcile(Map.of(), Map.of(), Map.of("x", x1)))
        .isEqualTo(Map.of("x", x1));
    // Another run fixed y meanwhile: kept beside our x.
    assertThat(BucketEdges.reconcile(Map.of(), Map.of("y", y1), Map.of("x", x1)))
        .isEqualTo(Map.of("x", x1, "y", y1));
    // Another run fixed the same x edges: nothing to write.
    assertThat(BucketEdges.reconcile(Map.of(), Map.of("x", x1), Map.of("x", x1))).isNull();
    // Entries this run read and did not change are not ours to rewrite.
    assertThat(BucketEdges.reconcile(Map.of("x", x1), Map.of("x", x2), Map.of("x", x1))).isNull();
    // Different x edges by another run: a job error naming the column and the cure.
    assertThatThrownBy(() -> BucketEdges.reconcile(Map.of(), Map.of("x", x2), Map.of("x", x1)))
        .isInstanceOf(KlsparkException.class)
        .hasMessageContaining("column 'x'")
        .hasMessageContaining("bucket-edges-date");
  }

  @Test
  void explicitSplitsAndCategoricalColumnsNeedNoReference() {
    double[] sp = {-INF, 0, 15, INF};
    Buckets given = new Buckets(sp, List.of("early", "on_time", "late"));
    BucketEdges.Resolution r =
        BucketEdges.resolve(
            List.of(new MonitoredColumn("delay", 0, given), new MonitoredColumn("c", 0, null)),
            Map.of(),
            null, // never read
            "2024-03-15",
            false);
    assertThat(r.buckets()).containsOnlyKeys("delay");
    assertThat(r.buckets().get("delay")).isSameAs(given);
    assertThat(r.store()).isEmpty();
    assertThat(DriftFormat.splits(given)).isEqualTo("[-inf, 0, 15, inf]");
  }

  @Test
  void duplicateQuantilesCollapse() {
    // Every quantile of a constant column is 7: one inner split.
    BucketEdges.Resolution r =
        BucketEdges.resolve(
            List.of(quantiles("k", 10)), Map.of(), reference(), "2024-03-15", false);
    assertThat(r.buckets().get("k").splits()).containsExactly(-INF, 7.0, INF);
  }

  @Test
  void errorsNameTheColumn() {
    assertThatThrownBy(
            () ->
                BucketEdges.resolve(
                    List.of(quantiles("c", 4)), Map.of(), reference(), "2024-03-15", false))
        .isInstanceOf(KlsparkException.class)
        .hasMessage(
            "monitored column 'c' has type string; buckets: quantiles needs a numeric column");
    assertThatThrownBy(
            () ->
                BucketEdges.resolve(
                    List.of(quantiles("z", 4)), Map.of(), reference(), "2024-03-15", false))
        .isInstanceOf(KlsparkException.class)
        .hasMessage(
            "cannot fix the quantile bucket edges of column 'z' on 2024-03-15: the reference slice"
                + " has no non-null value of it");
  }
}

package dev.klspark.spark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.testing.SparkTestSession;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class PValueAdjustmentTest {
  private static final SparkSession spark = SparkTestSession.get();

  @Test
  void benjaminiHochbergMatchesScipyWithTiesAndUntestedRows() {
    Dataset<Row> report =
        spark
            .sql(
                "SELECT * FROM VALUES ('a', 0.01D), ('b', 0.04D), ('c', 0.03D), ('d', 0.04D),"
                    + " ('e', 0.5D), ('f', CAST(NULL AS DOUBLE)), ('g', 0.001D) AS t(k, p_value)")
            .repartition(3);
    Map<String, Double> adj = new HashMap<>();
    for (Row r :
        PValueAdjustment.benjaminiHochberg(report, "p_value", "p_value_adjusted", "k")
            .collectAsList()) {
      adj.put(r.getString(0), r.isNullAt(2) ? null : r.getDouble(2));
    }
    // scipy 1.17.1: stats.false_discovery_control([0.01, 0.04, 0.03, 0.04, 0.5, 0.001],
    // method="bh")
    // = [0.03, 0.048, 0.048, 0.048, 0.5, 0.006]; the null row is untested (not in m = 6).
    assertThat(adj.get("a")).isCloseTo(0.03, within(1e-15));
    assertThat(adj.get("b")).isCloseTo(0.048, within(1e-15));
    assertThat(adj.get("c")).isCloseTo(0.048, within(1e-15));
    assertThat(adj.get("d")).isCloseTo(0.048, within(1e-15));
    assertThat(adj.get("e")).isCloseTo(0.5, within(1e-15));
    assertThat(adj.get("f")).isNull();
    assertThat(adj.get("g")).isCloseTo(0.006, within(1e-15));
    // The same as the driver-side implementation.
    double[] driver =
        dev.klspark.math.BenjaminiHochberg.adjust(
            new double[] {0.01, 0.04, 0.03, 0.04, 0.5, 0.001});
    assertThat(driver[0]).isCloseTo(adj.get("a"), within(1e-15));
    assertThat(driver[5]).isCloseTo(adj.get("g"), within(1e-15));
  }
}

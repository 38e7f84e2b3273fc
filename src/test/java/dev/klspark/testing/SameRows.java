package dev.klspark.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * Two report tables with the same rows, computed by different paths (Spark sums the rows in an
 * order that depends on the partitioning): equal column names and values, doubles within 1e-12
 * relative, p-values within 1e-9 relative (a far-tail p-value moves with G by d ln p / dG ≈ −1/2,
 * so G equal to 1e-15 relative with G ~ 400 moves p by ~1e-12 relative; a normal p-value moves with
 * z by d ln p / dz ≈ −z, so the calibration test's p-value at z ~ 16 by ~z² · 1e-15).
 */
public final class SameRows {
  private SameRows() {}

  /**
   * @param skip columns not compared (e.g. {@code model_id} when the paths name the model apart)
   * @param what names the comparison in messages
   */
  public static void assertSameRows(
      List<Row> actual, List<Row> expected, Set<String> skip, String what) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    for (int i = 0; i < actual.size(); i++) {
      Row a = actual.get(i);
      Row e = expected.get(i);
      assertThat(a.schema().fieldNames()).as(what).containsExactly(e.schema().fieldNames());
      for (int c = 0; c < a.length(); c++) {
        String name = a.schema().fields()[c].name();
        if (skip.contains(name)) {
          continue;
        }
        String where = what + " " + name + " row " + i;
        if (a.get(c) instanceof Double x && e.get(c) instanceof Double y) {
          double tolerance = name.contains("p_value") ? 1e-9 : 1e-12;
          assertThat(x).as(where).isCloseTo(y, within(tolerance * Math.abs(y)));
        } else {
          assertThat(a.get(c)).as(where).isEqualTo(e.get(c));
        }
      }
    }
  }
}

package dev.klspark.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.math.Smoothing;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * {@link DriftStep#result}: the driver reads each (column, group)'s metrics from the binary row
 * Spark collects (an {@code UnsafeRow}, as {@code CollectedRows.each} hands it over), no external
 * {@code Row} in between. The oracle is the {@link DriftComparison.Result} the step computed on the
 * executor: every component must come back equal (doubles to the bit, null as null). No Spark
 * session: the row goes through Spark's own converters, as the step's does.
 */
class DriftStepResultTest {

  @Test
  void theCollectedRowReadsBackAsTheStepsResultAndSharesTheCategoriesTexts() {
    DriftComparison comparison = new DriftComparison(Smoothing.parse("additive:0.5"));
    Random random = new Random(7);
    List<String> names = List.of("SEA", "PDX", "LAX", "SFO", "東京", "");
    List<DriftComparison.Result> computed = new ArrayList<>();
    for (int g = 0; g < 200; g++) {
      List<DriftComparison.Cell> cells = new ArrayList<>();
      for (String n : names) {
        if (random.nextInt(4) > 0) {
          // Some categories on one side only (new or gone), some groups with no current rows.
          double current = g % 17 == 0 ? 0 : random.nextInt(3) == 0 ? 0 : random.nextInt(50);
          double reference = random.nextInt(3) == 0 ? 0 : random.nextInt(50);
          cells.add(new DriftComparison.Cell(n, current, reference));
        }
      }
      computed.add(comparison.compute(cells));
    }
    // Both kinds of results: metrics, and a status with a message and null metrics.
    assertThat(computed).anyMatch(r -> r.status() != null && r.klDivergence() == null);
    assertThat(computed).anyMatch(r -> r.klDivergence() != null && r.pValue() != null);
    assertThat(computed).anyMatch(r -> r.labels().size() == names.size());

    var toCatalyst = CatalystTypeConverters.createToCatalystConverter(DriftStep.RESULT);
    UnsafeProjection unsafe = UnsafeProjection.create(DriftStep.RESULT);
    Map<UTF8String, String> texts = new HashMap<>();
    List<DriftComparison.Result> read = new ArrayList<>();
    for (DriftComparison.Result m : computed) {
      InternalRow internal = (InternalRow) toCatalyst.apply(DriftStep.row(m));
      // The projection reuses its buffer for the next row: a text kept as a view into the row's
      // bytes, not a copy, would change under the map and fail the checks below.
      read.add(DriftStep.result(unsafe.apply(internal), texts));
    }

    for (int i = 0; i < computed.size(); i++) {
      assertSameResult(read.get(i), computed.get(i));
    }
    // Each category's text decoded once: the results share one String per category.
    assertThat(texts).hasSize(names.size());
    Map<String, String> seen = new HashMap<>();
    for (DriftComparison.Result r : read) {
      for (String label : r.labels()) {
        String first = seen.putIfAbsent(label, label);
        assertThat(first == null || first == label).as("one instance of '%s'", label).isTrue();
      }
    }
    // The keys own their bytes: equal to texts decoded from fresh bytes.
    for (Map.Entry<UTF8String, String> e : texts.entrySet()) {
      assertThat(e.getKey().toString()).isEqualTo(e.getValue());
    }
  }

  @Test
  void pastTheTextsKeptTheOthersAreDecodedForEachResultAndStillRight() {
    // Categories that do not repeat (ids): more distinct texts than the driver keeps.
    List<DriftComparison.Cell> cells = new ArrayList<>();
    for (int i = 0; i < DriftStep.TEXTS_KEPT + 1000; i++) {
      cells.add(new DriftComparison.Cell(String.format("id-%06d", i), 1 + i % 3, 1 + i % 5));
    }
    DriftComparison.Result m = new DriftComparison(Smoothing.parse("additive:0.5")).compute(cells);
    var toCatalyst = CatalystTypeConverters.createToCatalystConverter(DriftStep.RESULT);
    UnsafeProjection unsafe = UnsafeProjection.create(DriftStep.RESULT);
    Map<UTF8String, String> texts = new HashMap<>();
    DriftComparison.Result read =
        DriftStep.result(unsafe.apply((InternalRow) toCatalyst.apply(DriftStep.row(m))), texts);

    assertSameResult(read, m);
    assertThat(read.labels()).hasSize(DriftStep.TEXTS_KEPT + 1000);
    assertThat(texts).hasSize(DriftStep.TEXTS_KEPT);
  }

  /** Every record component equal: arrays element by element, boxed doubles to the bit. */
  static void assertSameResult(DriftComparison.Result actual, DriftComparison.Result expected) {
    for (RecordComponent c : DriftComparison.Result.class.getRecordComponents()) {
      Object a = value(c, actual);
      Object e = value(c, expected);
      boolean same =
          a instanceof double[] da && e instanceof double[] de
              ? Arrays.equals(da, de)
              : Objects.equals(a, e);
      assertThat(same).as("%s: %s against %s", c.getName(), show(a), show(e)).isTrue();
    }
  }

  private static Object value(RecordComponent c, Object record) {
    try {
      return c.getAccessor().invoke(record);
    } catch (ReflectiveOperationException ex) {
      throw new AssertionError(ex);
    }
  }

  private static String show(Object o) {
    return o instanceof double[] d ? Arrays.toString(d) : String.valueOf(o);
  }
}

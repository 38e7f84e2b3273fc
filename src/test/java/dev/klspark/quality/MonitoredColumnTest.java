package dev.klspark.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klspark.KlsparkException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code columns:} entries of a job file, the value-column form among them. */
class MonitoredColumnTest {

  private static Map<String, Object> entry(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void everyForm() {
    List<MonitoredColumn> c =
        MonitoredColumn.parse(
            List.of(
                "weather",
                entry("name", "delay", "buckets", "quantiles:10"),
                entry("name", "precipitation", "splits", List.of("-inf", 0.1, "inf")),
                entry("name", "temp_max", "compare", "values")));
    assertThat(c)
        .extracting(MonitoredColumn::spec)
        .containsExactly("categorical", "quantiles:10", "splits:[-inf, 0.1, inf]", "values");
    assertThat(c).extracting(MonitoredColumn::values).containsExactly(false, false, false, true);
    assertThat(c).extracting(MonitoredColumn::bucketed).containsExactly(false, true, true, false);
    assertThat(c.get(3)).isEqualTo(MonitoredColumn.valueColumn("temp_max"));
    // The three-argument form is a categorical or bucketed column.
    assertThat(new MonitoredColumn("x", 0, null).values()).isFalse();
  }

  @Test
  void mistakesAreOneMessageNamingTheEntry() {
    assertThatThrownBy(
            () -> MonitoredColumn.parse(List.of(entry("name", "temp_max", "compare", "value"))))
        .isInstanceOf(KlsparkException.class)
        .hasMessage(
            "columns: temp_max.compare = 'value'; expected compare: values (a numeric column"
                + " compared without buckets), compare: predictions (a predicted distribution per"
                + " row), or no compare key");
    assertThatThrownBy(
            () -> MonitoredColumn.parse(List.of(entry("name", "temp_max", "compare", null))))
        .hasMessageContaining("columns: temp_max.compare = 'null'; expected compare: values");
    for (String other : List.of("buckets", "splits", "labels")) {
      Object v = other.equals("buckets") ? "quantiles:4" : List.of(1, 2);
      assertThatThrownBy(
              () ->
                  MonitoredColumn.parse(
                      List.of(entry("name", "temp_max", "compare", "values", other, v))))
          .isInstanceOf(KlsparkException.class)
          .hasMessage(
              "columns: entry temp_max has both compare: values and "
                  + other
                  + "; a value column is compared without buckets: remove one of them");
    }
    assertThatThrownBy(
            () -> MonitoredColumn.parse(List.of(entry("name", "temp_max", "comapre", "values"))))
        .hasMessage(
            "columns: entry temp_max has unknown key 'comapre'; expected name, buckets, splits,"
                + " labels, compare");
    assertThatThrownBy(() -> MonitoredColumn.parse(List.of()))
        .hasMessageContaining("{name: COL, compare: values}");
    assertThatThrownBy(
            () -> new MonitoredColumn("x", 4, null, MonitoredColumn.Kind.VALUES, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void predictionColumnsWithAndWithoutALabelOrder() {
    List<MonitoredColumn> c =
        MonitoredColumn.parse(
            List.of(
                entry(
                    "name",
                    "probability",
                    "compare",
                    " predictions",
                    "labels",
                    List.of("drizzle", "fog", "rain")),
                entry("name", "by_label", "compare", "predictions")));
    assertThat(c)
        .extracting(MonitoredColumn::spec)
        .containsExactly("predictions:[drizzle, fog, rain]", "predictions");
    assertThat(c).extracting(MonitoredColumn::kind).containsOnly(MonitoredColumn.Kind.PREDICTIONS);
    assertThat(c.get(0))
        .isEqualTo(
            MonitoredColumn.predictionColumn("probability", List.of("drizzle", "fog", "rain")));
    assertThat(c.get(1).labels()).isEmpty();
    assertThat(c).extracting(MonitoredColumn::values).containsOnly(false);
    assertThat(c).extracting(MonitoredColumn::bucketed).containsOnly(false);
  }

  @Test
  void predictionColumnMistakesNameTheEntry() {
    for (String other : List.of("buckets", "splits")) {
      Object v = other.equals("buckets") ? "quantiles:4" : List.of(1, 2);
      assertThatThrownBy(
              () ->
                  MonitoredColumn.parse(
                      List.of(entry("name", "p", "compare", "predictions", other, v))))
          .isInstanceOf(KlsparkException.class)
          .hasMessage(
              "columns: entry p has both compare: predictions and "
                  + other
                  + "; a prediction column has no buckets (labels: the label order): remove one"
                  + " of them");
    }
    assertThatThrownBy(
            () ->
                MonitoredColumn.parse(
                    List.of(entry("name", "p", "compare", "predictions", "labels", List.of()))))
        .hasMessage(
            "columns: p.labels = '[]'; expected a non-empty list of the labels, in the order of"
                + " the prediction's entries");
    assertThatThrownBy(
            () ->
                MonitoredColumn.parse(
                    List.of(entry("name", "p", "compare", "predictions", "labels", "a, b"))))
        .hasMessageContaining("columns: p.labels = 'a, b'; expected a non-empty list");
    assertThatThrownBy(
            () ->
                MonitoredColumn.parse(
                    List.of(
                        entry("name", "p", "compare", "predictions", "labels", List.of("a", "a")))))
        .hasMessage("columns: p.labels = [a, a] repeats a label; expected distinct labels");
    assertThatThrownBy(
            () -> new MonitoredColumn("x", 0, null, MonitoredColumn.Kind.VALUES, List.of("a", "b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column x: only a prediction column has a label order");
  }
}

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
                + " compared without buckets), or no compare key");
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
    assertThatThrownBy(() -> new MonitoredColumn("x", 4, null, true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

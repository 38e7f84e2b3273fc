package dev.klspark.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klspark.KlsparkException;
import dev.klspark.math.Smoothing;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks of a data-quality run's settings and the parameters they record. */
class DriftSettingsTest {
  private static final LocalDate D = LocalDate.of(2024, 3, 15);

  private static DriftSettings settings(
      int minSampleSize, double level, int failGroups, int charts) {
    return new DriftSettings(
        D,
        "in.parquet",
        "parquet",
        null,
        "parquet",
        "date",
        List.of("origin"),
        MonitoredColumn.parse(List.of("cat")),
        new Slices("week", "previous-weeks:4", null, D),
        null,
        null,
        DriftSettings.smoothing("floor:1e-4"),
        minSampleSize,
        DriftSettings.significance("0.05"),
        level,
        DriftThresholds.parse(null, null, null),
        failGroups,
        false,
        DriftSettings.mainMetric("psi"),
        charts,
        "out",
        null,
        null);
  }

  @Test
  void parametersRecordTheResolvedValues() {
    var p = settings(100, 0.95, 1, 6).parameters();
    assertThat(p)
        .containsEntry("date", "2024-03-15")
        .containsEntry("columns", List.of("cat (categorical)"))
        .containsEntry("current_slice", "date in [2024-03-09, 2024-03-15]")
        .containsEntry("reference_slice", "date in [2024-02-10, 2024-03-08]")
        .containsEntry(
            "smoothing",
            "floor:1.0E-4 on both sides (G-test: raw current counts vs smoothed reference)")
        .containsEntry("significance", 0.05)
        .containsEntry("main_metric", "psi_nats");
  }

  @Test
  void valuesOutOfRangeAreNamed() {
    assertThatThrownBy(() -> settings(0, 0.95, 1, 6))
        .isInstanceOf(KlsparkException.class)
        .hasMessage("min-sample-size 0 is below 1; expected N >= 1");
    assertThatThrownBy(() -> settings(100, 1.0, 1, 6))
        .hasMessage("confidence-level 1.0 is not in (0, 1); expected e.g. 0.95");
    assertThatThrownBy(() -> settings(100, 0.95, 0, 6))
        .hasMessage("fail-run-groups 0 is below 1; expected N >= 1");
    assertThatThrownBy(() -> settings(100, 0.95, 1, -1))
        .hasMessage("chart-groups -1 is negative; expected N >= 0");
  }

  @Test
  void grammarsOfTheTextSettings() {
    assertThat(DriftSettings.significance(" none ")).isNull();
    assertThat(DriftSettings.significance("1")).isEqualTo(1.0);
    assertThatThrownBy(() -> DriftSettings.significance("0"))
        .hasMessage("significance '0'; expected a level in (0, 1] or none");
    assertThat(DriftSettings.date(" 2024-02-29 ")).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThatThrownBy(() -> DriftSettings.date("2023-02-29"))
        .hasMessage("date '2023-02-29' is not an ISO date; expected YYYY-MM-DD");
    assertThatThrownBy(() -> DriftSettings.date(null)).hasMessageStartingWith("no date");
    assertThatThrownBy(() -> DriftSettings.requireInput(null)).hasMessageStartingWith("no input");
    assertThat(DriftSettings.smoothing("none")).isInstanceOf(Smoothing.class);
    assertThatThrownBy(() -> DriftSettings.mainMetric("psy"))
        .isInstanceOf(KlsparkException.class)
        .hasMessageStartingWith("main-metric: unknown metric 'psy'");
    assertThat(DriftSettings.mainMetric("hellinger")).isEqualTo(DriftMetric.HELLINGER_DISTANCE);
  }
}

package dev.klspark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klspark.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A setting's key and default, read through JobSettings' precedence, and its help text. */
class SettingTest {
  private static final Setting<Integer> TOP = Setting.integer("top", 20);
  private static final Setting<String> UNIT = Setting.string("unit", "nats");
  private static final Setting<String> OUTPUT = Setting.path("output", "output/x");
  private static final Setting<Double> LEVEL = Setting.number("confidence-level", 0.95);
  private static final Setting<Boolean> RENORMALIZE = Setting.bool("renormalize", false);
  private static final Setting<List<String>> GROUP_BY = Setting.columnNames("group-by");

  @TempDir Path tmp;

  @Test
  void flagBeatsFileBeatsDefault() throws IOException {
    Path f = tmp.resolve("conf/job.yaml");
    Files.createDirectories(f.getParent());
    Files.writeString(f, "unit: bits\ntop: 5\noutput: out\ngroup-by: [a b, c.d]\n");
    List<Setting<?>> all = List.of(TOP, UNIT, OUTPUT, LEVEL, RENORMALIZE, GROUP_BY);
    JobSettings s = JobSettings.of(Map.of("top", 7), f, Setting.keys(all));
    assertThat(TOP.from(s)).isEqualTo(7);
    assertThat(UNIT.from(s)).isEqualTo("bits");
    assertThat(OUTPUT.from(s)).isEqualTo(tmp.resolve("conf/out").toString());
    assertThat(LEVEL.from(s)).isEqualTo(0.95);
    assertThat(RENORMALIZE.from(s)).isFalse();
    assertThat(RENORMALIZE.isSetIn(s)).isFalse();
    assertThat(GROUP_BY.from(s)).containsExactly("a b", "c.d");
    assertThat(TOP.flag()).isEqualTo("--top");
  }

  @Test
  void aValueOfTheWrongTypeNamesWhereItCameFrom() {
    JobSettings s = JobSettings.of(Map.of("top", "many"), null, Setting.keys(List.of(TOP)));
    assertThatThrownBy(() -> TOP.from(s))
        .isInstanceOf(UsageException.class)
        .hasMessage("--top = 'many' is not an integer");
  }

  @Test
  void theHelpShowsTheDefaultAsAUserWouldTypeIt() {
    assertThat(TOP.defaultText()).isEqualTo("20");
    assertThat(Setting.number("min-n", 0.0).defaultText()).isEqualTo("0");
    assertThat(LEVEL.defaultText()).isEqualTo("0.95");
    assertThat(Setting.number("tolerance", 1e-12).defaultText()).isEqualTo("1e-12");
    assertThat(Setting.string("weight", null).defaultText()).isNull();
    assertThat(GROUP_BY.defaultText()).isNull();
    assertThat(RENORMALIZE.defaultText()).isEqualTo("false");
  }

  @Test
  void aKeyIsDeclaredOnceAndIsALongFlagName() {
    assertThatThrownBy(() -> Setting.keys(List.of(TOP, Setting.integer("top", 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("setting 'top' is declared twice");
    assertThatThrownBy(() -> Setting.string("--top", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a long flag name");
  }
}

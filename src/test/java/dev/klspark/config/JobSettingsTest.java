package dev.klspark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klspark.KlsparkException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Precedence flag > job file > default, path resolution, and job-file errors. */
class JobSettingsTest {
  private static final Set<String> KEYS = Set.of("input", "unit", "group-by", "top", "renormalize");

  @TempDir Path tmp;

  private Path file(String yaml) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("conf"));
    Path f = dir.resolve("job.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void aMappingIsLayeredKeyByKey() throws IOException {
    Set<String> keys = Set.of("spark-conf");
    Path f = file("spark-conf:\n  spark.a: 1\n  spark.b: file\n");
    JobSettings s = JobSettings.of(Map.of("spark-conf", Map.of("spark.b", "flag")), f, keys);
    assertThat(s.map("spark-conf"))
        .containsExactly(Map.entry("spark.a", "1"), Map.entry("spark.b", "flag"));
    assertThat(s.fromFlag("spark-conf")).isTrue();
    assertThat(JobSettings.of(Map.of(), null, keys).map("spark-conf")).isEmpty();
    assertThatThrownBy(
            () -> JobSettings.of(Map.of(), file("spark-conf: x\n"), keys).map("spark-conf"))
        .isInstanceOf(dev.klspark.UsageException.class)
        .hasMessage("spark-conf must be a mapping of keys to values, not 'x'");
  }

  @Test
  void flagBeatsFileBeatsDefault() throws IOException {
    Path f = file("unit: bits\ntop: 5\ngroup-by: [a b, c.d]\n");
    JobSettings s = JobSettings.of(Map.of("top", 7), f, KEYS);
    assertThat(s.integer("top", 20)).isEqualTo(7);
    assertThat(s.string("unit", "nats")).isEqualTo("bits");
    assertThat(s.bool("renormalize", false)).isFalse();
    assertThat(s.list("group-by")).containsExactly("a b", "c.d");
    assertThat(JobSettings.of(Map.of("group-by", "x, y"), f, KEYS).list("group-by"))
        .containsExactly("x", "y");
  }

  @Test
  void jobFilePathsResolveAgainstTheJobFile() throws IOException {
    Path f = file("input: ../data/x.parquet\n");
    assertThat(JobSettings.of(Map.of(), f, KEYS).path("input", null))
        .isEqualTo(tmp.resolve("data/x.parquet").toString());
    assertThat(JobSettings.of(Map.of("input", "rel/y"), f, KEYS).path("input", null))
        .isEqualTo("rel/y");
    assertThat(JobSettings.of(Map.of(), file("input: hdfs:///d\n"), KEYS).path("input", null))
        .isEqualTo("hdfs:///d");
  }

  @Test
  void unknownKeysAndBadValuesAreErrors() throws IOException {
    assertThatThrownBy(() -> JobSettings.of(Map.of(), file("units: bits\n"), KEYS))
        .isInstanceOf(KlsparkException.class)
        .hasMessageContaining("has unknown key(s) [units]; known keys: [group-by, input,");
    assertThatThrownBy(() -> JobSettings.of(Map.of(), file("top: many\n"), KEYS).integer("top", 1))
        .hasMessageEndingWith(
            "top in " + tmp.resolve("conf/job.yaml") + " = 'many' is not an integer");
    assertThatThrownBy(() -> JobSettings.of(Map.of(), file("- a\n- b\n"), KEYS))
        .hasMessageContaining("must hold a mapping of keys to values");
    assertThatThrownBy(() -> JobSettings.of(Map.of(), tmp.resolve("missing.yaml"), KEYS))
        .hasMessageEndingWith("missing.yaml does not exist or is not readable");
    assertThatThrownBy(() -> JobSettings.of(Map.of(), file("a: [\n"), KEYS))
        .hasMessageContaining("is not valid YAML/JSON");
  }
}

package dev.klspark.bench;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.cli.ExitCodes;
import dev.klspark.datagen.GroupIdType;
import dev.klspark.datagen.SyntheticDataWriter;
import dev.klspark.datagen.SyntheticSpec;
import dev.klspark.datagen.ValueColumn;
import dev.klspark.math.KlDivergence;
import dev.klspark.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateDataJobTest {
  private static final int GROUPS = 6;
  private static final int CATEGORIES = 10;
  private static final long ROWS = 200_000;

  @TempDir static Path tmp;
  private static SparkSession spark;
  private static Path base;

  static SyntheticSpec spec(long seed, double groupSkew, double hot, ValueColumn value) {
    return new SyntheticSpec(
        ROWS, GROUPS, CATEGORIES, groupSkew, 1.0, hot, value, GroupIdType.STRING, seed, 3);
  }

  @BeforeAll
  static void generate() {
    spark = SparkTestSession.get();
    base = tmp.resolve("base");
    SyntheticDataWriter.write(
        spark,
        new SyntheticDataWriter.Options(
            spec(42, 0.0, 0.0, ValueColumn.NORMAL), base.toString(), false));
  }

  @Test
  void writesTheRequestedRowsGroupsAndModel() throws IOException {
    Dataset<Row> rows = spark.read().parquet(base.resolve("rows").toString());
    assertThat(rows.columns()).containsExactly("group_id", "category", "value");
    assertThat(rows.count()).isEqualTo(ROWS);
    assertThat(rows.select("group_id").distinct().count()).isEqualTo(GROUPS);
    assertThat(rows.select("category").distinct().count()).isEqualTo(CATEGORIES);
    Dataset<Row> model = spark.read().parquet(base.resolve("model").toString());
    assertThat(model.columns()).containsExactly("group_id", "category", "probability");
    assertThat(model.count()).isEqualTo((long) GROUPS * CATEGORIES);
    // One file per requested partition.
    assertThat(partFiles(base.resolve("rows"))).hasSize(3);
  }

  @Test
  void modelSumsToOnePerGroup() {
    List<Row> sums =
        spark
            .read()
            .parquet(base.resolve("model").toString())
            .groupBy("group_id")
            .agg(sum("probability").as("s"), count("*").as("k"))
            .collectAsList();
    assertThat(sums).hasSize(GROUPS);
    for (Row r : sums) {
      assertThat(r.getDouble(1)).as("sum of %s", r.get(0)).isCloseTo(1.0, within(1e-12));
      assertThat(r.getLong(2)).isEqualTo(CATEGORIES);
    }
  }

  /**
   * Per group, the G statistic 2 n KL(P̂ || Q) of the drawn categories against the model table is
   * asymptotically chi-square with K - 1 degrees of freedom when the rows follow the model (Wilks);
   * it must stay below the 1 - 1e-6 quantile (about 45 for 9 df), and KL itself near (K-1)/(2n).
   */
  @Test
  void categoriesFollowTheModelTablePerGroup() {
    Map<String, double[]> counts = new HashMap<>();
    Map<String, double[]> model = new HashMap<>();
    for (Row r :
        spark
            .read()
            .parquet(base.resolve("rows").toString())
            .groupBy("group_id", "category")
            .count()
            .collectAsList()) {
      counts.computeIfAbsent(r.getString(0), g -> new double[CATEGORIES])[index(r.getString(1))] =
          r.getLong(2);
    }
    for (Row r : spark.read().parquet(base.resolve("model").toString()).collectAsList()) {
      model.computeIfAbsent(r.getString(0), g -> new double[CATEGORIES])[index(r.getString(1))] =
          r.getDouble(2);
    }
    assertThat(counts.keySet()).isEqualTo(model.keySet());
    double critical =
        new ChiSquaredDistribution(CATEGORIES - 1).inverseCumulativeProbability(1 - 1e-6);
    for (String g : counts.keySet()) {
      double[] c = counts.get(g);
      double n = java.util.Arrays.stream(c).sum();
      double[] p = java.util.Arrays.stream(c).map(x -> x / n).toArray();
      double kl = KlDivergence.of(p, model.get(g));
      assertThat(2 * n * kl).as("G statistic of %s", g).isLessThan(critical);
      assertThat(kl).as("KL of %s", g).isLessThan(10.0 * (CATEGORIES - 1) / (2 * n));
    }
  }

  @Test
  void valueColumnIsCenteredOnTheCategoryIndex() {
    for (Row r :
        spark
            .read()
            .parquet(base.resolve("rows").toString())
            .groupBy("category")
            .agg(avg("value"), count("*"))
            .collectAsList()) {
      double se = 1.0 / Math.sqrt(r.getLong(2));
      assertThat(r.getDouble(1)).isCloseTo(index(r.getString(0)), within(6 * se));
    }
  }

  @Test
  void sameSpecAndSeedGiveByteIdenticalFilesAndAnotherSeedDoesNot() throws IOException {
    Path again = tmp.resolve("again");
    SyntheticDataWriter.write(
        spark,
        new SyntheticDataWriter.Options(
            spec(42, 0.0, 0.0, ValueColumn.NORMAL), again.toString(), false));
    for (String table : List.of("rows", "model")) {
      List<Path> a = partFiles(base.resolve(table));
      List<Path> b = partFiles(again.resolve(table));
      assertThat(b).hasSameSizeAs(a);
      for (int i = 0; i < a.size(); i++) {
        assertThat(Files.readAllBytes(b.get(i)))
            .as("%s part %d", table, i)
            .isEqualTo(Files.readAllBytes(a.get(i)));
      }
    }
    Path other = tmp.resolve("other-seed");
    SyntheticDataWriter.write(
        spark,
        new SyntheticDataWriter.Options(
            spec(43, 0.0, 0.0, ValueColumn.NORMAL), other.toString(), false));
    Dataset<Row> x = spark.read().parquet(base.resolve("rows").toString());
    Dataset<Row> y = spark.read().parquet(other.resolve("rows").toString());
    assertThat(x.exceptAll(y).count()).isGreaterThan(ROWS / 2);
  }

  @Test
  void hotGroupHoldsTheRequestedFractionAndSkewOrdersTheOthers() {
    Path hot = tmp.resolve("hot");
    SyntheticDataWriter.write(
        spark,
        new SyntheticDataWriter.Options(
            spec(7, 1.0, 0.5, ValueColumn.NONE), hot.toString(), false));
    Dataset<Row> rows = spark.read().parquet(hot.resolve("rows").toString());
    assertThat(rows.columns()).containsExactly("group_id", "category");
    Map<String, Long> sizes =
        rows.groupBy("group_id").count().collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    // sd of the share is sqrt(0.25 / 2e5) ~ 0.0011.
    assertThat(sizes.get("g0") / (double) ROWS).isCloseTo(0.5, within(0.005));
    // Zipf(1) over ranks 1..5: group 1 expects 5x the rows of group 5.
    assertThat(sizes.get("g1") / (double) sizes.get("g5")).isCloseTo(5.0, within(0.3));
  }

  @Test
  void refusesAnExistingOutputUnlessOverwriteIsGiven() {
    SyntheticSpec small =
        new SyntheticSpec(100, 2, 2, 0, 0, 0, ValueColumn.NONE, GroupIdType.LONG, 1, 0);
    assertThatThrownBy(
            () ->
                SyntheticDataWriter.write(
                    spark, new SyntheticDataWriter.Options(small, base.toString(), false)))
        .isInstanceOf(dev.klspark.UsageException.class)
        .hasMessageContaining("--output: file:" + base)
        .hasMessageContaining("already holds generated data; pass --overwrite");
    Path replaced = tmp.resolve("replaced");
    SyntheticDataWriter.write(
        spark, new SyntheticDataWriter.Options(small, replaced.toString(), false));
    SyntheticDataWriter.write(
        spark, new SyntheticDataWriter.Options(small, replaced.toString(), true));
    assertThat(spark.read().parquet(replaced.resolve("rows").toString()).count()).isEqualTo(100);
  }

  @Test
  void longGroupIds() {
    Path longIds = tmp.resolve("long-ids");
    SyntheticSpec s =
        new SyntheticSpec(1000, 3, 2, 0, 0, 0, ValueColumn.NONE, GroupIdType.LONG, 1, 0);
    SyntheticDataWriter.write(spark, new SyntheticDataWriter.Options(s, longIds.toString(), false));
    Dataset<Row> model = spark.read().parquet(longIds.resolve("model").toString());
    assertThat(model.schema().apply("group_id").dataType().typeName()).isEqualTo("long");
    assertThat(model.orderBy(col("group_id"), col("category")).collectAsList().get(0).getLong(0))
        .isZero();
  }

  @Test
  void commandLineRejectsBadFlagsNamingFlagAndValueBeforeStartingSpark() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    var cmd = GenerateDataJob.commandLine();
    cmd.setErr(new PrintWriter(err, true));
    assertThat(cmd.execute("--output", "/nonexistent", "--groups", "0")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--groups = 0; expected at least 1 group");
    err.reset();
    assertThat(cmd.execute("--output", "/x", "--rows", "ten")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--rows").contains("'ten' is not a whole number");
  }

  @Test
  void countsAcceptScientificAndUnderscoreNotation() {
    var cmd = GenerateDataJob.commandLine();
    cmd.parseArgs("--output", "/x", "--rows", "1e7", "--value-column", "normal");
    GenerateDataJob job = cmd.getCommand();
    assertThat(job.toOptions().spec().rows()).isEqualTo(10_000_000L);
    assertThat(job.toOptions().spec().valueColumn()).isEqualTo(ValueColumn.NORMAL);
    cmd.parseArgs("--output", "/x", "--rows", "2_500");
    assertThat(((GenerateDataJob) cmd.getCommand()).rows).isEqualTo(2500L);
  }

  private static int index(String category) {
    return Integer.parseInt(category.substring(1));
  }

  private static List<Path> partFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      // Part file names carry a random job UUID; order them by their part number.
      return files
          .filter(f -> f.getFileName().toString().startsWith("part-"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void overwriteNeverDeletesAUsersDirectory() throws IOException {
    Path user = tmp.resolve("user");
    Files.createDirectories(user.resolve("rows"));
    Files.writeString(user.resolve("rows/ch1.txt"), "thesis");
    Map<String, String> before = dev.klspark.testing.Checksums.of(user);
    SyntheticSpec small =
        new SyntheticSpec(100, 2, 2, 0, 0, 0, ValueColumn.NONE, GroupIdType.LONG, 1, 0);
    assertThatThrownBy(
            () ->
                SyntheticDataWriter.write(
                    spark, new SyntheticDataWriter.Options(small, user.toString(), true)))
        .hasMessageContaining("exists and is not a gen-data output (holds rows/)");
    assertThat(dev.klspark.testing.Checksums.of(user)).isEqualTo(before);
    assertThatThrownBy(
            () ->
                SyntheticDataWriter.write(spark, new SyntheticDataWriter.Options(small, "/", true)))
        .hasMessageContaining("is the root of a file system");
  }
}

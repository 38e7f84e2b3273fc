package dev.klspark.spark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@link GroupStream} on a handful of cells spread over three partitions before the shuffle: each
 * group's cells, wherever they start, reach the per-group step together and in order; a null group
 * key is a group of its own; a group with no observed rows or no model gets its status; an empty
 * input gives no row.
 */
class GroupStreamTest {
  private static final SparkSession spark = SparkTestSession.get();

  private static final StructType CELLS =
      new StructType()
          .add("g", DataTypes.StringType, true)
          .add("category", DataTypes.StringType, true)
          .add("observed", DataTypes.DoubleType, false)
          .add("model", DataTypes.DoubleType, true);

  /**
   * Group a: observed (x 6, y 3, z 1) and 2 null values against reference counts (x 5, y 4, z 1);
   * the null group: (x 2, y 2) against (x 1, y 3); group e: reference rows only; group m: observed
   * rows only.
   */
  private static Dataset<Row> cells() {
    List<Row> rows =
        List.of(
            RowFactory.create("a", "z", 1.0, 1.0),
            RowFactory.create(null, "y", 2.0, 3.0),
            RowFactory.create("a", "x", 6.0, 5.0),
            RowFactory.create("e", "x", 0.0, 4.0),
            RowFactory.create("a", null, 2.0, null),
            RowFactory.create(null, "x", 2.0, 1.0),
            RowFactory.create("a", "y", 3.0, 4.0),
            RowFactory.create("m", "x", 3.0, null));
    // Round-robin over 3 partitions: group a's four cells start in different partitions.
    return spark.createDataFrame(rows, CELLS).repartition(3);
  }

  private static Map<String, Row> byGroup(Dataset<Row> out) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : out.collectAsList()) {
      assertThat(m.put(r.isNullAt(0) ? "<null>" : r.getString(0), r.getStruct(1))).isNull();
    }
    return m;
  }

  @Test
  void groupsSpanningPartitionsAreComparedWhole() {
    Dataset<Row> in = cells();
    long partitionsOfA =
        in.where("g = 'a'").select(functions.spark_partition_id()).distinct().count();
    assertThat(partitionsOfA).isGreaterThan(1);

    GroupComparison cmp =
        new GroupComparison(
            GroupComparison.ModelInput.REFERENCE_COUNTS, Smoothing.parse("none"), LogBase.NATS);
    Map<String, Row> out =
        byGroup(standard(in, List.of("g"), null).keyLabels(List.of("g")).compare(cmp));
    assertThat(out).containsOnlyKeys("a", "<null>", "e", "m");

    // scipy 1.17.1, p = (.6, .3, .1), q = (.5, .4, .1): stats.entropy(p) = 0.8979457248567798,
    // -(p * np.log(q)).sum() = 0.9210340371976184, stats.entropy(p, q) = 0.023088312340838635,
    // stats.entropy(q, p) = 0.02391205058373494, spatial.distance.jensenshannon(p, q) ** 2 =
    // 0.005859544696623507.
    Row a = out.get("a");
    assertThat(a.<String>getAs("status")).isEqualTo("ok");
    assertThat(a.<Double>getAs("n")).isEqualTo(10.0);
    assertThat(a.<Double>getAs("null_count")).isEqualTo(2.0);
    assertThat(a.<Integer>getAs("k_observed")).isEqualTo(3);
    assertThat(a.<Double>getAs("entropy")).isCloseTo(0.8979457248567798, within(1e-15));
    assertThat(a.<Double>getAs("cross_entropy")).isCloseTo(0.9210340371976184, within(1e-15));
    assertThat(a.<Double>getAs("kl_divergence")).isCloseTo(0.023088312340838635, within(1e-15));
    assertThat(a.<Double>getAs("reverse_kl_divergence"))
        .isCloseTo(0.02391205058373494, within(1e-15));
    assertThat(a.<Double>getAs("js_divergence")).isCloseTo(0.005859544696623507, within(1e-15));

    // The null key is a group: p = (.5, .5), q = (.25, .75): stats.entropy(p, q) =
    // 0.14384103622589045, jensenshannon(p, q) ** 2 = 0.03382207556860521 (scipy 1.17.1).
    Row nullGroup = out.get("<null>");
    assertThat(nullGroup.<String>getAs("status")).isEqualTo("ok");
    assertThat(nullGroup.<Double>getAs("n")).isEqualTo(4.0);
    assertThat(nullGroup.<Double>getAs("kl_divergence"))
        .isCloseTo(0.14384103622589045, within(1e-15));
    assertThat(nullGroup.<Double>getAs("js_divergence"))
        .isCloseTo(0.03382207556860521, within(1e-15));

    // No observed rows: missing_data; no model: missing_model; no numbers for either.
    Row e = out.get("e");
    assertThat(e.<String>getAs("status")).isEqualTo("missing_data");
    assertThat(e.<Double>getAs("n")).isEqualTo(0.0);
    assertThat(e.isNullAt(e.fieldIndex("kl_divergence"))).isTrue();
    Row m = out.get("m");
    assertThat(m.<String>getAs("status")).isEqualTo("missing_model");
    assertThat(m.<Double>getAs("n")).isEqualTo(3.0);
    assertThat(m.<String>getAs("message")).isEqualTo("no model for this group");
  }

  /** A step that writes down what it was handed: the categories in order and the group's name. */
  private static final class Recorder implements GroupStream.Step {
    private static final long serialVersionUID = 1L;

    @Override
    public StructType resultType() {
      return new StructType()
          .add("order", DataTypes.StringType, false)
          .add("group", DataTypes.StringType, false)
          .add("observed", DataTypes.DoubleType, false);
    }

    @Override
    public Row compute(List<GroupComparison.Cell> cells, String group) {
      List<String> order = new ArrayList<>();
      double observed = 0;
      for (GroupComparison.Cell c : cells) {
        order.add(String.valueOf(c.category()));
        observed += c.observed();
      }
      return RowFactory.create(String.join(",", order), group, observed);
    }
  }

  @Test
  void aStepSeesEachGroupOnceInRankThenCategoryOrder() {
    // Bucket-like categories whose rank differs from their alphabetical order.
    Dataset<Row> in =
        cells()
            .withColumn(
                "rank",
                functions
                    .when(functions.col("category").equalTo("y"), 1)
                    .when(functions.col("category").equalTo("z"), 2)
                    .when(functions.col("category").equalTo("x"), 3));
    Map<String, Row> ranked = byGroup(standard(in, List.of("g"), "rank").stream(new Recorder()));
    // The null category has a null rank: first, as Spark sorts nulls in ascending order.
    assertThat(ranked.get("a").<String>getAs("order")).isEqualTo("null,y,z,x");
    assertThat(ranked.get("a").<Double>getAs("observed")).isEqualTo(12.0);
    assertThat(ranked.get("<null>").<String>getAs("order")).isEqualTo("y,x");
    // Without key labels, a group is named by its values alone (ModelTable.describeGroup).
    assertThat(ranked.get("a").<String>getAs("group")).isEqualTo("group a");
    assertThat(ranked.get("<null>").<String>getAs("group")).isEqualTo("group null");

    Map<String, Row> byCategory = byGroup(standard(in, List.of("g"), null).stream(new Recorder()));
    assertThat(byCategory.get("a").<String>getAs("order")).isEqualTo("null,x,y,z");
  }

  @Test
  void noCellsNoRows() {
    Dataset<Row> empty = spark.createDataFrame(List.of(), CELLS);
    assertThat(standard(empty, List.of("g"), null).stream(new Recorder()).count()).isZero();
    // Without keys, the whole input is one group: here the one row of the recorder.
    Row all = standard(cells(), List.of(), null).stream(new Recorder()).first().getStruct(0);
    assertThat(all.<Double>getAs("observed")).isEqualTo(19.0);
    assertThat(all.<String>getAs("group")).isEqualTo("the single group");
  }

  @Test
  void groupsWhoseHashesCollideAreStillComparedWholeAndApart() {
    // Every group gets the same sort hash (and then one of two), so different groups' cells are
    // interleaved in one run of equal hashes; each group must still reach the step once, whole
    // and in category order, exactly as with the real hash.
    Map<String, Row> expected =
        byGroup(standard(cells(), List.of("g"), null).stream(new Recorder()));
    for (Column hash :
        List.of(
            functions.lit(7L),
            functions.coalesce(functions.length(functions.col("g")), functions.lit(0)))) {
      Map<String, Row> collided =
          byGroup(standard(cells(), List.of("g"), null).hash(hash).stream(new Recorder()));
      assertThat(collided).isEqualTo(expected);
    }
    assertThat(expected.get("a").<String>getAs("order")).isEqualTo("null,x,y,z");
  }

  @Test
  void cellsAddedUpAsReadStayTheirGroupsWhenHashesCollide() {
    // A compact model's row per group (ModelTable.CELLS_TYPE) and observed counts in parts,
    // compared
    // by GroupComparison, whose cells are added up per category as they are read (MergedCells).
    // With one hash for every row (then one of two), a task holds several groups' sums at once;
    // every group's row must be the one it gets alone. Eight groups over three partitions.
    StructType schema =
        CELLS.add(
            "cells",
            org.apache.spark.sql.types.DataType.fromDDL(
                dev.klspark.spark.distribution.ModelTable.CELLS_TYPE),
            true);
    java.util.Random random = new java.util.Random(5);
    List<Row> rows = new ArrayList<>();
    List<String> categories = List.of("x", "y", "z", "w");
    for (int g = 0; g < 8; g++) {
      double[] q = {random.nextDouble(), random.nextDouble(), random.nextDouble(), 0.0};
      double sum = q[0] + q[1] + q[2];
      q[0] /= sum;
      q[1] /= sum;
      q[2] = 1.0 - q[0] - q[1];
      if (g != 7) { // group g7: no model
        rows.add(
            RowFactory.create(
                "g" + g,
                null,
                0.0,
                null,
                RowFactory.create(categories, List.of(q[0], q[1], q[2], q[3]))));
      }
      for (int part = 0; part < 6; part++) {
        String c = categories.get(random.nextInt(3));
        rows.add(RowFactory.create("g" + g, c, (double) (1 + random.nextInt(9)), null, null));
      }
    }
    java.util.Collections.shuffle(rows, random);
    Dataset<Row> in = spark.createDataFrame(rows, schema).repartition(3);
    GroupComparison cmp =
        new GroupComparison(
                GroupComparison.ModelInput.PROBABILITIES,
                Smoothing.parse("none"),
                LogBase.NATS,
                dev.klspark.spark.distribution.ModelTable.Normalization.STRICT)
            .withEvidence(0.95);
    Map<String, Row> alone =
        byGroup(standard(in, List.of("g"), null).modelCells("cells").compare(cmp));
    assertThat(alone).hasSize(8);
    assertThat(alone.get("g0").<String>getAs("status")).isEqualTo("ok");
    assertThat(alone.get("g0").<Double>getAs("kl_divergence")).isPositive();
    assertThat(alone.get("g0").<Integer>getAs("k_model")).isEqualTo(3);
    assertThat(alone.get("g7").<String>getAs("status")).isEqualTo("missing_model");
    for (Column hash :
        List.of(
            functions.lit(7L), functions.substring(functions.col("g"), 2, 1).cast("long").mod(2))) {
      Map<String, Row> collided =
          byGroup(standard(in, List.of("g"), null).modelCells("cells").hash(hash).compare(cmp));
      assertThat(collided).isEqualTo(alone);
    }
  }

  @Test
  void aMergingStepGetsTheSumsOfTheCellsOneByOneWithRanksAndCollidingHashes() {
    // A step that adds up adjacent cells of one category (as data-quality's drift does), over a
    // ranked stream with string ranks (the reused rows' bytes must be copied), fractional parts
    // (so that the order of the additions shows in the last bit), null categories and null
    // ranks: given its cells added up per (rank, category) as read, it makes the sums it makes
    // from the cells one by one, with the real hash and with colliding ones.
    StructType schema = CELLS.add("rank", DataTypes.StringType, true);
    java.util.Random random = new java.util.Random(41);
    List<String> categories = List.of("x", "y", "z", "w", "\u00e9");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      int g = random.nextInt(6);
      int k = random.nextInt(6);
      String c = k == 5 ? null : categories.get(k);
      // A rank per category, none for group g5's (a categorical column); a null category's rank
      // is null or "r9".
      String rank = g == 5 ? null : c == null ? (i % 2 == 0 ? null : "r9") : "r" + (4 - k);
      rows.add(
          RowFactory.create(
              "g" + g,
              c,
              random.nextDouble() * 10,
              random.nextInt(4) == 0 ? null : random.nextDouble(),
              rank));
    }
    Dataset<Row> in = spark.createDataFrame(rows, schema).repartition(3);
    StructType folded =
        new StructType()
            .add("cells", DataTypes.StringType, false)
            .add("received", DataTypes.IntegerType, false);
    GroupStream.Computation fold =
        (cells, group) -> {
          List<String> out = new ArrayList<>();
          String last = "<none>";
          double obs = 0;
          double model = 0;
          for (GroupComparison.Cell c : cells) {
            double q = c.model() == null ? 0 : c.model();
            if (!out.isEmpty() && java.util.Objects.equals(last, c.category())) {
              obs += c.observed();
              model += q;
              out.set(out.size() - 1, last + ":" + obs + ":" + model);
            } else {
              last = c.category();
              obs = c.observed();
              model = q;
              out.add(last + ":" + obs + ":" + model);
            }
          }
          return RowFactory.create(String.join(",", out), cells.size());
        };
    Map<String, Row> oneByOne =
        byGroup(standard(in, List.of("g"), "rank").stream(GroupStream.Step.of(folded, fold)));
    assertThat(oneByOne).hasSize(6);
    assertThat(oneByOne.get("g0").<String>getAs("cells"))
        .startsWith("null:")
        .contains(",z:", ",y:", ",x:");
    GroupStream.Step merging = GroupStream.Step.mergingCategories(folded, fold);
    assertThat(merging.takesMergedCells()).isTrue();
    for (Column hash : List.of(functions.xxhash64(functions.col("g")), functions.lit(7L))) {
      Map<String, Row> merged =
          byGroup(standard(in, List.of("g"), "rank").hash(hash).stream(merging));
      assertThat(merged.keySet()).isEqualTo(oneByOne.keySet());
      for (String g : oneByOne.keySet()) {
        assertThat(merged.get(g).<String>getAs("cells"))
            .as(g)
            .isEqualTo(oneByOne.get(g).<String>getAs("cells"));
        // Not vacuous: the merging step got fewer cells than the rows of its group.
        assertThat(merged.get(g).<Integer>getAs("received"))
            .isLessThan(oneByOne.get(g).<Integer>getAs("received"));
      }
    }
  }

  @Test
  void keysOfEveryWidthAreToldApartWhenAllHashesCollide() {
    // Keys compared as Spark stores them (GroupStream.sameKeyBytes): fixed-width words (an int, a
    // double), variable-width bytes (a string, a decimal too wide for a word) and nulls. With one
    // hash for every row, only that comparison keeps the groups apart. Oracle: Spark's groupBy.
    List<Row> rows = new ArrayList<>();
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < 400; i++) {
      int k = random.nextInt(12);
      rows.add(
          RowFactory.create(
              k % 3 == 0 ? null : k % 4,
              k % 5 == 0 ? null : (k % 2) * 0.5,
              k % 7 == 0 ? null : new java.math.BigDecimal("12345678901234567890.0" + (k % 3)),
              k % 11 == 0 ? null : "g" + (k % 6),
              "c" + random.nextInt(4),
              1.0 + random.nextInt(3),
              0.25));
    }
    StructType schema =
        new StructType()
            .add("i", DataTypes.IntegerType, true)
            .add("d", DataTypes.DoubleType, true)
            .add("w", DataTypes.createDecimalType(38, 1), true)
            .add("s", DataTypes.StringType, true)
            .add("category", DataTypes.StringType, false)
            .add("observed", DataTypes.DoubleType, false)
            .add("model", DataTypes.DoubleType, true);
    Dataset<Row> in = spark.createDataFrame(rows, schema).repartition(3);
    List<String> keys = List.of("i", "d", "w", "s");
    Map<List<Object>, Double> expected = new HashMap<>();
    for (Row r : in.groupBy("i", "d", "w", "s").sum("observed").collectAsList()) {
      expected.put(Arrays.asList(r.get(0), r.get(1), r.get(2), r.get(3)), r.getDouble(4));
    }
    Map<List<Object>, Double> collided = new HashMap<>();
    for (Row r :
        standard(in, keys, null).hash(functions.lit(7L)).stream(new Recorder()).collectAsList()) {
      List<Object> key = Arrays.asList(r.get(0), r.get(1), r.get(2), r.get(3));
      assertThat(collided.put(key, r.getStruct(4).<Double>getAs("observed"))).isNull();
    }
    assertThat(expected).hasSizeGreaterThan(8);
    assertThat(collided).isEqualTo(expected);
  }

  @Test
  void categoriesCompareAsSparkOrdersStrings() {
    // Oracle: the strings' UTF-8 bytes compared unsigned (Spark's string order). The alphabet
    // mixes ASCII, a unit below the surrogates, units above them (U+E000, U+FFFF) and astral code
    // points, where UTF-16 unit order (String.compareTo) and code point order disagree.
    int[] alphabet = {'a', 'b', 0x7F, 0x80, 0x7FF, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF};
    java.util.Random random = new java.util.Random(7);
    for (int trial = 0; trial < 20_000; trial++) {
      String a = randomString(random, alphabet);
      String b = randomString(random, alphabet);
      int expected =
          Integer.signum(
              Arrays.compareUnsigned(
                  a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                  b.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      assertThat(
              Integer.signum(
                  GroupStream.compareBytes(
                      org.apache.spark.unsafe.types.UTF8String.fromString(a),
                      org.apache.spark.unsafe.types.UTF8String.fromString(b))))
          .as("%s vs %s", a, b)
          .isEqualTo(expected);
    }
  }

  private static String randomString(java.util.Random random, int[] alphabet) {
    StringBuilder s = new StringBuilder();
    int length = random.nextInt(5);
    for (int i = 0; i < length; i++) {
      s.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
    }
    return s.toString();
  }

  @Test
  void categoriesArriveInSparksStringOrderNotJavas() {
    // U+FFFF sorts before U+1F600 in UTF-8 byte order (Spark's), after it in UTF-16 unit order
    // (String.compareTo): the step must see Spark's order, whatever the shuffle delivered.
    String bmp = "\uFFFF";
    String astral = new String(Character.toChars(0x1F600));
    List<Row> rows =
        List.of(
            RowFactory.create("a", astral, 1.0, 1.0),
            RowFactory.create("a", bmp, 1.0, 1.0),
            RowFactory.create("a", "b", 1.0, 1.0),
            RowFactory.create("a", "ab", 1.0, 1.0));
    Dataset<Row> in = spark.createDataFrame(rows, CELLS).repartition(3);
    List<String> sparkOrder = new ArrayList<>();
    in.orderBy("category").collectAsList().forEach(r -> sparkOrder.add(r.getString(1)));
    assertThat(sparkOrder).containsExactly("ab", "b", bmp, astral);
    Row a = byGroup(standard(in, List.of("g"), null).stream(new Recorder())).get("a");
    assertThat(a.<String>getAs("order")).isEqualTo(String.join(",", sparkOrder));
    assertThat(astral.compareTo(bmp)).isNegative();
  }

  @Test
  void manyCategoriesInAPartitionArriveInSparksStringOrder() {
    // More distinct categories than a partition's step ranks (4096), arriving group after group
    // in random order, so that ranks shift as new categories come and the last ones are compared
    // by their bytes. Oracle: each group's categories sorted by their UTF-8 bytes, unsigned.
    int[] alphabet = {'a', 'b', 'z', 0x80, 0x7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF};
    java.util.Random random = new java.util.Random(11);
    java.util.LinkedHashSet<String> distinct = new java.util.LinkedHashSet<>();
    while (distinct.size() < 6000) {
      StringBuilder c = new StringBuilder();
      int length = 1 + random.nextInt(4);
      for (int i = 0; i < length; i++) {
        c.appendCodePoint(alphabet[random.nextInt(alphabet.length)]);
      }
      distinct.add(c.toString());
    }
    List<String> all = new ArrayList<>(distinct);
    List<Row> rows = new ArrayList<>();
    Map<String, List<String>> expected = new HashMap<>();
    for (int g = 0; g < 12; g++) {
      List<String> mine = new ArrayList<>(all);
      java.util.Collections.shuffle(mine, random);
      mine = mine.subList(0, g == 0 ? all.size() : 200 + random.nextInt(800));
      for (String c : mine) {
        rows.add(RowFactory.create("g" + g, c, 1.0, 1.0));
      }
      List<String> sorted = new ArrayList<>(mine);
      sorted.sort(
          (x, y) ->
              Arrays.compareUnsigned(
                  x.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                  y.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      expected.put("g" + g, sorted);
    }
    java.util.Collections.shuffle(rows, random);
    Dataset<Row> in = spark.createDataFrame(rows, CELLS).repartition(3);
    // Groups one after another in a partition (3 or so per partition, one with all 6000).
    Map<String, Row> out = byGroup(standard(in, List.of("g"), null).stream(new Recorder()));
    assertThat(out).hasSize(12);
    for (Map.Entry<String, List<String>> e : expected.entrySet()) {
      assertThat(out.get(e.getKey()).<String>getAs("order"))
          .as("group %s", e.getKey())
          .isEqualTo(String.join(",", e.getValue()));
    }
  }

  /** The cells' standard column names: category, observed, model. */
  private static GroupStream.Cells standard(Dataset<Row> in, List<String> keys, String rank) {
    return GroupStream.over(in)
        .keys(keys)
        .rank(rank)
        .category("category")
        .observed("observed")
        .model("model");
  }
}

package dev.klspark.spark.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klspark.KlsparkException;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.distribution.ModelTable;
import dev.klspark.spark.engine.PartitionCategories.Category;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * {@link MergedCells} (no Spark session: Spark's string type only) against what it replaces: the
 * group's cells kept one by one, sorted stably by category (nulls first, UTF-8 bytes unsigned, a
 * carried model's entries after the rows), then merged by {@link GroupComparison}. Oracle: {@code
 * GroupComparison.compute} of that list; the result of the added-up cells must be the same record,
 * bit for bit (records compare doubles with {@code Double.compare}).
 */
class MergedCellsTest {

  /** One cell as read: a row (observed, model or none, support) or a carried model's entry. */
  private record Read(
      String category, double observed, Double model, boolean support, boolean entry) {}

  private static final Comparator<String> SPARK_ORDER =
      Comparator.nullsFirst(
          (x, y) ->
              Arrays.compareUnsigned(
                  x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));

  /** The cells as the step kept them before: sorted stably, rows before entries of a category. */
  private static List<GroupComparison.Cell> reference(List<Read> read) {
    List<Read> rows = new ArrayList<>();
    List<Read> entries = new ArrayList<>();
    for (Read r : read) {
      (r.entry() ? entries : rows).add(r);
    }
    List<Read> all = new ArrayList<>(rows);
    all.addAll(entries);
    all.sort(Comparator.comparing(Read::category, SPARK_ORDER)); // stable
    List<GroupComparison.Cell> cells = new ArrayList<>();
    for (Read r : all) {
      cells.add(new GroupComparison.Cell(r.category(), r.observed(), r.model(), r.support()));
    }
    return cells;
  }

  private static List<GroupComparison.Cell> merged(
      PartitionCategories categories, MergedCells m, List<Read> read, String group) {
    m.clear();
    for (Read r : read) {
      Category c = r.category() == null ? null : categories.of(UTF8String.fromString(r.category()));
      if (r.entry()) {
        m.addEntry(c, r.model() == null ? Double.NaN : r.model(), r.model() == null);
      } else {
        m.addRow(
            null,
            c,
            r.observed(),
            r.model() == null ? 0.0 : r.model(),
            r.model() != null,
            r.support());
      }
    }
    return m.cells(group);
  }

  private static final List<GroupComparison> COMPARISONS =
      List.of(
          new GroupComparison(
                  GroupComparison.ModelInput.PROBABILITIES, Smoothing.parse("none"), LogBase.NATS)
              .withEvidence(0.95),
          new GroupComparison(
              GroupComparison.ModelInput.PROBABILITIES,
              Smoothing.parse("floor:1e-6"),
              LogBase.BITS,
              ModelTable.Normalization.RENORMALIZE),
          new GroupComparison(
                  GroupComparison.ModelInput.REFERENCE_COUNTS,
                  Smoothing.parse("additive:0.5"),
                  LogBase.NATS)
              .withEvidence(0.9));

  /** A random group: categories from {@code names}, parts of counts, model rows and entries. */
  private static List<Read> group(Random random, List<String> names, boolean fractional) {
    List<Read> read = new ArrayList<>();
    int k = 1 + random.nextInt(Math.min(30, names.size()));
    List<String> mine = new ArrayList<>(names);
    java.util.Collections.shuffle(mine, random);
    mine = mine.subList(0, k);
    for (String c : mine) {
      int parts = random.nextInt(4); // 0 to 3 observed parts
      for (int i = 0; i < parts; i++) {
        double obs = fractional ? random.nextDouble() * 10 : 1 + random.nextInt(50);
        boolean support = random.nextInt(5) > 0;
        read.add(new Read(c, obs, null, support, false));
      }
      switch (random.nextInt(4)) {
        case 0 -> read.add(new Read(c, 0.0, random.nextDouble(), true, false)); // a model row
        case 1 -> read.add(new Read(c, 0.0, random.nextDouble(), true, true)); // an entry
        case 2 -> { // a duplicate: two model rows, one row and one entry, or two entries
          read.add(new Read(c, 0.0, random.nextDouble(), true, random.nextBoolean()));
          read.add(new Read(c, 0.0, random.nextDouble(), true, random.nextBoolean()));
        }
        default -> {} // no model for this category
      }
    }
    if (random.nextInt(3) == 0) {
      read.add(new Read(null, 1 + random.nextInt(5), null, false, false));
    }
    java.util.Collections.shuffle(read, random);
    return read;
  }

  /** Asserts both give the same result or message; returns how many results were ok. */
  private static int assertSame(List<Read> read, PartitionCategories categories, MergedCells m) {
    int ok = 0;
    List<GroupComparison.Cell> ref = reference(read);
    List<GroupComparison.Cell> got = merged(categories, m, read, "group g");
    for (GroupComparison cmp : COMPARISONS) {
      Object expected;
      try {
        expected = cmp.compute(ref, "group g");
      } catch (RuntimeException e) { // a table check's, or an unnormalised model's
        expected = e.getClass() + ": " + e.getMessage();
      }
      Object actual;
      try {
        actual = cmp.compute(got, "group g");
      } catch (RuntimeException e) {
        actual = e.getClass() + ": " + e.getMessage();
      }
      assertThat(actual).as("cells %s", read).isEqualTo(expected);
      if (expected instanceof GroupComparison.Result r && r.status() == GroupComparison.Status.OK) {
        ok++;
      }
    }
    return ok;
  }

  @Test
  void addedUpCellsGiveTheResultOfTheCellsOneByOne() {
    // 3000 random groups through one task's categories and one reused MergedCells, with
    // fractional parts (so that the order in which they are added shows in the last bit),
    // duplicates (the table check's message), null categories and categories in a random order.
    Random random = new Random(29);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      names.add(i % 3 == 0 ? "c" + i : (i % 3 == 1 ? "é" + i : "\uD83D\uDE00" + i));
    }
    PartitionCategories categories = new PartitionCategories();
    MergedCells m = new MergedCells(categories, null);
    int differentCells = 0;
    int ok = 0;
    for (int g = 0; g < 3000; g++) {
      List<Read> read = group(random, names, g % 2 == 0);
      ok += assertSame(read, categories, m);
      differentCells += reference(read).size() > merged(categories, m, read, "g").size() ? 1 : 0;
    }
    // Not a vacuous test: most groups had a category in several cells, now added up into one.
    assertThat(differentCells).isGreaterThan(2000);
    // And most comparisons gave numbers, not a message (3 comparisons per group).
    assertThat(ok).isGreaterThan(3000);
  }

  @Test
  void categoriesBeyondTheKnownStayAsReadInTheirPlace() {
    // 4200 categories: the first 4096 read are known (ids), the rest compared by their bytes; a
    // group mixing both is put in Spark's string order all the same.
    Random random = new Random(31);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 4200; i++) {
      names.add(Integer.toString(i * 7919 % 10007, 36));
    }
    PartitionCategories categories = new PartitionCategories();
    for (String n : names) {
      categories.of(UTF8String.fromString(n));
    }
    assertThat(categories.size()).isEqualTo(PartitionCategories.KNOWN);
    MergedCells m = new MergedCells(categories, null);
    List<String> mixed = new ArrayList<>(names.subList(4000, 4200)); // 96 known, 104 beyond
    int ok = 0;
    for (int g = 0; g < 500; g++) {
      ok += assertSame(group(random, mixed, g % 2 == 0), categories, m);
    }
    assertThat(ok).isGreaterThan(500);
    // The order itself: a known and an unknown category, and an entry of an unknown one.
    List<Read> read =
        List.of(
            new Read(names.get(4199), 2.0, null, false, false),
            new Read(names.get(4000), 3.0, null, false, false),
            new Read(names.get(4199), 0.0, 0.5, true, true),
            new Read(names.get(4000), 0.0, 0.5, true, true));
    List<GroupComparison.Cell> cells = merged(categories, m, read, "g");
    List<String> order = cells.stream().map(GroupComparison.Cell::category).toList();
    List<String> expected = new ArrayList<>(List.of(names.get(4000), names.get(4199)));
    expected.sort(SPARK_ORDER);
    // The known category is one cell; the unknown one is its row, then its entry.
    assertThat(order).hasSize(3).containsSubsequence(expected);
  }

  @Test
  void anInvalidEntryIsReportedAsTheEntriesAreRead() {
    PartitionCategories categories = new PartitionCategories();
    MergedCells m = new MergedCells(categories, null);
    List<Read> read =
        List.of(
            new Read("b", 0.0, 0.5, true, true),
            new Read("a", 0.0, 1.5, true, true),
            new Read(null, 0.0, 0.2, true, true));
    assertThatThrownBy(() -> merged(categories, m, read, "group g"))
        .isInstanceOf(KlsparkException.class)
        .hasMessage(
            "model table probability for group g, category 'a' is 1.5; expected a number in [0,"
                + " 1]");
    List<Read> none = List.of(new Read("a", 0.0, null, true, true));
    assertThatThrownBy(() -> merged(categories, m, none, "group g"))
        .hasMessage(
            "model table probability for group g, category 'a' is null; expected a number in [0,"
                + " 1]");
    // The arrays are reused: a group after a failed one starts clean.
    List<GroupComparison.Cell> cells =
        merged(categories, m, List.of(new Read("a", 4.0, null, false, false)), "group h");
    assertThat(cells).containsExactly(new GroupComparison.Cell("a", 4.0, null, false, 0));
  }

  /** One cell of a ranked stream as read (drift's: counts of both sides, a rank per cell). */
  private record RankedRead(Long rank, String category, double observed, Double model) {}

  /** A drift-like step's view of its cells: adjacent cells of one category added up, in order. */
  private record Folded(String category, double observed, double model) {}

  /**
   * What data-quality's drift step does first ({@code DriftStep.drift}): adjacent cells of one
   * category (null equal to null) added up left to right, a missing model value counting as 0.
   */
  private static List<Folded> fold(List<GroupComparison.Cell> cells) {
    List<Folded> out = new ArrayList<>();
    for (GroupComparison.Cell c : cells) {
      double q = c.model() == null ? 0 : c.model();
      int last = out.size() - 1;
      if (last >= 0 && java.util.Objects.equals(out.get(last).category(), c.category())) {
        Folded f = out.get(last);
        out.set(last, new Folded(c.category(), f.observed() + c.observed(), f.model() + q));
      } else {
        out.add(new Folded(c.category(), c.observed(), q));
      }
    }
    return out;
  }

  @Test
  void rankedCellsAddedUpGiveTheSumsOfTheCellsOneByOne() {
    // A ranked stream (drift's: a bucket's index, null for a categorical column and for null
    // values). Oracle: the cells one by one, sorted stably by rank (nulls first) then category
    // (nulls first, UTF-8 bytes), then added up per adjacent category. Fractional values, so the
    // order of the additions shows in the last bit; in some groups, cells of a category come with
    // another rank than its first cell's (kept apart, put in their own place); null categories
    // come with ranks of their own; 20 of the 60 names are beyond the task's known categories.
    Random random = new Random(37);
    PartitionCategories categories = new PartitionCategories();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      names.add(i % 2 == 0 ? "b" + i : "\u00e9" + i);
    }
    for (int i = 0; i < PartitionCategories.KNOWN - 40; i++) {
      categories.of(UTF8String.fromString("filler" + i));
    }
    Comparator<GroupStream.Ordered> order = GroupStream.byRankThenCategory(categories);
    MergedCells m = new MergedCells(categories, order);
    int fewer = 0;
    int otherRank = 0;
    int ok = 0;
    GroupComparison cmp =
        new GroupComparison(
                GroupComparison.ModelInput.REFERENCE_COUNTS,
                Smoothing.parse("additive:0.5"),
                LogBase.NATS)
            .withEvidence(0.9);
    for (int g = 0; g < 3000; g++) {
      boolean bucketed = g % 3 != 0; // else every rank is null, as for a categorical column
      // In one bucketed group of four, a category's cells may come with several ranks; their sums
      // are then added in another association (MergedCells' limit), exact for whole numbers only.
      boolean mixed = bucketed && g % 4 == 1;
      List<RankedRead> read = new ArrayList<>();
      int k = 1 + random.nextInt(25);
      for (int j = 0; j < k; j++) {
        int n = random.nextInt(names.size());
        String c = names.get(n);
        Long rank = bucketed ? Long.valueOf(n % 7) : null;
        int parts = 1 + random.nextInt(4);
        for (int i = 0; i < parts; i++) {
          Long r = mixed && random.nextInt(4) == 0 ? Long.valueOf(random.nextInt(7)) : rank;
          otherRank += java.util.Objects.equals(r, rank) ? 0 : 1;
          read.add(
              mixed
                  ? new RankedRead(r, c, 1 + random.nextInt(50), (double) random.nextInt(50))
                  : new RankedRead(r, c, random.nextDouble() * 10, random.nextDouble() * 10));
        }
      }
      for (int i = random.nextInt(3); i > 0; i--) { // null values: the null rank, or another
        Long r = bucketed && random.nextBoolean() ? Long.valueOf(random.nextInt(7)) : null;
        read.add(new RankedRead(r, null, random.nextDouble(), random.nextBoolean() ? 1.0 : null));
      }
      java.util.Collections.shuffle(read, random);

      List<RankedRead> sorted = new ArrayList<>(read);
      sorted.sort(
          Comparator.comparing(RankedRead::rank, Comparator.nullsFirst(Comparator.naturalOrder()))
              .thenComparing(RankedRead::category, SPARK_ORDER)); // stable
      List<GroupComparison.Cell> oneByOne = new ArrayList<>();
      for (RankedRead r : sorted) {
        oneByOne.add(
            new GroupComparison.Cell(r.category(), r.observed(), r.model(), r.model() != null));
      }
      m.clear();
      for (RankedRead r : read) {
        Category c =
            r.category() == null ? null : categories.of(UTF8String.fromString(r.category()));
        m.addRow(
            r.rank(),
            c,
            r.observed(),
            r.model() == null ? 0.0 : r.model(),
            r.model() != null,
            r.model() != null);
      }
      List<GroupComparison.Cell> got = m.cells("group g");
      assertThat(fold(got)).as("cells %s", read).isEqualTo(fold(oneByOne));
      fewer += got.size() < oneByOne.size() ? 1 : 0;
      Object expected;
      Object actual;
      try {
        expected = cmp.compute(oneByOne, "group g");
      } catch (RuntimeException e) {
        expected = e.getClass() + ": " + e.getMessage();
      }
      try {
        actual = cmp.compute(got, "group g");
      } catch (RuntimeException e) {
        actual = e.getClass() + ": " + e.getMessage();
      }
      assertThat(actual).as("cells %s", read).isEqualTo(expected);
      ok +=
          expected instanceof GroupComparison.Result r && r.status() == GroupComparison.Status.OK
              ? 1
              : 0;
    }
    // Not vacuous: most groups' cells were added up, cells came with another rank, and the
    // comparison gave numbers.
    assertThat(fewer).isGreaterThan(2500);
    assertThat(otherRank).isGreaterThan(500);
    assertThat(ok).isGreaterThan(1500);
  }
}

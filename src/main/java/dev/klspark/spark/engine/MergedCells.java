package dev.klspark.spark.engine;

import dev.klspark.spark.distribution.ModelTable;
import dev.klspark.spark.engine.GroupStream.Ordered;
import dev.klspark.spark.engine.PartitionCategories.Category;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One group's cells added up per category as they are read, for a step that merges a category's
 * cells first ({@link GroupComparison}): the observed counts (or their parts), the model values and
 * the model-row counts of each known category go into arrays indexed by the category's id among the
 * task's categories ({@link PartitionCategories}), instead of one object per cell sorted at the
 * end. The arrays are the task's, reused from group to group (a stamp per id tells this group's
 * categories from earlier groups').
 *
 * <p>The cells it hands out are those {@code GroupComparison}'s merge would make of the group's
 * cells sorted by category, to the last bit: a category's cells are added up in the order the
 * stable sort puts them, which is the order read, with a carried model's entries after the rows (as
 * {@link GroupStream} merges them). Cells with a null category stay as read, first; cells of a
 * category beyond the known ones stay as read too, put in order by their bytes.
 *
 * <p>With a rank (a stream whose cells are ordered by rank, then category: data-quality's drift), a
 * category's cells are added up per (rank, category): the first cell read fixes the category's
 * rank, and a cell of the same category with another rank stays as read. The cells are then put in
 * order by rank and category (stably: cells of one rank and category that stay as read keep the
 * order read), which is where the sorted cells one by one would have them; a step that adds up
 * adjacent cells of one category (in the order given) gets the same sums, to the last bit, when
 * each category comes with one rank in a group (drift's rank is its category's bucket). A category
 * that comes with several ranks, adjacent in that order, has its sums added in another association
 * (each rank's sum, then their total): the same for whole numbers, perhaps not in the last bit of
 * fractional ones.
 *
 * <p>One limit: two categories whose bytes are not valid UTF-8 and differ can decode into the same
 * text (each invalid byte becomes U+FFFD). Each is then added up apart, and the comparison merges
 * the two sums, where it used to add their cells one by one: with fractional weights the last bit
 * may differ (counts are whole numbers and add exactly in any order).
 */
final class MergedCells {
  private final PartitionCategories categories;

  /** The stream's order by rank, then category; null when the stream has no rank. */
  private final Comparator<Ordered> rankOrder;

  /** The current group's stamp; {@link #seen} holds it for the categories it has. */
  private int stamp;

  private int[] seen = new int[0];
  private double[] observed = new double[0];
  private double[] model = new double[0];
  private boolean[] hasModel = new boolean[0];
  private boolean[] inSupport = new boolean[0];
  private long[] modelRows = new long[0];

  /** With a rank: the rank of each known category's cells in this group (its first cell's). */
  private Object[] rankOf = new Object[0];

  /** The ids of the group's known categories, in the order first read. */
  private int[] touched = new int[32];

  private int touchedCount;

  /** Cells with a null category, as read. */
  private final List<Ordered> nulls = new ArrayList<>(0);

  /** With a rank: cells of a known category read with another rank than its first cell's. */
  private final List<Ordered> otherRank = new ArrayList<>(0);

  /** Rows' cells of a category beyond the known ones, as read. */
  private final List<Ordered> unknownRows = new ArrayList<>(0);

  /** A carried model's entries, in the order read: category, probability (null: NaN + flag). */
  private Category[] entryCategory = new Category[32];

  private double[] entryProbability = new double[32];
  private boolean[] entryNull = new boolean[32];
  private int entryCount;

  /**
   * The added-up cells of the groups of one task.
   *
   * @param categories the task's categories
   * @param rankOrder the stream's order by rank, then category, or null when it has no rank
   */
  MergedCells(PartitionCategories categories, Comparator<Ordered> rankOrder) {
    this.categories = categories;
    this.rankOrder = rankOrder;
  }

  /** Starts a new group. */
  void clear() {
    if (++stamp == Integer.MAX_VALUE) {
      Arrays.fill(seen, 0);
      stamp = 1;
    }
    touchedCount = 0;
    entryCount = 0;
    nulls.clear();
    unknownRows.clear();
    otherRank.clear();
  }

  /**
   * A row read as one cell: its rank (null without one), category (or null), observed count, model
   * value ({@code hasQ} false: none) and whether the category is in the model's support.
   */
  void addRow(Object rank, Category category, double obs, double q, boolean hasQ, boolean support) {
    if (category == null) {
      nulls.add(
          new Ordered(rank, null, new GroupComparison.Cell(null, obs, hasQ ? q : null, support)));
      return;
    }
    int id = category.id();
    if (id < 0) {
      unknownRows.add(
          new Ordered(
              rank,
              category,
              new GroupComparison.Cell(category.text(), obs, hasQ ? q : null, support)));
    } else if (rankOrder != null
        && id < seen.length
        && seen[id] == stamp
        && !Objects.equals(rankOf[id], rank)) {
      otherRank.add(
          new Ordered(
              rank,
              category,
              new GroupComparison.Cell(category.text(), obs, hasQ ? q : null, support)));
    } else {
      fold(id, obs, q, hasQ, support);
      if (rankOrder != null) {
        rankOf[id] = rank; // the first cell's (or the same)
      }
    }
  }

  /**
   * One entry of a carried model: its category (or null) and probability ({@code isNull}: none).
   */
  void addEntry(Category category, double q, boolean isNull) {
    if (entryCount == entryCategory.length) {
      int n = 2 * entryCount;
      entryCategory = Arrays.copyOf(entryCategory, n);
      entryProbability = Arrays.copyOf(entryProbability, n);
      entryNull = Arrays.copyOf(entryNull, n);
    }
    entryCategory[entryCount] = category;
    entryProbability[entryCount] = q;
    entryNull[entryCount] = isNull;
    entryCount++;
  }

  /**
   * The group's cells in category order (nulls first, Spark's string order), one per known
   * category. A carried model's entries are checked first, in the order read ({@link
   * ModelTable#requireValidEntry}). With a rank: in the stream's order by rank, then category, one
   * per (rank, known category) ({@link #ranked}).
   *
   * @param group the group as messages name it
   * @throws IllegalStateException with a rank, when a carried model's entries were added (a stream
   *     with a rank carries no model cells)
   */
  List<GroupComparison.Cell> cells(String group) {
    if (rankOrder != null) {
      if (entryCount > 0) {
        throw new IllegalStateException("MergedCells: a carried model's entries with a rank");
      }
      return ranked();
    }
    for (int e = 0; e < entryCount; e++) {
      ModelTable.requireValidEntry(
          group,
          PartitionCategories.textOf(entryCategory[e]),
          entryNull[e] ? null : entryProbability[e]);
    }
    List<Ordered> unknownEntries = new ArrayList<>(0);
    for (int e = 0; e < entryCount; e++) {
      Category c = entryCategory[e];
      if (c.id() >= 0) {
        fold(c.id(), 0.0, entryProbability[e], true, true);
      } else {
        unknownEntries.add(
            new Ordered(
                null, c, new GroupComparison.Cell(c.text(), 0.0, entryProbability[e], true)));
      }
    }
    long[] order = new long[touchedCount];
    for (int t = 0; t < touchedCount; t++) {
      int id = touched[t];
      order[t] = ((long) categories.rank(id) << 32) | id;
    }
    Arrays.sort(order);
    List<GroupComparison.Cell> out =
        new ArrayList<>(nulls.size() + touchedCount + unknownRows.size() + unknownEntries.size());
    for (Ordered n : nulls) {
      out.add(n.cell());
    }
    if (unknownRows.isEmpty() && unknownEntries.isEmpty()) {
      for (long o : order) {
        out.add(cell((int) o));
      }
      return out;
    }
    // Known categories (one cell each) and the rows of unknown ones sorted together (stably),
    // then the unknown categories' entries merged in after the rows of their category.
    List<Ordered> rows = new ArrayList<>(touchedCount + unknownRows.size());
    for (long o : order) {
      int id = (int) o;
      rows.add(new Ordered(null, categoryOf(id), cell(id)));
    }
    rows.addAll(unknownRows);
    Comparator<Ordered> byCategory = (a, b) -> categories.compare(a.category(), b.category());
    rows.sort(byCategory);
    unknownEntries.sort(byCategory);
    GroupStream.mergeRowsFirst(rows, unknownEntries, byCategory, out);
    return out;
  }

  /**
   * With a rank: the group's cells in the stream's order. Each (rank, known category) is one cell,
   * so ties in the stable sort are only among cells kept as read (of one rank and a null or unknown
   * category, or of a known category's other rank), which keep the order read.
   */
  private List<GroupComparison.Cell> ranked() {
    List<Ordered> all =
        new ArrayList<>(touchedCount + nulls.size() + unknownRows.size() + otherRank.size());
    for (int t = 0; t < touchedCount; t++) {
      int id = touched[t];
      all.add(new Ordered(rankOf[id], categoryOf(id), cell(id)));
    }
    all.addAll(nulls);
    all.addAll(unknownRows);
    all.addAll(otherRank);
    GroupStream.sort(all, rankOrder);
    return GroupStream.cellsOf(all);
  }

  /** The known category of id {@code id}, for ordering. */
  private Category categoryOf(int id) {
    return categories.byId(id);
  }

  /** The merged cell of known category {@code id}. */
  private GroupComparison.Cell cell(int id) {
    return new GroupComparison.Cell(
        categories.byId(id).text(),
        observed[id],
        hasModel[id] ? model[id] : null,
        inSupport[id],
        modelRows[id]);
  }

  /**
   * Adds one cell to its category's sums, as {@code GroupComparison}'s merge adds a run of cells:
   * the first cell as it is, each next one's observed count added, its model value (if any) added
   * to the model values before it (or taken as the first), its support or-ed, its model row
   * counted.
   */
  private void fold(int id, double obs, double q, boolean hasQ, boolean support) {
    if (id >= seen.length) {
      grow(Math.max(id + 1, 2 * seen.length));
    }
    if (seen[id] != stamp) {
      seen[id] = stamp;
      if (touchedCount == touched.length) {
        touched = Arrays.copyOf(touched, 2 * touchedCount);
      }
      touched[touchedCount++] = id;
      observed[id] = obs;
      hasModel[id] = hasQ;
      model[id] = hasQ ? q : 0.0;
      inSupport[id] = support;
      modelRows[id] = hasQ ? 1 : 0;
      return;
    }
    observed[id] += obs;
    if (hasQ) {
      model[id] = hasModel[id] ? model[id] + q : q;
      hasModel[id] = true;
      modelRows[id]++;
    }
    inSupport[id] |= support;
  }

  private void grow(int n) {
    seen = Arrays.copyOf(seen, n);
    observed = Arrays.copyOf(observed, n);
    model = Arrays.copyOf(model, n);
    hasModel = Arrays.copyOf(hasModel, n);
    inSupport = Arrays.copyOf(inSupport, n);
    modelRows = Arrays.copyOf(modelRows, n);
    rankOf = Arrays.copyOf(rankOf, n);
  }
}

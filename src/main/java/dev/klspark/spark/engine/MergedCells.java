package dev.klspark.spark.engine;

import dev.klspark.spark.distribution.ModelTable;
import dev.klspark.spark.engine.GroupStream.Ordered;
import dev.klspark.spark.engine.PartitionCategories.Category;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

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
 * <p>One limit: two categories whose bytes are not valid UTF-8 and differ can decode into the same
 * text (each invalid byte becomes U+FFFD). Each is then added up apart, and the comparison merges
 * the two sums, where it used to add their cells one by one: with fractional weights the last bit
 * may differ (counts are whole numbers and add exactly in any order).
 */
final class MergedCells {
  private final PartitionCategories categories;

  /** The current group's stamp; {@link #seen} holds it for the categories it has. */
  private int stamp;

  private int[] seen = new int[0];
  private double[] observed = new double[0];
  private double[] model = new double[0];
  private boolean[] hasModel = new boolean[0];
  private boolean[] inSupport = new boolean[0];
  private long[] modelRows = new long[0];

  /** The ids of the group's known categories, in the order first read. */
  private int[] touched = new int[32];

  private int touchedCount;

  /** Cells with a null category, as read. */
  private final List<GroupComparison.Cell> nulls = new ArrayList<>(0);

  /** Rows' cells of a category beyond the known ones, as read. */
  private final List<Ordered> unknownRows = new ArrayList<>(0);

  /** A carried model's entries, in the order read: category, probability (null: NaN + flag). */
  private Category[] entryCategory = new Category[32];

  private double[] entryProbability = new double[32];
  private boolean[] entryNull = new boolean[32];
  private int entryCount;

  MergedCells(PartitionCategories categories) {
    this.categories = categories;
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
  }

  /**
   * A row read as one cell: its category (or null), observed count, model value ({@code hasQ}
   * false: none) and whether the category is in the model's support.
   */
  void addRow(Category category, double obs, double q, boolean hasQ, boolean support) {
    if (category == null) {
      nulls.add(new GroupComparison.Cell(null, obs, hasQ ? q : null, support));
    } else if (category.id() < 0) {
      unknownRows.add(
          new Ordered(
              null,
              category,
              new GroupComparison.Cell(category.text(), obs, hasQ ? q : null, support)));
    } else {
      fold(category.id(), obs, q, hasQ, support);
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
   * ModelTable#requireValidEntry}).
   *
   * @param group the group as messages name it
   */
  List<GroupComparison.Cell> cells(String group) {
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
    out.addAll(nulls);
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
  }
}

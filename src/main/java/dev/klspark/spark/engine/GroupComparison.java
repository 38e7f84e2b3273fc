package dev.klspark.spark.engine;

import dev.klspark.KlsparkException;
import dev.klspark.math.Distributions;
import dev.klspark.math.DivergenceProfile;
import dev.klspark.math.KlEvidence;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.distribution.ModelTable;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One group's row of the divergence report, computed from the group's aligned cells: for every
 * category seen on either side, the observed count and the model input. Spark-free, so the whole
 * per-group logic (statuses, smoothing, the kernel) is unit-tested without a session.
 *
 * <p>The model input is either reference counts ({@link ModelInput#REFERENCE_COUNTS}, the job fits
 * the per-group maximum-likelihood estimate {@code q_c = c_c / n} with the smoothing policy) or
 * probabilities ({@link ModelInput#PROBABILITIES}, a validated model table). Every information
 * quantity comes from {@link DivergenceProfile}: one formula, one place.
 */
public final class GroupComparison implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Status of a report row. */
  public enum Status {
    /** Both sides present; metrics computed. */
    OK("ok"),
    /** Observed rows but no model for the group (no reference rows, or no model-table rows). */
    MISSING_MODEL("missing_model"),
    /** A model but no observed (non-null) rows for the group. */
    MISSING_DATA("missing_data");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    /** The value written to the {@code status} column. */
    public String label() {
      return label;
    }
  }

  /** What the model side of a cell holds. */
  public enum ModelInput {
    /** Counts of the reference slice; the model is their MLE under the smoothing policy. */
    REFERENCE_COUNTS,
    /** Model probabilities (null: the model has no row for the category). */
    PROBABILITIES
  }

  /**
   * One category of one group.
   *
   * @param category the category; null for rows whose category is null (counted in null_count)
   * @param observed the observed count or weight (0 if none)
   * @param model reference count or model probability; null when the model side has no row
   * @param inSupport whether the category is one of the model's known categories (the smoothing
   *     support)
   * @param modelRows how many model-table rows the cell's probability came from (0 or 1 in a valid
   *     table; checked by {@link #compute(List, String)} when a table check is set)
   */
  public record Cell(
      String category, double observed, Double model, boolean inSupport, long modelRows) {
    /** A cell whose model side, if any, came from one row. */
    public Cell(String category, double observed, Double model, boolean inSupport) {
      this(category, observed, model, inSupport, model == null ? 0 : 1);
    }
  }

  /**
   * A report row; information quantities are null unless the status is {@code ok}.
   *
   * @param n observed count (weight) over non-null categories
   * @param nullCount observed count (weight) with a null category
   */
  public record Result(
      double n,
      double nullCount,
      Integer kObserved,
      Integer kModel,
      DivergenceProfile profile,
      KlEvidence evidence,
      Status status,
      String message) {
    /** A result without evidence (weighted runs, statuses other than ok). */
    public Result(
        double n,
        double nullCount,
        Integer kObserved,
        Integer kModel,
        DivergenceProfile profile,
        Status status,
        String message) {
      this(n, nullCount, kObserved, kModel, profile, null, status, message);
    }
  }

  private final ModelInput modelInput;
  private final Smoothing smoothing;
  private final LogBase unit;
  private final ModelTable.Normalization tableCheck;
  private final Double evidenceLevel;

  /**
   * @param modelInput what the model side of the cells holds
   * @param smoothing the policy turning the model side into probabilities; {@code additive} needs
   *     {@link ModelInput#REFERENCE_COUNTS}
   * @param unit the unit of the information quantities
   * @throws IllegalArgumentException if additive smoothing is asked for model probabilities
   */
  public GroupComparison(ModelInput modelInput, Smoothing smoothing, LogBase unit) {
    this(modelInput, smoothing, unit, null);
  }

  /**
   * A comparison whose model side comes straight from a model table that has not been validated
   * yet: {@link #compute(List, String)} checks each group's rows as they arrive (one row per
   * category, probabilities summing to 1 within {@link Distributions#DEFAULT_SUM_TOLERANCE}, or
   * renormalised), so the report validates the table in the same pass as it reads it. Range, NaN
   * and null checks of single rows happen earlier, on the rows themselves ({@link
   * ModelTable#checkedRows}).
   *
   * @param tableCheck how to treat a group whose probabilities do not sum to 1; null when the model
   *     side needs no check (reference counts, an already validated table)
   * @throws IllegalArgumentException as {@link #GroupComparison(ModelInput, Smoothing, LogBase)},
   *     or if a table check is asked for reference counts
   */
  public GroupComparison(
      ModelInput modelInput,
      Smoothing smoothing,
      LogBase unit,
      ModelTable.Normalization tableCheck) {
    this(modelInput, smoothing, unit, tableCheck, null);
  }

  private GroupComparison(
      ModelInput modelInput,
      Smoothing smoothing,
      LogBase unit,
      ModelTable.Normalization tableCheck,
      Double evidenceLevel) {
    if (tableCheck != null && modelInput != ModelInput.PROBABILITIES) {
      throw new IllegalArgumentException("a model-table check needs model probabilities");
    }
    if (smoothing.needsCounts() && modelInput != ModelInput.REFERENCE_COUNTS) {
      throw new IllegalArgumentException(
          "smoothing "
              + smoothing.spec()
              + " adds pseudo-counts and needs a reference model fitted from counts; for a model"
              + " table use floor:EPSILON or none");
    }
    this.modelInput = modelInput;
    this.smoothing = smoothing;
    this.unit = unit;
    this.tableCheck = tableCheck;
    this.evidenceLevel = evidenceLevel;
  }

  /**
   * The same comparison that also computes each ok group's {@link KlEvidence} (bias-corrected
   * estimates, G-test, confidence interval at {@code level}) from the raw observed counts against
   * the model probabilities (after smoothing). Only for counts: a weighted run's sums of weights
   * are not multinomial counts.
   *
   * @throws IllegalArgumentException if the level is not in (0, 1)
   */
  public GroupComparison withEvidence(double level) {
    if (!(level > 0.0 && level < 1.0)) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "confidence level = %s; expected a number in (0, 1)", level));
    }
    return new GroupComparison(modelInput, smoothing, unit, tableCheck, level);
  }

  /**
   * Computes one group's row.
   *
   * <p>Support: additive smoothing spreads pseudo-counts over the known categories ({@code
   * inSupport}); the floor policy applies to every category seen on either side; without smoothing
   * the model is used as it is. A category outside the model's support has q = 0.
   *
   * @param cells the group's cells in a deterministic order (the report sorts them by category)
   * @return the row
   * @throws KlsparkException if a table check is set and the group's model rows are invalid
   */
  public Result compute(List<Cell> cells) {
    return compute(cells, "the group");
  }

  /**
   * As {@link #compute(List)}, naming the group in error messages.
   *
   * @param cells the group's cells in a deterministic order (the report sorts them by category)
   * @param group the group as messages name it, e.g. {@code group origin=SEA} or {@code the single
   *     group}
   * @return the row
   * @throws KlsparkException if a table check is set and a category of the group came from more
   *     than one model row, or the group's probabilities do not sum to 1 within the tolerance
   *     ({@link ModelTable.Normalization#STRICT}) or sum to 0 ({@link
   *     ModelTable.Normalization#RENORMALIZE})
   */
  public Result compute(List<Cell> cells, String group) {
    cells = merged(cells);
    if (tableCheck != null) {
      cells = checkedModel(cells, group);
    }
    double nullCount = 0.0;
    List<Cell> named = new ArrayList<>(cells.size());
    for (Cell c : cells) {
      if (c.category() == null) {
        nullCount += c.observed();
      } else {
        named.add(c);
      }
    }
    int k = named.size();
    double[] observed = new double[k];
    double n = 0.0;
    for (int i = 0; i < k; i++) {
      observed[i] = named.get(i).observed();
      n += observed[i];
    }
    double[] q = modelProbabilities(named);
    if (q == null) {
      return new Result(
          n,
          nullCount,
          null,
          null,
          null,
          Status.MISSING_MODEL,
          n > 0 ? "no model for this group" : "no model and no observed rows for this group");
    }
    if (!(n > 0.0)) {
      String why =
          nullCount > 0
              ? String.format(
                  Locale.ROOT, "all %s observed rows have a null category", fmt(nullCount))
              : "no observed rows for this group";
      return new Result(0.0, nullCount, null, null, null, Status.MISSING_DATA, why);
    }
    double[] p = new double[k];
    for (int i = 0; i < k; i++) {
      p[i] = observed[i] / n;
    }
    DivergenceProfile nats = DivergenceProfile.compare(p, q);
    DivergenceProfile profile = nats.in(unit);
    KlEvidence evidence =
        evidenceLevel == null ? null : KlEvidence.of(observed, q, evidenceLevel, nats).in(unit);
    return new Result(
        n, nullCount, profile.kObserved(), profile.kModel(), profile, evidence, Status.OK, null);
  }

  /**
   * One group's aligned distributions as {@link #compute(List, String)} compares them: the
   * categories (null category left out), P̂ and Q (after smoothing). For pictures of a few groups.
   *
   * @param categories the categories, in cell order
   * @param p the observed proportions P̂
   * @param q the model probabilities Q
   */
  public record Aligned(List<String> categories, double[] p, double[] q) {}

  /**
   * The aligned P̂ and Q of one group, or null when the group has no model or no observed rows.
   *
   * @param cells the group's cells sorted by category
   */
  public Aligned aligned(List<Cell> cells, String group) {
    cells = merged(cells);
    if (tableCheck != null) {
      cells = checkedModel(cells, group);
    }
    List<Cell> named = new ArrayList<>(cells.size());
    for (Cell c : cells) {
      if (c.category() != null) {
        named.add(c);
      }
    }
    double n = 0.0;
    for (Cell c : named) {
      n += c.observed();
    }
    double[] q = modelProbabilities(named);
    if (q == null || !(n > 0.0)) {
      return null;
    }
    double[] p = new double[named.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = named.get(i).observed() / n;
    }
    return new Aligned(named.stream().map(Cell::category).toList(), p, q);
  }

  /**
   * Merges adjacent cells of the same (non-null) category. A model table's rows arrive as cells of
   * their own next to the observed counts (the report aligns the two sides here, not by a join),
   * and the equi-join of the reference path cannot match a null group key, so a category can arrive
   * as an observed-only and one or more model-only cells. Merging adds observed counts, model
   * values and model-row counts; a valid table has one row per category, which {@link
   * #checkedModel} checks on the merged model-row count.
   */
  private static List<Cell> merged(List<Cell> cells) {
    int k = cells.size();
    boolean adjacent = false;
    for (int i = 1; i < k && !adjacent; i++) {
      String c = cells.get(i).category();
      adjacent = c != null && c.equals(cells.get(i - 1).category());
    }
    if (!adjacent) {
      return cells;
    }
    List<Cell> out = new ArrayList<>(k);
    int i = 0;
    while (i < k) {
      Cell first = cells.get(i);
      String category = first.category();
      int j = i + 1;
      if (category != null) {
        // One run of a category, added up left to right: observed counts, model values (when
        // any; two observed parts of one category, partial counts, both have none) and model-row
        // counts.
        double observed = first.observed();
        boolean hasModel = first.model() != null;
        double model = hasModel ? first.model() : 0.0;
        boolean inSupport = first.inSupport();
        long modelRows = first.modelRows();
        for (; j < k && category.equals(cells.get(j).category()); j++) {
          Cell c = cells.get(j);
          observed += c.observed();
          if (c.model() != null) {
            model = hasModel ? model + c.model() : c.model();
            hasModel = true;
          }
          inSupport |= c.inSupport();
          modelRows += c.modelRows();
        }
        if (j > i + 1) {
          first = new Cell(category, observed, hasModel ? model : null, inSupport, modelRows);
        }
      }
      out.add(first);
      i = j;
    }
    return out;
  }

  /**
   * The model-table checks that need the whole group: one row per category, and the sum of the
   * probabilities (in category order, so the sum and its message do not depend on partitioning).
   * Returns the cells, renormalised with {@link ModelTable.Normalization#RENORMALIZE}.
   */
  private List<Cell> checkedModel(List<Cell> cells, String group) {
    double sum = 0.0;
    boolean any = false;
    for (Cell c : cells) {
      if (c.modelRows() > 1) {
        throw ModelTable.duplicate(c.category(), c.modelRows(), group);
      }
      if (c.model() != null) {
        sum += c.model();
        any = true;
      }
    }
    if (!any) {
      return cells; // no model rows for this group: missing_model, nothing to check
    }
    ModelTable.requireValidSum(group, sum, tableCheck);
    if (tableCheck == ModelTable.Normalization.STRICT) {
      return cells;
    }
    List<Cell> out = new ArrayList<>(cells.size());
    for (Cell c : cells) {
      out.add(
          c.model() == null
              ? c
              : new Cell(
                  c.category(), c.observed(), c.model() / sum, c.inSupport(), c.modelRows()));
    }
    return out;
  }

  /** The model's probabilities aligned with {@code cells}, or null when there is no model. */
  private double[] modelProbabilities(List<Cell> cells) {
    int k = cells.size();
    boolean[] support = new boolean[k];
    double[] weights = new double[k];
    int supportSize = 0;
    double total = 0.0;
    for (int i = 0; i < k; i++) {
      Cell c = cells.get(i);
      boolean in = modelInput == ModelInput.REFERENCE_COUNTS ? c.inSupport() : c.model() != null;
      support[i] = in;
      weights[i] = in && c.model() != null ? c.model() : 0.0;
      if (in) {
        supportSize++;
        total += weights[i];
      }
    }
    if (supportSize == 0 || !(total > 0.0)) {
      return null;
    }
    if (smoothing instanceof Smoothing.Floor) {
      // The floor covers every category seen on either side.
      return smoothing.probabilities(weights);
    }
    double[] onSupport = new double[supportSize];
    for (int i = 0, j = 0; i < k; i++) {
      if (support[i]) {
        onSupport[j++] = weights[i];
      }
    }
    double[] fitted =
        modelInput == ModelInput.REFERENCE_COUNTS
            ? smoothing.probabilities(onSupport)
            : onSupport; // a validated model table: used as it is
    double[] q = new double[k];
    for (int i = 0, j = 0; i < k; i++) {
      if (support[i]) {
        q[i] = fitted[j++];
      }
    }
    return q;
  }

  private static String fmt(double x) {
    return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
  }
}

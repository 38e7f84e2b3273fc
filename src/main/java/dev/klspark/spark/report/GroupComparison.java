package dev.klspark.spark.report;

import dev.klspark.math.DivergenceProfile;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
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
   */
  public record Cell(String category, double observed, Double model, boolean inSupport) {}

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
      Status status,
      String message) {}

  private final ModelInput modelInput;
  private final Smoothing smoothing;
  private final LogBase unit;

  /**
   * @param modelInput what the model side of the cells holds
   * @param smoothing the policy turning the model side into probabilities; {@code additive} needs
   *     {@link ModelInput#REFERENCE_COUNTS}
   * @param unit the unit of the information quantities
   * @throws IllegalArgumentException if additive smoothing is asked for model probabilities
   */
  public GroupComparison(ModelInput modelInput, Smoothing smoothing, LogBase unit) {
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
   */
  public Result compute(List<Cell> cells) {
    cells = merged(cells);
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
    DivergenceProfile profile = DivergenceProfile.compare(p, q).in(unit);
    return new Result(
        n, nullCount, profile.kObserved(), profile.kModel(), profile, Status.OK, null);
  }

  /**
   * Merges adjacent cells of the same (non-null) category: the equi-join that aligns the two sides
   * cannot match a null group key, so such a group's category can arrive as an observed-only and a
   * model-only cell. Each side has at most one row per (group, category) (model tables are checked
   * for duplicates), so merging adds observed counts and model values (reference counts; a
   * probability is present on one side only).
   */
  private static List<Cell> merged(List<Cell> cells) {
    List<Cell> out = new ArrayList<>(cells.size());
    for (Cell c : cells) {
      Cell last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && c.category() != null && c.category().equals(last.category())) {
        out.set(
            out.size() - 1,
            new Cell(
                c.category(),
                last.observed() + c.observed(),
                last.model() == null ? c.model() : c.model() == null ? last.model() : last.model() + c.model(),
                last.inSupport() || c.inSupport()));
      } else {
        out.add(c);
      }
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
      boolean in =
          modelInput == ModelInput.REFERENCE_COUNTS ? c.inSupport() : c.model() != null;
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

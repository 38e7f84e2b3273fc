package dev.klspark.spark.engine;

import java.util.List;
import java.util.Objects;

/**
 * The log-loss of one group's rows under its model, from the group's cells as the per-group step
 * receives them (observed counts, possibly in parts, and the model's rows, each a cell of its own):
 * the sum Σ −ln q(xᵢ) over the rows whose category has q > 0, computed per category as n·(−ln q)
 * (the rows of a category share their q, so their log-losses are multiplied out instead of added
 * row by row), with the rows that have q > 0 and the rows that have a category. Rows whose category
 * has q = 0 or no model row (negative log-likelihood +∞) are left out of the sum and counted apart
 * (named rows minus rows with q > 0), so the finite part stays exact.
 *
 * <p>This is the mean negative log-likelihood's own computation beside the kernel's H(P̂) + KL(P̂ ‖
 * Q) ({@link dev.klspark.math.DivergenceProfile}): it pairs each count with its q by category here,
 * and computes −ln q with {@link StrictMath#log} and n·(−ln q) as Spark's {@code -(n * log(q))}
 * would ({@code (n · ln q) · −1}), so that mle-report's {@code mean_nll} is the value a SQL query
 * over the same counts gives, bit for bit. The kernel computes its quantities from proportions
 * (p·ln(p/q) over the merged cells) with compensated sums.
 *
 * <p>Source: the maximum-likelihood equivalence, mean NLL = H(P̂, Q) = H(P̂) + KL(P̂ ‖ Q) (Cover
 * and Thomas, <i>Elements of Information Theory</i>, 2nd ed., §11.1, the log-likelihood of a sample
 * as its type's cross-entropy).
 *
 * @param nllSum Σ n_c·(−ln q_c) over the categories c (null included, when the model has a row for
 *     it) with q_c > 0, added in cell order; nats
 * @param nllRows Σ n_c over those categories (whole numbers in a double: exact below 2⁵³)
 * @param namedRows Σ n_c over the categories that are not null
 */
public record LogLoss(double nllSum, double nllRows, double namedRows) {

  /**
   * The log-loss of one group's cells.
   *
   * <p>Input: the cells sorted so that cells of one category (null counts as a category) are
   * adjacent, as {@link GroupStream} delivers them. A cell with a null model value is an observed
   * count (or a part of one: parts of one category are added, exactly); a cell with a model value
   * is one model row (its observed value is 0). A category with several model rows (an invalid
   * table, which the report's table check rejects) counts its rows once per model row, as a join of
   * the counts with the model rows would. A category without observed cells adds nothing.
   *
   * @param cells the group's cells; none may be null
   * @return the sums; all 0 for no cells
   * @throws NullPointerException if {@code cells} or a cell is null
   */
  public static LogLoss of(List<GroupComparison.Cell> cells) {
    Objects.requireNonNull(cells, "cells");
    double nll = 0.0;
    double hit = 0.0;
    double named = 0.0;
    int i = 0;
    int size = cells.size();
    while (i < size) {
      String category = cells.get(i).category();
      int end = i;
      double n = 0.0;
      boolean observed = false;
      while (end < size && Objects.equals(cells.get(end).category(), category)) {
        GroupComparison.Cell c = cells.get(end);
        if (c.model() == null) {
          n += c.observed();
          observed = true;
        }
        end++;
      }
      if (observed) {
        boolean anyModel = false;
        for (int j = i; j < end; j++) {
          Double q = cells.get(j).model();
          if (q == null) {
            continue;
          }
          anyModel = true;
          if (q > 0.0) {
            nll += n * StrictMath.log(q) * -1.0;
            hit += n;
          }
          if (category != null) {
            named += n;
          }
        }
        if (!anyModel && category != null) {
          named += n;
        }
      }
      i = end;
    }
    return new LogLoss(nll, hit, named);
  }
}

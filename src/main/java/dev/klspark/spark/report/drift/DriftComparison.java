package dev.klspark.spark.report.drift;

import dev.klspark.math.DivergenceProfile;
import dev.klspark.math.HellingerDistance;
import dev.klspark.math.KlEvidence;
import dev.klspark.math.PopulationStabilityIndex;
import dev.klspark.math.Smoothing;
import dev.klspark.math.TotalVariationDistance;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The drift metrics of one (column, group) from its aligned cells: for every category seen on
 * either side, the current and the reference count. Spark-free; every formula is a call into {@code
 * dev.klspark.math}.
 *
 * <p>Zero policy (one policy, recorded with every row): the {@link Smoothing} is applied to the
 * counts of <em>both</em> sides over the union of their categories (with {@code floor:EPS}: each
 * side's proportions floored at EPS, then renormalised), and every divergence (KL both directions,
 * JS, PSI, Hellinger, total variation) is computed from the smoothed proportions P (current) and Q
 * (reference), so none of them is infinite because a category is new or vanished. The G-test uses
 * the raw current counts against the smoothed reference: {@code G = 2 n KL(P̂ || Q)} in nats, P̂
 * the raw current proportions, with {@code k - 1} degrees of freedom.
 *
 * <p>Statuses decided here are only the ones that need no threshold: {@code missing_reference} (no
 * non-null reference value) and {@code missing_current} (no non-null current value); otherwise the
 * metrics are computed and {@link DriftEvaluation} decides.
 */
public final class DriftComparison implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * One category of one (column, group).
   *
   * @param category the category; null for null values (counted, excluded from the distributions)
   * @param current current count
   * @param reference reference count
   */
  public record Cell(String category, double current, double reference) {}

  /**
   * The metrics; the divergence fields are null when {@code status} is set.
   *
   * @param status {@code missing_reference} / {@code missing_current}, or null when computed
   * @param message why the status is set
   */
  public record Result(
      double nCurrent,
      double nReference,
      double nullCurrent,
      double nullReference,
      int categories,
      int newCategories,
      List<String> labels,
      double[] currentShare,
      double[] referenceShare,
      Double klDivergence,
      Double reverseKlDivergence,
      Double jsDivergence,
      Double psi,
      Double hellingerDistance,
      Double totalVariationDistance,
      Double gStatistic,
      Integer degreesOfFreedom,
      Double pValue,
      Double klDivergenceBiasCorrected,
      Double klDivergenceCiLow,
      Double klDivergenceCiHigh,
      DriftStatus status,
      String message) {}

  private final Smoothing smoothing;
  private final double confidenceLevel;

  /**
   * @param smoothing the zero policy applied to both sides
   */
  public DriftComparison(Smoothing smoothing) {
    this(smoothing, 0.95);
  }

  /**
   * @param smoothing the zero policy applied to both sides
   * @param confidenceLevel the level of the interval for KL(current ‖ reference), in (0, 1)
   */
  public DriftComparison(Smoothing smoothing, double confidenceLevel) {
    if (!(confidenceLevel > 0.0 && confidenceLevel < 1.0)) {
      throw new IllegalArgumentException(
          "confidence level " + confidenceLevel + "; expected a number in (0, 1)");
    }
    this.smoothing = smoothing;
    this.confidenceLevel = confidenceLevel;
  }

  /** The zero policy. */
  public Smoothing smoothing() {
    return smoothing;
  }

  /**
   * Computes the metrics of one (column, group).
   *
   * @param cells the cells in a deterministic order (sorted by category)
   * @return the metrics, or a {@code missing_*} status
   */
  public Result compute(List<Cell> cells) {
    double nullCur = 0;
    double nullRef = 0;
    List<Cell> named = new ArrayList<>();
    for (Cell c : cells) {
      if (c.category() == null) {
        nullCur += c.current();
        nullRef += c.reference();
      } else if (c.current() > 0 || c.reference() > 0) {
        named.add(c);
      }
    }
    int k = named.size();
    List<String> labels = new ArrayList<>(k);
    double[] cur = new double[k];
    double[] ref = new double[k];
    double nCur = 0;
    double nRef = 0;
    int fresh = 0;
    for (int i = 0; i < k; i++) {
      Cell c = named.get(i);
      labels.add(c.category());
      cur[i] = c.current();
      ref[i] = c.reference();
      nCur += cur[i];
      nRef += ref[i];
      if (ref[i] == 0 && cur[i] > 0) {
        fresh++;
      }
    }
    double[] curShare = shares(cur, nCur);
    double[] refShare = shares(ref, nRef);
    if (!(nRef > 0) || !(nCur > 0)) {
      // Nothing to compare. Only nulls on both sides (an all-null column) counts as missing
      // current: the current side is what the run checks.
      DriftStatus s =
          !(nRef > 0) && nCur > 0 ? DriftStatus.MISSING_REFERENCE : DriftStatus.MISSING_CURRENT;
      String why = missing(nCur, nRef, nullCur, nullRef);
      return new Result(
          nCur, nRef, nullCur, nullRef, k, fresh, labels, curShare, refShare, null, null, null,
          null, null, null, null, null, null, null, null, null, s, why);
    }
    double[] p = smoothing.probabilities(cur);
    double[] q = smoothing.probabilities(ref);
    DivergenceProfile profile = DivergenceProfile.compare(p, q);
    // The G-test and the interval of the kernel: raw current counts against the smoothed
    // reference (the current side's counts are the sample; the reference is the model).
    KlEvidence evidence = KlEvidence.of(cur, q, confidenceLevel);
    return new Result(
        nCur,
        nRef,
        nullCur,
        nullRef,
        k,
        fresh,
        labels,
        curShare,
        refShare,
        profile.klDivergence(),
        profile.reverseKlDivergence(),
        profile.jsDivergence(),
        PopulationStabilityIndex.of(p, q),
        HellingerDistance.of(p, q),
        TotalVariationDistance.of(p, q),
        evidence.gStatistic(),
        evidence.degreesOfFreedom(),
        evidence.pValue(),
        evidence.klDivergenceBiasCorrected(),
        evidence.hasInterval() ? evidence.ciLow() : null,
        evidence.hasInterval() ? evidence.ciHigh() : null,
        null,
        null);
  }

  /** Why a (column, group) with no non-null value on one side or both is missing. */
  private static String missing(double nCur, double nRef, double nullCur, double nullRef) {
    if (!(nRef > 0) && !(nCur > 0)) {
      return String.format(
          Locale.ROOT,
          "all values are null on both sides (%s current, %s reference)",
          DriftFormat.count(nullCur),
          DriftFormat.count(nullRef));
    }
    String side = !(nRef > 0) ? "reference" : "current";
    double nulls = !(nRef > 0) ? nullRef : nullCur;
    return nulls > 0
        ? String.format(Locale.ROOT, "all %s %s values are null", DriftFormat.count(nulls), side)
        : "no " + side + " rows for this group";
  }

  private static double[] shares(double[] counts, double n) {
    double[] s = new double[counts.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = n > 0 ? counts[i] / n : 0.0;
    }
    return s;
  }
}

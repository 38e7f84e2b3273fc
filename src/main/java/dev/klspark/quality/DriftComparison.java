package dev.klspark.quality;

import dev.klspark.math.DivergenceProfile;
import dev.klspark.math.ExpectedLogLoss;
import dev.klspark.math.HellingerDistance;
import dev.klspark.math.KlEvidence;
import dev.klspark.math.PopulationStabilityIndex;
import dev.klspark.math.Smoothing;
import dev.klspark.math.TotalVariationDistance;
import dev.klspark.quality.MonitoredColumn.Kind;
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
 *
 * <p>A value column ({@code compare: values}) has no cells: its result comes from the two-sample
 * comparison of its values ({@link #values}), with the categorical metrics null.
 *
 * <p>A prediction column ({@code compare: predictions}) comes as the sums of each side's predicted
 * distributions ({@link #predictions}): its expected log-loss ({@link ExpectedLogLoss}) and the
 * divergences of its mean predictions, smoothed by the same policy (the sums of a label's
 * probabilities are its expected count), with no G-test.
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
   * The metrics; the metric fields are null when {@code status} is set, and those of the other kind
   * of column are always null.
   *
   * @param nCurrent non-null current values (value column: finite ones)
   * @param nReference non-null reference values (value column: finite ones)
   * @param nullCurrent null current values (value column: also NaN and ±Infinity, excluded)
   * @param nullReference null reference values (value column: also NaN and ±Infinity, excluded)
   * @param categories categories seen on either side (0 for a value column)
   * @param newCategories categories with current but no reference values (0 for a value column)
   * @param labels the categories (empty for a value column)
   * @param gStatistic the G-test statistic (categories only)
   * @param degreesOfFreedom the G-test's degrees of freedom (categories only)
   * @param pValue the p-value: the G-test's for categories, the two-sided two-sample
   *     Kolmogorov–Smirnov test's (as scipy {@code ks_2samp}) for values
   * @param kind the kind of column: categorical or bucketed ({@link #compute}), value ({@link
   *     #values}) or prediction ({@link #predictions})
   * @param ksStatistic KS statistic D = sup |F_current − F_reference| (values only)
   * @param wassersteinDistance W₁ = ∫ |F_current − F_reference|, in the column's unit (values only)
   * @param klDivergenceKnn k-NN estimate of KL(current ‖ reference) in nats (values only; null,
   *     with {@code knnProblem}, when undefined)
   * @param knnProblem why the k-NN estimate is null, or null
   * @param nonFiniteCurrent NaN and ±Infinity current values (value column; counted in {@code
   *     nullCurrent} too)
   * @param nonFiniteReference NaN and ±Infinity reference values (value column; counted in {@code
   *     nullReference} too)
   * @param expectedNll the current rows' mean predictive entropy in nats (prediction column)
   * @param expectedNllSd its standard deviation under calibration, in nats (prediction column)
   * @param expectedNllReference the reference rows' mean predictive entropy (prediction column)
   * @param expectedNllChange {@code expectedNll − expectedNllReference} (prediction column)
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
      Kind kind,
      Double ksStatistic,
      Double wassersteinDistance,
      Double klDivergenceKnn,
      String knnProblem,
      double nonFiniteCurrent,
      double nonFiniteReference,
      Double expectedNll,
      Double expectedNllSd,
      Double expectedNllReference,
      Double expectedNllChange,
      DriftStatus status,
      String message) {

    /** Whether this is a value column's result ({@code compare: values}). */
    public boolean valueColumn() {
      return kind == Kind.VALUES;
    }
  }

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
      String why = missing(nCur, nRef, nullCur, nullRef, "null");
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
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          Kind.CATEGORIES,
          null,
          null,
          null,
          null,
          0,
          0,
          null,
          null,
          null,
          null,
          s,
          why);
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
        Kind.CATEGORIES,
        null,
        null,
        null,
        null,
        0,
        0,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * The result of a value column's (column, group) ({@code compare: values}) from the two-sample
   * comparison of its finite values ({@code dev.klspark.math.TwoSampleStream}: KS, W₁, k-NN KL):
   * {@code missing_reference} / {@code missing_current} when a side has no finite value; the
   * categorical metrics null, no categories, empty shares. The p-value is the KS test's.
   *
   * @param n finite current values
   * @param m finite reference values
   * @param nullCurrent null current values
   * @param nullReference null reference values
   * @param nonFiniteCurrent NaN and ±Infinity current values
   * @param nonFiniteReference NaN and ±Infinity reference values
   * @param ksStatistic the KS statistic (null only when a side is empty)
   * @param ksPValue its two-sided p-value (null only when a side is empty)
   * @param wassersteinDistance W₁ in the column's unit (null only when a side is empty)
   * @param klDivergenceKnn the k-NN KL in nats, or null when undefined
   * @param knnProblem why the k-NN KL is null, or null
   * @throws IllegalArgumentException if both sides have values but the KS statistic, its p-value or
   *     W₁ is null or NaN
   */
  public static Result values(
      long n,
      long m,
      long nullCurrent,
      long nullReference,
      long nonFiniteCurrent,
      long nonFiniteReference,
      Double ksStatistic,
      Double ksPValue,
      Double wassersteinDistance,
      Double klDivergenceKnn,
      String knnProblem) {
    double nullCur = nullCurrent + nonFiniteCurrent;
    double nullRef = nullReference + nonFiniteReference;
    if (n == 0 || m == 0) {
      DriftStatus s = m == 0 && n > 0 ? DriftStatus.MISSING_REFERENCE : DriftStatus.MISSING_CURRENT;
      String invalid = nonFiniteCurrent + nonFiniteReference > 0 ? "null, NaN or infinite" : "null";
      return new Result(
          n,
          m,
          nullCur,
          nullRef,
          0,
          0,
          List.of(),
          new double[0],
          new double[0],
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          Kind.VALUES,
          null,
          null,
          null,
          null,
          nonFiniteCurrent,
          nonFiniteReference,
          null,
          null,
          null,
          null,
          s,
          missing(n, m, nullCur, nullRef, invalid));
    }
    for (Double x : new Double[] {ksStatistic, ksPValue, wassersteinDistance}) {
      if (x == null || Double.isNaN(x)) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "value comparison of %d current and %d reference values gave ks_statistic %s,"
                    + " p-value %s, wasserstein_distance %s; expected numbers",
                n,
                m,
                ksStatistic,
                ksPValue,
                wassersteinDistance));
      }
    }
    boolean knn = klDivergenceKnn != null && !Double.isNaN(klDivergenceKnn);
    return new Result(
        n,
        m,
        nullCur,
        nullRef,
        0,
        0,
        List.of(),
        new double[0],
        new double[0],
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        ksPValue,
        null,
        null,
        null,
        Kind.VALUES,
        ksStatistic,
        wassersteinDistance,
        knn ? klDivergenceKnn : null,
        knn ? null : (knnProblem == null ? "the k-NN estimate is undefined" : knnProblem),
        nonFiniteCurrent,
        nonFiniteReference,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * One side's predicted distributions of a prediction column's (column, group), summed over its
   * rows: the mergeable state of {@link #predictions} (sums only, so a query engine computes it in
   * one aggregation).
   *
   * @param rows rows with a distribution
   * @param nulls rows whose distribution is null (excluded)
   * @param entropy Σ_i H(q_i) in nats
   * @param variance Σ_i V(q_i), V(q) = max(0, Σ_k q_k (ln q_k)² − H(q)²) ({@link ExpectedLogLoss})
   * @param probabilities per label k, Σ_i q_ik (the label's expected count), in the order of the
   *     labels
   */
  public record PredictionSums(
      long rows, long nulls, double entropy, double variance, double[] probabilities) {}

  /**
   * The result of a prediction column's (column, group) ({@code compare: predictions}) from both
   * sides' sums: {@code missing_reference} / {@code missing_current} when a side has no row with a
   * distribution; otherwise, with Q̄ = (1/n) Σ_i q_i each side's mean prediction (the shares),
   *
   * <ul>
   *   <li>{@code expectedNll} = (1/n) Σ_i H(q_i) of the current rows and its standard deviation
   *       under calibration, {@code expectedNllReference} of the reference rows, and {@code
   *       expectedNllChange} = current − reference ({@link ExpectedLogLoss#ofSums});
   *   <li>the divergences and distances of the categorical columns between the two sides' sums
   *       after the zero policy (as counts: {@code floor} floors each mean prediction at ε and
   *       renormalises, {@code additive} adds α to each label's expected count): KL(Q̄_current ‖
   *       Q̄_reference), the prediction drift, KL the other way, JS, PSI, Hellinger, total
   *       variation.
   * </ul>
   *
   * No G-test, p-value or interval (a mean prediction is not a count); {@code newCategories} counts
   * the labels the reference rows never predict (probability 0 in every row) but the current rows
   * do.
   *
   * @param labels the labels, aligned with the sums' probabilities
   * @throws IllegalArgumentException if the sums' lengths differ from the labels' or a sum is NaN,
   *     infinite or negative
   */
  public Result predictions(List<String> labels, PredictionSums current, PredictionSums reference) {
    int k = labels.size();
    if (current.probabilities().length != k || reference.probabilities().length != k) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%d labels but %d current and %d reference sums; expected one sum per label",
              k,
              current.probabilities().length,
              reference.probabilities().length));
    }
    double nCur = current.rows();
    double nRef = reference.rows();
    double nullCur = current.nulls();
    double nullRef = reference.nulls();
    int fresh = 0;
    for (int i = 0; i < k; i++) {
      if (reference.probabilities()[i] == 0 && current.probabilities()[i] > 0) {
        fresh++;
      }
    }
    double[] curShare = shares(current.probabilities(), nCur);
    double[] refShare = shares(reference.probabilities(), nRef);
    List<String> names = List.copyOf(labels);
    if (!(nRef > 0) || !(nCur > 0)) {
      DriftStatus s =
          !(nRef > 0) && nCur > 0 ? DriftStatus.MISSING_REFERENCE : DriftStatus.MISSING_CURRENT;
      return new Result(
          nCur,
          nRef,
          nullCur,
          nullRef,
          k,
          fresh,
          names,
          curShare,
          refShare,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          Kind.PREDICTIONS,
          null,
          null,
          null,
          null,
          0,
          0,
          null,
          null,
          null,
          null,
          s,
          missing(nCur, nRef, nullCur, nullRef, "null"));
    }
    ExpectedLogLoss.Result cur =
        ExpectedLogLoss.ofSums(current.rows(), current.entropy(), current.variance()).result();
    ExpectedLogLoss.Result ref =
        ExpectedLogLoss.ofSums(reference.rows(), reference.entropy(), reference.variance())
            .result();
    double[] p = smoothing.probabilities(current.probabilities());
    double[] q = smoothing.probabilities(reference.probabilities());
    DivergenceProfile profile = DivergenceProfile.compare(p, q);
    return new Result(
        nCur,
        nRef,
        nullCur,
        nullRef,
        k,
        fresh,
        names,
        curShare,
        refShare,
        profile.klDivergence(),
        profile.reverseKlDivergence(),
        profile.jsDivergence(),
        PopulationStabilityIndex.of(p, q),
        HellingerDistance.of(p, q),
        TotalVariationDistance.of(p, q),
        null,
        null,
        null,
        null,
        null,
        null,
        Kind.PREDICTIONS,
        null,
        null,
        null,
        null,
        0,
        0,
        cur.expectedNll(),
        cur.expectedNllSd(),
        ref.expectedNll(),
        cur.expectedNll() - ref.expectedNll(),
        null,
        null);
  }

  /**
   * Why a (column, group) with no non-null value on one side or both is missing.
   *
   * @param invalid what the excluded values are, e.g. {@code null}
   */
  private static String missing(
      double nCur, double nRef, double nullCur, double nullRef, String invalid) {
    if (!(nRef > 0) && !(nCur > 0)) {
      return String.format(
          Locale.ROOT,
          "all values are %s on both sides (%s current, %s reference)",
          invalid,
          DriftFormat.count(nullCur),
          DriftFormat.count(nullRef));
    }
    String side = !(nRef > 0) ? "reference" : "current";
    double nulls = !(nRef > 0) ? nullRef : nullCur;
    return nulls > 0
        ? String.format(
            Locale.ROOT, "all %s %s values are %s", DriftFormat.count(nulls), side, invalid)
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

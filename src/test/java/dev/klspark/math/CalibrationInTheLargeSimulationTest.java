package dev.klspark.math;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.testing.RandomDistributions;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The G-test of calibration in the large that the predictions report applies (label counts of a
 * group against its mean prediction Q̄, {@link KlEvidence} with Q̄ as the fixed model), checked by
 * simulation. Under H0 each label is drawn from its own row's prediction, so the counts are a
 * Poisson-multinomial with mean n·Q̄ whose covariance is at most that of Multinomial(n, Q̄): the
 * χ²(k − 1) p-value is then valid and conservative (exact when every row has the same prediction).
 * The test measures both claims and the power against a biased truth.
 */
class CalibrationInTheLargeSimulationTest {
  private static final int REPS = 2000;
  private static final double ALPHA = 0.05;

  /** Fraction of simulated groups whose p-value is below ALPHA. */
  private static double rejectionRate(long seed, int n, int k, boolean heterogeneous, double bias) {
    Random rnd = new Random(seed);
    double[] shared = RandomDistributions.distribution(rnd, k);
    int rejected = 0;
    for (int r = 0; r < REPS; r++) {
      double[] counts = new double[k];
      double[] qbar = new double[k];
      for (int i = 0; i < n; i++) {
        double[] p = heterogeneous ? RandomDistributions.distribution(rnd, k) : shared;
        // The truth: the prediction itself (H0, bias 0), or the prediction mixed with a point
        // mass on label 0, (1 − bias)·p + bias·e_0: the model under-predicts label 0.
        double[] truth = new double[k];
        for (int j = 0; j < k; j++) {
          truth[j] = (1 - bias) * p[j] + (j == 0 ? bias : 0.0);
          qbar[j] += p[j] / n;
        }
        counts[RandomDistributions.sample(rnd, truth)]++;
      }
      if (KlEvidence.of(counts.clone(), qbar, KlEvidence.DEFAULT_CONFIDENCE_LEVEL).pValue()
          < ALPHA) {
        rejected++;
      }
    }
    double rate = (double) rejected / REPS;
    System.out.printf(
        "calibration-in-the-large G-test: n=%d k=%d heterogeneous=%s bias=%s -> rejection rate %.4f%n",
        n, k, heterogeneous, bias, rate);
    return rate;
  }

  @Test
  void sizeIsAtMostAlphaAndConservativeWhenPredictionsDiffer() {
    // Binomial standard error of a rate near 0.05 over 2000 groups: 0.0049; 3 SE = 0.015.
    double heterogeneous = rejectionRate(1L, 300, 4, true, 0.0);
    assertThat(heterogeneous).isLessThanOrEqualTo(ALPHA + 0.015);
    // Conservative: the Poisson-multinomial variance is below the multinomial one.
    assertThat(heterogeneous).isLessThan(ALPHA - 0.01); // measured 0.034
    // Identical predictions: the counts are exactly Multinomial(n, Q̄), the test has its size.
    assertThat(rejectionRate(2L, 300, 4, false, 0.0)).isBetween(ALPHA - 0.015, ALPHA + 0.015);
  }

  @Test
  void detectsASharpenedTruth() {
    // Label 0 drawn 0.15·(1 − 0.25) ≈ 11 points more often than predicted on average: 300 rows
    // detect it in most groups. A miscalibration that keeps the mean (e.g. over-confident rows
    // around the right average) is the reliability term's to show, not this test's.
    assertThat(rejectionRate(3L, 300, 4, true, 0.15)).isGreaterThan(0.8);
  }
}

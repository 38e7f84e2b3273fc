package dev.klspark.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/**
 * The statistical claims of the continuous comparisons, by seeded simulation (deterministic):
 *
 * <ul>
 *   <li>k-NN KL (k = 5): over 120 Gaussian pairs P = N(μ, σ²), Q = N(0, 1) of 3,000 rows a side
 *       with true KL from 0 to about 1.4 nats (closed form, {@link GaussianFamily#klDivergence}),
 *       the mean error is within ±0.02 nats, the mean absolute error below 0.05, and the estimates
 *       rank the pairs as the truth does (Spearman ≥ 0.97);
 *   <li>Kozachenko–Leonenko entropy (k = 5): mean error within ±0.01 nats over 60 samples of 3,000
 *       from each of N(0, 1), Exp(1) and U(0, 1) (h = ½ ln 2πe, 1 and 0);
 *   <li>ties: the same entropy on N(0, 1) rounded to 0.001 keeps its mean error within ±0.02;
 *   <li>Kolmogorov–Smirnov under the null (both samples from one distribution): the p-values are
 *       uniform (a one-sample KS test against U(0, 1) does not reject at 1%, and the share below
 *       0.05 is within [0.03, 0.07]) in the exact range (n = 200, m = 300) and the asymptotic one
 *       (n = 12,000, m = 15,000);
 *   <li>the Dvoretzky–Kiefer–Wolfowitz lower bound of the KS distance covers the truth at least as
 *       often as its level says.
 * </ul>
 */
class KnnEstimatorSimulationTest {
  private static final int K = 5;

  private static double[] normal(Random r, int n, double mu, double sigma) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = mu + sigma * r.nextGaussian();
    }
    return x;
  }

  @Test
  void knnKlIsAccurateAndRanksLikeTheTruth() {
    Random r = new Random(26);
    int pairs = 120;
    double[] truth = new double[pairs];
    double[] est = new double[pairs];
    double err = 0;
    double absErr = 0;
    for (int i = 0; i < pairs; i++) {
      double mu = 1.5 * r.nextDouble();
      double sigma = 0.5 + r.nextDouble();
      truth[i] = GaussianFamily.klDivergence(mu, sigma, 0.0, 1.0);
      est[i] =
          ContinuousSamples.compare(normal(r, 3000, mu, sigma), normal(r, 3000, 0, 1), K)
              .klDivergenceKnn();
      err += est[i] - truth[i];
      absErr += Math.abs(est[i] - truth[i]);
    }
    assertThat(Arrays.stream(truth).max().orElseThrow()).isGreaterThan(1.0);
    assertThat(err / pairs).isBetween(-0.03, 0.03);
    assertThat(absErr / pairs).isLessThan(0.05);
    assertThat(new SpearmansCorrelation().correlation(truth, est)).isGreaterThanOrEqualTo(0.97);
  }

  @Test
  void entropyIsAccurateOnThreeShapes() {
    Random r = new Random(27);
    double[] mean = new double[3];
    for (int rep = 0; rep < 60; rep++) {
      double[] n = normal(r, 3000, 0, 1);
      double[] e = new double[3000];
      double[] u = new double[3000];
      for (int i = 0; i < 3000; i++) {
        e[i] = -Math.log(1 - r.nextDouble());
        u[i] = r.nextDouble();
      }
      mean[0] += ContinuousSamples.entropy(n, K) - 0.5 * Math.log(2 * Math.PI * Math.E);
      mean[1] += ContinuousSamples.entropy(e, K) - 1.0;
      mean[2] += ContinuousSamples.entropy(u, K);
    }
    for (int s = 0; s < 3; s++) {
      assertThat(mean[s] / 60).as("shape %d", s).isBetween(-0.01, 0.01);
    }
  }

  @Test
  void entropyOfFinelyRoundedData() {
    Random r = new Random(28);
    double sum = 0;
    for (int rep = 0; rep < 30; rep++) {
      double[] x = normal(r, 3000, 0, 1);
      for (int i = 0; i < x.length; i++) {
        x[i] = Math.rint(x[i] * 1000) / 1000;
      }
      sum += ContinuousSamples.entropy(x, K) - 0.5 * Math.log(2 * Math.PI * Math.E);
    }
    assertThat(sum / 30).isBetween(-0.02, 0.02);
  }

  @Test
  void ksPValuesAreUniformUnderTheNull() {
    Random r = new Random(29);
    for (int[] size : new int[][] {{200, 300, 1000}, {12_000, 15_000, 300}}) {
      int reps = size[2];
      double[] p = new double[reps];
      int below = 0;
      for (int i = 0; i < reps; i++) {
        p[i] =
            ContinuousSamples.compare(normal(r, size[0], 0, 1), normal(r, size[1], 0, 1), 1)
                .ksPValue();
        below += p[i] < 0.05 ? 1 : 0;
      }
      double uniform =
          new KolmogorovSmirnovTest()
              .kolmogorovSmirnovTest(
                  new org.apache.commons.math3.distribution.UniformRealDistribution(0, 1), p);
      String at = String.format(Locale.ROOT, "n = %d, m = %d", size[0], size[1]);
      assertThat(uniform).as(at).isGreaterThan(0.01);
      assertThat(below / (double) reps).as(at).isBetween(0.03, 0.07);
    }
  }

  /**
   * The lower bound of {@link KolmogorovSmirnov#lowerBound} covers the true distance between N(0,
   * 1) and N(0.5, 1), sup|F − G| = 2Φ(0.25) − 1, in at least 95% of 400 runs at level 0.95 (n =
   * 300, m = 500).
   */
  @Test
  void ksLowerBoundCovers() {
    Random r = new Random(30);
    double truth =
        2
                * new org.apache.commons.math3.distribution.NormalDistribution()
                    .cumulativeProbability(0.25)
            - 1;
    int covered = 0;
    for (int i = 0; i < 400; i++) {
      TwoSampleStream.Result res =
          ContinuousSamples.compare(normal(r, 300, 0.5, 1), normal(r, 500, 0, 1), 1);
      double low = KolmogorovSmirnov.lowerBound(res.ksStatistic(), 300, 500, 0.95);
      covered += low <= truth ? 1 : 0;
    }
    assertThat(covered / 400.0).isGreaterThanOrEqualTo(0.95);
  }
}

package dev.klspark.math;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The statistical claims of {@link KlEvidence}, by simulation with known P and Q (seeded, so the
 * test is deterministic; the README's table comes from the same code, printed with {@code
 * -Dklspark.simulation.print=true}):
 *
 * <ul>
 *   <li>coverage of the 95% interval for KL(P ‖ Q): within [0.93, 0.97] over all groups, at least
 *       0.90 in every (n, k) cell; n from 50 to 5,000, k from 2 to 50, true KL from 0 to 1 nat;
 *   <li>under Q = P, the share of p-values below 0.05 within [0.04, 0.06];
 *   <li>at n = 100, the Miller–Madow-corrected KL's mean error at most a third of the plug-in's.
 * </ul>
 *
 * <p>P is Q tilted along a random direction ({@code p ∝ q·e^{t·d}}) until KL(P ‖ Q) reaches the
 * target, Q a Dirichlet(2, ..., 2) draw; counts are multinomial draws of n rows.
 */
class KlEvidenceSimulationTest {
  private static final int[] N = {50, 200, 1000, 5000};
  private static final int[] K = {2, 5, 20, 50};
  private static final double[] TARGETS = {0.0, 0.001, 0.01, 0.05, 0.2, 0.5, 1.0};
  private static final int PER_CELL = 150;

  private static double[] dirichlet(SplittableRandom rnd, int k) {
    double[] x = new double[k];
    double s = 0;
    for (int i = 0; i < k; i++) {
      // Gamma(2, 1) as the sum of two exponentials.
      x[i] = -Math.log(1 - rnd.nextDouble()) - Math.log(1 - rnd.nextDouble());
      s += x[i];
    }
    for (int i = 0; i < k; i++) {
      x[i] /= s;
    }
    return x;
  }

  private static double kl(double[] p, double[] q) {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] > 0) {
        s += p[i] * Math.log(p[i] / q[i]);
      }
    }
    return s;
  }

  /** Q tilted along d until KL(P ‖ Q) = target (bisection on the tilt). */
  private static double[] tilt(double[] q, double[] d, double target) {
    if (target == 0) {
      return q.clone();
    }
    double lo = 0;
    double hi = 50;
    double[] p = q;
    for (int it = 0; it < 80; it++) {
      double t = (lo + hi) / 2;
      p = new double[q.length];
      double s = 0;
      for (int i = 0; i < q.length; i++) {
        p[i] = q[i] * Math.exp(t * d[i]);
        s += p[i];
      }
      for (int i = 0; i < q.length; i++) {
        p[i] /= s;
      }
      if (kl(p, q) < target) {
        lo = t;
      } else {
        hi = t;
      }
    }
    return p;
  }

  private static double[] multinomial(SplittableRandom rnd, double[] p, int n) {
    double[] cum = new double[p.length];
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += p[i];
      cum[i] = s;
    }
    double[] c = new double[p.length];
    for (int r = 0; r < n; r++) {
      double u = rnd.nextDouble() * s;
      int lo = 0;
      int hi = p.length - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cum[mid] < u) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      c[lo]++;
    }
    return c;
  }

  private record Draw(double[] q, double[] p, double trueKl) {}

  private static Draw draw(SplittableRandom rnd, int k, double target) {
    double[] q = dirichlet(rnd, k);
    double[] d = new double[k];
    for (int i = 0; i < k; i++) {
      d[i] = rnd.nextGaussian();
    }
    double[] p = tilt(q, d, target);
    return new Draw(q, p, kl(p, q));
  }

  @Test
  void intervalCoverageTypeOneErrorAndBias() {
    SplittableRandom rnd = new SplittableRandom(20261201L);
    boolean print = Boolean.getBoolean("klspark.simulation.print");
    int covered = 0;
    int total = 0;
    List<String> cells = new ArrayList<>();
    double worstCell = 1.0;
    for (int n : N) {
      for (int k : K) {
        int hit = 0;
        for (int rep = 0; rep < PER_CELL; rep++) {
          Draw dr = draw(rnd, k, TARGETS[rnd.nextInt(TARGETS.length)]);
          double[] c = multinomial(rnd, dr.p(), n);
          KlEvidence e = KlEvidence.of(c, dr.q(), 0.95);
          if (e.ciLow() <= dr.trueKl() + 1e-12 && dr.trueKl() <= e.ciHigh() + 1e-12) {
            hit++;
          }
        }
        double cov = hit / (double) PER_CELL;
        worstCell = Math.min(worstCell, cov);
        cells.add(String.format(Locale.ROOT, "| %d | %d | %.3f |", n, k, cov));
        covered += hit;
        total += PER_CELL;
      }
    }
    double overall = covered / (double) total;

    // Type-I error of the G-test under Q = P.
    int rejections = 0;
    int nullGroups = 0;
    for (int n : N) {
      for (int k : K) {
        for (int rep = 0; rep < 250; rep++) {
          Draw dr = draw(rnd, k, 0.0);
          double[] c = multinomial(rnd, dr.p(), n);
          if (KlEvidence.of(c, dr.q(), 0.95).pValue() < 0.05) {
            rejections++;
          }
          nullGroups++;
        }
      }
    }
    double typeOne = rejections / (double) nullGroups;

    // Bias at n = 100: mean error of the plug-in and of the corrected KL.
    double plugInError = 0;
    double correctedError = 0;
    int biasGroups = 0;
    for (int k : K) {
      for (int rep = 0; rep < 500; rep++) {
        Draw dr = draw(rnd, k, TARGETS[rnd.nextInt(TARGETS.length)]);
        double[] c = multinomial(rnd, dr.p(), 100);
        KlEvidence e = KlEvidence.of(c, dr.q(), 0.95);
        double plugIn = e.klDivergenceBiasCorrected() + (e.kObserved() - 1) / 200.0;
        plugInError += plugIn - dr.trueKl();
        correctedError += e.klDivergenceBiasCorrected() - dr.trueKl();
        biasGroups++;
      }
    }
    plugInError /= biasGroups;
    correctedError /= biasGroups;

    if (print) {
      System.out.println("| n | k | coverage of the 95% interval |");
      System.out.println("| --- | --- | --- |");
      cells.forEach(System.out::println);
      System.out.printf(
          Locale.ROOT,
          "overall coverage %.4f over %d groups; worst cell %.3f%n",
          overall,
          total,
          worstCell);
      System.out.printf(
          Locale.ROOT,
          "G-test type-I error at 0.05 under Q = P: %.4f over %d groups%n",
          typeOne,
          nullGroups);
      System.out.printf(
          Locale.ROOT,
          "n = 100: mean error plug-in %.5f, corrected %.5f nats over %d groups%n",
          plugInError,
          correctedError,
          biasGroups);
    }
    assertThat(total).isGreaterThanOrEqualTo(2000);
    assertThat(overall).as("overall coverage").isBetween(0.93, 0.97);
    assertThat(worstCell).as("worst (n, k) cell: " + cells).isGreaterThanOrEqualTo(0.90);
    assertThat(typeOne).as("type-I error").isBetween(0.04, 0.06);
    assertThat(Math.abs(correctedError))
        .as("corrected vs plug-in mean error")
        .isLessThanOrEqualTo(Math.abs(plugInError) / 3);
  }
}

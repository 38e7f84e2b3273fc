package dev.klspark.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Identities every correct implementation satisfies, on seeded random distributions. */
class InvariantsTest {
  private static final double LN2 = Math.log(2);

  static Stream<long[]> seeds() {
    return IntStream.range(0, 40).mapToObj(i -> new long[] {i, 1 + (i * 7) % 50});
  }

  /** A random distribution over k categories, with some exact zeros when {@code zeros}. */
  static double[] random(SplittableRandom rnd, int k, boolean zeros) {
    double[] w = new double[k];
    for (int i = 0; i < k; i++) {
      w[i] = zeros && rnd.nextInt(4) == 0 ? 0.0 : -Math.log(rnd.nextDouble());
    }
    if (zeros) {
      w[rnd.nextInt(k)] = 1.0;
    }
    return Distributions.normalize("w", w);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void identitiesHold(long[] seedAndK) {
    SplittableRandom rnd = new SplittableRandom(seedAndK[0]);
    int k = (int) seedAndK[1];
    double[] p = random(rnd, k, seedAndK[0] % 2 == 0);
    double[] q = random(rnd, k, false);

    double h = Entropy.of(p);
    double kl = KlDivergence.of(p, q);
    double ce = CrossEntropy.of(p, q);
    double js = JsDivergence.of(p, q);

    assertThat(kl).isGreaterThanOrEqualTo(0.0);
    assertThat(KlDivergence.of(p, p)).isEqualTo(0.0);
    assertThat(JsDivergence.of(p, p)).isEqualTo(0.0);
    assertThat(h).isBetween(0.0, Math.log(k) + 1e-12);
    assertThat(ce).isCloseTo(h + kl, within(1e-12 * Math.max(1.0, ce)));
    assertThat(js).isBetween(0.0, LN2);
    assertThat(JsDivergence.of(q, p)).isCloseTo(js, within(1e-15));
    // JS is bounded by a quarter of the Jeffreys divergence and by ln 2 (Lin 1991, Theorem 3).
    assertThat(js).isLessThanOrEqualTo(0.25 * (kl + KlDivergence.of(q, p)) + 1e-15);
    // bits = nats / ln 2
    assertThat(KlDivergence.of(p, q, LogBase.BITS)).isCloseTo(kl / LN2, within(1e-15));
  }

  @Test
  void permutingCategoriesChangesNothing() {
    SplittableRandom rnd = new SplittableRandom(7);
    double[] p = random(rnd, 30, true);
    double[] q = random(rnd, 30, false);
    double[] pr = new double[30];
    double[] qr = new double[30];
    for (int i = 0; i < 30; i++) {
      pr[i] = p[29 - i];
      qr[i] = q[29 - i];
    }
    assertThat(KlDivergence.of(pr, qr)).isCloseTo(KlDivergence.of(p, q), within(1e-14));
    assertThat(JsDivergence.of(pr, qr)).isCloseTo(JsDivergence.of(p, q), within(1e-14));
    assertThat(Entropy.of(pr)).isCloseTo(Entropy.of(p), within(1e-14));
  }

  @Test
  void zeroConventions() {
    // 0 ln 0 = 0; p > 0 where q = 0 gives +inf; q > 0 where p = 0 costs nothing in KL(P||Q).
    double[] p = {0.5, 0.5, 0.0};
    double[] q = {0.5, 0.0, 0.5};
    assertThat(Entropy.of(p)).isCloseTo(Math.log(2), within(1e-16));
    assertThat(KlDivergence.of(p, q)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(CrossEntropy.of(p, q)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(KlDivergence.of(new double[] {1, 0}, new double[] {0.5, 0.5}))
        .isCloseTo(Math.log(2), within(1e-16));
    DivergenceProfile profile = DivergenceProfile.compare(p, q);
    assertThat(profile.unseenMass()).isEqualTo(0.5);
    assertThat(profile.kObserved()).isEqualTo(2);
    assertThat(profile.kModel()).isEqualTo(2);
    // Disjoint supports: JS reaches its bound ln 2 exactly (hand calculation).
    assertThat(JsDivergence.of(new double[] {1, 0}, new double[] {0, 1})).isEqualTo(Math.log(2));
  }

  @Test
  void millionCategoriesAgainstClosedForms() {
    int k = 1_000_000;
    double[] uniform = new double[k];
    double[] q = new double[k];
    for (int i = 0; i < k; i++) {
      uniform[i] = 1.0 / k;
      // half the categories at 1.5/k, half at 0.5/k
      q[i] = (i % 2 == 0 ? 1.5 : 0.5) / k;
    }
    // Hand calculation: H(uniform over k) = ln k.
    assertThat(Entropy.of(uniform)).isCloseTo(Math.log(k), within(1e-12 * Math.log(k)));
    // Hand calculation: KL(U||Q) = 1/2 ln(1/1.5) + 1/2 ln(1/0.5) = 1/2 ln(4/3).
    double expected = 0.5 * Math.log(4.0 / 3.0);
    assertThat(KlDivergence.of(uniform, q)).isCloseTo(expected, within(1e-12 * expected));
    // Hand calculation: KL(Q||U) = 0.75 ln 1.5 + 0.25 ln 0.5.
    double reverse = 0.75 * Math.log(1.5) + 0.25 * Math.log(0.5);
    assertThat(KlDivergence.of(q, uniform)).isCloseTo(reverse, within(1e-12 * reverse));
  }

  @Test
  void tinyProbabilitiesKeepRelativeAccuracy() {
    // KL of two Bernoulli distributions with p = 1e-12, q = 2e-12, evaluated by mpmath at 40
    // digits on the exact binary values of these doubles (1 - 1e-12 is not exact in binary):
    // sum(mpf(a) * log(mpf(a) / mpf(b))) = 3.0683069772043317836e-13.
    double[] p = {1 - 1e-12, 1e-12};
    double[] q = {1 - 2e-12, 2e-12};
    assertThat(KlDivergence.of(p, q)).isCloseTo(3.0683069772043317836e-13, within(3.07e-13 * 1e-9));
  }
}

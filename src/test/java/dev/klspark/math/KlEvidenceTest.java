package dev.klspark.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KlEvidenceTest {
  /**
   * src/test/resources/oracles/evidence_oracles.py (scipy 1.17.1): G and p from {@code
   * stats.power_divergence(c, n*q, lambda_="log-likelihood")}, Miller–Madow by hand, the interval
   * from scipy's exact {@code ncx2.cdf} and {@code brentq} over the scaled model. Columns: counts,
   * q, G, p, df, H_MM, KL_bc, low, high (nats, level 0.95).
   */
  static Stream<Arguments> scipy() {
    return Stream.of(
        Arguments.of(
            new double[] {30, 20, 50},
            new double[] {0.3, 0.3, 0.4},
            6.095750807094401,
            0.04745964995661144,
            2,
            1.0396530140645737,
            0.020478754035472023,
            0.0,
            0.0881727358035268),
        Arguments.of(
            new double[] {12, 0, 3, 5},
            new double[] {0.25, 0.25, 0.25, 0.25},
            17.946295953897653,
            0.00045121077444803604,
            3,
            0.9876369622724492,
            0.3986573988474413,
            0.15903030891636957,
            0.6610746224227613),
        Arguments.of(
            new double[] {480, 520},
            new double[] {0.5, 0.5},
            1.600426939967619,
            0.20584271761257994,
            1,
            0.6928469670899614,
            0.0003002134699838133,
            0.0,
            0.0051972284152665),
        Arguments.of(
            new double[] {930, 70},
            new double[] {0.5, 0.5},
            879.0164672765079,
            3.5764179380983104e-193,
            1,
            0.25413894692169137,
            0.43900823363825403,
            0.3992958505396155,
            0.48111903794783245),
        Arguments.of(
            new double[] {2, 1, 40, 51, 6},
            new double[] {0.05, 0.05, 0.4, 0.45, 0.05},
            8.070460510471246,
            0.08903096938318733,
            4,
            1.0230188198882286,
            0.020352302552356222,
            0.0,
            0.07803259456000435),
        Arguments.of(
            new double[] {5000, 4800, 200},
            new double[] {0.49, 0.49, 0.02},
            4.081916028931943,
            0.12990420114299947,
            2,
            0.7772192544270318,
            0.00010409580144659794,
            0.0,
            0.0007212923405919781));
  }

  @ParameterizedTest
  @MethodSource("scipy")
  void matchesScipy(
      double[] c,
      double[] q,
      double g,
      double p,
      int df,
      double hmm,
      double klbc,
      double lo,
      double hi) {
    KlEvidence e = KlEvidence.of(c, q, 0.95);
    assertThat(e.gStatistic()).isCloseTo(g, within(1e-12 * g));
    assertThat(e.pValue()).isCloseTo(p, within(1e-10 * p));
    assertThat(e.degreesOfFreedom()).isEqualTo(df);
    assertThat(e.entropyBiasCorrected()).isCloseTo(hmm, within(1e-13));
    assertThat(e.klDivergenceBiasCorrected()).isCloseTo(klbc, within(1e-13));
    // Bounds where the model's noncentrality passes 100 use Sankaran's approximation: 1e-3
    // relative.
    assertThat(e.ciLow()).isCloseTo(lo, within(1e-3 * lo + 1e-12));
    assertThat(e.ciHigh()).isCloseTo(hi, within(1e-3 * hi + 1e-12));
  }

  @Test
  void invariants() {
    double[] c = {17, 5, 0, 28};
    double[] q = {0.3, 0.2, 0.1, 0.4};
    KlEvidence e = KlEvidence.of(c, q, 0.95);
    DivergenceProfile d = DivergenceProfile.compare(Distributions.normalize("c", c), q);
    // cross-entropy = corrected entropy + corrected KL, as for the plug-in estimates.
    assertThat(e.entropyBiasCorrected() + e.klDivergenceBiasCorrected())
        .isCloseTo(d.crossEntropy(), within(1e-14));
    assertThat(e.gStatistic()).isCloseTo(2 * 50 * d.klDivergence(), within(1e-12));
    // A wider level gives a wider interval containing the narrower one.
    KlEvidence wide = KlEvidence.of(c, q, 0.99);
    assertThat(wide.ciLow()).isLessThanOrEqualTo(e.ciLow());
    assertThat(wide.ciHigh()).isGreaterThanOrEqualTo(e.ciHigh());
    // Permuting the categories changes nothing.
    KlEvidence perm =
        KlEvidence.of(new double[] {28, 0, 5, 17}, new double[] {0.4, 0.1, 0.2, 0.3}, 0.95);
    assertThat(perm.ciHigh()).isCloseTo(e.ciHigh(), within(1e-12));
    assertThat(perm.pValue()).isCloseTo(e.pValue(), within(1e-15));
    // Bits: the information quantities scale by 1/ln 2, G and p do not.
    KlEvidence bits = e.in(LogBase.BITS);
    assertThat(bits.ciHigh()).isCloseTo(e.ciHigh() / Math.log(2), within(1e-15));
    assertThat(bits.gStatistic()).isEqualTo(e.gStatistic());
    // Ten times the data around the same proportions: a narrower interval.
    KlEvidence more = KlEvidence.of(new double[] {170, 50, 0, 280}, q, 0.95);
    assertThat(more.ciHigh() - more.ciLow()).isLessThan(e.ciHigh() - e.ciLow());
  }

  @Test
  void impossibleCategoriesAndSingleCategoryModels() {
    KlEvidence inf = KlEvidence.of(new double[] {3, 1}, new double[] {1.0, 0.0}, 0.95);
    assertThat(inf.gStatistic()).isInfinite();
    assertThat(inf.pValue()).isZero();
    assertThat(inf.ciLow()).isInfinite();
    assertThat(inf.ciHigh()).isInfinite();
    KlEvidence one = KlEvidence.of(new double[] {3, 0}, new double[] {1.0, 0.0}, 0.95);
    assertThat(one.degreesOfFreedom()).isZero();
    assertThat(one.pValue()).isEqualTo(1.0);
    assertThat(one.ciLow()).isZero();
    assertThat(one.ciHigh()).isZero();
  }

  @Test
  void badArguments() {
    assertThatThrownBy(() -> KlEvidence.of(new double[] {1, 2}, new double[] {0.5, 0.5}, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("confidence level = 1.0; expected a number in (0, 1)");
    assertThatThrownBy(() -> KlEvidence.of(new double[] {0, 0}, new double[] {0.5, 0.5}, 0.9))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KlEvidence.of(new double[] {1, -2}, new double[] {0.5, 0.5}, 0.9))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KlEvidence.of(new double[] {1, 2}, new double[] {0.5, 0.6}, 0.9))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noIntervalWhenExpectedCountsAreTooSmall() {
    // Cochran: n q_i = 4 x 0.5 = 2 < 5 in every category (fewer than 80% reach 5).
    KlEvidence few = KlEvidence.of(new double[] {3, 1}, new double[] {0.5, 0.5}, 0.95);
    assertThat(few.hasInterval()).isFalse();
    assertThat(few.ciLow()).isNaN();
    assertThat(few.pValue()).isCloseTo(0.3063154055027338, within(1e-14)); // still reported
    // n q_i = 1000 x 0.0005 = 0.5 < 1 for one category.
    assertThat(
            KlEvidence.of(new double[] {500, 500, 0}, new double[] {0.4995, 0.5, 0.0005}, 0.95)
                .hasInterval())
        .isFalse();
    assertThat(KlEvidence.expectedCountsSuffice(20, new double[] {0.25, 0.25, 0.25, 0.25}))
        .isTrue();
    assertThat(KlEvidence.expectedCountsSuffice(19, new double[] {0.25, 0.25, 0.25, 0.25}))
        .isFalse();
  }

  /**
   * The overload that reuses a profile's entropy and KL gives {@link KlEvidence#of(double[],
   * double[], double)} to the last bit: whole counts (where it reuses them), fractional counts
   * whose left-to-right sum differs from the compensated one (where it falls back), sparse and
   * infinite cases. Random cases from a fixed seed, compared with {@code equals} (bitwise on the
   * doubles, NaN equal to NaN).
   */
  @Test
  void reusingTheProfileChangesNoBit() {
    java.util.Random random = new java.util.Random(7);
    int reused = 0;
    int fellBack = 0;
    for (int trial = 0; trial < 2000; trial++) {
      int k = 2 + random.nextInt(30);
      double[] counts = new double[k];
      double[] w = new double[k];
      double wSum = 0.0;
      boolean whole = trial % 2 == 0;
      for (int i = 0; i < k; i++) {
        counts[i] =
            random.nextInt(5) == 0 ? 0 : whole ? random.nextInt(400) : random.nextDouble() * 1e3;
        w[i] = random.nextInt(10) == 0 ? 0.0 : random.nextDouble();
        wSum += w[i];
      }
      counts[random.nextInt(k)] += 1;
      if (!(wSum > 0)) {
        continue;
      }
      double[] q = Distributions.normalize("w", w);
      double plain = 0.0;
      for (double c : counts) {
        plain += c;
      }
      double[] p = new double[k];
      for (int i = 0; i < k; i++) {
        p[i] = counts[i] / plain;
      }
      DivergenceProfile profile = DivergenceProfile.compare(p, q);
      double compensated = Distributions.requireWeights("counts", counts);
      if (plain == compensated) {
        reused++;
      } else {
        fellBack++;
      }
      for (double level : new double[] {0.9, 0.95}) {
        assertThat(KlEvidence.of(counts, q, level, profile))
            .as("counts %s, q %s", java.util.Arrays.toString(counts), java.util.Arrays.toString(q))
            .isEqualTo(KlEvidence.of(counts, q, level));
      }
    }
    assertThat(reused).isGreaterThan(900);
    assertThat(fellBack).isGreaterThan(50);
  }

  @Test
  void reusingTheProfileRefusesWhatTheOtherRefuses() {
    double[] q = {0.5, 0.5};
    DivergenceProfile nats = DivergenceProfile.compare(new double[] {0.5, 0.5}, q);
    assertThatThrownBy(() -> KlEvidence.of(new double[] {1, 1}, q, 1.0, nats))
        .hasMessage("confidence level = 1.0; expected a number in (0, 1)");
    assertThatThrownBy(() -> KlEvidence.of(new double[] {0, 0}, q, 0.95, nats))
        .hasMessage("counts sums to 0; expected at least one positive count");
    assertThatThrownBy(() -> KlEvidence.of(new double[] {1, -1}, q, 0.95, nats))
        .hasMessageStartingWith("counts[1] = -1.0 is negative");
    assertThatThrownBy(
            () -> KlEvidence.of(new double[] {1, 1}, new double[] {0.5, 0.6}, 0.95, nats))
        .hasMessageStartingWith("q sums to 1.1");
    assertThatThrownBy(() -> KlEvidence.of(new double[] {1, 1}, q, 0.95, nats.in(LogBase.BITS)))
        .hasMessage("the profile is in bits; expected the profile in nats");
    // A profile of other counts: one observed category instead of two, or a model with one.
    DivergenceProfile oneObserved = DivergenceProfile.compare(new double[] {1, 0}, q);
    assertThatThrownBy(() -> KlEvidence.of(new double[] {1, 1}, q, 0.95, oneObserved))
        .hasMessage(
            "the profile has k_observed = 1 and k_model = 2; expected the profile of these counts"
                + " and model (2 and 2)");
    DivergenceProfile oneInModel =
        DivergenceProfile.compare(new double[] {0.5, 0.5}, new double[] {1, 0});
    assertThatThrownBy(() -> KlEvidence.of(new double[] {3, 1}, q, 0.95, oneInModel))
        .hasMessage(
            "the profile has k_observed = 2 and k_model = 1; expected the profile of these counts"
                + " and model (2 and 2)");
    // Counts whose left-to-right sum is not their compensated sum: the profile is not used, so a
    // profile of other counts changes nothing (as documented).
    double[] fractional = {0.1, 0.2, 0.3};
    double[] q3 = {0.2, 0.3, 0.5};
    double plain = 0.1 + 0.2 + 0.3;
    assertThat(plain).isNotEqualTo(0.6); // 0.6000000000000001: the fallback branch
    DivergenceProfile other = DivergenceProfile.compare(new double[] {1, 0, 0}, q3);
    assertThat(KlEvidence.of(fractional, q3, 0.95, other))
        .isEqualTo(KlEvidence.of(fractional, q3, 0.95));
  }
}

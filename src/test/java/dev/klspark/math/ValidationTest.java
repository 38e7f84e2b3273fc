package dev.klspark.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Bad arguments: each one a clear message naming the argument, the index and the value. */
class ValidationTest {

  @Test
  void negativeProbability() {
    assertThatThrownBy(() -> KlDivergence.of(new double[] {1.2, -0.2}, new double[] {0.5, 0.5}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("p[1] = -0.2 is negative; expected a finite non-negative value");
  }

  @Test
  void nanProbability() {
    assertThatThrownBy(() -> Entropy.of(new double[] {Double.NaN, 1.0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("p[0] = NaN is NaN; expected a finite non-negative value");
  }

  @Test
  void infiniteProbability() {
    assertThatThrownBy(
            () -> JsDivergence.of(new double[] {1.0}, new double[] {Double.POSITIVE_INFINITY}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("q[0] = Infinity is infinite");
  }

  @Test
  void lengthMismatch() {
    assertThatThrownBy(() -> CrossEntropy.of(new double[] {1.0}, new double[] {0.5, 0.5}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "p has 1 elements and q has 2; expected distributions over the same categories");
  }

  @Test
  void notNormalised() {
    assertThatThrownBy(() -> KlDivergence.of(new double[] {0.5, 0.4}, new double[] {0.5, 0.5}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("p sums to 0.9")
        .hasMessageEndingWith(
            "expected 1 within 1.0E-6 (normalise it, or choose a smoothing policy)");
    // Within the tolerance is accepted.
    assertThat(Entropy.of(new double[] {0.5, 0.5 + 5e-7})).isPositive();
  }

  @Test
  void emptyAndNull() {
    assertThatThrownBy(() -> Entropy.of(new double[0]))
        .hasMessage("p is empty; expected at least one category");
    assertThatThrownBy(() -> Entropy.of(null))
        .hasMessage("p is null; expected an array of probabilities");
    assertThatThrownBy(() -> Distributions.normalize("counts", new double[] {0, 0}))
        .hasMessage("counts sums to 0; expected at least one positive count");
  }

  @Test
  void units() {
    assertThat(LogBase.parse("BITS")).isEqualTo(LogBase.BITS);
    assertThat(LogBase.parse(" nats ")).isEqualTo(LogBase.NATS);
    assertThatThrownBy(() -> LogBase.parse("dits"))
        .hasMessage("unit 'dits' is not supported; expected 'nats' or 'bits'");
  }

  @Test
  void smoothingPolicies() {
    // Hand calculation: counts (3, 1, 0), alpha = 1, k = 3: (4/7, 2/7, 1/7).
    assertThat(Smoothing.parse("additive:1").probabilities(new double[] {3, 1, 0}))
        .containsExactly(new double[] {4.0 / 7, 2.0 / 7, 1.0 / 7}, within(1e-16));
    // Hand calculation: (0.75, 0.25, 0) floored at 0.05 -> (0.75, 0.25, 0.05) / 1.05.
    assertThat(Smoothing.parse("floor:0.05").probabilities(new double[] {3, 1, 0}))
        .containsExactly(new double[] {0.75 / 1.05, 0.25 / 1.05, 0.05 / 1.05}, within(1e-16));
    assertThat(Smoothing.parse("none").probabilities(new double[] {3, 1, 0}))
        .containsExactly(0.75, 0.25, 0.0);
    assertThat(Smoothing.parse("additive:0.5").spec()).isEqualTo("additive:0.5");
    assertThatThrownBy(() -> Smoothing.parse("laplace"))
        .hasMessageStartingWith("smoothing 'laplace' is not supported");
    assertThatThrownBy(() -> Smoothing.parse("additive:x"))
        .hasMessage("smoothing 'additive:x' has parameter 'x', which is not a number");
    assertThatThrownBy(() -> Smoothing.parse("additive:-1"))
        .hasMessage(
            "additive smoothing alpha = -1.0; expected a value in (0, 1e+12] (a pseudo-count per category)");
    assertThatThrownBy(() -> Smoothing.parse("floor:1"))
        .hasMessage("floor smoothing epsilon = 1.0; expected a value in (0, 1)");
  }

  @Test
  void perCategoryProbabilityIsTheElementOfTheVector() {
    // Hand calculation as above: counts (3, 1, 0) total 4, k = 3.
    Smoothing laplace = Smoothing.parse("additive:1");
    assertThat(laplace.probability(3, 4, 3)).isEqualTo(4.0 / 7);
    assertThat(laplace.probability(0, 4, 3)).isEqualTo(1.0 / 7);
    // No rows at all: additive smoothing gives the uniform distribution 1/k.
    assertThat(laplace.probability(0, 0, 4)).isEqualTo(0.25);
    assertThat(Smoothing.none().probability(1, 4, 3)).isEqualTo(0.25);
    // Bit for bit the element of probabilities(), whatever the counts (integer counts add exactly).
    double[] counts = {17, 0, 5, 1_000_003, 2};
    double total = 17 + 5 + 1_000_003 + 2;
    for (Smoothing s : new Smoothing[] {Smoothing.none(), Smoothing.parse("additive:0.37")}) {
      double[] q = s.probabilities(counts);
      for (int i = 0; i < counts.length; i++) {
        assertThat(s.probability(counts[i], total, counts.length)).as(s.spec()).isEqualTo(q[i]);
      }
    }
    assertThatThrownBy(() -> Smoothing.none().probability(0, 0, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("counts sum to 0; expected at least one positive count (no smoothing)");
    assertThatThrownBy(() -> laplace.probability(5, 4, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count 5.0 of a total 4.0; expected finite counts with 0 <= count <= total");
    assertThatThrownBy(() -> laplace.probability(Double.NaN, 4, 3))
        .hasMessage("count NaN of a total 4.0; expected finite counts with 0 <= count <= total");
    assertThatThrownBy(() -> laplace.probability(1, 4, 0))
        .hasMessage("0 known categories; expected at least one category");
    assertThatThrownBy(() -> Smoothing.parse("floor:0.05").probability(1, 4, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("floor smoothing renormalises the floored values");
  }
}

package dev.klspark.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ψ(x) against scipy 1.17.1 {@code special.digamma(x)}. */
class DigammaTest {
  @ParameterizedTest
  @CsvSource({
    "0.5, -1.9635100260214235",
    "1, -0.5772156649015329",
    "1.5, 0.03648997397857652",
    "2, 0.42278433509846713",
    "5, 1.5061176684318003",
    "9.99, 2.250700372831201",
    "10, 2.251752589066721",
    "49, 3.881581510162586",
    "150, 5.007298257075679",
    "1e6, 13.81551005796419",
    "1e12, 27.631021115928046"
  })
  void matchesScipy(double x, double psi) {
    assertThat(Digamma.of(x)).isCloseTo(psi, within(2e-15 * Math.max(1.0, Math.abs(psi))));
  }

  @org.junit.jupiter.api.Test
  void rejectsNonPositive() {
    assertThatThrownBy(() -> Digamma.of(0.0)).hasMessageContaining("expected x > 0");
  }
}

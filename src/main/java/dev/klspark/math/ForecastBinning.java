package dev.klspark.math;

import java.io.Serializable;
import java.util.Locale;

/**
 * How {@link DivergenceScoreDecomposition} groups probabilistic forecasts into bins.
 *
 * <ul>
 *   <li>{@link #exact()}: one bin per distinct forecast vector. Every forecast in a bin is then
 *       identical to the bin's mean forecast and the decomposition is exact ({@code DS = UNC − RES
 *       + REL}, up to rounding).
 *   <li>{@link #grid(int)} with m steps: the bin of a forecast f is the vector {@code (floor(m f_1
 *       + 0.5), …, floor(m f_K + 0.5))}, each class probability rounded to the nearest multiple of
 *       1/m (ties upwards). Forecasts in one bin differ by at most 1/(2m) per class, the
 *       decomposition is no longer exact, and the difference is reported as the residual.
 * </ul>
 *
 * <p>The key is computed with IEEE double arithmetic as written above ({@code Math.floor(m * f +
 * 0.5)}), so a Spark expression {@code floor(f * m + 0.5)} gives the same bins.
 */
public final class ForecastBinning implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The grid steps of the reports' binning: {@value} (probabilities rounded to 0.01). A continuous
   * model has about one distinct forecast per row; exact bins would then hold one outcome each,
   * which makes resolution equal uncertainty and says nothing.
   */
  public static final int DEFAULT_GRID_STEPS = 100;

  private final int steps; // 0: exact

  private ForecastBinning(int steps) {
    this.steps = steps;
  }

  /** One bin per distinct forecast vector. */
  public static ForecastBinning exact() {
    return new ForecastBinning(0);
  }

  /**
   * Each class probability rounded to the nearest multiple of {@code 1/steps}.
   *
   * @param steps the grid steps m, {@code >= 1}
   * @throws IllegalArgumentException if {@code steps < 1}
   */
  public static ForecastBinning grid(int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "grid steps %d; expected at least 1", steps));
    }
    return new ForecastBinning(steps);
  }

  /** True for {@link #exact()}. */
  public boolean isExact() {
    return steps == 0;
  }

  /** The grid steps m, 0 for {@link #exact()}. */
  public int steps() {
    return steps;
  }

  /**
   * The bin of a forecast: the vector itself (a copy) when exact, else the rounded grid vector.
   *
   * @param forecast the class probabilities
   * @return a new array identifying the bin
   */
  public double[] key(double[] forecast) {
    double[] k = forecast.clone();
    if (steps > 0) {
      for (int j = 0; j < k.length; j++) {
        k[j] = Math.floor(steps * k[j] + 0.5);
      }
    }
    return k;
  }

  /** {@code exact} or {@code grid 1/m}, as reports state the binning. */
  @Override
  public String toString() {
    return steps == 0 ? "exact" : "grid 1/" + steps;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ForecastBinning b && b.steps == steps;
  }

  @Override
  public int hashCode() {
    return steps;
  }
}

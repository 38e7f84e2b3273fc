package dev.klspark.datagen;

import dev.klspark.math.Distributions;
import java.io.Serializable;

/**
 * The known distributions a synthetic data set is drawn from, and the per-row sampler.
 *
 * <p><b>Groups.</b> Group {@code g} (rank {@code g} in {@code [0, G)}) is drawn with probability
 * {@code w_g}: without a hot group, {@code w_g = (g+1)^-s / H(G, s)} (Zipf with exponent {@code s =
 * groupSkew}, uniform for s = 0, {@code H} the generalised harmonic number that normalises); with a
 * hot-group fraction {@code f > 0}, {@code w_0 = f} and groups {@code 1..G-1} share {@code 1 - f}
 * by Zipf over their ranks {@code 1..G-1}.
 *
 * <p><b>Categories.</b> Inside every group the category ranks follow Zipf with exponent {@code t =
 * categorySkew}: rank {@code r} has probability {@code z_r = (r+1)^-t / H(K, t)}. Groups differ by
 * a rotation: rank {@code r} of group {@code g} is category {@code (r + o_g) mod K}, where the
 * offset {@code o_g} is a hash of (seed, g). So every group has the same entropy but its own
 * distribution, and {@code q_g(c) = z_{(c - o_g) mod K}} is {@link #probability(int, int)}, the
 * value written to the model table.
 *
 * <p>Sampling uses {@link AliasTable}s and {@link RowRandom}, so a row depends only on (seed, row
 * id). Weights are computed with {@link StrictMath} so that tables, and hence rows, are identical
 * on every JVM.
 */
public final class SyntheticModel implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long OFFSET_SALT = 0x6a09e667f3bcc909L;

  private final long offsetBase;
  private final int groups;
  private final int categories;
  private final double[] categoryProbabilities;
  private final AliasTable groupTable;
  private final AliasTable categoryTable;
  private final int groupWidth;
  private final int categoryWidth;

  private SyntheticModel(SyntheticSpec spec) {
    this.offsetBase = RowRandom.mix64(spec.seed() ^ OFFSET_SALT);
    this.groups = spec.groups();
    this.categories = spec.categories();
    this.categoryProbabilities = zipf(categories, spec.categorySkew());
    this.categoryTable = AliasTable.of(categoryProbabilities);
    this.groupTable =
        AliasTable.of(groupProbabilities(groups, spec.groupSkew(), spec.hotGroupFraction()));
    this.groupWidth = Integer.toString(groups - 1).length();
    this.categoryWidth = Integer.toString(categories - 1).length();
  }

  /** The model of a (validated) spec. */
  public static SyntheticModel of(SyntheticSpec spec) {
    return new SyntheticModel(spec);
  }

  /**
   * Zipf probabilities {@code (r+1)^-exponent}, normalised, for ranks {@code r = 0..k-1}.
   *
   * @param k number of ranks, at least 1
   * @param exponent Zipf exponent, at least 0 (0 = uniform)
   * @return a new probability vector of length k, decreasing for exponent > 0
   * @throws IllegalArgumentException if k < 1 or the exponent is negative or not finite
   */
  public static double[] zipf(int k, double exponent) {
    if (k < 1 || !(exponent >= 0.0) || Double.isInfinite(exponent)) {
      throw new IllegalArgumentException(
          "zipf(k = "
              + k
              + ", exponent = "
              + exponent
              + "); expected k >= 1, finite exponent >= 0");
    }
    double[] w = new double[k];
    for (int r = 0; r < k; r++) {
      w[r] = exponent == 0.0 ? 1.0 : StrictMath.pow(r + 1.0, -exponent);
    }
    return Distributions.normalize("zipf weights", w);
  }

  /**
   * The probability of each group (see the class comment).
   *
   * @param groups G, at least 1
   * @param skew Zipf exponent of the group sizes
   * @param hotFraction the fraction of rows in group 0, or 0 for none; needs G >= 2 when > 0
   * @return a new probability vector of length G
   */
  public static double[] groupProbabilities(int groups, double skew, double hotFraction) {
    if (hotFraction == 0.0) {
      return zipf(groups, skew);
    }
    double[] rest = zipf(groups - 1, skew);
    double[] w = new double[groups];
    w[0] = hotFraction;
    for (int g = 1; g < groups; g++) {
      w[g] = (1.0 - hotFraction) * rest[g - 1];
    }
    return w;
  }

  /** Number of groups G. */
  public int groups() {
    return groups;
  }

  /** Number of categories K per group. */
  public int categories() {
    return categories;
  }

  /** The rotation {@code o_g} in {@code [0, K)} of group g. */
  public int offset(int group) {
    return (int) Long.remainderUnsigned(RowRandom.mix64(offsetBase + group), categories);
  }

  /** The known probability {@code q_g(c)} of category index c in group g. */
  public double probability(int group, int category) {
    return categoryProbabilities[Math.floorMod(category - offset(group), categories)];
  }

  /** Draws the group of a row. */
  public int sampleGroup(RowRandom random) {
    return groupTable.sample(random.nextDouble(), random.nextDouble());
  }

  /** Draws the category index of a row of group g. */
  public int sampleCategory(int group, RowRandom random) {
    int rank = categoryTable.sample(random.nextDouble(), random.nextDouble());
    int c = rank + offset(group);
    return c >= categories ? c - categories : c;
  }

  /** The label of group g: {@code g} followed by g zero-padded to the width of G - 1. */
  public String groupLabel(int group) {
    return pad('g', group, groupWidth);
  }

  /** The label of category c: {@code c} followed by c zero-padded to the width of K - 1. */
  public String categoryLabel(int category) {
    return pad('c', category, categoryWidth);
  }

  private static String pad(char prefix, int value, int width) {
    String digits = Integer.toString(value);
    StringBuilder b = new StringBuilder(width + 1).append(prefix);
    for (int i = digits.length(); i < width; i++) {
      b.append('0');
    }
    return b.append(digits).toString();
  }
}

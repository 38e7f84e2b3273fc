package dev.klspark.datagen;

import java.util.Locale;
import java.util.Objects;

/**
 * What to generate: the size and shape of a synthetic data set. Validated on construction; the
 * messages name the command-line flag of {@code GenerateDataJob} that carries the bad value.
 *
 * @param rows number of rows n, at least 1
 * @param groups number of groups G, at least 1
 * @param categories number of categories K of every group, at least 1
 * @param groupSkew Zipf exponent of the group sizes (group of rank r has weight (r+1)^-s); 0 gives
 *     groups of equal expected size; finite, at least 0
 * @param categorySkew Zipf exponent of the category frequencies inside a group; 0 is uniform
 * @param hotGroupFraction expected fraction of all rows put into group 0 (the other groups share
 *     the rest by {@code groupSkew}); 0 disables it; in [0, 1), and needs at least 2 groups
 * @param valueColumn whether rows carry a numeric {@code value}
 * @param groupIdType the type of {@code group_id}
 * @param seed the seed: same spec and seed give the same rows
 * @param partitions number of Spark partitions (and files) of the rows; 0 picks one per {@link
 *     #ROWS_PER_PARTITION} rows, a choice that depends on nothing but {@code rows}
 */
public record SyntheticSpec(
    long rows,
    int groups,
    int categories,
    double groupSkew,
    double categorySkew,
    double hotGroupFraction,
    ValueColumn valueColumn,
    GroupIdType groupIdType,
    long seed,
    int partitions) {

  /** Rows per partition when {@code partitions} is 0 (automatic): {@value}. */
  public static final long ROWS_PER_PARTITION = 1_000_000L;

  /** Validates every field. */
  public SyntheticSpec {
    Objects.requireNonNull(valueColumn, "valueColumn");
    Objects.requireNonNull(groupIdType, "groupIdType");
    if (rows < 1) {
      throw bad("--rows", rows, "expected at least 1 row");
    }
    if (groups < 1) {
      throw bad("--groups", groups, "expected at least 1 group");
    }
    if (categories < 1) {
      throw bad("--categories", categories, "expected at least 1 category");
    }
    if (!(groupSkew >= 0.0) || Double.isInfinite(groupSkew)) {
      throw bad("--group-skew", groupSkew, "expected a finite Zipf exponent >= 0 (0 = uniform)");
    }
    if (!(categorySkew >= 0.0) || Double.isInfinite(categorySkew)) {
      throw bad(
          "--category-skew", categorySkew, "expected a finite Zipf exponent >= 0 (0 = uniform)");
    }
    if (!(hotGroupFraction >= 0.0 && hotGroupFraction < 1.0)) {
      throw bad("--hot-group-fraction", hotGroupFraction, "expected a fraction in [0, 1)");
    }
    if (hotGroupFraction > 0.0 && groups < 2) {
      throw bad(
          "--hot-group-fraction",
          hotGroupFraction,
          "needs at least 2 groups (--groups is " + groups + ")");
    }
    if (partitions < 0) {
      throw bad("--partitions", partitions, "expected a positive count, or 0 for automatic");
    }
  }

  /** The number of partitions to use: {@code partitions}, or ceil(rows / 10^6) when it is 0. */
  public int effectivePartitions() {
    if (partitions > 0) {
      return partitions;
    }
    return (int) Math.max(1L, (rows + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION);
  }

  private static IllegalArgumentException bad(String flag, Object value, String expected) {
    return new IllegalArgumentException(
        String.format(Locale.ROOT, "%s = %s; %s", flag, value, expected));
  }
}

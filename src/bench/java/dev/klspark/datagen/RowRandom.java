package dev.klspark.datagen;

/**
 * A counter-based random stream: the numbers of row {@code id} depend only on {@code (seed, id)},
 * never on partitioning, thread or execution order, so a generated data set is identical whatever
 * the number of partitions or executors.
 *
 * <p>The stream is SplitMix64 (G. L. Steele, D. Lea, C. H. Flood, "Fast splittable pseudorandom
 * number generators", OOPSLA 2014; the finaliser is the one of {@code java.util.SplittableRandom}),
 * started at a state obtained by mixing the seed and the row id. One mutable instance is reused for
 * every row of a partition ({@link #reset(long, long)}); it is not thread-safe.
 */
public final class RowRandom {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
  private static final double DOUBLE_UNIT = 0x1.0p-53;

  private long state;

  /** Starts the stream of row {@code id} under {@code seed}. */
  public RowRandom reset(long seed, long id) {
    state = mix64(mix64(seed) + id * GOLDEN_GAMMA);
    return this;
  }

  /** The next 64 random bits. */
  public long nextLong() {
    state += GOLDEN_GAMMA;
    return mix64(state);
  }

  /** A uniform double in [0, 1), with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * DOUBLE_UNIT;
  }

  /**
   * A standard normal deviate by the Box-Muller transform. {@link StrictMath} keeps the result
   * bit-for-bit identical on every JVM (Math.log/cos may be intrinsified differently).
   */
  public double nextGaussian() {
    // 1 - u lies in (0, 1], so the logarithm is finite.
    double r = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - nextDouble()));
    return r * StrictMath.cos(2.0 * Math.PI * nextDouble());
  }

  /** The SplitMix64 / {@code SplittableRandom} finaliser (David Stafford's Mix13 variant). */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}

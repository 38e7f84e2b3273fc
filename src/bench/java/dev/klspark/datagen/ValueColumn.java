package dev.klspark.datagen;

/** Whether the generated rows carry a numeric {@code value} column, and how it is drawn. */
public enum ValueColumn {
  /** No {@code value} column. */
  NONE,
  /**
   * A double {@code value} drawn from a normal distribution with mean equal to the row's category
   * index ({@code c0003} has mean 3) and standard deviation 1: a numeric column whose buckets are
   * related to the categories, for bucketing tests.
   */
  NORMAL
}

package dev.klspark.datagen;

/** The type of the generated {@code group_id} column. */
public enum GroupIdType {
  /**
   * {@code group_id} is a string {@code g<rank>}, zero-padded to a fixed width, e.g. {@code g007}.
   */
  STRING,
  /** {@code group_id} is the group's rank as a long, from 0. */
  LONG
}

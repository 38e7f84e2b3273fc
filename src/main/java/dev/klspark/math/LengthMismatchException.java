package dev.klspark.math;

/**
 * Arguments that must be aligned (distributions over the same categories, vectors and matrices of
 * one dimension) have different lengths. The message names both arguments and both lengths. A
 * subclass only so that callers can tell a length mismatch from a bad value (the SQL functions
 * report it under its own error condition); every other argument error is a plain {@link
 * IllegalArgumentException}.
 */
public final class LengthMismatchException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public LengthMismatchException(String message) {
    super(message);
  }
}

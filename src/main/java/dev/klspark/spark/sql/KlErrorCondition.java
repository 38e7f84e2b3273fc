package dev.klspark.spark.sql;

/**
 * The error conditions (Spark's "error classes") of the klspark SQL functions, each with its
 * SQLSTATE: what a {@link KlFunctionException} reports through {@code SparkThrowable}, and what
 * {@code docs/sql.md} lists (a test checks the table against this enum).
 *
 * <p>SQLSTATEs are standard ones: class 22 (data exception) for a rejected value, class 42 for a
 * call that does not fit the function's signature, as Spark chooses its own.
 */
public enum KlErrorCondition {
  /**
   * A distribution, counts or weights argument is not one: an element is NULL, NaN, infinite or
   * negative, the elements do not sum to 1 within 1e-6, or the counts sum to 0; in the category
   * aggregates, a model probability q outside [0, 1], two values of q for one category, or observed
   * categories whose q sum to more than 1. SQLSTATE 22023, invalid parameter value.
   */
  INVALID_DISTRIBUTION("22023"),

  /**
   * Arguments aligned by index (two distributions, the vectors of a closed form, a mean and its
   * covariance matrix) have different lengths, or a covariance matrix is not square. SQLSTATE
   * 2201E, the one Spark gives its own {@code STRUCT_ARRAY_LENGTH_MISMATCH}.
   */
  LENGTH_MISMATCH("2201E"),

  /**
   * A sample of a continuous variable cannot be used: it is empty, holds a NULL, NaN or infinite
   * value, or has too few distinct values for the neighbour rank k. SQLSTATE 2202H, invalid sample
   * size.
   */
  INVALID_SAMPLE("2202H"),

  /**
   * A numeric parameter is outside its domain: a probability of {@code kl_bernoulli} outside [0,
   * 1], a standard deviation, variance or rate that is not a finite value > 0 (>= 0 for Poisson
   * rates), a mean or log-variance that is not finite, a covariance matrix that is not symmetric
   * positive definite, the neighbour rank k outside [1, 1000], the confidence level outside (0, 1).
   * SQLSTATE 22003, numeric value out of range.
   */
  PARAMETER_OUT_OF_RANGE("22003"),

  /**
   * The call does not fit the function's signature (found at analysis, before any row is read): the
   * number or type of the arguments, a unit, smoothing policy, level or k that is not a constant, a
   * unit or policy klspark does not know. SQLSTATE 42K09, as Spark's {@code DATATYPE_MISMATCH}.
   */
  INVALID_ARGUMENT("42K09");

  private final String sqlState;

  KlErrorCondition(String sqlState) {
    this.sqlState = sqlState;
  }

  /** The condition as Spark shows it: {@code KLSPARK_} and the constant's name. */
  public String condition() {
    return "KLSPARK_" + name();
  }

  /** The five-character SQLSTATE. */
  public String sqlState() {
    return sqlState;
  }
}

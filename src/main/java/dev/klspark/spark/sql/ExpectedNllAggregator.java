package dev.klspark.spark.sql;

import dev.klspark.math.ExpectedLogLoss;
import dev.klspark.math.LogBase;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoders;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * The typed aggregator behind {@code expected_nll} and {@code expected_nll_sd} ({@code
 * functions.udaf}): the buffer is the kernel's own mergeable accumulator, {@link ExpectedLogLoss},
 * fed one row's prediction at a time (checked there), merged across partitions, Java-serialised.
 * Rows whose prediction is NULL are skipped, like {@code count(col)}; with no remaining row the
 * result is NULL. Errors carry no hint to a {@code try_} variant: aggregates have none.
 *
 * <p>Two plain {@code double} aggregates rather than one struct: each is one column of the reports
 * ({@code expected_nll_U}, {@code expected_nll_sd_U}) and one number in SQL arithmetic, e.g. the
 * calibration z {@code (-mean_log_likelihood(q_y) - expected_nll(q)) / expected_nll_sd(q)}. A query
 * that asks for both reads each row's prediction twice.
 */
final class ExpectedNllAggregator extends Aggregator<double[], ExpectedLogLoss, Double> {
  private static final long serialVersionUID = 1L;

  /** Which statistic of the group's {@link ExpectedLogLoss.Result} the aggregate returns. */
  enum Statistic {
    /** {@code expected_nll}: (1/n) Σ H(q_i), the mean predictive entropy. */
    EXPECTED_NLL("expected_nll"),
    /** {@code expected_nll_sd}: the standard deviation of the mean NLL under calibration. */
    EXPECTED_NLL_SD("expected_nll_sd");

    final String sqlName;

    Statistic(String sqlName) {
      this.sqlName = sqlName;
    }

    double of(ExpectedLogLoss.Result r) {
      return this == EXPECTED_NLL ? r.expectedNll() : r.expectedNllSd();
    }
  }

  private final Statistic statistic;
  private final LogBase unit;

  ExpectedNllAggregator(Statistic statistic, LogBase unit) {
    this.statistic = statistic;
    this.unit = unit;
  }

  /**
   * The input: one row's prediction as {@code double[]}, decoded from {@code array<double>} without
   * NULL elements ({@link ScalarBindings#predictionArray} checks that first: this decoding would
   * read a NULL as 0).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Encoder<double[]> inputEncoder() {
    // An ExpressionEncoder, as CategoryAggregators.mapEncoder: the type both lines' udaf takes.
    return (Encoder<double[]>)
        (Encoder)
            ExpressionEncoder.apply(
                new AgnosticEncoders.ArrayEncoder(
                    AgnosticEncoders.PrimitiveDoubleEncoder$.MODULE$, false));
  }

  @Override
  public ExpectedLogLoss zero() {
    return new ExpectedLogLoss();
  }

  @Override
  public ExpectedLogLoss reduce(ExpectedLogLoss b, double[] q) {
    if (q != null) {
      try {
        b.add(q);
      } catch (IllegalArgumentException e) {
        throw KlFunctionException.of(statistic.sqlName, KlErrorCondition.INVALID_DISTRIBUTION, e);
      }
    }
    return b;
  }

  @Override
  public ExpectedLogLoss merge(ExpectedLogLoss a, ExpectedLogLoss b) {
    a.merge(b);
    return a;
  }

  @Override
  public Double finish(ExpectedLogLoss b) {
    ExpectedLogLoss.Result r = b.result();
    return r.n() == 0 ? null : unit.fromNats(statistic.of(r));
  }

  @Override
  public Encoder<ExpectedLogLoss> bufferEncoder() {
    return Encoders.javaSerialization(ExpectedLogLoss.class);
  }

  @Override
  public Encoder<Double> outputEncoder() {
    return Encoders.DOUBLE();
  }
}

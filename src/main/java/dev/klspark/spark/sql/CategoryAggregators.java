package dev.klspark.spark.sql;

import dev.klspark.math.Distributions;
import dev.klspark.math.Entropy;
import dev.klspark.math.KlDivergence;
import dev.klspark.math.LogBase;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoders;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.expressions.Aggregator;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * The typed aggregators behind the category aggregate functions ({@code functions.udaf}). Rows
 * whose category (or model probability) is NULL are skipped, like {@code count(col)}; with no
 * remaining row the result is NULL. Their errors carry no hint to a {@code try_} variant:
 * aggregates have none.
 */
final class CategoryAggregators {
  private CategoryAggregators() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  static <V> Encoder<Map<String, V>> mapEncoder(Class<V> values) {
    // Wrapped in an ExpressionEncoder: Spark 4 takes the AgnosticEncoder itself, Spark 3.5's
    // aggregators need the ExpressionEncoder (both lines have ExpressionEncoder.apply of one).
    return (Encoder<Map<String, V>>)
        (Encoder)
            ExpressionEncoder.apply(
                new AgnosticEncoders.MapEncoder(
                    ClassTag$.MODULE$.apply(Map.class),
                    AgnosticEncoders.StringEncoder$.MODULE$,
                    values == Long.class
                        ? AgnosticEncoders.BoxedLongEncoder$.MODULE$
                        : AgnosticEncoders.BoxedDoubleEncoder$.MODULE$,
                    false));
  }

  /**
   * Base of every category aggregator: the {@link CategoryCounts} buffer (empty at first, merged
   * across partitions, Java-serialised), its errors naming the SQL function {@code fn}.
   */
  abstract static class OverCounts<IN, OUT> extends Aggregator<IN, CategoryCounts, OUT> {
    private static final long serialVersionUID = 1L;
    final String fn;

    OverCounts(String fn) {
      this.fn = fn;
    }

    @Override
    public CategoryCounts zero() {
      return new CategoryCounts();
    }

    @Override
    public CategoryCounts merge(CategoryCounts a, CategoryCounts b) {
      return a.merge(b, fn);
    }

    @Override
    public Encoder<CategoryCounts> bufferEncoder() {
      return Encoders.javaSerialization(CategoryCounts.class);
    }
  }

  /** Base of the one-column aggregators: counts per category. */
  abstract static class Counting<OUT> extends OverCounts<String, OUT> {
    private static final long serialVersionUID = 1L;

    Counting(String fn) {
      super(fn);
    }

    @Override
    public CategoryCounts reduce(CategoryCounts b, String category) {
      if (category != null) {
        b.add(category, Double.NaN, fn);
      }
      return b;
    }

    @Override
    public OUT finish(CategoryCounts b) {
      return b.total == 0 ? null : result(b);
    }

    abstract OUT result(CategoryCounts b);
  }

  /** What a per-category map holds for a category of {@code count} rows out of {@code total}. */
  @FunctionalInterface
  interface PerCategory<V> extends Serializable {
    V value(double count, double total);
  }

  /** {@code category_counts}: category -> number of rows. */
  static CategoryMap<Long> counts() {
    return new CategoryMap<>("category_counts", Long.class, (count, total) -> (long) count);
  }

  /** {@code empirical_distribution}: category -> count / n. */
  static CategoryMap<Double> empirical() {
    return new CategoryMap<>(
        "empirical_distribution", Double.class, (count, total) -> count / total);
  }

  /** A map from each category to a value of its count ({@link #counts}, {@link #empirical}). */
  static final class CategoryMap<V> extends Counting<Map<String, V>> {
    private static final long serialVersionUID = 1L;
    private final Class<V> type;
    private final PerCategory<V> value;

    CategoryMap(String fn, Class<V> type, PerCategory<V> value) {
      super(fn);
      this.type = type;
      this.value = value;
    }

    @Override
    Map<String, V> result(CategoryCounts b) {
      Map<String, V> out = new TreeMap<>();
      double n = b.total;
      b.byCategory.forEach((k, v) -> out.put(k, value.value(v[0], n)));
      return out;
    }

    @Override
    public Encoder<Map<String, V>> outputEncoder() {
      return mapEncoder(type);
    }
  }

  /** {@code entropy_of}: entropy of the empirical distribution of the column. */
  static final class EntropyOf extends Counting<Double> {
    private static final long serialVersionUID = 1L;
    private final LogBase unit;

    EntropyOf(LogBase unit) {
      super("entropy_of");
      this.unit = unit;
    }

    @Override
    Double result(CategoryCounts b) {
      double[] counts = new double[b.byCategory.size()];
      int i = 0;
      for (double[] v : b.byCategory.values()) {
        counts[i++] = v[0];
      }
      return Entropy.of(Distributions.normalize("counts", counts), unit);
    }

    @Override
    public Encoder<Double> outputEncoder() {
      return Encoders.DOUBLE();
    }
  }

  /**
   * {@code kl_divergence_from_samples}: KL(P̂ || Q) with P̂ the empirical distribution of the rows'
   * categories and Q the model, whose probability of each row's category is the second column.
   * Categories the model gives mass but no row shows contribute 0 (0 ln(0/q) = 0): they are
   * gathered in one residual category {@code 1 - sum of the observed q}, which the kernel then
   * validates together with the observed ones.
   */
  static final class KlFromSamples extends OverCounts<Tuple2<String, Double>, Double> {
    private static final long serialVersionUID = 1L;
    static final String FN = "kl_divergence_from_samples";
    private final LogBase unit;

    KlFromSamples(LogBase unit) {
      super(FN);
      this.unit = unit;
    }

    @Override
    public CategoryCounts reduce(CategoryCounts b, Tuple2<String, Double> row) {
      if (row != null && row._1() != null && row._2() != null) {
        double q = row._2();
        if (!(q >= 0.0 && q <= 1.0)) {
          throw KlFunctionException.of(
              FN,
              KlErrorCondition.INVALID_DISTRIBUTION,
              String.format(
                  Locale.ROOT,
                  "q = %s for category '%s'; expected a probability in [0, 1]",
                  q,
                  row._1()));
        }
        b.add(row._1(), q, FN);
      }
      return b;
    }

    @Override
    public Double finish(CategoryCounts b) {
      if (b.total == 0) {
        return null;
      }
      int k = b.byCategory.size();
      double[] p = new double[k + 1];
      double[] q = new double[k + 1];
      double n = b.total;
      double observedMass = 0.0;
      int i = 0;
      for (double[] v : b.byCategory.values()) {
        p[i] = v[0] / n;
        q[i] = v[1];
        observedMass += v[1];
        i++;
      }
      if (observedMass > 1.0 + Distributions.DEFAULT_SUM_TOLERANCE) {
        throw KlFunctionException.of(
            FN,
            KlErrorCondition.INVALID_DISTRIBUTION,
            String.format(
                Locale.ROOT,
                "the model probabilities of the %d observed categories sum to %s; expected at"
                    + " most 1",
                k,
                observedMass));
      }
      q[k] = Math.max(0.0, 1.0 - observedMass);
      try {
        return KlDivergence.of(p, q, unit);
      } catch (IllegalArgumentException e) {
        throw KlFunctionException.of(FN, KlErrorCondition.INVALID_DISTRIBUTION, e);
      }
    }

    @Override
    public Encoder<Double> outputEncoder() {
      return Encoders.DOUBLE();
    }
  }
}

package dev.klspark.spark.sql;

import static dev.klspark.spark.sql.Exprs.DOUBLE_ARRAY;
import static dev.klspark.spark.sql.Exprs.DOUBLE_MATRIX;
import static dev.klspark.spark.sql.Exprs.STRING_DOUBLE_MAP;
import static dev.klspark.spark.sql.Exprs.intLiteral;
import static dev.klspark.spark.sql.Exprs.invoke;

import dev.klspark.math.LogBase;
import dev.klspark.spark.compat.SparkCompat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.aggregate.Average;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.expressions.UserDefinedAggregator;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.AbstractDataType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.Option;

/** Builders: resolved argument expressions to the expression of each kind of function. */
final class FunctionBuilders {
  private FunctionBuilders() {}

  /** A measure of one or two distributions (arrays, maps or vectors), with an optional unit. */
  static Function<List<Expression>, Expression> distribution(Measure m) {
    return args -> {
      String fn = m.sqlName;
      int n = m.distributions;
      String signature = (n == 1 ? "(" + m.first : "(p, q") + (m.hasUnit ? " [, unit])" : ")");
      Exprs.requireArity(fn, args, n, m.hasUnit ? n + 1 : n, signature);
      LogBase unit = args.size() > n ? Exprs.unit(fn, args.get(n)) : LogBase.NATS;
      Expression measure = intLiteral(m.ordinal());
      Expression unitLiteral = intLiteral(unit.ordinal());
      Expression p = args.get(0);
      Exprs.Shape sp = Exprs.shape(fn, m.first, p);
      if (n == 1) {
        if (sp == Exprs.Shape.MAP) {
          return invoke(
              "singleMap",
              DataTypes.DoubleType,
              List.of(measure, p, unitLiteral),
              List.of(DataTypes.IntegerType, STRING_DOUBLE_MAP, DataTypes.IntegerType));
        }
        return invoke(
            "singleArray",
            DataTypes.DoubleType,
            List.of(measure, Exprs.numericArray(fn, m.first, p), unitLiteral),
            List.of(DataTypes.IntegerType, DOUBLE_ARRAY, DataTypes.IntegerType));
      }
      Expression q = args.get(1);
      if (Exprs.alignedByKey(fn, "p", p, "q", q)) {
        return invoke(
            "pairMaps",
            DataTypes.DoubleType,
            List.of(measure, p, q, unitLiteral),
            List.of(
                DataTypes.IntegerType,
                STRING_DOUBLE_MAP,
                STRING_DOUBLE_MAP,
                DataTypes.IntegerType));
      }
      return invoke(
          "pairArrays",
          DataTypes.DoubleType,
          List.of(
              measure, Exprs.numericArray(fn, "p", p), Exprs.numericArray(fn, "q", q), unitLiteral),
          List.of(DataTypes.IntegerType, DOUBLE_ARRAY, DOUBLE_ARRAY, DataTypes.IntegerType));
    };
  }

  /** {@code g_test(counts, q)}: struct(statistic, degrees_of_freedom, p_value). */
  static final org.apache.spark.sql.types.StructType G_TEST =
      new org.apache.spark.sql.types.StructType()
          .add("statistic", DataTypes.DoubleType, false)
          .add("degrees_of_freedom", DataTypes.IntegerType, false)
          .add("p_value", DataTypes.DoubleType, false);

  /** {@code kl_divergence_ci(...)}: struct(low, high). */
  static final org.apache.spark.sql.types.StructType INTERVAL =
      new org.apache.spark.sql.types.StructType()
          .add("low", DataTypes.DoubleType, false)
          .add("high", DataTypes.DoubleType, false);

  /**
   * An evidence function of counts against a model: {@code g_test(counts, q)}, {@code
   * kl_divergence_ci(counts, q [, level [, unit]])}. Both arrays (or vectors) aligned by index, or
   * both maps aligned by key.
   */
  static Function<List<Expression>, Expression> countsAgainstModel(String fn) {
    boolean interval = fn.equals("kl_divergence_ci");
    return args -> {
      Exprs.requireArity(
          fn,
          args,
          2,
          interval ? 4 : 2,
          interval ? "(counts, q [, level [, unit]])" : "(counts, q)");
      Expression c = args.get(0);
      Expression q = args.get(1);
      boolean maps = Exprs.alignedByKey(fn, "counts", c, "q", q);
      List<Expression> in = new ArrayList<>();
      List<AbstractDataType> types = new ArrayList<>();
      if (maps) {
        in.addAll(List.of(c, q));
        types.addAll(List.of(STRING_DOUBLE_MAP, STRING_DOUBLE_MAP));
      } else {
        in.addAll(List.of(Exprs.numericArray(fn, "counts", c), Exprs.numericArray(fn, "q", q)));
        types.addAll(List.of(DOUBLE_ARRAY, DOUBLE_ARRAY));
      }
      if (!interval) {
        return invoke(maps ? "gTestMaps" : "gTestArrays", G_TEST, in, types);
      }
      double level = args.size() > 2 ? Exprs.level(fn, args.get(2)) : 0.95;
      LogBase unit = args.size() > 3 ? Exprs.unit(fn, args.get(3)) : LogBase.NATS;
      in.add(org.apache.spark.sql.catalyst.expressions.Literal.create(level, DataTypes.DoubleType));
      in.add(intLiteral(unit.ordinal()));
      types.add(DataTypes.DoubleType);
      types.add(DataTypes.IntegerType);
      return invoke(maps ? "klCiMaps" : "klCiArrays", INTERVAL, in, types, true);
    };
  }

  /** {@code entropy_miller_madow(counts [, unit])}. */
  static Function<List<Expression>, Expression> millerMadow() {
    String fn = "entropy_miller_madow";
    return args -> {
      Exprs.requireArity(fn, args, 1, 2, "(counts [, unit])");
      LogBase unit = args.size() > 1 ? Exprs.unit(fn, args.get(1)) : LogBase.NATS;
      Expression c = args.get(0);
      if (Exprs.shape(fn, "counts", c) == Exprs.Shape.MAP) {
        return invoke(
            "entropyMillerMadowMap",
            DataTypes.DoubleType,
            List.of(c, intLiteral(unit.ordinal())),
            List.of(STRING_DOUBLE_MAP, DataTypes.IntegerType));
      }
      return invoke(
          "entropyMillerMadowArray",
          DataTypes.DoubleType,
          List.of(Exprs.numericArray(fn, "counts", c), intLiteral(unit.ordinal())),
          List.of(DOUBLE_ARRAY, DataTypes.IntegerType));
    };
  }

  /** {@code normalize_distribution(counts)}. */
  static Function<List<Expression>, Expression> normalizeDistribution() {
    String fn = "normalize_distribution";
    return args -> {
      Exprs.requireArity(fn, args, 1, 1, "(counts)");
      return invoke(
          "normalizeDistribution",
          PROBABILITIES,
          List.of(Exprs.numericArray(fn, "counts", args.get(0))),
          List.of(DOUBLE_ARRAY));
    };
  }

  /** {@code smooth_distribution(weights, policy)}: the policy is a constant, parsed here. */
  static Function<List<Expression>, Expression> smoothDistribution() {
    String fn = "smooth_distribution";
    return args -> {
      Exprs.requireArity(fn, args, 2, 2, "(weights, policy)");
      Expression weights = Exprs.numericArray(fn, "weights", args.get(0));
      String spec = Exprs.smoothing(fn, args.get(1)).spec();
      return invoke(
          "smoothDistribution",
          PROBABILITIES,
          List.of(
              weights,
              org.apache.spark.sql.catalyst.expressions.Literal.create(spec, DataTypes.StringType)),
          List.of(DOUBLE_ARRAY, DataTypes.StringType));
    };
  }

  /** The result of {@code ks_2samp}. */
  static final org.apache.spark.sql.types.StructType KS_TEST =
      new org.apache.spark.sql.types.StructType()
          .add("statistic", DataTypes.DoubleType, false)
          .add("p_value", DataTypes.DoubleType, false);

  /**
   * A comparison of two samples given as arrays of numbers ({@code ks_2samp}, {@code
   * wasserstein_distance}, {@code kl_divergence_knn}) or a statistic of one ({@code
   * differential_entropy}): calls {@code ScalarBindings.<method>(samples..., [k, unit])}.
   *
   * @param samples 1 or 2
   * @param hasK whether an optional constant k (then an optional unit) follows the samples
   */
  static Function<List<Expression>, Expression> samples(
      String fn, String method, int samples, boolean hasK, DataType result) {
    List<String> names = samples == 2 ? List.of("current", "reference") : List.of("values");
    String signature = "(" + String.join(", ", names) + (hasK ? " [, k [, unit]])" : ")");
    return args -> {
      Exprs.requireArity(fn, args, samples, hasK ? samples + 2 : samples, signature);
      List<Expression> in = new ArrayList<>();
      List<AbstractDataType> types = new ArrayList<>();
      for (int i = 0; i < samples; i++) {
        in.add(Exprs.numericArray(fn, names.get(i), args.get(i)));
        types.add(DOUBLE_ARRAY);
      }
      if (hasK) {
        int k =
            args.size() > samples
                ? Exprs.neighbours(fn, args.get(samples))
                : dev.klspark.math.ContinuousSamples.DEFAULT_K;
        LogBase unit =
            args.size() > samples + 1 ? Exprs.unit(fn, args.get(samples + 1)) : LogBase.NATS;
        in.add(intLiteral(k));
        in.add(intLiteral(unit.ordinal()));
        types.add(DataTypes.IntegerType);
        types.add(DataTypes.IntegerType);
      }
      return invoke(method, result, in, types);
    };
  }

  /** A distribution made by klspark: {@code array<double>} without NULL elements. */
  static final org.apache.spark.sql.types.ArrayType PROBABILITIES =
      DataTypes.createArrayType(DataTypes.DoubleType, false);

  /** What a closed-form argument is. */
  enum Param {
    NUMBER,
    VECTOR,
    MATRIX
  }

  /**
   * A closed form over numbers, vectors and matrices with an optional unit last: calls {@code
   * ScalarBindings.<method>(args..., unit)}.
   */
  static Function<List<Expression>, Expression> closedForm(
      String fn, String method, List<String> names, List<Param> params) {
    return args -> {
      int n = names.size();
      Exprs.requireArity(fn, args, n, n + 1, "(" + String.join(", ", names) + " [, unit])");
      LogBase unit = args.size() > n ? Exprs.unit(fn, args.get(n)) : LogBase.NATS;
      List<Expression> converted = new ArrayList<>();
      List<AbstractDataType> types = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Expression a = args.get(i);
        switch (params.get(i)) {
          case NUMBER -> {
            converted.add(Exprs.number(fn, names.get(i), a));
            types.add(DataTypes.DoubleType);
          }
          case VECTOR -> {
            converted.add(Exprs.numericArray(fn, names.get(i), a));
            types.add(DOUBLE_ARRAY);
          }
          case MATRIX -> {
            converted.add(Exprs.numericMatrix(fn, names.get(i), a));
            types.add(DOUBLE_MATRIX);
          }
        }
      }
      converted.add(intLiteral(unit.ordinal()));
      types.add(DataTypes.IntegerType);
      return invoke(method, DataTypes.DoubleType, converted, types);
    };
  }

  /** {@code mean_log_likelihood(q [, unit])}: Spark's own {@code avg} over checked {@code ln q}. */
  static Function<List<Expression>, Expression> meanLogLikelihood() {
    return args -> {
      String fn = "mean_log_likelihood";
      Exprs.requireArity(fn, args, 1, 2, "(q [, unit])");
      LogBase unit = args.size() > 1 ? Exprs.unit(fn, args.get(1)) : LogBase.NATS;
      Expression logQ =
          invoke(
              "logProbability",
              DataTypes.DoubleType,
              List.of(Exprs.number(fn, "q", args.get(0)), intLiteral(unit.ordinal())),
              List.of(DataTypes.DoubleType, DataTypes.IntegerType));
      // Prints as mean_log_likelihood(q [, unit]): avg's name comes from the alias tag Spark sets
      // on built-in aliases (mean), its argument list from the bare FunctionCall.
      Average avg = new Average(FunctionCall.of("", args, false, logQ));
      avg.setTagValue(FunctionRegistry$.MODULE$.FUNC_ALIAS(), fn);
      return avg;
    };
  }

  /**
   * {@code expected_nll(prediction [, unit])} and {@code expected_nll_sd(prediction [, unit])}: the
   * {@link ExpectedNllAggregator} over each row's prediction (an array, vector or map's values),
   * its NULL elements rejected first. Prints as {@code name(arguments)}, as {@link
   * #meanLogLikelihood}.
   */
  static Function<List<Expression>, Expression> expectedNll(
      ExpectedNllAggregator.Statistic statistic) {
    String fn = statistic.sqlName;
    return args -> {
      Exprs.requireArity(fn, args, 1, 2, "(prediction [, unit])");
      LogBase unit = args.size() > 1 ? Exprs.unit(fn, args.get(1)) : LogBase.NATS;
      Expression q = args.get(0);
      Expression name =
          org.apache.spark.sql.catalyst.expressions.Literal.create(fn, DataTypes.StringType);
      Expression checked =
          Exprs.shape(fn, "prediction", q) == Exprs.Shape.MAP
              ? invoke(
                  "predictionMap",
                  PROBABILITIES,
                  List.of(q, name),
                  List.of(STRING_DOUBLE_MAP, DataTypes.StringType))
              : invoke(
                  "predictionArray",
                  PROBABILITIES,
                  List.of(Exprs.numericArray(fn, "prediction", q), name),
                  List.of(DOUBLE_ARRAY, DataTypes.StringType));
      return aggregate(
          fn,
          new ExpectedNllAggregator(statistic, unit),
          ExpectedNllAggregator.inputEncoder(),
          List.of(FunctionCall.of("", args, false, checked)));
    };
  }

  /** A one-column category aggregate; the category is cast to string. */
  static Function<List<Expression>, Expression> categoryAggregate(
      String fn, boolean hasUnit, Function<LogBase, Aggregator<String, ?, ?>> aggregator) {
    return args -> {
      Exprs.requireArity(
          fn, args, 1, hasUnit ? 2 : 1, hasUnit ? "(category [, unit])" : "(category)");
      LogBase unit = args.size() > 1 ? Exprs.unit(fn, args.get(1)) : LogBase.NATS;
      return aggregate(
          fn, aggregator.apply(unit), Encoders.STRING(), List.of(asString(args.get(0))));
    };
  }

  /** {@code kl_divergence_from_samples(category, q [, unit])}. */
  static Function<List<Expression>, Expression> klFromSamples() {
    return args -> {
      String fn = CategoryAggregators.KlFromSamples.FN;
      Exprs.requireArity(fn, args, 2, 3, "(category, q [, unit])");
      LogBase unit = args.size() > 2 ? Exprs.unit(fn, args.get(2)) : LogBase.NATS;
      Expression q = cast(Exprs.number(fn, "q", args.get(1)), DataTypes.DoubleType);
      return aggregate(
          fn,
          new CategoryAggregators.KlFromSamples(unit),
          Encoders.tuple(Encoders.STRING(), Encoders.DOUBLE()),
          List.of(asString(args.get(0)), q));
    };
  }

  private static Expression asString(Expression e) {
    return cast(e, DataTypes.StringType);
  }

  /** A cast of {@code e} to {@code type} in the session's evaluation mode. */
  private static Expression cast(Expression e, DataType type) {
    return new Cast(e, type, Option.empty());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <IN> Expression aggregate(
      String fn, Aggregator<IN, ?, ?> agg, Encoder<IN> input, List<Expression> children) {
    UserDefinedAggregator udaf =
        (UserDefinedAggregator) functions.udaf((Aggregator) agg, input).withName(fn);
    return SparkCompat.aggregate(udaf, children);
  }
}

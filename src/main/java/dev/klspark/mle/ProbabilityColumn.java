package dev.klspark.mle;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.klspark.KlsparkException;
import dev.klspark.math.Distributions;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.distribution.ModelTable.Normalization;
import dev.klspark.spark.distribution.RowChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

/**
 * The per-row predicted distribution of {@link PredictionReport} as a checked {@code array<double>}
 * in the label order, from one of three column types:
 *
 * <ul>
 *   <li>an MLlib Vector ({@code probability} of a Spark ML classifier), entries in the label order;
 *   <li>an {@code array<numeric>} (e.g. XGBoost4J-Spark, LightGBM), entries in the label order;
 *   <li>a {@code map<string, numeric>} from label to probability (e.g. a model server); a label
 *       missing from the map has probability 0, a key that is not a label is an error.
 * </ul>
 *
 * <p>Row checks (each fails the query with one line naming the column, the group, the value and
 * what was expected; nothing is written): a null distribution, a size other than the number of
 * labels, a null, NaN or negative probability, and, unless {@link Normalization#RENORMALIZE}, a sum
 * farther than {@link Distributions#DEFAULT_SUM_TOLERANCE} from 1. With {@code RENORMALIZE} each
 * distribution is divided by its sum, which must be positive.
 */
final class ProbabilityColumn {
  private ProbabilityColumn() {}

  /**
   * The checked probabilities of each row.
   *
   * @param group how a row's group is named in messages (a string column)
   * @throws KlsparkException if the column is missing or of another type, or a vector column's ML
   *     metadata (or, without it, its first offending row) gives a size other than the number of
   *     labels
   */
  static Column of(
      Dataset<Row> predictions,
      InputColumns columns,
      String column,
      List<String> labels,
      Normalization normalization,
      Column group) {
    StructField f = columns.field(column, "probability column");
    Column c = InputColumns.column(f.name());
    int k = labels.size();
    Column array;
    if (f.dataType().equals(SQLDataTypes.VectorType())) {
      array = org.apache.spark.ml.functions.vector_to_array(c, "float64");
      requireVectorSize(predictions, f, array, labels);
    } else if (f.dataType() instanceof ArrayType a && InputColumns.isNumeric(a.elementType())) {
      array = c.cast(DataTypes.createArrayType(DataTypes.DoubleType));
    } else if (f.dataType() instanceof MapType m
        && m.keyType() instanceof StringType
        && InputColumns.isNumeric(m.valueType())) {
      Column labelArray =
          functions.array(labels.stream().map(functions::lit).toArray(Column[]::new));
      Column unknown = functions.array_except(functions.map_keys(c), labelArray);
      List<Column> entries = new ArrayList<>();
      for (String l : labels) {
        entries.add(
            functions.coalesce(
                functions.try_element_at(c, lit(l)).cast(DataTypes.DoubleType), lit(0.0)));
      }
      Column bad =
          fail(
              "probability column '%s' has key '%s' in %s, which is not one of the labels %s;"
                  + " expected a map from label to probability",
              lit(f.name()), functions.element_at(unknown, 1), group, lit(labels.toString()));
      array =
          when(c.isNull(), lit(null).cast(DataTypes.createArrayType(DataTypes.DoubleType)))
              .when(functions.size(unknown).gt(0), bad)
              .otherwise(functions.array(entries.toArray(new Column[0])));
    } else {
      throw new KlsparkException(
          String.format(
              Locale.ROOT,
              "probability column '%s' has type %s; expected an MLlib Vector"
                  + " (org.apache.spark.ml.linalg), an array<double> or a map<string,double>",
              f.name(),
              f.dataType().simpleString()));
    }
    return checked(array, f.name(), k, labels, normalization, group);
  }

  private static Column checked(
      Column p,
      String name,
      int k,
      List<String> labels,
      Normalization normalization,
      Column group) {
    Column total = functions.aggregate(p, lit(0.0), (acc, x) -> acc.plus(x));
    Column text = functions.array_join(p.cast("array<string>"), ", ", "null");
    Column badEntry = functions.exists(p, x -> x.isNull().or(functions.isnan(x)).or(x.lt(0.0)));
    Column sumFails =
        normalization == Normalization.STRICT
            ? functions.not(
                functions.abs(total.minus(1.0)).leq(Distributions.DEFAULT_SUM_TOLERANCE))
            : functions.not(total.gt(0.0));
    String expectedSum =
        normalization == Normalization.STRICT
            ? "probabilities summing to 1 within 1e-6 (or --renormalize)"
            : "a positive sum to renormalize";
    return when(
            p.isNull(),
            fail(
                "probability column '%s' is null in %s; expected a distribution over the labels %s",
                lit(name), group, lit(labels.toString())))
        .when(
            functions.size(p).notEqual(k),
            fail(
                "probability column '%s' has %s entries [%s] in %s; expected %s, one per label of"
                    + " %s",
                lit(name),
                functions.size(p).cast("string"),
                text,
                group,
                lit(Integer.toString(k)),
                lit(labels.toString())))
        .when(
            badEntry,
            fail(
                "probability column '%s' has [%s] in %s; expected finite non-negative"
                    + " probabilities (no null or NaN)",
                lit(name), text, group))
        .when(
            sumFails,
            fail(
                "probability column '%s' has [%s] summing to %s in %s; expected %s",
                lit(name), text, total.cast("string"), group, lit(expectedSum)))
        .otherwise(
            normalization == Normalization.STRICT
                ? p
                : functions.transform(p, x -> x.divide(total)));
  }

  private static Column fail(String format, Column... args) {
    return RowChecks.fail(functions.format_string(format, args))
        .cast(DataTypes.createArrayType(DataTypes.DoubleType));
  }

  /** The size of a vector column, from its ML metadata or else its first offending row. */
  private static void requireVectorSize(
      Dataset<Row> predictions, StructField f, Column array, List<String> labels) {
    int k = labels.size();
    int size = AttributeGroup.fromStructField(f).size();
    if (size < 0) {
      // No ML metadata: check the data (stops at the first offending row).
      List<Row> bad =
          predictions
              .select(functions.size(array))
              .where(functions.size(array).notEqual(k))
              .limit(1)
              .collectAsList();
      size = bad.isEmpty() ? k : bad.get(0).getInt(0);
    }
    if (size != k) {
      throw new KlsparkException(
          String.format(
              Locale.ROOT,
              "probability column '%s' holds vectors of size %d but %d labels were given (%s);"
                  + " expected one probability per label, in the label order",
              f.name(),
              size,
              k,
              labels));
    }
  }

  /** "group g=a, h=b" of a row (or "the predictions" without group columns), as a string column. */
  static Column describeGroup(List<String> names, List<Column> values) {
    if (names.isEmpty()) {
      return lit("the predictions");
    }
    List<Column> parts = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      parts.add(
          functions.concat(
              lit(names.get(i) + "="),
              functions.coalesce(values.get(i).cast("string"), lit("null"))));
    }
    return functions.concat(lit("group "), functions.concat_ws(", ", parts.toArray(new Column[0])));
  }
}

package dev.klspark.spark.distribution;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.klspark.KlsparkException;
import dev.klspark.math.Distributions;
import dev.klspark.spark.distribution.ModelTable.Normalization;
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
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

/**
 * A classifier's per-row predicted distribution (mle-report's predictions, data-quality's
 * prediction columns) as a checked {@code array<double>} in the label order, from one of three
 * column types:
 *
 * <ul>
 *   <li>an MLlib Vector ({@code probability} of a Spark ML classifier), entries in the label order;
 *   <li>an {@code array<numeric>} (e.g. XGBoost4J-Spark, LightGBM), entries in the label order;
 *   <li>a {@code map<string, numeric>} from label to probability (e.g. a model server); a label
 *       missing from the map has probability 0, a key that is not a label is an error.
 * </ul>
 *
 * <p>Row checks (each fails the query with one line naming the column, the group, the value and
 * what was expected; nothing is written): a null distribution ({@link #of}; {@link #rowChecked}
 * keeps it as null for the caller to count), a size other than the number of labels, a null, NaN or
 * negative probability, and, unless {@link Normalization#RENORMALIZE}, a sum farther than {@link
 * Distributions#DEFAULT_SUM_TOLERANCE} from 1. With {@code RENORMALIZE} each distribution is
 * divided by its sum, which must be positive.
 */
public final class ProbabilityColumn {
  /** mle-report's way out of a sum other than 1, named by its row check. */
  private static final String RENORMALIZE_HINT = " (or --renormalize)";

  private ProbabilityColumn() {}

  /**
   * The checked probabilities of each row.
   *
   * @param group how a row's group is named in messages (a string column)
   * @throws KlsparkException if the column is missing or of another type, or a vector column's ML
   *     metadata (or, without it, its first offending row) gives a size other than the number of
   *     labels
   */
  public static Column of(
      Dataset<Row> predictions,
      InputColumns columns,
      String column,
      List<String> labels,
      Normalization normalization,
      Column group) {
    StructField f = columns.field(column, "probability column");
    if (f.dataType().equals(SQLDataTypes.VectorType())) {
      requireVectorSize(predictions, f, vectorArray(f), labels);
    }
    Column isNull =
        fail(
            "probability column '%s' is null in %s; expected a distribution over the labels %s",
            lit(f.name()), group, lit(labels.toString()));
    return checked(
        labelled(f, labels, group),
        f.name(),
        labels,
        normalization,
        group,
        RENORMALIZE_HINT,
        isNull);
  }

  /**
   * The checked distribution of each row, in the label order, for a report that aggregates it in
   * the same query (no job of its own). A null distribution stays null, for the caller to count. A
   * vector column must be converted first, in a projection of its own ({@link #vectorAsArray}, its
   * ML metadata checked by {@link #requireVectorMetadata}): MLlib's conversion fails on a null
   * vector.
   *
   * @param labels the label order (a map's keys, when it carries its own labels, are found by the
   *     caller first); empty only for a map, whose non-null rows then fail their sum check
   * @param group how a row's group is named in messages (a string column)
   * @throws KlsparkException if the column is missing or of another type, or a vector's ML metadata
   *     gives a size other than the number of labels
   * @throws IllegalArgumentException if the labels are empty for a vector or an array
   */
  public static Column rowChecked(
      InputColumns columns,
      String column,
      List<String> labels,
      Normalization normalization,
      Column group) {
    StructField f = columns.field(column, "probability column");
    if (labels.isEmpty() && !carriesLabels(f.dataType())) {
      throw new IllegalArgumentException("no labels for probability column " + column);
    }
    requireVectorMetadata(f, labels);
    return checked(
        labelled(f, labels, group),
        f.name(),
        labels,
        normalization,
        group,
        "",
        lit(null).cast(DataTypes.createArrayType(DataTypes.DoubleType)));
  }

  /**
   * Checks a vector column's size against the labels when its ML metadata gives one (no job); does
   * nothing for another column or a vector without metadata.
   *
   * @throws KlsparkException if the metadata gives a size other than the number of labels
   */
  public static void requireVectorMetadata(StructField f, List<String> labels) {
    if (f.dataType().equals(SQLDataTypes.VectorType())) {
      int size = AttributeGroup.fromStructField(f).size();
      if (size >= 0 && size != labels.size()) {
        throw vectorSize(f, size, labels);
      }
    }
  }

  /** Whether a column of this type names its labels itself (a {@code map<string, numeric>}). */
  public static boolean carriesLabels(DataType t) {
    return t instanceof MapType m
        && m.keyType() instanceof StringType
        && InputColumns.isNumeric(m.valueType());
  }

  /**
   * Checks that the column holds distributions: an MLlib Vector, an {@code array<numeric>} or a
   * {@code map<string, numeric>}.
   *
   * @throws KlsparkException naming the column, its type and the expected ones
   */
  public static void requireType(StructField f) {
    DataType t = f.dataType();
    if (t.equals(SQLDataTypes.VectorType())
        || (t instanceof ArrayType a && InputColumns.isNumeric(a.elementType()))
        || carriesLabels(t)) {
      return;
    }
    throw new KlsparkException(
        String.format(
            Locale.ROOT,
            "probability column '%s' has type %s; expected an MLlib Vector"
                + " (org.apache.spark.ml.linalg), an array<double> or a map<string,double>",
            f.name(),
            t.simpleString()));
  }

  /** The column as an {@code array<double>} in the label order, unchecked. */
  private static Column labelled(StructField f, List<String> labels, Column group) {
    Column c = InputColumns.column(f.name());
    if (f.dataType().equals(SQLDataTypes.VectorType())) {
      return vectorArray(f);
    }
    if (f.dataType() instanceof ArrayType a && InputColumns.isNumeric(a.elementType())) {
      return c.cast(DataTypes.createArrayType(DataTypes.DoubleType));
    }
    if (carriesLabels(f.dataType())) {
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
      return when(c.isNull(), lit(null).cast(DataTypes.createArrayType(DataTypes.DoubleType)))
          .when(functions.size(unknown).gt(0), bad)
          .otherwise(
              functions
                  .array(entries.toArray(new Column[0]))
                  .cast(DataTypes.createArrayType(DataTypes.DoubleType)));
    }
    requireType(f);
    throw new IllegalStateException("unreachable: " + f);
  }

  /**
   * A vector column as an array, entries in the vector's order (MLlib's function; not null-safe).
   */
  private static Column vectorArray(StructField f) {
    return org.apache.spark.ml.functions.vector_to_array(InputColumns.column(f.name()), "float64");
  }

  /**
   * A vector column as an {@code array<double>}, null for a null vector, for a projection of its
   * own before {@link #rowChecked} (which then reads an array column). Converted in the same
   * projection as the checks, under a condition, Spark converted each vector once per check that
   * reads it (measured ten times slower); MLlib's function alone fails on a null vector.
   *
   * @param vector a column of MLlib Vectors
   */
  public static Column vectorAsArray(Column vector) {
    return when(
        vector.isNotNull(), org.apache.spark.ml.functions.vector_to_array(vector, "float64"));
  }

  /**
   * The row checks of a distribution.
   *
   * @param labels the labels, whose number the size must equal
   * @param hint what the message of a sum other than 1 adds, e.g. {@value #RENORMALIZE_HINT}
   * @param ifNull the value for a null distribution: a row check's failure, or null
   */
  private static Column checked(
      Column p,
      String name,
      List<String> labels,
      Normalization normalization,
      Column group,
      String hint,
      Column ifNull) {
    // Written out entry by entry (Spark generates their code; a higher-order function it would
    // interpret), read only once the size is the labels' (the conditions are evaluated in order).
    int k = labels.size();
    Column total = lit(0.0);
    Column badEntry = lit(false);
    for (int i = 0; i < k; i++) {
      Column x = functions.try_element_at(p, lit(i + 1));
      total = total.plus(x);
      badEntry = badEntry.or(x.isNull().or(functions.isnan(x)).or(x.lt(0.0)));
    }
    Column sum = total;
    Column text = functions.array_join(p.cast("array<string>"), ", ", "null");
    Column sumFails =
        normalization == Normalization.STRICT
            ? functions.not(
                functions.abs(total.minus(1.0)).leq(Distributions.DEFAULT_SUM_TOLERANCE))
            : functions.not(total.gt(0.0));
    String expectedSum =
        normalization == Normalization.STRICT
            ? "probabilities summing to 1 within 1e-6" + hint
            : "a positive sum to renormalize";
    return when(p.isNull(), ifNull)
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
            normalization == Normalization.STRICT ? p : functions.transform(p, x -> x.divide(sum)));
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
      throw vectorSize(f, size, labels);
    }
  }

  private static KlsparkException vectorSize(StructField f, int size, List<String> labels) {
    return new KlsparkException(
        String.format(
            Locale.ROOT,
            "probability column '%s' holds vectors of size %d but %d labels were given (%s);"
                + " expected one probability per label, in the label order",
            f.name(),
            size,
            labels.size(),
            labels));
  }

  /** "group g=a, h=b" of a row (or "the predictions" without group columns), as a string column. */
  public static Column describeGroup(List<String> names, List<Column> values) {
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

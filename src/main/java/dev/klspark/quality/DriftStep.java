package dev.klspark.quality;

import dev.klspark.spark.engine.GroupComparison;
import dev.klspark.spark.engine.GroupStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@link DriftComparison} as the per-group step of {@link GroupStream}: a (column, group)'s cells
 * (observed = the current count, model = the reference count) in, the metrics as a struct out, and
 * the struct back as a {@link DriftComparison.Result} on the driver. The stream hands the cells
 * over sorted by rank (a bucket's index: buckets in bucket order, so the stored shares read left to
 * right), then category (categorical columns: by value).
 *
 * <p>The struct's fields are named as the history's columns ({@link DriftHistory}), which takes its
 * metric fields from the groups here ({@link #COUNTS}, {@link #divergences}, {@link #UNITLESS},
 * {@link #interval}, {@link #DISTRIBUTIONS}).
 */
final class DriftStep {
  private DriftStep() {}

  /** Both sides' counts of non-null and null values, the categories and the new ones. */
  static final List<StructField> COUNTS =
      List.of(
          DataTypes.createStructField("n_current", DataTypes.DoubleType, false),
          DataTypes.createStructField("n_reference", DataTypes.DoubleType, false),
          DataTypes.createStructField("null_current", DataTypes.DoubleType, false),
          DataTypes.createStructField("null_reference", DataTypes.DoubleType, false),
          DataTypes.createStructField("k_categories", DataTypes.IntegerType, false),
          DataTypes.createStructField("new_categories", DataTypes.IntegerType, false));

  /** The metrics without a unit: the two distances and the G-test. */
  static final List<StructField> UNITLESS =
      List.of(
          DataTypes.createStructField("hellinger_distance", DataTypes.DoubleType, true),
          DataTypes.createStructField("total_variation_distance", DataTypes.DoubleType, true),
          DataTypes.createStructField("g_statistic", DataTypes.DoubleType, true),
          DataTypes.createStructField("degrees_of_freedom", DataTypes.IntegerType, true),
          DataTypes.createStructField("p_value", DataTypes.DoubleType, true));

  /** The categories and both sides' shares of them. */
  static final List<StructField> DISTRIBUTIONS =
      List.of(
          DataTypes.createStructField(
              "categories", DataTypes.createArrayType(DataTypes.StringType, false), false),
          DataTypes.createStructField(
              "current_share", DataTypes.createArrayType(DataTypes.DoubleType, false), false),
          DataTypes.createStructField(
              "reference_share", DataTypes.createArrayType(DataTypes.DoubleType, false), false));

  /** The metrics' struct, its fields named as the history's columns (without the unit). */
  static final StructType RESULT =
      struct(
          COUNTS,
          DISTRIBUTIONS,
          divergences(""),
          UNITLESS,
          interval(""),
          List.of(
              DataTypes.createStructField("status", DataTypes.StringType, true),
              DataTypes.createStructField("message", DataTypes.StringType, true)));

  /**
   * KL both ways, JS and PSI (information quantities, nullable doubles), each name followed by
   * {@code unit}: {@code ""} in the struct, {@code "_nats"} in the history.
   */
  static List<StructField> divergences(String unit) {
    return inUnit(unit, "kl_divergence", "reverse_kl_divergence", "js_divergence", "psi");
  }

  /** The bias-corrected KL and its interval, each name followed by {@code unit}. */
  static List<StructField> interval(String unit) {
    return inUnit(
        unit, "kl_divergence_bias_corrected", "kl_divergence_ci_low", "kl_divergence_ci_high");
  }

  private static List<StructField> inUnit(String unit, String... quantities) {
    return Stream.of(quantities)
        .map(q -> DataTypes.createStructField(q + unit, DataTypes.DoubleType, true))
        .toList();
  }

  /** A struct of the given field groups, in order. */
  @SafeVarargs
  static StructType struct(List<StructField>... groups) {
    return new StructType(Stream.of(groups).flatMap(List::stream).toArray(StructField[]::new));
  }

  /**
   * {@code comparison} as a step of {@link GroupStream.Cells#stream}, of type {@link #RESULT}. It
   * adds up adjacent cells of one category first ({@link #drift}), so the stream may hand them over
   * added up per category as read ({@link GroupStream.Step#mergingCategories}).
   */
  static GroupStream.Step of(DriftComparison comparison) {
    return GroupStream.Step.mergingCategories(
        RESULT, (cells, group) -> row(comparison.compute(drift(cells))));
  }

  /**
   * The drift cells of one (column, group): one per category, its parts added. The counts reach the
   * step in parts (one per scan task, {@code GroupStream.Cells#partialCounts}), added up per
   * category as read, or adjacent since the step sorts by rank, then category; both sides are whole
   * numbers, added exactly, in the order given.
   */
  static List<DriftComparison.Cell> drift(List<GroupComparison.Cell> cells) {
    List<DriftComparison.Cell> list = new ArrayList<>(cells.size());
    for (GroupComparison.Cell c : cells) {
      // The reference count is a sum of indicators, never null; 0 when only the current side has
      // the category.
      double reference = c.model() == null ? 0 : c.model();
      int last = list.size() - 1;
      if (last >= 0 && Objects.equals(list.get(last).category(), c.category())) {
        DriftComparison.Cell before = list.get(last);
        list.set(
            last,
            new DriftComparison.Cell(
                c.category(), before.current() + c.observed(), before.reference() + reference));
      } else {
        list.add(new DriftComparison.Cell(c.category(), c.observed(), reference));
      }
    }
    return list;
  }

  /** A result as a row of {@link #RESULT}. */
  static Row row(DriftComparison.Result m) {
    return RowFactory.create(
        m.nCurrent(),
        m.nReference(),
        m.nullCurrent(),
        m.nullReference(),
        m.categories(),
        m.newCategories(),
        m.labels().toArray(new String[0]),
        m.currentShare(),
        m.referenceShare(),
        m.klDivergence(),
        m.reverseKlDivergence(),
        m.jsDivergence(),
        m.psi(),
        m.hellingerDistance(),
        m.totalVariationDistance(),
        m.gStatistic(),
        m.degreesOfFreedom(),
        m.pValue(),
        m.klDivergenceBiasCorrected(),
        m.klDivergenceCiLow(),
        m.klDivergenceCiHigh(),
        m.status() == null ? null : m.status().label(),
        m.message());
  }

  /** The most distinct category texts {@link #result} keeps to share among the results. */
  static final int TEXTS_KEPT = 1 << 16;

  /**
   * The struct back as a {@link DriftComparison.Result}, on the driver, read from Spark's internal
   * row as collected ({@link dev.klspark.spark.engine.CollectedRows#each}): the shares as {@code
   * double[]} straight from the row's bytes, and each category's text decoded once per run ({@code
   * texts}, shared by the groups' results: 10^6 groups of K categories hold K strings, not 10^6 K).
   * Past {@link #TEXTS_KEPT} distinct texts (categories that rarely repeat across groups, such as
   * ids), the others are decoded for each result and not kept.
   *
   * @param r the struct, of type {@link #RESULT}
   * @param texts the categories' texts met so far, by their UTF-8 bytes; added to here
   */
  static DriftComparison.Result result(InternalRow r, Map<UTF8String, String> texts) {
    ArrayData categories = r.getArray(6);
    String[] labels = new String[categories.numElements()];
    for (int i = 0; i < labels.length; i++) {
      UTF8String bytes = categories.getUTF8String(i);
      String text = texts.get(bytes);
      if (text == null) {
        text = bytes.toString();
        if (texts.size() < TEXTS_KEPT) {
          texts.put(bytes.clone(), text); // a key of its own bytes, not a view into the row's
        }
      }
      labels[i] = text;
    }
    return new DriftComparison.Result(
        r.getDouble(0),
        r.getDouble(1),
        r.getDouble(2),
        r.getDouble(3),
        r.getInt(4),
        r.getInt(5),
        Arrays.asList(labels),
        r.getArray(7).toDoubleArray(),
        r.getArray(8).toDoubleArray(),
        nullable(r, 9),
        nullable(r, 10),
        nullable(r, 11),
        nullable(r, 12),
        nullable(r, 13),
        nullable(r, 14),
        nullable(r, 15),
        r.isNullAt(16) ? null : r.getInt(16),
        nullable(r, 17),
        nullable(r, 18),
        nullable(r, 19),
        nullable(r, 20),
        MonitoredColumn.Kind.CATEGORIES,
        null,
        null,
        null,
        null,
        0,
        0,
        null,
        null,
        null,
        null,
        r.isNullAt(21) ? null : DriftStatus.of(r.getUTF8String(21).toString()),
        r.isNullAt(22) ? null : r.getUTF8String(22).toString());
  }

  private static Double nullable(InternalRow r, int i) {
    return r.isNullAt(i) ? null : r.getDouble(i);
  }
}

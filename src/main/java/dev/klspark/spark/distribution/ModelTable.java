package dev.klspark.spark.distribution;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.klspark.KlsparkException;
import dev.klspark.math.Distributions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;

/**
 * A model distribution per group in long format: the group columns (same names as in the data),
 * {@code category} and {@code probability}; one row per (group, category). Or compact, one row per
 * group and no {@code category} column: {@code probability} a {@code map<string,double>} from
 * category to probability, or an {@code array<double>} whose entries are the categories of the
 * {@code categories} column ({@code array<string>}; {@link #withCategories} adds it when the
 * categories are given once for the table). A compact table is checked as the long table of its
 * entries, with the same checks and messages (an array of the wrong size is one more); it is read
 * either as that long table ({@link #checkedRows}, {@link #validated}) or as one row per group for
 * a per-group step to expand ({@link #checkedGroups}).
 *
 * <p>Validation, each failure a {@link KlsparkException} naming the group, category and value: the
 * columns exist and have usable types; no category is null; every probability is a number in [0,
 * 1]; no (group, category) appears twice; each group's probabilities sum to 1 within {@link
 * Distributions#DEFAULT_SUM_TOLERANCE}, or, with {@link Normalization#RENORMALIZE}, to a positive
 * value by which they are divided. Categories a group does not list have probability 0.
 */
public final class ModelTable {
  /** Name of the category column of a model table. */
  public static final String CATEGORY = "category";

  /** Name of the probability column of a model table. */
  public static final String PROBABILITY = "probability";

  /** Name of the categories column of a compact model table whose probability is an array. */
  public static final String CATEGORIES = "categories";

  /** What to do with a group whose probabilities do not sum to 1. */
  public enum Normalization {
    /** Reject it (the default). */
    STRICT,
    /** Divide by the sum (which must be positive). */
    RENORMALIZE
  }

  private static final int EXAMPLES = 3;

  private ModelTable() {}

  /**
   * Validates a model table and returns it as internal columns: {@code groupNames[i]} for each
   * group column (cast to the data's type), {@code categoryName} (string) and {@code
   * probabilityName} (double).
   *
   * @param table the model table as read
   * @param groupFields the data's group columns (names and types)
   * @param groupNames internal names for the group columns
   * @param categoryName internal name for the category
   * @param probabilityName internal name for the probability
   * @param normalization what to do with sums other than 1
   * @throws KlsparkException on any of the failures listed in the class comment
   */
  public static Dataset<Row> validated(
      Dataset<Row> table,
      List<StructField> groupFields,
      List<String> groupNames,
      String categoryName,
      String probabilityName,
      Normalization normalization) {
    Dataset<Row> model = cast(table, groupFields, groupNames, categoryName, probabilityName);
    Column[] groups = groupNames.stream().map(n -> col(n)).toArray(Column[]::new);

    Column q = col(probabilityName);
    Column invalid = col(categoryName).isNull().or(q.isNull()).or(isnan(q)).or(q.lt(0)).or(q.gt(1));
    if (normalization == Normalization.STRICT && passes(model, groups, categoryName, q, invalid)) {
      return model;
    }
    // Something is wrong (or the table is to be renormalised): find what, with a message.
    List<Row> bad = model.where(invalid).limit(EXAMPLES).collectAsList();
    if (!bad.isEmpty()) {
      Row r = bad.get(0);
      String where = describe(r, groupFields, groupNames.size());
      if (r.isNullAt(groupNames.size())) {
        throw new KlsparkException("model table has a null category for " + where);
      }
      throw new KlsparkException(
          String.format(
              Locale.ROOT,
              "model table probability for %s, category '%s' is %s; expected a number in [0, 1]",
              where,
              r.get(groupNames.size()),
              r.isNullAt(groupNames.size() + 1) ? "null" : r.get(groupNames.size() + 1)));
    }

    List<Column> keys = new ArrayList<>(List.of(groups));
    keys.add(col(categoryName));
    List<Row> duplicates =
        model
            .groupBy(keys.toArray(new Column[0]))
            .agg(count(lit(1)).as("__rows"))
            .where(col("__rows").gt(1))
            .limit(EXAMPLES)
            .collectAsList();
    if (!duplicates.isEmpty()) {
      Row r = duplicates.get(0);
      throw duplicate(
          String.valueOf(r.get(groupNames.size())),
          r.getLong(groupNames.size() + 1),
          describe(r, groupFields, groupNames.size()));
    }

    Dataset<Row> sums = model.groupBy(groups).agg(sum(q).as("__sum"));
    List<Row> off =
        sums.where(sumFails(col("__sum"), normalization)).limit(EXAMPLES).collectAsList();
    if (!off.isEmpty()) {
      Row r = off.get(0);
      requireValidSum(
          describe(r, groupFields, groupNames.size()),
          r.getDouble(groupNames.size()),
          normalization);
    }
    if (normalization == Normalization.STRICT) {
      return model;
    }
    Column joinOn = lit(true);
    for (String g : groupNames) {
      joinOn = joinOn.and(model.col(g).eqNullSafe(sums.col(g)));
    }
    List<Column> out = new ArrayList<>();
    for (String g : groupNames) {
      out.add(model.col(g));
    }
    out.add(model.col(categoryName));
    out.add(model.col(probabilityName).divide(sums.col("__sum")).as(probabilityName));
    return model.join(sums, joinOn).select(out.toArray(new Column[0]));
  }

  /**
   * The model table's rows as internal columns (as {@link #validated}), checked row by row while
   * they are read, with no Spark job of its own: a null category, or a probability that is null,
   * NaN or outside [0, 1], fails the query that reads the rows (Spark's {@code raise_error}) with
   * the same message {@link #validated} gives. The checks that need a whole group (duplicates, the
   * sum) are left to the consumer, which sees each group's rows together: {@code GroupComparison}
   * with a table check.
   *
   * @param table the model table as read
   * @param groupFields the data's group columns (names and types)
   * @param groupNames internal names for the group columns
   * @param categoryName internal name for the category
   * @param probabilityName internal name for the probability
   * @return the rows; reading them fails on an invalid row
   * @throws KlsparkException if a column is missing or has an unusable type (eagerly)
   */
  public static Dataset<Row> checkedRows(
      Dataset<Row> table,
      List<StructField> groupFields,
      List<String> groupNames,
      String categoryName,
      String probabilityName) {
    Dataset<Row> model = cast(table, groupFields, groupNames, categoryName, probabilityName);
    Column where = describe(groupFields, groupNames);
    Column c = col(categoryName);
    Column q = col(probabilityName);
    List<Column> out = new ArrayList<>();
    for (String g : groupNames) {
      out.add(col(g));
    }
    out.add(functions.when(c.isNull(), nullCategory(where)).otherwise(c).as(categoryName));
    out.add(
        functions
            .when(invalidProbability(q), badProbability(where, c, q))
            .otherwise(q)
            .as(probabilityName));
    return model.select(out.toArray(new Column[0]));
  }

  /**
   * Checks one entry of a compact table's group ({@link #checkedGroups}): the rule and the messages
   * of {@link #checkedRows}' row checks.
   *
   * @param group the group as {@link #describeGroup} names it
   * @param category the entry's category
   * @param probability the entry's probability
   * @throws KlsparkException if the category is null, or the probability is null, NaN or outside
   *     [0, 1]
   */
  public static void requireValidEntry(String group, String category, Double probability) {
    if (category == null) {
      throw new KlsparkException("model table has a null category for " + group);
    }
    if (probability == null || !(probability >= 0.0 && probability <= 1.0)) {
      throw new KlsparkException(
          String.format(
              Locale.ROOT,
              "model table probability for %s, category '%s' is %s; expected a number in [0, 1]",
              group,
              category,
              probability));
    }
  }

  /** The row check of a null category ({@link #checkedRows}). */
  private static Column nullCategory(Column where) {
    return RowChecks.fail(functions.concat(lit("model table has a null category for "), where));
  }

  /** A probability that is null, NaN or outside [0, 1]. */
  private static Column invalidProbability(Column q) {
    return q.isNull().or(isnan(q)).or(q.lt(0)).or(q.gt(1));
  }

  /** The row check of an invalid probability, naming the group, category and value. */
  private static Column badProbability(Column where, Column c, Column q) {
    return RowChecks.fail(
        functions.format_string(
            "model table probability for %s, category '%s' is %s; expected a number in [0, 1]",
            where, c, functions.coalesce(q.cast("string"), lit("null"))));
  }

  /**
   * The rule for one group's probability sum, wherever a model table is read (here, and group by
   * group in {@code GroupComparison}): with {@link Normalization#STRICT} the sum must be 1 within
   * {@link Distributions#DEFAULT_SUM_TOLERANCE}; with {@link Normalization#RENORMALIZE} it must be
   * positive (the group's probabilities are then divided by it). {@link #sumFails} is the same rule
   * as a Spark condition.
   *
   * @param group the group as {@link #describeGroup} names it
   * @param sum the sum of the group's probabilities
   * @param normalization what the sum must satisfy
   * @throws KlsparkException {@link #sumNotOne} or {@link #zeroSum} when the sum breaks the rule
   */
  public static void requireValidSum(String group, double sum, Normalization normalization) {
    if (normalization == Normalization.STRICT) {
      if (!(Math.abs(sum - 1.0) <= Distributions.DEFAULT_SUM_TOLERANCE)) {
        throw sumNotOne(group, sum);
      }
    } else if (!(sum > 0.0)) {
      throw zeroSum(group);
    }
  }

  /**
   * {@link #requireValidSum}'s rule as a Spark condition: true where a group whose probabilities
   * sum to {@code sum} breaks it (null for a null sum).
   */
  static Column sumFails(Column sum, Normalization normalization) {
    return normalization == Normalization.STRICT
        ? functions.not(abs(sum.minus(1.0)).leq(Distributions.DEFAULT_SUM_TOLERANCE))
        : functions.not(sum.gt(0.0));
  }

  /**
   * The error for a category listed more than once for a group.
   *
   * @param category the category
   * @param rows how many rows list it
   * @param group the group as {@link #describeGroup} names it
   * @return the exception to throw
   */
  public static KlsparkException duplicate(String category, long rows, String group) {
    return new KlsparkException(
        String.format(
            Locale.ROOT,
            "model table lists category '%s' %d times for %s; expected one row per group and"
                + " category",
            category,
            rows,
            group));
  }

  /**
   * The error for a group whose probabilities do not sum to 1 within {@link
   * Distributions#DEFAULT_SUM_TOLERANCE}.
   *
   * @param group the group as {@link #describeGroup} names it
   * @param sum the sum
   * @return the exception to throw
   */
  public static KlsparkException sumNotOne(String group, double sum) {
    return new KlsparkException(
        String.format(
            Locale.ROOT,
            "model table probabilities for %s sum to %s; expected 1 within %s (pass"
                + " --renormalize to rescale them)",
            group,
            sum,
            Distributions.DEFAULT_SUM_TOLERANCE));
  }

  /**
   * The error for a group that cannot be renormalised because its probabilities sum to 0.
   *
   * @param group the group as {@link #describeGroup} names it
   * @return the exception to throw
   */
  public static KlsparkException zeroSum(String group) {
    return new KlsparkException(
        "model table probabilities for "
            + group
            + " sum to 0; expected a positive sum to renormalise");
  }

  /** "group origin=SEA, carrier=AA" (or "the single group") as a Spark expression. */
  private static Column describe(List<StructField> groupFields, List<String> groupNames) {
    if (groupNames.isEmpty()) {
      return lit("the single group");
    }
    List<Column> parts = new ArrayList<>();
    for (int i = 0; i < groupNames.size(); i++) {
      parts.add(
          functions.concat(
              lit(groupFields.get(i).name() + "="),
              functions.coalesce(col(groupNames.get(i)).cast("string"), lit("null"))));
    }
    return functions.concat(lit("group "), functions.concat_ws(", ", parts.toArray(new Column[0])));
  }

  /**
   * The table's columns, checked for presence and type, cast and renamed to internal names; a
   * compact table ({@link #CATEGORIES}) is first turned into the long format, one row per (group,
   * category).
   */
  private static Dataset<Row> cast(
      Dataset<Row> table,
      List<StructField> groupFields,
      List<String> groupNames,
      String categoryName,
      String probabilityName) {
    InputColumns columns = new InputColumns(table.schema(), "model table");
    List<Column> select = groupColumns(columns, groupFields, groupNames);
    StructField prob = columns.field(PROBABILITY, "column");
    if (isCompact(columns, prob)) {
      return compact(
          table, columns, prob, select, groupFields, groupNames, categoryName, probabilityName);
    }
    StructField cat = columns.field(CATEGORY, "column");
    if (!InputColumns.isCategorical(cat.dataType())) {
      throw InputColumns.wrongType(
          cat, "model table column", "expected string, integer or boolean");
    }
    if (!InputColumns.isNumeric(prob.dataType())) {
      throw InputColumns.wrongType(
          prob,
          "model table column",
          "expected a numeric type (double), or array<double> or map<string,double> without a"
              + " category column");
    }
    select.add(InputColumns.column(cat.name()).cast("string").as(categoryName));
    select.add(InputColumns.column(prob.name()).cast("double").as(probabilityName));
    return table.select(select.toArray(new Column[0]));
  }

  /**
   * A compact table in the long format: {@code probability} a {@code map<string,double>} from
   * category to probability, or an {@code array<double>} aligned with the {@code categories} column
   * ({@code array<string>}, e.g. added by {@link #withCategories}). An array whose size differs
   * from its categories' fails the query with a row check naming the group; a null map or array
   * gives the group no model rows (status {@code missing_model}).
   */
  private static Dataset<Row> compact(
      Dataset<Row> table,
      InputColumns columns,
      StructField prob,
      List<Column> groups,
      List<StructField> groupFields,
      List<String> groupNames,
      String categoryName,
      String probabilityName) {
    List<Column> exploded = new ArrayList<>();
    for (String g : groupNames) {
      exploded.add(col(g));
    }
    exploded.add(functions.explode(functions.arrays_zip(col("__zc"), col("__zp"))).as("__e"));
    List<Column> split = new ArrayList<>();
    for (String g : groupNames) {
      split.add(col(g));
    }
    split.add(col("__z").getField(CELL_CATEGORY).as("__zc"));
    split.add(col("__z").getField(CELL_PROBABILITY).as("__zp"));
    return compactCells(table, columns, prob, groups, groupFields, groupNames, "__z")
        .select(split.toArray(new Column[0]))
        .select(exploded.toArray(new Column[0]))
        .select(
            concatColumns(
                groupNames,
                col("__e").getField("__zc").as(categoryName),
                col("__e").getField("__zp").as(probabilityName)));
  }

  /** Field names of the struct of {@link #checkedGroups}' cells column. */
  public static final String CELL_CATEGORY = "category";

  /** See {@link #CELL_CATEGORY}. */
  public static final String CELL_PROBABILITY = "probability";

  /**
   * The type of {@link #checkedGroups}' cells column: the entries of one group's distribution, as
   * two arrays of one size, the categories and their probabilities (entry i is {@code (category[i],
   * probability[i])}). Two flat arrays, not an array of (category, probability) structs: a map's
   * keys and values are these arrays as stored, and each entry takes 16 bytes less in the shuffle
   * (no struct per entry).
   */
  public static final String CELLS_TYPE =
      "struct<" + CELL_CATEGORY + ":array<string>," + CELL_PROBABILITY + ":array<double>>";

  /**
   * A cells column of {@link #CELLS_TYPE} from its two arrays (null when {@code categories} is).
   */
  private static Column cells(Column categories, Column probabilities) {
    return functions
        .when(categories.isNull(), lit(null).cast(CELLS_TYPE))
        .otherwise(
            functions.struct(
                categories.cast("array<string>").as(CELL_CATEGORY),
                probabilities.cast("array<double>").as(CELL_PROBABILITY)));
  }

  /**
   * A compact table's rows as read: the group columns and {@code cellsName}, its entries as {@link
   * #CELLS_TYPE} (unchecked; null for a null map or array), after the checks of the whole row (the
   * types; an array's size against its categories'; categories present).
   */
  private static Dataset<Row> compactCells(
      Dataset<Row> table,
      InputColumns columns,
      StructField prob,
      List<Column> groups,
      List<StructField> groupFields,
      List<String> groupNames,
      String cellsName) {
    Column p = InputColumns.column(prob.name());
    List<Column> select = new ArrayList<>(groups);
    if (prob.dataType() instanceof MapType m) {
      if (!InputColumns.isCategorical(m.keyType()) || !InputColumns.isNumeric(m.valueType())) {
        throw InputColumns.wrongType(
            prob, "model table column", "expected map<string,double> from category to probability");
      }
      // The map's keys and values as stored (a cast only when they are not strings and doubles).
      select.add(cells(functions.map_keys(p), functions.map_values(p)).as(cellsName));
      return table.select(select.toArray(new Column[0]));
    }
    ArrayType a = (ArrayType) prob.dataType();
    if (!InputColumns.isNumeric(a.elementType())) {
      throw InputColumns.wrongType(
          prob, "model table column", "expected array<double> aligned with the categories");
    }
    if (!columns.has(CATEGORIES)) {
      throw new KlsparkException(
          "model table column 'probability' is an array but the table has no 'categories' column;"
              + " expected the category of each entry, given once for the table (--model-categories"
              + " L1,L2,.., or the bucket labels of a bucketed category)");
    }
    StructField cf = columns.field(CATEGORIES, "column");
    if (!(cf.dataType() instanceof ArrayType ca) || !InputColumns.isCategorical(ca.elementType())) {
      throw InputColumns.wrongType(cf, "model table column", "expected array<string>");
    }
    Column cats = InputColumns.column(cf.name());
    Column where = describe(groupFields, groupNames);
    Column sizeOff =
        RowChecks.fail(
            functions.format_string(
                "model table probability for %s has %s entries; expected %s, one per category of"
                    + " %s",
                where,
                functions.size(col("__p")).cast("string"),
                functions.size(col("__cats")).cast("string"),
                functions.concat(lit("["), functions.concat_ws(", ", col("__cats")), lit("]"))));
    select.add(p.cast("array<double>").as("__p"));
    select.add(cats.cast("array<string>").as("__cats"));
    Column nullCategories =
        RowChecks.fail(
            functions.concat(
                lit("model table categories for "),
                where,
                lit(" are null; expected the category of each probability entry")));
    // Nulls tested explicitly: size(null) is -1 with Spark 3.5's legacy setting, null otherwise.
    Column checked =
        functions
            .when(col("__p").isNull(), lit(null).cast(CELLS_TYPE))
            .when(col("__cats").isNull(), nullCategories.cast(CELLS_TYPE))
            .when(
                functions.size(col("__p")).notEqual(functions.size(col("__cats"))),
                sizeOff.cast(CELLS_TYPE))
            .otherwise(cells(col("__cats"), col("__p")));
    List<Column> out = new ArrayList<>();
    for (String g : groupNames) {
      out.add(col(g));
    }
    out.add(checked.as(cellsName));
    return table.select(select.toArray(new Column[0])).select(out.toArray(new Column[0]));
  }

  /**
   * A compact model table (see the class comment) as one row per group, checked as it is read like
   * {@link #checkedRows}: the group columns ({@code groupNames[i]}, cast to the data's types) and
   * {@code cellsName}, the group's entries as {@link #CELLS_TYPE}. The checks of a whole row (an
   * array's size against its categories', categories present) fail the query that reads it; a null
   * map or array gives no row (the group then has no model, status {@code missing_model}). The
   * checks of each entry are left to the consumer, which sees them one group at a time ({@link
   * #requireValidEntry}, the same messages as {@link #checkedRows}), as are those that need a whole
   * group (duplicates, the sum): a Spark lambda per entry cost more than the rest of the read. One
   * row per group, instead of one per entry, is what a per-group step shuffles: K times fewer rows
   * for K categories.
   *
   * @param table the model table as read
   * @param groupFields the data's group columns (names and types)
   * @param groupNames internal names for the group columns
   * @param cellsName internal name for the entries
   * @return the rows, or null when the table is in the long format (read it with {@link
   *     #checkedRows})
   * @throws KlsparkException if a column is missing or has an unusable type (eagerly)
   */
  public static Dataset<Row> checkedGroups(
      Dataset<Row> table,
      List<StructField> groupFields,
      List<String> groupNames,
      String cellsName) {
    InputColumns columns = new InputColumns(table.schema(), "model table");
    StructField prob = columns.field(PROBABILITY, "column");
    if (!isCompact(columns, prob)) {
      return null;
    }
    List<Column> groups = groupColumns(columns, groupFields, groupNames);
    Dataset<Row> read =
        compactCells(table, columns, prob, groups, groupFields, groupNames, cellsName);
    List<Column> out = new ArrayList<>();
    for (String g : groupNames) {
      out.add(col(g));
    }
    out.add(col(cellsName));
    return read.where(col(cellsName).isNotNull()).select(out.toArray(new Column[0]));
  }

  /** A compact table: no category column, the probability a map or an array. */
  private static boolean isCompact(InputColumns columns, StructField prob) {
    return !columns.has(CATEGORY)
        && (prob.dataType() instanceof ArrayType || prob.dataType() instanceof MapType);
  }

  /** The table's group columns, checked for presence, cast to the data's types, renamed. */
  private static List<Column> groupColumns(
      InputColumns columns, List<StructField> groupFields, List<String> groupNames) {
    List<Column> select = new ArrayList<>();
    for (int i = 0; i < groupFields.size(); i++) {
      StructField data = groupFields.get(i);
      StructField f = columns.field(data.name(), "group column");
      select.add(InputColumns.column(f.name()).cast(data.dataType()).as(groupNames.get(i)));
    }
    return select;
  }

  private static Column[] concatColumns(List<String> groupNames, Column... tail) {
    List<Column> out = new ArrayList<>();
    for (String g : groupNames) {
      out.add(col(g));
    }
    out.addAll(List.of(tail));
    return out.toArray(new Column[0]);
  }

  /**
   * A compact model table with {@code probability} as {@code array<double>} and the categories of
   * its entries given once: the column {@link #CATEGORIES} set to {@code categories} on every row
   * (unchanged when the table already has one, or its probability is not an array).
   *
   * @param table the model table as read
   * @param categories the category of each array entry, in order
   */
  public static Dataset<Row> withCategories(Dataset<Row> table, List<String> categories) {
    InputColumns columns = new InputColumns(table.schema(), "model table");
    if (categories.isEmpty()
        || columns.has(CATEGORIES)
        || columns.has(CATEGORY)
        || !columns.has(PROBABILITY)
        || !(columns.field(PROBABILITY, "column").dataType() instanceof ArrayType)) {
      return table;
    }
    return table.withColumn(
        CATEGORIES,
        functions.array(categories.stream().map(functions::lit).toArray(Column[]::new)));
  }

  /**
   * Every check in one Spark job (an aggregation per (group, category), then per group), so that a
   * valid table costs one small query; the detailed queries that name the culprit run only when
   * this one finds a problem.
   */
  private static boolean passes(
      Dataset<Row> model, Column[] groups, String categoryName, Column q, Column invalid) {
    List<Column> keys = new ArrayList<>(List.of(groups));
    keys.add(col(categoryName));
    Dataset<Row> perKey =
        model
            .groupBy(keys.toArray(new Column[0]))
            .agg(
                count(lit(1)).as("__rows"),
                sum(q).as("__q"),
                functions.max(invalid.cast("int")).as("__invalid"));
    Column[] groupCols = Arrays.stream(groups).toArray(Column[]::new);
    Dataset<Row> perGroup =
        perKey
            .groupBy(groupCols)
            .agg(
                functions.max(col("__rows")).as("__max_rows"),
                sum(col("__q")).as("__sum"),
                functions.max(col("__invalid")).as("__invalid"));
    return perGroup
        .where(
            col("__max_rows")
                .gt(1)
                .or(col("__invalid").gt(0))
                .or(col("__sum").isNull())
                .or(sumFails(col("__sum"), Normalization.STRICT)))
        .limit(1)
        .isEmpty();
  }

  /** "group origin=SEA, carrier=AA" for messages. */
  static String describe(Row r, List<StructField> groupFields, int count) {
    return describeGroup(r, groupFields.stream().map(StructField::name).toList(), count);
  }

  /**
   * How messages name a group: {@code group origin=SEA, carrier=AA} from the first {@code count}
   * values of {@code r}, or {@code the single group} when there are no group columns.
   *
   * @param r a row starting with the group values
   * @param labels the group columns' names as the user knows them, or null to give values only
   * @param count how many group columns
   * @return the description
   */
  public static String describeGroup(Row r, List<String> labels, int count) {
    if (count == 0) {
      return "the single group";
    }
    StringBuilder sb = new StringBuilder("group ");
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      if (labels != null) {
        sb.append(labels.get(i)).append('=');
      }
      sb.append(r.isNullAt(i) ? "null" : r.get(i));
    }
    return sb.toString();
  }
}

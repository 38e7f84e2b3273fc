package dev.klspark.spark.engine;

import dev.klspark.KlsparkException;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.distribution.InputColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The start the category reports (divergence, MLE) share: the input's group columns and category,
 * resolved and checked, and the rows to evaluate, projected to the group columns' internal names
 * ({@link GroupColumns}) and the category ({@link ReportPlans#CATEGORY}).
 */
public final class EvaluatedRows {
  private final Dataset<Row> input;
  private final InputColumns columns;
  private final GroupColumns groups;
  private final Column category;

  private EvaluatedRows(
      Dataset<Row> input, InputColumns columns, GroupColumns groups, Column category) {
    this.input = input;
    this.columns = columns;
    this.groups = groups;
    this.category = category;
  }

  /**
   * Resolves a report's group columns, then its category expression, over {@code input}.
   *
   * @param input the rows
   * @param groupBy the group column names
   * @param reserved the report's own column names, which group columns may not take
   * @param category how each row's category is read
   * @throws KlsparkException if a group or category column is missing or has the wrong type, or a
   *     group column clashes with a report column
   */
  public static EvaluatedRows resolve(
      Dataset<Row> input, List<String> groupBy, Set<String> reserved, CategorySpec category) {
    InputColumns columns = new InputColumns(input.schema(), "input");
    GroupColumns groups = GroupColumns.resolve(columns, groupBy, reserved);
    return new EvaluatedRows(input, columns, groups, category.expression(columns));
  }

  /** The input's columns. */
  public InputColumns columns() {
    return columns;
  }

  /** The resolved group columns. */
  public GroupColumns groups() {
    return groups;
  }

  /**
   * A boolean SQL condition over the input ({@link ReportPlans#condition}); every row for a null
   * {@code sql}.
   *
   * @throws KlsparkException when it does not parse, names a missing column or is not boolean; the
   *     message names {@code flag}
   */
  public Column condition(String sql, String flag) {
    return ReportPlans.condition(input, sql, flag);
  }

  /**
   * The rows where {@code where} holds, as the group columns (internal names), the category ({@link
   * ReportPlans#CATEGORY}) and then {@code more}, in that order; lazy.
   *
   * @param where a condition from {@link #condition}
   * @param more further columns over the input
   * @throws KlsparkException "the report query does not fit the input: ..." when the plan does not
   *     analyse ({@link ReportPlans#analyzed})
   */
  public Dataset<Row> rows(Column where, Column... more) {
    List<Column> select = new ArrayList<>(groups.fromInput());
    select.add(category.as(ReportPlans.CATEGORY));
    select.addAll(List.of(more));
    return ReportPlans.analyzed(() -> input.where(where).select(select.toArray(new Column[0])));
  }
}

package dev.klspark.spark.sql;

import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;

/**
 * One klspark SQL function: its name, its documentation (shown by {@code DESCRIBE FUNCTION
 * EXTENDED}) and the builder that turns resolved argument expressions into a Catalyst expression.
 *
 * @param name the unqualified SQL name
 * @param aggregate whether it is an aggregate function
 * @param usage {@code _FUNC_(args) - what it returns, with the unit}
 * @param arguments one line per argument
 * @param examples SQL statements with their expected output (tab-separated columns)
 * @param note null and edge behaviour
 * @param builder argument expressions to the function's expression
 */
public record SqlFunction(
    String name,
    boolean aggregate,
    String usage,
    List<String> arguments,
    List<Example> examples,
    String note,
    Function<List<Expression>, Expression> builder) {

  /** An example statement and the output {@code jobs/sql -e} prints for it. */
  public record Example(String sql, String output) {}

  /** The Spark documentation object, in the layout Spark validates and prints. */
  public ExpressionInfo info() {
    StringBuilder args = new StringBuilder("\n    Arguments:\n");
    for (String a : arguments) {
      args.append("      * ").append(a).append('\n');
    }
    args.append("  ");
    StringBuilder ex = new StringBuilder("\n    Examples:\n");
    for (Example e : examples) {
      ex.append("      > ").append(e.sql()).append('\n');
      ex.append("       ").append(e.output()).append('\n');
    }
    ex.append("  ");
    // An aggregate says so where DESCRIBE FUNCTION shows it: its class and its usage line.
    Class<?> implementation =
        !aggregate
            ? ScalarBindings.class
            : switch (name) {
              case "mean_log_likelihood" ->
                  org.apache.spark.sql.catalyst.expressions.aggregate.Average.class;
              case "expected_nll", "expected_nll_sd" -> ExpectedNllAggregator.class;
              default -> CategoryAggregators.class;
            };
    return new ExpressionInfo(
        implementation.getName(),
        null,
        name,
        aggregate ? usage.replaceFirst(" - ", " - Aggregate function. ") : usage,
        args.toString(),
        ex.toString(),
        "\n    " + note + "\n  ",
        aggregate ? "agg_funcs" : "math_funcs",
        "",
        "",
        "java_udf");
  }
}

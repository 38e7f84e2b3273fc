package dev.klspark.spark.sql;

import dev.klspark.spark.compat.SingleChildExpression;
import dev.klspark.spark.compat.SparkCompat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeBlock;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.expressions.codegen.JavaCode;
import org.apache.spark.sql.types.DataType;

/**
 * A klspark scalar function call as the query shows it: evaluates its child (the {@code
 * StaticInvoke} into {@link ScalarBindings}) unchanged, generated code included, but prints as the
 * SQL call, so that an unaliased {@code SELECT kl_divergence(p, q)} gives the column {@code
 * kl_divergence(p, q)} as a built-in would, in Spark's pretty form (no qualifiers, no quotes around
 * strings). With {@code nullOnError} (the {@code try_} variants) a {@link KlFunctionException} from
 * the child gives NULL; any other error still fails the query.
 */
final class FunctionCall extends SingleChildExpression {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final String arguments;
  private final boolean nullOnError;
  private final Expression child;

  /**
   * @param name the SQL name; empty for a bare argument list (the child of an aggregate that prints
   *     as {@code name(arguments)} itself)
   * @param arguments the arguments as the user wrote them, in pretty SQL, comma-separated
   * @param nullOnError whether a klspark argument error gives NULL
   * @param child the expression that computes the value
   */
  public FunctionCall(String name, String arguments, boolean nullOnError, Expression child) {
    this.name = name;
    this.arguments = arguments;
    this.nullOnError = nullOnError;
    this.child = child;
  }

  /** The call {@code name(args)} computed by {@code child}. */
  static FunctionCall of(
      String name, List<Expression> args, boolean nullOnError, Expression child) {
    return new FunctionCall(name, prettyArguments(args), nullOnError, child);
  }

  /** The arguments in Spark's pretty SQL (as in generated column names), comma-separated. */
  static String prettyArguments(List<Expression> args) {
    return args.stream().map(SparkCompat::prettySql).collect(Collectors.joining(", "));
  }

  @Override
  public Expression child() {
    return child;
  }

  @Override
  public DataType dataType() {
    return child.dataType();
  }

  @Override
  public boolean nullable() {
    return nullOnError || child.nullable();
  }

  @Override
  public boolean foldable() {
    return child.foldable();
  }

  @Override
  public String prettyName() {
    return name.isEmpty() ? super.prettyName() : name;
  }

  @Override
  public String sql() {
    return name.isEmpty() ? arguments : name + "(" + arguments + ")";
  }

  @Override
  public String toString() {
    return (name.isEmpty() ? "" : name) + "(" + child + ")";
  }

  @Override
  public Object eval(InternalRow input) {
    if (!nullOnError) {
      return child.eval(input);
    }
    try {
      return child.eval(input);
    } catch (KlFunctionException e) {
      return null;
    }
  }

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    ExprCode c = child.genCode(ctx);
    if (!nullOnError) {
      return c;
    }
    // The child's code, isNull and value go in as block inputs: only the literal parts of a
    // CodeBlock have their escapes processed.
    String type = CodeGenerator.javaType(dataType());
    String error = ctx.freshName("klError");
    List<String> parts =
        List.of(
            "boolean "
                + ev.isNull()
                + " = true;\n"
                + type
                + " "
                + ev.value()
                + " = "
                + CodeGenerator.defaultValue(dataType(), false)
                + ";\ntry {\n",
            "\n" + ev.isNull() + " = ",
            ";\n" + ev.value() + " = ",
            ";\n} catch (" + KlFunctionException.class.getName() + " " + error + ") {\n}\n");
    List<JavaCode> inputs = List.of(c.code(), c.isNull(), c.value());
    return ev.copy(
        new CodeBlock(SparkCompat.seq(parts), SparkCompat.seq(inputs)), ev.isNull(), ev.value());
  }

  @Override
  protected Expression withNewChild(Expression newChild) {
    return new FunctionCall(name, arguments, nullOnError, newChild);
  }

  @Override
  public int productArity() {
    return 4;
  }

  @Override
  public Object productElement(int n) {
    return switch (n) {
      case 0 -> name;
      case 1 -> arguments;
      case 2 -> nullOnError;
      case 3 -> child;
      default -> throw new IndexOutOfBoundsException(Integer.toString(n));
    };
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof FunctionCall;
  }

  /** Equal when the computations are: the printed arguments do not count. */
  @Override
  public boolean equals(Object o) {
    return o instanceof FunctionCall f
        && name.equals(f.name)
        && nullOnError == f.nullOnError
        && child.equals(f.child);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, nullOnError, child);
  }
}

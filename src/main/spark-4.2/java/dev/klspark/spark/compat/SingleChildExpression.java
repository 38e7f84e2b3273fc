package dev.klspark.spark.compat;

import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Expression;

/**
 * A Catalyst expression with one child, for subclasses written in Java: Spark's {@code
 * UnaryExpression} cannot be extended from Java (its final {@code withNewChildrenInternal} has no
 * generic signature), and the Scala collection types of {@code children} differ between Spark
 * lines.
 */
public abstract class SingleChildExpression extends Expression implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private transient scala.collection.immutable.Seq<Expression> children;

  /** The one child. */
  public abstract Expression child();

  /** A copy of this expression with another child. */
  protected abstract Expression withNewChild(Expression newChild);

  @Override
  public final scala.collection.immutable.Seq<Expression> children() {
    if (children == null) {
      children = SparkCompat.seq(List.of(child()));
    }
    return children;
  }

  @Override
  public final Expression withNewChildrenInternal(
      scala.collection.immutable.IndexedSeq<Expression> newChildren) {
    return withNewChild(newChildren.apply(0));
  }
}

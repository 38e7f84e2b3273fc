package dev.klspark.spark.engine;

import dev.klspark.spark.compat.SparkCompat;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.Count;
import org.apache.spark.sql.catalyst.expressions.aggregate.Final$;
import org.apache.spark.sql.catalyst.expressions.aggregate.Partial$;
import org.apache.spark.sql.catalyst.expressions.aggregate.Sum;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.physical.HashPartitioning;
import org.apache.spark.sql.execution.CoalesceExec;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.UnionExec;
import org.apache.spark.sql.execution.aggregate.HashAggregateExec;
import org.apache.spark.sql.execution.exchange.ShuffleExchangeExec;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import scala.runtime.AbstractPartialFunction;

/**
 * One exchange for the observed counts of a per-group step: Spark's partial counts (one per (group,
 * category) and scan task) go straight into the step's shuffle by group, without the shuffle by
 * (group, category) and the final count that Spark's {@code groupBy(...).count()} plans before it.
 * The step merges a category's cells anyway ({@link GroupComparison}), so splitting a count into
 * parts changes nothing it computes: counts are whole numbers, summed exactly in doubles below 2⁵³,
 * in any order.
 *
 * <p>Spark's Dataset API has no partial-only aggregation, so this works on the physical plan: in
 * the step's plan before Spark's preparation rules, every final {@code HashAggregateExec} of {@code
 * count}s (or {@code sum}s of a non-nullable integral column: counts of one side's rows) that feeds
 * the step's exchange through projections and unions only is replaced by a projection of its
 * partial aggregation (the partial count in place of the final one). The plan is then prepared
 * (exchanges, code generation) without adaptive execution and wrapped as a DataFrame ({@code
 * LogicalRDD}, {@link StepRows}): the rest of the report plans on it as usual. A plan of another
 * shape (a sum of doubles such as a weight, a join between the counts and the step) or a Spark line
 * whose operators differ ({@code LinkageError}) is left as it was. With adaptive execution on
 * (Spark's default), the step's shuffle gets as many partitions as the counted rows' scan, rounded
 * up to a multiple of the default parallelism and at most {@code spark.sql.shuffle.partitions},
 * since nothing coalesces them later. The union's sides without counts (the model's) are read in at
 * most as many tasks as the largest of the counted rows' scan partitions, the default parallelism
 * and the side's estimated size over {@code spark.sql.files.maxPartitionBytes} ({@code
 * CoalesceExec}): a cached model table keeps the partitions of the shuffle that made it, 200 small
 * tasks by default. The step's plan is made when the report is built instead of when it runs; if
 * planning fails then, the plan is left as it was, so that the error comes when the report runs.
 *
 * <p>The same technique as Spark's own two-phase aggregation ({@code AggUtils}), minus its final
 * phase; the per-group merge stands in for it.
 */
final class PartialCounts {
  private PartialCounts() {}

  /**
   * The plan of {@code cells} (a per-group step's cells, whose plan has the step's shuffle by group
   * as its topmost exchange) with the final counts below that shuffle removed, prepared for
   * execution without adaptive execution; null when there are none (Spark's own plan is then used).
   */
  static SparkPlan oneExchange(Dataset<Row> cells) {
    SparkPlan plan;
    try {
      plan = SparkCompat.sparkPlan(cells);
    } catch (RuntimeException e) {
      // Planning failed (e.g. the optimizer folded a check of a local table and it raised): keep
      // the plan as it was, so that the error comes when the report runs, as it would without
      // this rewrite.
      return null;
    }
    try {
      return rewritten(cells.sparkSession(), plan);
    } catch (LinkageError e) {
      return null; // a Spark line whose physical operators differ: Spark's own plan, unchanged
    }
  }

  private static SparkPlan rewritten(SparkSession spark, SparkPlan plan) {
    boolean[] changed = {false};
    SparkPlan rewritten = aboveExchange(spark, plan, changed);
    if (!changed[0]) {
      return null;
    }
    return SparkCompat.prepareForExecution(spark, rewritten);
  }

  /**
   * The rows of a plan {@link #oneExchange} prepared. Called here, so that Spark names its stages
   * "execute at PartialCounts" (its call site), which {@code jobs/cluster-smoke} looks for.
   */
  static RDD<InternalRow> execute(SparkPlan prepared) {
    return prepared.execute();
  }

  /**
   * The prepared plans behind {@code df} that {@link #oneExchange} built (the plan of {@code df}
   * itself shows them as a scan of existing rows); empty when there are none.
   */
  static List<SparkPlan> stepPlans(Dataset<Row> df) {
    return StepRows.plans(df, true);
  }

  /** Down single-child nodes to the first exchange; rewrites below it. */
  private static SparkPlan aboveExchange(SparkSession spark, SparkPlan node, boolean[] changed) {
    if (node instanceof ShuffleExchangeExec e
        && e.outputPartitioning() instanceof HashPartitioning hp) {
      List<SparkPlan> counted = new ArrayList<>();
      List<SparkPlan> others = new ArrayList<>();
      SparkPlan child = belowExchange(e.child(), changed, counted, others);
      if (!changed[0]) {
        return node;
      }
      boolean adaptive =
          Boolean.parseBoolean(spark.conf().get("spark.sql.adaptive.enabled", "true"));
      int scanned = adaptive || !others.isEmpty() ? scanPartitions(counted) : 0;
      int parallelism = Math.max(1, spark.sparkContext().defaultParallelism());
      if (scanned > 0) {
        child = coalesced(spark, child, others, Math.max(scanned, parallelism));
      }
      HashPartitioning partitioning = hp;
      int n = adaptive ? partitions(scanned, parallelism, hp.numPartitions()) : hp.numPartitions();
      if (n != hp.numPartitions()) {
        partitioning = new HashPartitioning(hp.expressions(), n);
      }
      return e.copy(partitioning, child, e.shuffleOrigin(), e.advisoryPartitionSize());
    }
    List<SparkPlan> children = SparkCompat.list(node.children());
    if (children.size() != 1) {
      return node;
    }
    SparkPlan child = aboveExchange(spark, children.get(0), changed);
    return changed[0] ? node.withNewChildren(SparkCompat.seq(List.of(child))) : node;
  }

  /**
   * Through projections and unions; a final count of a partial count becomes a projection. The
   * children of a union that hold no such count (e.g. the model's side) are added to {@code
   * others}, as they are: the rewritten plan has them unchanged.
   */
  private static SparkPlan belowExchange(
      SparkPlan node, boolean[] changed, List<SparkPlan> counted, List<SparkPlan> others) {
    if (node instanceof ProjectExec || node instanceof UnionExec) {
      List<SparkPlan> children = SparkCompat.list(node.children());
      List<SparkPlan> rewritten = new ArrayList<>(children.size());
      List<SparkPlan> unchanged = new ArrayList<>();
      boolean any = false;
      for (SparkPlan c : children) {
        boolean[] mine = {false};
        rewritten.add(belowExchange(c, mine, counted, others));
        any |= mine[0];
        if (!mine[0]) {
          unchanged.add(c);
        }
      }
      if (!any) {
        return node;
      }
      if (node instanceof UnionExec) {
        others.addAll(unchanged);
      }
      changed[0] = true;
      return node.withNewChildren(SparkCompat.seq(rewritten));
    }
    if (node instanceof HashAggregateExec fin) {
      SparkPlan partial = partialOf(fin);
      if (partial != null) {
        changed[0] = true;
        counted.add(fin.child());
        return partial;
      }
    }
    return node;
  }

  /**
   * The projection of {@code fin}'s partial aggregation that stands in for {@code fin}, or null
   * when {@code fin} is not a final aggregation of counts over its own partial aggregation.
   */
  private static SparkPlan partialOf(HashAggregateExec fin) {
    if (!(fin.child() instanceof HashAggregateExec partial)) {
      return null;
    }
    List<AggregateExpression> finals = SparkCompat.list(fin.aggregateExpressions());
    List<AggregateExpression> partials = SparkCompat.list(partial.aggregateExpressions());
    int groups = SparkCompat.list(fin.groupingExpressions()).size();
    if (finals.isEmpty()
        || finals.size() != partials.size()
        || SparkCompat.list(partial.groupingExpressions()).size() != groups) {
      return null;
    }
    for (int i = 0; i < finals.size(); i++) {
      if (!wholeIn(finals.get(i), Final$.MODULE$) || !wholeIn(partials.get(i), Partial$.MODULE$)) {
        return null;
      }
    }
    List<Attribute> partialOutput = SparkCompat.list(partial.output());
    List<Attribute> results = SparkCompat.list(fin.aggregateAttributes());
    if (partialOutput.size() != groups + finals.size() || results.size() != finals.size()) {
      return null;
    }
    // A count's buffer is one long, the partial count; the final count is their sum.
    Map<ExprId, Attribute> buffers = new HashMap<>();
    for (int i = 0; i < results.size(); i++) {
      buffers.put(results.get(i).exprId(), partialOutput.get(groups + i));
    }
    List<NamedExpression> projection = new ArrayList<>();
    for (NamedExpression e : SparkCompat.list(fin.resultExpressions())) {
      if (e instanceof Attribute a && buffers.containsKey(a.exprId())) {
        return null; // a bare count would change its name; klspark's counts are all aliased
      }
      projection.add((NamedExpression) ((Expression) e).transform(new Substitute(buffers)));
    }
    return new ProjectExec(SparkCompat.seq(projection), partial);
  }

  /**
   * Whether {@code e} is, in {@code mode}, an aggregation of whole numbers whose buffer is its one
   * partial value: a {@code count}, or a {@code sum} of a non-nullable integral column (e.g. {@code
   * sum(when(side, 1).otherwise(0))}, a count of one side's rows). Not a sum of doubles: its parts
   * would round differently from the whole.
   */
  private static boolean wholeIn(AggregateExpression e, Object mode) {
    if (e.mode() != mode || e.isDistinct() || e.filter().isDefined()) {
      return false;
    }
    if (e.aggregateFunction() instanceof Count) {
      return true;
    }
    return e.aggregateFunction() instanceof Sum sum
        && sum.dataType() instanceof LongType
        && isIntegral(sum.child().dataType())
        && !sum.child().nullable();
  }

  private static boolean isIntegral(DataType t) {
    return t instanceof LongType
        || t instanceof IntegerType
        || t instanceof ShortType
        || t instanceof ByteType;
  }

  /**
   * The partitions of the counted rows' scans ({@code counted}: the partial aggregations), or 0
   * when a scan cannot tell before the plan is prepared.
   */
  private static int scanPartitions(List<SparkPlan> counted) {
    int in = 0;
    try {
      for (SparkPlan c : counted) {
        for (SparkPlan leaf : leaves(c)) {
          in += leaf.execute().getNumPartitions();
        }
      }
    } catch (Exception e) {
      // A leaf that cannot tell before preparation (e.g. a scan filtered by a subquery, which
      // Spark raises as a checked SparkException).
      return 0;
    }
    return in;
  }

  /**
   * The partitions of the step's shuffle under adaptive execution (with it off, Spark's setting is
   * the user's choice): the partitions of the counted rows' scans ({@code scanned}) rounded up to a
   * multiple of the default parallelism, at most the setting ({@code configured}, also when the
   * scans cannot tell). A model table's partitions say little (a cached table keeps those of the
   * shuffle that made it, 200 by default even for a small table), so they are not counted.
   */
  private static int partitions(int scanned, int parallelism, int configured) {
    if (scanned == 0) {
      return configured;
    }
    // A multiple of the parallelism, so that the last round of tasks keeps every core busy.
    int rounds = (Math.max(scanned, parallelism) + parallelism - 1) / parallelism;
    return Math.max(1, Math.min(configured, rounds * parallelism));
  }

  /**
   * {@code plan} (projections and unions above the counts) with each of {@code others} (the union's
   * sides without counts: the model's) read in fewer tasks where it has many small partitions. Each
   * partition of a side is a task of the shuffle's map stage, whatever its size: a cached model
   * table keeps the partitions of the shuffle that made it (200 by default, even for a small
   * table), and nothing coalesces a shuffle's input, with or without adaptive execution. A side is
   * read in at most the larger of {@code least} (the counted rows' scan partitions or the default
   * parallelism, whichever is larger, so that every core stays busy) and its estimated size over
   * {@code spark.sql.files.maxPartitionBytes} (so that a large model keeps tasks of about the size
   * Spark gives a file scan). A side whose size Spark cannot estimate (e.g. the rows of an RDD) is
   * read as it was. Coalescing without a shuffle ({@code CoalesceExec}, as {@code
   * Dataset.coalesce}) joins whole partitions, preferably near their data, and never adds any: a
   * side with fewer partitions is read as it was. Everything in a side up to its last exchange runs
   * in its coalesced tasks.
   */
  private static SparkPlan coalesced(
      SparkSession spark, SparkPlan plan, List<SparkPlan> others, int least) {
    for (SparkPlan side : others) {
      if (side == plan) {
        int most = bySize(spark, side, least);
        return most > 0 ? new CoalesceExec(most, plan) : plan;
      }
    }
    if (!(plan instanceof ProjectExec || plan instanceof UnionExec)) {
      return plan;
    }
    List<SparkPlan> children = SparkCompat.list(plan.children());
    List<SparkPlan> out = new ArrayList<>(children.size());
    boolean any = false;
    for (SparkPlan c : children) {
      SparkPlan d = coalesced(spark, c, others, least);
      any |= d != c;
      out.add(d);
    }
    return any ? plan.withNewChildren(SparkCompat.seq(out)) : plan;
  }

  /**
   * The larger of {@code least} and {@code side}'s estimated size (its logical plan's statistics)
   * over {@code spark.sql.files.maxPartitionBytes}; 0 when Spark has no estimate (no logical plan,
   * or the default size it gives what it cannot measure).
   */
  private static int bySize(SparkSession spark, SparkPlan side, int least) {
    try {
      scala.Option<LogicalPlan> logical = side.logicalLink();
      if (logical.isEmpty()) {
        return 0;
      }
      BigInteger size = logical.get().stats().sizeInBytes().bigInteger();
      if (size.compareTo(BigInteger.valueOf(spark.sessionState().conf().defaultSizeInBytes()))
          >= 0) {
        return 0;
      }
      long bytes = Math.max(1, spark.sessionState().conf().filesMaxPartitionBytes());
      BigInteger tasks = size.add(BigInteger.valueOf(bytes - 1)).divide(BigInteger.valueOf(bytes));
      return tasks.compareTo(BigInteger.valueOf(least)) <= 0
          ? least
          : tasks.min(BigInteger.valueOf(Integer.MAX_VALUE)).intValue();
    } catch (Exception e) {
      return 0; // statistics Spark cannot compute: the side is read as it was
    }
  }

  private static List<SparkPlan> leaves(SparkPlan plan) {
    List<SparkPlan> children = SparkCompat.list(plan.children());
    if (children.isEmpty()) {
      return List.of(plan);
    }
    List<SparkPlan> out = new ArrayList<>();
    for (SparkPlan c : children) {
      out.addAll(leaves(c));
    }
    return out;
  }

  /** Replaces references to a final count's result by the partial count. */
  private static final class Substitute extends AbstractPartialFunction<Expression, Expression> {
    private final Map<ExprId, Attribute> buffers;

    Substitute(Map<ExprId, Attribute> buffers) {
      this.buffers = buffers;
    }

    @Override
    public boolean isDefinedAt(Expression e) {
      return e instanceof AttributeReference a && buffers.containsKey(a.exprId());
    }

    @Override
    public Expression apply(Expression e) {
      return isDefinedAt(e) ? buffers.get(((AttributeReference) e).exprId()) : e;
    }
  }
}

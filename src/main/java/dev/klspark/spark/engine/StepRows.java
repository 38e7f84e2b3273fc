package dev.klspark.spark.engine;

import dev.klspark.spark.compat.SparkCompat;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.apache.spark.Dependency;
import org.apache.spark.OneToOneDependency;
import org.apache.spark.Partition;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.execution.RDDScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.$colon$colon;
import scala.collection.immutable.Nil$;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The rows of a per-group step ({@link GroupStream}) computed on Spark's internal rows: the cells,
 * shuffled by group and sorted by hash in Spark's plan, are streamed through the step as {@link
 * InternalRow}s, and the results are wrapped as a DataFrame ({@code LogicalRDD}) that the rest of
 * the report (Benjamini–Hochberg, the writers) plans on as usual. A {@code mapPartitions} over
 * {@code Row}s would decode every cell's group and category into Java {@code String}s and box the
 * row (at 10⁶ groups, 12 % of the step's time in JFR samples, and 9 % more for sorting the cells by
 * their decoded categories).
 *
 * <p>The cells' RDD is made when the step's rows are first needed, when the report runs (Spark
 * computes an RDD's partitions and dependencies on the thread that submits the job): under adaptive
 * execution, a Dataset's RDD exists only once its shuffle stages have run, so making it when the
 * report is built would run them then. With {@link GroupStream.Cells#partialCounts} the cells' plan
 * is the one-exchange plan of {@link PartialCounts}, prepared without adaptive execution; otherwise
 * it is Spark's own plan of the cells, adaptive execution included.
 */
final class StepRows extends RDD<InternalRow> {
  private static final long serialVersionUID = 1L;

  private static final ClassTag<InternalRow> ROWS = ClassTag$.MODULE$.apply(InternalRow.class);

  /** The plan of each step's cells, by the step's rows (tests list their exchanges and code). */
  private static final Map<RDD<?>, CellsPlan> PLANS =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** A step's cells' plan, and whether {@link PartialCounts} made it. */
  private record CellsPlan(boolean oneExchange, Supplier<SparkPlan> plan) {}

  /** What a task does with its partition of the input rows. */
  @FunctionalInterface
  interface PartitionStep extends Serializable {
    /** The output rows of one partition of input rows. */
    Iterator<InternalRow> call(Iterator<InternalRow> rows);
  }

  private final PartitionStep step;
  private final transient Supplier<RDD<InternalRow>> source;
  private transient RDD<InternalRow> cells;

  private StepRows(SparkSession spark, Supplier<RDD<InternalRow>> source, PartitionStep step) {
    super(spark.sparkContext(), emptyDependencies(), ROWS);
    this.source = source;
    this.step = step;
  }

  /**
   * The step's output over {@code sorted} (the cells shuffled by group and sorted by hash).
   *
   * @param partialCounts whether the observed counts may arrive in parts ({@link PartialCounts})
   * @param schema the step's output: the keys and the result's flat fields
   */
  static Dataset<Row> of(
      Dataset<Row> sorted, boolean partialCounts, GroupStream stream, StructType schema) {
    SparkSession spark = sorted.sparkSession();
    SparkPlan oneExchange = partialCounts ? PartialCounts.oneExchange(sorted) : null;
    StepRows rows;
    if (oneExchange != null) {
      rows = new StepRows(spark, () -> PartialCounts.execute(oneExchange), stream::call);
      PLANS.put(rows, new CellsPlan(true, () -> oneExchange));
    } else {
      return over(sorted, stream::call, schema);
    }
    return SparkCompat.dataFrame(spark, rows, schema);
  }

  /**
   * The rows {@code step} makes of each partition of {@code input}'s rows, as a DataFrame of {@code
   * schema}; {@code input}'s RDD is made when the rows are first needed, as a step's cells are.
   */
  static Dataset<Row> over(Dataset<Row> input, PartitionStep step, StructType schema) {
    SparkSession spark = input.sparkSession();
    StepRows rows = new StepRows(spark, () -> SparkCompat.toRdd(input), step);
    PLANS.put(rows, new CellsPlan(false, () -> SparkCompat.executedPlan(input)));
    return SparkCompat.dataFrame(spark, rows, schema);
  }

  /**
   * The plans of the steps' cells behind {@code df} (its own plan shows each step as a scan of
   * existing rows), also behind a p-value adjustment ({@link AdjustedRows}); with {@code
   * oneExchangeOnly}, only those {@link PartialCounts} made.
   */
  static List<SparkPlan> plans(Dataset<Row> df, boolean oneExchangeOnly) {
    List<SparkPlan> out = new ArrayList<>();
    df.queryExecution()
        .analyzed()
        .foreach(
            node -> {
              if (node instanceof LogicalRDD r) {
                CellsPlan p = PLANS.get(r.rdd());
                if (p != null && (p.oneExchange() || !oneExchangeOnly)) {
                  SparkPlan plan = p.plan().get();
                  out.add(plan);
                  if (!oneExchangeOnly) {
                    behindScans(plan, out);
                  }
                }
              }
              return null;
            });
    for (Dataset<Row> report : AdjustedRows.sources(df)) {
      out.addAll(plans(report, oneExchangeOnly)); // the report before its p-value adjustment
    }
    return out;
  }

  /**
   * The plans behind the scans of such rows within {@code plan} (e.g. a packed model side), also
   * within an adaptive plan's current plan and its query stages.
   */
  private static void behindScans(SparkPlan plan, List<SparkPlan> out) {
    if (plan instanceof AdaptiveSparkPlanExec adaptive) {
      behindScans(adaptive.executedPlan(), out);
      return;
    }
    if (plan instanceof QueryStageExec stage) {
      behindScans(stage.plan(), out);
      return;
    }
    if (plan instanceof RDDScanExec scan) {
      CellsPlan p = PLANS.get(scan.rdd());
      if (p != null) {
        SparkPlan behind = p.plan().get();
        out.add(behind);
        behindScans(behind, out);
      }
    }
    for (SparkPlan child : SparkCompat.list(plan.children())) {
      behindScans(child, out);
    }
  }

  private synchronized RDD<InternalRow> cells() {
    if (cells == null) {
      cells = source.get();
    }
    return cells;
  }

  @Override
  public Partition[] getPartitions() {
    return cells().partitions();
  }

  @Override
  public scala.collection.immutable.List<Dependency<?>> getDependencies() {
    return one(new OneToOneDependency<>(cells()));
  }

  @Override
  public scala.collection.Iterator<InternalRow> compute(Partition split, TaskContext context) {
    return SparkCompat.scalaIterator(
        step.call(SparkCompat.javaIterator(firstParent(ROWS).iterator(split, context))));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static scala.collection.immutable.List<Dependency<?>> emptyDependencies() {
    return (scala.collection.immutable.List) Nil$.MODULE$;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static scala.collection.immutable.List<Dependency<?>> one(Dependency<?> dependency) {
    return new $colon$colon(dependency, Nil$.MODULE$);
  }
}

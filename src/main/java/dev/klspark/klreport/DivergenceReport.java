package dev.klspark.klreport;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.klspark.KlsparkException;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.distribution.ModelTable;
import dev.klspark.spark.distribution.RowChecks;
import dev.klspark.spark.engine.EvaluatedRows;
import dev.klspark.spark.engine.GroupComparison;
import dev.klspark.spark.engine.GroupComparison.ModelInput;
import dev.klspark.spark.engine.GroupStream;
import dev.klspark.spark.engine.ModelRuns;
import dev.klspark.spark.engine.PValueAdjustment;
import dev.klspark.spark.engine.ReportColumns;
import dev.klspark.spark.engine.ReportPlans;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/**
 * The divergence report: one row per group comparing the group's empirical distribution P̂ of a
 * category with a model distribution Q.
 *
 * <p>Data flow (one scan of the input and of the model table, one native hash aggregation over the
 * rows; everything after touches only groups x categories):
 *
 * <ol>
 *   <li>rows passing the evaluation filter (or the reference filter) -&gt; (group..., category,
 *       weight) with native expressions;
 *   <li>{@code groupBy(group..., category)}: the observed count (with a reference slice, the
 *       reference count too, in the same aggregation). With a model table and no weight, only
 *       Spark's partial counts (per scan task) are made: they go straight into the shuffle of the
 *       last step, which adds up a category's parts, so the rows' counts cost one exchange instead
 *       of two ({@code PartialCounts} in {@code dev.klspark.spark.engine});
 *   <li>with a model table: the counts and the table's rows (checked row by row as they are read)
 *       side by side, one cell each (a compact table: one row per group, expanded in the next
 *       step); with a reference slice: a full outer join of the counts with the reference's
 *       support;
 *   <li>the cells shuffled by group, sorted by (group, category) and streamed group by group to
 *       {@link GroupComparison}, which merges a category's observed and model cells (a category or
 *       a group on one side only is kept, null group keys group together), checks the group's model
 *       rows (duplicates, sum) and applies the kernel ({@code dev.klspark.math}): one formula, one
 *       place ({@link GroupStream}).
 * </ol>
 *
 * <p>Errors found while the query runs (a value outside the bucket splits, a negative weight, an
 * invalid model-table row or group) fail the Spark job that executes the report: the {@link
 * KlsparkException} (or Spark's {@code USER_RAISED_EXCEPTION}) is in the cause chain of the
 * exception the action throws, and nothing the action was writing is committed by the jobs.
 *
 * <p>Columns: the group columns, {@code n}, {@code null_count}, {@code k_observed}, {@code
 * k_model}, {@code entropy_U}, {@code cross_entropy_U}, {@code kl_divergence_U}, {@code
 * reverse_kl_divergence_U}, {@code js_divergence_U} (U = nats or bits), {@code unseen_mass}, {@code
 * status}, {@code message}. See docs/kl-report.md, "Report columns".
 */
public final class DivergenceReport {
  /** Report columns other than the group columns; group columns may not use these names. */
  public static final Set<String> RESERVED =
      Set.of("n", "null_count", "k_observed", "k_model", "unseen_mass", "status", "message");

  private static final String CAT = ReportPlans.CATEGORY;
  private static final String OBSERVED = "__observed";
  private static final String MODEL = "__model";
  private static final String SUPPORT = "__in_support";
  private static final String MODEL_CELLS = "__model_cells";
  private static final String ROW = GroupStream.RESULT_COLUMN;

  private DivergenceReport() {}

  /** The aligned cells of every (group, category) and how a group's cells are compared. */
  private record Plan(
      Dataset<Row> cells,
      List<StructField> groupFields,
      List<String> groupNames,
      List<String> labels,
      String supportColumn,
      String modelCells,
      GroupComparison comparison) {}

  /**
   * Builds the report (lazily: nothing runs until the result is written or collected; the model
   * table is validated by the same query). With a model table and no weight the per-group step is
   * planned here, and the returned Dataset's own plan shows it as a scan of existing rows (see the
   * class comment, step 2).
   *
   * @param input the rows
   * @param spec what to compare
   * @return one row per group (in no particular order)
   * @throws KlsparkException if a column is missing or has the wrong type, a group column clashes
   *     with a report column, a filter is not a valid condition, or the model table lacks a column
   *     or has one of an unusable type; invalid model-table values, duplicates and sums are
   *     reported when the report runs (see the class comment)
   */
  public static Dataset<Row> build(Dataset<Row> input, ReportSpec spec) {
    Plan plan = plan(input, spec, true);
    List<StructField> groupFields = plan.groupFields();
    List<String> groupNames = plan.groupNames();
    GroupStream.Cells cells =
        GroupStream.over(plan.cells())
            .keys(groupNames)
            .keyLabels(plan.labels())
            .category(CAT)
            .observed(OBSERVED)
            .model(MODEL)
            .inSupport(plan.supportColumn())
            .modelCells(plan.modelCells());
    if (spec.model() instanceof ReportSpec.Table && spec.weight() == null) {
      cells = cells.partialCounts(); // the counts feed the step through a projection and a union
    }
    Dataset<Row> perGroup = cells.compare(plan.comparison());

    String u = spec.unit().suffix();
    boolean weighted = spec.weight() != null;
    List<Column> out = new ArrayList<>();
    for (int i = 0; i < groupFields.size(); i++) {
      out.add(col(groupNames.get(i)).as(groupFields.get(i).name()));
    }
    out.add(count(col(ROW + ".n"), weighted).as("n"));
    out.add(count(col(ROW + ".null_count"), weighted).as("null_count"));
    out.add(col(ROW + ".k_observed").as("k_observed"));
    out.add(col(ROW + ".k_model").as("k_model"));
    for (String m : GroupStream.INFORMATION_FIELDS) {
      out.add(col(ROW + "." + m).as(m + "_" + u));
    }
    out.add(col(ROW + ".unseen_mass").as("unseen_mass"));
    for (String m : ReportColumns.EVIDENCE_FIELDS) {
      out.add(col(ROW + "." + m).as(m + "_" + u));
    }
    out.add(col(ROW + ".g_statistic").as("g_statistic"));
    out.add(col(ROW + ".degrees_of_freedom").as("degrees_of_freedom"));
    out.add(col(ROW + ".p_value").as("p_value"));
    out.add(col(ROW + ".status").as("status"));
    out.add(col(ROW + ".message").as("message"));
    Dataset<Row> report = perGroup.select(out.toArray(new Column[0]));
    Dataset<Row> adjusted =
        PValueAdjustment.benjaminiHochberg(report, "p_value", "p_value_adjusted");
    List<Column> ordered = new ArrayList<>();
    for (String c : report.columns()) {
      ordered.add(col(InputColumns.quote(c)));
      if (c.equals("p_value")) {
        ordered.add(col("p_value_adjusted"));
      }
    }
    return adjusted.select(ordered.toArray(new Column[0]));
  }

  /**
   * The aligned P̂ and Q of a few groups (for the HTML report's pictures): the cells of the given
   * groups only are collected, so the driver holds groups x categories numbers.
   *
   * @param groups the groups, each as its values in group-column order
   * @return per group (same order), its aligned distributions, or null for a group without model or
   *     observed rows
   */
  public static List<GroupComparison.Aligned> distributions(
      Dataset<Row> input, ReportSpec spec, List<List<Object>> groups) {
    Plan plan = plan(input, spec, false);
    Column wanted = lit(false);
    for (List<Object> g : groups) {
      Column one = lit(true);
      for (int i = 0; i < plan.groupNames().size(); i++) {
        one = one.and(col(plan.groupNames().get(i)).eqNullSafe(lit(g.get(i))));
      }
      wanted = wanted.or(one);
    }
    List<Column> select = new ArrayList<>();
    for (String g : plan.groupNames()) {
      select.add(col(g).cast("string"));
    }
    select.add(col(CAT));
    select.add(col(OBSERVED));
    select.add(col(MODEL));
    select.add(plan.supportColumn() == null ? lit(false) : col(plan.supportColumn()));
    Map<List<String>, List<GroupComparison.Cell>> byGroup = new java.util.HashMap<>();
    int k = plan.groupNames().size();
    for (Row r : plan.cells().where(wanted).select(select.toArray(new Column[0])).collectAsList()) {
      List<String> key = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        key.add(r.isNullAt(i) ? null : r.getString(i));
      }
      byGroup
          .computeIfAbsent(key, x -> new ArrayList<>())
          .add(
              new GroupComparison.Cell(
                  r.isNullAt(k) ? null : r.get(k).toString(),
                  r.isNullAt(k + 1) ? 0.0 : r.getDouble(k + 1),
                  r.isNullAt(k + 2) ? null : r.getDouble(k + 2),
                  !r.isNullAt(k + 3) && r.getBoolean(k + 3)));
    }
    List<GroupComparison.Aligned> out = new ArrayList<>();
    for (List<Object> g : groups) {
      List<String> key = g.stream().map(v -> v == null ? null : String.valueOf(v)).toList();
      List<GroupComparison.Cell> cells = byGroup.getOrDefault(key, List.of());
      List<GroupComparison.Cell> sorted = new ArrayList<>(cells);
      sorted.sort(
          java.util.Comparator.comparing(
              GroupComparison.Cell::category,
              java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
      out.add(sorted.isEmpty() ? null : plan.comparison().aligned(sorted, "group " + key));
    }
    return out;
  }

  /**
   * The aligned cells. With {@code carried}, a compact model table (a map or an array per group)
   * stays one row per group ({@link ModelTable#checkedGroups}) and the per-group step expands it
   * ({@link GroupStream.Cells#modelCells}); otherwise every cell is a row of its own.
   */
  private static Plan plan(Dataset<Row> input, ReportSpec spec, boolean carried) {
    SparkSession spark = input.sparkSession();
    EvaluatedRows evaluation =
        EvaluatedRows.resolve(input, spec.groupBy(), RESERVED, spec.category());
    List<StructField> groupFields = evaluation.groups().fields();
    List<String> groupNames = evaluation.groups().names();
    List<Column> groupCols = evaluation.groups().internal();
    Column weight = weight(evaluation.columns(), spec.weight()).as("__w");
    Column evaluated = evaluation.condition(spec.filter(), "--filter");

    List<Column> keys = new ArrayList<>(groupCols);
    keys.add(col(CAT));
    Column[] keyArray = keys.toArray(new Column[0]);

    Dataset<Row> cells;
    String supportColumn = SUPPORT;
    String modelCells = null;
    GroupComparison comparison;
    if (spec.model() instanceof ReportSpec.Reference ref) {
      comparison = new GroupComparison(ModelInput.REFERENCE_COUNTS, spec.smoothing(), spec.unit());
      Column reference = evaluation.condition(ref.filter(), "--reference-filter");
      Dataset<Row> rows =
          evaluation.rows(
              evaluated.or(reference), weight, evaluated.as("__eval"), reference.as("__ref"));
      Dataset<Row> counts =
          rows.groupBy(keyArray)
              .agg(
                  finiteSum(
                          coalesce(sum(when(col("__eval"), col("__w"))), lit(0)).cast("double"),
                          spec)
                      .as(OBSERVED),
                  finiteSum(
                          coalesce(sum(when(col("__ref"), col("__w"))), lit(0)).cast("double"),
                          spec)
                      .as(MODEL));
      // The model's known categories: the bucket labels, else every category of the reference
      // slice; the support of a group with reference rows is all of them (additive smoothing
      // spreads its pseudo-counts there). No filter on a grouping column here: Spark would push
      // it below the aggregation and could no longer reuse its exchange, scanning the input twice
      // (OnePassTest). A null category that enters the support is ignored by GroupComparison.
      // The condition also reads OBSERVED (always >= 0) so that column pruning keeps the same
      // aggregate functions in every branch: identical exchanges are reused, not recomputed.
      Column hasReference = col(MODEL).gt(0).and(col(OBSERVED).geq(0));
      // With buckets, the null label (--null-category) is a category like the bucket labels.
      Dataset<Row> vocabulary =
          spec.category().buckets() != null
              ? spark.createDataset(bucketVocabulary(spec.category()), Encoders.STRING()).toDF(CAT)
              : counts.where(hasReference).select(CAT).distinct();
      Dataset<Row> referenceGroups =
          counts.where(hasReference).select(groupCols.toArray(new Column[0])).distinct();
      Dataset<Row> support =
          referenceGroups.crossJoin(functions.broadcast(vocabulary)).withColumn(SUPPORT, lit(true));
      cells = ReportPlans.fullOuter(counts, support, groupNames);
      cells =
          cells.select(
              concat(
                  groupCols,
                  col(CAT),
                  coalesce(col(OBSERVED), lit(0.0)).as(OBSERVED),
                  coalesce(col(MODEL), lit(0.0)).as(MODEL),
                  coalesce(col(SUPPORT), lit(false)).as(SUPPORT)));
    } else {
      // The observed counts (the one aggregation over the rows) and the model table's rows go
      // together into the per-group step, which brings a group's cells together anyway (shuffle
      // by group, sort by category) and merges each category's observed and model cells there:
      // the two sides are aligned without a join or a second aggregation, a category or a group
      // on one side only is kept, null group keys group together, and the table is validated as
      // it is read (row checks by raise_error, duplicates and sums per group in GroupComparison)
      // instead of in a Spark job of its own.
      ReportSpec.Table table = (ReportSpec.Table) spec.model();
      Dataset<Row> groupsModel =
          carried
              ? ModelTable.checkedGroups(table.table(), groupFields, groupNames, MODEL_CELLS)
              : null;
      Dataset<Row> model =
          groupsModel != null
              ? null
              : ModelTable.checkedRows(table.table(), groupFields, groupNames, CAT, MODEL);
      Dataset<Row> rows = evaluation.rows(evaluated, weight, evaluated.as("__eval"));
      Column observedAgg = spec.weight() == null ? functions.count(lit(1)) : sum(col("__w"));
      List<Column> observedSide = new ArrayList<>(groupCols);
      observedSide.add(col(CAT));
      observedSide.add(col(OBSERVED));
      observedSide.add(lit(null).cast("double").as(MODEL));
      List<Column> modelSide = new ArrayList<>(groupCols);
      if (groupsModel == null) {
        modelSide.add(col(CAT));
        modelSide.add(lit(0.0).as(OBSERVED));
        modelSide.add(col(MODEL));
        if (carried) {
          // A long table's adjacent rows of one group travel as one row, as a compact table's do
          // (ModelRuns); scattered rows stay one row each.
          modelCells = MODEL_CELLS;
          observedSide.add(lit(null).cast(ModelTable.CELLS_TYPE).as(MODEL_CELLS));
          model =
              ModelRuns.packed(
                  model.select(modelSide.toArray(new Column[0])), groupCols.size(), MODEL_CELLS);
          modelSide = new ArrayList<>();
          for (String c : model.columns()) {
            modelSide.add(col(c));
          }
        }
      } else {
        // One row per group carries the group's entries through the shuffle (K times fewer rows
        // than the long form); the per-group step expands it.
        modelCells = MODEL_CELLS;
        observedSide.add(lit(null).cast(ModelTable.CELLS_TYPE).as(MODEL_CELLS));
        modelSide.add(lit(null).cast("string").as(CAT));
        modelSide.add(lit(0.0).as(OBSERVED));
        modelSide.add(lit(null).cast("double").as(MODEL));
        modelSide.add(col(MODEL_CELLS));
        model = groupsModel;
      }
      cells =
          rows.groupBy(keyArray)
              .agg(finiteSum(observedAgg.cast("double"), spec).as(OBSERVED))
              .select(observedSide.toArray(new Column[0]))
              .union(model.select(modelSide.toArray(new Column[0])));
      supportColumn = null; // a model-table cell is in the support when it has a probability
      comparison =
          new GroupComparison(
              ModelInput.PROBABILITIES, spec.smoothing(), spec.unit(), table.normalization());
    }

    if (spec.weight() == null) {
      // Sums of weights are not multinomial counts: no evidence for weighted runs.
      comparison = comparison.withEvidence(spec.confidenceLevel());
    }
    List<String> labels = groupFields.stream().map(StructField::name).toList();
    return new Plan(cells, groupFields, groupNames, labels, supportColumn, modelCells, comparison);
  }

  private static Column count(Column c, boolean weighted) {
    return weighted ? c : c.cast("long");
  }

  private static Column weight(InputColumns columns, String name) {
    if (name == null) {
      return lit(1L);
    }
    StructField f = columns.field(name, "weight column");
    if (!InputColumns.isNumeric(f.dataType())) {
      throw InputColumns.wrongType(f, "weight column", "expected a numeric type");
    }
    Column w = InputColumns.column(f.name()).cast("double");
    Column bad =
        RowChecks.fail(
            functions.format_string(
                "weight column '%s' has value %s; expected a finite number >= 0",
                lit(f.name()), w.cast("string")));
    return when(
            w.isNull().or(functions.isnan(w)).or(w.lt(0)).or(w.equalTo(Double.POSITIVE_INFINITY)),
            bad)
        .otherwise(w);
  }

  /** A cell's sum of weights, failing the run when it overflows to +infinity (one clear line). */
  private static Column finiteSum(Column sum, ReportSpec spec) {
    if (spec.weight() == null) {
      return sum;
    }
    return when(
            sum.equalTo(lit(Double.POSITIVE_INFINITY)),
            RowChecks.fail(
                functions.format_string(
                    "the weights in --weight column '%s' of category %s sum to infinity in one"
                        + " group (beyond 1.8e308); rescale the weights",
                    lit(spec.weight()), col(CAT).cast("string"))))
        .otherwise(sum);
  }

  private static Column[] concat(List<Column> head, Column... tail) {
    List<Column> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all.toArray(new Column[0]);
  }

  /** The bucket labels, and the null label when nulls have one and it is not a bucket's. */
  private static List<String> bucketVocabulary(CategorySpec category) {
    List<String> known = new ArrayList<>(category.buckets().labels());
    String nullLabel = category.nullCategory();
    if (nullLabel != null && !known.contains(nullLabel)) {
      known.add(nullLabel);
    }
    return known;
  }
}

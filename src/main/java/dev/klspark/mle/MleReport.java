package dev.klspark.mle;

import static dev.klspark.spark.engine.ReportColumns.inUnit;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.bool_or;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.klspark.KlsparkException;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.distribution.ModelTable;
import dev.klspark.spark.distribution.RowChecks;
import dev.klspark.spark.engine.EvaluatedRows;
import dev.klspark.spark.engine.GroupComparison;
import dev.klspark.spark.engine.GroupComparison.ModelInput;
import dev.klspark.spark.engine.GroupStream;
import dev.klspark.spark.engine.LogLoss;
import dev.klspark.spark.engine.ModelRuns;
import dev.klspark.spark.engine.PValueAdjustment;
import dev.klspark.spark.engine.ReportColumns;
import dev.klspark.spark.engine.ReportPlans;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The maximum-likelihood-equivalence report: one row per (group, candidate model) showing that the
 * mean negative log-likelihood of the group's rows under a categorical model Q equals the
 * cross-entropy H(P̂, Q) = H(P̂) + KL(P̂ ‖ Q), so that ranking models by likelihood is ranking them
 * by KL, and H(P̂) is the floor reached by the maximum-likelihood estimate.
 *
 * <p>Both sides are computed, by different code, from the one aggregation over the rows (counts per
 * group and category; with tables that have the group columns the rows are scanned once, a global
 * table or a fitted reference adds a pass). The counts and the candidates' rows go into the
 * per-group step ({@link GroupStream}), which puts each group's cells in category order and then:
 *
 * <ul>
 *   <li><b>the log-loss of the rows</b> ({@link LogLoss}): each category's count n is paired with
 *       the candidate's q of it and contributes {@code n·(−ln q)}, computed as Spark's {@code -(n *
 *       log(q))} would. The rows of a cell share their q, so this is Σ −ln q(xᵢ) over the rows,
 *       multiplied out per cell instead of added row by row (the same number in exact arithmetic;
 *       the tests compare it with a row-by-row sum). Rows whose category has q = 0 or no model row
 *       (NLL +∞) are counted apart, so the finite part stays exact.
 *   <li><b>the information quantities</b>: the same cells, merged per category and with each
 *       group's model rows validated, give H(P̂), H(P̂, Q) and KL(P̂ ‖ Q) through {@link
 *       GroupComparison} (the kernel {@code dev.klspark.math}: proportions, careful terms,
 *       compensated sums).
 * </ul>
 *
 * <p>With one candidate model table that has the group columns, Spark's partial counts go straight
 * into the step's shuffle by group (one exchange for the counts; {@code
 * GroupStream.Cells#partialCounts}).
 *
 * <p>Columns (U = unit suffix): group columns, {@code model_id}, {@code n}, {@code null_count},
 * {@code k_observed}, {@code k_model}, {@code mean_nll_U}, {@code entropy_U}, {@code
 * cross_entropy_U}, {@code kl_divergence_U}, {@code excess_nll_U}, {@code identity_residual_U},
 * {@code g_statistic}, {@code degrees_of_freedom}, {@code p_value}, {@code zero_probability_rows},
 * {@code unseen_mass}, {@code rank_by_nll}, {@code rank_by_kl}, {@code ranks_agree}, {@code
 * status}, {@code message}. See docs/mle-report.md.
 */
public final class MleReport {
  /**
   * Relative tolerance under which two values count as tied when the likelihood and KL orders are
   * compared ({@code ranks_agree}).
   */
  public static final double TIE_TOLERANCE = 1e-9;

  /** Name of the optional model id column of a model table, and of the report column. */
  public static final String MODEL_ID = ReportColumns.MODEL_ID;

  /** Mean negative log-likelihood of the rows (a quantity: its column is {@code mean_nll_U}). */
  public static final String MEAN_NLL = "mean_nll";

  /** H(P̂) (a quantity: {@code entropy_U}). */
  public static final String ENTROPY = "entropy";

  /** H(P̂, Q) (a quantity: {@code cross_entropy_U}). */
  public static final String CROSS_ENTROPY = "cross_entropy";

  /** KL(P̂ ‖ Q) (a quantity: {@code kl_divergence_U}). */
  public static final String KL_DIVERGENCE = "kl_divergence";

  /** Mean NLL − entropy (a quantity: {@code excess_nll_U}). */
  public static final String EXCESS_NLL = "excess_nll";

  /** The residual of the identity mean NLL = H(P̂, Q) = H(P̂) + KL (a quantity). */
  public static final String IDENTITY_RESIDUAL = "identity_residual";

  /** Whether the group's rankings by NLL and by KL agree (boolean column). */
  public static final String RANKS_AGREE = "ranks_agree";

  static final Set<String> RESERVED =
      Set.of(
          MODEL_ID,
          "n",
          "null_count",
          "k_observed",
          "k_model",
          "g_statistic",
          "degrees_of_freedom",
          "p_value",
          "p_value_adjusted",
          "zero_probability_rows",
          "unseen_mass",
          "rank_by_nll",
          "rank_by_kl",
          RANKS_AGREE,
          ReportColumns.STATUS,
          ReportColumns.MESSAGE);

  // Internal names; CAT must be the one DivergenceReport.fullOuter joins on.
  private static final String CAT = ReportPlans.CATEGORY;
  private static final String MID = "__model_id";
  private static final String Q = "__model";
  private static final String OBSERVED = "__observed";
  private static final String COUNT = "__count";
  private static final String MODEL_CELLS = "__model_cells";
  private static final String ROW = GroupStream.RESULT_COLUMN;
  // The step's log-loss fields (GroupStream.LOG_LOSS_RESULT).
  private static final String NLL_SUM = ROW + ".nll_sum";
  private static final String HIT_ROWS = ROW + ".nll_rows";
  private static final String NAMED_ROWS = ROW + ".named_rows";

  private MleReport() {}

  /**
   * Builds the report. A table's model ids, a fitted reference model and, with several candidates,
   * the comparison of their category sets are computed here (small queries on the model side; a
   * fitted reference reads its reference rows); the report itself is lazy: the action that runs it
   * scans the rows once (one aggregation by group and category) and touches only groups x
   * categories x models rows after that. A model table read with {@link
   * ModelTable.Normalization#STRICT} is validated as the report is computed: a bad row, a duplicate
   * category or a sum other than 1 then fails the action that runs the report (with the same
   * message, behind Spark's exception: {@link RowChecks#message}, or a {@link KlsparkException} in
   * the cause chain).
   *
   * @param input the rows
   * @param spec what to evaluate
   * @return one row per (group, model), sorted by the group columns and the model id
   * @throws KlsparkException if a column is missing or mistyped, a group column clashes with a
   *     report column, a filter is invalid, a model table to renormalise (or any, when a fitted
   *     reference is among the candidates) is invalid, two candidates share an id, or the
   *     candidates do not list the same set of categories; a strict model table's bad rows,
   *     duplicates and sums fail the action that computes the report instead
   */
  public static Dataset<Row> build(Dataset<Row> input, MleSpec spec) {
    if (spec.candidates().isEmpty()) {
      throw new KlsparkException("no candidate model: give at least one model");
    }
    SparkSession spark = input.sparkSession();
    EvaluatedRows evaluation =
        EvaluatedRows.resolve(input, spec.groupBy(), RESERVED, spec.category());
    InputColumns columns = evaluation.columns();
    List<StructField> groupFields = evaluation.groups().fields();
    List<String> groupNames = evaluation.groups().names();
    List<Column> groupCols = evaluation.groups().internal();
    Dataset<Row> rows = evaluation.rows(evaluation.condition(spec.filter(), "--filter"));

    // The one pass over the rows: counts per (group, category). Every later step (the per-group
    // step, and the groups a global or pooled model is repeated over) reads this small table
    // (groups x categories rows), each branch with the same aggregate and no filter on a grouping
    // column (Spark would push it below the aggregation), so that Spark reuses its exchange and
    // scans the input once (MleReportTest.inputIsScannedOnce).
    Dataset<Row> counts = rows.groupBy(concat(groupCols, col(CAT))).agg(count(lit(1)).as(COUNT));
    Dataset<Row> groupsSeen =
        counts.where(col(COUNT).geq(0)).select(groupCols.toArray(new Column[0])).distinct();

    // Candidate models as one long table (MID, groups..., CAT, Q).
    Dataset<Row> models = null;
    List<String> ids = new ArrayList<>();
    boolean fitted = false;
    // Whether a model side reads the counts too (the groups a global or fitted model is repeated
    // over): then the counts are finished once by Spark for both branches.
    boolean readsGroupsSeen = false;
    // Model tables are checked as the report reads them (in the per-group step) unless a fitted
    // reference is among the candidates: its probabilities need not pass a model table's check
    // (with a null-category label outside the bucket labels and additive smoothing they sum to a
    // little more than 1), and the step applies one check to every candidate. The tables are then
    // validated here, before the report, as they always were.
    boolean checkInStep = spec.candidates().stream().noneMatch(MleSpec.Reference.class::isInstance);
    for (MleSpec.Candidate c : spec.candidates()) {
      Dataset<Row> m;
      List<String> found = new ArrayList<>();
      if (c instanceof MleSpec.Reference ref) {
        m = reference(ref, input, columns, spec, groupFields, groupNames, groupsSeen);
        found.add(ref.id());
        fitted = true;
        readsGroupsSeen = true;
      } else {
        MleSpec.Table t = (MleSpec.Table) c;
        readsGroupsSeen |= isGlobal(t, groupFields);
        m = table(t, groupFields, groupNames, groupsSeen, checkInStep);
        found.addAll(tableIds(t));
      }
      for (String id : found) {
        if (ids.contains(id)) {
          throw new KlsparkException(
              "two candidate models have the id '" + id + "'; expected distinct ids");
        }
        ids.add(id);
      }
      models = models == null ? m : models.unionByName(m);
    }
    if (fitted) {
      // A fitted reference is computed from the input's reference rows: once, not per route.
      models = models.localCheckpoint(true);
    }
    if (ids.size() > 1) {
      Dataset<Row> all = models;
      checked(() -> requireSameCategories(all, ids));
    }

    // The counts once per candidate (observed cells: no model value) and the candidates' own rows
    // (model cells), into the per-group step. It aligns the two sides by category, validates each
    // group's model rows (one row per category, sum 1), computes H(P̂), H(P̂, Q) and KL(P̂ ‖ Q)
    // with the kernel, and the log-loss of the rows per category, n·(−ln q), on its own
    // (GroupStream.Cells#logLoss): the two routes of the identity mean NLL = H(P̂) + KL.
    Dataset<Row> idTable = spark.createDataset(ids, Encoders.STRING()).toDF(MID);
    List<String> keys = concatNames(List.of(MID), groupNames.toArray(new String[0]));
    List<Column> observedSide = new ArrayList<>();
    observedSide.add(col(MID));
    observedSide.addAll(groupCols);
    observedSide.add(col(CAT));
    observedSide.add(col(COUNT).cast("double").as(OBSERVED));
    observedSide.add(lit(null).cast("double").as(Q));
    List<Column> modelSide = new ArrayList<>();
    modelSide.add(col(MID));
    modelSide.addAll(groupCols);
    modelSide.add(col(CAT).cast("string").as(CAT));
    modelSide.add(lit(0.0).as(OBSERVED));
    modelSide.add(col(Q).cast("double").as(Q));
    // One candidate (the usual case) needs no cross join: a cross join with the ids' table stops
    // Spark from coalescing the counts' shuffle partitions (35 small tasks instead of 4 measured
    // at the headline configuration).
    Dataset<Row> perModel =
        ids.size() == 1
            ? counts.withColumn(MID, lit(ids.get(0)))
            : counts.crossJoin(functions.broadcast(idTable));
    // A long table's adjacent rows of one group and model travel to the step as one row
    // (ModelRuns); the counts carry no model cells. Not when the model side reads the counts: the
    // packed rows are a query of their own, which could not reuse the counts' exchange (the
    // input would be scanned twice).
    observedSide.add(lit(null).cast(ModelTable.CELLS_TYPE).as(MODEL_CELLS));
    Dataset<Row> modelRows;
    if (readsGroupsSeen) {
      modelSide.add(lit(null).cast(ModelTable.CELLS_TYPE).as(MODEL_CELLS));
      modelRows = models.select(modelSide.toArray(new Column[0]));
    } else {
      modelRows =
          ModelRuns.packed(
              models.select(modelSide.toArray(new Column[0])), keys.size(), MODEL_CELLS);
    }
    Dataset<Row> cells = perModel.select(observedSide.toArray(new Column[0])).union(modelRows);
    GroupComparison comparison =
        new GroupComparison(
                ModelInput.PROBABILITIES,
                Smoothing.none(),
                LogBase.NATS,
                checkInStep ? ModelTable.Normalization.STRICT : null)
            .withEvidence(spec.confidenceLevel());
    List<String> keyLabels = new ArrayList<>();
    keyLabels.add(MODEL_ID);
    groupFields.forEach(f -> keyLabels.add(f.name()));
    GroupStream.Cells stream =
        GroupStream.over(cells)
            .keys(keys)
            .keyLabels(keyLabels)
            .category(CAT)
            .observed(OBSERVED)
            .model(Q)
            .modelCells(MODEL_CELLS)
            .logLoss();
    if (ids.size() == 1 && !readsGroupsSeen) {
      // The counts reach the step through a projection and a union only, and no other branch
      // reads them: Spark's partial counts go straight into the step's shuffle by group.
      stream = stream.partialCounts();
    }
    Dataset<Row> both = stream.compare(comparison);
    return finish(both, spec.unit(), groupFields, groupNames, ids.size());
  }

  /** The report columns from the joined routes, then the per-group rankings. */
  private static Dataset<Row> finish(
      Dataset<Row> both,
      LogBase unit,
      List<StructField> groupFields,
      List<String> groupNames,
      int models) {
    double perNat = unit.fromNats(1.0);
    Column ok = col(ROW + ".status").equalTo(ReportColumns.OK);
    // Rows with q = 0 or no model row for their category: the named rows not hit (both sums of
    // whole counts in doubles, exact below 2^53).
    Column zeroRows = col(NAMED_ROWS).minus(col(HIT_ROWS)).cast("long");
    Column rowsN = col(NAMED_ROWS);
    Column meanNllNats =
        when(
            ok,
            when(zeroRows.gt(0), lit(Double.POSITIVE_INFINITY))
                .otherwise(col(NLL_SUM).divide(rowsN)));
    Column h = col(ROW + ".entropy");
    Column ce = col(ROW + ".cross_entropy");
    Column kl = col(ROW + ".kl_divergence");
    Column kModel = col(ROW + ".k_model");

    List<Column> out = new ArrayList<>();
    for (int i = 0; i < groupFields.size(); i++) {
      out.add(col(groupNames.get(i)).as(groupFields.get(i).name()));
    }
    out.add(col(MID).as(MODEL_ID));
    out.add(col(ROW + ".n").cast("long").as("n"));
    out.add(col(ROW + ".null_count").cast("long").as("null_count"));
    out.add(col(ROW + ".k_observed").as("k_observed"));
    out.add(kModel.as("k_model"));
    out.add(meanNllNats.multiply(perNat).as(inUnit(MEAN_NLL, unit)));
    out.add(h.multiply(perNat).as(inUnit(ENTROPY, unit)));
    out.add(ce.multiply(perNat).as(inUnit(CROSS_ENTROPY, unit)));
    out.add(kl.multiply(perNat).as(inUnit(KL_DIVERGENCE, unit)));
    out.add(meanNllNats.minus(h).multiply(perNat).as(inUnit(EXCESS_NLL, unit)));
    Column finite = ok.and(zeroRows.equalTo(0)).and(ce.lt(Double.POSITIVE_INFINITY));
    Column residual =
        greatest(abs(meanNllNats.minus(ce)), abs(ce.minus(h).minus(kl))).multiply(perNat);
    out.add(when(finite, residual).as(inUnit(IDENTITY_RESIDUAL, unit)));
    out.add(
        col(ROW + ".kl_divergence_bias_corrected")
            .multiply(perNat)
            .as(inUnit("kl_divergence_bias_corrected", unit)));
    out.add(
        col(ROW + ".kl_divergence_ci_low")
            .multiply(perNat)
            .as(inUnit("kl_divergence_ci_low", unit)));
    out.add(
        col(ROW + ".kl_divergence_ci_high")
            .multiply(perNat)
            .as(inUnit("kl_divergence_ci_high", unit)));
    // The G-test of the kernel (dev.klspark.math.KlEvidence), as in kl-report and data-quality.
    out.add(col(ROW + ".g_statistic").as(ReportColumns.G_STATISTIC));
    out.add(col(ROW + ".degrees_of_freedom").as(ReportColumns.DEGREES_OF_FREEDOM));
    out.add(col(ROW + ".p_value").as(ReportColumns.P_VALUE));
    out.add(when(ok, zeroRows).as("zero_probability_rows"));
    out.add(col(ROW + ".unseen_mass").as("unseen_mass"));
    out.add(col(ROW + ".status").as(ReportColumns.STATUS));
    out.add(col(ROW + ".message").as(ReportColumns.MESSAGE));
    Dataset<Row> report = both.select(out.toArray(new Column[0]));

    // Rankings within each group, over the ok rows; ties share a rank (SQL rank()).
    Column[] partition =
        groupFields.stream().map(f -> InputColumns.column(f.name())).toArray(Column[]::new);
    WindowSpec w =
        partition.length == 0 ? Window.partitionBy(lit(1)) : Window.partitionBy(partition);
    Column isOk = col(ReportColumns.STATUS).equalTo(ReportColumns.OK);
    Column nllU = col(inUnit(MEAN_NLL, unit));
    Column klU = col(inUnit(KL_DIVERGENCE, unit));
    if (models == 1) {
      // One model: one row per group, first by both measures and agreeing with itself; the same
      // values as the windows below give, without a shuffle and sort by group.
      report =
          report
              .withColumn("rank_by_nll", when(isOk, lit(1)))
              .withColumn("rank_by_kl", when(isOk, lit(1)))
              .withColumn(RANKS_AGREE, when(isOk, lit(true)));
    } else {
      report =
          report
              .withColumn(
                  "rank_by_nll",
                  when(isOk, rank().over(w.orderBy(when(isOk, nllU).asc_nulls_last()))))
              .withColumn(
                  "rank_by_kl",
                  when(isOk, rank().over(w.orderBy(when(isOk, klU).asc_nulls_last()))))
              .withColumn(
                  "__pairs", collect_list(when(isOk, struct(nllU.as("a"), klU.as("b")))).over(w));
      // A pair of models is discordant when one has the strictly smaller NLL and the strictly
      // larger
      // KL, beyond the tie tolerance. Infinite differences (both +inf) are ties; NaN never arises.
      Column disc =
          functions.exists(
              col("__pairs"),
              x -> {
                Column da = x.getField("a").minus(nllU);
                Column db = x.getField("b").minus(klU);
                Column ta = greatest(lit(1.0), abs(nllU)).multiply(TIE_TOLERANCE);
                Column tb = greatest(lit(1.0), abs(klU)).multiply(TIE_TOLERANCE);
                Column defined =
                    functions.not(functions.isnan(da)).and(functions.not(functions.isnan(db)));
                return defined.and(
                    da.gt(ta)
                        .and(db.lt(tb.multiply(-1.0)))
                        .or(da.lt(ta.multiply(-1.0)).and(db.gt(tb))));
              });
      report = report.withColumn("__disc", when(isOk, disc));
      report =
          report.withColumn(
              RANKS_AGREE,
              when(isOk, functions.not(coalesce(bool_or(col("__disc")).over(w), lit(false)))));
    }
    // Last: the adjusted rows are a scan of existing rows to the plan after them.
    report =
        PValueAdjustment.benjaminiHochberg(report, ReportColumns.P_VALUE, "__p_value_adjusted");
    List<Column> ordered = new ArrayList<>();
    for (String c : report.columns()) {
      if (!c.startsWith("__")
          && !c.equals(ReportColumns.STATUS)
          && !c.equals(ReportColumns.MESSAGE)
          && !c.startsWith("rank")) {
        ordered.add(InputColumns.column(c));
        if (c.equals(ReportColumns.P_VALUE)) {
          ordered.add(col("__p_value_adjusted").as(ReportColumns.P_VALUE_ADJUSTED));
        }
      }
    }
    ordered.add(col("rank_by_nll"));
    ordered.add(col("rank_by_kl"));
    ordered.add(col(RANKS_AGREE));
    ordered.add(col(ReportColumns.STATUS));
    ordered.add(col(ReportColumns.MESSAGE));
    List<Column> order = new ArrayList<>();
    for (Column p : partition) {
      order.add(p.asc_nulls_first());
    }
    order.add(col(MODEL_ID).asc());
    return report.select(ordered.toArray(new Column[0])).orderBy(order.toArray(new Column[0]));
  }

  /**
   * A model table as (MID, groups..., CAT, Q); a table without group columns applies to every
   * group. With {@code checkInStep}, a table read with {@link ModelTable.Normalization#STRICT} is
   * checked as it is read: row by row ({@link ModelTable#checkedRows}) and group by group in the
   * per-group step (one row per category, sum 1); otherwise, and for a table to renormalise, it is
   * validated (and divided by its sums) here ({@link ModelTable#validated}).
   */
  private static Dataset<Row> table(
      MleSpec.Table t,
      List<StructField> groupFields,
      List<String> groupNames,
      Dataset<Row> groupsSeen,
      boolean checkInStep) {
    Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    names.addAll(Arrays.asList(t.table().columns()));
    boolean hasId = names.contains(MODEL_ID);
    boolean global = isGlobal(t, groupFields);
    List<StructField> fields = new ArrayList<>();
    List<String> internal = new ArrayList<>();
    if (hasId) {
      fields.add(
          new StructField(
              MODEL_ID, DataTypes.StringType, true, org.apache.spark.sql.types.Metadata.empty()));
      internal.add(MID);
    }
    if (!global) {
      fields.addAll(groupFields);
      internal.addAll(groupNames);
    }
    Dataset<Row> m =
        checkInStep && t.normalization() == ModelTable.Normalization.STRICT
            ? ModelTable.checkedRows(t.table(), fields, internal, CAT, Q)
            : ModelTable.validated(t.table(), fields, internal, CAT, Q, t.normalization());
    if (!hasId) {
      m = m.withColumn(MID, lit(t.defaultId()));
    }
    m = m.where(col(MID).isNotNull());
    if (global) {
      m = groupsSeen.crossJoin(m);
    }
    List<Column> out = new ArrayList<>();
    out.add(col(MID));
    groupNames.forEach(g -> out.add(col(g)));
    out.add(col(CAT));
    out.add(col(Q));
    return m.select(out.toArray(new Column[0]));
  }

  /** Whether a model table has none of the group columns: one distribution for every group. */
  private static boolean isGlobal(MleSpec.Table t, List<StructField> groupFields) {
    Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    names.addAll(Arrays.asList(t.table().columns()));
    return !groupFields.isEmpty() && groupFields.stream().noneMatch(f -> names.contains(f.name()));
  }

  /**
   * The model ids a table holds: its non-null {@code model_id} values (read from the table, a small
   * query on one column), or its default id when it has no such column.
   *
   * @throws KlsparkException if the table has no rows
   */
  private static List<String> tableIds(MleSpec.Table t) {
    Dataset<Row> table = t.table();
    String idColumn = null;
    for (String c : table.columns()) {
      if (c.equalsIgnoreCase(MODEL_ID)) {
        idColumn = c;
      }
    }
    List<String> found = new ArrayList<>();
    if (idColumn == null) {
      if (!table.isEmpty()) {
        found.add(t.defaultId());
      }
    } else {
      table
          .select(InputColumns.column(idColumn).cast("string").as(MID))
          .where(col(MID).isNotNull())
          .distinct()
          .orderBy(MID)
          .collectAsList()
          .forEach(r -> found.add(r.getString(0)));
    }
    if (found.isEmpty()) {
      throw new KlsparkException(
          "model table '"
              + t.defaultId()
              + "' has no rows; expected one row per"
              + " (group, category) with its probability");
    }
    return found;
  }

  /**
   * Runs an eager check over model rows that are validated as they are read, turning a failed row
   * check (Spark's {@code raise_error}, see {@link RowChecks}) into the {@link KlsparkException} it
   * stands for.
   */
  private static void checked(Runnable check) {
    try {
      check.run();
    } catch (KlsparkException e) {
      throw e;
    } catch (RuntimeException e) {
      String message = RowChecks.message(e);
      if (message == null) {
        throw e;
      }
      throw new KlsparkException(message, e);
    }
  }

  /**
   * The maximum-likelihood estimate from the reference rows, per group or pooled, with additive
   * smoothing over the known categories: {@code q_c = (c_c + α) / (n + α K)}, or {@code c_c / n}
   * without smoothing, from the kernel ({@link Smoothing#probability}) one (group, category) row at
   * a time.
   */
  private static Dataset<Row> reference(
      MleSpec.Reference ref,
      Dataset<Row> input,
      InputColumns columns,
      MleSpec spec,
      List<StructField> groupFields,
      List<String> groupNames,
      Dataset<Row> groupsSeen) {
    Smoothing smoothing = ref.smoothing();
    if (smoothing instanceof Smoothing.Floor) {
      throw new KlsparkException(
          "smoothing "
              + smoothing.spec()
              + " is not supported for a fitted reference model here; expected none or additive:ALPHA");
    }
    Column refCond = ReportPlans.condition(input, ref.filter(), "--reference-filter");
    boolean pooled = ref.scope() == MleSpec.Scope.POOLED;
    List<Column> sel = new ArrayList<>();
    List<Column> fitGroups = new ArrayList<>();
    if (!pooled) {
      for (int i = 0; i < groupFields.size(); i++) {
        sel.add(InputColumns.column(groupFields.get(i).name()).as(groupNames.get(i)));
        fitGroups.add(col(groupNames.get(i)));
      }
    }
    sel.add(spec.category().expression(columns).as(CAT));
    Dataset<Row> refRows =
        ReportPlans.analyzed(() -> input.where(refCond).select(sel.toArray(new Column[0])))
            .where(col(CAT).isNotNull());
    Dataset<Row> refCounts =
        refRows.groupBy(concat(fitGroups, col(CAT))).agg(count(lit(1)).cast("double").as("__c"));
    SparkSession spark = input.sparkSession();
    // Bucketed: the bucket labels, and the null label when nulls have one (a category like the
    // others, so the smoothed probabilities sum to 1); else every category of the reference rows.
    List<String> known = null;
    if (spec.category().buckets() != null) {
      known = new ArrayList<>(spec.category().buckets().labels());
      String nullLabel = spec.category().nullCategory();
      if (nullLabel != null && !known.contains(nullLabel)) {
        known.add(nullLabel);
      }
    }
    Dataset<Row> vocabulary =
        known != null
            ? spark.createDataset(known, Encoders.STRING()).toDF(CAT)
            : refCounts.select(CAT).distinct();
    long k = known != null ? known.size() : vocabulary.count();
    Dataset<Row> fitGroupsTable =
        fitGroups.isEmpty()
            ? spark.range(1).select(lit(1).as("__one"))
            : refCounts.select(fitGroups.toArray(new Column[0])).distinct();
    Dataset<Row> support = fitGroupsTable.crossJoin(functions.broadcast(vocabulary));
    // Null-safe on the group keys (a null group is a group); support covers every counted cell.
    Dataset<Row> withCounts =
        ReportPlans.fullOuter(support, refCounts, pooled ? List.of() : groupNames)
            .withColumn("__c", coalesce(col("__c"), lit(0.0)));
    Column n;
    if (fitGroups.isEmpty()) {
      // One pooled fit: the total joins as a scalar (a window without partition would move every
      // row to one partition; here only the K cells exist, but it keeps the plan warning-free).
      withCounts = withCounts.crossJoin(withCounts.agg(sum(col("__c")).as("__n")));
      n = col("__n");
    } else {
      n = sum(col("__c")).over(Window.partitionBy(fitGroups.toArray(new Column[0])));
    }
    if (smoothing instanceof Smoothing.None) {
      // The MLE lists only the categories it has seen (and a group without rows has no model).
      withCounts = withCounts.where(col("__c").gt(0.0));
    }
    UserDefinedFunction probability =
        functions.udf(
            (UDF2<Double, Double, Double>) (c, total) -> smoothing.probability(c, total, k),
            DataTypes.DoubleType);
    Dataset<Row> fitted =
        withCounts.withColumn(Q, probability.apply(col("__c"), n)).withColumn(MID, lit(ref.id()));
    if (pooled && !groupNames.isEmpty()) {
      fitted = groupsSeen.crossJoin(fitted);
    }
    List<Column> out = new ArrayList<>();
    out.add(col(MID));
    groupNames.forEach(g -> out.add(col(g)));
    out.add(col(CAT));
    out.add(col(Q));
    return fitted.select(out.toArray(new Column[0]));
  }

  /**
   * Checks that every candidate lists the same categories (over all its groups) and returns the
   * number of model rows.
   */
  private static long requireSameCategories(Dataset<Row> models, List<String> ids) {
    Map<String, Set<String>> byModel = new LinkedHashMap<>();
    ids.forEach(id -> byModel.put(id, new TreeSet<>()));
    long total = 0;
    for (Row r : models.groupBy(MID, CAT).agg(count(lit(1)).as("__rows")).collectAsList()) {
      byModel.get(r.getString(0)).add(r.getString(1));
      total += r.getLong(2);
    }
    String firstId = ids.get(0);
    Set<String> firstSet = byModel.get(firstId);
    for (Map.Entry<String, Set<String>> e : byModel.entrySet()) {
      if (!e.getValue().equals(firstSet)) {
        throw new KlsparkException(
            String.format(
                Locale.ROOT,
                "candidate models have different category sets: '%s' lists %s but '%s' lists %s;"
                    + " expected every candidate over the same categories (list a category with"
                    + " probability 0 if a model excludes it)",
                firstId,
                firstSet,
                e.getKey(),
                e.getValue()));
      }
    }
    return total;
  }

  private static Column[] concat(List<Column> head, Column... tail) {
    List<Column> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all.toArray(new Column[0]);
  }

  private static List<String> concatNames(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }
}

package dev.klspark.spark.report.mle;

import static dev.klspark.spark.report.ReportColumns.inUnit;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.bool_or;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
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
import dev.klspark.spark.report.EvaluatedRows;
import dev.klspark.spark.report.GroupComparison;
import dev.klspark.spark.report.GroupComparison.ModelInput;
import dev.klspark.spark.report.GroupStream;
import dev.klspark.spark.report.PValueAdjustment;
import dev.klspark.spark.report.ReportColumns;
import dev.klspark.spark.report.ReportPlans;
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
 * <p>Both sides are computed independently:
 *
 * <ul>
 *   <li><b>from the rows</b>: every evaluated row is joined (broadcast hash join, when the model
 *       table has at most {@value #BROADCAST_ROWS} rows) with its group's probability of its
 *       category under every candidate, pivoted to one column per model; one aggregation by (group,
 *       category) sums {@code −ln q} natively over the rows and counts rows with {@code q = 0}
 *       (their NLL is +∞). That same aggregation gives the counts.
 *   <li><b>from the counts</b>: the counts are aligned with every model by a full outer join on
 *       (model, group, category) and go through {@link GroupComparison} (the kernel {@code
 *       dev.klspark.math}) for H(P̂), H(P̂, Q) and KL(P̂ ‖ Q).
 * </ul>
 *
 * <p>Columns (U = unit suffix): group columns, {@code model_id}, {@code n}, {@code null_count},
 * {@code k_observed}, {@code k_model}, {@code mean_nll_U}, {@code entropy_U}, {@code
 * cross_entropy_U}, {@code kl_divergence_U}, {@code excess_nll_U}, {@code identity_residual_U},
 * {@code g_statistic}, {@code degrees_of_freedom}, {@code p_value}, {@code zero_probability_rows},
 * {@code unseen_mass}, {@code rank_by_nll}, {@code rank_by_kl}, {@code ranks_agree}, {@code
 * status}, {@code message}. See README "jobs/mle-report".
 */
public final class MleReport {
  /** Model tables with at most this many rows are broadcast to the row join. */
  public static final long BROADCAST_ROWS = 1_000_000L;

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
  private static final String SUPPORT = "__in_support";
  private static final String ROW = GroupStream.RESULT_COLUMN;

  private MleReport() {}

  /**
   * Builds the report. Model tables are validated and the candidates' category sets compared
   * eagerly (small queries on the model side), and the one pass over the rows (the join with the
   * models and the aggregation by group and category) runs here too; what follows touches only
   * groups x categories x models rows and is lazy.
   *
   * @param input the rows
   * @param spec what to evaluate
   * @return one row per (group, model), sorted by the group columns and the model id
   * @throws KlsparkException if a column is missing or mistyped, a group column clashes with a
   *     report column, a filter is invalid, a model table is invalid, two candidates share an id,
   *     or the candidates do not list the same set of categories
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

    // Candidate models as one long table (MID, groups..., CAT, Q).
    Dataset<Row> models = null;
    List<String> ids = new ArrayList<>();
    for (MleSpec.Candidate c : spec.candidates()) {
      Dataset<Row> m =
          c instanceof MleSpec.Table t
              ? table(t, groupFields, groupNames, rows)
              : reference(
                  (MleSpec.Reference) c, input, columns, spec, groupFields, groupNames, rows);
      // A fitted model's id is known; a table's ids are read from it (small).
      List<String> found = new ArrayList<>();
      if (c instanceof MleSpec.Reference ref) {
        found.add(ref.id());
      } else {
        m.select(MID)
            .distinct()
            .orderBy(MID)
            .collectAsList()
            .forEach(r -> found.add(r.getString(0)));
        if (found.isEmpty()) {
          throw new KlsparkException(
              "model table '"
                  + ((MleSpec.Table) c).defaultId()
                  + "' has no rows; expected one row per"
                  + " (group, category) with its probability");
        }
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
    // The model side (groups x categories x models rows) is read three times below and by the
    // check; computed once here (a fitted reference would otherwise rescan the input each time).
    models = models.localCheckpoint(true);
    long modelRows = requireSameCategories(models, ids);

    // Route 1, from the rows: one column of q per model, joined to every row; one aggregation.
    Dataset<Row> wide =
        models
            .groupBy(concat(groupCols, col(CAT)))
            .pivot(col(MID), new ArrayList<Object>(ids))
            .agg(first(col(Q)));
    List<String> qCols = new ArrayList<>();
    List<Column> renamed = new ArrayList<>();
    for (String g : groupNames) {
      renamed.add(col(g).as("__r" + g));
    }
    renamed.add(col(CAT).as("__r" + CAT));
    for (int i = 0; i < ids.size(); i++) {
      qCols.add("__q" + i);
      renamed.add(InputColumns.column(ids.get(i)).as("__q" + i));
    }
    wide = wide.select(renamed.toArray(new Column[0]));
    if (modelRows <= BROADCAST_ROWS) {
      wide = functions.broadcast(wide);
    }
    Column on = lit(true);
    for (String k : concatNames(groupNames, CAT)) {
      on = on.and(col(k).eqNullSafe(col("__r" + k)));
    }
    List<Column> aggs = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      Column q = col(qCols.get(i));
      // −ln q natively per row; a row with q = 0 (or no model row for its category) has NLL +∞,
      // counted apart so that the finite part of the sum stays exact.
      aggs.add(
          coalesce(sum(when(q.gt(0.0), functions.log(q).multiply(-1.0))), lit(0.0))
              .as("__nll" + i));
      aggs.add(sum(when(q.isNull().or(q.leq(0.0)), lit(1L)).otherwise(lit(0L))).as("__zero" + i));
    }
    Dataset<Row> cellsAgg =
        rows.join(wide, on, "left")
            .groupBy(concat(groupCols, col(CAT)))
            .agg(count(lit(1)).as("__count"), aggs.toArray(new Column[0]))
            // The only pass over the rows, run here once: both routes read this small table
            // (groups x categories rows). Left lazy, each route would prune it differently and
            // Spark would scan and join the input once per route (no exchange reuse).
            .localCheckpoint(true);

    List<Column> nllAggs = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      nllAggs.add(sum(col("__nll" + i)).as("__nll" + i));
      nllAggs.add(sum(col("__zero" + i)).as("__zero" + i));
    }
    Dataset<Row> nllWide =
        cellsAgg
            .where(col(CAT).isNotNull())
            .groupBy(groupCols.toArray(new Column[0]))
            .agg(sum(col("__count")).as("__rows"), nllAggs.toArray(new Column[0]));
    Dataset<Row> nll = null;
    for (int i = 0; i < ids.size(); i++) {
      List<Column> s = new ArrayList<>();
      s.add(lit(ids.get(i)).as(MID));
      s.addAll(groupCols);
      s.add(col("__rows"));
      s.add(col("__nll" + i).as("__nll_sum"));
      s.add(col("__zero" + i).as("__zero_rows"));
      Dataset<Row> one = nllWide.select(s.toArray(new Column[0]));
      nll = nll == null ? one : nll.union(one);
    }

    // Route 2, from the counts: aligned cells per (model, group) through GroupComparison.
    Dataset<Row> idTable = spark.createDataset(ids, Encoders.STRING()).toDF(MID);
    Dataset<Row> counts =
        cellsAgg
            .select(concat(groupCols, col(CAT), col("__count").cast("double").as(OBSERVED)))
            .crossJoin(functions.broadcast(idTable));
    List<String> keys = concatNames(List.of(MID), groupNames.toArray(new String[0]));
    Dataset<Row> cells = ReportPlans.fullOuter(counts, models, keys);
    cells =
        cells.select(
            concat(
                Arrays.asList(concat(List.of(col(MID)), groupCols.toArray(new Column[0]))),
                col(CAT),
                coalesce(col(OBSERVED), lit(0.0)).as(OBSERVED),
                col(Q),
                col(Q).isNotNull().as(SUPPORT)));
    GroupComparison comparison =
        new GroupComparison(ModelInput.PROBABILITIES, Smoothing.none(), LogBase.NATS)
            .withEvidence(spec.confidenceLevel());
    List<String> keyNames = new ArrayList<>();
    keyNames.add(MID);
    keyNames.addAll(groupNames);
    Dataset<Row> compared =
        GroupStream.compare(cells, keyNames, null, CAT, OBSERVED, Q, SUPPORT, comparison);

    // Both routes side by side.
    List<Column> nllRenamed = new ArrayList<>();
    for (String k : keys) {
      nllRenamed.add(col(k).as("__r" + k));
    }
    nllRenamed.add(col("__rows"));
    nllRenamed.add(col("__nll_sum"));
    nllRenamed.add(col("__zero_rows"));
    Dataset<Row> nllR = nll.select(nllRenamed.toArray(new Column[0]));
    Column joinOn = lit(true);
    for (String k : keys) {
      joinOn = joinOn.and(col(k).eqNullSafe(col("__r" + k)));
    }
    Dataset<Row> both = compared.join(nllR, joinOn, "left");
    return finish(both, spec.unit(), groupFields, groupNames);
  }

  /** The report columns from the joined routes, then the per-group rankings. */
  private static Dataset<Row> finish(
      Dataset<Row> both, LogBase unit, List<StructField> groupFields, List<String> groupNames) {
    double perNat = unit.fromNats(1.0);
    Column ok = col(ROW + ".status").equalTo(ReportColumns.OK);
    Column zeroRows = coalesce(col("__zero_rows"), lit(0L));
    Column rowsN = col("__rows").cast("double");
    Column meanNllNats =
        when(
            ok,
            when(zeroRows.gt(0), lit(Double.POSITIVE_INFINITY))
                .otherwise(col("__nll_sum").divide(rowsN)));
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
    report =
        report
            .withColumn(
                "rank_by_nll",
                when(isOk, rank().over(w.orderBy(when(isOk, nllU).asc_nulls_last()))))
            .withColumn(
                "rank_by_kl", when(isOk, rank().over(w.orderBy(when(isOk, klU).asc_nulls_last()))))
            .withColumn(
                "__pairs", collect_list(when(isOk, struct(nllU.as("a"), klU.as("b")))).over(w));
    // A pair of models is discordant when one has the strictly smaller NLL and the strictly larger
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
        PValueAdjustment.benjaminiHochberg(
            report, ReportColumns.P_VALUE, "__p_value_adjusted", MODEL_ID);
    report =
        report.withColumn(
            RANKS_AGREE,
            when(isOk, functions.not(coalesce(bool_or(col("__disc")).over(w), lit(false)))));
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
   * A model table as (MID, groups..., CAT, Q), validated; a table without group columns applies to
   * every group.
   */
  private static Dataset<Row> table(
      MleSpec.Table t, List<StructField> groupFields, List<String> groupNames, Dataset<Row> rows) {
    Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    names.addAll(Arrays.asList(t.table().columns()));
    boolean hasId = names.contains(MODEL_ID);
    boolean global =
        !groupFields.isEmpty() && groupFields.stream().noneMatch(f -> names.contains(f.name()));
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
    Dataset<Row> m = ModelTable.validated(t.table(), fields, internal, CAT, Q, t.normalization());
    if (!hasId) {
      m = m.withColumn(MID, lit(t.defaultId()));
    }
    m = m.where(col(MID).isNotNull());
    if (global) {
      Dataset<Row> groups =
          rows.select(groupNames.stream().map(functions::col).toArray(Column[]::new)).distinct();
      m = groups.crossJoin(m);
    }
    List<Column> out = new ArrayList<>();
    out.add(col(MID));
    groupNames.forEach(g -> out.add(col(g)));
    out.add(col(CAT));
    out.add(col(Q));
    return m.select(out.toArray(new Column[0]));
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
      Dataset<Row> rows) {
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
    Dataset<Row> vocabulary =
        spec.category().buckets() != null
            ? spark.createDataset(spec.category().buckets().labels(), Encoders.STRING()).toDF(CAT)
            : refCounts.select(CAT).distinct();
    long k =
        spec.category().buckets() != null
            ? spec.category().buckets().labels().size()
            : vocabulary.count();
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
      Dataset<Row> groups =
          rows.select(groupNames.stream().map(functions::col).toArray(Column[]::new)).distinct();
      fitted = groups.crossJoin(fitted);
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

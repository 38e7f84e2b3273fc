package dev.klspark.mle;

import static dev.klspark.spark.engine.ReportColumns.MODEL_ID;
import static dev.klspark.spark.engine.ReportColumns.N;
import static dev.klspark.spark.engine.ReportColumns.NULL_COUNT;
import static dev.klspark.spark.engine.ReportColumns.OK;
import static dev.klspark.spark.engine.ReportColumns.STATUS;
import static dev.klspark.spark.engine.ReportColumns.inUnit;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.klspark.math.LogBase;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.engine.GroupComparison;
import dev.klspark.spark.publish.Summaries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * The totals of an mle-report run, computed by small Spark aggregations over the written reports
 * ({@link MleReport}: one row per group and model; {@link PredictionReport}: one row per group);
 * only one row per model and per (model, status) reaches the driver.
 *
 * <p>Models are compared over the <i>common groups</i>: the groups where every candidate of the
 * report, and the classifier if there is one, has status {@code ok}, so that all are compared on
 * the same rows. Over them the n-weighted mean entropy is the conditional entropy H(C | G), the
 * floor of every per-group categorical model, and the n-weighted mean NLL of such a model is that
 * floor plus its n-weighted mean KL (Cover and Thomas 2006, eq. 2.10 and 2.65). The classifier is
 * not a per-group distribution: its KL is that of the labels from its mean prediction, {@code
 * mean_prediction_kl_divergence_U} (calibration-in-the-large), not its excess NLL.
 *
 * @param unit the unit of the information quantities
 * @param evaluatedRows the sum of n over the groups (of the first model by id)
 * @param nullRows the sum of null_count over the groups (of the first model by id)
 * @param groups the groups of the report
 * @param commonGroups the common groups
 * @param statusesByModel per model id (sorted), the groups per status (sorted)
 * @param models the models with at least one row in the common groups, and the classifier, ranked
 *     by mean NLL
 * @param checks the checks of the identity and of the rankings
 * @param classifier the classifier's log-loss against MLlib's evaluator, or null without one
 */
public record MleSummary(
    LogBase unit,
    double evaluatedRows,
    double nullRows,
    int groups,
    int commonGroups,
    Map<String, Map<String, Long>> statusesByModel,
    List<ModelTotals> models,
    Checks checks,
    ClassifierCheck classifier) {

  /** What a ranked model is. */
  public enum Kind {
    /** A categorical distribution per group: its KL is KL(P̂ ‖ Q) = mean NLL − entropy. */
    DISTRIBUTION("distribution per group", MleReport.KL_DIVERGENCE),
    /** Per-row predictions: its KL is KL(P̂ ‖ Q̄) of the mean prediction Q̄. */
    CLASSIFIER("classifier, per-row predictions", PredictionReport.MEAN_PREDICTION_KL_DIVERGENCE);

    private final String label;
    private final String klQuantity;

    Kind(String label, String klQuantity) {
      this.label = label;
      this.klQuantity = klQuantity;
    }

    /** The {@code kind} written into the summary. */
    public String label() {
      return label;
    }

    /** The name of the KL quantity (without the unit suffix). */
    public String klQuantity() {
      return klQuantity;
    }
  }

  /**
   * A model's n-weighted means over the common groups, in the summary's unit.
   *
   * @param rank 1 for the smallest mean NLL
   * @param rows the rows of the common groups (sum of n)
   * @param excessNll mean NLL − entropy
   */
  public record ModelTotals(
      int rank,
      String modelId,
      Kind kind,
      double rows,
      double meanNll,
      double entropy,
      double klDivergence,
      double excessNll) {}

  /**
   * @param identityRowsFinite ok rows whose NLL is finite (and so the identity checked)
   * @param identityRowsInfinite ok rows with NLL +∞
   * @param identityMaxRelativeResidual the largest identity residual relative to |mean NLL|
   * @param groupsRanked groups with at least one ok model
   * @param groupsWhereRankingsDisagree groups whose rankings by NLL and by KL disagree
   */
  public record Checks(
      long identityRowsFinite,
      long identityRowsInfinite,
      double identityMaxRelativeResidual,
      int groupsRanked,
      int groupsWhereRankingsDisagree) {}

  /**
   * The classifier's log-loss over all its ok groups, from the report and from MLlib.
   *
   * @param rows the rows of the classifier's ok groups
   * @param clippedRows rows whose predicted probability was clipped to [eps, 1 − eps]
   * @param logLossFromReportNats the n-weighted mean of the report's {@code mean_nll}, in nats
   * @param logLossEvaluatorNats MLlib's {@code MulticlassClassificationEvaluator} log-loss
   */
  public record ClassifierCheck(
      double rows, long clippedRows, double logLossFromReportNats, double logLossEvaluatorNats) {

    /** |report − evaluator| / evaluator. */
    public double relativeDifference() {
      return Math.abs(logLossFromReportNats - logLossEvaluatorNats) / logLossEvaluatorNats;
    }
  }

  /**
   * Summarises the written reports.
   *
   * @param report the {@link MleReport} as written, with at least one row
   * @param predictions the {@link PredictionReport} as written, or null without a classifier
   * @param evaluatorLogLoss {@link PredictionReport#evaluatorLogLoss} of the predictions (ignored
   *     without them)
   * @param unit the unit of the reports
   * @return the summary
   */
  public static MleSummary of(
      Dataset<Row> report, Dataset<Row> predictions, double evaluatorLogLoss, LogBase unit) {
    Map<String, Map<String, Long>> statuses = new LinkedHashMap<>();
    for (Row r :
        report.groupBy(MODEL_ID, STATUS).count().orderBy(MODEL_ID, STATUS).collectAsList()) {
      statuses
          .computeIfAbsent(r.getString(0), k -> new TreeMap<>())
          .put(r.getString(1), r.getLong(2));
    }
    boolean classifier = predictions != null && !predictions.isEmpty();
    List<String> groupNames = new ArrayList<>();
    Dataset<Row> cells = cells(report, false, unit, groupNames);
    if (classifier) {
      cells = cells.union(cells(predictions, true, unit, new ArrayList<>()));
    }
    Column[] groupCols = groupNames.stream().map(functions::col).toArray(Column[]::new);
    WindowSpec group =
        groupCols.length == 0 ? Window.partitionBy(lit(1)) : Window.partitionBy(groupCols);
    Column ok = col("__ok");
    Column isClassifier = col("__classifier");
    Column okModels = sum(when(ok.and(not(isClassifier)), 1).otherwise(0)).over(group);
    Column okClassifier = sum(when(ok.and(isClassifier), 1).otherwise(0)).over(group);
    Column common = okModels.equalTo(statuses.size());
    if (classifier) {
      common = common.and(okClassifier.gt(0));
    }
    cells = cells.withColumn("__common", common);

    // One row per group, then one row: the group counts.
    Column rankedGroup = ok.and(not(isClassifier));
    Row g =
        cells
            .where(not(isClassifier))
            .groupBy(groupCols)
            .agg(
                max(col("__common").cast("int")).as("__common"),
                max(rankedGroup.cast("int")).as("__ranked"),
                max(rankedGroup.and(not(col("__agree"))).cast("int")).as("__disagree"))
            .agg(
                count(lit(1)),
                sum(col("__common")).cast("int"),
                sum(col("__ranked")).cast("int"),
                sum(col("__disagree")).cast("int"))
            .first();

    // One row per model.
    Column n = col("__n");
    Column nll = col("__nll");
    Column inCommon = ok.and(col("__common"));
    Column res = col("__residual");
    List<Row> perModel =
        cells
            .groupBy(col(MODEL_ID), isClassifier)
            .agg(
                sum(n).as("__rows"),
                sum(col("__nulls")).as("__nulls"),
                sum(when(ok, n)).as("__ok_rows"),
                sum(when(ok, n.multiply(nll))).as("__ok_nll"),
                sum(when(ok, col("__clipped"))).as("__clipped"),
                sum(when(inCommon, n)).as("__t0"),
                sum(when(inCommon, n.multiply(nll))).as("__t1"),
                sum(when(inCommon, n.multiply(col("__h")))).as("__t2"),
                sum(when(inCommon, n.multiply(col("__kl")))).as("__t3"),
                count(when(ok.and(res.isNotNull()), 1)).as("__finite"),
                count(when(ok.and(res.isNull()), 1)).as("__infinite"),
                max(when(ok, res.divide(greatest(abs(nll), lit(Double.MIN_NORMAL))))).as("__res"))
            .orderBy(isClassifier, col(MODEL_ID))
            .collectAsList();

    List<ModelTotals> models = new ArrayList<>();
    long finite = 0;
    long infinite = 0;
    double maxResidual = 0;
    ClassifierCheck check = null;
    for (Row r : perModel) {
      boolean isCls = r.getAs("__classifier");
      if (!isCls) {
        finite += r.<Long>getAs("__finite");
        infinite += r.<Long>getAs("__infinite");
        maxResidual = Math.max(maxResidual, orZero(r, "__res"));
        if (r.isNullAt(r.fieldIndex("__t0"))) {
          continue; // no ok row in the common groups: not ranked
        }
      } else {
        // MLlib's log-loss is in nats: the mean NLL in the report's unit, converted back.
        double loss = orZero(r, "__ok_nll") / orZero(r, "__ok_rows") / unit.fromNats(1.0);
        long clipped = r.isNullAt(r.fieldIndex("__clipped")) ? 0L : r.<Long>getAs("__clipped");
        check = new ClassifierCheck(orZero(r, "__ok_rows"), clipped, loss, evaluatorLogLoss);
      }
      double t0 = orZero(r, "__t0");
      double t1 = orZero(r, "__t1");
      double t2 = orZero(r, "__t2");
      models.add(
          new ModelTotals(
              0,
              r.getAs(MODEL_ID),
              isCls ? Kind.CLASSIFIER : Kind.DISTRIBUTION,
              t0,
              t1 / t0,
              t2 / t0,
              orZero(r, "__t3") / t0,
              (t1 - t2) / t0));
    }
    models.sort(Comparator.comparingDouble(ModelTotals::meanNll));
    for (int i = 0; i < models.size(); i++) {
      ModelTotals m = models.get(i);
      models.set(
          i,
          new ModelTotals(
              i + 1,
              m.modelId(),
              m.kind(),
              m.rows(),
              m.meanNll(),
              m.entropy(),
              m.klDivergence(),
              m.excessNll()));
    }
    Row first = perModel.get(0);
    return new MleSummary(
        unit,
        orZero(first, "__rows"),
        orZero(first, "__nulls"),
        (int) g.getLong(0),
        g.isNullAt(1) ? 0 : g.getInt(1),
        statuses,
        List.copyOf(models),
        new Checks(
            finite,
            infinite,
            maxResidual,
            g.isNullAt(2) ? 0 : g.getInt(2),
            g.isNullAt(3) ? 0 : g.getInt(3)),
        check);
  }

  /**
   * The candidates with a distribution for none of the groups (status {@code missing_model} in
   * every group): a model table whose groups match none of the input's, or a reference filter that
   * matches no row.
   *
   * @return their ids (sorted) and their number of groups
   */
  public Map<String, Long> modelsWithoutAnyGroup() {
    String missing = GroupComparison.Status.MISSING_MODEL.label();
    Map<String, Long> out = new LinkedHashMap<>();
    statusesByModel.forEach(
        (id, statuses) -> {
          long total = statuses.values().stream().mapToLong(Long::longValue).sum();
          if (total > 0 && total == statuses.getOrDefault(missing, 0L)) {
            out.put(id, total);
          }
        });
    return out;
  }

  /**
   * The summary's sections as summary.json writes them: {@code rows}, {@code groups}, {@code
   * models_ranked_over_common_groups}, {@code checks} and, with a classifier, {@code classifier}.
   */
  public Map<String, Object> json() {
    Map<String, Object> s = new LinkedHashMap<>();
    Map<String, Object> rows = new LinkedHashMap<>();
    rows.put("evaluated", Summaries.count(evaluatedRows));
    rows.put("null_category", Summaries.count(nullRows));
    s.put("rows", rows);
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("total", groups);
    g.put("common", commonGroups);
    g.put("by_model_and_status", statusesByModel);
    s.put("groups", g);
    List<Map<String, Object>> ranked = new ArrayList<>();
    for (ModelTotals t : models) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(MODEL_ID, t.modelId());
      m.put("kind", t.kind().label());
      m.put("rows", Summaries.count(t.rows()));
      m.put(inUnit(MleReport.MEAN_NLL, unit), t.meanNll());
      m.put(inUnit(MleReport.ENTROPY, unit), t.entropy());
      m.put(inUnit(t.kind().klQuantity(), unit), t.klDivergence());
      if (t.kind() == Kind.CLASSIFIER) {
        m.put(
            "kl_is", "KL(P || mean prediction): calibration-in-the-large, not mean_nll - entropy");
      }
      m.put(inUnit(MleReport.EXCESS_NLL, unit), t.excessNll());
      m.put("rank", t.rank());
      ranked.add(m);
    }
    s.put("models_ranked_over_common_groups", ranked);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("identity_rows_finite", checks.identityRowsFinite());
    c.put("identity_rows_infinite", checks.identityRowsInfinite());
    c.put("identity_max_relative_residual", checks.identityMaxRelativeResidual());
    c.put("groups_ranked", checks.groupsRanked());
    c.put("groups_where_nll_and_kl_rankings_disagree", checks.groupsWhereRankingsDisagree());
    s.put("checks", c);
    if (classifier != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rows", Summaries.count(classifier.rows()));
      m.put("clipped_rows", classifier.clippedRows());
      m.put("eps", PredictionReport.MLLIB_EPS);
      m.put("log_loss_from_report_nats", classifier.logLossFromReportNats());
      m.put("log_loss_mllib_evaluator_nats", classifier.logLossEvaluatorNats());
      m.put("relative_difference", classifier.relativeDifference());
      s.put("classifier", m);
    }
    return s;
  }

  /**
   * One report's rows in the shape both reports share: the group columns (those before {@code
   * model_id}, renamed {@code __g0, __g1, ...}, appended to {@code groupNames}), the model id, and
   * the quantities the totals read.
   */
  private static Dataset<Row> cells(
      Dataset<Row> report, boolean classifier, LogBase unit, List<String> groupNames) {
    List<String> names = Arrays.asList(report.columns());
    List<Column> sel = new ArrayList<>();
    for (int i = 0; i < names.indexOf(MODEL_ID); i++) {
      groupNames.add("__g" + i);
      sel.add(InputColumns.column(names.get(i)).as("__g" + i));
    }
    Column none = lit(null);
    sel.add(col(MODEL_ID));
    sel.add(lit(classifier).as("__classifier"));
    sel.add(col(N).cast("double").as("__n"));
    sel.add(col(NULL_COUNT).cast("double").as("__nulls"));
    sel.add(coalesce(col(STATUS).equalTo(OK), lit(false)).as("__ok"));
    sel.add((classifier ? none : col(MleReport.RANKS_AGREE)).cast("boolean").as("__agree"));
    sel.add(col(inUnit(MleReport.MEAN_NLL, unit)).as("__nll"));
    sel.add(col(inUnit(MleReport.ENTROPY, unit)).as("__h"));
    String kl =
        classifier ? PredictionReport.MEAN_PREDICTION_KL_DIVERGENCE : MleReport.KL_DIVERGENCE;
    sel.add(col(inUnit(kl, unit)).as("__kl"));
    sel.add(
        (classifier ? none : col(inUnit(MleReport.IDENTITY_RESIDUAL, unit)))
            .cast("double")
            .as("__residual"));
    sel.add(
        (classifier ? col(PredictionReport.CLIPPED_ROWS) : lit(0L)).cast("long").as("__clipped"));
    return report.select(sel.toArray(new Column[0]));
  }

  private static double orZero(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? 0.0 : r.getDouble(i);
  }
}

package dev.klspark.mle;

import static dev.klspark.spark.engine.ReportColumns.inUnit;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.klspark.KlsparkException;
import dev.klspark.math.ExpectedLogLoss;
import dev.klspark.math.KlEvidence;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.distribution.ModelTable.Normalization;
import dev.klspark.spark.distribution.ProbabilityColumn;
import dev.klspark.spark.distribution.RowChecks;
import dev.klspark.spark.engine.GroupComparison;
import dev.klspark.spark.engine.GroupComparison.ModelInput;
import dev.klspark.spark.engine.GroupStream;
import dev.klspark.spark.engine.ReportColumns;
import dev.klspark.spark.engine.ReportPlans;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The per-group log-loss report of a probabilistic classifier's per-row predictions: a probability
 * column (an MLlib Vector or an {@code array<double>}, one entry per label in the label order, e.g.
 * that of the {@code StringIndexerModel} that indexed the label; or a {@code map<string,double>}
 * from label to probability; checked row by row as {@link ProbabilityColumn} states) and the true
 * label of each row.
 *
 * <p>Per group (U = unit suffix):
 *
 * <ul>
 *   <li>{@code mean_nll_U}: the log-loss of the rows, {@code −(1/n) Σ ln p_i(y_i)}, summed natively
 *       over the rows with MLlib's convention ({@code MulticlassMetrics.logLoss(eps)}, eps =
 *       {@value #MLLIB_EPS}): a probability below eps counts as eps ({@code −ln eps}), one above 1
 *       − eps as 1 − eps ({@code −log1p(−eps)}). {@code clipped_rows} counts the rows where that
 *       applied. The n-weighted mean over groups is the evaluator's {@code logLoss} ({@link
 *       #evaluatorLogLoss}).
 *   <li>{@code entropy_U}: H(P̂) of the group's labels; {@code mean_prediction_cross_entropy_U} and
 *       {@code mean_prediction_kl_divergence_U}: H(P̂, Q̄) and KL(P̂ ‖ Q̄) for the group's mean
 *       predicted distribution {@code Q̄ = (1/n) Σ p_i} (calibration-in-the-large: KL = 0 iff the
 *       classifier's average prediction matches the group's label frequencies), from the kernel
 *       through {@link GroupComparison}.
 *   <li>{@code excess_nll_U = mean_nll − entropy}. Unlike a per-group distribution, a classifier
 *       conditions on features, so its log-loss can be below H(P̂): a negative excess is the
 *       information the features add beyond the group (it is not a KL divergence).
 *   <li>{@code expected_nll_U}, {@code expected_nll_sd_U}: the log-loss the predictions expect of
 *       themselves, (1/n) Σ H(p_i), and its standard deviation under calibration (labels drawn from
 *       the predictions); {@code calibration_z} = (mean_nll − expected_nll) / expected_nll_sd and
 *       its two-sided normal {@code calibration_p_value}: the calibration test of the log score
 *       ({@link ExpectedLogLoss}; z is null when the sd is 0 and the log-loss equals its
 *       expectation, +∞ when it exceeds it). mean_nll is MLlib-clipped; H is not.
 *   <li>{@code uncertainty_U}, {@code resolution_U}, {@code reliability_U}: the decomposition
 *       {@code mean_nll = uncertainty − resolution + reliability} of the log-loss (the divergence
 *       score) of Weijs, van Nooijen and van de Giesen (2010), {@link
 *       dev.klspark.math.DivergenceScoreDecomposition}, with the MLlib clipping above. The
 *       forecasts are binned per group as {@link ForecastBins} states: by the cells of the 0.01
 *       grid of probabilities; when no cell holds two distinct probability vectors these are the
 *       exact bins ({@code forecast_binning = exact}; {@code decomposition_residual_U}, {@code
 *       mean_nll − (uncertainty − resolution + reliability)}, is then 0 up to rounding), otherwise
 *       {@code grid 1/100} and the residual is the error of the binning. {@code forecast_bins}
 *       counts the bins. Null unless the status is ok; a group whose mean forecasts are not
 *       probability vectors gets nulls and the reason in {@code message}.
 * </ul>
 */
public final class PredictionReport {
  /** MLlib's default eps of {@code MulticlassMetrics.logLoss} and the evaluator's. */
  public static final double MLLIB_EPS = 1e-15;

  /** H(P̂, Q̄) of the mean prediction Q̄ (a quantity: its column is {@code ..._U}). */
  public static final String MEAN_PREDICTION_CROSS_ENTROPY = "mean_prediction_cross_entropy";

  /** KL(P̂ ‖ Q̄) of the mean prediction Q̄ (a quantity: its column is {@code ..._U}). */
  public static final String MEAN_PREDICTION_KL_DIVERGENCE = "mean_prediction_kl_divergence";

  /** UNC = H(ō) of the divergence-score decomposition (a quantity: {@code uncertainty_U}). */
  public static final String UNCERTAINTY = "uncertainty";

  /** RES = Σ_k (n_k/N) KL(ō_k ‖ ō) (a quantity: {@code resolution_U}). */
  public static final String RESOLUTION = "resolution";

  /** REL = Σ_k (n_k/N) KL(ō_k ‖ f̄_k) (a quantity: {@code reliability_U}). */
  public static final String RELIABILITY = "reliability";

  /** mean_nll − (UNC − RES + REL) (a quantity: {@code decomposition_residual_U}). */
  public static final String DECOMPOSITION_RESIDUAL = "decomposition_residual";

  /** E[NLL] = (1/n) Σ H(q_i), the mean predictive entropy (a quantity: {@code ..._U}). */
  public static final String EXPECTED_NLL = "expected_nll";

  /** The sd of the mean NLL under calibration (a quantity: {@code ..._U}). */
  public static final String EXPECTED_NLL_SD = "expected_nll_sd";

  /** (mean_nll − expected_nll) / expected_nll_sd. */
  public static final String CALIBRATION_Z = "calibration_z";

  /** The two-sided normal p-value of {@code calibration_z}. */
  public static final String CALIBRATION_P_VALUE = "calibration_p_value";

  /** {@code calibration_p_value} adjusted by Benjamini–Hochberg ({@link PredictionComparison}). */
  public static final String CALIBRATION_P_VALUE_ADJUSTED = "calibration_p_value_adjusted";

  /** The number of forecast bins of the decomposition. */
  public static final String FORECAST_BINS = "forecast_bins";

  /** The binning of the decomposition: {@code exact} or {@code grid 1/100}. */
  public static final String FORECAST_BINNING = "forecast_binning";

  private static final String DECOMPOSITION = "__decomposition";

  /** Rows whose predicted probability of the true label was clipped to [eps, 1 − eps]. */
  public static final String CLIPPED_ROWS = "clipped_rows";

  private static final String IDX = "__label_index";
  private static final String CAT = ReportPlans.CATEGORY;
  private static final String Q = "__model";
  private static final String OBSERVED = "__observed";
  private static final String ROW = GroupStream.RESULT_COLUMN;

  private PredictionReport() {}

  /**
   * What to evaluate.
   *
   * @param groupBy group columns; empty for one overall group
   * @param labelColumn the true label: the label string, or its index (numeric) in {@code labels}
   * @param probabilityColumn the probability column: an MLlib Vector, an array or a map ({@link
   *     ProbabilityColumn})
   * @param labels the label order of the vector entries (e.g. {@code
   *     StringIndexerModel.labelsArray()[0]}, or {@link #labelsFromMetadata})
   * @param modelId the value of the {@code model_id} column
   * @param unit the unit of every information quantity
   * @param normalization a distribution whose sum is not 1 within 1e-6 is an error ({@code STRICT})
   *     or divided by its sum ({@code RENORMALIZE})
   * @param confidenceLevel the level of the interval of {@code mean_prediction_kl_divergence}, in
   *     (0, 1)
   */
  public record Spec(
      List<String> groupBy,
      String labelColumn,
      String probabilityColumn,
      List<String> labels,
      String modelId,
      LogBase unit,
      Normalization normalization,
      double confidenceLevel) {
    /**
     * @throws IllegalArgumentException if the confidence level is not in (0, 1)
     */
    public Spec {
      groupBy = List.copyOf(groupBy);
      labels = List.copyOf(labels);
      normalization = Objects.requireNonNull(normalization, "normalization");
      if (!(confidenceLevel > 0.0 && confidenceLevel < 1.0)) {
        throw new IllegalArgumentException(
            "confidence level " + confidenceLevel + "; expected a number in (0, 1)");
      }
    }

    /** A spec with the default confidence level ({@value KlEvidence#DEFAULT_CONFIDENCE_LEVEL}). */
    public Spec(
        List<String> groupBy,
        String labelColumn,
        String probabilityColumn,
        List<String> labels,
        String modelId,
        LogBase unit,
        Normalization normalization) {
      this(
          groupBy,
          labelColumn,
          probabilityColumn,
          labels,
          modelId,
          unit,
          normalization,
          KlEvidence.DEFAULT_CONFIDENCE_LEVEL);
    }

    /** The same spec for another model id. */
    public Spec withModelId(String id) {
      return new Spec(
          groupBy,
          labelColumn,
          probabilityColumn,
          labels,
          id,
          unit,
          normalization,
          confidenceLevel);
    }

    /** A spec whose distributions must sum to 1 ({@link Normalization#STRICT}). */
    public Spec(
        List<String> groupBy,
        String labelColumn,
        String probabilityColumn,
        List<String> labels,
        String modelId,
        LogBase unit) {
      this(groupBy, labelColumn, probabilityColumn, labels, modelId, unit, Normalization.STRICT);
    }
  }

  /**
   * The label order stored in a column's ML attribute metadata (a nominal attribute written by
   * {@code StringIndexer} on its output column).
   *
   * @throws KlsparkException if the column is missing or carries no nominal attribute with values
   */
  public static List<String> labelsFromMetadata(StructType schema, String column) {
    StructField f = new InputColumns(schema, "predictions").field(column, "label column");
    // Attribute.fromStructField insists on an "ml_attr" entry; a plain column has none.
    Attribute a = f.metadata().contains("ml_attr") ? Attribute.fromStructField(f) : null;
    if (a instanceof NominalAttribute n && n.values().isDefined()) {
      return List.of(n.values().get());
    }
    throw new KlsparkException(
        String.format(
            Locale.ROOT,
            "label column '%s' carries no nominal ML attribute with label values; give the labels"
                + " explicitly (StringIndexerModel.labelsArray()[0])",
            f.name()));
  }

  /**
   * Builds the report. The checks of the columns and of the vector size and the one pass over the
   * rows (aggregation by group and label) run here; the rest is lazy.
   *
   * @return one row per group, sorted by the group columns
   * @throws KlsparkException if a column is missing or mistyped, the labels are empty or repeated,
   *     a probability vector's size differs from the number of labels (from its metadata), or, when
   *     the report is computed, a label is not one of the labels or a row's distribution fails a
   *     check of {@link ProbabilityColumn} (a row check: {@code RowChecks})
   */
  public static Dataset<Row> build(Dataset<Row> predictions, Spec spec) {
    int k = spec.labels().size();
    if (k == 0 || spec.labels().stream().distinct().count() != k) {
      throw new KlsparkException(
          "labels " + spec.labels() + " must be non-empty and distinct; expected the label order");
    }
    InputColumns columns = new InputColumns(predictions.schema(), "predictions");
    Column index = labelIndex(columns, spec);

    Groups groups = Groups.of(columns, spec.groupBy());
    List<String> groupNames = groups.names();
    List<Column> select = new ArrayList<>(groups.select());
    List<String> groupLabels = groups.labels();
    List<Column> groupValues = groups.values();
    Column probs =
        ProbabilityColumn.of(
            predictions,
            columns,
            spec.probabilityColumn(),
            spec.labels(),
            spec.normalization(),
            ProbabilityColumn.describeGroup(groupLabels, groupValues));
    select.add(index.as(IDX));
    select.add(probs.as("__p"));
    List<Column> groupCols = groupNames.stream().map(functions::col).toList();

    // Per row, natively: the probability of the true label, its MLlib-clipped loss, and the
    // vector entries summed for the mean prediction. One aggregation by (group, forecast bin).
    Column pTrue = functions.element_at(col("__p"), col(IDX).plus(1));
    Column loss =
        when(pTrue.lt(MLLIB_EPS), lit(-Math.log(MLLIB_EPS)))
            .when(pTrue.gt(1.0 - MLLIB_EPS), lit(-Math.log1p(-MLLIB_EPS)))
            .otherwise(functions.log(pTrue).multiply(-1.0));
    Column clipped = pTrue.lt(MLLIB_EPS).or(pTrue.gt(1.0 - MLLIB_EPS));
    // Per row, natively and once: H(q) = −Σ q ln q and Σ q (ln q)², 0 ln 0 = 0 (ExpectedLogLoss).
    Column entropy = col("__h");
    Column variance = functions.greatest(lit(0.0), col("__m2").minus(entropy.multiply(entropy)));
    Dataset<Row> bins =
        ForecastBins.bins(
                predictions
                    .select(select.toArray(new Column[0]))
                    .withColumn("__h", LabelFreeReport.entropy(col("__p")))
                    .withColumn("__m2", LabelFreeReport.secondMoment(col("__p"))),
                groupNames,
                IDX,
                "__p",
                k,
                loss,
                clipped,
                entropy,
                variance)
            // The one pass over the rows, run once here: read several times below, it would
            // otherwise be computed (and the classifier applied) each time.
            .localCheckpoint(true);

    List<Column> groupAggs = new ArrayList<>();
    groupAggs.add(sum(col(ForecastBins.N)).as("__rows"));
    groupAggs.add(sum(col(ForecastBins.NULLS)).as("__nulls"));
    groupAggs.add(sum(col(ForecastBins.LOSS)).as("__loss"));
    groupAggs.add(sum(col(ForecastBins.CLIPPED)).as("__clipped"));
    groupAggs.add(sum(col(ForecastBins.PREDICTIVE_ENTROPY)).as("__h"));
    groupAggs.add(sum(col(ForecastBins.PREDICTIVE_VARIANCE)).as("__v"));
    List<Column> qbar = new ArrayList<>();
    List<Column> labelCounts = new ArrayList<>();
    Column total = lit(0.0);
    for (int j = 0; j < k; j++) {
      groupAggs.add(sum(col(ForecastBins.sum(j))).as("__s" + j));
      groupAggs.add(sum(col(ForecastBins.count(j))).as("__c" + j));
      total = total.plus(col("__s" + j));
    }
    Dataset<Row> byGroup =
        (groupCols.isEmpty()
            ? bins.agg(
                groupAggs.get(0), groupAggs.subList(1, groupAggs.size()).toArray(new Column[0]))
            : bins.groupBy(groupCols.toArray(new Column[0]))
                .agg(
                    groupAggs.get(0),
                    groupAggs.subList(1, groupAggs.size()).toArray(new Column[0])));
    // Q̄: the summed vectors divided by their total (= n for vectors summing to 1).
    for (int j = 0; j < k; j++) {
      qbar.add(struct(lit(spec.labels().get(j)).as(CAT), col("__s" + j).divide(total).as(Q)));
      labelCounts.add(
          struct(lit(spec.labels().get(j)).as(CAT), col("__c" + j).cast("double").as(OBSERVED)));
    }
    labelCounts.add(
        struct(
            lit(null).cast(DataTypes.StringType).as(CAT),
            col("__nulls").cast("double").as(OBSERVED)));
    List<Column> modelSel = new ArrayList<>(groupCols);
    modelSel.add(functions.explode(functions.array(qbar.toArray(new Column[0]))).as("__m"));
    Dataset<Row> model =
        byGroup
            .where(total.gt(0.0))
            .select(modelSel.toArray(new Column[0]))
            .select(concat(groupCols, col("__m." + CAT).as(CAT), col("__m." + Q).as(Q)));
    List<Column> countSel = new ArrayList<>(groupCols);
    countSel.add(functions.explode(functions.array(labelCounts.toArray(new Column[0]))).as("__o"));
    Dataset<Row> counts =
        byGroup
            .select(countSel.toArray(new Column[0]))
            .select(
                concat(groupCols, col("__o." + CAT).as(CAT), col("__o." + OBSERVED).as(OBSERVED)))
            .where(col(OBSERVED).gt(0.0));
    Dataset<Row> cells = ReportPlans.fullOuter(counts, model, groupNames);
    GroupComparison comparison =
        new GroupComparison(ModelInput.PROBABILITIES, Smoothing.none(), LogBase.NATS)
            .withEvidence(spec.confidenceLevel());
    Dataset<Row> compared =
        GroupStream.over(
                cells
                    .withColumn(OBSERVED, coalesce(col(OBSERVED), lit(0.0)))
                    .withColumn("__s", col(Q).isNotNull()))
            .keys(groupNames)
            .category(CAT)
            .observed(OBSERVED)
            .model(Q)
            .inSupport("__s")
            .compare(comparison);
    List<Column> renamed = new ArrayList<>();
    for (String g : groupNames) {
      renamed.add(col(g).as("__r" + g));
    }
    renamed.add(col("__rows"));
    renamed.add(col("__nulls"));
    renamed.add(col("__loss"));
    renamed.add(col("__clipped"));
    renamed.add(col("__h"));
    renamed.add(col("__v"));
    Column on = lit(true);
    for (String g : groupNames) {
      on = on.and(col(g).eqNullSafe(col("__r" + g)));
    }
    Dataset<Row> joined = compared.join(byGroup.select(renamed.toArray(new Column[0])), on, "left");
    List<Column> decomposed = new ArrayList<>();
    Column onDecomposition = lit(true);
    for (String g : groupNames) {
      decomposed.add(col(g).as("__x" + g));
      onDecomposition = onDecomposition.and(col(g).eqNullSafe(col("__x" + g)));
    }
    decomposed.add(col(DECOMPOSITION));
    Dataset<Row> both =
        joined.join(
            ForecastBins.decompose(bins, groupNames, k, MLLIB_EPS)
                .select(decomposed.toArray(new Column[0])),
            onDecomposition,
            "left");

    LogBase unit = spec.unit();
    double perNat = unit.fromNats(1.0);
    Column rows = col("__rows").cast("double");
    Column has = rows.gt(0.0);
    Column meanNll = when(has, col("__loss").divide(when(has, rows)));
    Column ok = col(ROW + ".status").equalTo(ReportColumns.OK);
    List<Column> out = new ArrayList<>();
    out.addAll(groups.restored());
    out.add(lit(spec.modelId()).as(ReportColumns.MODEL_ID));
    out.add(col("__rows").as(ReportColumns.N));
    out.add(col("__nulls").as(ReportColumns.NULL_COUNT));
    out.add(col(ROW + ".k_observed").as("k_observed"));
    out.add(meanNll.multiply(perNat).as(inUnit(MleReport.MEAN_NLL, unit)));
    out.add(col(ROW + ".entropy").multiply(perNat).as(inUnit(MleReport.ENTROPY, unit)));
    out.add(
        col(ROW + ".cross_entropy")
            .multiply(perNat)
            .as(inUnit(MEAN_PREDICTION_CROSS_ENTROPY, unit)));
    out.add(
        col(ROW + ".kl_divergence")
            .multiply(perNat)
            .as(inUnit(MEAN_PREDICTION_KL_DIVERGENCE, unit)));
    for (String bound : List.of("_ci_low", "_ci_high")) {
      out.add(
          col(ROW + ".kl_divergence" + bound)
              .multiply(perNat)
              .as(inUnit(MEAN_PREDICTION_KL_DIVERGENCE + bound, unit)));
    }
    // The G-test of calibration in the large (the kernel's KlEvidence, as in kl-report).
    out.add(col(ROW + ".g_statistic").as(ReportColumns.G_STATISTIC));
    out.add(col(ROW + ".degrees_of_freedom").as(ReportColumns.DEGREES_OF_FREEDOM));
    out.add(col(ROW + ".p_value").as(ReportColumns.P_VALUE));
    out.add(
        when(ok, meanNll.minus(col(ROW + ".entropy")).multiply(perNat))
            .as(inUnit(MleReport.EXCESS_NLL, unit)));
    // The calibration z-test of the log score (ExpectedLogLoss): E[NLL] = mean H(q_i) and its sd
    // under "labels drawn from the predictions", over the labelled rows.
    Column expected = when(has, col("__h").divide(when(has, rows)));
    Column sd = when(has, functions.sqrt(col("__v")).divide(when(has, rows)));
    out.add(expected.multiply(perNat).as(inUnit(EXPECTED_NLL, unit)));
    out.add(sd.multiply(perNat).as(inUnit(EXPECTED_NLL_SD, unit)));
    Column z =
        when(sd.gt(0.0), meanNll.minus(expected).divide(when(sd.gt(0.0), sd)))
            .when(meanNll.gt(expected), lit(Double.POSITIVE_INFINITY));
    out.add(z.as(CALIBRATION_Z));
    out.add(
        functions
            .udf(
                (org.apache.spark.sql.api.java.UDF1<Double, Double>)
                    v -> v == null ? null : ExpectedLogLoss.pValue(v),
                DataTypes.DoubleType)
            .apply(z)
            .as(CALIBRATION_P_VALUE));
    String[] parts = {"uncertainty", "resolution", "reliability", "residual"};
    String[] names = {UNCERTAINTY, RESOLUTION, RELIABILITY, DECOMPOSITION_RESIDUAL};
    for (int i = 0; i < parts.length; i++) {
      out.add(
          when(ok, col(DECOMPOSITION + "." + parts[i]).multiply(perNat))
              .as(inUnit(names[i], unit)));
    }
    out.add(col(DECOMPOSITION + ".bins").as(FORECAST_BINS));
    out.add(col(DECOMPOSITION + ".binning").as(FORECAST_BINNING));
    out.add(col("__clipped").as(CLIPPED_ROWS));
    out.add(col(ROW + ".status").as(ReportColumns.STATUS));
    out.add(
        coalesce(col(ROW + ".message"), col(DECOMPOSITION + ".message")).as(ReportColumns.MESSAGE));
    return groups.sorted(both.select(out.toArray(new Column[0])));
  }

  /**
   * The log-loss of all rows with a known label by MLlib's own {@code
   * MulticlassClassificationEvaluator} ({@code metricName = logLoss}, eps {@value #MLLIB_EPS}), the
   * number the report's n-weighted {@code mean_nll_nats} must reproduce.
   */
  public static double evaluatorLogLoss(Dataset<Row> predictions, Spec spec) {
    InputColumns columns = new InputColumns(predictions.schema(), "predictions");
    Column probs =
        org.apache.spark.ml.functions.array_to_vector(
            ProbabilityColumn.of(
                predictions,
                columns,
                spec.probabilityColumn(),
                spec.labels(),
                spec.normalization(),
                lit("the predictions")));
    Dataset<Row> d =
        predictions
            .select(
                labelIndex(columns, spec).cast("double").as("__label"),
                probs.as("__probability"),
                lit(0.0).as("__prediction"))
            .where(col("__label").isNotNull());
    return new MulticlassClassificationEvaluator()
        .setMetricName("logLoss")
        .setEps(MLLIB_EPS)
        .setLabelCol("__label")
        .setPredictionCol("__prediction")
        .setProbabilityCol("__probability")
        .evaluate(d);
  }

  /**
   * One cell of a calibration (reliability) diagram: the rows whose predicted probability of {@code
   * label} fell into one bin of [0, 1].
   *
   * @param meanPredicted the mean predicted probability of the label over those rows
   * @param observedFrequency the share of those rows whose true label is {@code label}
   * @param rows how many rows
   */
  public record CalibrationBin(
      String label, double meanPredicted, double observedFrequency, long rows) {}

  /**
   * The 0-based label index of each row; a label outside the labels raises an error in the task.
   */
  static Column labelIndex(InputColumns columns, Spec spec) {
    StructField f = columns.field(spec.labelColumn(), "label column");
    Column c = InputColumns.column(f.name());
    int k = spec.labels().size();
    Column index;
    if (f.dataType() instanceof StringType) {
      Column labelArray =
          functions.array(spec.labels().stream().map(functions::lit).toArray(Column[]::new));
      index = functions.array_position(labelArray, c).cast("int").minus(1);
    } else if (InputColumns.isNumeric(f.dataType())) {
      Column d = c.cast("double");
      index =
          when(d.equalTo(functions.floor(d)).and(d.geq(0)).and(d.lt(k)), d.cast("int"))
              .otherwise(lit(-1));
    } else {
      throw new KlsparkException(
          String.format(
              Locale.ROOT,
              "label column '%s' has type %s; expected the label (string) or its index (numeric)",
              f.name(),
              f.dataType().simpleString()));
    }
    Column bad =
        RowChecks.fail(
            functions.format_string(
                "label column '%s' has value %s, which is not one of the labels %s",
                lit(f.name()), c.cast("string"), lit(spec.labels().toString())));
    return when(c.isNull(), lit(null).cast(DataTypes.IntegerType))
        .when(index.lt(0), bad.cast(DataTypes.IntegerType))
        .otherwise(index);
  }

  private static Column[] concat(List<Column> head, Column... tail) {
    List<Column> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all.toArray(new Column[0]);
  }

  /**
   * The group columns of a predictions report: internal names {@code __g0, __g1, ..}, the select
   * list that renames the input's group columns to them, and the input's names and columns (for
   * row-check messages).
   */
  record Groups(List<String> names, List<Column> select, List<String> labels, List<Column> values) {
    /**
     * @throws KlsparkException if a group column is missing
     */
    static Groups of(InputColumns columns, List<String> groupBy) {
      List<String> names = new ArrayList<>();
      List<Column> select = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      List<Column> values = new ArrayList<>();
      for (String g : groupBy) {
        StructField f = columns.field(g, "group column");
        String internal = "__g" + names.size();
        names.add(internal);
        labels.add(f.name());
        values.add(InputColumns.column(f.name()));
        select.add(InputColumns.column(f.name()).as(internal));
      }
      return new Groups(names, select, labels, values);
    }

    /** The internal group columns renamed back to the input's names. */
    List<Column> restored() {
      List<Column> out = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        out.add(col(names.get(i)).as(labels.get(i)));
      }
      return out;
    }

    /** A report with the input's group columns sorted by them, nulls first. */
    Dataset<Row> sorted(Dataset<Row> report) {
      Column[] order =
          labels.stream().map(l -> InputColumns.column(l).asc_nulls_first()).toArray(Column[]::new);
      return order.length == 0 ? report : report.orderBy(order);
    }
  }
}

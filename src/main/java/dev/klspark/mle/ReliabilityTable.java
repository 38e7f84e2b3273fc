package dev.klspark.mle;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.distribution.ProbabilityColumn;
import dev.klspark.spark.engine.ReportColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;

/**
 * The reliability table of a classifier's per-row predictions, per group: for every label j and
 * probability bin b, the rows whose predicted probability of j falls in b, their mean predicted
 * probability of j and the fraction of them whose true label is j. Plotted as mean forecast against
 * observed frequency it is the reliability diagram (calibration curve) of each label: a calibrated
 * model lies on the diagonal (Murphy and Winkler, "Reliability of subjective probability forecasts
 * of precipitation and temperature", Applied Statistics 26, 1977; scikit-learn's {@code
 * calibration_curve(strategy="uniform")} per label, which closes its bins on the right instead).
 *
 * <p>Bins: {@code B} bins of equal width, {@code [b/B, (b+1)/B)}, the last closed ({@code [(B−1)/B,
 * 1]}); the edges are the doubles nearest {@code b/B}. Rows without a label are left out; rows are
 * checked as {@link PredictionReport#build} checks them (a bad row fails the query with the same
 * message). Columns: the group columns, {@code model_id}, {@code label}, {@code bin} (0-based),
 * {@code bin_low}, {@code bin_high}, {@code n} (rows), {@code mean_forecast} and {@code
 * observed_frequency}; one row per non-empty (group, label, bin), sorted by group (nulls first),
 * label order and bin. Cost: one pass over the rows, each exploded into its K probabilities, and
 * one aggregation of at most G·K·B rows.
 */
public final class ReliabilityTable {
  /** The default number of bins, 10 (scikit-learn's default {@code n_bins = 5}; 10 is finer). */
  public static final int DEFAULT_BINS = 10;

  /** The largest number of bins, 1000 (finer bins hold too few rows to read anything from). */
  public static final int MAX_BINS = 1000;

  private ReliabilityTable() {}

  /**
   * Checks a number of bins.
   *
   * @throws IllegalArgumentException naming {@code --reliability-bins} unless 1 &le; bins &le;
   *     {@value #MAX_BINS}
   */
  public static void requireBins(int bins) {
    if (bins < 1 || bins > MAX_BINS) {
      throw new IllegalArgumentException(
          "--reliability-bins " + bins + "; expected N from 1 to " + MAX_BINS);
    }
  }

  /**
   * The reliability table of the predictions.
   *
   * @param predictions the per-row predictions, as for {@link PredictionReport#build}
   * @param spec what to evaluate
   * @param bins the number of bins, 1 to {@value #MAX_BINS}
   * @return the table (lazy)
   * @throws IllegalArgumentException if {@code bins} is out of that range
   * @throws dev.klspark.KlsparkException as {@link PredictionReport#build} for missing or mistyped
   *     columns
   */
  public static Dataset<Row> of(Dataset<Row> predictions, PredictionReport.Spec spec, int bins) {
    requireBins(bins);
    InputColumns columns = new InputColumns(predictions.schema(), "predictions");
    List<String> groupNames = new ArrayList<>();
    List<Column> select = new ArrayList<>();
    List<Column> groupValues = new ArrayList<>();
    for (String g : spec.groupBy()) {
      StructField f = columns.field(g, "group column");
      groupNames.add(f.name());
      groupValues.add(InputColumns.column(f.name()));
      select.add(InputColumns.column(f.name()).as("__g" + select.size()));
    }
    int groups = select.size();
    Column probs =
        ProbabilityColumn.of(
            predictions,
            columns,
            spec.probabilityColumn(),
            spec.labels(),
            spec.normalization(),
            ProbabilityColumn.describeGroup(groupNames, groupValues));
    select.add(PredictionReport.labelIndex(columns, spec).as("__y"));
    select.add(probs.as("__p"));
    List<Column> exploded = new ArrayList<>();
    for (int i = 0; i < groups; i++) {
      exploded.add(col("__g" + i));
    }
    exploded.add(col("__y"));
    exploded.add(functions.posexplode(col("__p")).as(new String[] {"__j", "__q"}));
    // b = floor(q·B), clamped to [0, B − 1], then corrected against the edges b/B (the doubles
    // nearest them) where q·B rounded across one: q in [b/B, (b+1)/B) exactly.
    Column q = col("__q");
    Column guess =
        functions.least(
            lit(bins - 1),
            functions.greatest(lit(0), functions.floor(q.multiply(bins)).cast("int")));
    Column low = guess.cast("double").divide(bins);
    Column high = guess.plus(1).cast("double").divide(bins);
    Column bin =
        when(q.lt(low), guess.minus(1))
            .when(q.geq(high).and(guess.lt(bins - 1)), guess.plus(1))
            .otherwise(guess);
    List<Column> keys = new ArrayList<>();
    for (int i = 0; i < groups; i++) {
      keys.add(col("__g" + i));
    }
    keys.add(col("__j"));
    keys.add(bin.as("__b"));
    Dataset<Row> cells =
        predictions
            .select(select.toArray(new Column[0]))
            .select(exploded.toArray(new Column[0]))
            .where(col("__y").isNotNull())
            .groupBy(keys.toArray(new Column[0]))
            .agg(
                functions.count(lit(1)).as("__n"),
                functions.sum(col("__q")).as("__sq"),
                functions
                    .sum(when(col("__y").equalTo(col("__j")), lit(1L)).otherwise(lit(0L)))
                    .as("__pos"));
    Column labels =
        functions.array(spec.labels().stream().map(functions::lit).toArray(Column[]::new));
    List<Column> out = new ArrayList<>();
    for (int i = 0; i < groups; i++) {
      out.add(col("__g" + i).as(groupNames.get(i)));
    }
    out.add(lit(spec.modelId()).as(ReportColumns.MODEL_ID));
    out.add(functions.element_at(labels, col("__j").plus(1)).as("label"));
    out.add(col("__b").as("bin"));
    out.add(col("__b").cast("double").divide(bins).as("bin_low"));
    out.add(col("__b").plus(1).cast("double").divide(bins).as("bin_high"));
    out.add(col("__n").as(ReportColumns.N));
    out.add(col("__sq").divide(col("__n")).as("mean_forecast"));
    out.add(col("__pos").cast("double").divide(col("__n")).as("observed_frequency"));
    List<Column> order = new ArrayList<>();
    for (int i = 0; i < groups; i++) {
      order.add(col("__g" + i).asc_nulls_first());
    }
    order.add(col("__j").asc());
    order.add(col("__b").asc());
    return cells.orderBy(order.toArray(new Column[0])).select(out.toArray(new Column[0]));
  }

  /**
   * The reliability table of one model summed over its groups: per label and bin, the rows, their
   * mean forecast ({@code Σ n·mean_forecast / Σ n}) and observed frequency. One aggregation of the
   * table; at most labels × bins rows reach the driver.
   *
   * @param table a table of {@link #of} (as written), of one or more models
   * @param modelId the model
   * @param labels the model's labels, for their order
   * @return the non-empty bins, by label order then bin
   */
  public static List<PredictionReport.CalibrationBin> overall(
      Dataset<Row> table, String modelId, List<String> labels) {
    Column n = col(ReportColumns.N);
    List<PredictionReport.CalibrationBin> out = new ArrayList<>();
    List<Row> rows =
        table
            .where(col(ReportColumns.MODEL_ID).equalTo(modelId))
            .groupBy(col("label"), col("bin"))
            .agg(
                functions.sum(n).as("__n"),
                functions.sum(n.multiply(col("mean_forecast"))).as("__f"),
                functions.sum(n.multiply(col("observed_frequency"))).as("__o"))
            .collectAsList();
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(
        java.util.Comparator.<Row>comparingInt(r -> labels.indexOf(r.getString(0)))
            .thenComparingInt(r -> r.getInt(1)));
    for (Row r : sorted) {
      long rowsInBin = r.getLong(2);
      out.add(
          new PredictionReport.CalibrationBin(
              r.getString(0), r.getDouble(3) / rowsInBin, r.getDouble(4) / rowsInBin, rowsInBin));
    }
    return out;
  }
}

package dev.klspark.mle;

import dev.klspark.KlsparkException;
import dev.klspark.cli.CommonSettings;
import dev.klspark.cli.JobIo;
import dev.klspark.cli.SettingFlags;
import dev.klspark.config.JobSettings;
import dev.klspark.config.Setting;
import dev.klspark.math.LogBase;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * mle-report's flags for the Gaussian model of a numeric column (a picocli mixin), with their
 * resolution (flag &gt; job file &gt; default) and the {@link GaussianReport.Spec} they describe.
 */
final class GaussianOptions implements SettingFlags.Declared {
  static final Setting<String> COLUMN = Setting.string("gaussian-column", null);
  static final Setting<String> MODEL = Setting.path("gaussian-model", null);
  static final Setting<List<String>> CONSTANT = Setting.list("gaussian-constant");

  /** The settings behind these flags, each declared once. */
  static final List<Setting<?>> SETTINGS = List.of(COLUMN, MODEL, CONSTANT, CommonSettings.KNN_K);

  /** Job-file keys of these flags (= their long names). */
  static final Set<String> KEYS = Setting.keys(SETTINGS);

  /** The model id of the per-group fit on the reference rows. */
  static final String REFERENCE_ID = "gaussian_reference";

  @Option(
      names = "--gaussian-column",
      paramLabel = "COL",
      description = "Numeric column for the Gaussian report.")
  String column;

  @Option(
      names = "--gaussian-model",
      paramLabel = "PATH",
      description = "Gaussian model table (Parquet: group columns, mu, sigma).")
  String model;

  @Option(
      names = "--gaussian-constant",
      paramLabel = "MU,SIGMA",
      description = "One Gaussian model N(MU, SIGMA^2) for every group.")
  String constant;

  @Option(
      names = "--knn-k",
      paramLabel = "K",
      description =
          "Neighbour rank of the k-NN (Kozachenko-Leonenko) entropy of the Gaussian column's values"
              + " (default: ${DEFAULT-VALUE}).")
  Integer knnK;

  /**
   * The Gaussian settings, resolved.
   *
   * @param column the numeric column, or null for no Gaussian report
   * @param model the model table's path, or null
   * @param constant MU and SIGMA as given (empty without), for the summary
   * @param referenceFilter the per-group fit's rows when there is neither a table nor a constant
   * @param knnK the neighbour rank of the nonparametric entropy
   */
  record Resolved(
      String column, String model, List<String> constant, String referenceFilter, int knnK) {

    /** What {@link GaussianReport} evaluates; reads the model table if there is one. */
    GaussianReport.Spec spec(SparkSession spark, List<String> groupBy, String filter, LogBase u) {
      GaussianReport.Model m;
      String id;
      if (model != null) {
        m = new GaussianReport.Table(JobIo.read(spark, model, "parquet", "Gaussian model table"));
        id = JobIo.modelId(model);
      } else if (!constant.isEmpty()) {
        double[] c = constant.stream().mapToDouble(Double::parseDouble).toArray();
        m = new GaussianReport.Constant(c[0], c[1]);
        id = "constant";
      } else {
        m = new GaussianReport.Reference(referenceFilter);
        id = REFERENCE_ID;
      }
      return new GaussianReport.Spec(groupBy, column, filter, m, id, u, knnK);
    }
  }

  /**
   * Applies defaults and checks the combination of settings.
   *
   * @param referenceFilter mle-report's {@code --reference-filter}, or null
   * @throws KlsparkException naming the flag and what was expected
   */
  static Resolved resolve(JobSettings s, String referenceFilter) {
    String col = COLUMN.from(s);
    String model = MODEL.from(s);
    List<String> gc = CONSTANT.from(s);
    if (!gc.isEmpty()) {
      double[] c;
      try {
        c = gc.stream().mapToDouble(Double::parseDouble).toArray();
      } catch (NumberFormatException e) {
        c = new double[0];
      }
      if (c.length != 2) {
        throw new KlsparkException(
            "--gaussian-constant " + gc + "; expected MU,SIGMA (two numbers)");
      }
      if (!Double.isFinite(c[0]) || !(c[1] > 0.0) || Double.isInfinite(c[1])) {
        throw new KlsparkException(
            "--gaussian-constant " + gc + "; expected a finite MU and a finite SIGMA > 0");
      }
    }
    if (col == null && (model != null || !gc.isEmpty())) {
      throw new KlsparkException(
          (model != null ? "--gaussian-model" : "--gaussian-constant")
              + " needs --gaussian-column COL (the numeric column the Gaussian model describes)");
    }
    if (col != null && model != null && !gc.isEmpty()) {
      throw new KlsparkException(
          "both --gaussian-model and --gaussian-constant are set; choose one");
    }
    if (col != null && model == null && gc.isEmpty() && referenceFilter == null) {
      throw new KlsparkException(
          "--gaussian-column needs a model: --gaussian-model PATH, --gaussian-constant MU,SIGMA or"
              + " --reference-filter SQL (per-group fit)");
    }
    int k = CommonSettings.KNN_K.from(s);
    if (k < 1 || k > 1000) {
      throw new KlsparkException("--knn-k " + k + " is out of range; expected 1 to 1000");
    }
    if (CommonSettings.KNN_K.isSetIn(s) && col == null) {
      throw new KlsparkException(
          "--knn-k needs --gaussian-column COL (the numeric column whose entropy it estimates)");
    }
    return new Resolved(col, model, gc, referenceFilter, k);
  }

  /** Records the settings in the summary's parameters. */
  static void putParameters(Map<String, Object> params, Resolved g) {
    params.put("gaussian_column", g.column());
    params.put("gaussian_model", g.model());
    params.put("gaussian_constant", g.constant().isEmpty() ? null : g.constant());
    params.put("knn_k", g.column() == null ? null : g.knnK());
  }

  @Override
  public List<Setting<?>> settings() {
    return SETTINGS;
  }
}

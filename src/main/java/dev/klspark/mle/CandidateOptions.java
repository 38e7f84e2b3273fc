package dev.klspark.mle;

import dev.klspark.KlsparkException;
import dev.klspark.cli.CommonSettings;
import dev.klspark.cli.JobIo;
import dev.klspark.cli.SettingFlags;
import dev.klspark.cli.TableOptions;
import dev.klspark.config.JobSettings;
import dev.klspark.config.Setting;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.distribution.ModelTable;
import dev.klspark.spark.publish.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * mle-report's candidate models (a picocli mixin): model tables, and the maximum-likelihood
 * distributions fitted on reference rows; with their resolution (flag &gt; job file &gt; default)
 * and the {@link MleSpec.Candidate}s they describe.
 */
final class CandidateOptions implements SettingFlags.Declared {
  static final Setting<List<String>> MODEL = Setting.paths("model");
  static final Setting<Boolean> POOLED_REFERENCE = Setting.bool("pooled-reference", false);

  /** The settings behind these flags, each declared once. */
  static final List<Setting<?>> SETTINGS =
      List.of(
          MODEL,
          CommonSettings.RENORMALIZE,
          CommonSettings.REFERENCE_FILTER,
          CommonSettings.SMOOTHING,
          POOLED_REFERENCE);

  /** Job-file keys of these flags (= their long names). */
  static final Set<String> KEYS = Setting.keys(SETTINGS);

  /** Model ids of the distributions the job fits itself. */
  static final String REFERENCE_ID = "reference";

  static final String POOLED_ID = "pooled_reference";

  @Option(
      names = "--model",
      paramLabel = "PATH",
      description =
          "Candidate model table (Parquet, long format: group columns, category, probability, optional model_id); repeatable. model_id defaults to the file name.")
  List<String> model;

  @Option(
      names = "--renormalize",
      description = "Rescale model-table groups that do not sum to 1 (default: error).")
  Boolean renormalize;

  @Option(
      names = "--reference-filter",
      paramLabel = "SQL",
      description =
          "Fit the candidate 'reference' (per-group MLE) on the input rows matching this; also the training rows of the classifier and of the Gaussian reference.")
  String referenceFilter;

  @Option(
      names = "--smoothing",
      paramLabel = "POLICY",
      description =
          "Smoothing of the fitted reference models: none or additive:ALPHA (default: ${DEFAULT-VALUE}).")
  String smoothing;

  @Option(
      names = "--pooled-reference",
      description =
          "Also fit the candidate 'pooled_reference': one MLE over all reference rows, the same for every group.")
  Boolean pooledReference;

  /**
   * The candidates, resolved.
   *
   * @param models the model tables' paths
   * @param tables the model tables in a catalog ({@code --model-table})
   * @param normalization what to do with model-table groups that do not sum to 1
   * @param referenceFilter the reference rows (Spark SQL), or null for no fitted candidate
   * @param smoothing the fitted candidates' smoothing
   * @param pooled whether the pooled candidate is fitted too
   */
  record Resolved(
      List<String> models,
      List<String> tables,
      ModelTable.Normalization normalization,
      String referenceFilter,
      Smoothing smoothing,
      boolean pooled) {

    /**
     * The candidates: the model tables (read here; {@code categories} those of compact tables'
     * arrays), then the fitted references.
     */
    List<MleSpec.Candidate> candidates(SparkSession spark, List<String> categories) {
      List<MleSpec.Candidate> out = new ArrayList<>();
      for (String path : models) {
        out.add(
            new MleSpec.Table(
                JobIo.modelId(path), JobIo.readModel(spark, path, categories), normalization));
      }
      for (String t : tables) {
        out.add(
            new MleSpec.Table(
                tableId(t),
                ModelTable.withCategories(Tables.read(spark, t, "--model-table"), categories),
                normalization));
      }
      if (referenceFilter != null) {
        out.add(
            new MleSpec.Reference(
                REFERENCE_ID, referenceFilter, smoothing, MleSpec.Scope.PER_GROUP));
        if (pooled) {
          out.add(
              new MleSpec.Reference(POOLED_ID, referenceFilter, smoothing, MleSpec.Scope.POOLED));
        }
      }
      return out;
    }

    /** Where the candidate {@code id} comes from, for the message of a candidate with no group. */
    String source(String id) {
      return java.util.stream.Stream.concat(
              models.stream().filter(m -> JobIo.modelId(m).equals(id)),
              tables.stream().filter(t -> tableId(t).equals(id)))
          .findFirst()
          .map(
              m ->
                  "the model table "
                      + m
                      + " is empty or its group values match none of the input's")
          .orElse("--reference-filter '" + referenceFilter + "' matches no rows of the input");
    }
  }

  /**
   * Applies defaults and checks the combination of settings.
   *
   * @throws KlsparkException naming the flag and what was expected
   * @throws IllegalArgumentException if the smoothing policy cannot be parsed
   */
  static Resolved resolve(JobSettings s) {
    Smoothing smooth = Smoothing.parse(CommonSettings.SMOOTHING.from(s));
    if (smooth instanceof Smoothing.Floor) {
      throw new KlsparkException(
          "smoothing "
              + smooth.spec()
              + " is not supported by mle-report; expected none or additive:ALPHA");
    }
    List<String> models = MODEL.from(s);
    String ref = CommonSettings.REFERENCE_FILTER.from(s);
    boolean pooled = POOLED_REFERENCE.from(s);
    boolean classifier = !ClassifierOptions.FEATURES.from(s).stream().allMatch(String::isEmpty);
    if (ref == null && (pooled || classifier)) {
      throw new KlsparkException(
          "--pooled-reference and --classifier-features fit on the reference rows; pass"
              + " --reference-filter SQL");
    }
    List<String> tables = TableOptions.modelTables(s);
    if (models.isEmpty() && tables.isEmpty() && ref == null) {
      throw new KlsparkException(
          "no candidate model: pass --model PATH or --model-table NAME (repeatable) and/or"
              + " --reference-filter SQL");
    }
    ModelTable.Normalization norm =
        CommonSettings.RENORMALIZE.from(s)
            ? ModelTable.Normalization.RENORMALIZE
            : ModelTable.Normalization.STRICT;
    return new Resolved(models, tables, norm, ref, smooth, pooled);
  }

  /** A model table's default model id: the last part of its name ({@code local.db.m} gives m). */
  static String tableId(String table) {
    List<String> parts = Tables.parts(table, "--model-table");
    return parts.get(parts.size() - 1);
  }

  /** Records the settings in the summary's parameters. */
  static void putParameters(Map<String, Object> params, Resolved c) {
    params.put("models", c.models());
    params.put("model_tables", c.tables());
    params.put("reference_filter", c.referenceFilter());
    params.put("smoothing", c.smoothing().spec());
    params.put("pooled_reference", c.pooled());
  }

  @Override
  public List<Setting<?>> settings() {
    return SETTINGS;
  }
}

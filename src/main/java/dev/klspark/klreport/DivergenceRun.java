package dev.klspark.klreport;

import dev.klspark.KlsparkException;
import dev.klspark.cli.CategoryOptions;
import dev.klspark.cli.CommonSettings;
import dev.klspark.html.PageFooter;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.distribution.Conditions;
import dev.klspark.spark.distribution.ModelTable;
import dev.klspark.spark.engine.GroupComparison.Status;
import dev.klspark.spark.engine.JobPhase;
import dev.klspark.spark.engine.Ranking;
import dev.klspark.spark.engine.ReportColumns;
import dev.klspark.spark.engine.ReportHistogram;
import dev.klspark.spark.publish.OutputCommit;
import dev.klspark.spark.publish.OwnedOutput;
import dev.klspark.spark.publish.OwnedTable;
import dev.klspark.spark.publish.Summaries;
import dev.klspark.spark.publish.Tables;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One kl-report run in its layer: the divergence report of the input against the model, written
 * with its {@code summary.json} into the claimed output and published at once, after the checks
 * that a run evaluated something and that the model shares categories with the data. {@code
 * jobs/kl-report} ({@code dev.klspark.klreport.KlReportJob}) parses and resolves the settings,
 * claims the output, reads the inputs, calls {@link #run} and prints {@link SummaryText}.
 */
public final class DivergenceRun {
  private static final Logger LOG = LoggerFactory.getLogger(DivergenceRun.class);

  private DivergenceRun() {}

  /**
   * The resolved settings of one run (kl-report's job file and flags).
   *
   * @param input the input path or table, as given
   * @param format {@code parquet}, {@code csv} or {@code json}
   * @param bucketSplits the bucket splits as given, or null without buckets
   * @param model the model table's path or table name, or null for a model fitted by {@code
   *     referenceFilter}
   * @param output the output directory, or null when the report goes to {@code outputTable} only
   * @param outputTable the output table, or null
   * @param top how many top groups the summary lists
   * @param jobFile the job file, or null
   */
  public record Settings(
      String input,
      String format,
      List<String> groupBy,
      CategorySpec category,
      List<String> bucketSplits,
      String weight,
      String filter,
      String model,
      boolean renormalize,
      String referenceFilter,
      Smoothing smoothing,
      LogBase unit,
      double confidenceLevel,
      String output,
      String outputTable,
      int top,
      Ranking ranking,
      double minN,
      String jobFile) {
    /** A builder of the settings, by name. */
    public static Builder builder() {
      return new Builder();
    }

    /**
     * Builds Settings by name: each setter names its field, so two settings of one type cannot
     * trade places. Unset fields take the defaults of the job ({@code jobs/kl-report --help}).
     */
    public static final class Builder {
      private String input;
      private String format = CategoryOptions.FORMAT.defaultValue();
      private List<String> groupBy = List.of();
      private CategorySpec category;
      private List<String> bucketSplits;
      private String weight;
      private String filter;
      private String model;
      private boolean renormalize;
      private String referenceFilter;
      private Smoothing smoothing = Smoothing.parse(CommonSettings.SMOOTHING.defaultValue());
      private LogBase unit = LogBase.parse(CategoryOptions.UNIT.defaultValue());
      private double confidenceLevel = CategoryOptions.CONFIDENCE_LEVEL.defaultValue();
      private String output;
      private String outputTable;
      private int top = KlReportJob.TOP.defaultValue();
      private Ranking ranking = Ranking.parse(KlReportJob.RANK_BY.defaultValue());
      private double minN = KlReportJob.MIN_N.defaultValue();
      private String jobFile;

      private Builder() {}

      /** Sets {@code input}. */
      public Builder input(String input) {
        this.input = input;
        return this;
      }

      /** Sets {@code format}. */
      public Builder format(String format) {
        this.format = format;
        return this;
      }

      /** Sets {@code groupBy}. */
      public Builder groupBy(List<String> groupBy) {
        this.groupBy = groupBy;
        return this;
      }

      /** Sets {@code category}. */
      public Builder category(CategorySpec category) {
        this.category = category;
        return this;
      }

      /** Sets {@code bucketSplits}. */
      public Builder bucketSplits(List<String> bucketSplits) {
        this.bucketSplits = bucketSplits;
        return this;
      }

      /** Sets {@code weight}. */
      public Builder weight(String weight) {
        this.weight = weight;
        return this;
      }

      /** Sets {@code filter}. */
      public Builder filter(String filter) {
        this.filter = filter;
        return this;
      }

      /** Sets {@code model}. */
      public Builder model(String model) {
        this.model = model;
        return this;
      }

      /** Sets {@code renormalize}. */
      public Builder renormalize(boolean renormalize) {
        this.renormalize = renormalize;
        return this;
      }

      /** Sets {@code referenceFilter}. */
      public Builder referenceFilter(String referenceFilter) {
        this.referenceFilter = referenceFilter;
        return this;
      }

      /** Sets {@code smoothing}. */
      public Builder smoothing(Smoothing smoothing) {
        this.smoothing = smoothing;
        return this;
      }

      /** Sets {@code unit}. */
      public Builder unit(LogBase unit) {
        this.unit = unit;
        return this;
      }

      /** Sets {@code confidenceLevel}. */
      public Builder confidenceLevel(double confidenceLevel) {
        this.confidenceLevel = confidenceLevel;
        return this;
      }

      /** Sets {@code output}. */
      public Builder output(String output) {
        this.output = output;
        return this;
      }

      /** Sets {@code outputTable}. */
      public Builder outputTable(String outputTable) {
        this.outputTable = outputTable;
        return this;
      }

      /** Sets {@code top}. */
      public Builder top(int top) {
        this.top = top;
        return this;
      }

      /** Sets {@code ranking}. */
      public Builder ranking(Ranking ranking) {
        this.ranking = ranking;
        return this;
      }

      /** Sets {@code minN}. */
      public Builder minN(double minN) {
        this.minN = minN;
        return this;
      }

      /** Sets {@code jobFile}. */
      public Builder jobFile(String jobFile) {
        this.jobFile = jobFile;
        return this;
      }

      /**
       * The settings.
       *
       * @throws IllegalStateException when {@code input}, {@code category} is not set
       */
      public Settings build() {
        if (input == null) {
          throw new IllegalStateException("Settings: input is not set");
        }
        if (category == null) {
          throw new IllegalStateException("Settings: category is not set");
        }
        return new Settings(
            input,
            format,
            groupBy,
            category,
            bucketSplits,
            weight,
            filter,
            model,
            renormalize,
            referenceFilter,
            smoothing,
            unit,
            confidenceLevel,
            output,
            outputTable,
            top,
            ranking,
            minN,
            jobFile);
      }
    }

    /** The report spec, with the model table read from {@link #model} (null without one). */
    public ReportSpec spec(Dataset<Row> modelTable) {
      ReportSpec.ModelSource source =
          model != null
              ? new ReportSpec.Table(
                  modelTable,
                  renormalize
                      ? ModelTable.Normalization.RENORMALIZE
                      : ModelTable.Normalization.STRICT)
              : new ReportSpec.Reference(referenceFilter);
      return new ReportSpec(
          groupBy, category, weight, filter, source, smoothing, unit, confidenceLevel);
    }

    /** The settings as {@code summary.json} records them. */
    public Map<String, Object> parameters() {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("input", input);
      p.put("format", format);
      p.put("group_by", groupBy);
      p.put("category", category.column());
      p.put("bucket_splits", bucketSplits);
      p.put("bucket_labels", category.buckets() == null ? null : category.buckets().labels());
      p.put("weight", weight);
      p.put("null_category", category.nullCategory());
      p.put("filter", filter);
      p.put("model", model);
      p.put("reference_filter", referenceFilter);
      p.put("renormalize", renormalize);
      p.put("smoothing", smoothing.spec());
      p.put("unit", unit.suffix());
      p.put("output", output);
      p.put("output_table", outputTable);
      p.put("confidence_level", confidenceLevel);
      p.put("rank_by", ranking.label());
      p.put("min_n", Summaries.count(minN));
      return p;
    }
  }

  /**
   * Computes the report, summarises it, checks it and publishes it: {@code report/} and {@code
   * summary.json} into the claimed output directory at once ({@link OutputCommit}), and the rows to
   * the output table in one commit ({@link OwnedTable#replace}, the summary JSON as its table
   * property {@value Tables#SUMMARY_PROPERTY}). The table is written first, the directory last.
   *
   * @param owned the claimed output directory, or null when there is none
   * @param table the claimed output table, or null when there is none
   * @param modelTable the model table read from {@link Settings#model}, or null without one
   * @return the summary written to {@code summary.json}
   * @throws KlsparkException on bad input, a run that evaluated nothing, or a model that shares no
   *     category with the data; the outputs are then left as they were
   */
  public static ReportSummary run(
      Settings s,
      OwnedOutput owned,
      OwnedTable table,
      Dataset<Row> input,
      Dataset<Row> modelTable,
      Instant started) {
    SparkSession spark = input.sparkSession();
    Dataset<Row> report = DivergenceReport.build(input, s.spec(modelTable));
    if (owned == null) {
      LOG.info("computing the report for {}", s.outputTable());
      try {
        JobPhase.KL_REPORT.begin(spark);
        return publish(s, null, null, table, input, modelTable, report.localCheckpoint(), started);
      } finally {
        JobPhase.end(spark);
      }
    }
    try (OutputCommit commit = owned.commit()) {
      String reportPath = commit.staging() + "/report";
      LOG.info("computing the report into {}", commit.staging());
      JobPhase.KL_REPORT.begin(spark);
      report.write().parquet(reportPath);
      Dataset<Row> written = spark.read().parquet(reportPath);
      ReportSummary summary = publish(s, owned, commit, table, input, modelTable, written, started);
      commit.commit();
      LOG.info("wrote {}", commit.target());
      return summary;
    } finally {
      JobPhase.end(spark);
    }
  }

  private static ReportSummary publish(
      Settings s,
      OwnedOutput owned,
      OutputCommit commit,
      OwnedTable table,
      Dataset<Row> input,
      Dataset<Row> modelTable,
      Dataset<Row> written,
      Instant started) {
    SparkSession spark = input.sparkSession();
    JobPhase.KL_SUMMARY.begin(spark);
    ReportSummary summary =
        ReportSummary.of(written, s.unit().suffix(), s.top(), s.ranking(), s.minN());
    JobPhase.KL_CHECKS.begin(spark);
    refuseEmpty(s, summary, input);
    refuseDisjoint(s, summary, written);
    Map<String, Object> json =
        json(s, summary, started, owned == null ? UUID.randomUUID().toString() : owned.runId());
    if (table != null) {
      table.replace(
          written,
          Map.of(
              Tables.SUMMARY_PROPERTY, new String(Summaries.json(json), StandardCharsets.UTF_8)));
      LOG.info("wrote the table {}", table.name());
    }
    if (commit != null) {
      Summaries.write(owned.fs(), new Path(commit.stagingPath(), "summary.json"), json);
      Summaries.writeText(
          owned.fs(),
          new Path(commit.stagingPath(), HTML),
          html(s, summary, written, input, modelTable));
    }
    return summary;
  }

  /** The HTML report's file name in the output. */
  public static final String HTML = "report.html";

  /**
   * The HTML report ({@link DivergenceHtml}) from bounded data: the summary's top groups, a
   * histogram of KL over the groups, the count of significant groups, and the cells of the first
   * {@link DivergenceHtml#CHART_GROUPS} ok groups of the top list.
   */
  private static String html(
      Settings s,
      ReportSummary summary,
      Dataset<Row> written,
      Dataset<Row> input,
      Dataset<Row> modelTable) {
    String u = s.unit().suffix();
    ReportHistogram hist = ReportHistogram.of(written, "kl_divergence_" + u, 20);
    Row tested =
        written
            .agg(
                org.apache.spark.sql.functions.count(
                    org.apache.spark.sql.functions.col("p_value_adjusted")),
                org.apache.spark.sql.functions.count(
                    org.apache.spark.sql.functions.when(
                        org.apache.spark.sql.functions.col("p_value_adjusted").lt(0.05), 1)))
            .first();
    List<String> labels = new java.util.ArrayList<>();
    List<List<Object>> groups = new java.util.ArrayList<>();
    for (Map<String, Object> r : summary.top()) {
      if (ReportColumns.OK.equals(r.get("status")) && groups.size() < DivergenceHtml.CHART_GROUPS) {
        labels.add(DivergenceHtml.label(s.groupBy(), r));
        groups.add(DivergenceHtml.values(s.groupBy(), r));
      }
    }
    List<dev.klspark.spark.engine.GroupComparison.Aligned> dist =
        groups.isEmpty()
            ? List.of()
            : DivergenceReport.distributions(input, s.spec(modelTable), groups);
    return DivergenceHtml.render(
        new DivergenceHtml.Page(
            s,
            summary,
            hist,
            tested.getLong(1),
            tested.getLong(0),
            labels,
            dist,
            PageFooter.now(
                s.input(), PageFooter.Link.parquet("report", "Parquet, one row per group"))));
  }

  /**
   * A model that gives probability 0 to every observed row of every group (unseen_mass = 1 in each
   * ok group) shares no category with the data: a mistake (labels or bucket names that differ), not
   * a finding.
   */
  private static void refuseDisjoint(Settings s, ReportSummary summary, Dataset<Row> report) {
    if (summary.statusCounts().getOrDefault(ReportColumns.OK, 0L) > 0
        && report.where("status = 'ok' AND unseen_mass < 1").isEmpty()) {
      throw new KlsparkException(
          "the model gives probability 0 to every observed category in every group (unseen_mass"
              + " = 1): its categories and the data's share no value; check the model's category"
              + " labels against --category"
              + (s.category().buckets() == null ? "" : " and --bucket-labels"));
    }
  }

  /**
   * A run that evaluated nothing, or found a model for no group, is an error (nothing published).
   */
  private static void refuseEmpty(Settings s, ReportSummary summary, Dataset<Row> input) {
    boolean noRows = summary.groups() == 0 || summary.observedRows() + summary.nullRows() == 0;
    if (noRows
        && s.weight() != null
        && summary.groups() > 0
        && !input.where(Conditions.parse(input, s.filter(), "--filter")).isEmpty()) {
      throw new KlsparkException(
          "every evaluated row has weight 0 in --weight column '"
              + s.weight()
              + "'; expected some weight > 0");
    }
    if (noRows) {
      throw new KlsparkException(
          "no rows to evaluate: the input "
              + s.input()
              + (s.filter() == null
                  ? " is empty"
                  : " has no rows matching --filter '" + s.filter() + "'"));
    }
    long missing = summary.statusCounts().getOrDefault(Status.MISSING_MODEL.label(), 0L);
    long withRows =
        summary.groups() - summary.statusCounts().getOrDefault(Status.MISSING_DATA.label(), 0L);
    if (missing > 0 && missing == withRows) {
      throw new KlsparkException(
          "none of the "
              + missing
              + " groups has a model: "
              + (s.model() != null
                  ? "the model table "
                      + s.model()
                      + " is empty or its group values match none of the input's"
                  : "--reference-filter '"
                      + s.referenceFilter()
                      + "' matches no rows of the input "
                      + s.input()));
    }
  }

  private static Map<String, Object> json(
      Settings s, ReportSummary summary, Instant started, String runId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job", "kl-report");
    Summaries.stamp(m, runId);
    m.put("started", started.toString());
    m.put("finished", Instant.now().toString());
    m.put("parameters", s.parameters());
    Map<String, Object> rows = new LinkedHashMap<>();
    rows.put("observed", Summaries.count(summary.observedRows()));
    rows.put("null_category", Summaries.count(summary.nullRows()));
    rows.put("in_ok_groups", Summaries.count(summary.okRows()));
    m.put("rows", rows);
    Map<String, Object> groups = new LinkedHashMap<>();
    groups.put("total", summary.groups());
    groups.put("by_status", summary.statusCounts());
    m.put("groups", groups);
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put(
        "description",
        "n-weighted means over groups with status ok: conditional entropy H(C|G), mean NLL of the"
            + " evaluated rows = cross entropy, conditional KL, mean JS");
    totals.putAll(summary.conditional());
    m.put("totals", totals);
    m.put("top_groups_ranked_by", summary.ranking().label());
    m.put("top_groups_min_n", Summaries.count(summary.minN()));
    m.put("top_groups", summary.top());
    return m;
  }
}

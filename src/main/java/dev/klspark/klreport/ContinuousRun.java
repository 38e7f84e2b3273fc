package dev.klspark.klreport;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.klspark.KlsparkException;
import dev.klspark.cli.CategoryOptions;
import dev.klspark.cli.CommonSettings;
import dev.klspark.html.PageFooter;
import dev.klspark.math.LogBase;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.engine.JobPhase;
import dev.klspark.spark.engine.ReportColumns;
import dev.klspark.spark.engine.ReportHistogram;
import dev.klspark.spark.engine.ReportPlans;
import dev.klspark.spark.engine.ValueStream;
import dev.klspark.spark.publish.OutputCommit;
import dev.klspark.spark.publish.OwnedOutput;
import dev.klspark.spark.publish.OwnedTable;
import dev.klspark.spark.publish.Summaries;
import dev.klspark.spark.publish.Tables;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One continuous kl-report run ({@code --value}) in its layer: the report of the current against
 * the reference values ({@link ContinuousReport}), written with its {@code summary.json} and {@code
 * report.html} into the claimed output and published at once, after the checks that the run
 * compared something. {@code jobs/kl-report} parses and resolves the settings, claims the output,
 * reads the input, calls {@link #run} and prints {@link ContinuousText}.
 */
public final class ContinuousRun {
  private static final Logger LOG = LoggerFactory.getLogger(ContinuousRun.class);

  /** The HTML report's file name in the output. */
  public static final String HTML = "report.html";

  /** How many of the top groups get an ECDF chart. */
  static final int CHART_GROUPS = 4;

  /** Probabilities at which the charted groups' distribution functions are drawn. */
  static final int CHART_POINTS = 101;

  private ContinuousRun() {}

  /**
   * The resolved settings of one run.
   *
   * @param input the input path or table, as given
   * @param format {@code parquet}, {@code csv} or {@code json}
   * @param value the numeric column
   * @param filter the current rows, or null for all
   * @param referenceFilter the reference rows
   * @param k the neighbour rank of the k-NN KL
   * @param output the output directory, or null when the report goes to {@code outputTable} only
   * @param outputTable the output table, or null
   * @param top how many top groups the summary lists
   * @param jobFile the job file, or null
   */
  public record Settings(
      String input,
      String format,
      List<String> groupBy,
      String value,
      String filter,
      String referenceFilter,
      int k,
      LogBase unit,
      double confidenceLevel,
      String output,
      String outputTable,
      int top,
      ContinuousRanking ranking,
      long minN,
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
      private String value;
      private String filter;
      private String referenceFilter;
      private int k = CommonSettings.KNN_K.defaultValue();
      private LogBase unit = LogBase.parse(CategoryOptions.UNIT.defaultValue());
      private double confidenceLevel = CategoryOptions.CONFIDENCE_LEVEL.defaultValue();
      private String output;
      private String outputTable;
      private int top = KlReportJob.TOP.defaultValue();
      private ContinuousRanking ranking = ContinuousRanking.KS_CI_LOW;
      private long minN = (long) (double) KlReportJob.MIN_N.defaultValue();
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

      /** Sets {@code value}. */
      public Builder value(String value) {
        this.value = value;
        return this;
      }

      /** Sets {@code filter}. */
      public Builder filter(String filter) {
        this.filter = filter;
        return this;
      }

      /** Sets {@code referenceFilter}. */
      public Builder referenceFilter(String referenceFilter) {
        this.referenceFilter = referenceFilter;
        return this;
      }

      /** Sets {@code k}. */
      public Builder k(int k) {
        this.k = k;
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
      public Builder ranking(ContinuousRanking ranking) {
        this.ranking = ranking;
        return this;
      }

      /** Sets {@code minN}. */
      public Builder minN(long minN) {
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
       * @throws IllegalStateException when {@code input}, {@code value}, {@code referenceFilter} is
       *     not set
       */
      public Settings build() {
        if (input == null) {
          throw new IllegalStateException("Settings: input is not set");
        }
        if (value == null) {
          throw new IllegalStateException("Settings: value is not set");
        }
        if (referenceFilter == null) {
          throw new IllegalStateException("Settings: referenceFilter is not set");
        }
        return new Settings(
            input,
            format,
            groupBy,
            value,
            filter,
            referenceFilter,
            k,
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

    /** The report spec. */
    public ContinuousReport.Spec spec() {
      return new ContinuousReport.Spec(
          groupBy, value, filter, referenceFilter, k, unit, confidenceLevel);
    }

    /** The settings as {@code summary.json} records them. */
    public Map<String, Object> parameters() {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("input", input);
      p.put("format", format);
      p.put("group_by", groupBy);
      p.put("value", value);
      p.put("filter", filter);
      p.put("reference_filter", referenceFilter);
      p.put("knn_k", k);
      p.put("unit", unit.suffix());
      p.put("output", output);
      p.put("output_table", outputTable);
      p.put("confidence_level", confidenceLevel);
      p.put("rank_by", ranking.label());
      p.put("min_n", minN);
      return p;
    }
  }

  /**
   * Computes the report, summarises it, checks it and publishes it: {@code report/}, {@code
   * summary.json} and {@code report.html} into the claimed output directory at once, and the rows
   * to the output table in one commit (the table first, the directory last).
   *
   * @param owned the claimed output directory, or null when there is none
   * @param table the claimed output table, or null when there is none
   * @return the summary written to {@code summary.json}
   * @throws KlsparkException on bad input, or a run that compared nothing; the outputs are then
   *     left as they were
   */
  public static ContinuousSummary run(
      Settings s, OwnedOutput owned, OwnedTable table, Dataset<Row> input, Instant started) {
    SparkSession spark = input.sparkSession();
    Dataset<Row> report = ContinuousReport.build(input, s.spec());
    try {
      JobPhase.KL_VALUES.begin(spark);
      if (owned == null) {
        LOG.info("computing the report for {}", s.outputTable());
        return publish(s, null, null, table, input, report.localCheckpoint(), started);
      }
      try (OutputCommit commit = owned.commit()) {
        String reportPath = commit.staging() + "/report";
        LOG.info("computing the report into {}", commit.staging());
        report.write().parquet(reportPath);
        Dataset<Row> written = spark.read().parquet(reportPath);
        ContinuousSummary summary = publish(s, owned, commit, table, input, written, started);
        commit.commit();
        LOG.info("wrote {}", commit.target());
        return summary;
      }
    } finally {
      JobPhase.end(spark);
    }
  }

  private static ContinuousSummary publish(
      Settings s,
      OwnedOutput owned,
      OutputCommit commit,
      OwnedTable table,
      Dataset<Row> input,
      Dataset<Row> written,
      Instant started) {
    SparkSession spark = input.sparkSession();
    JobPhase.KL_SUMMARY.begin(spark);
    ContinuousSummary summary =
        ContinuousSummary.of(written, s.unit().suffix(), s.top(), s.ranking(), s.minN());
    refuseEmpty(s, summary);
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
      JobPhase.KL_VALUES_CHART.begin(spark);
      Summaries.writeText(
          owned.fs(), new Path(commit.stagingPath(), HTML), html(s, summary, written, input));
    }
    return summary;
  }

  /** A run that compared nothing is an error (nothing published). */
  private static void refuseEmpty(Settings s, ContinuousSummary summary) {
    if (summary.currentValues() == 0) {
      throw new KlsparkException(
          "no finite value of --value column '"
              + s.value()
              + "' in the current rows: the input "
              + s.input()
              + (s.filter() == null
                  ? " has none"
                  : " has none in the rows matching --filter '" + s.filter() + "'")
              + (summary.nullValues() + summary.nonFiniteValues() > 0
                  ? " ("
                      + summary.nullValues()
                      + " null, "
                      + summary.nonFiniteValues()
                      + " NaN or infinite)"
                  : ""));
    }
    if (summary.referenceValues() == 0) {
      throw new KlsparkException(
          "no finite value of --value column '"
              + s.value()
              + "' in the reference rows: --reference-filter '"
              + s.referenceFilter()
              + "' matches none of the input "
              + s.input()
              + " with a finite value");
    }
  }

  private static Map<String, Object> json(
      Settings s, ContinuousSummary summary, Instant started, String runId) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job", "kl-report");
    Summaries.stamp(m, runId);
    m.put("started", started.toString());
    m.put("finished", Instant.now().toString());
    m.put("parameters", s.parameters());
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("current", summary.currentValues());
    values.put("reference", summary.referenceValues());
    values.put("null", summary.nullValues());
    values.put("non_finite", summary.nonFiniteValues());
    m.put("values", values);
    Map<String, Object> groups = new LinkedHashMap<>();
    groups.put("total", summary.groups());
    groups.put("by_status", summary.statusCounts());
    groups.put("tested", summary.tested());
    groups.put("significant_at_0.05", summary.significant());
    m.put("groups", groups);
    m.put("top_groups_ranked_by", summary.ranking().label());
    m.put("top_groups_min_n", summary.minN());
    m.put("top_groups", summary.top());
    return m;
  }

  /**
   * The HTML report from bounded data: the summary's top groups, a histogram of the KS statistic
   * over the groups, and {@value #CHART_POINTS} quantiles of each side of the first {@value
   * #CHART_GROUPS} ok groups of the top list (Spark's {@code percentile_approx}, relative rank
   * error 1e-4).
   */
  private static String html(
      Settings s, ContinuousSummary summary, Dataset<Row> written, Dataset<Row> input) {
    ReportHistogram hist = ReportHistogram.of(written, "ks_statistic", 20);
    List<Map<String, Object>> charted = new ArrayList<>();
    for (Map<String, Object> r : summary.top()) {
      if (ReportColumns.OK.equals(r.get("status")) && charted.size() < CHART_GROUPS) {
        charted.add(r);
      }
    }
    return ContinuousHtml.render(
        new ContinuousHtml.Page(
            s,
            summary,
            hist,
            charted,
            quantiles(s, input, charted),
            PageFooter.now(
                s.input(), PageFooter.Link.parquet("report", "Parquet, one row per group"))));
  }

  /** Per charted group (same order): the current's and the reference's quantiles, or nulls. */
  static List<double[][]> quantiles(
      Settings s, Dataset<Row> input, List<Map<String, Object>> charted) {
    if (charted.isEmpty()) {
      return List.of();
    }
    Column wanted = lit(false);
    for (Map<String, Object> r : charted) {
      Column one = lit(true);
      for (String g : s.groupBy()) {
        one = one.and(InputColumns.column(g).eqNullSafe(lit(r.get(g))));
      }
      wanted = wanted.or(one);
    }
    Column current = ReportPlans.condition(input, s.filter(), "--filter");
    Column reference = ReportPlans.condition(input, s.referenceFilter(), "--reference-filter");
    Column v = InputColumns.column(s.value()).cast("double");
    Column finite =
        v.isNotNull()
            .and(functions.not(functions.isnan(v)))
            .and(functions.abs(v).lt(lit(Double.POSITIVE_INFINITY)));
    Column[] probs = new Column[CHART_POINTS];
    for (int i = 0; i < CHART_POINTS; i++) {
      probs[i] = lit(i / (double) (CHART_POINTS - 1));
    }
    List<Column> keys = new ArrayList<>();
    for (int i = 0; i < s.groupBy().size(); i++) {
      keys.add(InputColumns.column(s.groupBy().get(i)).cast("string").as("__k" + i));
    }
    List<Column> sel = new ArrayList<>(keys);
    sel.add(v.as("__v"));
    sel.add(ValueStream.sides(current, reference).as("__current"));
    List<Column> by = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      by.add(col("__k" + i));
    }
    by.add(col("__current"));
    List<Row> rows =
        input
            .where(wanted.and(finite))
            .select(sel.toArray(new Column[0]))
            .groupBy(by.toArray(new Column[0]))
            .agg(functions.percentile_approx(col("__v"), functions.array(probs), lit(10000)))
            .collectAsList();
    List<double[][]> out = new ArrayList<>();
    int nk = s.groupBy().size();
    for (Map<String, Object> r : charted) {
      double[][] sides = new double[2][];
      for (Row q : rows) {
        boolean same = true;
        for (int i = 0; i < nk; i++) {
          Object want = r.get(s.groupBy().get(i));
          String got = q.isNullAt(i) ? null : q.getString(i);
          same &= want == null ? got == null : String.valueOf(want).equals(got);
        }
        if (same) {
          List<Double> qs = q.getList(nk + 1);
          sides[q.getBoolean(nk) ? 0 : 1] = qs.stream().mapToDouble(Double::doubleValue).toArray();
        }
      }
      out.add(sides);
    }
    return out;
  }
}

package dev.klspark.job;

import dev.klspark.KlsparkException;
import dev.klspark.config.JobSettings;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.publish.OwnedOutput;
import dev.klspark.spark.report.drift.DriftEvaluation;
import dev.klspark.spark.report.drift.DriftMetric;
import dev.klspark.spark.report.drift.DriftRun;
import dev.klspark.spark.report.drift.DriftStatus;
import dev.klspark.spark.report.drift.DriftThresholds;
import dev.klspark.spark.report.drift.MonitoredColumn;
import dev.klspark.spark.report.drift.Slices;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jobs/data-quality}: the scheduled per-group drift report between a reference and a current
 * slice, with thresholds, a history partitioned by report date, a JSON summary, an HTML report and
 * exit codes a scheduler can act on.
 *
 * <p>Exit codes (this job's own, see README "jobs/data-quality"): {@value #OK} ok (or warnings
 * without {@code fail-on-warn}); {@value #WARN} warnings with {@code fail-on-warn}; {@value #FAIL}
 * a failing check (enough failing groups, an empty current slice, no data for the date); {@value
 * #JOB_ERROR} a job error (bad job file, bad input, missing or retyped column, I/O, a held lock, an
 * internal error) that leaves the output as it was; {@value #USAGE} an invalid command line
 * (sysexits EX_USAGE, so that it never reads as a failing check).
 */
@Command(
    name = "data-quality",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Per-group drift (KL both ways, JS, PSI, Hellinger, total variation, G-test with BH"
          + " adjustment) between a reference and a current slice, with thresholds and a history.",
      "Settings: a flag overrides the job file (--config), which overrides the default.",
      "Exit codes: 0 ok, 1 warn (with fail-on-warn), 2 failing check, 3 job error, 64 usage."
    })
public final class DataQualityJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(DataQualityJob.class);

  /** Every check passed (or only warnings, without {@code fail-on-warn}). */
  public static final int OK = ExitCodes.OK;

  /** Warnings and {@code fail-on-warn: true}. */
  public static final int WARN = ExitCodes.FINDING;

  /** A failing check. */
  public static final int FAIL = ExitCodes.CHECK_FAILED;

  /** A job error; the output was left as it was. */
  public static final int JOB_ERROR = ExitCodes.BAD_INPUT;

  /** Invalid command line. */
  public static final int USAGE = ExitCodes.USAGE;

  /** Job-file keys (= long flag names, plus the structured ones that only a job file can hold). */
  static final Set<String> KEYS =
      Set.of(
          "date",
          "input",
          "format",
          "reference-input",
          "reference-format",
          "date-column",
          "group-by",
          "columns",
          "current",
          "reference",
          "reference-filter",
          "filter",
          "smoothing",
          "min-sample-size",
          "significance",
          "thresholds",
          "column-thresholds",
          "group-thresholds",
          "fail-run-groups",
          "fail-on-warn",
          "main-metric",
          "chart-groups",
          "output",
          "master",
          "confidence-level");

  @picocli.CommandLine.Mixin VerboseOption verbose;

  @Option(names = "--config", paramLabel = "FILE", description = "Job file (YAML or JSON).")
  Path config;

  @Option(
      names = "--date",
      paramLabel = "YYYY-MM-DD",
      description = "Logical date of the run (defines the slices; the history partition).")
  String date;

  @Option(names = "--input", paramLabel = "PATH", description = "Input rows.")
  String input;

  @Option(names = "--format", paramLabel = "FMT", description = "parquet (default), csv or json.")
  String format;

  @Option(
      names = "--reference-input",
      paramLabel = "PATH",
      description = "Separate reference rows (default: the input).")
  String referenceInput;

  @Option(
      names = "--reference-format",
      paramLabel = "FMT",
      description = "Format of --reference-input (default: --format).")
  String referenceFormat;

  @Option(
      names = "--date-column",
      paramLabel = "COL",
      description = "Date or timestamp column (default: date).")
  String dateColumn;

  @Option(
      names = "--group-by",
      paramLabel = "COLS",
      description = "Group columns (default: none, one overall group).")
  String groupBy;

  @Option(
      names = "--current",
      paramLabel = "SPEC",
      description = "day (default), week, month, days:N.")
  String current;

  @Option(
      names = "--reference",
      paramLabel = "SPEC",
      description =
          "previous-weeks:N (default 4), previous-days:N, same-month-earlier-years, baseline.")
  String reference;

  @Option(
      names = "--reference-filter",
      paramLabel = "SQL",
      description = "Baseline condition (with --reference baseline).")
  String referenceFilter;

  @Option(
      names = "--filter",
      paramLabel = "SQL",
      description = "Rows considered at all (both slices).")
  String filter;

  @Option(
      names = "--smoothing",
      paramLabel = "POLICY",
      description =
          "Zero policy on both sides: floor:EPS (default floor:1.0E-4), additive:ALPHA, none.")
  String smoothing;

  @Option(
      names = "--min-sample-size",
      paramLabel = "N",
      description = "Minimum non-null values on each side (default 100).")
  Integer minSampleSize;

  @Option(
      names = "--significance",
      paramLabel = "ALPHA",
      description =
          "Levels count only if the BH-adjusted p-value < ALPHA (default 0.05; 'none' to use levels alone).")
  String significance;

  @Option(
      names = "--confidence-level",
      paramLabel = "LEVEL",
      description = "Level of the interval for KL(current || reference) (default 0.95).")
  Double confidenceLevel;

  @Option(
      names = "--fail-run-groups",
      paramLabel = "N",
      description = "Failing groups that fail the run (default 1).")
  Integer failRunGroups;

  @Option(names = "--fail-on-warn", description = "Exit 1 when the verdict is warn.")
  Boolean failOnWarn;

  @Option(
      names = "--main-metric",
      paramLabel = "METRIC",
      description = "Metric of the charts and the ordering (default psi).")
  String mainMetric;

  @Option(
      names = "--chart-groups",
      paramLabel = "N",
      description = "Worst rows charted in the HTML report (default 6).")
  Integer chartGroups;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Output directory (default output/data-quality).")
  String output;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master when spark-submit did not set one (default local[*]).")
  String master;

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    JobErrors.main(new DataQualityJob(), "data-quality", args);
  }

  static int execute(String... args) {
    return execute(new PrintWriter(System.err, true), args);
  }

  /** Runs the command line and returns the exit code, errors printed to {@code err}. */
  static int execute(PrintWriter err, String... args) {
    return JobErrors.execute(new DataQualityJob(), "data-quality", err, args);
  }

  @Override
  public Integer call() {
    DriftRun.Settings o = JobErrors.usage(this::resolve);
    return run(JobSessions.create("klspark data-quality", o.master()), o, System.out).exitCode();
  }

  DriftRun.Settings resolve() {
    Map<String, Object> flags = new LinkedHashMap<>();
    put(flags, "date", date);
    put(flags, "input", input);
    put(flags, "format", format);
    put(flags, "reference-input", referenceInput);
    put(flags, "reference-format", referenceFormat);
    put(flags, "date-column", dateColumn);
    put(flags, "group-by", groupBy);
    put(flags, "current", current);
    put(flags, "reference", reference);
    put(flags, "reference-filter", referenceFilter);
    put(flags, "filter", filter);
    put(flags, "smoothing", smoothing);
    put(flags, "min-sample-size", minSampleSize);
    put(flags, "significance", significance);
    put(flags, "fail-run-groups", failRunGroups);
    put(flags, "confidence-level", confidenceLevel);
    put(flags, "fail-on-warn", failOnWarn);
    put(flags, "main-metric", mainMetric);
    put(flags, "chart-groups", chartGroups);
    put(flags, "output", output);
    put(flags, "master", master);
    return resolve(JobSettings.of(flags, config, KEYS));
  }

  private static void put(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  static DriftRun.Settings resolve(JobSettings s) {
    String d = s.string("date", null);
    if (d == null) {
      throw new KlsparkException("no date: pass --date YYYY-MM-DD (or date: in the job file)");
    }
    LocalDate day;
    try {
      day = LocalDate.parse(d.trim());
    } catch (DateTimeParseException e) {
      throw new KlsparkException("date '" + d + "' is not an ISO date; expected YYYY-MM-DD", e);
    }
    String in = s.path("input", null);
    if (in == null) {
      throw new KlsparkException("no input: pass --input PATH (or input: in the job file)");
    }
    if (!s.has("columns")) {
      throw new KlsparkException("no monitored columns: set columns: in the job file");
    }
    List<MonitoredColumn> cols = MonitoredColumn.parse(s.value("columns"));
    String fmt = format(s.string("format", "parquet"));
    String refIn = s.path("reference-input", null);
    String refFmt = format(s.string("reference-format", fmt));
    Slices slices =
        new Slices(
            s.string("current", "day").trim(),
            s.string("reference", refIn != null ? "baseline" : "previous-weeks:4").trim(),
            s.string("reference-filter", null),
            day);
    Smoothing smooth;
    try {
      smooth = Smoothing.parse(s.string("smoothing", "floor:1.0E-4"));
    } catch (IllegalArgumentException e) {
      throw new KlsparkException(e.getMessage(), e);
    }
    int min = s.integer("min-sample-size", 100);
    if (min < 1) {
      throw new KlsparkException("min-sample-size " + min + " is below 1; expected N >= 1");
    }
    Double alpha = 0.05;
    String sig = s.string("significance", "0.05").trim();
    if (sig.equalsIgnoreCase("none")) {
      alpha = null;
    } else {
      try {
        alpha = Double.parseDouble(sig);
      } catch (NumberFormatException e) {
        alpha = Double.NaN;
      }
      if (!(alpha > 0 && alpha <= 1)) {
        throw new KlsparkException(
            "significance '" + sig + "'; expected a level in (0, 1] or none");
      }
    }
    double level = s.number("confidence-level", 0.95);
    if (!(level > 0.0 && level < 1.0)) {
      throw new KlsparkException(
          "confidence-level " + level + " is not in (0, 1); expected e.g. 0.95");
    }
    DriftThresholds thresholds =
        DriftThresholds.parse(
            s.value("thresholds"), s.value("column-thresholds"), s.value("group-thresholds"));
    int failGroups = s.integer("fail-run-groups", 1);
    if (failGroups < 1) {
      throw new KlsparkException("fail-run-groups " + failGroups + " is below 1; expected N >= 1");
    }
    DriftMetric main;
    try {
      main = DriftMetric.of(s.string("main-metric", "psi").trim());
    } catch (IllegalArgumentException e) {
      throw new KlsparkException("main-metric: " + e.getMessage(), e);
    }
    int charts = s.integer("chart-groups", 6);
    if (charts < 0) {
      throw new KlsparkException("chart-groups " + charts + " is negative; expected N >= 0");
    }
    List<String> groups = s.columnNames("group-by");
    String out = s.path("output", "output/data-quality");
    String dateCol = s.string("date-column", "date");

    Map<String, Object> p = new LinkedHashMap<>();
    p.put("date", day.toString());
    p.put("input", in);
    p.put("format", fmt);
    p.put("reference_input", refIn);
    p.put("date_column", dateCol);
    p.put("group_by", groups);
    List<String> colSpecs = new ArrayList<>();
    cols.forEach(c -> colSpecs.add(c.name() + " (" + c.spec() + ")"));
    p.put("columns", colSpecs);
    p.put("current_slice", slices.currentText());
    p.put("reference_slice", slices.referenceText());
    p.put("filter", s.string("filter", null));
    p.put(
        "smoothing",
        smooth.spec() + " on both sides (G-test: raw current counts vs smoothed reference)");
    p.put("min_sample_size", min);
    p.put("significance", alpha);
    p.put("confidence_level", level);
    p.putAll(thresholds.toMap());
    p.put("fail_run_groups", failGroups);
    p.put("fail_on_warn", s.bool("fail-on-warn", false));
    p.put("main_metric", main.column());
    p.put("output", out);
    return new DriftRun.Settings(
        day,
        in,
        fmt,
        refIn,
        refFmt,
        dateCol,
        groups,
        cols,
        slices,
        s.string("filter", null),
        smooth,
        min,
        alpha,
        level,
        thresholds,
        failGroups,
        s.bool("fail-on-warn", false),
        main,
        charts,
        out,
        s.string("master", null),
        s.jobFile(),
        p);
  }

  private static String format(String f) {
    String fmt = f.toLowerCase(Locale.ROOT).trim();
    if (!List.of("parquet", "csv", "json").contains(fmt)) {
      throw new KlsparkException(
          "format '" + fmt + "' is not supported; expected parquet, csv or json");
    }
    return fmt;
  }

  /**
   * Claims the output, reads the inputs and runs the checks for one date ({@link DriftRun}).
   *
   * @throws KlsparkException on a job error; the output is then left as it was
   */
  static DriftRun.Outcome run(SparkSession spark, DriftRun.Settings o, PrintStream out) {
    Instant started = Instant.now();
    try (OwnedOutput owned =
        OwnedOutput.claim(
            spark.sparkContext().hadoopConfiguration(),
            "data-quality",
            o.output(),
            "--output",
            JobIo.inputs(
                "input",
                o.input(),
                "reference input",
                o.referenceInput(),
                "job file",
                o.jobFile()))) {
      Dataset<Row> in = JobIo.read(spark, o.input(), o.format(), "input");
      Dataset<Row> refIn =
          o.referenceInput() == null
              ? null
              : JobIo.read(spark, o.referenceInput(), o.referenceFormat(), "reference input");
      DriftRun.Outcome r = DriftRun.run(spark, o, owned, in, refIn, started);
      print(out, o, r.verdict(), r.exitCode(), r.rows(), r.output());
      LOG.info(
          "data-quality {}: {} (exit {})", o.date(), r.verdict().verdict().label(), r.exitCode());
      return r;
    }
  }

  private static void print(
      PrintStream out,
      DriftRun.Settings o,
      DriftEvaluation.RunVerdict v,
      int code,
      List<DriftEvaluation.Evaluated> rows,
      String output) {
    out.printf(
        Locale.ROOT,
        "data-quality %s: verdict %s (%s); exit %d; %d rows %s; output %s%n",
        o.date(),
        v.verdict().label(),
        v.reason(),
        code,
        rows.size(),
        v.byStatus(),
        output);
    List<DriftEvaluation.Evaluated> worst = new ArrayList<>();
    for (DriftEvaluation.Evaluated e : rows) {
      if (e.status() == DriftStatus.FAIL || e.status() == DriftStatus.WARN) {
        worst.add(e);
      }
    }
    worst.sort((a, b) -> Integer.compare(b.status().severity(), a.status().severity()));
    for (DriftEvaluation.Evaluated e : worst.subList(0, Math.min(15, worst.size()))) {
      out.printf(
          Locale.ROOT,
          "  %-5s %-10s %-20s %s%n",
          e.status().label(),
          e.input().column(),
          e.input().groupKey(),
          e.message());
    }
  }
}

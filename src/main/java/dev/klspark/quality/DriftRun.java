package dev.klspark.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klspark.KlsparkException;
import dev.klspark.cli.JobIo;
import dev.klspark.cli.TableOptions;
import dev.klspark.html.HtmlPage;
import dev.klspark.html.PageFooter;
import dev.klspark.spark.distribution.Conditions;
import dev.klspark.spark.distribution.InputColumns;
import dev.klspark.spark.engine.JobPhase;
import dev.klspark.spark.publish.OutputCommit;
import dev.klspark.spark.publish.OwnedOutput;
import dev.klspark.spark.publish.OwnedTable;
import dev.klspark.spark.publish.Summaries;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.LoggerFactory;

/**
 * One data-quality run in its layer: the slices of the input (and reference input), the bucket
 * edges fixed on the first run and stored, the drift metrics of every (column, group), their
 * evaluation against the thresholds, the verdict, the trend of the main metric over the history,
 * and the publication of the date's history partition, summary and HTML report. {@code
 * jobs/data-quality} ({@code dev.klspark.quality.DataQualityJob}) resolves the {@link
 * DriftSettings}, claims the output, reads the inputs, calls {@link #run} and prints.
 */
public final class DriftRun {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DriftRun.class);

  private DriftRun() {}

  /**
   * What a run decided and published.
   *
   * @param exitCode the scheduler's code: 0 ok (or warn without fail-on-warn), 1 warn with
   *     fail-on-warn, 2 fail or no_data
   * @param output the qualified output directory
   */
  public record Outcome(
      int exitCode,
      DriftEvaluation.RunVerdict verdict,
      List<DriftEvaluation.Evaluated> rows,
      String output) {}

  /**
   * Checks one date on rows already read, and publishes the date's history partition, summary and
   * HTML into the claimed output (its marker first, bucket edges before the parts).
   *
   * @param owned the claimed output (locked; checked to be data-quality's or free)
   * @param in the input rows
   * @param refIn the separate reference rows, or null to take the reference slice from {@code in}
   * @throws KlsparkException on a job error; the output is then left as it was
   */
  public static Outcome run(
      SparkSession spark,
      DriftSettings o,
      OwnedOutput owned,
      Dataset<Row> in,
      Dataset<Row> refIn,
      Instant started) {
    return run(spark, o, owned, null, in, refIn, started);
  }

  /**
   * As {@link #run(SparkSession, DriftSettings, OwnedOutput, Dataset, Dataset, Instant)}, with the
   * history in a catalog table when {@code historyTable} is not null: then {@code owned} is the
   * claim of {@code OUTPUT/runs/DATE} alone (so that runs of other dates go on at the same time),
   * the date's rows replace that {@code report_date}'s in the table in one commit ({@link
   * OwnedTable#replaceWhere}, the table created partitioned by {@code report_date} on the first
   * run), and the trend is read from the table. {@code bucket_edges.json} stays in {@code OUTPUT}.
   *
   * @param historyTable the history table, or null for {@code OUTPUT/history}
   * @throws KlsparkException on a job error; the output and the table are then left as they were
   */
  public static Outcome run(
      SparkSession spark,
      DriftSettings o,
      OwnedOutput owned,
      OwnedTable historyTable,
      Dataset<Row> in,
      Dataset<Row> refIn,
      Instant started) {
    try {
      return runPhases(spark, o, owned, historyTable, in, refIn, started);
    } finally {
      JobPhase.end(spark);
    }
  }

  private static Outcome runPhases(
      SparkSession spark,
      DriftSettings o,
      OwnedOutput owned,
      OwnedTable historyTable,
      Dataset<Row> in,
      Dataset<Row> refIn,
      Instant started) {
    FileSystem fs = owned.fs();
    org.apache.hadoop.fs.Path outPath =
        historyTable == null ? owned.path() : owned.path().getParent().getParent();
    String output = outPath.toString();
    // Sides: the current slice always comes from the input; the reference from the input or from
    // the separate reference input.
    Column keep = Conditions.parse(in, o.filter(), "filter");
    InputColumns ic = new InputColumns(in.schema(), "input");
    List<DriftReport.Side> sides = new ArrayList<>();
    Column refFilter;
    Dataset<Row> referenceRows;
    // The reference slice that fixes new quantile edges: the run's own, or bucket-edges-date's.
    Slices edgeSlices =
        o.bucketEdgesDate() == null ? o.slices() : o.slices().at(o.bucketEdgesDate());
    String edgesDate = edgeSlices.date().toString();
    if (refIn == null) {
      refFilter = Conditions.parse(in, o.slices().referenceFilter(), "reference-filter");
      Column cur = keep.and(o.slices().current(ic, o.dateColumn()));
      Column ref = keep.and(o.slices().reference(ic, o.dateColumn(), refFilter));
      sides.add(new DriftReport.Side(in, cur, ref, "input"));
      referenceRows = in.where(keep.and(edgeSlices.reference(ic, o.dateColumn(), refFilter)));
    } else {
      InputColumns ric = new InputColumns(refIn.schema(), "reference input");
      refFilter = Conditions.parse(refIn, o.slices().referenceFilter(), "reference-filter");
      Column keepRef = Conditions.parse(refIn, o.filter(), "filter");
      Column cur = keep.and(o.slices().current(ic, o.dateColumn()));
      Column ref = keepRef.and(o.slices().reference(ric, o.dateColumn(), refFilter));
      sides.add(new DriftReport.Side(in, cur, functions.lit(false), "input"));
      sides.add(new DriftReport.Side(refIn, functions.lit(false), ref, "reference input"));
      referenceRows =
          refIn.where(keepRef.and(edgeSlices.reference(ric, o.dateColumn(), refFilter)));
    }
    org.apache.hadoop.fs.Path edgesFile =
        new org.apache.hadoop.fs.Path(outPath, "bucket_edges.json");
    Map<String, Object> stored = readJson(fs, edgesFile);
    for (MonitoredColumn c : o.columns()) {
      // Every monitored column must exist on every side before any work (exit 3 otherwise).
      ic.field(c.name(), "monitored column");
    }
    // A value column must be numeric on every side, a prediction column hold distributions (with
    // labels for a vector or an array), also before any work.
    DriftReport.requireNumericValues(sides, o.columns());
    DriftPredictions.require(sides, o.columns());
    JobPhase.DQ_BUCKET_EDGES.begin(spark);
    BucketEdges.Resolution edges =
        BucketEdges.resolve(
            o.columns(), stored, referenceRows, edgesDate, o.bucketEdgesDate() != null);
    JobPhase.DQ_COMPARE.begin(spark);
    DriftComparison comparison = new DriftComparison(o.smoothing(), o.confidenceLevel());
    DriftReport.Metrics metrics =
        DriftReport.compute(sides, o.groupBy(), o.columns(), edges.buckets(), comparison);
    List<DriftEvaluation.Evaluated> rows =
        DriftEvaluation.evaluate(
            metrics.rows(), o.thresholds(), o.minSampleSize(), o.significance());
    DriftEvaluation.RunVerdict verdict =
        DriftEvaluation.verdict(rows, o.failRunGroups(), metrics.currentRows());
    int code =
        switch (verdict.verdict()) {
          case OK -> 0;
          case WARN -> o.failOnWarn() ? 1 : 0;
          case FAIL, NO_DATA -> 2;
        };

    String smoothingText = o.smoothing().spec();
    List<Row> historyRows =
        DriftHistory.rows(
            rows, smoothingText, o.slices().currentText(), o.slices().referenceText());
    var schema = DriftHistory.schema(o.groupBy());

    // Trend of the main metric: earlier (and later) dates from the history, this date from the
    // run.
    JobPhase.DQ_TREND.begin(spark);
    Map<String, TreeMap<LocalDate, Double>> trend =
        trend(
            historyTable == null
                ? DriftHistory.read(spark, output, o.groupBy(), o.date())
                : DriftHistory.readTable(spark, historyTable.name(), o.groupBy(), o.date()),
            o,
            rows);
    JobPhase.end(spark);
    Map<String, Object> params = new LinkedHashMap<>(o.parameters());
    edges.buckets().forEach((c, b) -> params.put("bucket edges of " + c, DriftFormat.splits(b)));
    Map<String, DriftThresholds.Level> levels = new LinkedHashMap<>();
    for (DriftEvaluation.Evaluated e : DriftHtml.worst(rows, o.mainMetric(), o.chartGroups())) {
      levels.put(
          DriftHtml.seriesKey(e.input().column(), e.input().groupKey()),
          o.thresholds().levels(e.input().column(), e.input().groupKey()).get(o.mainMetric()));
    }
    String html =
        DriftHtml.render(
            new DriftHtml.Page(
                o.date(),
                verdict,
                params,
                o.mainMetric(),
                o.chartGroups(),
                trend,
                levels,
                historyTable == null
                    ? PageFooter.now(
                        o.input(),
                        new PageFooter.Link(
                            DriftHistory.partitionName(o.date()),
                            "../../" + DriftHistory.partitionName(o.date()) + "/",
                            "Parquet, this date's rows"))
                    : PageFooter.now(o.input())),
            rows);
    Map<String, Object> summary =
        summary(o, verdict, code, rows, metrics.currentRows(), started, edges);

    if (historyTable == null) {
      owned.markContainer();
    }
    boolean edgesCreated = false;
    Map<String, Object> toWrite =
        edges.store().equals(stored)
            ? null
            : BucketEdges.reconcile(stored, readJson(fs, edgesFile), edges.store());
    if (toWrite != null) {
      edgesCreated = !exists(fs, edgesFile);
      // Before the parts: history rows never refer to edges that were not stored. A temporary
      // file of this run's own (runs of other dates may write at the same time with a history
      // table).
      org.apache.hadoop.fs.Path tmp =
          new org.apache.hadoop.fs.Path(
              outPath, ".bucket_edges.json." + java.util.UUID.randomUUID() + ".tmp");
      // Raw: no checksum sidecar for a file that is renamed outside Hadoop.
      writeBytes(dev.klspark.spark.publish.OutputMarker.raw(fs), tmp, Summaries.json(toWrite));
      try {
        replace(fs, tmp, edgesFile);
      } catch (IOException e) {
        throw new KlsparkException("cannot write " + edgesFile + ": " + e.getMessage(), e);
      }
    }
    boolean published = false;
    if (historyTable != null) {
      try (OutputCommit run = owned.commit()) {
        Summaries.stamp(summary, owned.runId());
        writeRun(fs, run, summary, html);
        historyTable.replaceWhere(
            spark
                .createDataFrame(historyRows, schema)
                .withColumn("report_date", functions.lit(java.sql.Date.valueOf(o.date()))),
            "report_date",
            java.sql.Date.valueOf(o.date()));
        published = true;
        run.commit();
      } finally {
        if (!published && edgesCreated) {
          delete(fs, edgesFile);
        }
      }
      return new Outcome(code, verdict, rows, owned.path().toString());
    }
    try (OutputCommit part = owned.commitInside(DriftHistory.partitionName(o.date()));
        OutputCommit run = owned.commitInside("runs/" + o.date())) {
      JobPhase.DQ_HISTORY.begin(spark);
      DriftHistory.stage(
          spark,
          part.staging(),
          historyRows,
          schema,
          "no data for " + o.date() + ": " + verdict.reason());
      JobPhase.end(spark);
      Summaries.stamp(summary, owned.runId());
      writeRun(fs, run, summary, html);
      part.commit();
      published = true;
      run.commit();
      publishIndex(owned);
    } finally {
      if (!published && edgesCreated) {
        delete(fs, edgesFile); // a first run that published nothing leaves no edges
      }
    }
    return new Outcome(code, verdict, rows, output);
  }

  /** Writes {@code summary.json} and {@code report.html} into the run's staging directory. */
  private static void writeRun(
      FileSystem fs, OutputCommit run, Map<String, Object> summary, String html) {
    writeBytes(
        fs, new org.apache.hadoop.fs.Path(run.staging(), "summary.json"), Summaries.json(summary));
    writeBytes(
        fs,
        new org.apache.hadoop.fs.Path(run.staging(), "report.html"),
        html.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, TreeMap<LocalDate, Double>> trend(
      Dataset<Row> history, DriftSettings o, List<DriftEvaluation.Evaluated> rows) {
    Map<String, TreeMap<LocalDate, Double>> trend = new LinkedHashMap<>();
    List<DriftEvaluation.Evaluated> worst = DriftHtml.worst(rows, o.mainMetric(), o.chartGroups());
    if (worst.isEmpty()) {
      return trend;
    }
    Column wanted = functions.lit(false);
    for (DriftEvaluation.Evaluated e : worst) {
      String key = DriftHtml.seriesKey(e.input().column(), e.input().groupKey());
      trend.put(key, new TreeMap<>());
      trend.get(key).put(o.date(), DriftEvaluation.value(e, o.mainMetric()));
      wanted =
          wanted.or(
              functions
                  .col("column")
                  .equalTo(e.input().column())
                  .and(functions.col("group_key").equalTo(e.input().groupKey())));
    }
    List<Row> past =
        history
            .where(wanted)
            .select(
                functions.col("report_date"),
                functions.col("column"),
                functions.col("group_key"),
                functions.col(o.mainMetric().column()))
            .collectAsList();
    for (Row r : past) {
      String key = DriftHtml.seriesKey(r.getString(1), r.getString(2));
      LocalDate d = r.getDate(0).toLocalDate();
      trend.get(key).put(d, r.isNullAt(3) ? null : r.getDouble(3));
    }
    return trend;
  }

  private static Map<String, Object> summary(
      DriftSettings o,
      DriftEvaluation.RunVerdict v,
      int code,
      List<DriftEvaluation.Evaluated> rows,
      long currentRows,
      Instant started,
      BucketEdges.Resolution edges) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job", "data-quality");
    m.put("report_date", o.date().toString());
    m.put("started", started.toString());
    m.put("finished", Instant.now().toString());
    m.put("verdict", v.verdict().label());
    m.put("reason", v.reason());
    m.put("exit_code", code);
    m.put("rows", rows.size());
    m.put("current_slice_rows", currentRows);
    m.put("by_status", v.byStatus());
    m.put("failing_groups", v.failingGroups());
    m.put("parameters", o.parameters());
    Map<String, Object> b = new LinkedHashMap<>();
    edges.buckets().forEach((k, x) -> b.put(k, Summaries.numbers(x.splits())));
    m.put("bucket_edges", b);
    List<Map<String, Object>> flagged = new ArrayList<>();
    List<DriftEvaluation.Evaluated> sorted = new ArrayList<>(rows);
    sorted.sort((a, c) -> Integer.compare(c.status().severity(), a.status().severity()));
    for (DriftEvaluation.Evaluated e : sorted) {
      if (e.status() == DriftStatus.OK
          || e.status() == DriftStatus.INSUFFICIENT_DATA
          || flagged.size() >= 100) {
        continue;
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("column", e.input().column());
      r.put("group_key", e.input().groupKey());
      r.put("status", e.status().label());
      r.put("message", e.message());
      for (DriftMetric x : DriftMetric.values()) {
        Double val = DriftEvaluation.value(e, x);
        r.put(x.column(), val); // non-finite: "Infinity" (Summaries)
      }
      flagged.add(r);
    }
    m.put("flagged_rows", flagged);
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readJson(FileSystem fs, org.apache.hadoop.fs.Path p) {
    try {
      if (!fs.exists(p)) {
        return new LinkedHashMap<>();
      }
      try (InputStream is = fs.open(p)) {
        return new ObjectMapper().readValue(is, LinkedHashMap.class);
      }
    } catch (IOException e) {
      throw new KlsparkException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  private static boolean exists(FileSystem fs, org.apache.hadoop.fs.Path p) {
    try {
      return fs.exists(p);
    } catch (IOException e) {
      throw new KlsparkException("cannot inspect " + p + ": " + e.getMessage(), e);
    }
  }

  private static void delete(FileSystem fs, org.apache.hadoop.fs.Path p) {
    try {
      fs.delete(p, false);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", p, e.getMessage());
    }
  }

  /** Replaces {@code dst} by {@code src} in one rename where the file system can (locally). */
  private static void replace(
      FileSystem fs, org.apache.hadoop.fs.Path src, org.apache.hadoop.fs.Path dst)
      throws IOException {
    if ("file".equals(fs.getUri().getScheme())) {
      java.nio.file.Files.move(
          dev.klspark.spark.publish.LocalPaths.of(fs, src),
          dev.klspark.spark.publish.LocalPaths.of(fs, dst),
          java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      // A checksum sidecar of the replaced file (written by klspark 0.1) would no longer match.
      fs.delete(
          new org.apache.hadoop.fs.Path(dst.getParent(), "." + dst.getName() + ".crc"), false);
      return;
    }
    fs.delete(dst, false);
    if (!fs.rename(src, dst)) {
      throw new IOException("rename refused");
    }
  }

  private static void writeBytes(FileSystem fs, org.apache.hadoop.fs.Path p, byte[] bytes) {
    try (OutputStream os = fs.create(p, true)) {
      os.write(bytes);
    } catch (IOException e) {
      throw new KlsparkException("cannot write " + p + ": " + e.getMessage(), e);
    }
  }

  /**
   * Claims the output, reads the inputs and runs the checks for one date ({@link DriftRun}).
   *
   * @throws dev.klspark.KlsparkException on a job error; the output is then left as it was
   */
  public static Outcome execute(
      SparkSession spark, DriftSettings o, DataQualityTables.Resolved t, PrintStream out) {
    Instant started = Instant.now();
    try (OwnedOutput owned = claim(spark, o, t)) {
      OwnedTable history = history(spark, t);
      Dataset<Row> in = t.input().read(spark, o.format(), "input", "--input-table");
      Dataset<Row> refIn =
          t.referenceInput() == null
              ? null
              : t.referenceInput()
                  .read(spark, o.referenceFormat(), "reference input", "--reference-input-table");
      Outcome r = run(spark, o, owned, history, in, refIn, started);
      print(out, o.date(), r);
      // The logger only here: a static one would start log4j for --help too.
      LoggerFactory.getLogger(DataQualityJob.class)
          .info(
              "data-quality {}: {} (exit {})",
              o.date(),
              r.verdict().verdict().label(),
              r.exitCode());
      return r;
    }
  }

  /** The verdict line, then the failing and warning rows (at most 15, fail first). */
  private static void print(PrintStream out, LocalDate date, Outcome r) {
    DriftEvaluation.RunVerdict v = r.verdict();
    out.printf(
        Locale.ROOT,
        "data-quality %s: verdict %s (%s); exit %d; %d rows %s; output %s%n",
        date,
        v.verdict().label(),
        v.reason(),
        r.exitCode(),
        r.rows().size(),
        v.byStatus(),
        r.output());
    r.rows().stream()
        .filter(e -> e.status() == DriftStatus.FAIL || e.status() == DriftStatus.WARN)
        .sorted(Comparator.comparingInt(e -> -e.status().severity()))
        .limit(15)
        .forEach(
            e ->
                out.printf(
                    Locale.ROOT,
                    "  %-5s %-10s %-20s %s%n",
                    e.status().label(),
                    e.input().column(),
                    e.input().groupKey(),
                    e.message()));
    out.println("HTML report: " + JobIo.location(r.output(), "runs/" + date + "/report.html"));
    out.println("run index: " + JobIo.location(r.output(), DriftIndex.FILE));
  }

  /**
   * Claims the output: the whole {@code OUTPUT} with the path history, only {@code
   * OUTPUT/runs/DATE} with a history table (whose commits need no lock).
   */
  private static OwnedOutput claim(
      SparkSession spark, DriftSettings o, DataQualityTables.Resolved t) {
    String dir =
        t.historyTable() == null
            ? o.output()
            : new Path(new Path(o.output(), "runs"), o.date().toString()).toString();
    return TableOptions.claimDir(
        spark,
        "data-quality",
        dir,
        "input",
        t.input(),
        "reference input",
        t.referenceInput(),
        "job file",
        o.jobFile());
  }

  /**
   * Claims the history table, or null without one.
   *
   * @throws dev.klspark.KlsparkException when it is an input table or a table klspark did not
   *     create
   */
  private static OwnedTable history(SparkSession spark, DataQualityTables.Resolved t) {
    if (t.historyTable() == null) {
      return null;
    }
    return OwnedTable.claim(
        spark,
        t.historyTable(),
        "--history-table",
        List.of(
            new dev.klspark.spark.publish.OutputGuard.Input("input table", t.input().table()),
            new dev.klspark.spark.publish.OutputGuard.Input(
                "reference input table",
                t.referenceInput() == null ? null : t.referenceInput().table())));
  }

  /**
   * Regenerates and publishes the run index ({@link DriftIndex}). Never fails the run (the run's
   * own files are published by then): a problem is logged, and the next run writes the index again.
   *
   * @return whether the index was published
   */
  private static boolean publishIndex(OwnedOutput owned) {
    try {
      List<DriftIndex.Run> runs =
          DriftIndex.read(owned.fs(), new org.apache.hadoop.fs.Path(owned.path(), "runs"));
      boolean done =
          owned.publishFile(
              DriftIndex.FILE,
              DriftIndex.render(runs, Instant.now()).getBytes(StandardCharsets.UTF_8),
              HtmlPage.MARK);
      if (!done) {
        LOG.warn(
            "kept {}: it was not written by klspark; the run index was not updated",
            new org.apache.hadoop.fs.Path(owned.path(), DriftIndex.FILE));
      }
      return done;
    } catch (KlsparkException | IOException e) {
      LOG.warn("cannot write the run index {}: {}", DriftIndex.FILE, e.getMessage());
      return false;
    }
  }
}

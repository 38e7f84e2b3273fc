package dev.klspark.mle;

import dev.klspark.KlsparkException;
import dev.klspark.cli.CategoryOptions;
import dev.klspark.cli.JobIo;
import dev.klspark.cli.TableOptions;
import dev.klspark.html.PageFooter;
import dev.klspark.spark.publish.OutputCommit;
import dev.klspark.spark.publish.OwnedOutput;
import dev.klspark.spark.publish.OwnedTable;
import dev.klspark.spark.publish.Summaries;
import dev.klspark.spark.publish.Tables;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One mle-report run once its settings are resolved ({@link MleReportJob}). */
final class MleReportRun {
  private static final Logger LOG = LoggerFactory.getLogger(MleReportRun.class);
  private static final String NAME = "mle-report";

  private MleReportRun() {}

  /**
   * Claims the output directory and the output table (either may be absent), runs the reports
   * ({@link MleRun}, {@link GaussianReport}) and publishes them: the report rows to the table in
   * one commit ({@link OwnedTable#replace}, the summary JSON as its property {@value
   * Tables#SUMMARY_PROPERTY}), then {@code report/}, {@code predictions/}, {@code gaussian/} and
   * {@code summary.json} into the directory at once ({@link OutputCommit}).
   *
   * @return the content of {@code summary.json}
   * @throws KlsparkException on bad input, a refused output or a missing table; the outputs are
   *     then left as they were
   */
  static Map<String, Object> run(SparkSession spark, MleReportJob.Options o, PrintStream out) {
    Instant started = Instant.now();
    CategoryOptions.Resolved c = o.common();
    List<Object> in = new ArrayList<>(List.of("input", c.source()));
    o.candidates().models().forEach(m -> in.addAll(List.of("model table", m)));
    in.addAll(Arrays.asList("Gaussian model table", o.gaussian().model(), "job file", o.jobFile()));
    List<TableOptions.Source> tableInputs = new ArrayList<>(List.of(c.source()));
    o.candidates().tables().forEach(t -> tableInputs.add(new TableOptions.Source(null, t)));
    Map<String, Object> json = new LinkedHashMap<>();
    MleSummary summary;
    GaussianSummary gaussianSummary = null;
    try (OwnedOutput owned = TableOptions.claimDir(spark, NAME, o.output(), in.toArray())) {
      OwnedTable table = TableOptions.claimTable(spark, o.outputTable(), tableInputs);
      Dataset<Row> input = c.source().read(spark, c.format(), "input", "--input-table");
      MleSpec spec =
          new MleSpec(
              c.groupBy(),
              c.category(),
              c.filter(),
              o.candidates().candidates(spark, c.modelCategories()),
              c.unit(),
              c.confidenceLevel());
      MleRun mle = MleRun.plan(input, spec, o.candidates().referenceFilter(), o.classifier());
      Dataset<Row> gaussian =
          o.gaussian().column() == null
              ? null
              : GaussianReport.build(
                  input, o.gaussian().spec(spark, c.groupBy(), c.filter(), c.unit()));
      try (OutputCommit commit = owned == null ? null : owned.commit()) {
        String dir = commit == null ? null : commit.staging();
        LOG.info("computing the reports into {}", dir == null ? o.outputTable() : dir);
        summary = mle.write(spark, dir).orElse(null);
        if (gaussian != null) {
          Dataset<Row> g;
          if (dir == null) {
            g = gaussian.localCheckpoint();
          } else {
            gaussian.write().parquet(dir + "/gaussian");
            g = spark.read().parquet(dir + "/gaussian");
          }
          gaussianSummary = GaussianSummary.of(g, c.unit());
        }
        if (summary == null) {
          throw new KlsparkException(
              "no rows to evaluate: the input " + c.input() + " gives no group");
        }
        summary
            .modelsWithoutAnyGroup()
            .forEach(
                (id, groups) -> {
                  throw new KlsparkException(
                      String.format(
                          Locale.ROOT,
                          "model %s has a distribution for none of the %d groups: %s",
                          id,
                          groups,
                          o.candidates().source(id)));
                });
        json.put("job", NAME);
        json.put("started", started.toString());
        json.put("finished", Instant.now().toString());
        json.put("parameters", o.parameters());
        json.putAll(summary.json());
        if (dir != null) {
          mle.pipeline().ifPresent(m -> json.put("classifier_pipeline", m));
        }
        if (gaussianSummary != null) {
          json.put("gaussian", gaussianSummary.json());
        }
        JobIo.stamp(json, owned == null ? UUID.randomUUID().toString() : owned.runId());
        if (table != null) {
          table.replace(
              mle.report(),
              Map.of(
                  Tables.SUMMARY_PROPERTY,
                  new String(Summaries.json(json), StandardCharsets.UTF_8)));
          LOG.info("wrote the table {}", table.name());
        }
        if (commit != null) {
          JobIo.writeJson(spark, dir + "/summary.json", json);
          mle.writeHtml(
              owned.fs(),
              dir,
              summary,
              o.parameters(),
              PageFooter.now(
                  c.input(),
                  PageFooter.Link.parquet("report", "Parquet, one row per group and model")));
          commit.commit();
          LOG.info("wrote {}", commit.target());
        }
      }
    }
    String where =
        o.output() == null
            ? "table " + o.outputTable()
            : o.output() + (o.outputTable() == null ? "" : ", table " + o.outputTable());
    MleConsole.print(out, summary, where, o.gaussian().column(), gaussianSummary);
    return json;
  }
}

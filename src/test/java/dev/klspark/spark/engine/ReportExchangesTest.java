package dev.klspark.spark.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.klreport.DivergenceReport;
import dev.klspark.klreport.ReportSpec;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.mle.MleReport;
import dev.klspark.mle.MleSpec;
import dev.klspark.spark.compat.SparkCompat;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.distribution.ModelTable;
import dev.klspark.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.exchange.ShuffleExchangeExec;
import org.junit.jupiter.api.Test;

/**
 * The shuffles in the reports' physical plans, one by one: a change that adds an exchange (a join
 * that Spark plans as a sort-merge join, a filter that breaks exchange reuse, a second aggregation)
 * fails here instead of showing up only as a slower benchmark. Each exchange is named by its
 * partitioning with the attribute ids and the partition count left out.
 */
class ReportExchangesTest {
  private static final SparkSession spark = SparkTestSession.get();

  private static Dataset<Row> rows() {
    return spark.sql(
        "SELECT * FROM VALUES ('A','x'),('A','x'),('A','y'),('B','x'),('B',NULL),('C','y')"
            + " AS t(g, c)");
  }

  private static Dataset<Row> longTable() {
    return spark.sql(
        "SELECT * FROM VALUES ('A','x',0.5D),('A','y',0.5D),('B','x',0.9D),('B','y',0.1D)"
            + " AS m(g, category, probability)");
  }

  private static Dataset<Row> mapTable() {
    return spark.sql(
        "SELECT * FROM VALUES ('A', map('x',0.5D,'y',0.5D)), ('B', map('x',0.9D,'y',0.1D))"
            + " AS m(g, probability)");
  }

  private static ReportSpec spec(Dataset<Row> model) {
    return new ReportSpec(
        List.of("g"),
        new CategorySpec("c", null, null),
        null,
        null,
        new ReportSpec.Table(model, ModelTable.Normalization.STRICT),
        Smoothing.none(),
        LogBase.NATS);
  }

  /**
   * The shuffle exchanges of a Dataset's physical plan, planned without AQE: an exchange that Spark
   * reuses appears once (as itself) plus once per reuse ("reused ..."); the AQE plan before
   * execution lists it under every branch that reads it.
   */
  static List<String> shuffles(Dataset<Row> df) {
    String key = "spark.sql.adaptive.enabled";
    String before = spark.conf().get(key);
    spark.conf().set(key, "false");
    try {
      List<String> out = new ArrayList<>();
      reportShuffles(df, out);
      // A per-group step appears in the plan as a scan of its rows (StepRows).
      for (SparkPlan step : StepRows.plans(df, false)) {
        collect(step, out);
      }
      return out;
    } finally {
      spark.conf().set(key, before);
    }
  }

  /**
   * The exchanges of {@code df}'s own plan and, behind each p-value adjustment (a scan of its rows,
   * {@link AdjustedRows}), its shuffle and the exchanges of the report it adjusts.
   */
  private static void reportShuffles(Dataset<Row> df, List<String> out) {
    collect(SparkCompat.executedPlan(df.select("*")), out);
    for (Dataset<Row> report : AdjustedRows.sources(df)) {
      out.add(BY_P_VALUE_RANGE);
      reportShuffles(report, out);
    }
  }

  private static void collect(SparkPlan plan, List<String> out) {
    if (plan instanceof AdaptiveSparkPlanExec a) {
      collect(a.executedPlan(), out);
      return;
    }
    if (plan instanceof org.apache.spark.sql.execution.exchange.ReusedExchangeExec r) {
      out.add("reused " + name(r.child().outputPartitioning().toString()));
      return;
    }
    if (plan instanceof ShuffleExchangeExec e) {
      out.add(name(e.outputPartitioning().toString()));
    }
    for (SparkPlan child : SparkCompat.list(plan.children())) {
      collect(child, out);
    }
  }

  private static String name(String partitioning) {
    return partitioning
        .replaceAll("#\\d+L?", "")
        .replaceAll(", \\d+\\)$", ")")
        .replaceAll("^SinglePartition$", "single partition");
  }

  private static final String BY_P_VALUE_RANGE = "Benjamini-Hochberg: the report by p-value range";

  /**
   * Benjamini–Hochberg's shuffle: the report's rows, one per group, by p-value range ({@link
   * AdjustedRows}). Its jobs and rows read that one shuffle, so the report is computed once and a
   * report computed from a cached table or a sample ({@code rand() < f}) is adjusted consistently.
   */
  private static final List<String> BENJAMINI_HOCHBERG = List.of(BY_P_VALUE_RANGE);

  private static List<String> with(List<String> report) {
    List<String> all = new ArrayList<>(report);
    all.addAll(BENJAMINI_HOCHBERG);
    return all;
  }

  @Test
  void klReportWithAModelTableShufflesThePartialCountsByGroupOnly() {
    // Spark's partial counts go straight into the per-group step's shuffle (PartialCounts): no
    // shuffle by (group, category) and no final count before it.
    List<String> expected = with(List.of("hashpartitioning(__g0)"));
    assertThat(shuffles(DivergenceReport.build(rows(), spec(longTable()))))
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(shuffles(DivergenceReport.build(rows(), spec(mapTable()))))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void mleReportWithOneModelTableShufflesThePartialCountsByModelAndGroupOnly() {
    // As kl-report: the log-loss is computed in the step from the aligned cells, so no join of the
    // counts with q (and no shuffle by (group, category)) comes before it.
    MleSpec spec =
        new MleSpec(
            List.of("g"),
            new CategorySpec("c", null, null),
            null,
            List.of(new MleSpec.Table("m", longTable(), ModelTable.Normalization.STRICT)),
            LogBase.NATS);
    // The report comes out ordered by group and model: a range shuffle of its rows, one per
    // (group, model), after the adjustment.
    assertThat(shuffles(MleReport.build(rows(), spec)))
        .containsExactlyInAnyOrderElementsOf(
            with(
                List.of(
                    "hashpartitioning(__model_id, __g0)",
                    "rangepartitioning(g ASC NULLS FIRST, model_id ASC NULLS FIRST)")));
  }
}

package dev.klspark.bench;

import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.distribution.ModelTable;
import dev.klspark.spark.report.DivergenceReport;
import dev.klspark.spark.report.ReportSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jobs/bench}: the cost of a klspark report against the obvious alternatives, in one JVM and
 * one run, alternating, after a warm-up: (a) a bare {@code groupBy(group, category).count()}, (b)
 * the same KL report as hand-written Spark SQL (counts, window totals, join with the model, sum of
 * p ln(p/q)), (c) klspark's {@link DivergenceReport} with the model table. Every measurement writes
 * to Spark's {@code noop} sink, so each is a full execution without output I/O. Prints one line per
 * measurement, then medians and {@code ratio_report_vs_count=...}, {@code ratio_report_vs_sql=...}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Report cost vs bare Spark.")
public final class ReportBench implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "Rows (Parquet) with the group and category columns.")
  String input;

  @Option(names = "--model", required = true, description = "Model table (Parquet): group, category, probability.")
  String model;

  @Option(names = "--group", defaultValue = "group_id", description = "Group column (default: ${DEFAULT-VALUE}).")
  String group;

  @Option(names = "--category", defaultValue = "category", description = "Category column (default: ${DEFAULT-VALUE}).")
  String category;

  @Option(names = "--repetitions", defaultValue = "3", description = "Measured rounds (default: ${DEFAULT-VALUE}).")
  int repetitions;

  @Option(names = "--warmup", defaultValue = "1", description = "Warm-up rounds (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--explain", description = "Print the executed physical plan of each case once.")
  boolean explain;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ReportBench()).execute(args));
  }

  @Override
  public Integer call() {
    SparkSession spark = dev.klspark.job.JobSessions.create("klspark bench", null);
    Dataset<Row> rows = spark.read().parquet(input);
    Dataset<Row> modelTable = spark.read().parquet(model);
    rows.createOrReplaceTempView("bench_rows");
    modelTable.createOrReplaceTempView("bench_model");
    String g = "`" + group + "`";
    String c = "`" + category + "`";

    Map<String, Supplier<Dataset<Row>>> cases = new LinkedHashMap<>();
    cases.put("count", () -> rows.groupBy(group, category).count());
    cases.put(
        "sql",
        () ->
            spark.sql(
                "WITH counts AS (SELECT "
                    + g + " AS g, CAST(" + c + " AS STRING) AS c, count(*) AS cnt FROM bench_rows"
                    + " GROUP BY 1, 2),"
                    + " p AS (SELECT g, c, cnt / sum(cnt) OVER (PARTITION BY g) AS p FROM counts)"
                    + " SELECT p.g, sum(CASE WHEN m.probability > 0 THEN p.p * ln(p.p / m.probability)"
                    + " ELSE double('inf') END) AS kl FROM p LEFT JOIN bench_model m"
                    + " ON p.g = m." + g + " AND p.c = CAST(m.category AS STRING) GROUP BY p.g"));
    cases.put(
        "klspark",
        () ->
            DivergenceReport.build(
                rows,
                new ReportSpec(
                    List.of(group),
                    new CategorySpec(category, null, null),
                    null,
                    null,
                    new ReportSpec.Table(modelTable, ModelTable.Normalization.STRICT),
                    Smoothing.none(),
                    LogBase.NATS)));

    long inputRows = rows.count();
    System.out.printf(Locale.ROOT, "bench input=%s rows=%d cores=%d spark=%s%n", input, inputRows,
        Runtime.getRuntime().availableProcessors(), spark.version());
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    for (int round = 0; round < warmup + repetitions; round++) {
      for (Map.Entry<String, Supplier<Dataset<Row>>> e : cases.entrySet()) {
        long t0 = System.nanoTime();
        Dataset<Row> plan = e.getValue().get();
        plan.write().format("noop").mode("overwrite").save();
        double s = (System.nanoTime() - t0) / 1e9;
        if (explain && round == 0) {
          System.out.println("plan case=" + e.getKey());
          plan.explain("formatted");
        }
        boolean measured = round >= warmup;
        System.out.printf(Locale.ROOT, "%s round=%d case=%s seconds=%.3f%n",
            measured ? "measure" : "warmup", round, e.getKey(), s);
        if (measured) {
          seconds.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(s);
        }
      }
    }
    Map<String, Double> median = new LinkedHashMap<>();
    for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
      double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double m = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
      median.put(e.getKey(), m);
      System.out.printf(Locale.ROOT, "median case=%s seconds=%.3f min=%.3f max=%.3f rows_per_second=%.0f%n",
          e.getKey(), m, v[0], v[v.length - 1], inputRows / m);
    }
    System.out.printf(Locale.ROOT, "ratio_report_vs_count=%.3f%n", median.get("klspark") / median.get("count"));
    System.out.printf(Locale.ROOT, "ratio_report_vs_sql=%.3f%n", median.get("klspark") / median.get("sql"));
    System.out.println("samples " + Arrays.toString(seconds.entrySet().toArray()));
    return 0;
  }
}

package dev.klspark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.cli.ExitCodes;
import dev.klspark.datagen.GroupIdType;
import dev.klspark.datagen.SyntheticSpec;
import dev.klspark.datagen.ValueColumn;
import dev.klspark.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code jobs/bench} end to end on a tiny generated configuration, in the shared test session: all
 * six cases and the ratio lines, the data generated once and reused (and generated again when
 * incomplete), the session left running; and the command line alone (defaults, exclusive flags)
 * without Spark.
 */
class ReportBenchTest {
  private static final SparkSession spark = SparkTestSession.get();

  @TempDir Path tmp;

  private record Run(int code, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    int code;
    try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      code = ReportBench.execute(ps, new PrintWriter(err, true), args);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
  }

  private static ReportBench parse(String... args) {
    ReportBench bench = new ReportBench();
    new CommandLine(bench).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    return bench;
  }

  @Test
  void tinyConfigurationRunsAllCasesThenReusesItsData() throws IOException {
    String[] tiny = tiny("--repetitions", "1", "--warmup", "0");
    String dir = tmp.resolve("n2e3-g10-k5-gs1.1-cs1-hot0-seed42").toString();

    Run first = run(tiny);
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.lines().get(0))
        .startsWith("bench cores=")
        .contains(" max_heap_mb=", " java=", " spark=" + spark.version(), " master=local[2]")
        .contains(
            " rows=2000 groups=10 categories=5 ", " cases=count,sql,klspark,mle,compact,drift ");
    assertThat(first.out())
        .contains("generating data " + dir + "\n", "input_rows=2000\n")
        .doesNotContain("reusing data");
    for (String c : List.of("count", "sql", "klspark", "mle", "compact", "drift")) {
      assertThat(first.out())
          .containsPattern(
              "measure round=0 case=" + c + " seconds=\\S+ driver_heap_after_gc_max_mb=\\d")
          .containsPattern("median case=" + c + " .* driver_heap_after_gc_max_mb=\\d");
    }
    // The executors' CPU and run seconds of each case's tasks: positive, the CPU within the run.
    java.util.regex.Matcher task =
        java.util.regex.Pattern.compile(
                "measure round=0 case=(\\w+) .* task_cpu_seconds=(\\S+) task_seconds=(\\S+)")
            .matcher(first.out());
    int measured = 0;
    while (task.find()) {
      measured++;
      double cpu = Double.parseDouble(task.group(2));
      double run = Double.parseDouble(task.group(3));
      assertThat(cpu).as(task.group(1)).isPositive().isLessThanOrEqualTo(run + 1.0); // ms rounding
    }
    assertThat(measured).isEqualTo(6);
    for (String r : List.of("report_vs_count", "report_vs_sql", "mle_vs_count", "drift_vs_count")) {
      assertThat(first.out()).containsPattern("\ncpu_ratio_" + r + "=\\d+\\.\\d{3}\n");
    }
    List<String> lines = first.lines();
    assertThat(lines.subList(lines.size() - 5, lines.size()))
        .satisfiesExactly(
            l -> assertThat(l).startsWith("ratio_report_vs_count="),
            l -> assertThat(l).startsWith("ratio_report_vs_sql="),
            l -> assertThat(l).startsWith("ratio_mle_vs_count="),
            l -> assertThat(l).startsWith("ratio_compact_vs_count="),
            l -> assertThat(l).startsWith("ratio_drift_vs_count="));
    assertThat(first.out()).contains("bench compact_model_rows=10\n");

    // Second run: the data is there and complete, so nothing is generated; sql and mle left out.
    String[] again = new String[tiny.length + 2];
    System.arraycopy(tiny, 0, again, 0, tiny.length);
    again[tiny.length] = "--cases";
    again[tiny.length + 1] = "klspark,count";
    Run second = run(again);
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out())
        .contains("reusing data " + dir + "\n", " cases=count,klspark ", "ratio_report_vs_count=")
        .doesNotContain("generating data", "case=sql", "case=mle", "ratio_report_vs_sql")
        .doesNotContain("ratio_mle_vs_count");
    // The bench used the test session and did not stop it.
    assertThat(spark.sparkContext().isStopped()).isFalse();

    // A table without its _SUCCESS marker (an interrupted generation) is generated again.
    Files.delete(Path.of(dir, "model", "_SUCCESS"));
    SyntheticSpec spec =
        new SyntheticSpec(2000, 10, 5, 1.1, 1.0, 0.0, ValueColumn.NONE, GroupIdType.STRING, 42L, 0);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    BenchData.Tables tables =
        BenchData.ensure(spark, spec, dir, new PrintStream(log, true, StandardCharsets.UTF_8));
    assertThat(tables.reused()).isFalse();
    assertThat(log.toString(StandardCharsets.UTF_8)).startsWith("generating data " + dir);
    assertThat(spark.read().parquet(tables.model()).count()).isEqualTo(50);
    assertThat(Path.of(dir, "model", "_SUCCESS")).exists();
  }

  /** The value cases generate (and name) data with a value column, and print their ratios. */
  @Test
  void valueCasesRunOnDataWithAValueColumn() {
    Run r = run(generated(3000, 4, 3, once("sort,values,ks_sql")));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("generating data " + tmp.resolve("n3e3-g4-k3-gs1.1-cs1-hot0-seed42-value_normal"))
        .contains(" cases=values,sort,ks_sql ")
        .containsPattern("measure round=0 case=values seconds=\\S+")
        .containsPattern("measure round=0 case=ks_sql seconds=\\S+")
        .containsPattern("ratio_values_vs_sort=\\d")
        .containsPattern("ratio_values_vs_ks_sql=\\d");
  }

  /**
   * The predictions cases derive their per-row predictions from the generated rows once, then reuse
   * them; the reports run and print their ratios to the count.
   */
  @Test
  void predictionsCasesRunOnPredictionsDerivedFromTheGeneratedRows() {
    String[] args = generated(3000, 6, 4, once("count,predictions,labelfree"));
    Run r = run(args);
    assertThat(r.code()).as(r.err()).isZero();
    String dir = tmp.resolve("n3e3-g6-k4-gs1.1-cs1-hot0-seed42").toString();
    assertThat(r.out())
        .contains(" cases=count,predictions,labelfree ")
        .contains("generating predictions " + dir + "/predictions-v1\n")
        .contains("bench predictions=" + dir + "/predictions-v1 prediction_rows=3000 labels=4\n")
        .containsPattern("measure round=0 case=predictions seconds=\\S+")
        .containsPattern("measure round=0 case=labelfree seconds=\\S+")
        .containsPattern("ratio_predictions_vs_count=\\d")
        .containsPattern("ratio_labelfree_vs_count=\\d");
    // Every row's prediction is a distribution over the 4 categories, and the rows are the input's.
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> p =
        spark.read().parquet(dir + "/predictions-v1");
    assertThat(
            p.where(
                    "size(probability) != 4 OR abs(aggregate(probability, 0D, (a, b) -> a + b) - 1)"
                        + " > 1e-12 OR exists(probability, x -> x <= 0)")
                .count())
        .isZero();
    assertThat(p.select("week").distinct().count()).isEqualTo(2);
    Run again = run(args);
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out())
        .contains("reusing predictions " + dir + "/predictions-v1\n")
        .doesNotContain("generating");
  }

  @Test
  void predictionsCasesNeedGeneratedDataWithFewCategories() {
    assertUsageError(
        "--cases predictions and labelfree need generated data",
        "--input",
        "r",
        "--model",
        "m",
        "--cases",
        "count,labelfree");
    assertUsageError(
        "need at most 100 categories", "--categories", "101", "--cases", "predictions");
  }

  /**
   * A warm-up round and three measured rounds of two cases: odd rounds run them in reverse order,
   * the warm-up round is left out of the pairs, and the paired ratio is the median of each measured
   * round's own ratio, read back at full precision from the {@code samples} line.
   */
  @Test
  void roundsAlternateTheirOrderAndPairedRatiosAreEachRoundsOwn() {
    Run r = run(tiny("--repetitions", "3", "--warmup", "1", "--cases", "count,klspark"));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(runs(r))
        .containsExactly(
            "warmup round=0 case=count",
            "warmup round=0 case=klspark",
            "measure round=1 case=klspark",
            "measure round=1 case=count",
            "measure round=2 case=count",
            "measure round=2 case=klspark",
            "measure round=3 case=klspark",
            "measure round=3 case=count");
    double[] count = samples(r.out(), "count");
    double[] report = samples(r.out(), "klspark");
    assertThat(count).hasSize(3);
    assertThat(report).hasSize(3);
    double[] ratios = new double[3];
    for (int i = 0; i < 3; i++) {
      ratios[i] = report[i] / count[i];
    }
    assertPaired(r, "report_vs_count", ratios);
    assertThat(r.out()).doesNotContain("paired_ratio_report_vs_sql", "paired_ratio_mle");
  }

  /** One measured round of {@code cases} without a warm-up. */
  private static String[] once(String cases) {
    return new String[] {"--repetitions", "1", "--warmup", "0", "--cases", cases};
  }

  /** The tiny generated configuration of these tests in {@link #tmp}, then {@code more}. */
  private String[] tiny(String... more) {
    return generated(2000, 10, 5, more);
  }

  /**
   * A generated configuration of {@code rows}, {@code groups} and {@code categories} in {@link
   * #tmp}, then {@code more}.
   */
  private String[] generated(int rows, int groups, int categories, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--rows",
                String.valueOf(rows),
                "--groups",
                String.valueOf(groups),
                "--categories",
                String.valueOf(categories),
                "--data-dir",
                tmp.toString()));
    args.addAll(List.of(more));
    return args.toArray(new String[0]);
  }

  /** Each run's first three words ({@code measure round=1 case=count}), in the order they ran. */
  private static List<String> runs(Run r) {
    return r.lines().stream()
        .filter(l -> l.startsWith("measure ") || l.startsWith("warmup "))
        .map(l -> String.join(" ", java.util.Arrays.copyOf(l.split(" "), 3)))
        .toList();
  }

  /**
   * The {@code paired_ratio_<name>} line gives the median, the smallest and the largest of {@code
   * ratios} (one per measured round), printed to 3 decimals: equal to within half a unit of the
   * last digit.
   */
  private static void assertPaired(Run r, String name, double[] ratios) {
    double[] sorted = ratios.clone();
    java.util.Arrays.sort(sorted);
    java.util.regex.Matcher paired =
        java.util.regex.Pattern.compile(
                "\npaired_ratio_" + name + "=(\\S+) min=(\\S+) max=(\\S+)\n")
            .matcher(r.out());
    assertThat(paired.find()).as(r.out()).isTrue();
    org.assertj.core.data.Offset<Double> printed = org.assertj.core.data.Offset.offset(0.0005);
    assertThat(Double.parseDouble(paired.group(1)))
        .isCloseTo(
            new org.apache.commons.math3.stat.descriptive.rank.Median().evaluate(sorted), printed);
    assertThat(Double.parseDouble(paired.group(2))).isCloseTo(sorted[0], printed);
    assertThat(Double.parseDouble(paired.group(3))).isCloseTo(sorted[sorted.length - 1], printed);
  }

  /** A case's measured seconds from the {@code samples} line, in round order. */
  private static double[] samples(String out, String label) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("[\\[ ]" + label + "=\\[([^\\]]*)\\]").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return java.util.Arrays.stream(m.group(1).split(", "))
        .mapToDouble(Double::parseDouble)
        .toArray();
  }

  /** The paired ratio is not the ratio of the medians: a round's two cases go together. */
  @Test
  void pairedRatiosDivideWithinARound() {
    // Rounds (30, 10), (10, 20), (20, 5): ratios 3, 0.5, 4; the medians' ratio would be 20 / 10.
    assertThat(ReportBench.pairedRatios(List.of(30.0, 10.0, 20.0), List.of(10.0, 20.0, 5.0)))
        .containsExactly(0.5, 3.0, 4.0);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ReportBench.pairedRatios(List.of(1.0, 2.0), List.of(1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rounds differ: 2 and 1");
    List<String> cases = List.of("a", "b", "c");
    assertThat(ReportBench.roundOrder(cases, 0)).containsExactly("a", "b", "c");
    assertThat(ReportBench.roundOrder(cases, 1)).containsExactly("c", "b", "a");
    assertThat(ReportBench.roundOrder(cases, 4)).containsExactly("a", "b", "c");
    assertThat(ReportBench.roundOrder(cases, 7)).containsExactly("c", "b", "a");
  }

  /**
   * {@code --bracket}: the count runs before every other case of a round and once more after the
   * last one, and each case's paired ratio is over the mean of the two counts around it, read back
   * at full precision from the {@code samples} line.
   */
  @Test
  void bracketRunsTheCountAroundEveryCaseAndPairsEachCaseWithItsTwoCounts() {
    Run r =
        run(
            tiny(
                "--repetitions",
                "2",
                "--warmup",
                "1",
                "--cases",
                "drift,klspark,count",
                "--bracket",
                "--explain"));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lines().get(0)).contains(" cases=count,klspark,drift ", " bracket=true");
    // The warm-up round runs bracketed too and is left out of the pairs.
    assertThat(runs(r))
        .containsExactly(
            "warmup round=0 case=count",
            "warmup round=0 case=klspark",
            "warmup round=0 case=count",
            "warmup round=0 case=drift",
            "warmup round=0 case=count",
            "measure round=1 case=count",
            "measure round=1 case=drift",
            "measure round=1 case=count",
            "measure round=1 case=klspark",
            "measure round=1 case=count",
            "measure round=2 case=count",
            "measure round=2 case=klspark",
            "measure round=2 case=count",
            "measure round=2 case=drift",
            "measure round=2 case=count");
    // Each case's plan once, though the count runs three times in the warm-up round.
    assertThat(r.lines().stream().filter(l -> l.startsWith("plan case=")).toList())
        .containsExactly("plan case=count", "plan case=klspark", "plan case=drift");
    double[] count = samples(r.out(), "count");
    double[] report = samples(r.out(), "klspark");
    double[] drift = samples(r.out(), "drift");
    assertThat(count).hasSize(6);
    // Measured rounds only: drift ran between counts 0 and 1, then 4 and 5; klspark between 1 and
    // 2, then 3 and 4.
    assertPaired(
        r,
        "report_vs_count",
        new double[] {
          report[0] / ((count[1] + count[2]) / 2), report[1] / ((count[3] + count[4]) / 2)
        });
    assertPaired(
        r,
        "drift_vs_count",
        new double[] {
          drift[0] / ((count[0] + count[1]) / 2), drift[1] / ((count[4] + count[5]) / 2)
        });

    assertUsageError(
        "--bracket runs the count around every other case: add count to --cases",
        "--cases",
        "klspark,drift",
        "--bracket");
  }

  /** A bracketed round's order, and the mean of the two counts around each case. */
  @Test
  void bracketedRoundsPutTheCountAroundEachCase() {
    List<String> round = ReportBench.bracketed(List.of("a", "b"), "n");
    assertThat(round).containsExactly("n", "a", "n", "b", "n");
    assertThat(ReportBench.around(round, "n", new double[] {10, 7, 14, 9, 20}))
        .containsExactly(java.util.Map.entry("a", 12.0), java.util.Map.entry("b", 17.0));
    assertThat(ReportBench.bracketed(List.of(), "n")).containsExactly("n");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ReportBench.around(List.of("n", "a", "b", "n"), "n", new double[4]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("case a at 1 is not between two counts: [n, a, b, n]");
  }

  /** compact_table writes the compact model once beside the data, then reuses it. */
  @Test
  void compactTableCaseReadsItsModelFromATableWrittenOnce() {
    String[] args = tiny(once("count,compact_table"));
    Run r = run(args);
    assertThat(r.code()).as(r.err()).isZero();
    String path = tmp.resolve("n2e3-g10-k5-gs1.1-cs1-hot0-seed42/compact-model-v1").toString();
    assertThat(r.out())
        .contains("generating compact model " + path + "\n", "bench compact_table=" + path + " ")
        .containsPattern("measure round=0 case=compact_table seconds=\\S+")
        .containsPattern("\ncpu_ratio_compact_table_vs_count=\\d+\\.\\d{3}\n")
        .containsPattern("\npaired_ratio_compact_table_vs_count=\\d+\\.\\d{3} min=")
        .containsPattern("\nratio_compact_table_vs_count=\\d+\\.\\d{3}\n");
    // One row per group, its 5 categories' probabilities in a map summing to 1.
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> compact = spark.read().parquet(path);
    assertThat(compact.schema().apply("probability").dataType().simpleString())
        .isEqualTo("map<string,double>");
    assertThat(compact.count()).isEqualTo(10);
    assertThat(
            compact
                .where(
                    "size(probability) != 5 OR abs(aggregate(map_values(probability), 0D,"
                        + " (a, b) -> a + b) - 1) > 1e-9")
                .count())
        .isZero();
    Run again = run(args);
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("reusing compact model " + path + "\n");
    // Without its _SUCCESS marker (an interrupted write) the table is written again.
    assertThat(Path.of(path, "_SUCCESS").toFile().delete()).isTrue();
    Run rewritten = run(args);
    assertThat(rewritten.code()).as(rewritten.err()).isZero();
    assertThat(rewritten.out()).contains("generating compact model " + path + "\n");
    assertThat(Path.of(path, "_SUCCESS")).exists();
    assertUsageError(
        "--cases compact_table needs generated data",
        "--input",
        "r",
        "--model",
        "m",
        "--cases",
        "count,compact_table");
  }

  @Test
  void noArgumentsIsTheHeadlineConfiguration() {
    String headline = "n5e7-g1e5-k20-gs1.1-cs1-hot0-seed42";
    ReportBench none = parse();
    assertThat(BenchData.name(none.syntheticSpec(none.generated()))).isEqualTo(headline);
    assertThat(none.repetitions).isEqualTo(5);
    assertThat(none.warmup).isEqualTo(1);
    // One generation flag: the others keep their defaults.
    ReportBench one = parse("--seed", "42");
    assertThat(BenchData.name(one.syntheticSpec(one.generated()))).isEqualTo(headline);
    assertThat(one.generated().dataDir).isEqualTo(none.generated().dataDir).isNotBlank();
    ReportBench other =
        parse("--rows", "25_000_000", "--groups", "1e6", "--hot-group-fraction", "0.5");
    assertThat(BenchData.name(other.syntheticSpec(other.generated())))
        .isEqualTo("n2.5e7-g1e6-k20-gs1.1-cs1-hot0.5-seed42");
    assertThat(parse("--input", "r", "--model", "m").generated()).isNull();
  }

  @Test
  void existingDataAndGenerationFlagsAreExclusive() {
    assertUsageError("mutually exclusive", "--input", "r", "--model", "m", "--rows", "1000");
    assertUsageError("--model", "--input", "r");
    assertUsageError("--cases", "--cases", "count,nope");
  }

  /**
   * {@code args} is a usage error: exit code {@link ExitCodes#USAGE} and one line on stderr
   * containing {@code message}.
   */
  private static void assertUsageError(String message, String... args) {
    Run r = run(args);
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains(message).hasLineCount(1);
  }
}

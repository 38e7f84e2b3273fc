package dev.klspark.bench;

import dev.klspark.cli.JobErrors;
import dev.klspark.cli.JobSessions;
import dev.klspark.cli.VersionProvider;
import dev.klspark.datagen.GroupIdType;
import dev.klspark.datagen.SyntheticSpec;
import dev.klspark.datagen.ValueColumn;
import dev.klspark.klreport.ContinuousReport;
import dev.klspark.klreport.DivergenceReport;
import dev.klspark.klreport.ReportSpec;
import dev.klspark.math.ContinuousSamples;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.mle.LabelFreeReport;
import dev.klspark.mle.MleReport;
import dev.klspark.mle.MleSpec;
import dev.klspark.mle.PredictionComparison;
import dev.klspark.mle.PredictionReport;
import dev.klspark.quality.DriftComparison;
import dev.klspark.quality.DriftReport;
import dev.klspark.quality.MonitoredColumn;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.distribution.ModelTable;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.ExplainMode;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jobs/bench}: the cost of a klspark report against the obvious alternatives, in one JVM and
 * one run, alternating, after a warm-up: (a) {@code count}, a bare {@code groupBy(group,
 * category).count()}, (b) {@code sql}, the same KL report as hand-written Spark SQL (counts, window
 * totals, join with the model, sum of p ln(p/q)), (c) {@code klspark}, klspark's {@link
 * DivergenceReport} with the model table, (d) {@code mle}, the {@link MleReport} of {@code
 * jobs/mle-report} with the same model table as its one candidate (mean NLL of the rows next to
 * entropy + KL). Every measurement writes to Spark's {@code noop} sink, so each is a full execution
 * without output I/O. On request: (e) {@code predictions}, the labelled predictions report of
 * {@code jobs/mle-report --predictions --label-column} ({@link PredictionReport} and {@link
 * PredictionComparison}: log-loss, calibration in the large, the calibration z-test and the
 * decomposition per group), and (f) {@code labelfree}, the report before the labels ({@link
 * LabelFreeReport}: expected log-loss per group and the drift of the mean prediction, week 2
 * against week 1), both over per-row predictions derived from the generated rows ({@link
 * BenchData#predictions}), beside {@code count} over the same rows.
 *
 * <p>The input is either existing data ({@code --input} and {@code --model}) or generated: by
 * default the headline configuration of BENCHMARKS.md (N = 5·10⁷ rows, G = 10⁵ groups, K = 20
 * categories, group skew 1.1, category skew 1), other ones with {@code --rows}, {@code --groups}
 * and so on. Generated data is written once (as {@code jobs/gen-data} would) into a sub-directory
 * of {@code --data-dir} named after its parameters, and reused by later runs when complete ({@link
 * BenchData}).
 *
 * <p>Output: a first line with the machine and the configuration, one line per measurement, the
 * medians per case, then {@code ratio_report_vs_count=...}, {@code ratio_report_vs_sql=...}, {@code
 * ratio_mle_vs_count=...}, {@code ratio_predictions_vs_count=...}, {@code
 * ratio_labelfree_vs_count=...} and the others (each when both its cases ran). Each measurement and
 * median also gives the executors' CPU seconds in the case's tasks ({@link TaskTime}: {@code
 * task_cpu_seconds}: the work, apart from how well it fills the cores), and {@code
 * cpu_ratio_report_vs_count=...} and its siblings come before the wall-time ratios, then {@code
 * paired_ratio_report_vs_count=... min=... max=...} and its siblings: the median over the rounds of
 * each round's own ratio of two cases' wall times. The cases run alternating, in the given order in
 * even rounds and in reverse order in odd ones ({@link #roundOrder}). With {@code --bracket} the
 * count also runs before every other case and after the last one ({@link #bracketed}): a case's
 * paired ratio to the count is then over the mean of the two counts around it ({@link #around}),
 * and the count's median is over its n + 1 runs per round.
 *
 * <p>Driver heap: before each measurement the bench runs {@link System#gc()}, then records the
 * largest heap used after any garbage collection of this JVM until the case ends ({@link
 * DriverHeap}), printed as {@code driver_heap_after_gc_max_mb}. In local mode the driver JVM also
 * runs the executors, so the figure mixes both; it means the driver's own footprint on a cluster
 * ({@code KLSPARK_MASTER=spark://...}, see {@code jobs/cluster}), where executors are separate
 * JVMs.
 *
 * <p>The session is the one spark-submit configures ({@link JobSessions}); an existing session (in
 * tests) is used and left running.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = "Report cost vs bare Spark: count, hand-written SQL, klspark report, mle-report.",
    footer = {
      "",
      "Without --input/--model: generated data, by default the headline configuration"
          + " (--rows 5e7 --groups 1e5 --categories 20 --group-skew 1.1 --category-skew 1)."
    })
public final class ReportBench implements Callable<Integer> {
  /** The measured cases, in the order they run within a round. */
  enum Case {
    COUNT,
    SQL,
    KLSPARK,
    MLE,
    COMPACT,
    DRIFT,
    /**
     * The klspark report with the compact model read from a Parquet table, written once beside the
     * generated data ({@link BenchData#compactModel}), instead of cached in memory as for COMPACT.
     */
    COMPACT_TABLE,
    /** kl-report --value on the generated {@code value} column: KS, W1 and k-NN KL per group. */
    VALUES,
    /** The bare cost under VALUES: the rows shuffled by group and sorted by value. */
    SORT,
    /** The KS statistic per group in hand-written Spark SQL with window functions. */
    KS_SQL,
    /** mle-report's labelled predictions report over per-row predictions (BenchData). */
    PREDICTIONS,
    /** mle-report's label-free report over the same predictions, week 2 against week 1. */
    LABELFREE;

    /** Whether the case needs the generated {@code value} column. */
    boolean needsValues() {
      return this == VALUES || this == SORT || this == KS_SQL;
    }

    /** Whether the case needs the per-row predictions ({@link BenchData#predictions}). */
    boolean needsPredictions() {
      return this == PREDICTIONS || this == LABELFREE;
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Existing data or generated data, not both. */
  static final class Data {
    @ArgGroup(exclusive = false, multiplicity = "1", heading = "Existing data:%n")
    Existing existing;

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "Generated data (default):%n")
    Generated generated;
  }

  /** Tables to bench as they are. */
  static final class Existing {
    @Option(
        names = "--input",
        required = true,
        paramLabel = "PATH",
        description = "Rows (Parquet) with the group and category columns.")
    String input;

    @Option(
        names = "--model",
        required = true,
        paramLabel = "PATH",
        description = "Model table (Parquet): group, category, probability.")
    String model;
  }

  /**
   * A configuration of the data generator ({@code jobs/gen-data}'s flags of the same names). The
   * field initializers repeat the annotations' defaults: picocli applies the latter only when one
   * of these flags is given, and creates no instance otherwise (ReportBenchTest checks both agree).
   */
  static final class Generated {
    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        defaultValue = "${env:KLSPARK_BENCH_DATA:-/tmp/klspark-bench}",
        description =
            "Where generated data is kept, one sub-directory per configuration (default: $KLSPARK_BENCH_DATA, else /tmp/klspark-bench).")
    String dataDir = defaultDataDir();

    @Option(
        names = "--rows",
        paramLabel = "N",
        defaultValue = "5e7",
        converter = CountConverter.class,
        description = "Rows; 50000000 or 5e7 (default: ${DEFAULT-VALUE}).")
    long rows = 50_000_000L;

    @Option(
        names = "--groups",
        paramLabel = "G",
        defaultValue = "1e5",
        converter = CountConverter.class,
        description = "Groups (default: ${DEFAULT-VALUE}).")
    long groups = 100_000L;

    @Option(
        names = "--categories",
        paramLabel = "K",
        defaultValue = "20",
        converter = CountConverter.class,
        description = "Categories per group (default: ${DEFAULT-VALUE}).")
    long categories = 20L;

    @Option(
        names = "--group-skew",
        paramLabel = "S",
        defaultValue = "1.1",
        description = "Zipf exponent of the group sizes (default: ${DEFAULT-VALUE}).")
    double groupSkew = 1.1;

    @Option(
        names = "--category-skew",
        paramLabel = "T",
        defaultValue = "1",
        description = "Zipf exponent of the categories in a group (default: ${DEFAULT-VALUE}).")
    double categorySkew = 1.0;

    @Option(
        names = "--hot-group-fraction",
        paramLabel = "F",
        defaultValue = "0",
        description =
            "Expected fraction of the rows in group 0; 0 = off (default: ${DEFAULT-VALUE}).")
    double hotGroupFraction = 0.0;

    @Option(
        names = "--seed",
        paramLabel = "SEED",
        defaultValue = "42",
        description = "Seed of the generator (default: ${DEFAULT-VALUE}).")
    long seed = 42L;

    private static String defaultDataDir() {
      String env = System.getenv("KLSPARK_BENCH_DATA");
      return env == null || env.isEmpty() ? "/tmp/klspark-bench" : env;
    }
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Data data;

  @Option(
      names = "--group",
      paramLabel = "COL",
      defaultValue = "group_id",
      description = "Group column (default: ${DEFAULT-VALUE}).")
  String group;

  @Option(
      names = "--category",
      paramLabel = "COL",
      defaultValue = "category",
      description = "Category column (default: ${DEFAULT-VALUE}).")
  String category;

  @Option(
      names = "--cases",
      split = ",",
      splitSynopsisLabel = ",",
      paramLabel = "CASE",
      defaultValue = "count,sql,klspark,mle,compact,drift",
      description =
          "Cases to run, comma-separated, of count, sql, klspark, mle, compact, drift,"
              + " compact_table, values, sort, ks_sql, predictions, labelfree (default:"
              + " ${DEFAULT-VALUE}). compact_table reads the compact model from a Parquet table"
              + " written once beside generated data. values, sort"
              + " and ks_sql compare a numeric column without buckets; with any of them the"
              + " generated rows carry a normal value column. predictions and labelfree evaluate"
              + " per-row predictions derived from generated data (at most "
              + BenchData.MAX_PREDICTION_LABELS
              + " categories), kept beside it.")
  List<Case> cases;

  @Option(
      names = "--repetitions",
      paramLabel = "R",
      defaultValue = "5",
      description = "Measured rounds (default: ${DEFAULT-VALUE}).")
  int repetitions;

  @Option(
      names = "--warmup",
      paramLabel = "W",
      defaultValue = "1",
      description = "Warm-up rounds (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--explain", description = "Print the physical plan of each case once.")
  boolean explain;

  @Option(
      names = "--bracket",
      description =
          "Run the count before every other case of a round and once more after the last one, and"
              + " pair each case with the mean of the two counts around it in the paired_ratio_"
              + " lines (needs count in --cases).")
  boolean bracket;

  @Spec CommandSpec commandSpec;

  private final PrintStream out;

  /** A bench that prints to {@link System#out}. */
  public ReportBench() {
    this(System.out);
  }

  ReportBench(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(execute(System.out, new PrintWriter(System.err, true), args));
  }

  /** Runs the command line, printing results to {@code out} and errors to {@code err}. */
  static int execute(PrintStream out, PrintWriter err, String... args) {
    CommandLine cl = JobErrors.configure(new CommandLine(new ReportBench(out)), "bench");
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(err);
    return cl.execute(args);
  }

  /** The generated configuration, or null when existing data was given. */
  Generated generated() {
    if (data != null && data.existing != null) {
      return null;
    }
    return data == null || data.generated == null ? new Generated() : data.generated;
  }

  /** The data set of the generated configuration; the flags' checks are usage errors. */
  SyntheticSpec syntheticSpec(Generated g) {
    try {
      return new SyntheticSpec(
          g.rows,
          Math.toIntExact(g.groups),
          Math.toIntExact(g.categories),
          g.groupSkew,
          g.categorySkew,
          g.hotGroupFraction,
          cases != null && cases.stream().anyMatch(Case::needsValues)
              ? ValueColumn.NORMAL
              : ValueColumn.NONE,
          GroupIdType.STRING,
          g.seed,
          0);
    } catch (ArithmeticException e) {
      throw new ParameterException(
          commandSpec.commandLine(),
          "--groups and --categories must be at most " + Integer.MAX_VALUE);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(commandSpec.commandLine(), e.getMessage());
    }
  }

  @Override
  public Integer call() {
    if (repetitions < 1 || warmup < 0) {
      throw new ParameterException(
          commandSpec.commandLine(), "expected --repetitions >= 1 and --warmup >= 0");
    }
    if (bracket && !cases.contains(Case.COUNT)) {
      throw new ParameterException(
          commandSpec.commandLine(),
          "--bracket runs the count around every other case: add count to --cases");
    }
    Generated g = generated();
    if (cases.contains(Case.COMPACT_TABLE) && g == null) {
      throw new ParameterException(
          commandSpec.commandLine(),
          "--cases compact_table needs generated data (its compact model table is written beside"
              + " it); remove --input and --model");
    }
    if (cases.stream().anyMatch(Case::needsPredictions)) {
      if (g == null) {
        throw new ParameterException(
            commandSpec.commandLine(),
            "--cases predictions and labelfree need generated data (their per-row predictions are"
                + " derived from it); remove --input and --model");
      }
      if (g.categories > BenchData.MAX_PREDICTION_LABELS) {
        throw new ParameterException(
            commandSpec.commandLine(),
            "--cases predictions and labelfree need at most "
                + BenchData.MAX_PREDICTION_LABELS
                + " categories (one probability per category and row); got --categories "
                + g.categories);
      }
    }
    SyntheticSpec synthetic = g == null ? null : syntheticSpec(g);
    boolean existed =
        SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
    SparkSession spark = JobSessions.create("klspark bench", null);
    try {
      run(spark, synthetic, g == null ? null : g.dataDir);
    } finally {
      spark.catalog().dropTempView("bench_rows");
      spark.catalog().dropTempView("bench_model");
      if (!existed) {
        spark.stop();
      }
    }
    return 0;
  }

  private void run(SparkSession spark, SyntheticSpec synthetic, String dataDir) {
    EnumSet<Case> selected = EnumSet.copyOf(cases);
    String config;
    String dir = null;
    if (synthetic == null) {
      config =
          String.format(Locale.ROOT, "input=%s model=%s", data.existing.input, data.existing.model);
    } else {
      dir = dataDir.replaceAll("/+$", "") + "/" + BenchData.name(synthetic);
      config =
          String.format(
              Locale.ROOT,
              "rows=%d groups=%d categories=%d group_skew=%s category_skew=%s"
                  + " hot_group_fraction=%s seed=%d data=%s",
              synthetic.rows(),
              synthetic.groups(),
              synthetic.categories(),
              synthetic.groupSkew(),
              synthetic.categorySkew(),
              synthetic.hotGroupFraction(),
              synthetic.seed(),
              dir);
    }
    out.printf(
        Locale.ROOT,
        "bench cores=%d max_heap_mb=%d java=%s spark=%s master=%s %s group=%s category=%s cases=%s"
            + " repetitions=%d warmup=%d bracket=%b%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / (1024 * 1024),
        Runtime.version(),
        spark.version(),
        spark.sparkContext().master(),
        config,
        group,
        category,
        selected.stream().map(Case::label).collect(Collectors.joining(",")),
        repetitions,
        warmup,
        bracket);

    String inputPath;
    String modelPath;
    if (synthetic == null) {
      inputPath = data.existing.input;
      modelPath = data.existing.model;
    } else {
      BenchData.Tables t = BenchData.ensure(spark, synthetic, dir, out);
      inputPath = t.rows();
      modelPath = t.model();
    }
    Dataset<Row> rows = spark.read().parquet(inputPath);
    Dataset<Row> modelTable = spark.read().parquet(modelPath);
    rows.createOrReplaceTempView("bench_rows");
    modelTable.createOrReplaceTempView("bench_model");
    long inputRows = rows.count();
    out.printf(
        Locale.ROOT, "bench input=%s model=%s input_rows=%d%n", inputPath, modelPath, inputRows);

    Dataset<Row> compact = null;
    if (selected.contains(Case.COMPACT)) {
      // The same model, one row per group (map<string,double>), materialised before the rounds.
      compact = BenchData.compact(modelTable, group).persist(StorageLevel.MEMORY_AND_DISK());
      out.printf(Locale.ROOT, "bench compact_model_rows=%d%n", compact.count());
    }
    Dataset<Row> compactTable = null;
    if (selected.contains(Case.COMPACT_TABLE)) {
      String path = BenchData.compactModel(spark, modelPath, dir, group, out);
      compactTable = spark.read().parquet(path);
      out.printf(
          Locale.ROOT,
          "bench compact_table=%s partitions=%d%n",
          path,
          compactTable.rdd().getNumPartitions());
    }
    Predictions predictions = null;
    if (selected.stream().anyMatch(Case::needsPredictions)) {
      String path = BenchData.predictions(spark, inputPath, modelPath, dir, group, category, out);
      Dataset<Row> p = spark.read().parquet(path);
      List<String> labels =
          modelTable
              .select(functions.col(category).cast("string").as("c"))
              .distinct()
              .orderBy("c")
              .collectAsList()
              .stream()
              .map(r -> r.getString(0))
              .toList();
      predictions = new Predictions(p, labels);
      out.printf(
          Locale.ROOT,
          "bench predictions=%s prediction_rows=%d labels=%d%n",
          path,
          p.count(),
          labels.size());
    }
    Map<Case, Supplier<Dataset<Row>>> plans = new EnumMap<>(Case.class);
    for (Case c : selected) {
      Dataset<Row> model =
          switch (c) {
            case COMPACT -> compact;
            case COMPACT_TABLE -> compactTable;
            default -> modelTable;
          };
      plans.put(c, plan(c, spark, rows, model, predictions));
    }
    Map<Case, List<Double>> seconds = new EnumMap<>(Case.class);
    Map<Case, List<Double>> cpuSeconds = new EnumMap<>(Case.class);
    Map<Case, Double> heap = new EnumMap<>(Case.class);
    // With --bracket: per case, each measured round's mean of the two counts around it.
    Map<Case, List<Double>> countAround = new EnumMap<>(Case.class);
    Set<Case> explained = EnumSet.noneOf(Case.class);
    try (DriverHeap driverHeap = new DriverHeap();
        TaskTime taskTime = new TaskTime(spark.sparkContext())) {
      List<Case> order = new ArrayList<>(plans.keySet());
      if (bracket) {
        order.remove(Case.COUNT);
      }
      for (int round = 0; round < warmup + repetitions; round++) {
        // Odd rounds run the cases in reverse order (a case pays for the garbage and the cache
        // state the case before it leaves, and for a machine that drifts during the run).
        List<Case> sequence = roundOrder(order, round);
        if (bracket) {
          sequence = bracketed(sequence, Case.COUNT);
        }
        double[] roundSeconds = new double[sequence.size()];
        for (int j = 0; j < sequence.size(); j++) {
          Case c = sequence.get(j);
          driverHeap.reset();
          taskTime.reset();
          long t0 = System.nanoTime();
          Dataset<Row> plan = plans.get(c).get();
          plan.write().format("noop").mode("overwrite").save();
          double s = (System.nanoTime() - t0) / 1e9;
          roundSeconds[j] = s;
          double mb = driverHeap.maxMegabytes();
          double cpu = taskTime.cpuSeconds();
          double run = taskTime.runSeconds();
          if (explain && round == 0 && explained.add(c)) {
            out.println("plan case=" + c.label());
            out.println(plan.queryExecution().explainString(ExplainMode.fromString("formatted")));
          }
          boolean measured = round >= warmup;
          out.printf(
              Locale.ROOT,
              "%s round=%d case=%s seconds=%.3f driver_heap_after_gc_max_mb=%.1f"
                  + " task_cpu_seconds=%.3f task_seconds=%.3f%n",
              measured ? "measure" : "warmup",
              round,
              c.label(),
              s,
              mb,
              cpu,
              run);
          if (measured) {
            seconds.computeIfAbsent(c, k -> new ArrayList<>()).add(s);
            cpuSeconds.computeIfAbsent(c, k -> new ArrayList<>()).add(cpu);
            heap.merge(c, mb, Math::max);
          }
        }
        if (bracket && round >= warmup) {
          around(sequence, Case.COUNT, roundSeconds)
              .forEach((c, m) -> countAround.computeIfAbsent(c, k -> new ArrayList<>()).add(m));
        }
      }
    }
    out.println(
        "samples "
            + seconds.entrySet().stream()
                .map(e -> e.getKey().label() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "[", "]")));
    Map<Case, Double> median = new EnumMap<>(Case.class);
    Map<Case, Double> cpuMedian = new EnumMap<>(Case.class);
    for (Map.Entry<Case, List<Double>> e : seconds.entrySet()) {
      double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double m = new Median().evaluate(v); // the middle value, or the mean of the two middle ones
      median.put(e.getKey(), m);
      double[] c =
          cpuSeconds.get(e.getKey()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double cm = new Median().evaluate(c);
      cpuMedian.put(e.getKey(), cm);
      out.printf(
          Locale.ROOT,
          "median case=%s seconds=%.3f min=%.3f max=%.3f rows_per_second=%.0f driver_heap_after_gc_max_mb=%.1f"
              + " task_cpu_seconds=%.3f task_cpu_min=%.3f task_cpu_max=%.3f%n",
          e.getKey().label(),
          m,
          v[0],
          v[v.length - 1],
          inputRows / m,
          heap.get(e.getKey()),
          cm,
          c[0],
          c[c.length - 1]);
    }
    // The executors' CPU time: the work each case does, apart from how well it fills the cores.
    ratio("cpu_ratio_report_vs_count", cpuMedian, Case.KLSPARK, Case.COUNT);
    ratio("cpu_ratio_report_vs_sql", cpuMedian, Case.KLSPARK, Case.SQL);
    ratio("cpu_ratio_mle_vs_count", cpuMedian, Case.MLE, Case.COUNT);
    ratio("cpu_ratio_compact_vs_count", cpuMedian, Case.COMPACT, Case.COUNT);
    ratio("cpu_ratio_drift_vs_count", cpuMedian, Case.DRIFT, Case.COUNT);
    ratio("cpu_ratio_compact_table_vs_count", cpuMedian, Case.COMPACT_TABLE, Case.COUNT);
    // Each round's ratio of two cases measured close together (rounds are minutes apart), then the
    // median over the rounds: a machine that slows down or speeds up between rounds moves both
    // cases of a round alike.
    paired("paired_ratio_report_vs_count", seconds, countAround, Case.KLSPARK, Case.COUNT);
    paired("paired_ratio_report_vs_sql", seconds, countAround, Case.KLSPARK, Case.SQL);
    paired("paired_ratio_mle_vs_count", seconds, countAround, Case.MLE, Case.COUNT);
    paired("paired_ratio_compact_vs_count", seconds, countAround, Case.COMPACT, Case.COUNT);
    paired("paired_ratio_drift_vs_count", seconds, countAround, Case.DRIFT, Case.COUNT);
    paired(
        "paired_ratio_compact_table_vs_count",
        seconds,
        countAround,
        Case.COMPACT_TABLE,
        Case.COUNT);
    ratio("ratio_report_vs_count", median, Case.KLSPARK, Case.COUNT);
    ratio("ratio_report_vs_sql", median, Case.KLSPARK, Case.SQL);
    ratio("ratio_mle_vs_count", median, Case.MLE, Case.COUNT);
    ratio("ratio_compact_vs_count", median, Case.COMPACT, Case.COUNT);
    ratio("ratio_drift_vs_count", median, Case.DRIFT, Case.COUNT);
    ratio("ratio_compact_table_vs_count", median, Case.COMPACT_TABLE, Case.COUNT);
    ratio("ratio_values_vs_sort", median, Case.VALUES, Case.SORT);
    ratio("ratio_values_vs_ks_sql", median, Case.VALUES, Case.KS_SQL);
    ratio("ratio_predictions_vs_count", median, Case.PREDICTIONS, Case.COUNT);
    ratio("ratio_labelfree_vs_count", median, Case.LABELFREE, Case.COUNT);
    if (compact != null) {
      compact.unpersist();
    }
  }

  /**
   * Prints the median over the measured rounds of each round's ratio {@code a / b}, with the
   * smallest and the largest of them; with {@code --bracket} and {@code b} the count, {@code b}'s
   * time in a round is the mean of the two counts around {@code a}.
   */
  private void paired(
      String name,
      Map<Case, List<Double>> seconds,
      Map<Case, List<Double>> countAround,
      Case a,
      Case b) {
    if (seconds.containsKey(a) && seconds.containsKey(b)) {
      // With --bracket, a case against the count: the mean of the two counts around it.
      List<Double> against = bracket && b == Case.COUNT ? countAround.get(a) : seconds.get(b);
      double[] r = pairedRatios(seconds.get(a), against);
      out.printf(
          Locale.ROOT,
          "%s=%.3f min=%.3f max=%.3f%n",
          name,
          new Median().evaluate(r),
          r[0],
          r[r.length - 1]);
    }
  }

  /**
   * Each round's ratio {@code a[i] / b[i]}, sorted.
   *
   * @param a one case's seconds per measured round, in round order
   * @param b the other case's, as many
   */
  static double[] pairedRatios(List<Double> a, List<Double> b) {
    if (a.size() != b.size()) {
      throw new IllegalArgumentException("rounds differ: " + a.size() + " and " + b.size());
    }
    double[] r = new double[a.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = a.get(i) / b.get(i);
    }
    Arrays.sort(r);
    return r;
  }

  /**
   * The order of the cases in a round: the given order in even rounds, reversed in odd ones
   * (counterbalanced, A B B A): a machine that drifts slower or faster during a run does not favour
   * the cases that run first, and each case follows both of its neighbours.
   */
  static <T> List<T> roundOrder(List<T> cases, int round) {
    List<T> order = new ArrayList<>(cases);
    if (round % 2 == 1) {
      Collections.reverse(order);
    }
    return order;
  }

  /**
   * The order of a round with the count run around every other case ({@code --bracket}): {@code
   * count, a, count, b, ..., count}. Each case is then measured between two counts that ran just
   * before and just after it, where a round of six cases puts the count and the last case a minute
   * apart.
   *
   * @param cases the round's order of the other cases
   * @param count the count
   */
  static <T> List<T> bracketed(List<T> cases, T count) {
    List<T> order = new ArrayList<>();
    order.add(count);
    for (T c : cases) {
      order.add(c);
      order.add(count);
    }
    return order;
  }

  /**
   * For each case of a {@link #bracketed} round other than {@code count}: the mean of the values of
   * the two counts around it.
   *
   * @param sequence the round, as {@link #bracketed} gives it
   * @param count the count
   * @param values one value (e.g. seconds) per element of {@code sequence}
   * @throws IllegalArgumentException when a case is not between two counts
   */
  static <T> Map<T, Double> around(List<T> sequence, T count, double[] values) {
    Map<T, Double> means = new LinkedHashMap<>();
    for (int j = 0; j < sequence.size(); j++) {
      if (sequence.get(j).equals(count)) {
        continue;
      }
      if (j == 0
          || j == sequence.size() - 1
          || !sequence.get(j - 1).equals(count)
          || !sequence.get(j + 1).equals(count)) {
        throw new IllegalArgumentException(
            "case " + sequence.get(j) + " at " + j + " is not between two counts: " + sequence);
      }
      means.put(sequence.get(j), (values[j - 1] + values[j + 1]) / 2);
    }
    return means;
  }

  private void ratio(String name, Map<Case, Double> median, Case a, Case b) {
    if (median.containsKey(a) && median.containsKey(b)) {
      out.printf(Locale.ROOT, "%s=%.3f%n", name, median.get(a) / median.get(b));
    }
  }

  /** The generated numeric column of the value cases. */
  private static final String VALUE = "value";

  /**
   * The current rows of the value cases: a deterministic half of the rows by a hash of the value;
   * the others are the reference.
   */
  private static final String CURRENT = "pmod(xxhash64(value), 2) = 0";

  /**
   * The per-row predictions of the predictions cases and their label order.
   *
   * @param rows group, category (the label), week and probability ({@link BenchData#predictions})
   * @param labels the categories in the order of the probability arrays
   */
  private record Predictions(Dataset<Row> rows, List<String> labels) {}

  /**
   * The query of one case; built inside the timed section (the mle report runs its row pass then,
   * and so does the labelled predictions report).
   */
  private Supplier<Dataset<Row>> plan(
      Case c,
      SparkSession spark,
      Dataset<Row> rows,
      Dataset<Row> modelTable,
      Predictions predictions) {
    String g = "`" + group + "`";
    String cat = "`" + category + "`";
    return switch (c) {
      case COUNT -> () -> rows.groupBy(group, category).count();
      case SQL ->
          () ->
              spark.sql(
                  "WITH counts AS (SELECT "
                      + g
                      + " AS g, CAST("
                      + cat
                      + " AS STRING) AS c, count(*) AS cnt FROM bench_rows"
                      + " GROUP BY 1, 2),"
                      + " p AS (SELECT g, c, cnt / sum(cnt) OVER (PARTITION BY g) AS p FROM counts)"
                      + " SELECT p.g, sum(CASE WHEN m.probability > 0 THEN p.p * ln(p.p / m.probability)"
                      + " ELSE double('inf') END) AS kl FROM p LEFT JOIN bench_model m"
                      + " ON p.g = m."
                      + g
                      + " AND p.c = CAST(m.category AS STRING) GROUP BY p.g");
      case KLSPARK, COMPACT, COMPACT_TABLE -> // the same report; COMPACT*: one model row per group
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
                      LogBase.NATS));
      case DRIFT ->
          () -> {
            // data-quality's per-cell step with the category monitored per group: every row is in
            // the reference slice and a seeded half of them (rand(42), fixed per partition) in the
            // current one, so the step sees the count's rows once. compute() runs the job and
            // collects one result per group; the returned plan is empty.
            Column current = functions.rand(42).lt(0.5);
            DriftReport.compute(
                List.of(new DriftReport.Side(rows, current, functions.lit(true), "input")),
                List.of(group),
                List.of(new MonitoredColumn(category, 0, null)),
                Map.of(),
                new DriftComparison(Smoothing.parse("additive:0.5")));
            return spark.emptyDataFrame();
          };
      case VALUES ->
          () ->
              ContinuousReport.build(
                  rows,
                  new ContinuousReport.Spec(
                      List.of(group),
                      VALUE,
                      CURRENT,
                      "NOT (" + CURRENT + ")",
                      ContinuousSamples.DEFAULT_K,
                      LogBase.NATS,
                      0.95));
      case SORT ->
          () ->
              rows.select(functions.col(group), functions.col(VALUE))
                  .repartition(functions.col(group))
                  .sortWithinPartitions(functions.col(group), functions.col(VALUE));
      case KS_SQL ->
          // What a user would write: running sums over RANGE frames (so tied values count
          // together, as the ECDFs need), the sample sizes over the whole group, the largest gap.
          () ->
              spark.sql(
                  "WITH r AS (SELECT "
                      + g
                      + " AS g, value AS v, IF("
                      + CURRENT
                      + ", 1, 0) AS cur FROM bench_rows),"
                      + " w AS (SELECT g,"
                      + " sum(cur) OVER (PARTITION BY g ORDER BY v) AS ca,"
                      + " sum(1 - cur) OVER (PARTITION BY g ORDER BY v) AS cb,"
                      + " sum(cur) OVER (PARTITION BY g) AS n, sum(1 - cur) OVER (PARTITION BY g) AS m"
                      + " FROM r)"
                      + " SELECT g, max(abs(ca / n - cb / m)) AS ks_statistic FROM w"
                      + " WHERE n > 0 AND m > 0 GROUP BY g");
      case MLE ->
          () ->
              MleReport.build(
                  rows,
                  new MleSpec(
                      List.of(group),
                      new CategorySpec(category, null, null),
                      null,
                      List.of(
                          new MleSpec.Table("model", modelTable, ModelTable.Normalization.STRICT)),
                      LogBase.NATS));
      case PREDICTIONS ->
          () ->
              PredictionComparison.of(
                  List.of(PredictionReport.build(predictions.rows(), predictionSpec(predictions))),
                  List.of(group),
                  LogBase.NATS);
      case LABELFREE ->
          () ->
              LabelFreeReport.build(
                  predictions.rows(),
                  predictionSpec(predictions),
                  functions.col(BenchData.WEEK).equalTo(2),
                  functions.col(BenchData.WEEK).equalTo(1));
    };
  }

  /** The predictions report's spec: per group, the category as the label. */
  private PredictionReport.Spec predictionSpec(Predictions p) {
    return new PredictionReport.Spec(
        List.of(group),
        category,
        BenchData.PROBABILITY,
        p.labels(),
        "bench",
        LogBase.NATS,
        ModelTable.Normalization.STRICT);
  }
}

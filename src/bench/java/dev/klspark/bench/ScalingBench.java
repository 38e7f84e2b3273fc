package dev.klspark.bench;

import dev.klspark.cli.JobErrors;
import dev.klspark.cli.JobSessions;
import dev.klspark.cli.VersionProvider;
import dev.klspark.datagen.GroupIdType;
import dev.klspark.datagen.SyntheticData;
import dev.klspark.datagen.SyntheticSpec;
import dev.klspark.datagen.ValueColumn;
import dev.klspark.klreport.DivergenceReport;
import dev.klspark.klreport.ReportSpec;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.distribution.ModelTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jobs/bench-scaling}: how the report's cost grows with the number of rows N (at fixed G)
 * and with the number of groups G (at fixed N), next to a bare {@code groupBy(group,
 * category).count()} on the same data. Generates the data once per configuration (seeded, reused on
 * later runs when complete, see {@link BenchData}), times each case as the median of the
 * repetitions into the {@code noop} sink, and writes {@code scaling.csv} and two charts (XChart
 * PNG) into {@code --out}.
 */
@Command(
    name = "bench-scaling",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Report time vs N and vs G.")
public final class ScalingBench implements Callable<Integer> {
  @Option(
      names = "--data",
      defaultValue = "/tmp/klspark-scaling",
      description = "Where generated inputs are kept (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--out",
      defaultValue = "docs/benchmarks",
      description = "Where the CSV and the charts go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--rows",
      split = ",",
      defaultValue = "1000000,10000000,100000000",
      description = "N values at fixed --groups-at (default: ${DEFAULT-VALUE}).")
  long[] rows;

  @Option(
      names = "--groups-at",
      defaultValue = "100000",
      description = "G for the N series (default: ${DEFAULT-VALUE}).")
  int groupsAt;

  @Option(
      names = "--groups",
      split = ",",
      defaultValue = "1000,10000,100000,1000000",
      description = "G values at fixed --rows-at (default: ${DEFAULT-VALUE}).")
  int[] groups;

  @Option(
      names = "--rows-at",
      defaultValue = "10000000",
      description = "N for the G series (default: ${DEFAULT-VALUE}).")
  long rowsAt;

  @Option(
      names = "--categories",
      defaultValue = "20",
      description = "K (default: ${DEFAULT-VALUE}).")
  int categories;

  @Option(
      names = "--repetitions",
      defaultValue = "2",
      description = "Measured runs per case after one warm-up (default: ${DEFAULT-VALUE}).")
  int repetitions;

  record Point(String series, long n, int g, double countSeconds, double reportSeconds) {}

  public static void main(String[] args) {
    JobErrors.main(new CommandLine(new ScalingBench()), "bench-scaling", args);
  }

  @Override
  public Integer call() throws IOException {
    SparkSession spark = JobSessions.create("klspark bench-scaling", null);
    List<Point> points = new ArrayList<>();
    for (long n : rows) {
      points.add(measure(spark, "rows", n, groupsAt));
    }
    for (int g : groups) {
      points.add(measure(spark, "groups", rowsAt, g));
    }
    Files.createDirectories(out);
    StringBuilder csv =
        new StringBuilder("series,rows,groups,count_seconds,report_seconds,ratio\n");
    for (Point p : points) {
      csv.append(
          String.format(
              Locale.ROOT,
              "%s,%d,%d,%.3f,%.3f,%.3f%n",
              p.series(),
              p.n(),
              p.g(),
              p.countSeconds(),
              p.reportSeconds(),
              p.reportSeconds() / p.countSeconds()));
    }
    Files.writeString(out.resolve("scaling.csv"), csv);
    chart(
        points,
        "rows",
        "rows N (G = " + groupsAt + ", K = " + categories + ")",
        out.resolve("scaling-rows"));
    chart(
        points,
        "groups",
        "groups G (N = " + rowsAt + ", K = " + categories + ")",
        out.resolve("scaling-groups"));
    System.out.print(csv);
    return 0;
  }

  private Point measure(SparkSession spark, String series, long n, int g) {
    Path dir = data.resolve("n" + n + "-g" + g + "-k" + categories);
    SyntheticSpec spec =
        new SyntheticSpec(
            n, g, categories, 1.1, 1.0, 0.0, ValueColumn.NONE, GroupIdType.STRING, 42L, 0);
    BenchData.Tables tables = BenchData.ensure(spark, spec, dir.toString(), System.out);
    Dataset<Row> input = spark.read().parquet(tables.rows());
    Dataset<Row> model = spark.read().parquet(tables.model());
    ReportSpec report =
        new ReportSpec(
            List.of(SyntheticData.GROUP_ID),
            new CategorySpec(SyntheticData.CATEGORY, null, null),
            null,
            null,
            new ReportSpec.Table(model, ModelTable.Normalization.STRICT),
            Smoothing.none(),
            LogBase.NATS);
    double[] count = new double[repetitions];
    double[] rep = new double[repetitions];
    for (int r = -1; r < repetitions; r++) {
      double c = time(input.groupBy(SyntheticData.GROUP_ID, SyntheticData.CATEGORY).count());
      double k = time(DivergenceReport.build(input, report));
      if (r >= 0) {
        count[r] = c;
        rep[r] = k;
      }
    }
    Point p = new Point(series, n, g, new Median().evaluate(count), new Median().evaluate(rep));
    System.out.printf(
        Locale.ROOT,
        "point series=%s rows=%d groups=%d count=%.3f report=%.3f%n",
        series,
        n,
        g,
        p.countSeconds(),
        p.reportSeconds());
    return p;
  }

  private static double time(Dataset<Row> d) {
    long t0 = System.nanoTime();
    d.write().format("noop").mode("overwrite").save();
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void chart(List<Point> points, String series, String xTitle, Path file)
      throws IOException {
    List<Point> ps = points.stream().filter(p -> p.series().equals(series)).toList();
    if (ps.isEmpty()) {
      return;
    }
    double[] x = ps.stream().mapToDouble(p -> series.equals("rows") ? p.n() : p.g()).toArray();
    XYChart chart =
        new XYChartBuilder()
            .width(720)
            .height(420)
            .title("klspark report vs bare count, 2 cores")
            .xAxisTitle(xTitle)
            .yAxisTitle("seconds (median)")
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.addSeries(
        "groupBy(group, category).count()",
        x,
        ps.stream().mapToDouble(Point::countSeconds).toArray());
    chart.addSeries("klspark report", x, ps.stream().mapToDouble(Point::reportSeconds).toArray());
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}

package dev.klspark.job;

import dev.klspark.KlsparkException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jobs/compare-reports LEFT RIGHT}: are two report Parquet directories the same? Same
 * schema, same rows (matched after sorting by the group columns), every floating-point value equal
 * or within a relative tolerance, every other value equal. Exit 0 when they agree, 1 with a diff
 * summary when they differ, 2 on a bad command line, 3 when a directory cannot be read.
 *
 * <p>A directory holding a {@code report} sub-directory (a kl-report output) is read as that
 * sub-directory. The group columns default to the report columns before {@code n}.
 */
@Command(
    name = "compare-reports",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Compare two report Parquet directories row by row (sorted by the group columns).")
public final class CompareReportsJob implements Callable<Integer> {
  /** Exit code when the reports differ. */
  public static final int DIFFERENT = ExitCodes.FINDING;

  @Parameters(
      index = "0",
      paramLabel = "LEFT",
      description = "Report directory (or a kl-report output directory).")
  String left;

  @Parameters(
      index = "1",
      paramLabel = "RIGHT",
      description = "Report directory (or a kl-report output directory).")
  String right;

  @Option(
      names = "--key",
      paramLabel = "COLS",
      split = ",",
      description = "Columns that identify a row (default: the columns before n).")
  List<String> key;

  @Option(
      names = "--tolerance",
      paramLabel = "REL",
      description = "Relative tolerance for floating-point values (default: 1e-12).")
  double tolerance = 1e-12;

  @Option(
      names = "--max-diffs",
      paramLabel = "N",
      description = "Differences to print (default: 20).")
  int maxDiffs = 20;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master when spark-submit did not set one (default: local[1]).")
  String master;

  private PrintWriter out = new PrintWriter(System.out, true);

  /** Result of a comparison: empty {@code diffs} means the reports agree. */
  public record Result(
      long leftRows,
      long rightRows,
      List<String> diffs,
      long differentCells,
      double maxRelativeDiff) {
    public boolean same() {
      return diffs.isEmpty();
    }
  }

  public static void main(String[] args) {
    CompareReportsJob job = new CompareReportsJob();
    JobErrors.main(job, "compare-reports", args);
  }

  static int execute(PrintWriter out, PrintWriter err, String... args) {
    CompareReportsJob job = new CompareReportsJob();
    job.out = out;
    return JobErrors.execute(job, "compare-reports", err, args);
  }

  @Override
  public Integer call() {
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new dev.klspark.UsageException(
          "--tolerance "
              + tolerance
              + " is not a finite number >= 0; expected e.g. --tolerance 1e-12");
    }
    if (left.isBlank() || right.isBlank()) {
      throw new dev.klspark.UsageException(
          "LEFT and RIGHT must be report directories; got an empty path");
    }
    if (maxDiffs < 0) {
      throw new dev.klspark.UsageException(
          "--max-diffs " + maxDiffs + " is negative; expected N >= 0");
    }
    SparkSession.Builder builder = SparkSession.builder().appName("klspark compare-reports");
    if (!new org.apache.spark.SparkConf().contains("spark.master")) {
      builder.master(master == null ? "local[1]" : master).config("spark.ui.enabled", "false");
    }
    SparkSession spark = builder.getOrCreate();
    String l = reportDir(spark, left);
    String r = reportDir(spark, right);
    Result res = compare(read(spark, l), read(spark, r), key, tolerance, maxDiffs);
    if (res.same()) {
      out.printf(
          Locale.ROOT,
          "compare-reports: SAME: %d rows, relative tolerance %g (max relative difference %g)%n  %s%n  %s%n",
          res.leftRows(),
          tolerance,
          res.maxRelativeDiff(),
          l,
          r);
      return ExitCodes.OK;
    }
    out.printf(
        Locale.ROOT,
        "compare-reports: DIFFERENT: %d vs %d rows, %d differing cells, max relative difference %g%n  %s%n  %s%n",
        res.leftRows(),
        res.rightRows(),
        res.differentCells(),
        res.maxRelativeDiff(),
        l,
        r);
    res.diffs().forEach(d -> out.println("  " + d));
    return DIFFERENT;
  }

  private static String reportDir(SparkSession spark, String dir) {
    try {
      Path p = new Path(dir);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        throw new KlsparkException("report directory " + dir + " does not exist");
      }
      Path sub = new Path(p, "report");
      return fs.isDirectory(sub) ? sub.toString() : p.toString();
    } catch (java.io.IOException e) {
      throw new KlsparkException("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Dataset<Row> read(SparkSession spark, String dir) {
    try {
      return spark.read().parquet(dir);
    } catch (Exception e) {
      throw new KlsparkException(
          "cannot read report " + dir + " as Parquet: " + JobErrors.firstLine(e.getMessage()), e);
    }
  }

  /**
   * Compares two reports.
   *
   * @param key the columns identifying a row; null or empty for the columns before {@code n}
   * @param tolerance relative tolerance for float and double values
   * @param maxDiffs differences to describe (all are counted)
   */
  public static Result compare(
      Dataset<Row> a, Dataset<Row> b, List<String> key, double tolerance, int maxDiffs) {
    List<String> diffs = new ArrayList<>();
    StructType sa = a.schema();
    StructType sb = b.schema();
    if (!Arrays.equals(simple(sa), simple(sb))) {
      diffs.add("schemas differ: " + sa.simpleString() + " vs " + sb.simpleString());
      return new Result(a.count(), b.count(), diffs, 0, Double.NaN);
    }
    List<String> keys = key == null || key.isEmpty() ? defaultKey(sa) : key;
    for (String k : keys) {
      if (!Arrays.asList(sa.fieldNames()).contains(k)) {
        throw new KlsparkException(
            "key column '"
                + k
                + "' is not in the report; columns: "
                + String.join(", ", sa.fieldNames()));
      }
    }
    int[] total = {0};
    List<Row> ra = sorted(a, keys, sa);
    List<Row> rb = sorted(b, keys, sa);
    if (ra.size() != rb.size()) {
      add(diffs, total, maxDiffs, "row counts differ: " + ra.size() + " vs " + rb.size());
    }
    StructField[] fields = sa.fields();
    long cells = 0;
    double maxRel = 0;
    int i = 0;
    int j = 0;
    while (i < ra.size() || j < rb.size()) {
      Row x = i < ra.size() ? ra.get(i) : null;
      Row y = j < rb.size() ? rb.get(j) : null;
      int c = x == null ? 1 : y == null ? -1 : compareKeys(x, y, keys);
      if (c < 0) {
        add(diffs, total, maxDiffs, "only in LEFT: " + describe(x, keys));
        i++;
        continue;
      }
      if (c > 0) {
        add(diffs, total, maxDiffs, "only in RIGHT: " + describe(y, keys));
        j++;
        continue;
      }
      for (int f = 0; f < fields.length; f++) {
        Object u = x.get(f);
        Object v = y.get(f);
        double rel = relativeDiff(u, v);
        if (!Double.isNaN(rel)) {
          maxRel = Math.max(maxRel, rel);
        }
        if (!equal(u, v, rel, tolerance)) {
          cells++;
          add(
              diffs,
              total,
              maxDiffs,
              describe(x, keys) + " " + fields[f].name() + ": " + u + " vs " + v);
        }
      }
      i++;
      j++;
    }
    if (total[0] > diffs.size()) {
      diffs.add("... and " + (total[0] - diffs.size()) + " more differences");
    }
    return new Result(ra.size(), rb.size(), diffs, cells, maxRel);
  }

  private static String[] simple(StructType s) {
    return Arrays.stream(s.fields())
        .map(f -> f.name() + ":" + f.dataType().simpleString())
        .toArray(String[]::new);
  }

  private static List<String> defaultKey(StructType s) {
    List<String> names = Arrays.asList(s.fieldNames());
    int n = names.indexOf("n");
    if (n < 0) {
      throw new KlsparkException("no column 'n' in the report: pass --key COLS");
    }
    return names.subList(0, n);
  }

  private static List<Row> sorted(Dataset<Row> d, List<String> keys, StructType s) {
    if (keys.isEmpty()) {
      return d.collectAsList();
    }
    Column[] order =
        keys.stream()
            .map(k -> functions.col("`" + k.replace("`", "``") + "`").asc_nulls_first())
            .toArray(Column[]::new);
    return d.orderBy(order).collectAsList();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareKeys(Row x, Row y, List<String> keys) {
    for (String k : keys) {
      Object u = x.getAs(k);
      Object v = y.getAs(k);
      int c;
      if (u == null || v == null) {
        c = u == null ? (v == null ? 0 : -1) : 1;
      } else if (u instanceof Comparable cu && u.getClass() == v.getClass()) {
        c = cu.compareTo(v);
      } else {
        c = String.valueOf(u).compareTo(String.valueOf(v));
      }
      if (c != 0) {
        return Integer.signum(c);
      }
    }
    return 0;
  }

  /** |u - v| / max(|u|, |v|) for two finite floating-point values, else NaN. */
  private static double relativeDiff(Object u, Object v) {
    if (!(u instanceof Double || u instanceof Float)
        || !(v instanceof Double || v instanceof Float)) {
      return Double.NaN;
    }
    double a = ((Number) u).doubleValue();
    double b = ((Number) v).doubleValue();
    if (!Double.isFinite(a) || !Double.isFinite(b)) {
      return Double.NaN;
    }
    if (a == b) {
      return 0;
    }
    return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
  }

  private static boolean equal(Object u, Object v, double rel, double tolerance) {
    if (Objects.equals(u, v)) {
      return true; // also NaN = NaN and Infinity = Infinity for boxed doubles
    }
    return !Double.isNaN(rel) && rel <= tolerance;
  }

  private static String describe(Row r, List<String> keys) {
    List<String> parts = new ArrayList<>();
    for (String k : keys) {
      parts.add(k + "=" + r.getAs(k));
    }
    return "[" + String.join(", ", parts) + "]";
  }

  private static void add(List<String> diffs, int[] total, int max, String d) {
    total[0]++;
    if (diffs.size() < max) {
      diffs.add(d);
    }
  }
}

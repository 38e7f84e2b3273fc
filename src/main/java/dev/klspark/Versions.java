package dev.klspark;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The versions of klspark, Spark and Scala this JVM runs, for summaries and {@code --version}. */
public final class Versions {
  private static final Properties BUILD = readBuild();

  private Versions() {}

  /** klspark's version, from the resource Maven writes at build time. */
  public static String klspark() {
    return BUILD.getProperty("version", "unknown");
  }

  /** The Spark line this jar was built for, e.g. {@code 4.1} or {@code 3.5}. */
  public static String sparkLine() {
    return BUILD.getProperty("spark_line", "unknown");
  }

  /** The Scala binary version this jar was built for, e.g. {@code 2.13}. */
  public static String scalaBinary() {
    return BUILD.getProperty("scala_binary", "unknown");
  }

  /**
   * Checks that the Spark and Scala on the classpath are the ones this jar was built for: the same
   * Spark major.minor line and the same Scala binary version. A jar built for another line fails in
   * Catalyst internals or Scala collections with a linkage error deep in a query; this check names
   * the jar to use instead.
   *
   * @throws KlsparkException "this klspark jar is built for Spark L (Scala S) but runs on Spark V
   *     (Scala W); use klspark-spark-L'_S'-VERSION.jar"
   */
  public static void requireMatchingSpark() {
    String problem = mismatch(sparkLine(), scalaBinary(), spark(), scala(), klspark());
    if (problem != null) {
      throw new KlsparkException(problem);
    }
  }

  /**
   * The mismatch message of {@link #requireMatchingSpark()}, or null when a jar built for Spark
   * {@code line} and Scala {@code binary} fits a runtime of Spark {@code spark} and Scala {@code
   * scala} (same major.minor; "unknown" build values always fit: a build outside Maven).
   */
  static String mismatch(String line, String binary, String spark, String scala, String version) {
    if ("unknown".equals(line) || "unknown".equals(binary)) {
      return null;
    }
    boolean sparkFits = spark.equals(line) || spark.startsWith(line + ".");
    boolean scalaFits = scala.equals(binary) || scala.startsWith(binary + ".");
    if (sparkFits && scalaFits) {
      return null;
    }
    String runtimeLine = spark.replaceFirst("^(\\d+\\.\\d+).*$", "$1");
    String runtimeBinary = scala.replaceFirst("^(\\d+\\.\\d+).*$", "$1");
    return "this klspark jar is built for Spark "
        + line
        + " (Scala "
        + binary
        + ") but runs on Spark "
        + spark
        + " (Scala "
        + scala
        + "); use klspark-spark-"
        + runtimeLine
        + "_"
        + runtimeBinary
        + "-"
        + version
        + ".jar (mvn -Pspark-"
        + runtimeLine
        + " package)";
  }

  /** The Spark version on the classpath. */
  public static String spark() {
    return org.apache.spark.package$.MODULE$.SPARK_VERSION();
  }

  /** The Scala library version on the classpath. */
  public static String scala() {
    return scala.util.Properties.versionNumberString();
  }

  private static Properties readBuild() {
    Properties p = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream("/dev/klspark/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // an unreadable resource: every value reads as "unknown"
    }
    return p;
  }
}

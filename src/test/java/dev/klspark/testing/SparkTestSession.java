package dev.klspark.testing;

import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: {@code local[2]}, 2 shuffle partitions, UI off, driver on
 * 127.0.0.1. ANSI mode on (Spark 4's default, stated so tests run under it) unless the system
 * property {@code klspark.test.ansi} says {@code false} (Spark 3.5's default): {@code .ci/run} runs
 * the SQL-function, report and job tests both ways, since every job and function must give the same
 * answers and the same errors under either setting. Created on first use and stopped by a shutdown
 * hook, never per test class. It has an Iceberg catalog {@code local} (Hadoop catalog on a
 * temporary warehouse of the JVM) for the table tests; each test class uses its own namespace.
 */
public final class SparkTestSession {
  private static SparkSession session;

  private SparkTestSession() {}

  /** The Iceberg catalog {@code local}'s warehouse: a temporary directory, deleted at exit. */
  private static String warehouse() {
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("klspark-test-iceberg-");
      org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration())
          .deleteOnExit(new org.apache.hadoop.fs.Path(dir.toUri()));
      return dir.toUri().toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static synchronized SparkSession get() {
    if (session == null) {
      session =
          SparkSession.builder()
              .appName("klspark-tests")
              .master("local[2]")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.default.parallelism", "2")
              .config(
                  "spark.sql.ansi.enabled",
                  Boolean.toString(!"false".equals(System.getProperty("klspark.test.ansi"))))
              .config("spark.sql.session.timeZone", "UTC")
              // An Iceberg catalog on a warehouse of this JVM (TablesTest): local.NAMESPACE.TABLE.
              .config("spark.sql.catalog.local", "org.apache.iceberg.spark.SparkCatalog")
              .config("spark.sql.catalog.local.type", "hadoop")
              .config("spark.sql.catalog.local.warehouse", warehouse())
              .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
      SparkSession created = session;
      Runtime.getRuntime().addShutdownHook(new Thread(created::stop));
    }
    return session;
  }
}

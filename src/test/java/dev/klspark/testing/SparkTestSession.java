package dev.klspark.testing;

import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: {@code local[2]}, 2 shuffle partitions, UI off, driver on
 * 127.0.0.1. ANSI mode on (Spark 4's default, stated so tests run under it) unless the system
 * property {@code klspark.test.ansi} says {@code false} (Spark 3.5's default): {@code .ci/run} runs
 * the SQL-function, report and job tests both ways, since every job and function must give the same
 * answers and the same errors under either setting. Created on first use and stopped by a shutdown
 * hook, never per test class.
 */
public final class SparkTestSession {
  private static SparkSession session;

  private SparkTestSession() {}

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
              .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
      SparkSession created = session;
      Runtime.getRuntime().addShutdownHook(new Thread(created::stop));
    }
    return session;
  }
}

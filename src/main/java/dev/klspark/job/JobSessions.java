package dev.klspark.job;

import dev.klspark.Versions;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession of a job's main class. Under spark-submit the master comes from spark-submit
 * ({@code spark.master} is then set and wins); run any other way, the job uses {@code master}, or
 * {@code local[*]} when that is null. Never hard-code a master elsewhere: it would override
 * spark-submit's.
 */
public final class JobSessions {
  private JobSessions() {}

  /**
   * @param appName the application name shown by Spark
   * @param master the master to use when spark-submit set none, or null for {@code local[*]}
   * @return the session (an existing one if the JVM already has it)
   * @throws dev.klspark.KlsparkException when the jar was built for another Spark line or Scala
   *     version than the classpath's
   */
  public static SparkSession create(String appName, String master) {
    Versions.requireMatchingSpark();
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (!new SparkConf().contains("spark.master")) {
      builder.master(master == null ? "local[*]" : master);
    }
    return builder.getOrCreate();
  }
}

package dev.klspark.cli;

import dev.klspark.KlsparkException;
import dev.klspark.Versions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession of a job's main class: the jobs' one session builder. Under spark-submit the
 * master comes from spark-submit ({@code spark.master} is then set and wins); run any other way,
 * the job uses {@code master}, or {@link #LOCAL} when that is null. Never hard-code a master
 * elsewhere: it would override spark-submit's.
 *
 * <p>Spark's warehouse ({@code spark.sql.warehouse.dir}, where {@code CREATE TABLE} puts managed
 * tables) defaults to {@code spark-warehouse/} in the working directory, which Spark creates there
 * as soon as a statement touches the catalog. A klspark session uses a temporary directory instead,
 * deleted when the JVM exits (the catalog is in memory: its tables end with the session anyway),
 * unless the user sets {@code spark.sql.warehouse.dir} (e.g. {@code spark-submit --conf}).
 */
public final class JobSessions {
  /** The master of a job run outside spark-submit without {@code --master}. */
  public static final String LOCAL = "local[*]";

  /** Spark's key for the warehouse directory. */
  static final String WAREHOUSE_DIR = "spark.sql.warehouse.dir";

  /** Spark's key for the console progress bar of running stages. */
  static final String CONSOLE_PROGRESS = "spark.ui.showConsoleProgress";

  private JobSessions() {}

  /**
   * Whether a job turns on Spark's console progress bar (stage progress on stderr, as spark-shell
   * shows it): when the console is a terminal and the user did not set {@link #CONSOLE_PROGRESS}
   * (e.g. {@code --conf spark.ui.showConsoleProgress=false}). Not in a pipe or a CI log.
   */
  static boolean showConsoleProgress(boolean terminal, SparkConf given) {
    return terminal && !given.contains(CONSOLE_PROGRESS);
  }

  /**
   * @param appName the application name shown by Spark
   * @param master the master to use when spark-submit set none, or null for {@link #LOCAL}
   * @return the session (an existing one if the JVM already has it)
   */
  public static SparkSession create(String appName, String master) {
    return create(appName, master, Map.of());
  }

  /**
   * As {@link #create(String, String)}, with the job's Spark settings ({@code --conf KEY=VALUE},
   * {@code spark-conf:}) applied to the session; on a session the JVM already has, Spark applies
   * the settings it can change at run time (SQL settings such as catalogs) and ignores the others
   * with a warning.
   *
   * @param conf Spark settings, e.g. {@code spark.sql.catalog.local -> ...SparkCatalog}
   */
  public static SparkSession create(String appName, String master, Map<String, String> conf) {
    SparkSession.Builder builder = builder(appName, master == null ? LOCAL : master);
    conf.forEach(builder::config);
    return builder.getOrCreate();
  }

  /**
   * A session for a small driver-side job (compare-reports): without spark-submit's master it runs
   * on {@code master} with the web UI off.
   */
  public static SparkSession small(String appName, String master) {
    SparkSession.Builder builder = builder(appName, master);
    if (!new SparkConf().contains("spark.master")) {
      builder.config("spark.ui.enabled", "false");
    }
    return builder.getOrCreate();
  }

  private static SparkSession.Builder builder(String appName, String master) {
    Versions.requireMatchingSpark();
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    SparkConf given = new SparkConf();
    if (!given.contains("spark.master")) {
      builder.master(master);
    }
    if (showConsoleProgress(System.console() != null, given)) {
      builder.config(CONSOLE_PROGRESS, "true");
    }
    if (!given.contains(WAREHOUSE_DIR) && SparkSession.getDefaultSession().isEmpty()) {
      builder.config(WAREHOUSE_DIR, temporaryWarehouse());
    }
    return builder;
  }

  /** A new temporary directory that Hadoop's file-system shutdown hook deletes. */
  private static String temporaryWarehouse() {
    try {
      Path dir = new Path(Files.createTempDirectory("klspark-warehouse-").toUri());
      FileSystem.getLocal(new Configuration()).deleteOnExit(dir);
      return dir.toString();
    } catch (IOException e) {
      throw new KlsparkException(
          "cannot create a temporary Spark warehouse directory: "
              + e.getMessage()
              + "; set spark.sql.warehouse.dir",
          e);
    }
  }
}

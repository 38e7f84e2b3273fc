package dev.klspark;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The versions of klspark, Spark and Scala this JVM runs, for summaries and {@code --version}. */
public final class Versions {
  private static final String KLSPARK = readKlspark();

  private Versions() {}

  /** klspark's version, from the resource Maven writes at build time. */
  public static String klspark() {
    return KLSPARK;
  }

  /** The Spark version on the classpath. */
  public static String spark() {
    return org.apache.spark.package$.MODULE$.SPARK_VERSION();
  }

  /** The Scala library version on the classpath. */
  public static String scala() {
    return scala.util.Properties.versionNumberString();
  }

  private static String readKlspark() {
    try (InputStream in = Versions.class.getResourceAsStream("/dev/klspark/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}

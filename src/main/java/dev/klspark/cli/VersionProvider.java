package dev.klspark.cli;

import dev.klspark.Versions;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version} of every job: klspark and the Spark line it was built for, then the Spark,
 * Scala and Java versions it runs on.
 */
public final class VersionProvider implements IVersionProvider {
  /**
   * Prints the version line: {@code --version} of the launchers that are shell scripts
   * (jobs/cluster, jobs/cluster-smoke, jobs/bench-kernels).
   */
  public static void main(String[] args) {
    System.out.println(new VersionProvider().getVersion()[0]);
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "klspark "
          + Versions.klspark()
          + " for Spark "
          + Versions.sparkLine()
          + " (Scala "
          + Versions.scalaBinary()
          + "); running on Spark "
          + Versions.spark()
          + ", Scala "
          + Versions.scala()
          + ", Java "
          + System.getProperty("java.version")
    };
  }
}

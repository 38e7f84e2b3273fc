package dev.klspark.job;

import dev.klspark.Versions;
import picocli.CommandLine.IVersionProvider;

/** {@code --version} of every job: klspark, Spark, Scala and Java versions. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "klspark "
          + Versions.klspark()
          + " (Spark "
          + Versions.spark()
          + ", Scala "
          + Versions.scala()
          + ", Java "
          + System.getProperty("java.version")
          + ")"
    };
  }
}

package dev.klspark.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a klspark main class in a fresh JVM with the test classpath, local[1] Spark without UI, and
 * returns its exit code, stdout and stderr: for what one shared test session cannot show (session
 * creation, the ServiceLoader, files a job leaves in its working directory).
 */
public final class FreshJvm {
  private FreshJvm() {}

  /** What the JVM printed and its exit code. */
  public record Result(int code, String out, String err) {}

  /**
   * Runs {@code mainClass} with {@code args} in working directory {@code dir}, its stdout and
   * stderr kept in {@code dir}; fails after 180 s.
   *
   * @param jvmArgs extra JVM options, e.g. {@code -Dspark.sql.extensions=...}
   */
  public static Result run(Path dir, List<String> jvmArgs, String mainClass, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String opt : System.getProperty("spark.module.options", "").split(" ")) {
      if (!opt.isBlank()) {
        cmd.add(opt);
      }
    }
    cmd.add("-Xmx1g");
    cmd.add("-Dspark.master=local[1]");
    cmd.add("-Dspark.ui.enabled=false");
    cmd.add("-Dspark.driver.host=127.0.0.1");
    cmd.add("-Dspark.driver.bindAddress=127.0.0.1");
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    File out = dir.resolve("fresh-jvm-out.txt").toFile();
    File err = dir.resolve("fresh-jvm-err.txt").toFile();
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectOutput(out)
            .redirectError(err)
            .start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(mainClass + " did not finish in 180 s");
    }
    return new Result(
        p.exitValue(),
        Files.readString(out.toPath(), StandardCharsets.UTF_8),
        Files.readString(err.toPath(), StandardCharsets.UTF_8));
  }
}

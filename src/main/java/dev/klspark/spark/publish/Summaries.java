package dev.klspark.spark.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.klspark.KlsparkException;
import dev.klspark.Versions;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** What every published summary carries, and the one JSON writer of summaries. */
public final class Summaries {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Summaries() {}

  /** Adds the run id and the klspark, Spark and Scala versions to a job's summary. */
  public static void stamp(Map<String, Object> summary, String runId) {
    summary.put("run_id", runId);
    summary.put("klspark_version", Versions.klspark());
    summary.put("spark_version", Versions.spark());
    summary.put("scala_version", Versions.scala());
  }

  /** {@code value} as indented JSON bytes. */
  public static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new KlsparkException("cannot serialise JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code value} as indented JSON ({@link #json}) to a new file.
   *
   * @throws KlsparkException naming the file when it exists already or cannot be written
   */
  public static void write(FileSystem fs, Path file, Object value) {
    byte[] bytes = json(value);
    try (OutputStream os = fs.create(file, false)) {
      os.write(bytes);
    } catch (IOException e) {
      throw new KlsparkException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code text} (UTF-8) to a new file, e.g. an HTML report into a staging directory.
   *
   * @throws KlsparkException naming the file when it exists already or cannot be written
   */
  public static void writeText(FileSystem fs, Path file, String text) {
    try (OutputStream os = fs.create(file, false)) {
      os.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new KlsparkException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}

package dev.klspark.spark.publish;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.klspark.KlsparkException;
import dev.klspark.Versions;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What every published summary carries, and the one JSON writer of summaries.
 *
 * <p>The JSON conventions of every summary (docs/safety.md, "Summary JSON"): numbers are JSON
 * numbers; counts are integers ({@link #count}: {@code 12}, not {@code 12.0}; a sum of weights that
 * is not whole stays a decimal); a number that JSON cannot write (an infinite KL divergence, an
 * open bucket edge, a NaN) is the JSON string {@code "Infinity"}, {@code "-Infinity"} or {@code
 * "NaN"}, never null (null means "no value", e.g. a total over no group) and never a bare {@code
 * Infinity} token, which is not JSON.
 */
public final class Summaries {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .build();

  /** Above this, a double no longer holds every integer. */
  private static final double EXACT_INTEGERS = 9_007_199_254_740_992.0; // 2^53

  private Summaries() {}

  /** Adds the run id and the klspark, Spark and Scala versions to a job's summary. */
  public static void stamp(Map<String, Object> summary, String runId) {
    summary.put("run_id", runId);
    summary.put("klspark_version", Versions.klspark());
    summary.put("spark_version", Versions.spark());
    summary.put("scala_version", Versions.scala());
  }

  /**
   * A count for a summary: a {@code Long} when {@code x} is a whole number (row counts, sums of
   * integer weights), else {@code x} itself (a sum of fractional weights, a non-finite value).
   */
  public static Object count(double x) {
    return x == Math.rint(x) && Math.abs(x) <= EXACT_INTEGERS ? (Object) (long) x : (Object) x;
  }

  /** Numbers for a summary, e.g. bucket edges: JSON numbers, infinities as strings. */
  public static List<Double> numbers(double[] xs) {
    List<Double> out = new ArrayList<>(xs.length);
    for (double x : xs) {
      out.add(x);
    }
    return out;
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

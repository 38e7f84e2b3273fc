package dev.klspark.spark.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.klspark.KlsparkException;
import dev.klspark.Versions;
import java.io.IOException;
import java.util.Map;

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
}

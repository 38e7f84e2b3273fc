package dev.klspark.spark.sql;

import dev.klspark.spark.compat.SparkCompat;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;

/**
 * The entry point for programs: {@link #register(SparkSession)} makes every klspark SQL function
 * callable in that session; {@link #requireRegistered(SparkSession)} is the start-up check that
 * fails loudly when neither the extension nor {@code register} did it. Sessions started with the
 * jar on the driver classpath get the functions without either call, through {@link
 * KlSparkSessionExtensions}.
 */
public final class KlFunctions {
  private KlFunctions() {}

  /**
   * Registers every function of {@link KlFunctionRegistry} in the session's function registry
   * (replacing earlier registrations of the same names). Idempotent.
   */
  public static void register(SparkSession spark) {
    FunctionRegistry registry = functionRegistry(spark);
    for (SqlFunction fn : KlFunctionRegistry.all()) {
      registry.registerFunction(
          FunctionIdentifier.apply(fn.name()),
          fn.info(),
          SparkCompat.functionBuilder(fn.builder()));
    }
  }

  /**
   * Checks that every klspark function is callable in the session.
   *
   * @throws IllegalStateException naming the missing functions and the two ways to register them
   */
  public static void requireRegistered(SparkSession spark) {
    FunctionRegistry registry = functionRegistry(spark);
    List<String> missing = new ArrayList<>();
    for (SqlFunction fn : KlFunctionRegistry.all()) {
      if (!registry.functionExists(FunctionIdentifier.apply(fn.name()))) {
        missing.add(fn.name());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "klspark SQL functions are not registered in this session: "
              + missing
              + "; put the klspark jar on the driver classpath before the session starts (its"
              + " SparkSessionExtensionsProvider registers them), set spark.sql.extensions="
              + KlSparkSessionExtensions.class.getName()
              + ", or call KlFunctions.register(spark)");
    }
  }

  private static FunctionRegistry functionRegistry(SparkSession spark) {
    return SparkCompat.functionRegistry(spark);
  }
}

package dev.klspark.spark.sql;

import dev.klspark.spark.compat.SparkCompat;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import scala.Tuple3;
import scala.runtime.BoxedUnit;

/**
 * Injects every klspark SQL function into every session built with this extension: listed in {@code
 * META-INF/services/org.apache.spark.sql.SparkSessionExtensionsProvider}, so a jar on the driver
 * classpath is enough (spark-sql, Thrift server sessions, {@code newSession()}); also usable as
 * {@code spark.sql.extensions=dev.klspark.spark.sql.KlSparkSessionExtensions}. The functions behave
 * as built-ins: unqualified names, {@code DESCRIBE FUNCTION EXTENDED}.
 *
 * <p>The names injected are bare on every Spark line, Spark 4.2 included: there Spark qualifies an
 * injected bare name as {@code system.builtin.NAME} itself, and skips, without a word, an injected
 * name that already has a catalog or a database. Only a direct registration ({@link
 * KlFunctions#register}) gives the three-part name, through {@code SparkCompat.functionIdentifier}.
 */
public final class KlSparkSessionExtensions implements SparkSessionExtensionsProvider {
  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    for (SqlFunction fn : KlFunctionRegistry.all()) {
      extensions.injectFunction(
          new Tuple3<>(
              FunctionIdentifier.apply(fn.name()),
              fn.info(),
              SparkCompat.functionBuilder(fn.builder())));
    }
    return BoxedUnit.UNIT;
  }
}

package dev.klspark.spark.sql;

import dev.klspark.spark.compat.SparkCompat;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
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
  /**
   * The extensions already given the functions. A session builder applies this class twice when
   * {@code spark.sql.extensions} names it and the ServiceLoader finds it too (the jar on the
   * classpath, as docs/python.md configures it); injecting twice would make every new session log
   * "The function ... replaced a previously registered function" once per function.
   */
  private static final Set<SparkSessionExtensions> APPLIED =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    if (!APPLIED.add(extensions)) {
      return BoxedUnit.UNIT;
    }
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

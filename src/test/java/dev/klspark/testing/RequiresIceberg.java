package dev.klspark.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class or method that needs Iceberg's Spark runtime (the catalog {@code local} of {@link
 * SparkTestSession}). It runs on every Spark line whose profile declares a runtime, and is skipped,
 * with the reason in the test report, on a line that declares none: Surefire passes the pom
 * property {@code klspark.iceberg} ({@code false} in the profile spark-4.2, since Iceberg publishes
 * no runtime for Spark 4.2). The switch is the line's, not the classpath's, so a build that loses
 * the runtime on a line that has one fails its table tests instead of skipping them.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresIceberg.OnLinesWithIceberg.class)
public @interface RequiresIceberg {

  /** Disables the annotated tests when the build says its Spark line has no Iceberg runtime. */
  final class OnLinesWithIceberg implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if ("false".equals(System.getProperty("klspark.iceberg"))) {
        return ConditionEvaluationResult.disabled(
            "no Iceberg runtime for Spark "
                + org.apache.spark.package$.MODULE$.SPARK_VERSION()
                + " (pom.xml: this line's profile declares none)");
      }
      return ConditionEvaluationResult.enabled("this Spark line has an Iceberg runtime");
    }
  }
}

package dev.klspark.spark.sql;

import static dev.klspark.spark.sql.SqlTestSupport.spark;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.klspark.spark.compat.SparkCompat;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Views over the functions, as docs/sql-functions.md ("Views") describes them: up to Spark 4.1 a
 * persistent view is refused (the functions are session functions, which Spark calls temporary); on
 * Spark 4.2, where they are registered under built-in three-part names, it is created and reads
 * like any view; a temporary view, and a table made with CREATE TABLE AS SELECT, work on every
 * line.
 */
class ViewsTest {
  private static final String QUERY =
      "SELECT g, kl_divergence(p, q) AS kl FROM VALUES (1, array(0.5, 0.5), array(0.9, 0.1))"
          + " AS t(g, p, q)";

  @Test
  void aPersistentViewIsRefusedAsSparkSaysUnlessTheNamesAreBuiltIn() {
    // Spark 4.2 counts the functions as built-ins (SparkCompat.functionIdentifier qualifies them
    // as system.builtin.NAME), not as temporary objects, so its views may reference them.
    boolean builtInNames = SparkCompat.functionIdentifier("kl_divergence").database().isDefined();
    Throwable t = catchThrowable(() -> spark().sql("CREATE VIEW klspark_view AS " + QUERY));
    if (!builtInNames) {
      assertThat(t).isNotNull();
      assertThat(SqlErrors.message(t)).contains("INVALID_TEMP_OBJ_REFERENCE");
      return;
    }
    try {
      assertThat(t).isNull();
      assertThat(spark().sql("SELECT kl FROM klspark_view").first().getDouble(0))
          .isEqualTo(0.5108256237659906);
    } finally {
      spark().sql("DROP VIEW IF EXISTS klspark_view");
    }
  }

  @Test
  void aTemporaryViewWorks() {
    spark().sql("CREATE OR REPLACE TEMPORARY VIEW klspark_temp_view AS " + QUERY);
    assertThat(spark().sql("SELECT kl FROM klspark_temp_view").first().getDouble(0))
        .isEqualTo(0.5108256237659906);
    spark().sql("DROP VIEW klspark_temp_view");
  }

  @Test
  void aTableMadeWithCreateTableAsSelectWorks(@TempDir Path dir) {
    String location = dir.resolve("klspark_kl").toUri().toString();
    spark().sql("CREATE TABLE klspark_kl USING parquet LOCATION '" + location + "' AS " + QUERY);
    try {
      assertThat(spark().sql("SELECT kl FROM klspark_kl").first().getDouble(0))
          .isEqualTo(0.5108256237659906);
    } finally {
      spark().sql("DROP TABLE klspark_kl");
    }
  }
}

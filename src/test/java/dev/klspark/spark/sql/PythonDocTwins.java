package dev.klspark.spark.sql;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JVM twins of docs/python.md's examples, in a JVM of their own (run by {@link
 * PythonDocExamplesTest} through {@code FreshJvm}): the page's {@code SparkSession.builder}
 * statement makes the session, so the only klspark setting is the one the page shows ({@code
 * spark.sql.extensions}), and nothing calls {@link KlFunctions#register}. Writes, per statement
 * that shows a result, {@code @@ LINE} then what it printed, into a file (Spark's log may go to
 * stdout).
 */
final class PythonDocTwins {
  private PythonDocTwins() {}

  /**
   * Runs the statements of {@code args[0]}, docs/python.md; writes the results to {@code args[1]}.
   */
  public static void main(String[] args) throws Exception {
    List<PythonDoc.Statement> statements = PythonDoc.parse(Path.of(args[0]));
    PythonDoc.Twin twin = new PythonDoc.Twin();
    StringBuilder out = new StringBuilder();
    for (PythonDoc.Statement s : statements) {
      String shown = twin.run(s);
      if (shown != null) {
        out.append("@@ ").append(s.line()).append('\n').append(shown).append('\n');
      }
    }
    Files.writeString(Path.of(args[1]), out, StandardCharsets.UTF_8);
    System.exit(0);
  }
}

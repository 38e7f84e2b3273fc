package dev.klspark.spark.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.klreport.DivergenceReport;
import dev.klspark.klreport.ReportSpec;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.mle.MleReport;
import dev.klspark.mle.MleSpec;
import dev.klspark.spark.compat.SparkCompat;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.distribution.ModelTable;
import dev.klspark.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.codegen.ByteCodeStats;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.Test;

/**
 * Every whole-stage-generated method of the reports' plans stays below HotSpot's {@code
 * HugeMethodLimit} (8000 bytes of bytecode): the JVM never compiles a larger method and runs it
 * interpreted, for every row of the stage. Spark only gives up whole-stage code generation past
 * 65535 bytes ({@code spark.sql.codegen.hugeMethodLimit}), so nothing else warns. The per-group
 * step's output serializer was such a method (9127 bytes when its result was one nested struct):
 * about 40% of the step's time at 10^6 groups, measured with JFR.
 */
class GeneratedCodeSizeTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final int HUGE_METHOD_LIMIT = 8000;

  private static Dataset<Row> rows() {
    return spark.sql(
        "SELECT * FROM VALUES ('A','x'),('A','y'),('B','x'),('B',NULL),('C','y') AS t(g, c)");
  }

  private static Dataset<Row> model() {
    return spark.sql(
        "SELECT * FROM VALUES ('A','x',0.5D),('A','y',0.5D),('B','x',0.9D),('B','y',0.1D)"
            + " AS m(g, category, probability)");
  }

  /** The largest generated method per codegen stage of an executed Dataset's plan. */
  static List<String> tooLarge(Dataset<Row> df) {
    df.collectAsList(); // under AQE the final plan exists only after execution
    List<String> out = new ArrayList<>();
    List<SparkPlan> plans = new ArrayList<>();
    plans.add(SparkCompat.executedPlan(df));
    plans.addAll(StepRows.plans(df, false)); // a step's own plan, behind a scan of its rows
    var stages = new ArrayList<scala.Tuple3<String, String, ByteCodeStats>>();
    for (SparkPlan plan : plans) {
      stages.addAll(
          SparkCompat.list(
              org.apache.spark.sql.execution.debug.package$.MODULE$.codegenStringSeq(plan)));
    }
    assertThat(stages).isNotEmpty();
    for (var stage : stages) {
      if (stage._3().maxMethodCodeSize() >= HUGE_METHOD_LIMIT) {
        out.add(stage._3().maxMethodCodeSize() + " bytes: " + stage._1().lines().findFirst().get());
      }
    }
    return out;
  }

  @Test
  void klReportMethodsAreCompiledByTheJvm() {
    ReportSpec spec =
        new ReportSpec(
            List.of("g"),
            new CategorySpec("c", null, null),
            null,
            null,
            new ReportSpec.Table(model(), ModelTable.Normalization.STRICT),
            Smoothing.none(),
            LogBase.NATS);
    Dataset<Row> report = DivergenceReport.build(rows(), spec);
    assertThat(PartialCounts.stepPlans(report)).hasSize(1); // the step's code is checked too
    assertThat(tooLarge(report)).isEmpty();
  }

  @Test
  void mleReportMethodsAreCompiledByTheJvm() {
    MleSpec spec =
        new MleSpec(
            List.of("g"),
            new CategorySpec("c", null, null),
            null,
            List.of(new MleSpec.Table("m", model(), ModelTable.Normalization.STRICT)),
            LogBase.NATS);
    assertThat(tooLarge(MleReport.build(rows(), spec))).isEmpty();
  }
}

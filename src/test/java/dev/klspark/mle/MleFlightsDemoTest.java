package dev.klspark.mle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.klspark.config.JobSettings;
import dev.klspark.testing.FlightsOracle;
import dev.klspark.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mle-report demo job file on the 3 million real flights (without the classifier, which {@code
 * PredictionReportTest} and {@code MleReportJobTest} cover), checked against an independent
 * computation: counts from hand-written Spark SQL, then plain Java loops with {@code Math.log} for
 * both Laplace-smoothed candidates, the mean NLL and the Gaussian fit. Agreement to 1e-9 relative.
 */
@Tag("slow")
class MleFlightsDemoTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final Path PROJECT = Path.of(System.getProperty("klspark.project.dir", "."));

  @TempDir Path tmp;

  @Test
  void demoMatchesAnIndependentComputation() {
    Map<String, Object> flags = new HashMap<>();
    flags.put("output", tmp.resolve("mle").toString());
    flags.put("classifier-features", "");
    MleReportJob.Options o =
        MleReportJob.resolve(
            JobSettings.of(flags, PROJECT.resolve("conf/flights-mle.yaml"), MleReportJob.KEYS));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Map<String, Object> summary =
        MleReportJob.run(spark, o, new PrintStream(printed, true, StandardCharsets.UTF_8));
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("models ranked by mean NLL");
    @SuppressWarnings("unchecked")
    Map<String, Object> checks = (Map<String, Object>) summary.get("checks");
    assertThat((Double) checks.get("identity_max_relative_residual")).isLessThanOrEqualTo(1e-9);
    assertThat(checks.get("groups_where_nll_and_kl_rankings_disagree")).isEqualTo(0);

    Map<String, long[][]> byOrigin =
        FlightsOracle.countsByOrigin(spark, PROJECT.resolve("data/flights-3m.parquet"));
    long[] national = new long[5];
    for (long[][] cr : byOrigin.values()) {
      for (int i = 0; i < 5; i++) {
        national[i] += cr[1][i];
      }
    }
    double nNational = sum(national);
    Map<String, Row> report = new HashMap<>();
    for (Row r : spark.read().parquet(tmp.resolve("mle/report").toString()).collectAsList()) {
      report.put(r.getString(0) + "/" + r.getString(r.fieldIndex("model_id")), r);
    }
    int checked = 0;
    for (Map.Entry<String, long[][]> e : byOrigin.entrySet()) {
      long[] c = e.getValue()[0];
      long[] ref = e.getValue()[1];
      double n = sum(c);
      double nr = sum(ref);
      if (n == 0) {
        continue;
      }
      double nllOwn = 0;
      double nllAll = 0;
      for (int i = 0; i < 5; i++) {
        nllOwn -= c[i] * Math.log((ref[i] + 1.0) / (nr + 5.0));
        nllAll -= c[i] * Math.log((national[i] + 1.0) / (nNational + 5.0));
      }
      Row pooled = report.get(e.getKey() + "/pooled_reference");
      close(pooled, "mean_nll_nats", nllAll / n);
      Row own = report.get(e.getKey() + "/reference");
      if (nr == 0) {
        assertThat(own.getString(own.fieldIndex("status"))).isEqualTo("missing_model");
        continue;
      }
      close(own, "mean_nll_nats", nllOwn / n);
      int better = nllOwn < nllAll ? 1 : 2;
      assertThat(own.getInt(own.fieldIndex("rank_by_nll"))).isEqualTo(better);
      assertThat(own.getInt(own.fieldIndex("rank_by_kl"))).isEqualTo(better);
      checked++;
    }
    assertThat(checked).isGreaterThan(200);

    // Gaussian: SEA's April-June delays under its January-March maximum-likelihood Gaussian.
    Row g =
        spark
            .sql(
                "SELECT avg(IF(date >= '2001-04-01' AND date < '2001-07-01', delay, NULL)),"
                    + " var_pop(IF(date >= '2001-04-01' AND date < '2001-07-01', delay, NULL)),"
                    + " avg(IF(date < '2001-04-01', delay, NULL)),"
                    + " var_pop(IF(date < '2001-04-01', delay, NULL))"
                    + " FROM flights_oracle WHERE origin = 'SEA'")
            .first();
    double m = g.getDouble(0);
    double s2 = g.getDouble(1);
    double mu = g.getDouble(2);
    double sigma2 = g.getDouble(3);
    double nll = 0.5 * Math.log(2 * Math.PI * sigma2) + (s2 + (m - mu) * (m - mu)) / (2 * sigma2);
    Row sea =
        spark
            .read()
            .parquet(tmp.resolve("mle/gaussian").toString())
            .where("origin = 'SEA'")
            .first();
    close(sea, "mean_nll_nats", nll);
    close(sea, "differential_entropy_nats", 0.5 * Math.log(2 * Math.PI * Math.E * s2));
  }

  private static void close(Row row, String column, double expected) {
    assertThat(row.getDouble(row.fieldIndex(column)))
        .as(row.getString(0) + " " + column)
        .isCloseTo(expected, within(1e-9 * Math.abs(expected)));
  }

  private static double sum(long[] a) {
    double s = 0;
    for (long x : a) {
      s += x;
    }
    return s;
  }
}

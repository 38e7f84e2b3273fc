package dev.klspark.klreport;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo job file on the bundled 3 million real flights, checked against an independent
 * computation of the same definitions: counts from hand-written Spark SQL (its own CASE for the
 * buckets), then plain Java loops with {@code Math.log} (not the klspark kernel) for the Laplace
 * smoothed per-origin model and every report quantity. Agreement to 1e-9 relative is required.
 */
class FlightsDemoTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final Path PROJECT = Path.of(System.getProperty("klspark.project.dir", "."));
  private static final String[] LABELS = {
    "early", "on_time", "late_15_60", "late_60_180", "late_180_plus"
  };

  @TempDir Path tmp;

  @Test
  void demoMatchesAnIndependentComputation() {
    Map<String, Object> flags = new HashMap<>();
    flags.put("output", tmp.resolve("kl-report").toString());
    KlReportJob.Options o =
        KlReportJob.resolve(
            JobSettings.of(flags, PROJECT.resolve("conf/flights-delay.yaml"), KlReportJob.KEYS),
            flags);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ReportSummary summary =
        KlReportJob.run(spark, o, new PrintStream(printed, true, StandardCharsets.UTF_8));
    String console = printed.toString(StandardCharsets.UTF_8);
    assertThat(console).contains("top 15 groups by kl_divergence_ci_low_nats (95% intervals):");
    // Ranked by evidence: the lower confidence bounds decrease down the list, and the airports
    // whose large plug-in KL comes from a handful of flights (DRO: one flight) are not in it.
    double previous = Double.POSITIVE_INFINITY;
    for (Map<String, Object> g : summary.top()) {
      double low = (Double) g.get("kl_divergence_ci_low_nats");
      assertThat(low).isLessThanOrEqualTo(previous);
      previous = low;
      assertThat((Long) g.get("n")).isGreaterThan(50L);
    }
    assertThat(summary.top()).extracting(g -> g.get("origin")).doesNotContain("DRO");

    // Independent counts.
    Map<String, long[][]> byOrigin =
        FlightsOracle.countsByOrigin(spark, PROJECT.resolve("data/flights-3m.parquet"));
    long evaluatedOrigins = byOrigin.values().stream().filter(cr -> sum(cr[0]) > 0).count();

    Map<String, Row> report = new HashMap<>();
    for (Row r : spark.read().parquet(tmp.resolve("kl-report/report").toString()).collectAsList()) {
      report.put(r.getString(0), r);
    }
    // Every origin of the evaluated rows is reported (and those with only reference rows too).
    assertThat(report).hasSize(byOrigin.size());
    assertThat(report.values().stream().filter(r -> r.getLong(1) > 0).count())
        .isEqualTo(evaluatedOrigins);
    assertThat(summary.observedRows()).isEqualTo(501_030 + 518_831 + 502_222);

    int checked = 0;
    int intervals = 0;
    for (Map.Entry<String, long[][]> e : byOrigin.entrySet()) {
      long[] c = e.getValue()[0];
      long[] ref = e.getValue()[1];
      Row row = report.get(e.getKey());
      double n = sum(c);
      double nr = sum(ref);
      if (nr == 0) {
        assertThat(row.getString(row.fieldIndex("status"))).isEqualTo("missing_model");
        continue;
      }
      if (n == 0) {
        assertThat(row.getString(row.fieldIndex("status"))).isEqualTo("missing_data");
        continue;
      }
      double h = 0;
      double ce = 0;
      double kl = 0;
      double rkl = 0;
      double js = 0;
      for (int i = 0; i < 5; i++) {
        double p = c[i] / n;
        double q = (ref[i] + 1.0) / (nr + 5.0); // Laplace, alpha = 1, k = 5
        double m = (p + q) / 2;
        if (p > 0) {
          h -= p * Math.log(p);
          ce -= p * Math.log(q);
          kl += p * Math.log(p / q);
          js += 0.5 * p * Math.log(p / m);
        }
        rkl = p == 0 ? Double.POSITIVE_INFINITY : rkl + q * Math.log(q / p);
        js += 0.5 * q * Math.log(q / m);
      }
      assertThat(row.getString(row.fieldIndex("status"))).isEqualTo("ok");
      assertThat(row.getLong(row.fieldIndex("n"))).isEqualTo((long) n);
      close(row, "entropy_nats", h);
      close(row, "cross_entropy_nats", ce);
      close(row, "kl_divergence_nats", kl);
      close(row, "js_divergence_nats", js);
      if (Double.isInfinite(rkl)) {
        assertThat(row.getDouble(row.fieldIndex("reverse_kl_divergence_nats"))).isInfinite();
      } else {
        close(row, "reverse_kl_divergence_nats", rkl);
      }
      // Evidence from the raw counts against the smoothed reference model, recomputed by hand:
      // G = 2 sum c ln(c / (n q)); Miller-Madow with m = categories seen; p from commons-math3's
      // chi-squared distribution (a different route than the report's regularized gamma).
      double g = 0;
      int m = 0;
      for (int i = 0; i < 5; i++) {
        double q = (ref[i] + 1.0) / (nr + 5.0);
        if (c[i] > 0) {
          g += 2 * c[i] * Math.log(c[i] / (n * q));
          m++;
        }
      }
      close(row, "g_statistic", g);
      assertThat(row.getInt(row.fieldIndex("degrees_of_freedom"))).isEqualTo(4);
      double p =
          1
              - new org.apache.commons.math3.distribution.ChiSquaredDistribution(4)
                  .cumulativeProbability(g);
      if (p > 1e-4) { // below, 1 - cdf loses relative digits (the report uses Q(a, x) directly)
        assertThat(row.getDouble(row.fieldIndex("p_value"))).isCloseTo(p, within(1e-9 * p));
      }
      close(row, "kl_divergence_bias_corrected_nats", kl - (m - 1) / (2 * n));
      close(row, "entropy_bias_corrected_nats", h + (m - 1) / (2 * n));
      boolean cochran = true; // every expected count >= 1, at least 80% >= 5
      int five = 0;
      for (int i = 0; i < 5; i++) {
        double expected = n * (ref[i] + 1.0) / (nr + 5.0);
        cochran &= expected >= 1;
        five += expected >= 5 ? 1 : 0;
      }
      cochran &= five >= 4;
      assertThat(row.isNullAt(row.fieldIndex("kl_divergence_ci_low_nats")))
          .as(e.getKey())
          .isEqualTo(!cochran);
      if (cochran) {
        double low = row.getDouble(row.fieldIndex("kl_divergence_ci_low_nats"));
        double high = row.getDouble(row.fieldIndex("kl_divergence_ci_high_nats"));
        assertThat(low).isBetween(0.0, kl);
        assertThat(high).isGreaterThanOrEqualTo(kl - (m - 1) / (2 * n));
        intervals++;
      }
      assertThat(row.getDouble(row.fieldIndex("p_value_adjusted")))
          .isGreaterThanOrEqualTo(row.getDouble(row.fieldIndex("p_value")));
      // The identity per row: cross entropy = entropy + KL.
      assertThat(row.getDouble(row.fieldIndex("cross_entropy_nats")))
          .isCloseTo(
              row.getDouble(row.fieldIndex("entropy_nats"))
                  + row.getDouble(row.fieldIndex("kl_divergence_nats")),
              within(1e-12));
      checked++;
    }
    assertThat(checked).isGreaterThan(200);
    assertThat(intervals).isGreaterThan(150);
  }

  private static void close(Row row, String column, double expected) {
    double actual = row.getDouble(row.fieldIndex(column));
    assertThat(actual)
        .as(row.getString(0) + " " + column)
        .isCloseTo(expected, within(1e-9 * Math.abs(expected) + 1e-15));
  }

  private static long sum(long[] a) {
    long s = 0;
    for (long x : a) {
      s += x;
    }
    return s;
  }
}

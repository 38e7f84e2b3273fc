package dev.klspark.klreport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klspark.html.PageFooter;
import dev.klspark.math.LogBase;
import dev.klspark.math.Smoothing;
import dev.klspark.spark.distribution.Buckets;
import dev.klspark.spark.distribution.CategorySpec;
import dev.klspark.spark.engine.GroupComparison;
import dev.klspark.spark.engine.Ranking;
import dev.klspark.spark.engine.ReportHistogram;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * kl-report's page: the P̂-against-Q charts in the categories' own order (the buckets of {@code
 * --bucket-splits}, integers by value), not the alphabet; the stamp at the foot. Spark-free.
 */
class DivergenceHtmlTest {
  private static final List<String> BUCKETS =
      List.of("early", "on_time", "late_15_60", "late_60_180", "late_180_plus");

  private static final PageFooter FOOTER =
      new PageFooter(
          Instant.parse("2024-03-02T10:15:30Z"),
          "9.9.9",
          "4.1",
          "flights.parquet",
          PageFooter.SUMMARY,
          List.of(PageFooter.Link.parquet("report", "Parquet")));

  private static CategorySpec bucketed() {
    return new CategorySpec(
        "delay",
        new Buckets(
            new double[] {Double.NEGATIVE_INFINITY, 0, 15, 60, 180, Double.POSITIVE_INFINITY},
            BUCKETS),
        null);
  }

  private static DivergenceRun.Settings settings(CategorySpec category) {
    return DivergenceRun.Settings.builder()
        .input("flights.parquet")
        .groupBy(List.of("origin"))
        .category(category)
        .referenceFilter("date < '2001-04-01'")
        .smoothing(new Smoothing.None())
        .unit(LogBase.NATS)
        .confidenceLevel(0.95)
        .output("out")
        .top(15)
        .ranking(Ranking.KL_CI_LOW)
        .build();
  }

  private static String render(CategorySpec category, GroupComparison.Aligned a) {
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("origin", "LRD");
    top.put("n", 357L);
    top.put("kl_divergence_nats", 0.305);
    top.put("kl_divergence_ci_low_nats", 0.224);
    top.put("kl_divergence_ci_high_nats", 0.389);
    top.put("p_value_adjusted", 1e-20);
    top.put("status", "ok");
    ReportSummary summary =
        new ReportSummary(
            1, Map.of("ok", 1L), 357, 0, 357, Map.of(), List.of(top), Ranking.KL_CI_LOW, 0.0);
    return DivergenceHtml.render(
        new DivergenceHtml.Page(
            settings(category),
            summary,
            new ReportHistogram(new double[0], new long[0], 0),
            1,
            1,
            List.of("LRD"),
            List.of(a),
            FOOTER));
  }

  /** The x labels of the first P̂-against-Q chart, in order. */
  private static List<String> labels(String html) {
    int at = html.indexOf("id=\"distributions\"");
    String svg = html.substring(at, html.indexOf("</svg>", at));
    Matcher m = Pattern.compile("text-anchor=\"middle\">([^<]*)</text>").matcher(svg);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void bucketsAreChartedInBucketOrderNotAlphabetically() {
    // As the report aligns them: sorted by category text, on_time last.
    GroupComparison.Aligned alphabetical =
        new GroupComparison.Aligned(
            List.of("early", "late_15_60", "late_180_plus", "late_60_180", "on_time"),
            new double[] {0.5, 0.2, 0.02, 0.08, 0.2},
            new double[] {0.4, 0.15, 0.01, 0.04, 0.4});
    String html = render(bucketed(), alphabetical);
    assertThat(labels(html)).containsSubsequence(BUCKETS);
    assertThat(labels(html).indexOf("on_time")).isEqualTo(labels(html).indexOf("early") + 1);
    // Each probability moves with its category: on_time's P̂ 0.2 against Q 0.4.
    assertThat(html)
        .contains("P̂ observed · on_time: 0.2</title>")
        .contains("Q model · on_time: 0.4</title>")
        .contains("P̂ observed · late_180_plus: 0.02</title>");
    assertThat(html).contains("<footer id=\"stamp\"").contains("2024-03-02T10:15:30Z");
  }

  @Test
  void categoriesOutsideTheBucketsFollowThemAndIntegersSortByValue() {
    GroupComparison.Aligned withNull =
        new GroupComparison.Aligned(
            List.of("early", "missing", "on_time"),
            new double[] {0.5, 0.1, 0.4},
            new double[] {0.4, 0.2, 0.4});
    assertThat(DivergenceHtml.inCategoryOrder(withNull, bucketed()).categories())
        .containsExactly("early", "on_time", "missing");
    CategorySpec plain = new CategorySpec("hour", null, null);
    GroupComparison.Aligned hours =
        new GroupComparison.Aligned(
            List.of("10", "2", "23", "9"),
            new double[] {0.1, 0.2, 0.3, 0.4},
            new double[] {0.4, 0.3, 0.2, 0.1});
    GroupComparison.Aligned byValue = DivergenceHtml.inCategoryOrder(hours, plain);
    assertThat(byValue.categories()).containsExactly("2", "9", "10", "23");
    assertThat(byValue.p()).containsExactly(0.2, 0.4, 0.1, 0.3);
    assertThat(byValue.q()).containsExactly(0.3, 0.1, 0.4, 0.2);
    GroupComparison.Aligned words =
        new GroupComparison.Aligned(
            List.of("rain", "sun"), new double[] {0.5, 0.5}, new double[] {0.5, 0.5});
    assertThat(DivergenceHtml.inCategoryOrder(words, plain)).isSameAs(words);
  }
}

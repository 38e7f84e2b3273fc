package dev.klspark.spark.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shared page skeleton and charts: responsive, offline (no reference to the network in any
 * {@code src} or {@code href}), parameters as readable {@code key: value} rows. Spark-free.
 */
class HtmlPageTest {
  private static final Pattern LINK = Pattern.compile("(?i)(src|href)\\s*=\\s*\"([^\"]*)\"");

  /** Every src and href of a page: none may reach the network. */
  static void assertOffline(String html) {
    Matcher m = LINK.matcher(html);
    while (m.find()) {
      assertThat(m.group(2))
          .as(m.group())
          .doesNotStartWith("http:")
          .doesNotStartWith("https:")
          .doesNotStartWith("//");
    }
    assertThat(html)
        .doesNotContainIgnoringCase("<script")
        .doesNotContainIgnoringCase("@import")
        .doesNotContain("url(");
  }

  /** The parameters section of a page: no Java map text, no "null". */
  static void assertReadableParameters(String html) {
    int at = html.indexOf("<details id=\"parameters\"");
    assertThat(at).isPositive();
    String section = html.substring(at, html.indexOf("</details>", at));
    String text = section.replaceAll("<[^>]*>", " ");
    assertThat(text)
        .doesNotContain("{")
        .doesNotContain("}")
        .doesNotContain("=")
        .doesNotContain("null");
  }

  @Test
  void parametersAreKeyValueRowsWithoutJavaMapText() {
    Map<String, Object> thresholds = new LinkedHashMap<>();
    thresholds.put("js_divergence", Map.of("warn", 0.02));
    thresholds.put("psi", new LinkedHashMap<>(Map.of("fail", 0.25)));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("input", "data/<rows>.parquet");
    p.put("group_by", List.of("origin", "dest"));
    p.put("filter", null);
    p.put("thresholds", thresholds);
    p.put("min_n", 0.0);
    p.put("columns", List.of(Map.of("name", "delay")));
    String html = new HtmlPage("t").parameters("parameters", "Parameters", p).html("f");
    assertReadableParameters(html);
    assertThat(html)
        .contains("<td class=\"key\">group_by</td><td>origin, dest</td>")
        .contains("<td class=\"key\">thresholds · js_divergence · warn</td><td>0.02</td>")
        .contains("<td class=\"key\">min_n</td><td>0</td>")
        .contains("data/&lt;rows&gt;.parquet")
        .contains("name: delay")
        .doesNotContain(">filter<");
  }

  @Test
  void pagesAreResponsiveOfflineAndKeepNumbersOnOneLine() {
    String chart =
        SvgChart.bars(
            "t",
            List.of("a", "b"),
            Map.of("s", new double[] {0.16, 0.02}),
            "x",
            "y",
            List.of(SvgChart.RefLine.warn(0.1), SvgChart.RefLine.fail(0.25)));
    String html =
        new HtmlPage("t")
            .banner("fail", "x")
            .chart(chart)
            .table(
                new HtmlPage.Table("t", "group", "#p")
                    .row("fail", "<g>", HtmlPage.Html.pValue(0.0)))
            .html("f");
    assertOffline(html);
    assertThat(html)
        .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .contains(HtmlPage.MARK)
        .contains("white-space:nowrap")
        .contains("overflow-x:auto")
        .contains("<td class=\"num\">&lt; 1e-16</td>")
        .contains("&lt;g&gt;")
        .contains(">warn 0.1</text>")
        .contains(">fail 0.25</text>")
        .contains(">0.25</text>")
        .doesNotContain(">.");
  }

  @Test
  void aSeriesOfOnePointHasItsXLabel() {
    String svg =
        SvgChart.lines(
            "trend",
            List.of("2001-06-24"),
            Map.of("delay · BOI", new Double[] {0.1}),
            "d",
            "psi",
            List.of());
    assertThat(svg).contains(">2001-06-24</text>").contains("<circle");
  }

  @Test
  void localOutputsArePrintedAsAbsolutePaths() {
    assertThat(HtmlPage.location("file:/tmp/out/x", "report.html"))
        .isEqualTo("/tmp/out/x/report.html");
    assertThat(HtmlPage.location("/tmp/out", "runs/index.html"))
        .isEqualTo("/tmp/out/runs/index.html");
    assertThat(HtmlPage.location("hdfs://nn/out", "report.html"))
        .isEqualTo("hdfs://nn/out/report.html");
    assertThat(HtmlPage.location("file:/tmp/dir with space/résultat #1 50%", "report.html"))
        .isEqualTo("/tmp/dir with space/résultat #1 50%/report.html");
    assertThat(HtmlPage.location("rel/out", "report.html"))
        .startsWith("/")
        .endsWith("rel/out/report.html");
  }
}

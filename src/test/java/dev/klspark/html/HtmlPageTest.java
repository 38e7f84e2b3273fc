package dev.klspark.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shared page skeleton and charts: responsive, offline (no reference to the network in any
 * {@code src} or {@code href}, one inline script), parameters as readable {@code key: value} rows,
 * every page stamped and linked to its full report, sortable tables, chart titles that wrap instead
 * of being clipped, and a bar axis that can start near the data. Spark-free.
 */
class HtmlPageTest {
  private static final Pattern LINK = Pattern.compile("(?i)(src|href)\\s*=\\s*\"([^\"]*)\"");

  /** A stamp for tests: a fixed time, version and input. */
  static final PageFooter FOOTER =
      new PageFooter(
          Instant.parse("2024-03-02T10:15:30.123Z"),
          "9.9.9",
          "4.1",
          "data/<in>.parquet",
          PageFooter.SUMMARY,
          List.of(PageFooter.Link.parquet("report", "Parquet, one row per group")));

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
        .doesNotContainIgnoringCase("<script src")
        .doesNotContainIgnoringCase("@import")
        .doesNotContain("url(");
    // One script, inline: the table sorting.
    assertThat(html.split("(?i)<script", -1).length - 1).isEqualTo(1);
    assertThat(html).contains("<script>" + HtmlPage.SORT_SCRIPT + "</script>");
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

  /** The page's mark is the one the output guard looks for before it replaces a page. */
  @Test
  void theMarkIsTheOneTheOutputGuardRecognises() {
    assertThat(HtmlPage.MARK).isEqualTo(dev.klspark.spark.publish.OutputMarker.HTML_MARK);
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
    String html = new HtmlPage("t", FOOTER).parameters("parameters", "Parameters", p).html("f");
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
        new HtmlPage("t", FOOTER)
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
  void everyPageIsStampedAndLinksItsFullReport() {
    String html = new HtmlPage("t", FOOTER).p("body").html("a note");
    int stamp = html.indexOf("<footer id=\"stamp\"");
    assertThat(stamp).isGreaterThan(html.indexOf("<p>body</p>"));
    assertThat(html.substring(stamp))
        .contains("<p>a note</p>")
        .contains("Generated <time datetime=\"2024-03-02T10:15:30Z\">2024-03-02T10:15:30Z</time>")
        .contains("by klspark <span class=\"version\">9.9.9</span> (Spark 4.1)")
        .contains("input: <code class=\"input\">data/&lt;in&gt;.parquet</code>")
        .contains("parameters and full summary: <a href=\"summary.json\">summary.json</a>")
        .contains("<a href=\"report/\">report/</a> (Parquet, one row per group)");
    // The full report one click away: the links beside the title, before any content.
    int nav = html.indexOf("<nav class=\"muted\" id=\"full-report\">");
    assertThat(nav).isPositive().isLessThan(html.indexOf("<p>body</p>"));
    assertThat(html.substring(nav, html.indexOf("</nav>", nav)))
        .contains("<a href=\"summary.json\">summary.json</a>")
        .contains("<a href=\"report/\">report/</a>");
    assertOffline(html);
  }

  @Test
  void theVersionsOfTheStampAreTheBuildsOwn() {
    PageFooter f = PageFooter.now("in.parquet");
    assertThat(f.version()).isEqualTo(dev.klspark.Versions.klspark());
    assertThat(f.sparkLine()).isEqualTo(dev.klspark.Versions.sparkLine());
    assertThat(f.generated().getNano()).isZero();
    assertThat(f.summary()).isEqualTo("summary.json");
  }

  @Test
  void tablesAreSortableByTheirHeaders() {
    String html =
        new HtmlPage("t", FOOTER)
            .table(new HtmlPage.Table("g", "group", "#n").row(null, "a", 2.0))
            .html("");
    assertThat(html).contains("<table class=\"sortable\" id=\"g\">");
    assertThat(HtmlPage.SORT_SCRIPT)
        .contains("table.sortable")
        .contains("addEventListener('click'")
        .contains("aria-sort")
        .doesNotContain("http");
  }

  @Test
  void aLongChartTitleWrapsInsteadOfBeingCut() {
    String title =
        "observed frequency against mean predicted probability, per label (the reliability"
            + " table's bins with at least 30 rows)";
    String svg = SvgChart.xy(title, Map.of("a", List.of(new double[] {0.1, 0.2})), "x", "y", 1.0);
    assertThat(svg)
        .contains(">observed frequency against mean predicted probability, per label (the</text>")
        .contains(">reliability table&#39;s bins with at least 30 rows)</text>")
        .doesNotContain("…")
        .contains("viewBox=\"0 0 640 346\"")
        .contains("<g transform=\"translate(0 16)\">");
    assertThat(SvgChart.wrap("a b c", 3, 3)).containsExactly("a b", "c");
    assertThat(SvgChart.wrap("aaaa bbbb cccc dddd", 4, 2)).containsExactly("aaaa", "bbb…");
  }

  @Test
  void barsOfCloseValuesGetAnAxisFromTheData() {
    Map<String, double[]> nll = Map.of("mean NLL", new double[] {1.1307, 1.1388, 1.1502});
    List<SvgChart.RefLine> floor = List.of(new SvgChart.RefLine("H", 1.1194, "#333"));
    List<String> models = List.of("reference", "logistic", "pooled");
    String fromData =
        SvgChart.hbars("t", models, nll, "nats per row", floor, SvgChart.Axis.FROM_DATA);
    double[] w = widths(fromData);
    assertThat(w).hasSize(3);
    // The bars differ visibly: the longest at least 1.5 times the shortest (from 0: 1.017).
    assertThat(w[2] / w[0]).isGreaterThan(1.5);
    assertThat(fromData)
        .contains("(axis from 1.11, not 0)")
        .contains(">1.11</text>")
        .contains("class=\"axis-break\"")
        .doesNotContain(">0</text>");
    String fromZero =
        SvgChart.hbars("t", models, nll, "nats per row", floor, SvgChart.Axis.FROM_ZERO);
    assertThat(fromZero).contains(">0</text>").doesNotContain("not 0");
    assertThat(widths(fromZero)[2] / widths(fromZero)[0]).isLessThan(1.02);
  }

  /** The widths of the bars of a chart, in order. */
  static double[] widths(String svg) {
    Matcher m = Pattern.compile("<rect [^>]*width=\"([0-9.]+)\" height=\"20\"").matcher(svg);
    List<Double> w = new java.util.ArrayList<>();
    while (m.find()) {
      w.add(Double.parseDouble(m.group(1)));
    }
    return w.stream().mapToDouble(Double::doubleValue).toArray();
  }
}

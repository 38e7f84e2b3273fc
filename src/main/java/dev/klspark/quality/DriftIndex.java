package dev.klspark.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klspark.Versions;
import dev.klspark.html.HtmlFormat;
import dev.klspark.html.HtmlPage;
import dev.klspark.html.PageFooter;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * data-quality's run index, {@code OUTPUT/runs/index.html}: every run of the output, newest first,
 * with its verdict, exit code, failing groups and counts, each linking to its {@code
 * runs/DATE/report.html}. Regenerated after each run from the published {@code
 * runs/DATE/summary.json} files (one small file per date); {@link DriftRun} publishes it through
 * the output's {@code publishFile}, which never replaces a file that klspark did not write.
 */
public final class DriftIndex {
  private static final Logger LOG = LoggerFactory.getLogger(DriftIndex.class);

  /** The index's path relative to the output. */
  public static final String FILE = "runs/index.html";

  private DriftIndex() {}

  /**
   * One run as the index lists it.
   *
   * @param date the report date ({@code runs/DATE})
   * @param summary its {@code summary.json}
   */
  public record Run(String date, Map<String, Object> summary) {}

  @SuppressWarnings("unchecked")
  public static List<Run> read(FileSystem fs, Path runsDir) throws IOException {
    List<Run> runs = new ArrayList<>();
    if (!fs.exists(runsDir)) {
      return runs;
    }
    ObjectMapper json = new ObjectMapper();
    for (FileStatus st : fs.listStatus(runsDir)) {
      String name = st.getPath().getName();
      Path summary = new Path(st.getPath(), "summary.json");
      if (!st.isDirectory() || name.startsWith(".") || !fs.exists(summary)) {
        continue;
      }
      try (InputStream in = fs.open(summary)) {
        runs.add(new Run(name, json.readValue(in, LinkedHashMap.class)));
      } catch (IOException e) {
        LOG.warn("skipping {} in the run index: {}", summary, e.getMessage());
      }
    }
    runs.sort(Comparator.comparing(Run::date).reversed());
    return runs;
  }

  /**
   * The stamp of the index generated at {@code generated}: the input and the {@code summary.json}
   * of the newest run, and the history.
   */
  @SuppressWarnings("unchecked")
  static PageFooter footer(List<Run> runs, Instant generated) {
    String input = null;
    String summary = null;
    if (!runs.isEmpty()) {
      Run last = runs.get(0);
      summary = last.date() + "/" + PageFooter.SUMMARY;
      if (last.summary().get("parameters") instanceof Map<?, ?> p && p.get("input") != null) {
        input = String.valueOf(p.get("input"));
      }
    }
    return new PageFooter(
        generated,
        Versions.klspark(),
        Versions.sparkLine(),
        input,
        summary,
        List.of(new PageFooter.Link("history", "../history/", "Parquet, every run's rows")));
  }

  /** The index page of {@code runs}, newest first, generated at {@code generated}. */
  @SuppressWarnings("unchecked")
  public static String render(List<Run> runs, Instant generated) {
    HtmlPage h = new HtmlPage("data-quality runs", footer(runs, generated));
    if (runs.isEmpty()) {
      h.p("No run yet.");
    } else {
      Run last = runs.get(0);
      String v = String.valueOf(last.summary().getOrDefault("verdict", "unknown"));
      h.banner(
          v,
          "latest run "
              + HtmlFormat.escape(last.date())
              + ": <b>"
              + HtmlFormat.escape(v)
              + "</b> — "
              + HtmlFormat.escape(String.valueOf(last.summary().getOrDefault("reason", ""))));
    }
    h.h2("runs", runs.size() + " run(s), newest first");
    HtmlPage.Table t =
        new HtmlPage.Table(
            "runs-table",
            "report date",
            "verdict",
            "#exit code",
            "#failing groups",
            "#fail rows",
            "#warn rows",
            "#missing rows",
            "~reason");
    for (Run r : runs) {
      Map<String, Object> s = r.summary();
      Map<String, Object> by =
          s.get("by_status") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
      String verdict = String.valueOf(s.getOrDefault("verdict", "unknown"));
      t.row(
          verdict,
          new HtmlPage.Html(
              "<a href=\""
                  + HtmlFormat.escape(r.date())
                  + "/report.html\">"
                  + HtmlFormat.escape(r.date())
                  + "</a>"),
          verdict,
          number(s.get("exit_code")),
          number(s.get("failing_groups")),
          number(by.get("fail")),
          number(by.get("warn")),
          sum(by.get("missing_current"), by.get("missing_reference")),
          String.valueOf(s.getOrDefault("reason", "")));
    }
    h.table(t);
    return h.html("klspark data-quality; regenerated after every run from runs/*/summary.json.");
  }

  private static HtmlPage.Html number(Object o) {
    return HtmlPage.Html.count(o instanceof Number n ? n.doubleValue() : null);
  }

  private static HtmlPage.Html sum(Object a, Object b) {
    double x =
        (a instanceof Number n ? n.doubleValue() : 0)
            + (b instanceof Number n ? n.doubleValue() : 0);
    return HtmlPage.Html.count(x);
  }
}

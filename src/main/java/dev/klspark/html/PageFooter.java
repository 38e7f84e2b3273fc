package dev.klspark.html;

import static dev.klspark.html.HtmlFormat.escape;

import dev.klspark.Versions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * What every HTML page says about itself, in one place: when it was generated (UTC, ISO-8601, to
 * the second), by which klspark version built for which Spark line ({@link Versions}), on which
 * input (a path or a catalog table, as given), and links to the run's {@code summary.json} (its
 * parameters and the full summary) and to the report data. {@link HtmlPage} writes the links at the
 * top of the page (the full report one click away) and the whole stamp in its footer ({@code
 * <footer id="stamp">}). Spark-free.
 *
 * @param generated when the page was generated
 * @param version the klspark version
 * @param sparkLine the Spark line the jar is built for, e.g. {@code 4.1}
 * @param input the input path or table, as given (null: not shown)
 * @param summary the relative link to the run's {@code summary.json}, or null
 * @param data relative links to the report data (Parquet directories), in order
 */
public record PageFooter(
    Instant generated,
    String version,
    String sparkLine,
    String input,
    String summary,
    List<Link> data) {

  /** The name of a run's summary file, next to its page. */
  public static final String SUMMARY = "summary.json";

  /**
   * A link.
   *
   * @param text the link's text
   * @param href a relative address (escaped when written)
   * @param note what the target holds, after the link (may be empty)
   */
  public record Link(String text, String href, String note) {
    /** A link to the Parquet directory {@code dir} next to the page. */
    public static Link parquet(String dir, String note) {
      return new Link(dir + "/", dir + "/", note);
    }
  }

  /** Checks the fields; the time is truncated to the second. */
  public PageFooter {
    Objects.requireNonNull(generated, "generated");
    generated = generated.truncatedTo(ChronoUnit.SECONDS);
    data = List.copyOf(data);
  }

  /**
   * The stamp of a page generated now by this build, with {@code summary.json} next to the page.
   *
   * @param input the input path or table, as given
   * @param data links to the report data
   */
  public static PageFooter now(String input, Link... data) {
    return new PageFooter(
        Instant.now(), Versions.klspark(), Versions.sparkLine(), input, SUMMARY, List.of(data));
  }

  /** The same stamp with another link to the summary (e.g. from a run index). */
  public PageFooter withSummary(String href) {
    return new PageFooter(generated, version, sparkLine, input, href, data);
  }

  /** The links to the full report (summary first), for the top of the page; empty without any. */
  String links() {
    StringBuilder b = new StringBuilder();
    if (summary != null) {
      b.append(link(new Link(summary, summary, "")));
    }
    for (Link l : data) {
      b.append(b.length() == 0 ? "" : " · ").append(link(l));
    }
    return b.toString();
  }

  /** The footer's markup, after the page's own {@code note} (text). */
  String html(String note) {
    StringBuilder b = new StringBuilder("<footer id=\"stamp\" class=\"muted\">\n");
    if (note != null && !note.isEmpty()) {
      b.append("<p>").append(escape(note)).append("</p>\n");
    }
    b.append("<p>Generated <time datetime=\"")
        .append(generated)
        .append("\">")
        .append(generated)
        .append("</time> by klspark <span class=\"version\">")
        .append(escape(version))
        .append("</span> (Spark ")
        .append(escape(sparkLine))
        .append(")");
    if (input != null) {
      b.append(" · input: <code class=\"input\">").append(escape(input)).append("</code>");
    }
    if (summary != null) {
      b.append(" · parameters and full summary: ").append(link(new Link(summary, summary, "")));
    }
    for (Link l : data) {
      b.append(" · ")
          .append(link(l))
          .append(l.note().isEmpty() ? "" : " (" + escape(l.note()) + ")");
    }
    return b.append("</p>\n</footer>\n").toString();
  }

  private static String link(Link l) {
    return "<a href=\"" + escape(l.href()) + "\">" + escape(l.text()) + "</a>";
  }
}

package dev.klspark.html;

import static dev.klspark.html.HtmlFormat.escape;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The one page skeleton of klspark's HTML reports (kl-report, mle-report, data-quality and the
 * data-quality run index): a self-contained page with its stylesheet and its one small script
 * inline ({@link #SORT_SCRIPT}: sorting a table by a click on its header), and nothing fetched from
 * the network (charts are inline SVG, {@link SvgChart}). Responsive: a viewport meta, charts that
 * shrink with the window, and tables that scroll horizontally inside their own box; numeric cells
 * never wrap. Every page carries its {@link PageFooter}: the links to the full report next to its
 * title, and the stamp (generated when, by which version, on which input) at its foot. Every text
 * passed as text is HTML-escaped; methods taking {@code html} take markup built by this package.
 *
 * <p>Usage: {@code new HtmlPage(title, footer).banner(..).h2(..).table(..).parameters(..)
 * .html(note)}.
 */
public final class HtmlPage {
  /**
   * The markup every page holds near its top: what tells klspark's pages from others. The output
   * guard looks for the same text ({@code OutputMarker.HTML_MARK}, in the publish floor, which this
   * Spark-free package may not use); HtmlPageTest checks that both are equal.
   */
  public static final String MARK = "<meta name=\"generator\" content=\"klspark\">";

  private static final String CSS =
      "*{box-sizing:border-box}"
          + "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
          + "margin:0 auto;padding:12px 16px;max-width:1200px;color:#1d2329;line-height:1.4}"
          + "h1{font-size:22px;margin:4px 0 8px}h2{font-size:17px;margin:22px 0 6px;"
          + "border-bottom:1px solid #dde2e6;padding-bottom:3px}"
          + "p{margin:6px 0}.muted{color:#5c6670;font-size:13px}"
          + ".scroll{overflow-x:auto;max-width:100%;margin:4px 0 12px}"
          + "table{border-collapse:collapse;font-size:13px}"
          + "td,th{border:1px solid #d5dade;padding:3px 7px;text-align:left;vertical-align:top}"
          + "th{background:#f3f5f7;white-space:nowrap}"
          + "td.num,th.num{text-align:right;white-space:nowrap;"
          + "font-variant-numeric:tabular-nums}"
          + "td.key{white-space:nowrap;font-weight:600}td.wide{min-width:34em}"
          + ".banner{font-size:17px;padding:10px 14px;border-radius:6px;margin:6px 0 10px;"
          + "border:1px solid #ccc}"
          + ".banner b{text-transform:uppercase}"
          + ".fail,.banner.fail{background:#fbd5d5}.warn,.banner.warn{background:#fdf0c2}"
          + ".ok,.banner.ok{background:#fff}.banner.ok{background:#e2f3e4}"
          + ".no_data,.banner.no_data{background:#eee}"
          + ".missing_current,.missing_reference,.missing_model,.missing_data{background:#e8e0f6}"
          + ".insufficient_data{background:#f1f1f1}"
          + ".charts{display:flex;flex-wrap:wrap;gap:10px}"
          + ".chart{flex:1 1 420px;max-width:760px;min-width:260px}"
          + ".chart.wide{flex-basis:100%}"
          + "svg{width:100%;height:auto;display:block;background:#fff}"
          + "details{margin:8px 0 14px}summary{cursor:pointer;font-weight:600}"
          + ".tiles{display:flex;flex-wrap:wrap;gap:8px;margin:6px 0}"
          + ".tile{border:1px solid #d5dade;border-radius:6px;padding:6px 10px;min-width:130px}"
          + ".tile .v{font-size:18px;font-weight:600;white-space:nowrap}"
          + ".tile .l{font-size:12px;color:#5c6670}"
          + ".top{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;"
          + "column-gap:16px}"
          + "table.sortable th{cursor:pointer}th[aria-sort=ascending]::after{content:' \\25B2'}"
          + "th[aria-sort=descending]::after{content:' \\25BC'}"
          + "footer{margin-top:18px;border-top:1px solid #dde2e6;padding-top:4px}"
          + "code{font-size:12px;overflow-wrap:anywhere}"
          + "@media (max-width:600px){body{padding:8px}h1{font-size:18px}.banner{font-size:15px}}";

  /**
   * The page's one script, inline and offline: a click on (or Enter in) a table header sorts the
   * rows of a {@code table.sortable} by that column, ascending then descending; numeric columns
   * ({@code th.num}) by value, read back from the formatted text (thousands separators, {@code <
   * 1e-16}, U+2212, ∞), other columns as text with numbers in it compared as numbers; empty cells
   * and {@code –} last either way.
   */
  public static final String SORT_SCRIPT =
      "(function(){var each=Array.prototype.forEach;"
          + "function key(c,num){var t=c.textContent.trim();if(!num)return t===''?null:t;"
          + "t=t.replace(/[,\\s<]/g,'').replace(/\\u2212/g,'-').replace('\\u221e','Infinity');"
          + "var x=parseFloat(t);return isNaN(x)?null:x}"
          + "document.querySelectorAll('table.sortable').forEach(function(t){var hs=t.rows[0].cells;"
          + "each.call(hs,function(th,i){th.tabIndex=0;"
          + "function sort(){var num=th.classList.contains('num'),"
          + "asc=th.getAttribute('aria-sort')!=='ascending';"
          + "var rows=Array.prototype.slice.call(t.rows,1);"
          + "rows.sort(function(a,b){var x=key(a.cells[i],num),y=key(b.cells[i],num);"
          + "if(x===null)return y===null?0:1;if(y===null)return -1;"
          + "var d=num?(x<y?-1:x>y?1:0):x.localeCompare(y,undefined,{numeric:true});"
          + "return asc?d:-d});"
          + "rows.forEach(function(r){r.parentNode.appendChild(r)});"
          + "each.call(hs,function(h){h.removeAttribute('aria-sort')});"
          + "th.setAttribute('aria-sort',asc?'ascending':'descending')}"
          + "th.addEventListener('click',sort);"
          + "th.addEventListener('keydown',function(e){if(e.key==='Enter')sort()})})})})();";

  private final StringBuilder b = new StringBuilder(64 * 1024);
  private final PageFooter footer;

  /**
   * Starts a page titled {@code title} (text), with the links to the full report of {@code footer}
   * beside the title ({@code <nav id="full-report">}).
   */
  public HtmlPage(String title, PageFooter footer) {
    this.footer = java.util.Objects.requireNonNull(footer, "footer");
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append(MARK)
        .append("\n<title>")
        .append(escape(title))
        .append("</title>\n<style>")
        .append(CSS)
        .append("</style></head><body>\n<header class=\"top\"><h1>")
        .append(escape(title))
        .append("</h1>");
    String links = footer.links();
    if (!links.isEmpty()) {
      b.append("<nav class=\"muted\" id=\"full-report\">Full report: ")
          .append(links)
          .append("</nav>");
    }
    b.append("</header>\n");
  }

  /**
   * The verdict banner of a report that tests its groups: "DIFFER — 3 of 10 tested groups differ
   * from ... (TEST adjusted p &lt; 0.05). Most evidence: a, b" in the warn colour when any group
   * differs, else "{@code none}" in the ok colour; the names of the groups with most evidence are
   * in the element {@code #worst}.
   *
   * @param from what the groups differ from, e.g. {@code the model}
   * @param none the verdict word when no group differs, e.g. {@code fit}
   * @param test the test(s) behind the adjusted p-values, e.g. {@code Benjamini–Hochberg}
   * @param names the groups with most evidence, in order (may be empty)
   */
  public HtmlPage verdict(
      long significant, long tested, String from, String none, String test, List<String> names) {
    String headline =
        significant
            + " of "
            + tested
            + " tested groups differ from "
            + from
            + " ("
            + test
            + " adjusted p < 0.05)";
    return banner(
        significant > 0 ? "warn" : "ok",
        "<b>"
            + (significant > 0 ? "differ" : none)
            + "</b> — "
            + HtmlFormat.escape(headline)
            + (names.isEmpty()
                ? ""
                : ". Most evidence: <span id=\"worst\">"
                    + HtmlFormat.escape(String.join(", ", names))
                    + "</span>"));
  }

  /** A banner (the verdict, the headline) in the colour of {@code status}; {@code html} inside. */
  public HtmlPage banner(String status, String html) {
    b.append("<div class=\"banner ")
        .append(cssClass(status))
        .append("\" id=\"verdict\">")
        .append(html)
        .append("</div>\n");
    return this;
  }

  /** A section heading with an id (for tests and links). */
  public HtmlPage h2(String id, String text) {
    b.append("<h2 id=\"").append(escape(id)).append("\">").append(escape(text)).append("</h2>\n");
    return this;
  }

  /** A paragraph of text. */
  public HtmlPage p(String text) {
    b.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  /** A paragraph of small grey text. */
  public HtmlPage note(String text) {
    b.append("<p class=\"muted\">").append(escape(text)).append("</p>\n");
    return this;
  }

  /** Markup built by this package (or escaped by the caller). */
  public HtmlPage raw(String html) {
    b.append(html);
    return this;
  }

  /** Headline numbers: label to value (both text). */
  public HtmlPage tiles(Map<String, String> tiles) {
    b.append("<div class=\"tiles\">");
    tiles.forEach(
        (l, v) ->
            b.append("<div class=\"tile\"><div class=\"v\">")
                .append(escape(v))
                .append("</div><div class=\"l\">")
                .append(escape(l))
                .append("</div></div>"));
    b.append("</div>\n");
    return this;
  }

  /** Charts (SVG markup from {@link SvgChart}) side by side, wrapping on narrow screens. */
  public HtmlPage charts(Collection<String> svgs) {
    b.append("<div class=\"charts\">\n");
    for (String s : svgs) {
      b.append("<div class=\"chart\">").append(s).append("</div>\n");
    }
    b.append("</div>\n");
    return this;
  }

  /** One chart over the full width. */
  public HtmlPage chart(String svg) {
    b.append("<div class=\"charts\"><div class=\"chart wide\">")
        .append(svg)
        .append("</div></div>\n");
    return this;
  }

  /** A table (in a horizontally scrolling box). */
  public HtmlPage table(Table t) {
    b.append(t.html());
    return this;
  }

  /**
   * The run's parameters in a folded {@code <details>} section: one row per {@code key: value},
   * lists joined by commas, nested maps flattened to {@code key · sub-key}, absent (null) values
   * left out, numbers by {@link HtmlFormat#num}.
   */
  public HtmlPage parameters(String id, String summary, Map<String, ?> parameters) {
    b.append("<details id=\"")
        .append(escape(id))
        .append("\"><summary>")
        .append(escape(summary))
        .append("</summary>\n<div class=\"scroll\"><table>\n");
    List<String[]> rows = new ArrayList<>();
    flatten("", parameters, rows);
    for (String[] r : rows) {
      b.append("<tr><td class=\"key\">")
          .append(escape(r[0]))
          .append("</td><td>")
          .append(escape(r[1]))
          .append("</td></tr>\n");
    }
    b.append("</table></div></details>\n");
    return this;
  }

  /**
   * The page's footer (its {@code note}, text, then the {@link PageFooter} stamp), the sorting
   * script and the closing tags; the page as a string.
   */
  public String html(String note) {
    b.append(footer.html(note))
        .append("<script>")
        .append(SORT_SCRIPT)
        .append("</script>\n</body></html>\n");
    return b.toString();
  }

  /** Flattens a parameter map into readable (key, value) rows. */
  static void flatten(String prefix, Map<String, ?> m, List<String[]> out) {
    m.forEach(
        (k, v) -> {
          String key = prefix.isEmpty() ? k : prefix + " · " + k;
          if (v == null) {
            return;
          }
          if (v instanceof Map<?, ?> sub) {
            Map<String, Object> s = new java.util.LinkedHashMap<>();
            sub.forEach((a, c) -> s.put(String.valueOf(a), c));
            flatten(key, s, out);
          } else {
            String text = text(v);
            if (!text.isEmpty()) {
              out.add(new String[] {key, text});
            }
          }
        });
  }

  /** A parameter value as text: lists joined by commas, numbers by {@link HtmlFormat#num}. */
  static String text(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Collection<?> c) {
      List<String> parts = new ArrayList<>();
      for (Object o : c) {
        if (o != null) {
          parts.add(o instanceof Map<?, ?> ? mapText((Map<?, ?>) o) : text(o));
        }
      }
      return String.join(", ", parts);
    }
    if (v instanceof Map<?, ?> m) {
      return mapText(m);
    }
    if (v instanceof Double || v instanceof Float) {
      return HtmlFormat.num(((Number) v).doubleValue(), 6);
    }
    return String.valueOf(v);
  }

  private static String mapText(Map<?, ?> m) {
    List<String> parts = new ArrayList<>();
    m.forEach(
        (k, v) -> {
          if (v != null) {
            parts.add(k + ": " + text(v));
          }
        });
    return String.join("; ", parts);
  }

  /** A CSS class name from a status label. */
  public static String cssClass(String status) {
    return status == null ? "" : status.replaceAll("[^a-z_]", "");
  }

  /**
   * A table: header cells, then rows of text, numbers, p-values or markup; sortable by a click on a
   * header ({@link #SORT_SCRIPT}).
   */
  public static final class Table {
    private final StringBuilder t = new StringBuilder();
    private final List<Boolean> numeric = new ArrayList<>();
    private final List<Boolean> wide = new ArrayList<>();

    /**
     * Starts a table.
     *
     * @param id the table's id (for tests and links)
     * @param headers the column headers; a header starting with {@code #} marks a numeric column,
     *     one starting with {@code ~} a column of long text kept wide enough to read (the mark is
     *     not shown)
     */
    public Table(String id, String... headers) {
      t.append("<div class=\"scroll\"><table class=\"sortable\" id=\"")
          .append(escape(id))
          .append("\">\n<tr>");
      for (String h : headers) {
        boolean num = h.startsWith("#");
        boolean w = h.startsWith("~");
        numeric.add(num);
        wide.add(w);
        t.append(num ? "<th class=\"num\">" : "<th>")
            .append(escape(num || w ? h.substring(1) : h))
            .append("</th>");
      }
      t.append("</tr>\n");
    }

    /**
     * A row. Cells: {@link String} text, {@link Double} numbers ({@link HtmlFormat#num}), {@link
     * Html} markup, null as empty.
     *
     * @param status the row's CSS class (a status label), or null
     */
    public Table row(String status, Object... cells) {
      t.append(status == null ? "<tr>" : "<tr class=\"" + cssClass(status) + "\">");
      for (int i = 0; i < cells.length; i++) {
        boolean num = i < numeric.size() && numeric.get(i);
        Object c = cells[i];
        boolean w = i < wide.size() && wide.get(i);
        t.append(num ? "<td class=\"num\">" : w ? "<td class=\"wide\">" : "<td>");
        if (c instanceof Html h) {
          t.append(h.markup());
        } else if (c instanceof Number n) {
          t.append(escape(HtmlFormat.num(n.doubleValue())));
        } else if (c != null) {
          t.append(escape(String.valueOf(c)));
        }
        t.append("</td>");
      }
      t.append("</tr>\n");
      return this;
    }

    /** The table's markup. */
    public String html() {
      return t + "</table></div>\n";
    }
  }

  /**
   * A cell of markup (already escaped).
   *
   * @param markup the HTML
   */
  public record Html(String markup) {
    /** Text, escaped. */
    public static Html text(String s) {
      return new Html(escape(s));
    }

    /** A p-value ({@link HtmlFormat#pValue}). */
    public static Html pValue(Double p) {
      return new Html(escape(HtmlFormat.pValue(p)));
    }

    /** A count ({@link HtmlFormat#count}). */
    public static Html count(Double n) {
      return new Html(escape(HtmlFormat.count(n)));
    }
  }
}

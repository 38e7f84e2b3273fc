package dev.klspark.spark.sql;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The PySpark examples of docs/python.md and their JVM twins.
 *
 * <p>{@link #parse} reads the page's {@code ```python} blocks as statements (a statement runs on
 * while its parentheses are open); the {@code # } lines right after a statement that ends in {@code
 * .show(...)} are its printed output, other {@code #} lines are comments, and {@code import} lines
 * are skipped. {@link Twin} runs the statements in page order on the JVM: the same SQL text through
 * {@code SparkSession.sql}, the same function names and arguments through {@code
 * org.apache.spark.sql.functions.call_function}, and {@code show()} as PySpark's {@code show()}
 * calls it ({@code showString(n, 20 or 0, false)} on the JVM Dataset). It understands the subset of
 * PySpark the page uses and fails on anything else, so that an example it cannot twin cannot be
 * added to the page.
 *
 * <p>The one liberty: the session builder's {@code spark.jars.packages}, {@code spark.jars} and
 * {@code spark.jars.repositories} are not applied, as the twin's classpath already holds the jar
 * (the {@code --packages} route itself is .ci/packages-check's); every other {@code .config} is.
 */
final class PythonDoc {
  private PythonDoc() {}

  /** Settings the twin does not apply: they fetch the jar, which its classpath already holds. */
  static final Set<String> JAR_SETTINGS =
      Set.of("spark.jars.packages", "spark.jars", "spark.jars.repositories");

  /**
   * One statement of the page.
   *
   * @param line the page's line number of its first line
   * @param code the statement, its lines joined with newlines
   * @param output the printed output shown after it ({@code # } removed), or null
   */
  record Statement(int line, String code, String output) {
    boolean shows() {
      return code.replaceAll("\\s", "").matches(".*\\.show\\([^()]*\\)\\)?");
    }
  }

  /** The statements of every {@code ```python} block, in page order. */
  static List<Statement> parse(Path doc) throws IOException {
    List<Statement> out = new ArrayList<>();
    boolean inPython = false;
    boolean collecting = false;
    StringBuilder code = new StringBuilder();
    int start = 0;
    List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("```")) {
        if (code.length() > 0) {
          throw new IllegalStateException("line " + start + ": unclosed statement: " + code);
        }
        inPython = !inPython && line.equals("```python");
        collecting = false;
        continue;
      }
      if (!inPython) {
        continue;
      }
      String trimmed = line.strip();
      if (code.length() == 0) {
        if (trimmed.startsWith("#")) {
          if (collecting) { // the output of the show() right above
            Statement last = out.get(out.size() - 1);
            String text = trimmed.startsWith("# ") ? trimmed.substring(2) : "";
            String joined = last.output() == null ? text : last.output() + "\n" + text;
            out.set(out.size() - 1, new Statement(last.line(), last.code(), joined));
          }
          continue;
        }
        collecting = false;
        if (trimmed.isEmpty() || trimmed.startsWith("from ") || trimmed.startsWith("import ")) {
          continue;
        }
        start = i + 1;
      }
      code.append(code.length() == 0 ? "" : "\n").append(line);
      if (openParentheses(code) == 0) {
        Statement statement = new Statement(start, code.toString(), null);
        out.add(statement);
        collecting = statement.shows();
        code.setLength(0);
      }
    }
    return out;
  }

  /** The {@code .config(key, value)} pairs of the page's {@code SparkSession.builder} statement. */
  static Map<String, String> sessionConfig(List<Statement> statements) {
    Map<String, String> config = new LinkedHashMap<>();
    for (Statement s : statements) {
      if (s.code().contains("SparkSession.builder")) {
        Twin recorder = new Twin(config);
        recorder.run(s);
      }
    }
    return config;
  }

  private static int openParentheses(CharSequence code) {
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
    }
    return depth;
  }

  /**
   * Runs statements on the JVM, keeping the page's variables; {@link #run} returns what a {@code
   * show()} statement prints (without the final newline), or null.
   */
  static final class Twin {
    private final Map<String, Object> variables = new HashMap<>();
    private final Map<String, String> recordOnly;
    private List<String> tokens;
    private int pos;

    /** A twin that runs the statements. */
    Twin() {
      this.recordOnly = null;
    }

    /** A twin that only records the builder's settings into {@code config}. */
    private Twin(Map<String, String> config) {
      this.recordOnly = config;
    }

    String run(Statement s) {
      tokens = tokenize(s.code());
      pos = 0;
      Object value;
      if (tokens.size() > 2 && isName(tokens.get(0)) && tokens.get(1).equals("=")) {
        String name = tokens.get(0);
        pos = 2;
        value = expression();
        variables.put(name, value);
      } else {
        value = expression();
      }
      if (pos != tokens.size()) {
        throw unsupported("unexpected '" + tokens.get(pos) + "'");
      }
      return value instanceof Shown shown ? shown.text() : null;
    }

    /** The printed output of a {@code show()}. */
    private record Shown(String text) {}

    /** {@code SparkSession} and {@code SparkSession.builder}, before a session exists. */
    private enum Marker {
      SPARK_SESSION_CLASS
    }

    private Object expression() {
      Object value = primary();
      while (pos < tokens.size() && tokens.get(pos).equals(".")) {
        pos++;
        String member = next();
        if (pos < tokens.size() && tokens.get(pos).equals("(")) {
          value = call(value, member, arguments());
        } else {
          value = attribute(value, member);
        }
      }
      return value;
    }

    private Object primary() {
      String t = next();
      if (isString(t)) { // adjacent literals are one string, as in Python
        StringBuilder s = new StringBuilder(t.substring(1, t.length() - 1));
        while (pos < tokens.size() && isString(tokens.get(pos))) {
          String u = tokens.get(pos++);
          s.append(u, 1, u.length() - 1);
        }
        return s.toString();
      }
      if (Character.isDigit(t.charAt(0)) || t.startsWith("-")) {
        return t.contains(".") || t.contains("e") ? (Object) Double.valueOf(t) : Integer.valueOf(t);
      }
      if (t.equals("(")) {
        Object inner = expression();
        expect(")");
        return inner;
      }
      if (!isName(t)) {
        throw unsupported("unexpected '" + t + "'");
      }
      if (pos < tokens.size() && tokens.get(pos).equals("(")) {
        return function(t, arguments());
      }
      return switch (t) {
        case "True" -> Boolean.TRUE;
        case "False" -> Boolean.FALSE;
        case "SparkSession" -> Marker.SPARK_SESSION_CLASS;
        default -> {
          if (!variables.containsKey(t)) {
            throw unsupported("unknown name " + t);
          }
          yield variables.get(t);
        }
      };
    }

    /** Positional arguments, then keyword arguments under their names. */
    private record Arguments(List<Object> positional, Map<String, Object> keywords) {}

    private Arguments arguments() {
      expect("(");
      List<Object> positional = new ArrayList<>();
      Map<String, Object> keywords = new LinkedHashMap<>();
      while (!tokens.get(pos).equals(")")) {
        if (isName(tokens.get(pos)) && tokens.get(pos + 1).equals("=")) {
          String name = tokens.get(pos);
          pos += 2;
          keywords.put(name, expression());
        } else {
          positional.add(expression());
        }
        if (tokens.get(pos).equals(",")) {
          pos++;
        } else if (!tokens.get(pos).equals(")")) {
          throw unsupported("expected ',' or ')' but found '" + tokens.get(pos) + "'");
        }
      }
      pos++;
      return new Arguments(positional, keywords);
    }

    /** {@code pyspark.sql.functions}: call_function, col, lit, expr. */
    private Object function(String name, Arguments a) {
      noKeywords(name, a);
      List<Object> args = a.positional();
      return switch (name) {
        case "call_function" -> {
          String fn = (String) args.get(0);
          Column[] columns = new Column[args.size() - 1];
          for (int i = 1; i < args.size(); i++) {
            columns[i - 1] = column(args.get(i));
          }
          yield functions.call_function(fn, columns);
        }
        case "col" -> functions.col(single(name, args, String.class));
        case "lit" -> functions.lit(single(name, args, Object.class));
        case "expr" -> functions.expr(single(name, args, String.class));
        default -> throw unsupported("function " + name + "()");
      };
    }

    private Object attribute(Object target, String name) {
      if (target == Marker.SPARK_SESSION_CLASS && name.equals("builder")) {
        return recordOnly != null ? recordOnly : SparkSession.builder();
      }
      throw unsupported("attribute ." + name + " of " + describe(target));
    }

    private Object call(Object target, String method, Arguments a) {
      List<Object> args = a.positional();
      if (target instanceof Map<?, ?> && recordOnly != null) {
        if (method.equals("config")) {
          recordOnly.put((String) args.get(0), String.valueOf(args.get(1)));
        }
        return recordOnly;
      }
      if (target instanceof SparkSession.Builder b) {
        noKeywords(method, a);
        switch (method) {
          case "config" -> {
            String key = (String) args.get(0);
            return JAR_SETTINGS.contains(key) ? b : b.config(key, String.valueOf(args.get(1)));
          }
          case "appName" -> {
            return b.appName(single(method, args, String.class));
          }
          case "getOrCreate" -> {
            return b.getOrCreate();
          }
          default -> throw unsupported("SparkSession.builder." + method + "()");
        }
      }
      if (target instanceof SparkSession spark && method.equals("sql")) {
        noKeywords(method, a);
        return spark.sql(single(method, args, String.class));
      }
      if (target instanceof Dataset<?> d) {
        @SuppressWarnings("unchecked")
        Dataset<Row> df = (Dataset<Row>) d;
        if (!method.equals("show")) {
          noKeywords(method, a);
        }
        return switch (method) {
          case "select" -> df.select(columns(args));
          case "where", "filter" -> df.where(column(single(method, args, Object.class)));
          case "groupBy" -> df.groupBy(columns(args));
          case "orderBy" -> df.orderBy(columns(args));
          case "show" -> show(df, a);
          default -> throw unsupported("DataFrame." + method + "()");
        };
      }
      if (target instanceof RelationalGroupedDataset g && method.equals("agg")) {
        noKeywords(method, a);
        Column[] columns = columns(args);
        Column[] rest = new Column[columns.length - 1];
        System.arraycopy(columns, 1, rest, 0, rest.length);
        return g.agg(columns[0], rest);
      }
      if (target instanceof Column c && method.equals("alias")) {
        noKeywords(method, a);
        return c.alias(single(method, args, String.class));
      }
      throw unsupported(describe(target) + "." + method + "()");
    }

    /**
     * PySpark's {@code DataFrame.show(n=20, truncate=True)}: {@code showString(n, 20 or 0, false)}
     * on the JVM Dataset, which is what the JVM's {@code show(n, truncate)} prints.
     */
    private static Shown show(Dataset<Row> df, Arguments a) {
      int n = a.positional().isEmpty() ? 20 : (Integer) a.positional().get(0);
      for (String k : a.keywords().keySet()) {
        if (!k.equals("n") && !k.equals("truncate")) {
          throw new IllegalArgumentException("show(): unsupported keyword " + k);
        }
      }
      n = (Integer) a.keywords().getOrDefault("n", n);
      boolean truncate = (Boolean) a.keywords().getOrDefault("truncate", Boolean.TRUE);
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      final int rows = n;
      scala.Console.<Object>withOut(
          buffer,
          () -> {
            df.show(rows, truncate);
            return null;
          });
      // The table's lines; the page leaves out the empty line that show() prints after it.
      return new Shown(buffer.toString(StandardCharsets.UTF_8).stripTrailing());
    }

    /** A column argument: a string names a column, as in PySpark's ColumnOrName. */
    private static Column column(Object o) {
      if (o instanceof Column c) {
        return c;
      }
      if (o instanceof String s) {
        return functions.col(s);
      }
      throw new IllegalArgumentException("not a column or a column name: " + o);
    }

    private static Column[] columns(List<Object> args) {
      return args.stream().map(Twin::column).toArray(Column[]::new);
    }

    private static <T> T single(String what, List<Object> args, Class<T> type) {
      if (args.size() != 1 || !type.isInstance(args.get(0))) {
        throw new IllegalArgumentException(
            what + "(): expected one " + type.getSimpleName() + ", got " + args);
      }
      return type.cast(args.get(0));
    }

    private static void noKeywords(String what, Arguments a) {
      if (!a.keywords().isEmpty()) {
        throw new IllegalArgumentException(what + "(): unsupported keywords " + a.keywords());
      }
    }

    private String next() {
      if (pos >= tokens.size()) {
        throw unsupported("unexpected end");
      }
      return tokens.get(pos++);
    }

    private void expect(String token) {
      String t = next();
      if (!t.equals(token)) {
        throw unsupported("expected '" + token + "' but found '" + t + "'");
      }
    }

    private IllegalArgumentException unsupported(String what) {
      return new IllegalArgumentException(
          "docs/python.md: not in the subset of PySpark the JVM twin runs: "
              + what
              + " in: "
              + String.join(" ", tokens));
    }

    private static String describe(Object o) {
      return o == null ? "None" : o.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static boolean isString(String t) {
      return t.startsWith("\"") || t.startsWith("'");
    }

    private static boolean isName(String t) {
      return t.matches("[A-Za-z_][A-Za-z0-9_]*");
    }

    /** Names, numbers, quoted strings (kept with their quotes) and the characters {@code ().,=}. */
    static List<String> tokenize(String code) {
      List<String> out = new ArrayList<>();
      int i = 0;
      while (i < code.length()) {
        char c = code.charAt(i);
        if (Character.isWhitespace(c) || c == '\\') {
          i++;
        } else if (c == '"' || c == '\'') {
          StringBuilder s = new StringBuilder().append(c);
          int j = i + 1;
          while (code.charAt(j) != c) {
            if (code.charAt(j) == '\\') {
              j++;
            }
            s.append(code.charAt(j++));
          }
          out.add(s.append(c).toString());
          i = j + 1;
        } else if (Character.isLetter(c) || c == '_') {
          int j = i;
          while (j < code.length()
              && (Character.isLetterOrDigit(code.charAt(j)) || code.charAt(j) == '_')) {
            j++;
          }
          out.add(code.substring(i, j));
          i = j;
        } else if (Character.isDigit(c)) {
          int j = i;
          while (j < code.length()
              && (Character.isDigit(code.charAt(j)) || ".eE".indexOf(code.charAt(j)) >= 0)) {
            j++;
          }
          out.add(code.substring(i, j));
          i = j;
        } else if ("().,=".indexOf(c) >= 0) {
          out.add(String.valueOf(c));
          i++;
        } else {
          throw new IllegalArgumentException("docs/python.md: unexpected character " + c);
        }
      }
      return out;
    }
  }
}

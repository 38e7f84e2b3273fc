package dev.klspark.spark.sql;

import dev.klspark.spark.compat.SparkCompat;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.HiveResult;

/**
 * SQL scripts as spark-sql reads them: text split into statements on the semicolons that end them
 * ({@link #split}, {@link #scan} for a prompt that reads line by line), and the rows of one
 * statement as spark-sql prints them ({@link #rows}).
 */
public final class SqlStatements {
  private SqlStatements() {}

  /** The rows of one statement as spark-sql prints them: columns tab-separated. */
  public static List<String> rows(SparkSession spark, String statement) {
    return SparkCompat.list(
        HiveResult.hiveResultString(SparkCompat.executedPlan(spark.sql(statement))));
  }

  /**
   * Splits SQL text into statements on the semicolons outside string literals ('...', "...", with
   * backslash escapes and doubled quotes; raw strings r'...' without escapes), backquoted
   * identifiers, {@code --} line comments and bracketed comments (slash-star to star-slash, nested
   * as Spark allows). Leading whitespace and comments are dropped from each statement, statements
   * that are only comments are dropped; a last statement needs no ';'.
   */
  public static List<String> split(String text) {
    Split split = scan(text);
    List<String> statements = new ArrayList<>(split.statements());
    if (split.restHasCode()) {
      statements.add(split.restCode());
    }
    return statements;
  }

  /**
   * The statements ended by ';' in some text, and what follows the last ';': {@code rest} verbatim,
   * {@code restCode} from its first non-comment character on (stripped), whether it has any code,
   * and whether it ends inside a string, backquote or comment.
   */
  public record Split(
      List<String> statements,
      String rest,
      String restCode,
      boolean restHasCode,
      boolean restOpen) {}

  /**
   * Scans {@code text} once: the statements its semicolons end, and the rest after the last one
   * (which a prompt keeps while the user goes on typing).
   */
  public static Split scan(String text) {
    List<String> statements = new ArrayList<>();
    int n = text.length();
    int start = 0; // after the last ';'
    int code = -1; // first code character of the current statement
    boolean open = false;
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      char next = i + 1 < n ? text.charAt(i + 1) : 0;
      if (c == ';') {
        if (code >= 0) {
          statements.add(text.substring(code, i).strip());
        }
        code = -1;
        start = ++i;
      } else if (c == '-' && next == '-') {
        i = endOfLineComment(text, i + 2);
        open = i < 0;
        i = open ? n : i;
      } else if (c == '/' && next == '*') {
        i = endOfBlockComment(text, i + 2);
        open = i < 0;
        i = open ? n : i;
      } else if (c == '\'' || c == '"' || c == '`') {
        if (code < 0) {
          code = i;
        }
        boolean raw = c != '`' && isRawPrefix(text, i);
        i = endOfQuoted(text, i + 1, c, raw);
        open = i < 0;
        i = open ? n : i;
      } else {
        if (code < 0 && !Character.isWhitespace(c)) {
          code = i;
        }
        i++;
      }
    }
    String rest = text.substring(start);
    return new Split(
        statements, rest, code < 0 ? "" : text.substring(code).strip(), code >= 0, open);
  }

  /** Whether the quote at {@code i} opens a raw string literal: r'...' or R"...". */
  private static boolean isRawPrefix(String text, int i) {
    if (i < 1 || (text.charAt(i - 1) != 'r' && text.charAt(i - 1) != 'R')) {
      return false;
    }
    return i < 2 || !Character.isLetterOrDigit(text.charAt(i - 2)) && text.charAt(i - 2) != '_';
  }

  /** The index after the closing quote, or -1 when the text ends first. */
  private static int endOfQuoted(String text, int i, char quote, boolean raw) {
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && quote != '`' && !raw) {
        i += 2;
      } else if (c == quote) {
        return i + 1; // a doubled quote closes and reopens: the same split
      } else {
        i++;
      }
    }
    return -1;
  }

  /**
   * The index after a {@code --} comment's newline, or -1 when the text ends first (a comment
   * continues over a backslash-newline, as in Spark's lexer).
   */
  private static int endOfLineComment(String text, int i) {
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        i += 2;
      } else if (c == '\n' || c == '\r') {
        return i + 1;
      } else {
        i++;
      }
    }
    return -1;
  }

  /** The index after the star-slash closing a (nested) comment, or -1 when the text ends first. */
  private static int endOfBlockComment(String text, int i) {
    int depth = 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
      if (c == '/' && next == '*') {
        depth++;
        i += 2;
      } else if (c == '*' && next == '/') {
        i += 2;
        if (--depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return -1;
  }
}

package dev.klspark.spark.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The statement splitter: semicolons inside strings, backquotes and comments do not end a
 * statement. (jobs/sql running the split statements: {@code SqlJobTest}.)
 */
class SqlStatementsTest {
  @Test
  void semicolonsInStringsDoNotSplit() {
    assertThat(SqlStatements.split("SELECT 'a;b', \"c;d\"; SELECT 2"))
        .containsExactly("SELECT 'a;b', \"c;d\"", "SELECT 2");
  }

  @Test
  void backslashEscapedQuotes() {
    assertThat(SqlStatements.split("SELECT 'it\\'s; ok'; SELECT \"say \\\"hi;\\\"\"; SELECT 3"))
        .containsExactly("SELECT 'it\\'s; ok'", "SELECT \"say \\\"hi;\\\"\"", "SELECT 3");
  }

  @Test
  void doubledQuotes() {
    assertThat(SqlStatements.split("SELECT 'it''s; ok'; SELECT \"a\"\"b;\"; SELECT 3"))
        .containsExactly("SELECT 'it''s; ok'", "SELECT \"a\"\"b;\"", "SELECT 3");
  }

  @Test
  void rawStringsHaveNoEscapes() {
    assertThat(SqlStatements.split("SELECT r'C:\\'; SELECT R\"x\\\"; SELECT 3"))
        .containsExactly("SELECT r'C:\\'", "SELECT R\"x\\\"", "SELECT 3");
  }

  @Test
  void backquotedIdentifiers() {
    assertThat(SqlStatements.split("SELECT 1 AS `a;b`; SELECT 2 AS `x``;y`; SELECT 3 AS `c\\`;"))
        .containsExactly("SELECT 1 AS `a;b`", "SELECT 2 AS `x``;y`", "SELECT 3 AS `c\\`");
  }

  @Test
  void lineComments() {
    assertThat(
            SqlStatements.split(
                "SELECT 1; -- no; split here\nSELECT 2 -- trailing; comment\n; SELECT '--' -- x"))
        .containsExactly("SELECT 1", "SELECT 2 -- trailing; comment", "SELECT '--' -- x");
  }

  @Test
  void nestedBlockComments() {
    assertThat(
            SqlStatements.split(
                "SELECT /* outer; /* inner; */ still; comment */ 1; SELECT /*+ REPARTITION(2) */ 2"))
        .containsExactly(
            "SELECT /* outer; /* inner; */ still; comment */ 1", "SELECT /*+ REPARTITION(2) */ 2");
  }

  @Test
  void commentOnlyAndEmptyStatementsAreDropped() {
    assertThat(
            SqlStatements.split(
                "-- header\n/* c; */ SELECT 1; -- only a comment\n; /* just /* this; */ */ ; ;  \n"))
        .containsExactly("SELECT 1");
    assertThat(SqlStatements.split("-- nothing; here\n")).isEmpty();
  }

  @Test
  void aLastStatementNeedsNoSemicolon() {
    assertThat(SqlStatements.split("SELECT 1;\nSELECT 2\n"))
        .containsExactly("SELECT 1", "SELECT 2");
  }
}

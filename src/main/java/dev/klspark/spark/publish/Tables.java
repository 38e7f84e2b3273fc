package dev.klspark.spark.publish;

import dev.klspark.KlsparkException;
import dev.klspark.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Catalog tables as the jobs name them: any name Spark's catalogs resolve ({@code flights}, {@code
 * db.flights}, {@code local.db.flights} for a catalog {@code local} configured with {@code
 * spark.sql.catalog.local=...}). Checks a name's form, tells whether a table exists, reads it,
 * reads its properties and tells whether two names are the same table. Spark's catalogs do the
 * work; this class only turns their answers into one-line messages.
 */
public final class Tables {
  /** The table property that marks a table klspark created (value {@link #OWNER}). */
  public static final String OWNER_PROPERTY = "klspark.owner";

  /** The value of {@link #OWNER_PROPERTY}. */
  public static final String OWNER = "klspark";

  /** The table property that holds a report's summary JSON on an output table. */
  public static final String SUMMARY_PROPERTY = "klspark.summary";

  private static final Pattern PART = Pattern.compile("`((?:[^`]|``)+)`|([A-Za-z0-9_]+)");

  private Tables() {}

  /**
   * The parts of a table name ({@code local.db.t} gives {@code [local, db, t]}; back-quoted parts
   * may hold any character, {@code ``} for a back quote).
   *
   * @param flag the flag or key naming the table, for the message
   * @throws UsageException when the name is empty or not of that form
   */
  public static List<String> parts(String name, String flag) {
    List<String> parts = new ArrayList<>();
    String rest = name == null ? "" : name.strip();
    Matcher m = PART.matcher(rest);
    int at = 0;
    while (at < rest.length() && m.find(at) && m.start() == at) {
      parts.add(m.group(1) != null ? m.group(1).replace("``", "`") : m.group(2));
      at = m.end();
      if (at < rest.length()) {
        if (rest.charAt(at) != '.') {
          break;
        }
        at++;
        if (at == rest.length()) {
          parts.clear();
          break;
        }
      }
    }
    if (parts.isEmpty() || at < rest.length()) {
      throw new UsageException(
          String.format(
              Locale.ROOT,
              "%s '%s' is not a table name; expected e.g. db.table or catalog.db.table",
              flag,
              name));
    }
    return parts;
  }

  /**
   * Whether the table exists in its catalog.
   *
   * @throws KlsparkException when the catalog cannot be reached or is not configured
   */
  public static boolean exists(SparkSession spark, String name) {
    try {
      return spark.catalog().tableExists(name);
    } catch (RuntimeException e) {
      throw new KlsparkException(
          "cannot look up the table " + name + ": " + firstLine(e.getMessage()), e);
    }
  }

  /**
   * Reads a table.
   *
   * @param flag the flag naming it ({@code --input-table}), for messages
   * @throws KlsparkException "table NAME not found (FLAG)" when it does not exist
   */
  public static Dataset<Row> read(SparkSession spark, String name, String flag) {
    parts(name, flag);
    if (!exists(spark, name)) {
      throw new KlsparkException("table " + name + " not found (" + flag + ")");
    }
    return spark.table(name);
  }

  /** The table's properties ({@code SHOW TBLPROPERTIES}); the table must exist. */
  public static Map<String, String> properties(SparkSession spark, String name) {
    Map<String, String> props = new LinkedHashMap<>();
    for (Row r : spark.sql("SHOW TBLPROPERTIES " + name).collectAsList()) {
      props.put(r.getString(0), r.getString(1));
    }
    return props;
  }

  /** Whether the table carries {@code klspark.owner=klspark}; the table must exist. */
  public static boolean ownedByKlspark(SparkSession spark, String name) {
    return OWNER.equals(properties(spark, name).get(OWNER_PROPERTY));
  }

  /**
   * The name qualified with the current catalog and namespace where it leaves them out, in lower
   * case ({@code t} gives {@code spark_catalog.default.t}): two names of the same table compare
   * equal. A first part that names a configured catalog is taken as the catalog.
   */
  public static String qualified(SparkSession spark, String name, String flag) {
    List<String> p = new ArrayList<>(parts(name, flag));
    boolean hasCatalog =
        p.size() > 1
            && (p.get(0).equalsIgnoreCase("spark_catalog")
                || spark.conf().contains("spark.sql.catalog." + p.get(0)));
    if (!hasCatalog) {
      if (p.size() == 1) {
        p.add(0, spark.catalog().currentDatabase());
      }
      p.add(0, spark.catalog().currentCatalog());
    }
    return String.join(".", p).toLowerCase(Locale.ROOT);
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    int cut = line.indexOf(" SQLSTATE:");
    return (cut < 0 ? line : line.substring(0, cut)).strip();
  }
}

package dev.klspark.spark.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.klspark.KlsparkException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.CreateTableWriter;
import org.apache.spark.sql.DataFrameWriterV2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * An output table of a run: klspark writes a catalog table only through the table format's own
 * commit ({@link DataFrameWriterV2}: one atomic snapshot per write, optimistic concurrency in
 * Iceberg), and replaces only tables it created. The rule mirrors that of output directories
 * ({@link OwnedOutput}): a table that exists must carry the property {@code klspark.owner=klspark}
 * (written by klspark when it creates a table), and the output must not be one of the run's input
 * tables. There is no lock: concurrent writers are the table format's business.
 */
public final class OwnedTable {
  private final SparkSession spark;
  private final String name;
  private final String flag;

  private OwnedTable(SparkSession spark, String name, String flag) {
    this.spark = spark;
    this.name = name;
    this.flag = flag;
  }

  /**
   * Claims {@code name} as an output table, before any Spark work.
   *
   * @param flag the flag naming it ({@code --output-table}), for messages
   * @param inputs the run's input tables, as (what, name) pairs: {@code input table}, {@code model
   *     table}; null names are skipped
   * @throws dev.klspark.UsageException when the name is not a table name
   * @throws KlsparkException when it is one of the inputs, exists without {@code
   *     klspark.owner=klspark}, or is in {@code spark_catalog} while that is Spark's built-in
   *     catalog (which cannot replace a table or a partition's rows in one commit)
   */
  public static OwnedTable claim(
      SparkSession spark, String name, String flag, List<OutputGuard.Input> inputs) {
    String q = Tables.qualified(spark, name, flag);
    for (OutputGuard.Input in : inputs) {
      if (in.path() != null && q.equals(Tables.qualified(spark, in.path(), in.what()))) {
        throw new KlsparkException(
            flag
                + " "
                + name
                + " is also the "
                + in.what()
                + "; write the report to another table");
      }
    }
    if (q.startsWith("spark_catalog.")
        && !spark.conf().contains("spark.sql.catalog.spark_catalog")) {
      throw new KlsparkException(
          flag
              + " "
              + name
              + " is in Spark's built-in catalog, whose tables cannot be replaced in one commit;"
              + " write to an Iceberg catalog (e.g. --conf"
              + " spark.sql.catalog.local=org.apache.iceberg.spark.SparkCatalog)");
    }
    OwnedTable t = new OwnedTable(spark, name, flag);
    t.refuseForeign();
    return t;
  }

  /** The table's name as given. */
  public String name() {
    return name;
  }

  private void refuseForeign() {
    if (Tables.exists(spark, name) && !Tables.ownedByKlspark(spark, name)) {
      throw new KlsparkException(
          flag
              + " "
              + name
              + " exists and was not created by klspark (no table property "
              + Tables.OWNER_PROPERTY
              + "="
              + Tables.OWNER
              + "); klspark replaces only its own tables: choose another name or drop it yourself");
    }
  }

  /**
   * Creates the table from {@code rows}, or replaces it (its rows, schema and properties) in one
   * commit ({@link DataFrameWriterV2#createOrReplace()}), with {@code klspark.owner=klspark} and
   * {@code properties}. When the catalog cannot replace tables atomically (e.g. a Parquet table of
   * spark_catalog) it fails with Spark's {@code org.apache.spark.sql.AnalysisException}, undeclared
   * as Spark throws it, and the table is as it was.
   *
   * @throws KlsparkException when the table is no longer klspark's
   */
  public void replace(Dataset<Row> rows, Map<String, String> properties) {
    refuseForeign(); // again: the table may have been replaced since the claim
    withProperties(rows.writeTo(name), properties).createOrReplace();
  }

  /**
   * Replaces the rows whose {@code column} equals {@code value} by {@code rows} (all of which hold
   * that value) in one commit ({@link DataFrameWriterV2#overwrite(Column)}; with Iceberg one
   * snapshot, which conflicts with no concurrent write of another value), creating the table
   * partitioned by {@code column} when it does not exist. Other values' rows stay as they are; rows
   * with a column the table lacks add it first ({@code ALTER TABLE ... ADD COLUMNS}), and columns
   * the rows lack are written as nulls.
   *
   * @throws KlsparkException when the table is not klspark's; on any failure (Spark's exception)
   *     the table's rows are as they were
   */
  public void replaceWhere(Dataset<Row> rows, String column, Object value) {
    if (!Tables.exists(spark, name)) {
      try {
        withProperties(rows.writeTo(name).partitionedBy(col(column)), Map.of()).create();
        return;
      } catch (Exception e) { // TableAlreadyExistsException is checked
        if (!Tables.exists(spark, name)) {
          throw unchecked(e);
        }
        // Another run created it meanwhile: replace this value's rows in it.
      }
    }
    refuseForeign();
    try {
      aligned(rows).writeTo(name).overwrite(col(column).equalTo(lit(value)));
    } catch (Exception e) { // NoSuchTableException is checked
      throw unchecked(e);
    }
  }

  /** {@code rows} with the table's columns: new ones added to the table, missing ones null. */
  private Dataset<Row> aligned(Dataset<Row> rows) {
    StructType table = spark.table(name).schema();
    List<String> added = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      if (!List.of(table.fieldNames()).contains(f.name())) {
        added.add("`" + f.name().replace("`", "``") + "` " + f.dataType().sql());
      }
    }
    if (!added.isEmpty()) {
      spark.sql("ALTER TABLE " + name + " ADD COLUMNS (" + String.join(", ", added) + ")");
      table = spark.table(name).schema();
    }
    List<Column> cols = new ArrayList<>();
    List<String> have = List.of(rows.schema().fieldNames());
    for (StructField f : table.fields()) {
      cols.add(have.contains(f.name()) ? col(f.name()) : lit(null).cast(f.dataType()).as(f.name()));
    }
    return rows.select(cols.toArray(new Column[0]));
  }

  private static CreateTableWriter<Row> withProperties(
      CreateTableWriter<Row> w, Map<String, String> properties) {
    Map<String, String> all = new LinkedHashMap<>(properties);
    all.put(Tables.OWNER_PROPERTY, Tables.OWNER);
    for (Map.Entry<String, String> e : all.entrySet()) {
      w = w.tableProperty(e.getKey(), e.getValue());
    }
    return w;
  }

  private RuntimeException unchecked(Exception e) {
    return e instanceof RuntimeException r
        ? r
        : new KlsparkException(
            "cannot write " + flag + " " + name + ": " + Tables.firstLine(e.getMessage()), e);
  }
}

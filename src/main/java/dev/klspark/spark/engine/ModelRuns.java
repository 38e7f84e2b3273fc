package dev.klspark.spark.engine;

import dev.klspark.spark.distribution.ModelTable;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A long model table's rows on their way to a per-group step, with each run of adjacent rows of one
 * group packed into one row that carries the run's entries ({@link GroupStream.Cells#modelCells}):
 * a table whose rows of a group are stored together (as an {@code explode} of a per-group
 * distribution or a sort by group writes them) then goes through the step's shuffle and sort as one
 * row per group and file instead of one per category, as a compact table does. Rows are packed
 * within each partition as they are read, one run at a time: nothing is sorted or hashed, so a
 * table whose rows of a group are scattered costs one pass and stays one row per category.
 *
 * <p>What the step computes does not change: it expands a carried row into the cells the rows would
 * have been (observed 0, the category, the probability) and merges a category's cells, counting the
 * model rows behind each, so a category with two model rows is still reported as a duplicate, also
 * when they sit in one run. Only rows that the step's entry check would pass are packed (a category
 * and a probability in [0, 1]); any other row (a null category or an invalid probability, which the
 * table's row check refuses as it is read) travels as it is. A run holds at most {@value
 * #MAX_ENTRIES} entries and {@value #MAX_CATEGORY_BYTES} bytes of categories, so one row stays
 * small whatever the number or the size of the categories.
 *
 * <p>The packed rows are a query of their own ({@link StepRows#over}), planned and run when the
 * report runs: a model side that reads the report's own counts (an exchange Spark would otherwise
 * reuse) should not be packed.
 *
 * <p>Input columns: the key columns, then category (string), observed (double, 0 on the model side)
 * and model (double). Output: the same columns and the carried entries ({@link
 * ModelTable#CELLS_TYPE}, null on a row that stands for itself); on a packed row the category and
 * the model are null.
 */
public final class ModelRuns implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The most entries one packed row carries. */
  static final int MAX_ENTRIES = 1024;

  /** A run ends once its categories' UTF-8 bytes reach this many. */
  static final int MAX_CATEGORY_BYTES = 1 << 20;

  private static final DataType CELLS = DataType.fromDDL(ModelTable.CELLS_TYPE);

  private final int keyCount;
  private final DataType[] keyTypes;
  private final boolean[] fixedWidth;

  private ModelRuns(DataType[] keyTypes) {
    this.keyCount = keyTypes.length;
    this.keyTypes = keyTypes;
    this.fixedWidth = GroupStream.fixedWidth(keyTypes);
  }

  /**
   * {@code modelSide}'s rows with each run of adjacent rows of one group packed into one row (see
   * the class comment). Nothing runs until the rows are read.
   *
   * @param modelSide the key columns ({@code keyCount} of them), then category (string), observed
   *     (double) and model (double)
   * @param keyCount how many leading columns are keys
   * @param cellsName the name of the output's carried entries
   * @return {@code modelSide}'s columns and {@code cellsName}
   * @throws IllegalArgumentException if the columns after the keys are not category (string),
   *     observed (double) and model (double)
   */
  public static Dataset<Row> packed(Dataset<Row> modelSide, int keyCount, String cellsName) {
    StructField[] fields = modelSide.schema().fields();
    if (fields.length != keyCount + 3
        || !fields[keyCount].dataType().equals(DataTypes.StringType)
        || !fields[keyCount + 1].dataType().equals(DataTypes.DoubleType)
        || !fields[keyCount + 2].dataType().equals(DataTypes.DoubleType)) {
      throw new IllegalArgumentException(
          "ModelRuns: expected "
              + keyCount
              + " key columns, then category (string), observed (double) and model (double); got "
              + modelSide.schema().simpleString());
    }
    DataType[] keyTypes = new DataType[keyCount];
    StructType schema = new StructType();
    for (int i = 0; i < keyCount; i++) {
      keyTypes[i] = fields[i].dataType();
      schema = schema.add(fields[i]);
    }
    // A packed row has no category and no model value of its own.
    schema =
        schema
            .add(fields[keyCount].name(), DataTypes.StringType, true)
            .add(fields[keyCount + 1])
            .add(fields[keyCount + 2].name(), DataTypes.DoubleType, true)
            .add(cellsName, CELLS, true);
    ModelRuns runs = new ModelRuns(keyTypes);
    return StepRows.over(modelSide, runs::call, schema);
  }

  /** One partition's rows, runs packed. */
  Iterator<InternalRow> call(Iterator<InternalRow> rows) {
    return new Iterator<>() {
      /** The current run's first row (a copy), or null. */
      private InternalRow head;

      /** The current run's categories (copies) and probabilities. */
      private final List<UTF8String> categories = new ArrayList<>();

      private double[] probabilities = new double[16];

      /** The UTF-8 bytes of the current run's categories. */
      private long categoryBytes;

      private final ArrayDeque<InternalRow> ready = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && (head != null || rows.hasNext())) {
          advance();
        }
        return !ready.isEmpty();
      }

      @Override
      public InternalRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }

      private void advance() {
        if (!rows.hasNext()) {
          flush();
          return;
        }
        InternalRow r = rows.next();
        if (!packable(r)) {
          flush();
          ready.add(as(r.copy(), null));
          return;
        }
        if (head != null
            && categories.size() < MAX_ENTRIES
            && categoryBytes < MAX_CATEGORY_BYTES
            && sameKeys(head, r)) {
          add(r);
          return;
        }
        flush();
        head = r.copy(); // the reader may reuse its row
        add(head);
      }

      private void add(InternalRow r) {
        UTF8String category = r.getUTF8String(keyCount);
        categoryBytes += category.numBytes();
        int n = categories.size();
        if (n == probabilities.length) {
          probabilities = Arrays.copyOf(probabilities, 2 * n);
        }
        probabilities[n] = r.getDouble(keyCount + 2);
        // A copy: the reader's row, and so the string's bytes, may be reused.
        categories.add(category.clone());
      }

      /** The current run as one row: itself when it has one entry, else a packed row. */
      private void flush() {
        if (head == null) {
          return;
        }
        int n = categories.size();
        ready.add(
            n == 1
                ? as(head, null)
                : as(
                    head,
                    new GenericInternalRow(
                        new Object[] {
                          new GenericArrayData(categories.toArray(new Object[0])),
                          new GenericArrayData(Arrays.copyOf(probabilities, n))
                        })));
        head = null;
        categories.clear();
        categoryBytes = 0;
      }
    };
  }

  /** Whether the step's entry check passes {@code r}: a category and a probability in [0, 1]. */
  private boolean packable(InternalRow r) {
    if (r.isNullAt(keyCount) || r.isNullAt(keyCount + 2)) {
      return false;
    }
    double q = r.getDouble(keyCount + 2);
    return q >= 0.0 && q <= 1.0 && r.getDouble(keyCount + 1) == 0.0;
  }

  /** {@code r} (a copy) as an output row: itself, or its keys carrying {@code entries}. */
  private InternalRow as(InternalRow r, InternalRow entries) {
    Object[] values = new Object[keyCount + 4];
    for (int i = 0; i < keyCount; i++) {
      values[i] = r.isNullAt(i) ? null : r.get(i, keyTypes[i]);
    }
    if (entries == null) {
      values[keyCount] = r.isNullAt(keyCount) ? null : r.getUTF8String(keyCount);
      values[keyCount + 1] = r.isNullAt(keyCount + 1) ? null : r.getDouble(keyCount + 1);
      values[keyCount + 2] = r.isNullAt(keyCount + 2) ? null : r.getDouble(keyCount + 2);
    } else {
      values[keyCount + 1] = 0.0;
      values[keyCount + 3] = entries;
    }
    return new GenericInternalRow(values);
  }

  private boolean sameKeys(InternalRow a, InternalRow b) {
    return GroupStream.sameKeys(a, b, keyTypes, fixedWidth);
  }
}

package dev.klspark.datagen;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Synthetic rows and their model table as Spark Datasets, generated on the executors.
 *
 * <p>Both start from {@code spark.range}: row {@code i} is computed from (seed, i) alone by {@link
 * SyntheticModel} and {@link RowRandom}, inside {@code mapPartitions}; nothing is materialised on
 * the driver except the model's sampling tables (O(G + K) doubles, broadcast once). The range is
 * split into a fixed number of partitions that depends only on the spec, so the same spec writes
 * the same files.
 *
 * <p>Schemas:
 *
 * <ul>
 *   <li>rows: {@code group_id} (string or long), {@code category} (string), optionally {@code
 *       value} (double); all non-null;
 *   <li>model (long format): {@code group_id}, {@code category}, {@code probability} (double), K
 *       rows per group, in group order then category order, summing to 1 per group.
 * </ul>
 */
public final class SyntheticData {
  /** Column names, shared with the reports' defaults. */
  public static final String GROUP_ID = "group_id";

  public static final String CATEGORY = "category";
  public static final String VALUE = "value";
  public static final String PROBABILITY = "probability";

  /** Model rows per partition: {@value}. */
  static final long MODEL_ROWS_PER_PARTITION = 1_000_000L;

  private SyntheticData() {}

  /** The schema of the rows for a spec. */
  public static StructType rowSchema(SyntheticSpec spec) {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField(GROUP_ID, groupType(spec), false));
    fields.add(DataTypes.createStructField(CATEGORY, DataTypes.StringType, false));
    if (spec.valueColumn() == ValueColumn.NORMAL) {
      fields.add(DataTypes.createStructField(VALUE, DataTypes.DoubleType, false));
    }
    return DataTypes.createStructType(fields);
  }

  /** The schema of the model table for a spec. */
  public static StructType modelSchema(SyntheticSpec spec) {
    return DataTypes.createStructType(
        List.of(
            DataTypes.createStructField(GROUP_ID, groupType(spec), false),
            DataTypes.createStructField(CATEGORY, DataTypes.StringType, false),
            DataTypes.createStructField(PROBABILITY, DataTypes.DoubleType, false)));
  }

  /**
   * The n synthetic rows of a spec, lazily: nothing runs until an action.
   *
   * @param spark the session
   * @param spec what to generate
   * @return a Dataset with {@link #rowSchema(SyntheticSpec)} and {@code spec.rows()} rows
   */
  public static Dataset<Row> rows(SparkSession spark, SyntheticSpec spec) {
    Broadcast<SyntheticModel> model = broadcast(spark, spec);
    return spark
        .range(0, spec.rows(), 1, spec.effectivePartitions())
        .mapPartitions(new RowGenerator(model, spec), Encoders.row(rowSchema(spec)));
  }

  /**
   * The model table of a spec: the known category distribution of every group, G x K rows.
   *
   * @param spark the session
   * @param spec what was generated
   * @return a Dataset with {@link #modelSchema(SyntheticSpec)}
   */
  public static Dataset<Row> model(SparkSession spark, SyntheticSpec spec) {
    Broadcast<SyntheticModel> model = broadcast(spark, spec);
    long size = (long) spec.groups() * spec.categories();
    int partitions =
        (int) Math.max(1L, (size + MODEL_ROWS_PER_PARTITION - 1) / MODEL_ROWS_PER_PARTITION);
    return spark
        .range(0, size, 1, partitions)
        .mapPartitions(new ModelGenerator(model, spec), Encoders.row(modelSchema(spec)));
  }

  private static DataType groupType(SyntheticSpec spec) {
    return spec.groupIdType() == GroupIdType.LONG ? DataTypes.LongType : DataTypes.StringType;
  }

  private static Broadcast<SyntheticModel> broadcast(SparkSession spark, SyntheticSpec spec) {
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .broadcast(SyntheticModel.of(spec));
  }

  private static Object groupValue(SyntheticModel model, GroupIdType type, int group) {
    return type == GroupIdType.LONG ? Long.valueOf(group) : model.groupLabel(group);
  }

  /** Row id -> (group_id, category[, value]). */
  private static final class RowGenerator implements MapPartitionsFunction<Long, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<SyntheticModel> model;
    private final long seed;
    private final GroupIdType groupIdType;
    private final boolean withValue;

    RowGenerator(Broadcast<SyntheticModel> model, SyntheticSpec spec) {
      this.model = model;
      this.seed = spec.seed();
      this.groupIdType = spec.groupIdType();
      this.withValue = spec.valueColumn() == ValueColumn.NORMAL;
    }

    @Override
    public Iterator<Row> call(Iterator<Long> ids) {
      SyntheticModel m = model.value();
      String[] categoryLabels = new String[m.categories()];
      for (int c = 0; c < categoryLabels.length; c++) {
        categoryLabels[c] = m.categoryLabel(c);
      }
      RowRandom random = new RowRandom();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return ids.hasNext();
        }

        @Override
        public Row next() {
          random.reset(seed, ids.next());
          int g = m.sampleGroup(random);
          int c = m.sampleCategory(g, random);
          Object group = groupValue(m, groupIdType, g);
          if (withValue) {
            return RowFactory.create(group, categoryLabels[c], c + random.nextGaussian());
          }
          return RowFactory.create(group, categoryLabels[c]);
        }
      };
    }
  }

  /** Model row id = g * K + c -> (group_id, category, q_g(c)). */
  private static final class ModelGenerator implements MapPartitionsFunction<Long, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<SyntheticModel> model;
    private final GroupIdType groupIdType;

    ModelGenerator(Broadcast<SyntheticModel> model, SyntheticSpec spec) {
      this.model = model;
      this.groupIdType = spec.groupIdType();
    }

    @Override
    public Iterator<Row> call(Iterator<Long> ids) {
      SyntheticModel m = model.value();
      int k = m.categories();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return ids.hasNext();
        }

        @Override
        public Row next() {
          long id = ids.next();
          int g = (int) (id / k);
          int c = (int) (id % k);
          return RowFactory.create(
              groupValue(m, groupIdType, g), m.categoryLabel(c), m.probability(g, c));
        }
      };
    }
  }
}

package dev.klspark.spark.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klspark.testing.SparkTestSession;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@link CategorySpec#sql} (the SQL text a saved pipeline's {@code SQLTransformer} runs) gives the
 * categories of {@link CategorySpec#expression} (the report's Column), row for row, and the same
 * row-check message for a value outside the splits.
 */
class CategorySpecSqlTest {
  private static final SparkSession spark = SparkTestSession.get();
  private static final Buckets BUCKETS =
      new Buckets(
          new double[] {Double.NEGATIVE_INFINITY, 0, 15, 60, Double.POSITIVE_INFINITY},
          List.of("early", "on_time", "it's late", "very\\late"));

  private static Dataset<Row> data(Double... values) {
    return spark.createDataFrame(
        Arrays.stream(values).map(v -> RowFactory.create(v, v == null ? null : "c" + v)).toList(),
        new StructType().add("de`lay", DataTypes.DoubleType).add("name", DataTypes.StringType));
  }

  private static void assertSame(Dataset<Row> d, CategorySpec spec) {
    InputColumns columns = new InputColumns(d.schema(), "input");
    List<Row> viaColumn = d.select(spec.expression(columns).as("c")).collectAsList();
    List<Row> viaSql = d.selectExpr(spec.sql(columns) + " AS c").collectAsList();
    assertThat(viaSql).isEqualTo(viaColumn);
  }

  @Test
  void bucketsAtEverySplitNullsAndInfinitiesAgree() {
    Dataset<Row> d =
        data(
            null,
            Double.NEGATIVE_INFINITY,
            -1e300,
            -0.0,
            0.0,
            14.999999999999998,
            15.0,
            59.9,
            60.0,
            1e300,
            Double.POSITIVE_INFINITY);
    assertSame(d, new CategorySpec("de`lay", BUCKETS, null));
    assertSame(d, new CategorySpec("de`lay", BUCKETS, "unknown"));
    assertSame(d, new CategorySpec("name", null, null));
  }

  @Test
  void aValueOutsideTheSplitsFailsWithTheReportsMessage() {
    Buckets closed = new Buckets(new double[] {0, 10, 20}, List.of("low", "high"));
    CategorySpec spec = new CategorySpec("de`lay", closed, null);
    Dataset<Row> d = data(5.0, 25.0);
    InputColumns columns = new InputColumns(d.schema(), "input");
    String expected =
        "bucketed category column 'de`lay' has value 25.0 outside the bucket splits [0.0, 20.0]";
    assertThatThrownBy(() -> d.select(spec.expression(columns)).collectAsList())
        .satisfies(e -> assertThat(RowChecks.message(e)).startsWith(expected));
    assertThatThrownBy(() -> d.selectExpr(spec.sql(columns)).collectAsList())
        .satisfies(e -> assertThat(RowChecks.message(e)).startsWith(expected));
    assertSame(data(0.0, 10.0, 20.0, null), spec);
  }
}

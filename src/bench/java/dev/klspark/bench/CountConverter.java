package dev.klspark.bench;

import java.math.BigDecimal;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a count written as 1000000, 1_000_000 or 1e6 (the picocli converter of the row, group and
 * category flags of gen-data and bench). Whether the count is in range is checked by the spec that
 * receives it ({@link dev.klspark.datagen.SyntheticSpec}).
 */
public final class CountConverter implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    try {
      return new BigDecimal(value.replace("_", "")).longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a whole number (expected e.g. 1000000, 1_000_000 or 1e6)");
    }
  }
}

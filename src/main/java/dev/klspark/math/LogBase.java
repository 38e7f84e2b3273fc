package dev.klspark.math;

import java.util.Locale;

/**
 * The unit of an information quantity: the base of the logarithm it is measured with.
 *
 * <p>Every kernel in this package computes in nats (natural logarithm); a value in another unit is
 * the value in nats divided by {@code ln b}: one bit is {@code ln 2} nats (Cover and Thomas,
 * <i>Elements of Information Theory</i>, 2nd ed., 2006, section 2.1). Report columns carry the unit
 * as a suffix ({@code _nats}, {@code _bits}).
 */
public enum LogBase {
  /** Natural logarithm; the unit is the nat. The default everywhere in klspark. */
  NATS("nats", 1.0),
  /** Base-2 logarithm; the unit is the bit (shannon). */
  BITS("bits", Math.log(2.0));

  private final String suffix;
  private final double natsPerUnit;

  LogBase(String suffix, double natsPerUnit) {
    this.suffix = suffix;
    this.natsPerUnit = natsPerUnit;
  }

  /**
   * Converts a quantity measured in nats to this unit. Infinities stay infinite.
   *
   * @param nats a value in nats
   * @return {@code nats / ln(b)}
   */
  public double fromNats(double nats) {
    return this == NATS ? nats : nats / natsPerUnit;
  }

  /** The lower-case unit name used as column suffix and on the command line: nats or bits. */
  public String suffix() {
    return suffix;
  }

  /**
   * Parses a unit name, case-insensitively: {@code nats} or {@code bits}.
   *
   * @param name the unit name
   * @return the unit
   * @throws IllegalArgumentException if the name is null or neither {@code nats} nor {@code bits}
   */
  public static LogBase parse(String name) {
    if (name != null) {
      String lower = name.trim().toLowerCase(Locale.ROOT);
      for (LogBase base : values()) {
        if (base.suffix.equals(lower)) {
          return base;
        }
      }
    }
    throw new IllegalArgumentException(
        String.format(Locale.ROOT, "unit '%s' is not supported; expected 'nats' or 'bits'", name));
  }
}

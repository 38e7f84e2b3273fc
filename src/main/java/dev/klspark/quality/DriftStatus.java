package dev.klspark.quality;

/** Status of one (date, column, group) row of the data-quality history. */
public enum DriftStatus {
  /** Enough data on both sides; no threshold reached (or not significant). */
  OK("ok"),
  /** A warn level reached (and significant). */
  WARN("warn"),
  /** A fail level reached (and significant). */
  FAIL("fail"),
  /** Both sides present but one has fewer non-null values than {@code min-sample-size}. */
  INSUFFICIENT_DATA("insufficient_data"),
  /** The group has current values but no reference values. */
  MISSING_REFERENCE("missing_reference"),
  /** The group has reference values but no current values. */
  MISSING_CURRENT("missing_current");

  private final String label;

  DriftStatus(String label) {
    this.label = label;
  }

  /** The value of the {@code status} column. */
  public String label() {
    return label;
  }

  /** Severity for sorting: fail first, ok last. */
  public int severity() {
    return switch (this) {
      case FAIL -> 5;
      case WARN -> 4;
      case MISSING_CURRENT -> 3;
      case MISSING_REFERENCE -> 2;
      case INSUFFICIENT_DATA -> 1;
      case OK -> 0;
    };
  }

  /** The status with this label. */
  public static DriftStatus of(String label) {
    for (DriftStatus s : values()) {
      if (s.label.equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown status " + label);
  }
}

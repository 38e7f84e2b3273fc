package dev.klspark.quality;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.year;

import dev.klspark.KlsparkException;
import dev.klspark.spark.distribution.InputColumns;
import java.time.LocalDate;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The current and the reference slice of a run, from its logical date D.
 *
 * <p>{@code current}: {@code day} (D), {@code week} (the 7 days ending on D), {@code days:N} (the N
 * days ending on D), {@code month} (the calendar month of D). {@code reference}: {@code
 * previous-weeks:N} / {@code previous-days:N} (the N weeks / days just before the current slice),
 * {@code same-month-earlier-years} (the calendar month of D in every earlier year), {@code
 * baseline} (a fixed filter, {@code reference-filter}; every row of a separate reference input
 * without one).
 *
 * @param currentSpec the {@code current} setting
 * @param referenceSpec the {@code reference} setting
 * @param referenceFilter the baseline's SQL condition, or null
 * @param date the logical date D
 */
public record Slices(
    String currentSpec, String referenceSpec, String referenceFilter, LocalDate date) {

  /**
   * Validates the settings.
   *
   * @throws KlsparkException on an unknown or malformed spec
   */
  public Slices {
    currentStart(currentSpec, date);
    if (referenceSpec.equals("baseline")) {
      // a filter, or all rows of a separate reference input
    } else if (referenceSpec.equals("same-month-earlier-years")) {
      // no parameter
    } else if (referenceSpec.startsWith("previous-weeks:")
        || referenceSpec.startsWith("previous-days:")) {
      positive(referenceSpec.substring(referenceSpec.indexOf(':') + 1), "reference", referenceSpec);
    } else {
      throw new KlsparkException(
          "reference = '"
              + referenceSpec
              + "'; expected previous-weeks:N, previous-days:N,"
              + " same-month-earlier-years or baseline");
    }
    if (referenceFilter != null && !referenceSpec.equals("baseline")) {
      throw new KlsparkException(
          "reference-filter is set but reference = '"
              + referenceSpec
              + "'; set reference: baseline");
    }
  }

  /** The same slices around another logical date. */
  public Slices at(LocalDate other) {
    return new Slices(currentSpec, referenceSpec, referenceFilter, other);
  }

  /** First day of the current slice (inclusive). */
  public LocalDate currentStart() {
    return currentStart(currentSpec, date);
  }

  /** Day after the current slice (exclusive). */
  public LocalDate currentEnd() {
    return currentSpec.equals("month") ? date.withDayOfMonth(1).plusMonths(1) : date.plusDays(1);
  }

  private static LocalDate currentStart(String spec, LocalDate d) {
    return switch (spec) {
      case "day" -> d;
      case "week" -> d.minusDays(6);
      case "month" -> d.withDayOfMonth(1);
      default -> {
        if (spec.startsWith("days:")) {
          yield d.minusDays(positive(spec.substring(5), "current", spec) - 1L);
        }
        throw new KlsparkException("current = '" + spec + "'; expected day, week, month or days:N");
      }
    };
  }

  private static int positive(String s, String key, String spec) {
    try {
      int n = Integer.parseInt(s.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new KlsparkException(
        String.format(
            Locale.ROOT, "%s = '%s'; expected a whole number N >= 1 after the colon", key, spec));
  }

  /** The current slice as text, e.g. {@code [2001-06-18, 2001-06-24]}. */
  public String currentText() {
    return "date in [" + currentStart() + ", " + currentEnd().minusDays(1) + "]";
  }

  /** The reference slice as text. */
  public String referenceText() {
    if (referenceSpec.equals("baseline")) {
      return referenceFilter == null
          ? "all rows of the reference input"
          : "baseline: " + referenceFilter;
    }
    if (referenceSpec.equals("same-month-earlier-years")) {
      return String.format(
          Locale.ROOT, "month %d of the years before %d", date.getMonthValue(), date.getYear());
    }
    return "date in [" + referenceStart() + ", " + currentStart().minusDays(1) + "]";
  }

  private LocalDate referenceStart() {
    int n = Integer.parseInt(referenceSpec.substring(referenceSpec.indexOf(':') + 1).trim());
    return referenceSpec.startsWith("previous-weeks:")
        ? currentStart().minusWeeks(n)
        : currentStart().minusDays(n);
  }

  /** The current slice's condition on an input. */
  public Column current(InputColumns columns, String dateColumn) {
    Column d = day(columns, dateColumn);
    return d.geq(lit(currentStart())).and(d.lt(lit(currentEnd())));
  }

  /**
   * The reference slice's condition on an input.
   *
   * @param filter the parsed {@code reference-filter}, used with {@code baseline}
   */
  public Column reference(InputColumns columns, String dateColumn, Column filter) {
    if (referenceSpec.equals("baseline")) {
      return filter == null ? lit(true) : filter;
    }
    Column d = day(columns, dateColumn);
    if (referenceSpec.equals("same-month-earlier-years")) {
      return month(d).equalTo(lit(date.getMonthValue())).and(year(d).lt(lit(date.getYear())));
    }
    return d.geq(lit(referenceStart())).and(d.lt(lit(currentStart())));
  }

  private static Column day(InputColumns columns, String dateColumn) {
    StructField f = columns.field(dateColumn, "date column");
    DataType t = f.dataType();
    if (!(t.equals(DataTypes.DateType)
        || t.equals(DataTypes.TimestampType)
        || t.equals(DataTypes.TimestampNTZType))) {
      throw new KlsparkException(
          String.format(
              Locale.ROOT,
              "date column '%s' has type %s; expected date, timestamp or timestamp_ntz",
              f.name(),
              t.simpleString()));
    }
    return to_date(InputColumns.column(f.name()));
  }
}

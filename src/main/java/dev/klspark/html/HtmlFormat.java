package dev.klspark.html;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * How the HTML reports write numbers and text: one home for every page, so that a value reads the
 * same in kl-report, mle-report and data-quality. Spark-free.
 *
 * <ul>
 *   <li>{@link #num}: 4 significant digits, plain notation between 1e-4 and 1e6, scientific outside
 *       ({@code 0.3051}, {@code 2.956e-289}), trailing zeros dropped;
 *   <li>{@link #pValue}: 3 significant digits, {@code < 1e-16} below 1e-16 (double precision: a
 *       smaller p-value is not meaningful);
 *   <li>{@link #count}: whole numbers with thousands separators ({@code 1,522,083});
 *   <li>{@link #escape}: HTML-escapes element text and quoted attribute values.
 * </ul>
 */
public final class HtmlFormat {
  /** p-values below this are written {@code < 1e-16}. */
  public static final double P_VALUE_FLOOR = 1e-16;

  private HtmlFormat() {}

  /** A value with {@code digits} significant digits; null as an en dash, ±∞ as ∞. */
  public static String num(Double x, int digits) {
    if (x == null) {
      return "–";
    }
    double d = x;
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "∞" : "−∞";
    }
    if (d == 0.0) {
      return "0";
    }
    double a = Math.abs(d);
    if (a >= 1e-4 && a < 1e6) {
      BigDecimal b = new BigDecimal(d).round(new MathContext(digits));
      return minus(b.stripTrailingZeros().toPlainString());
    }
    String s = String.format(Locale.ROOT, "%." + (digits - 1) + "e", d);
    int e = s.indexOf('e');
    String mantissa = s.substring(0, e).replaceAll("\\.?0+$", "");
    int exponent = Integer.parseInt(s.substring(e + 1));
    return minus(mantissa + "e" + exponent);
  }

  /** A value with 4 significant digits ({@link #num(Double, int)}). */
  public static String num(Double x) {
    return num(x, 4);
  }

  /** A p-value: {@code < 1e-16} below {@link #P_VALUE_FLOOR}, else 3 significant digits. */
  public static String pValue(Double p) {
    if (p != null && p >= 0.0 && p < P_VALUE_FLOOR) {
      return "< 1e-16";
    }
    return num(p, 3);
  }

  /** A count or a sum of weights: thousands separators when whole, else {@link #num}. */
  public static String count(Double x) {
    if (x == null || Double.isNaN(x) || Double.isInfinite(x)) {
      return num(x);
    }
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return minus(String.format(Locale.ROOT, "%,d", (long) (double) x));
    }
    return num(x);
  }

  /**
   * An axis tick at {@code value} on an axis whose ticks are {@code step} apart: as many decimals
   * as the step needs and never a bare leading point ({@code 0.16}, not {@code .16}).
   */
  public static String tick(double value, double step) {
    if (Math.abs(value) < step * 1e-9) {
      return "0";
    }
    double a = Math.abs(value);
    if (a >= 1e6 || a < 1e-4) {
      return num(value, 3);
    }
    int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
    return minus(String.format(Locale.ROOT, "%." + decimals + "f", value));
  }

  /** The proper minus sign U+2212 instead of a hyphen. */
  private static String minus(String s) {
    return s.startsWith("-") ? "−" + s.substring(1) : s;
  }

  /** HTML-escapes text for element content and quoted attribute values; null as empty. */
  public static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}

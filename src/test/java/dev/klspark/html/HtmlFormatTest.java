package dev.klspark.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The numbers of the HTML reports: significant digits, p-values, counts, axis ticks. Spark-free.
 */
class HtmlFormatTest {

  @Test
  void valuesHaveFourSignificantDigitsAndNoWrappingExponentText() {
    assertThat(HtmlFormat.num(0.305096)).isEqualTo("0.3051");
    assertThat(HtmlFormat.num(1.130980)).isEqualTo("1.131");
    assertThat(HtmlFormat.num(0.0115792, 6)).isEqualTo("0.0115792");
    assertThat(HtmlFormat.num(2.95628e-289)).isEqualTo("2.956e-289");
    assertThat(HtmlFormat.num(12345678.0)).isEqualTo("1.235e7");
    assertThat(HtmlFormat.num(-0.25)).isEqualTo("−0.25");
    assertThat(HtmlFormat.num(0.0)).isEqualTo("0");
    assertThat(HtmlFormat.num(null)).isEqualTo("–");
    assertThat(HtmlFormat.num(Double.POSITIVE_INFINITY)).isEqualTo("∞");
    assertThat(HtmlFormat.num(Double.NaN)).isEqualTo("NaN");
  }

  @Test
  void pValuesBelowDoublePrecisionAreWrittenAsABound() {
    assertThat(HtmlFormat.pValue(2.95628e-289)).isEqualTo("< 1e-16");
    assertThat(HtmlFormat.pValue(0.0)).isEqualTo("< 1e-16");
    assertThat(HtmlFormat.pValue(1e-16)).isEqualTo("1e-16");
    assertThat(HtmlFormat.pValue(2.81234e-10)).isEqualTo("2.81e-10");
    assertThat(HtmlFormat.pValue(0.0500001)).isEqualTo("0.05");
    assertThat(HtmlFormat.pValue(0.68)).isEqualTo("0.68");
    assertThat(HtmlFormat.pValue(null)).isEqualTo("–");
  }

  @Test
  void countsHaveThousandsSeparators() {
    assertThat(HtmlFormat.count(1522083.0)).isEqualTo("1,522,083");
    assertThat(HtmlFormat.count(12.5)).isEqualTo("12.5");
    assertThat(HtmlFormat.count(0.0)).isEqualTo("0");
  }

  @Test
  void axisTicksHaveTheDecimalsOfTheirStepAndALeadingZero() {
    assertThat(HtmlFormat.tick(0.16, 0.02)).isEqualTo("0.16");
    assertThat(HtmlFormat.tick(0.2, 0.05)).isEqualTo("0.20");
    assertThat(HtmlFormat.tick(150, 50)).isEqualTo("150");
    assertThat(HtmlFormat.tick(1e-12, 0.1)).isEqualTo("0");
    assertThat(SvgChart.niceStep(0.034)).isEqualTo(0.05);
    assertThat(SvgChart.niceStep(0.011)).isEqualTo(0.01);
  }

  @Test
  void textIsEscaped() {
    assertThat(HtmlFormat.escape("<x&y>\"'")).isEqualTo("&lt;x&amp;y&gt;&quot;&#39;");
    assertThat(HtmlFormat.escape(null)).isEmpty();
  }
}

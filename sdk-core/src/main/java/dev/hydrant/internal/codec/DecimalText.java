package dev.hydrant.internal.codec;

/**
 * Fast text for the doubles telemetry usually holds: values with at most three decimals between
 * 0.001 and 10 million ({@code 23.4}, {@code 0.25}, {@code 48250.5}). For those it writes exactly
 * what {@code Double.toString} writes since JDK 19 (and Jackson's fast double writer on any JDK):
 * the shortest decimal that reads back as the same double, in plain notation, with at least one
 * fraction digit. Every other value is left to Jackson.
 *
 * <p>Why it is exact: if {@code round(v * 1000) / 1000.0 == v}, the decimal {@code round(v * 1000)
 * / 1000} reads back as {@code v}; below 10<sup>7</sup> a double's rounding interval is narrower
 * than 0.001, so no other decimal with at most three fraction digits reads back as {@code v}, and
 * dropping trailing zeros gives the shortest one.
 */
final class DecimalText {
  /** The most chars {@link #format} writes: sign, 7 integer digits, point, 3 decimals. */
  static final int MAX_LENGTH = 12;

  private DecimalText() {}

  /**
   * Writes {@code value} into {@code out} from index 0 and returns the length, or returns -1 (and
   * writes nothing meaningful) if the value needs the general algorithm.
   */
  static int format(double value, char[] out) {
    if (value == 0) {
      if (Double.doubleToRawLongBits(value) != 0) {
        return -1; // -0.0
      }
      out[0] = '0';
      out[1] = '.';
      out[2] = '0';
      return 3;
    }
    double abs = Math.abs(value);
    if (!(abs >= 1e-3 && abs < 1e7)) {
      return -1;
    }
    long scaled = Math.round(abs * 1000);
    if (scaled / 1000.0 != abs) {
      return -1;
    }
    int pos = 0;
    if (value < 0) {
      out[pos++] = '-';
    }
    pos = writeInt(out, pos, scaled / 1000);
    out[pos++] = '.';
    int fraction = (int) (scaled % 1000);
    if (fraction == 0) {
      out[pos++] = '0';
      return pos;
    }
    out[pos++] = (char) ('0' + fraction / 100);
    if (fraction % 100 != 0) {
      out[pos++] = (char) ('0' + fraction / 10 % 10);
      if (fraction % 10 != 0) {
        out[pos++] = (char) ('0' + fraction % 10);
      }
    }
    return pos;
  }

  private static int writeInt(char[] out, int pos, long value) {
    if (value == 0) {
      out[pos] = '0';
      return pos + 1;
    }
    int digits = 0;
    for (long v = value; v > 0; v /= 10) {
      digits++;
    }
    int end = pos + digits;
    for (int i = end - 1; i >= pos; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
    return end;
  }
}

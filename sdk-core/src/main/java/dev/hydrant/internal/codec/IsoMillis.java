package dev.hydrant.internal.codec;

/**
 * Formats epoch milliseconds as ISO-8601 UTC with exactly three fraction digits, {@code
 * yyyy-MM-ddTHH:mm:ss.SSSZ}, into a caller's buffer without allocating. {@link
 * java.time.Instant#toString()} would drop a zero fraction and {@code DateTimeFormatter} allocates
 * several objects per call; this is on every event's encode path.
 */
final class IsoMillis {
  /** The formatted length: {@value}. */
  static final int LENGTH = 24;

  /** The last millisecond with a four-digit year (9999-12-31T23:59:59.999Z). */
  static final long MAX_EPOCH_MILLI = 253_402_300_799_999L;

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private IsoMillis() {}

  /**
   * Writes {@code epochMilli} into {@code out[0..24)}.
   *
   * @throws IllegalArgumentException if it is before 1970 or after year 9999 (events reject such
   *     timestamps at build, so this does not happen for them)
   */
  static void format(long epochMilli, char[] out) {
    if (epochMilli < 0 || epochMilli > MAX_EPOCH_MILLI) {
      throw new IllegalArgumentException(
          "timestamp must be between 1970 and year 9999, got epoch milli " + epochMilli);
    }
    long days = epochMilli / MILLIS_PER_DAY;
    int millisOfDay = (int) (epochMilli % MILLIS_PER_DAY);
    // Civil date from days since the epoch (H. Hinnant's "days_from_civil" inverse), proleptic
    // Gregorian, eras of 400 years starting on March 1 so that leap days fall at a year's end.
    long z = days + 719_468;
    long era = z / 146_097;
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));

    int seconds = millisOfDay / 1000;
    digits4(out, 0, year);
    out[4] = '-';
    digits2(out, 5, month);
    out[7] = '-';
    digits2(out, 8, day);
    out[10] = 'T';
    digits2(out, 11, seconds / 3600);
    out[13] = ':';
    digits2(out, 14, seconds / 60 % 60);
    out[16] = ':';
    digits2(out, 17, seconds % 60);
    out[19] = '.';
    int millis = millisOfDay % 1000;
    out[20] = (char) ('0' + millis / 100);
    digits2(out, 21, millis % 100);
    out[23] = 'Z';
  }

  private static void digits2(char[] out, int at, int value) {
    out[at] = (char) ('0' + value / 10);
    out[at + 1] = (char) ('0' + value % 10);
  }

  private static void digits4(char[] out, int at, int value) {
    digits2(out, at, value / 100);
    digits2(out, at + 2, value % 100);
  }
}

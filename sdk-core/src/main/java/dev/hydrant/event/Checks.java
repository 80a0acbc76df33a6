package dev.hydrant.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The validation rules shared by the event builders. Every failure is an {@link
 * IllegalArgumentException} whose message starts with the field's wire name (snake_case) and shows
 * the rejected value, so a log line alone says what to fix.
 */
final class Checks {
  /** The earliest timestamp accepted: a device without a real-time clock boots at the epoch. */
  static final long MIN_EPOCH_MILLI = 0L;

  /** The last millisecond of year 9999: the wire format has exactly four year digits. */
  static final long MAX_EPOCH_MILLI = 253_402_300_799_999L;

  /** How much of a rejected string a message shows. */
  private static final int MAX_SHOWN_CHARS = 64;

  private Checks() {}

  static IllegalArgumentException missing(String field) {
    return new IllegalArgumentException(field + " is required, got null");
  }

  static <T> T required(String field, T value) {
    if (value == null) {
      throw missing(field);
    }
    return value;
  }

  /** A string that, when present, has 1 to {@code maxLength} UTF-16 chars; null means absent. */
  static String optionalText(String field, String value, int maxLength) {
    if (value == null) {
      return null;
    }
    if (value.isEmpty() || value.length() > maxLength) {
      throw new IllegalArgumentException(
          field
              + " must be 1 to "
              + maxLength
              + " characters, got "
              + show(value)
              + " ("
              + value.length()
              + " characters)");
    }
    return value;
  }

  static String requiredText(String field, String value, int maxLength) {
    return optionalText(field, required(field, value), maxLength);
  }

  /** Returns the value as a primitive, or {@code Long.MIN_VALUE} when absent. */
  static long optionalRange(String field, Long value, long min, long max) {
    if (value == null) {
      return Long.MIN_VALUE;
    }
    return range(field, value, min, max);
  }

  static long range(String field, long value, long min, long max) {
    if (value < min || value > max) {
      String range =
          max == Long.MAX_VALUE || max == Integer.MAX_VALUE
              ? " must be >= " + min
              : " must be between " + min + " and " + max;
      throw new IllegalArgumentException(field + range + ", got " + value);
    }
    return value;
  }

  /** Returns a finite number {@code >= 0}, or NaN when absent. */
  static double optionalNonNegative(String field, Double value) {
    if (value == null) {
      return Double.NaN;
    }
    double v = value;
    if (!Double.isFinite(v) || v < 0) {
      throw new IllegalArgumentException(field + " must be a finite number >= 0, got " + v);
    }
    return v;
  }

  /** Returns a finite number in {@code [min, max]}, or NaN when absent. */
  static double optionalRange(String field, Double value, double min, double max) {
    if (value == null) {
      return Double.NaN;
    }
    double v = value;
    if (!Double.isFinite(v) || v < min || v > max) {
      throw new IllegalArgumentException(
          field + " must be a finite number between " + min + " and " + max + ", got " + v);
    }
    return v;
  }

  static double finite(String field, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(field + " must be a finite number, got " + value);
    }
    return value;
  }

  /** Truncates to milliseconds and checks the range the wire format can express. */
  static Instant instant(String field, Instant value) {
    if (value == null) {
      return null;
    }
    Instant truncated = value.truncatedTo(ChronoUnit.MILLIS);
    if (truncated.isBefore(Instant.ofEpochMilli(MIN_EPOCH_MILLI))
        || truncated.isAfter(Instant.ofEpochMilli(MAX_EPOCH_MILLI))) {
      throw new IllegalArgumentException(
          field
              + " must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z, got "
              + value);
    }
    return truncated;
  }

  /** The value quoted, and shortened if long, for an error message. */
  static String show(String value) {
    if (value.length() <= MAX_SHOWN_CHARS) {
      return '"' + value + '"';
    }
    return '"' + value.substring(0, MAX_SHOWN_CHARS) + "...\"";
  }
}

package dev.hydrant;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The one validation rule for durations and sizes: a value outside its documented range is refused
 * at the call with an {@link IllegalArgumentException} naming the parameter, the range and the
 * value. Durations are compared as {@link Duration}s, never converted first, so no value overflows
 * here; the ranges are small enough that nothing downstream (nanosecond deadlines, millisecond
 * timeouts, epoch-millisecond arithmetic) overflows either. The ranges themselves are listed in
 * {@link HydrantClientBuilder}.
 */
final class Ranges {
  static final Duration ONE_MS = Duration.ofMillis(1);

  /** Longest network timeout, backoff, retry-after cap and linger: 1 hour. */
  static final Duration ONE_HOUR = Duration.ofHours(1);

  /** Longest wait of a lifecycle call (flush, close, a blocked send): 24 hours. */
  static final Duration LIFECYCLE_MAX = Duration.ofHours(24);

  /** Longest event TTL: 365 days. */
  static final Duration TTL_MAX = Duration.ofDays(365);

  /** Largest byte cap of a buffer, spool or dead-letter file: 1 TiB. */
  static final long BYTES_MAX = 1L << 40;

  private Ranges() {}

  /** A timeout, backoff or interval: at least {@code min}, at most {@code max}. */
  static Duration duration(Duration value, String name, Duration min, Duration max) {
    requireNonNull(value, name);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      String resolution =
          value.isNegative() || value.isZero() || value.compareTo(ONE_MS) >= 0
              ? ""
              : " (timeouts have millisecond resolution)";
      throw new IllegalArgumentException(
          name + " must be between " + text(min) + " and " + text(max) + resolution + ": " + value);
    }
    return value;
  }

  static long size(long value, String name, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ": " + value);
    }
    return value;
  }

  static int size(int value, String name, int min, int max) {
    return (int) size((long) value, name, min, max);
  }

  /** A short human form of the range ends used here: 0, 1 ms, 60 s, 10 min, 1 h, 24 h, 365 days. */
  static String text(Duration d) {
    if (d.isZero()) {
      return "0";
    }
    if (d.toDays() > 1 && d.equals(Duration.ofDays(d.toDays()))) {
      return d.toDays() + " days";
    }
    if (d.equals(Duration.ofHours(d.toHours()))) {
      return d.toHours() + " h";
    }
    if (d.equals(Duration.ofMinutes(d.toMinutes()))) {
      return d.toMinutes() + " min";
    }
    if (d.equals(Duration.ofSeconds(d.toSeconds()))) {
      return d.toSeconds() + " s";
    }
    return d.toMillis() + " ms";
  }
}

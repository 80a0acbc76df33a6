package dev.hydrant.internal.pipeline;

import java.util.function.LongSupplier;

/**
 * Lets a repeating log line through at most once per interval, counting what it held back, so a
 * failure that recurs every second prints one line a minute instead of sixty stack traces. The
 * first occurrence always prints. Thread-safe.
 */
final class LogLimiter {
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private boolean logged;
  private long lastNanos;
  private long suppressed;

  LogLimiter(long intervalMillis) {
    this(intervalMillis, System::nanoTime);
  }

  LogLimiter(long intervalMillis, LongSupplier nanoTime) {
    this.intervalNanos = intervalMillis * 1_000_000L;
    this.nanoTime = nanoTime;
  }

  /**
   * Records one occurrence.
   *
   * @return {@code -1} if this one must not be logged; otherwise how many occurrences were held
   *     back since the last line that was let through (0 for the first)
   */
  synchronized long occurrence() {
    long now = nanoTime.getAsLong();
    if (logged && now - lastNanos < intervalNanos) {
      suppressed++;
      return -1;
    }
    logged = true;
    lastNanos = now;
    long held = suppressed;
    suppressed = 0;
    return held;
  }
}

package dev.hydrant.examples;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Delivery latencies in milliseconds, counted in 1 ms buckets up to {@value #MAX_MILLIS} ms (longer
 * ones land in the last bucket). Thread-safe; recording is lock-free.
 */
final class LatencyHistogram {
  /** Longest latency told apart from longer ones: {@value} ms. */
  static final int MAX_MILLIS = 600_000;

  private final AtomicLongArray buckets = new AtomicLongArray(MAX_MILLIS + 1);
  private final LongAdder count = new LongAdder();

  /** Records one latency; a negative one (clock step) counts as 0. */
  void record(long millis) {
    int bucket = (int) Math.max(0, Math.min(MAX_MILLIS, millis));
    buckets.incrementAndGet(bucket);
    count.increment();
  }

  /** How many latencies were recorded. */
  long count() {
    return count.sum();
  }

  /**
   * The smallest latency at or below which at least {@code percentile}% of the recorded ones lie;
   * -1 if none was recorded.
   *
   * @throws IllegalArgumentException if {@code percentile} is not in (0, 100]
   */
  long percentile(double percentile) {
    if (!(percentile > 0 && percentile <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
    }
    long total = count();
    if (total == 0) {
      return -1;
    }
    long rank = (long) Math.ceil(total * percentile / 100.0);
    long seen = 0;
    for (int i = 0; i <= MAX_MILLIS; i++) {
      seen += buckets.get(i);
      if (seen >= rank) {
        return i;
      }
    }
    return MAX_MILLIS;
  }
}

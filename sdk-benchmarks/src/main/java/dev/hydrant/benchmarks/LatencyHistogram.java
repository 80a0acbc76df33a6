package dev.hydrant.benchmarks;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size, log-linear histogram of non-negative values (the load benchmark records
 * microseconds), so that millions of latencies cost a few kilobytes instead of a list.
 *
 * <p>Values below {@value #EXACT_LIMIT} are counted exactly; above, each power of two is split into
 * {@value #SUB_BUCKETS} equal buckets, so a reported value is at most 0.2% below the recorded one.
 * Values above {@link #MAX_VALUE} (about 12 days in microseconds) are counted as {@link
 * #MAX_VALUE}. Thread-safe: {@link #record} may be called from any number of threads.
 */
public final class LatencyHistogram {
  /** Values below this are counted exactly: {@value}. */
  static final int EXACT_LIMIT = 1024;

  /** Buckets per power of two above {@link #EXACT_LIMIT}: {@value}. */
  static final int SUB_BUCKETS = 512;

  private static final int EXACT_BITS = 10;
  private static final int SUB_BITS = 9;
  private static final int MAX_EXPONENT = 40;

  /** The largest distinguishable value, {@code 2^41 - 1}. */
  public static final long MAX_VALUE = (1L << (MAX_EXPONENT + 1)) - 1;

  private final AtomicLongArray counts =
      new AtomicLongArray(EXACT_LIMIT + (MAX_EXPONENT - EXACT_BITS + 1) * SUB_BUCKETS);

  /**
   * Counts one value.
   *
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public void record(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("value must be >= 0: " + value);
    }
    counts.incrementAndGet(index(Math.min(value, MAX_VALUE)));
  }

  /** How many values were recorded. */
  public long count() {
    long total = 0;
    for (int i = 0; i < counts.length(); i++) {
      total += counts.get(i);
    }
    return total;
  }

  /**
   * The nearest-rank percentile: the smallest recorded value (to the bucket's precision) that at
   * least {@code percent}% of the values do not exceed.
   *
   * @param percent in {@code (0, 100]}
   * @return the value, or 0 if nothing was recorded
   * @throws IllegalArgumentException if {@code percent} is out of range
   */
  public long percentile(double percent) {
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException("percent must be in (0, 100]: " + percent);
    }
    long total = count();
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * total));
    long seen = 0;
    for (int i = 0; i < counts.length(); i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return lowerBound(i);
      }
    }
    return MAX_VALUE;
  }

  static int index(long value) {
    if (value < EXACT_LIMIT) {
      return (int) value;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(value);
    int sub = (int) ((value >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1));
    return EXACT_LIMIT + (exponent - EXACT_BITS) * SUB_BUCKETS + sub;
  }

  static long lowerBound(int index) {
    if (index < EXACT_LIMIT) {
      return index;
    }
    int exponent = (index - EXACT_LIMIT) / SUB_BUCKETS + EXACT_BITS;
    int sub = (index - EXACT_LIMIT) % SUB_BUCKETS;
    return ((long) SUB_BUCKETS + sub) << (exponent - SUB_BITS);
  }
}

package dev.hydrant;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * An immutable snapshot of a latency histogram with bounded memory: a log-linear layout of {@value
 * #BUCKETS} buckets over microseconds, like HdrHistogram's with 32 sub-buckets per power of two.
 *
 * <p>Layout: values below 32 µs have one bucket each (exact); above, each power-of-two range {@code
 * [2^e, 2^(e+1))} is split into 32 equal buckets, so a bucket is at most 1/32 (3.125 %) of its
 * lower bound wide, and a percentile, reported as its bucket's midpoint, is within 1.6 % of the
 * recorded value. Values from 2^43 µs (about 102 days) on share the last bucket; {@link #max()} is
 * exact whatever the value.
 *
 * <p>Percentiles use the nearest-rank method: {@code percentile(p)} is the smallest recorded value
 * (to bucket resolution) such that at least {@code p} % of the values are at or below it, never
 * above {@link #max()}. An empty distribution answers {@link Duration#ZERO} everywhere.
 */
public final class LatencyDistribution {
  /** Sub-buckets per power of two: {@value}. */
  public static final int SUB_BUCKETS = 32;

  private static final int SUB_BITS = 5;

  /** The largest exponent with buckets of its own: {@value}. */
  private static final int MAX_EXPONENT = 42;

  /** Number of buckets: {@value}. */
  public static final int BUCKETS = SUB_BUCKETS + (MAX_EXPONENT - SUB_BITS + 1) * SUB_BUCKETS;

  private static final LatencyDistribution EMPTY =
      new LatencyDistribution(new long[BUCKETS], 0, 0, 0);

  private final long[] counts;
  private final long count;
  private final long totalMicros;
  private final long maxMicros;

  private LatencyDistribution(long[] counts, long count, long totalMicros, long maxMicros) {
    this.counts = counts;
    this.count = count;
    this.totalMicros = totalMicros;
    this.maxMicros = maxMicros;
  }

  /** {@return a distribution with no values} */
  public static LatencyDistribution empty() {
    return EMPTY;
  }

  /**
   * A distribution from bucket counts in this class's layout ({@link #bucketOf}).
   *
   * @param counts {@value #BUCKETS} non-negative counts; copied
   * @param totalMicros the sum of the recorded values, in microseconds (saturated)
   * @param maxMicros the largest recorded value, in microseconds
   * @return the distribution of those counts; {@link #empty()} when every count is 0
   * @throws NullPointerException if {@code counts} is null
   * @throws IllegalArgumentException if {@code counts} does not have {@value #BUCKETS} entries or
   *     one is negative, or {@code totalMicros} or {@code maxMicros} is negative
   */
  public static LatencyDistribution of(long[] counts, long totalMicros, long maxMicros) {
    Objects.requireNonNull(counts, "counts");
    if (counts.length != BUCKETS) {
      throw new IllegalArgumentException(
          "counts must have " + BUCKETS + " entries, got " + counts.length);
    }
    if (totalMicros < 0 || maxMicros < 0) {
      throw new IllegalArgumentException(
          "totalMicros and maxMicros must be >= 0, got " + totalMicros + " and " + maxMicros);
    }
    long n = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] < 0) {
        throw new IllegalArgumentException("counts[" + i + "] must be >= 0, got " + counts[i]);
      }
      n = saturatedAdd(n, counts[i]);
    }
    return n == 0 ? EMPTY : new LatencyDistribution(counts.clone(), n, totalMicros, maxMicros);
  }

  /**
   * The bucket a value falls in; the last bucket is open-ended.
   *
   * @param micros the value, in microseconds; negative values fall in bucket 0
   * @return the bucket's index, 0 to {@value #BUCKETS} - 1
   */
  public static int bucketOf(long micros) {
    if (micros < SUB_BUCKETS) {
      return (int) Math.max(0, micros);
    }
    int exponent = 63 - Long.numberOfLeadingZeros(micros);
    if (exponent > MAX_EXPONENT) {
      return BUCKETS - 1;
    }
    int shift = exponent - SUB_BITS;
    int sub = (int) ((micros >>> shift) & (SUB_BUCKETS - 1));
    return SUB_BUCKETS + shift * SUB_BUCKETS + sub;
  }

  /**
   * The smallest value that falls in a bucket.
   *
   * @param index the bucket, 0 to {@value #BUCKETS} - 1
   * @return the smallest value in that bucket, in microseconds
   * @throws IndexOutOfBoundsException if {@code index} is not a bucket
   */
  public static long lowerBoundMicros(int index) {
    Objects.checkIndex(index, BUCKETS);
    if (index < SUB_BUCKETS) {
      return index;
    }
    int shift = (index - SUB_BUCKETS) / SUB_BUCKETS;
    int sub = (index - SUB_BUCKETS) % SUB_BUCKETS;
    return (long) (SUB_BUCKETS + sub) << shift;
  }

  /** The value reported for bucket {@code index}: its midpoint, in microseconds. */
  static long midpointMicros(int index) {
    if (index < SUB_BUCKETS) {
      return index;
    }
    int shift = (index - SUB_BUCKETS) / SUB_BUCKETS;
    return lowerBoundMicros(index) + ((1L << shift) >>> 1);
  }

  /** {@return how many values were recorded} */
  public long count() {
    return count;
  }

  /** {@return the largest recorded value (exact); zero when empty} */
  public Duration max() {
    return micros(maxMicros);
  }

  /** {@return the sum of the recorded values (saturates at {@link Long#MAX_VALUE} microseconds)} */
  public Duration total() {
    return micros(totalMicros);
  }

  /** {@return the mean of the recorded values; zero when empty} */
  public Duration mean() {
    return count == 0 ? Duration.ZERO : micros(totalMicros / count);
  }

  /**
   * The {@code percentile}-th percentile, to bucket resolution (within 1.6 %), at most {@link
   * #max()}.
   *
   * @param percentile from 0 (the smallest value) to 100 (the largest)
   * @return the value at that percentile; zero when empty
   * @throws IllegalArgumentException if {@code percentile} is not in [0, 100] (NaN included)
   */
  public Duration percentile(double percentile) {
    if (!(percentile >= 0 && percentile <= 100)) {
      throw new IllegalArgumentException("percentile must be in [0, 100], got " + percentile);
    }
    if (count == 0) {
      return Duration.ZERO;
    }
    if (percentile == 100) {
      return max();
    }
    long rank = Math.max(1, (long) Math.ceil(percentile / 100 * count));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        // The last bucket is open-ended: its midpoint would mean nothing.
        if (i == counts.length - 1) {
          return max();
        }
        return micros(Math.min(midpointMicros(i), maxMicros));
      }
    }
    return max();
  }

  /** {@return the median, as {@link #percentile percentile(50)}} */
  public Duration p50() {
    return percentile(50);
  }

  /** {@return the 90th percentile, as {@link #percentile percentile(90)}} */
  public Duration p90() {
    return percentile(90);
  }

  /** {@return the 99th percentile, as {@link #percentile percentile(99)}} */
  public Duration p99() {
    return percentile(99);
  }

  /**
   * How many values fell in a bucket.
   *
   * @param index the bucket, 0 to {@value #BUCKETS} - 1
   * @return the number of recorded values in that bucket
   * @throws IndexOutOfBoundsException if {@code index} is not a bucket
   */
  public long bucketCount(int index) {
    Objects.checkIndex(index, BUCKETS);
    return counts[index];
  }

  private static Duration micros(long micros) {
    return Duration.of(micros, ChronoUnit.MICROS);
  }

  static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LatencyDistribution d
        && count == d.count
        && totalMicros == d.totalMicros
        && maxMicros == d.maxMicros
        && Arrays.equals(counts, d.counts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(count, totalMicros, maxMicros, Arrays.hashCode(counts));
  }

  /** Count, p50, p90, p99 and max, in milliseconds with microsecond precision. */
  @Override
  public String toString() {
    return "LatencyDistribution{count="
        + count
        + ", p50="
        + millis(p50())
        + ", p90="
        + millis(p90())
        + ", p99="
        + millis(p99())
        + ", max="
        + millis(max())
        + "}";
  }

  private static String millis(Duration d) {
    long micros = d.getSeconds() * 1_000_000 + d.getNano() / 1_000;
    return micros / 1_000 + "." + String.format(Locale.ROOT, "%03d", micros % 1_000) + "ms";
  }
}

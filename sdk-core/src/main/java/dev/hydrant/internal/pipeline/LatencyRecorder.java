package dev.hydrant.internal.pipeline;

import dev.hydrant.LatencyDistribution;
import dev.hydrant.LatencyStats;
import java.time.Duration;
import java.util.Arrays;

/**
 * Records one latency into a {@link LatencyDistribution} layout: a histogram over the client's life
 * (long counts) and two slices of one window step each (int counts) for the recent window. Memory
 * is fixed: {@value LatencyDistribution#BUCKETS} longs plus twice as many ints, about 20 KiB,
 * whatever is recorded.
 *
 * <p>Thread-safe: recording and snapshots hold the recorder's lock, which only the sender thread
 * takes for writing, so it is never contended on the hot path ({@code send} records nothing).
 */
public final class LatencyRecorder {
  /** The default step of the recent window: {@value} ms. */
  public static final long WINDOW_MILLIS = 30_000;

  private final long windowMillis;

  private final long[] life = new long[LatencyDistribution.BUCKETS];
  private long lifeTotalMicros;
  private long lifeMaxMicros;
  private final Slice[] slices = {new Slice(), new Slice()};

  /** A recorder whose recent window moves in steps of {@link #WINDOW_MILLIS}. */
  public LatencyRecorder() {
    this(WINDOW_MILLIS);
  }

  /**
   * A recorder whose recent window moves in steps of {@code windowMillis}.
   *
   * @throws IllegalArgumentException if {@code windowMillis} is not positive
   */
  public LatencyRecorder(long windowMillis) {
    if (windowMillis <= 0) {
      throw new IllegalArgumentException("windowMillis must be > 0, got " + windowMillis);
    }
    this.windowMillis = windowMillis;
  }

  private static final class Slice {
    final int[] counts = new int[LatencyDistribution.BUCKETS];
    long index = Long.MIN_VALUE;
    long totalMicros;
    long maxMicros;

    void reset(long newIndex) {
      Arrays.fill(counts, 0);
      index = newIndex;
      totalMicros = 0;
      maxMicros = 0;
    }
  }

  /**
   * Records {@code micros} (negative values count as 0) at {@code nowMillis}, a monotonic
   * millisecond clock shared with {@link #stats}.
   */
  public void record(long micros, long nowMillis) {
    record(micros, nowMillis, 1);
  }

  /**
   * Records {@code count} latencies of {@code micros} each (negative values count as 0) at {@code
   * nowMillis}: the same as {@code count} calls of {@link #record(long, long)}, in one step. A
   * {@code count} of 0 or less records nothing.
   */
  public synchronized void record(long micros, long nowMillis, long count) {
    if (count <= 0) {
      return;
    }
    long v = Math.max(0, micros);
    long sum = saturatedMultiply(v, count);
    int bucket = LatencyDistribution.bucketOf(v);
    life[bucket] = saturatedAdd(life[bucket], count);
    lifeTotalMicros = saturatedAdd(lifeTotalMicros, sum);
    lifeMaxMicros = Math.max(lifeMaxMicros, v);
    long index = Math.floorDiv(nowMillis, windowMillis);
    Slice slice = slices[(int) Math.floorMod(index, 2L)];
    if (slice.index != index) {
      slice.reset(index);
    }
    slice.counts[bucket] =
        (int) Math.min(Integer.MAX_VALUE, saturatedAdd(slice.counts[bucket], count));
    slice.totalMicros = saturatedAdd(slice.totalMicros, sum);
    slice.maxMicros = Math.max(slice.maxMicros, v);
  }

  /**
   * The life histogram and the slices of the current and the previous window at {@code nowMillis}.
   */
  public synchronized LatencyStats stats(long nowMillis) {
    LatencyDistribution sinceStart = LatencyDistribution.of(life, lifeTotalMicros, lifeMaxMicros);
    long index = Math.floorDiv(nowMillis, windowMillis);
    long[] recent = new long[LatencyDistribution.BUCKETS];
    long total = 0;
    long max = 0;
    for (Slice s : slices) {
      if (s.index == index || s.index == index - 1) {
        for (int i = 0; i < recent.length; i++) {
          recent[i] += s.counts[i];
        }
        total = saturatedAdd(total, s.totalMicros);
        max = Math.max(max, s.maxMicros);
      }
    }
    return new LatencyStats(
        sinceStart, LatencyDistribution.of(recent, total, max), Duration.ofMillis(windowMillis));
  }

  private static long saturatedMultiply(long nonNegative, long positive) {
    return nonNegative > Long.MAX_VALUE / positive ? Long.MAX_VALUE : nonNegative * positive;
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}

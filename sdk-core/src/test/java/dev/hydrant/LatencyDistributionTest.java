package dev.hydrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.internal.pipeline.LatencyRecorder;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The log-linear histogram: layout, percentile accuracy, extremes, bad input, the window. */
class LatencyDistributionTest {

  @Test
  void bucketsCoverEveryValueInOrderAndSmallValuesExactly() {
    for (long v = 0; v < 32; v++) {
      assertEquals(v, LatencyDistribution.bucketOf(v));
    }
    int previous = -1;
    for (long v = 0; v < 5_000_000; v += 1 + v / 50) {
      int b = LatencyDistribution.bucketOf(v);
      assertTrue(b >= previous, "monotonic at " + v);
      assertTrue(LatencyDistribution.lowerBoundMicros(b) <= v, "lower bound at " + v);
      previous = b;
    }
    assertEquals(0, LatencyDistribution.bucketOf(-5));
    assertEquals(LatencyDistribution.BUCKETS - 1, LatencyDistribution.bucketOf(Long.MAX_VALUE));
  }

  @Test
  void percentilesOfKnownValuesAreWithinOnePointSixPercent() {
    LatencyRecorder r = new LatencyRecorder();
    Random random = new Random(18);
    long[] values = new long[10_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = 1_000L + random.nextInt(2_000_000); // 1 ms to 2 s, in µs
      r.record(values[i], 0);
    }
    Arrays.sort(values);
    LatencyDistribution d = r.stats(0).sinceStart();
    assertEquals(values.length, d.count());
    for (double p : new double[] {1, 10, 50, 90, 99, 99.9}) {
      long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
      long got = d.percentile(p).toNanos() / 1_000;
      assertTrue(
          Math.abs(got - exact) <= exact * 0.016 + 1,
          "p" + p + ": exact " + exact + " µs, histogram " + got + " µs");
    }
    assertEquals(Duration.ofNanos(values[values.length - 1] * 1_000), d.max());
    assertEquals(d.max(), d.percentile(100));
    long sum = 0;
    for (long v : values) {
      sum += v;
    }
    assertEquals(Duration.ofNanos(sum * 1_000), d.total());
  }

  @Test
  void extremeValuesAreKeptExactInMaxAndNeverOverflow() {
    LatencyRecorder r = new LatencyRecorder();
    r.record(Long.MAX_VALUE / 2, 0);
    r.record(Long.MAX_VALUE / 2, 0);
    r.record(Long.MAX_VALUE / 2, 0);
    r.record(-7, 0);
    LatencyDistribution d = r.stats(0).sinceStart();
    assertEquals(4, d.count());
    assertEquals(Duration.of(Long.MAX_VALUE / 2, ChronoUnit.MICROS), d.max());
    assertEquals(Duration.of(Long.MAX_VALUE, ChronoUnit.MICROS), d.total(), "saturated");
    assertEquals(Duration.ZERO, d.percentile(0));
    assertEquals(d.max(), d.p99(), "clamped to the exact max");
  }

  @Test
  void anEmptyDistributionAnswersZero() {
    LatencyDistribution d = LatencyDistribution.empty();
    assertEquals(0, d.count());
    assertEquals(Duration.ZERO, d.p50());
    assertEquals(Duration.ZERO, d.max());
    assertEquals(Duration.ZERO, d.mean());
  }

  @Test
  void badInputNamesTheParameterTheValueAndTheRange() {
    LatencyDistribution d = LatencyDistribution.empty();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> d.percentile(100.5));
    assertEquals("percentile must be in [0, 100], got 100.5", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> d.percentile(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> d.percentile(-1));
    e =
        assertThrows(
            IllegalArgumentException.class, () -> LatencyDistribution.of(new long[3], 0, 0));
    assertEquals(
        "counts must have " + LatencyDistribution.BUCKETS + " entries, got 3", e.getMessage());
    long[] negative = new long[LatencyDistribution.BUCKETS];
    negative[5] = -1;
    e = assertThrows(IllegalArgumentException.class, () -> LatencyDistribution.of(negative, 0, 0));
    assertEquals("counts[5] must be >= 0, got -1", e.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> d.bucketCount(LatencyDistribution.BUCKETS));
  }

  @Test
  void theRecentWindowForgetsWhatIsTwoWindowsOld() {
    long w = LatencyRecorder.WINDOW_MILLIS;
    LatencyRecorder r = new LatencyRecorder();
    r.record(1_000, 0);
    r.record(2_000, w / 2);
    assertEquals(2, r.stats(w / 2).recent().count());
    r.record(3_000, w + 1);
    assertEquals(3, r.stats(w + 1).recent().count(), "current and previous slice");
    assertEquals(1, r.stats(2 * w + 1).recent().count(), "the first slice has left");
    assertEquals(0, r.stats(5 * w).recent().count(), "a quiet period empties it");
    r.record(4_000, 5 * w);
    LatencyStats s = r.stats(5 * w);
    assertEquals(1, s.recent().count());
    assertEquals(Duration.ofMillis(4), s.recent().max());
    assertEquals(4, s.sinceStart().count(), "the life histogram keeps everything");
    assertEquals(Duration.ofMillis(w), s.window());
  }

  @Test
  void toStringShowsCountPercentilesAndMax() {
    LatencyRecorder r = new LatencyRecorder();
    r.record(1_488, 0);
    assertEquals(
        "LatencyDistribution{count=1, p50=1.488ms, p90=1.488ms, p99=1.488ms, max=1.488ms}",
        r.stats(0).sinceStart().toString());
  }
}

package dev.hydrant.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void smallValuesGiveExactNearestRankPercentiles() {
    LatencyHistogram h = new LatencyHistogram();
    for (long v = 1; v <= 1000; v++) {
      h.record(v);
    }
    assertEquals(1000, h.count());
    assertEquals(500, h.percentile(50));
    assertEquals(990, h.percentile(99));
    assertEquals(1000, h.percentile(100));
    assertEquals(1, h.percentile(0.1));
  }

  @Test
  void largeValuesAreReportedWithinTwoTenthsOfAPercentBelow() {
    long[] values = {1024, 1500, 65_537, 1_000_000, 123_456_789, 50_000_000_000L};
    for (long v : values) {
      LatencyHistogram h = new LatencyHistogram();
      h.record(v);
      long reported = h.percentile(50);
      assertTrue(reported <= v, v + " reported as " + reported);
      assertTrue(reported >= v - v / 500, v + " reported as " + reported);
    }
  }

  @Test
  void percentilesFollowTheDistributionNotTheOrderOfRecording() {
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 0; i < 990; i++) {
      h.record(2_000);
    }
    for (int i = 0; i < 10; i++) {
      h.record(50_000);
    }
    assertEquals(2_000, h.percentile(50));
    assertEquals(2_000, h.percentile(99));
    assertEquals(49_984, h.percentile(99.9));
  }

  @Test
  void bucketBoundsAreContiguousAndIncreasing() {
    for (int i = 1; i < 5_000; i++) {
      long low = LatencyHistogram.lowerBound(i);
      assertTrue(low > LatencyHistogram.lowerBound(i - 1));
      assertEquals(i, LatencyHistogram.index(low));
      assertEquals(i - 1, LatencyHistogram.index(low - 1));
    }
  }

  @Test
  void valuesAboveTheMaximumAreClampedAndNegativeOnesRefused() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(Long.MAX_VALUE);
    assertTrue(h.percentile(100) <= LatencyHistogram.MAX_VALUE);
    assertTrue(h.percentile(100) > LatencyHistogram.MAX_VALUE / 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.record(-1));
    assertTrue(e.getMessage().contains("-1"));
    assertThrows(IllegalArgumentException.class, () -> h.percentile(0));
    assertThrows(IllegalArgumentException.class, () -> h.percentile(100.5));
  }

  @Test
  void emptyHistogramReportsZero() {
    assertEquals(0, new LatencyHistogram().percentile(99));
  }
}

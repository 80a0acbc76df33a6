package dev.hydrant.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogLimiterTest {
  private long now = Long.MAX_VALUE - 5_000_000_000L;

  @Test
  void firstOccurrencePrintsThenOncePerIntervalWithTheCountHeldBack() {
    LogLimiter limiter = new LogLimiter(1_000, () -> now);

    assertEquals(0, limiter.occurrence());
    assertEquals(-1, limiter.occurrence());
    now += 999_000_000L;
    assertEquals(-1, limiter.occurrence());
    // nanoTime may wrap past Long.MAX_VALUE: the difference still counts correctly.
    now += 1_000_000L;
    assertEquals(2, limiter.occurrence());
    now += 2_000_000_000L;
    assertEquals(0, limiter.occurrence());
  }
}

package dev.hydrant.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.internal.transport.RetrySettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SharedBackoffTest {
  private static final RetrySettings SETTINGS =
      new RetrySettings(
          Integer.MAX_VALUE, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));

  @Test
  void growsWithFailuresInARowAndStartsOverAfterASuccess() {
    SharedBackoff b = new SharedBackoff(SETTINGS, () -> 0.5);
    assertEquals(50, b.failure(0, null, b.generation()));
    assertEquals(100, b.failure(1_000, null, b.generation()));
    assertEquals(200, b.failure(2_000, null, b.generation()));
    assertEquals(3, b.failures());
    b.success();
    assertEquals(0, b.failures());
    assertFalse(b.blocks(2_000), "a success lifts the wait at once");
    assertEquals(
        50, b.failure(9_000, null, b.generation()), "counted from the first ceiling again");
  }

  @Test
  void theCeilingStaysWithinHalfTheTimeTheRequestsHaveBeenFailing() {
    RetrySettings wide =
        new RetrySettings(
            Integer.MAX_VALUE,
            Duration.ofMillis(100),
            Duration.ofSeconds(30),
            Duration.ofSeconds(5));
    SharedBackoff b = new SharedBackoff(wide, () -> 0.5);
    for (int i = 0; i < 20; i++) {
      b.failure(10_000, null, b.generation());
    }
    assertEquals(20, b.failures());
    assertEquals(
        100, b.ceilingMillis(10_000), "a burst of failures in one instant: the first step");
    for (int i = 0; i < 10; i++) {
      b.failure(10_000 + i * 300L, null, b.generation());
    }
    assertEquals(1_350, b.ceilingMillis(12_700), "2.7 s failing: at most 1.35 s");
    assertEquals(30_000, b.ceilingMillis(10_000 + 70_000), "a long outage: maxBackoff");
    assertEquals(30_000, b.ceilingMillis(Long.MAX_VALUE), "no overflow at the end of time");
    b.success();
    b.failure(100_000, null, b.generation());
    assertEquals(100, b.ceilingMillis(100_000), "a new run of failures starts its own clock");
  }

  @Test
  void requestsThatFailInTheSameRoundCountOnce() {
    SharedBackoff b = new SharedBackoff(SETTINGS, () -> 0.5);
    long round = b.generation();
    b.failure(0, null, round);
    b.failure(0, null, round);
    assertEquals(1, b.failures(), "two requests in flight during one outage");
    b.failure(0, null, b.generation());
    assertEquals(2, b.failures());
    long beforeSuccess = b.generation();
    b.success();
    b.failure(0, null, beforeSuccess);
    assertEquals(0, b.failures(), "started before the success: does not count");
    assertTrue(b.blocks(0), "but its wait still applies");
  }

  @Test
  void ceilingIsCappedAndRetryAfterReplacesTheJitteredWaitUpToItsCap() {
    SharedBackoff b = new SharedBackoff(SETTINGS, () -> 0.999);
    for (int i = 0; i < 100; i++) {
      assertTrue(b.failure(1_000, null, b.generation()) <= 1_000);
    }
    assertEquals(3_000, b.failure(1_000, Duration.ofSeconds(3), b.generation()));
    assertEquals(5_000, b.failure(1_000, Duration.ofDays(1), b.generation()));
    assertTrue(b.blocks(5_999));
    assertFalse(b.blocks(6_000));
    assertEquals(6_000, b.untilMillis());
  }

  @Test
  void extremeInstantsAndCountsDoNotOverflow() {
    SharedBackoff b = new SharedBackoff(SETTINGS, () -> 0.999);
    b.failure(Long.MAX_VALUE - 10, Duration.ofSeconds(5), b.generation());
    assertEquals(Long.MAX_VALUE, b.untilMillis());
    assertTrue(b.blocks(Long.MAX_VALUE - 1));
    assertEquals(Long.MAX_VALUE, SharedBackoff.saturatedAdd(Long.MAX_VALUE, 1));
    assertEquals(Long.MIN_VALUE, SharedBackoff.saturatedAdd(Long.MIN_VALUE, -1));
  }
}

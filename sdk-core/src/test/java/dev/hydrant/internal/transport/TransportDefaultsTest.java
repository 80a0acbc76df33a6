package dev.hydrant.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransportDefaultsTest {
  @Test
  void defaults() {
    assertEquals(
        new RetrySettings(
            8, Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(60)),
        RetrySettings.DEFAULTS);
    assertEquals(3, RecordDelivery.MAX_AMBIGUOUS_ANSWERS);
    assertEquals(Duration.ofSeconds(60), ProxyTransport.CONNECTION_TTL);
    assertTrue(
        ProxyTransport.USER_AGENT.matches("hydrant/\\d+\\.\\d+\\.\\d+.*"),
        ProxyTransport.USER_AGENT);
  }

  @Test
  void invalidRetrySettingsNameTheParameter() {
    assertEquals(
        "maxAttempts must be at least 1: 0",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new RetrySettings(0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO))
            .getMessage());
    assertEquals(
        "maxBackoff must be at least initialBackoff (PT1S): PT0.5S",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new RetrySettings(
                        3, Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ZERO))
            .getMessage());
  }
}

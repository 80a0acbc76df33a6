package dev.hydrant.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hydrant.testkit.DeliveredRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryCounterTest {

  @Test
  void deliveryCounterCountsLinesBytesAndBilledBytesPerRecord() {
    DeliveryCounter counter = new DeliveryCounter();
    byte[] one = "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8);
    byte[] many = "{\"a\":1}\n".repeat(1_000).getBytes(StandardCharsets.UTF_8);
    counter.delivered(new DeliveredRecord("s", "r1", one, Instant.EPOCH));
    counter.delivered(new DeliveredRecord("s", "r2", many, Instant.EPOCH));
    assertEquals(2, counter.records());
    assertEquals(1_001, counter.events());
    assertEquals(8 + 8_000, counter.bytes());
    assertEquals(5_120 + 10_240, counter.billedBytes());
    counter.reset();
    assertEquals(0, counter.events());
  }
}

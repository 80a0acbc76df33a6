package dev.hydrant.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hydrant.testkit.DeliveredRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FirehoseBillingTest {

  @Test
  void roundsEachRecordUpToWholeFiveKibUnits() {
    assertEquals(0, FirehoseBilling.billedBytes(0));
    assertEquals(5_120, FirehoseBilling.billedBytes(1));
    assertEquals(5_120, FirehoseBilling.billedBytes(420));
    assertEquals(5_120, FirehoseBilling.billedBytes(5_120));
    assertEquals(10_240, FirehoseBilling.billedBytes(5_121));
    assertEquals(1_024_000, FirehoseBilling.billedBytes(1_024_000));
    assertEquals(1_029_120, FirehoseBilling.billedBytes(1_024_001));
  }

  @Test
  void refusesNegativeSizes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FirehoseBilling.billedBytes(-1));
    assertEquals("recordBytes must be >= 0: -1", e.getMessage());
  }

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

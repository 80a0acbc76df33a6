package dev.hydrant.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FirehoseBillingTest {

  @Test
  void roundsEachRecordUpToWholeFiveKibUnitsAndBillsAnEmptyRecordOneUnit() {
    assertEquals(5_120, FirehoseBilling.billedBytes(0));
    assertEquals(5_120, FirehoseBilling.billedBytes(1));
    assertEquals(5_120, FirehoseBilling.billedBytes(420));
    assertEquals(5_120, FirehoseBilling.billedBytes(5_120));
    assertEquals(10_240, FirehoseBilling.billedBytes(5_121));
    assertEquals(196 * 5_120, FirehoseBilling.billedBytes(1_000_000));
    assertEquals(1_024_000, FirehoseBilling.billedBytes(1_024_000));
    assertEquals(1_029_120, FirehoseBilling.billedBytes(1_024_001));
  }

  @Test
  void refusesNegativeSizes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FirehoseBilling.billedBytes(-1));
    assertEquals("recordBytes must be >= 0: -1", e.getMessage());
  }
}

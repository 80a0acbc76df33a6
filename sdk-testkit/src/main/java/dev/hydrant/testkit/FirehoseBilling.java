package dev.hydrant.testkit;

/**
 * Amazon Data Firehose's ingestion pricing unit for Direct PUT: each record is billed rounded up to
 * the next multiple of {@value #UNIT_BYTES} bytes (5 KiB), so a 300-byte record costs as much as a
 * 5,120-byte one, and an empty record still costs one increment.
 */
public final class FirehoseBilling {
  /** The billing increment: {@value} bytes (5 KiB). */
  public static final int UNIT_BYTES = 5 * 1024;

  private FirehoseBilling() {}

  /**
   * The bytes billed for one record of {@code recordBytes} raw bytes (before base64).
   *
   * @param recordBytes the record's size, raw bytes
   * @return {@code recordBytes} rounded up to a multiple of {@value #UNIT_BYTES}, and at least one
   *     increment
   * @throws IllegalArgumentException if {@code recordBytes} is negative
   */
  public static long billedBytes(long recordBytes) {
    if (recordBytes < 0) {
      throw new IllegalArgumentException("recordBytes must be >= 0: " + recordBytes);
    }
    return Math.max(1, (recordBytes + UNIT_BYTES - 1) / UNIT_BYTES) * UNIT_BYTES;
  }
}

package dev.hydrant.examples;

/**
 * Firehose's billing arithmetic: ingestion is billed per record, each record rounded up to the next
 * {@value #UNIT_BYTES}-byte (5 KiB) increment. Packing many events into one record is what makes
 * Hydrant's bill smaller than one event per record.
 */
final class Billing {
  /** Firehose's billing increment per record: {@value} bytes (5 KiB). */
  static final int UNIT_BYTES = 5 * 1024;

  private Billing() {}

  /**
   * The billed size of one record of {@code bytes} bytes: rounded up to a multiple of {@value
   * #UNIT_BYTES}; an empty record still bills one increment.
   *
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  static long billedBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
    }
    long units = Math.max(1, (bytes + UNIT_BYTES - 1) / UNIT_BYTES);
    return units * UNIT_BYTES;
  }
}

package dev.hydrant;

/**
 * The defaults of the memory-sized options, derived from the heap the client runs in ({@link
 * Runtime#maxMemory()}), so that a client with default settings fits a small device's heap and a
 * server's keeps the largest batches. {@link HydrantClientBuilder} documents the formula; an
 * explicit setting always wins.
 *
 * <p>What the client holds at most is about {@code bufferMaxBytes} (events, in flight included) +
 * the packed copies of records retried ({@code <= bufferMaxBytes}) + {@code maxInFlight ×
 * batchMaxBytes} (packed records in flight), plus their request bodies: with the shares below about
 * three eighths of the heap, the rest left to the application and the garbage collector.
 */
final class HeapDefaults {
  /** No derived size goes below this: {@value} bytes (64 KiB). */
  static final long FLOOR_BYTES = 64L * 1024;

  /** {@code bufferMaxBytes} is this fraction (1/n) of the heap: {@value}. */
  static final int BUFFER_SHARE = 8;

  /** The in-flight batches together are this fraction (1/n) of the heap: {@value}. */
  static final int IN_FLIGHT_SHARE = 8;

  /**
   * {@code recordMaxBytes} is this fraction (1/n) of the heap: {@value}. Under 2 GiB of heap G1's
   * regions are 1 MiB, and an array of half a region or more is "humongous" (allocated in whole
   * regions of its own, collected late): records stay well under that on small heaps.
   */
  static final int RECORD_SHARE = 128;

  private HeapDefaults() {}

  /** {@return the default {@code bufferMaxBytes}: heap / 8, from 64 KiB to 8 MiB} */
  static long bufferMaxBytes(long maxMemory) {
    return clamp(maxMemory / BUFFER_SHARE, HydrantClientBuilder.DEFAULT_BUFFER_MAX_BYTES);
  }

  /** {@return the default {@code batchMaxBytes}: heap / (8 × maxInFlight), from 64 KiB to 4 MiB} */
  static long batchMaxBytes(long maxMemory, int maxInFlight) {
    return clamp(
        maxMemory / ((long) IN_FLIGHT_SHARE * maxInFlight), HydrantClientBuilder.MAX_BATCH_BYTES);
  }

  /** {@return the default {@code recordMaxBytes}: heap / 128, from 64 KiB to 1000 KiB} */
  static int recordMaxBytes(long maxMemory) {
    return (int) clamp(maxMemory / RECORD_SHARE, HydrantClientBuilder.MAX_RECORD_BYTES);
  }

  private static long clamp(long share, long ceiling) {
    return Math.max(FLOOR_BYTES, Math.min(share, ceiling));
  }
}

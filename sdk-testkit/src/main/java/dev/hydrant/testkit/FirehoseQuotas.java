package dev.hydrant.testkit;

/**
 * Per-delivery-stream Firehose quotas, shared by PutRecord and PutRecordBatch. Each is a token
 * bucket holding one second's worth. A call over the request quota fails whole with {@code
 * ServiceUnavailableException} "Slow down."; a batch entry over the record or byte quota fails
 * alone.
 *
 * @param requestsPerSecond calls per second, &gt; 0
 * @param recordsPerSecond records per second, &gt; 0
 * @param bytesPerSecond raw (decoded) bytes per second, &gt; 0
 */
public record FirehoseQuotas(
    double requestsPerSecond, double recordsPerSecond, double bytesPerSecond) {

  /** Firehose's default quotas: 2,000 requests/s, 5,000 records/s, 5 MiB/s. */
  public static final FirehoseQuotas DEFAULT = new FirehoseQuotas(2_000, 5_000, 5 * 1024 * 1024);

  /** No quotas (for load benchmarks that push more than one real stream accepts). */
  public static final FirehoseQuotas UNLIMITED =
      new FirehoseQuotas(
          Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);

  /**
   * @param bytesPerSecond bytes per second per stream
   * @param recordsPerSecond records per second per stream
   * @param requestsPerSecond requests per second per stream
   * @throws IllegalArgumentException naming the first quota that is not positive
   */
  public FirehoseQuotas {
    requirePositive(requestsPerSecond, "requestsPerSecond");
    requirePositive(recordsPerSecond, "recordsPerSecond");
    requirePositive(bytesPerSecond, "bytesPerSecond");
  }

  private static void requirePositive(double value, String name) {
    if (!(value > 0)) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }
}

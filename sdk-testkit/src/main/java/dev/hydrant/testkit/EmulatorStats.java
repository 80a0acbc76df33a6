package dev.hydrant.testkit;

import java.util.Map;

/**
 * A snapshot of the emulator's counters since start or the last reset.
 *
 * @param gatewayRequestsByStatus API Gateway responses by HTTP status the client saw (connection
 *     faults count under 0)
 * @param firehoseCallsByOutcome Firehose calls by outcome: {@code OK} or the error's {@code __type}
 * @param recordsDelivered records accepted
 * @param bytesDelivered raw bytes accepted
 * @param recordsFailed batch entries that failed (FailedPutCount summed)
 * @param objectsWritten S3 objects written
 */
public record EmulatorStats(
    Map<Integer, Long> gatewayRequestsByStatus,
    Map<String, Long> firehoseCallsByOutcome,
    long recordsDelivered,
    long bytesDelivered,
    long recordsFailed,
    long objectsWritten) {

  /**
   * Makes the maps immutable copies.
   *
   * @param bytesDelivered total bytes of the delivered records
   * @param firehoseCallsByOutcome Firehose calls by outcome ({@code ok} or the error code)
   * @param gatewayRequestsByStatus gateway responses by HTTP status
   * @param objectsWritten S3 objects written
   * @param recordsDelivered records delivered
   * @param recordsFailed records that failed
   */
  public EmulatorStats {
    gatewayRequestsByStatus = Map.copyOf(gatewayRequestsByStatus);
    firehoseCallsByOutcome = Map.copyOf(firehoseCallsByOutcome);
  }

  /**
   * Gateway responses with the given status.
   *
   * @param status the HTTP status
   * @return how many responses had that status
   */
  public long gatewayRequests(int status) {
    return gatewayRequestsByStatus.getOrDefault(status, 0L);
  }

  /** {@return all gateway requests answered (or faulted)} */
  public long gatewayRequests() {
    return gatewayRequestsByStatus.values().stream().mapToLong(Long::longValue).sum();
  }
}

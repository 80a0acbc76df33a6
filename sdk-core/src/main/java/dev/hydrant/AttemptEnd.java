package dev.hydrant;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an HTTP attempt ended: reported by {@link DeliveryListener#onAttemptEnd} once for every
 * {@link AttemptStart}, with the same {@link #id()}.
 *
 * @param id the number of the {@link AttemptStart} it ends
 * @param route the proxy route it went to
 * @param records Firehose records in the request
 * @param events events those records carry
 * @param rawBytes the records' raw bytes (NDJSON lines)
 * @param wireBytes the request body as sent (JSON, base64, gzip when on); 0 when nothing was sent
 * @param outcome what the answer meant
 * @param statusCode the HTTP status; 0 when no response was received (DNS, connection, TLS,
 *     timeout) or the attempt was abandoned
 * @param errorCode Firehose's or API Gateway's error code when there was one: the response's error
 *     type ({@code x-amzn-ErrorType} or the body's {@code __type}), else the first failed entry's
 *     {@code ErrorCode} of a partial batch
 * @param requestId the proxy's {@code x-amzn-RequestId}, to find the request in API Gateway's
 *     access log
 * @param latency from handing the request to the HTTP client to its answer or error (zero when
 *     abandoned)
 * @param deliveredRecords records the answer acknowledged with a {@code RecordId}
 * @param willRetry whether at least one of its records will be sent again by this client (a disk
 *     spool may send them again after a restart)
 */
public record AttemptEnd(
    long id,
    Route route,
    int records,
    int events,
    long rawBytes,
    long wireBytes,
    Outcome outcome,
    int statusCode,
    Optional<String> errorCode,
    Optional<String> requestId,
    Duration latency,
    int deliveredRecords,
    boolean willRetry) {

  /** What an attempt's answer meant for its records. */
  public enum Outcome {
    /** Every record has a {@code RecordId}. */
    DELIVERED,
    /** A batch where some entries failed; the retryable ones are sent again. */
    PARTIAL,
    /** Nothing proven delivered; the records may be sent again (5xx, 429, I/O, throttling). */
    RETRYABLE,
    /** Retrying cannot help (403, missing stream, invalid argument, TLS); the records fail. */
    FATAL,
    /** HTTP 413: the records are sent again in smaller requests, or fail when alone. */
    TOO_LARGE,
    /** The attempt could not be made (Hydrant's own error); see the log. */
    ERROR,
    /**
     * {@code close} ended the client before the answer came. (A request that {@code close} aborted
     * while the sender still waited for it ends {@link #RETRYABLE} with status 0 and {@code
     * willRetry} false.)
     */
    ABANDONED
  }

  /**
   * Checks that the reference components are present.
   *
   * @param id the number of the {@link AttemptStart} it ends
   * @param route the proxy route it went to
   * @param records Firehose records in the request
   * @param events events those records carry
   * @param rawBytes the records' raw bytes (NDJSON lines)
   * @param wireBytes the request body as sent; 0 when nothing was sent
   * @param outcome what the answer meant
   * @param statusCode the HTTP status; 0 when no response was received or the attempt was abandoned
   * @param errorCode Firehose's or API Gateway's error code when there was one
   * @param requestId the proxy's {@code x-amzn-RequestId}, when the response had one
   * @param latency from handing the request to the HTTP client to its answer or error
   * @param deliveredRecords records the answer acknowledged with a {@code RecordId}
   * @param willRetry whether at least one of its records will be sent again by this client
   * @throws NullPointerException if a reference component is null
   */
  public AttemptEnd {
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(latency, "latency");
  }
}

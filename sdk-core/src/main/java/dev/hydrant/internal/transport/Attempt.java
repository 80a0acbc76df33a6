package dev.hydrant.internal.transport;

import dev.hydrant.FailureReason;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The classified outcome of one HTTP attempt (request, response and its body), as produced by
 * {@link ResponseClassifier}.
 *
 * @param outcome what the caller should do
 * @param statusCode the HTTP status, or 0 when no response was received (I/O or TLS failure)
 * @param entries for {@link Outcome#DELIVERED} and {@link Outcome#PARTIAL}: one entry per record
 *     sent, same order; empty otherwise
 * @param reason why it failed ({@code null} when delivered); for {@link Outcome#RETRY} the reason
 *     used if retries run out
 * @param detail a human-readable explanation for logs and the delivery report ({@code null} when
 *     delivered)
 * @param retryAfter the server's {@code Retry-After}, uncapped; {@code null} if absent
 * @param requestBytes size of the request body sent
 * @param requestId {@code x-amzn-RequestId}, or {@code null}
 * @param apigwId {@code x-amz-apigw-id}, or {@code null}
 * @param errorType {@code x-amzn-ErrorType} or the body's normalised {@code __type}, or {@code
 *     null}
 */
public record Attempt(
    Outcome outcome,
    int statusCode,
    List<Entry> entries,
    FailureReason reason,
    String detail,
    Duration retryAfter,
    long requestBytes,
    String requestId,
    String apigwId,
    String errorType) {

  /** What an attempt means for its records. */
  public enum Outcome {
    /** Every record has a RecordId. */
    DELIVERED,
    /** A batch where some entries failed; see {@link Entry}. */
    PARTIAL,
    /** Nothing proven delivered; the same request may be retried (after {@code retryAfter}). */
    RETRY,
    /** Retrying cannot help; {@code reason} says why. */
    FATAL,
    /**
     * HTTP 413: the body is too large. Splitting a multi-record batch may help; for one record it
     * is final ({@link FailureReason#PAYLOAD_TOO_LARGE}).
     */
    TOO_LARGE
  }

  /**
   * The answer for one record of a DELIVERED or PARTIAL attempt.
   *
   * @param recordId Firehose's RecordId, {@code null} if this record failed
   * @param errorCode the entry's ErrorCode, {@code null} if delivered
   * @param errorMessage the entry's ErrorMessage, or {@code null}
   * @param fatalReason {@code null} if delivered or retryable; otherwise why it is final
   */
  public record Entry(
      String recordId, String errorCode, String errorMessage, FailureReason fatalReason) {
    public boolean delivered() {
      return recordId != null;
    }
  }

  public Attempt {
    Objects.requireNonNull(outcome, "outcome");
    entries = List.copyOf(entries);
  }

  Attempt withRequestBytes(long bytes) {
    return new Attempt(
        outcome,
        statusCode,
        entries,
        reason,
        detail,
        retryAfter,
        bytes,
        requestId,
        apigwId,
        errorType);
  }

  /** Whether the same request may be sent again. */
  public boolean retryable() {
    return outcome == Outcome.RETRY;
  }
}

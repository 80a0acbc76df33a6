package dev.hydrant.internal.transport;

import dev.hydrant.FailureReason;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The classified outcome of one HTTP attempt (request, response and its body), as produced by
 * {@link ResponseClassifier} and {@link TransportFailures}. Built only by the named factories, one
 * per {@link Outcome}.
 */
public final class Attempt {
  private final Outcome outcome;
  private final Response response;
  private final List<Entry> entries;
  private final FailureReason reason;
  private final String detail;
  private final Duration retryAfter;
  private final long requestBytes;

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
   * What the proxy's response said about itself.
   *
   * @param status the HTTP status, or 0 when no response was received (I/O or TLS failure)
   * @param requestId {@code x-amzn-RequestId}, or {@code null}
   * @param apigwId {@code x-amz-apigw-id}, or {@code null}
   * @param errorType {@code x-amzn-ErrorType} or the body's normalised {@code __type}, or {@code
   *     null}
   */
  public record Response(int status, String requestId, String apigwId, String errorType) {
    /** No response was received. */
    public static final Response NONE = new Response(0, null, null, null);

    /** A response with only a status. */
    public static Response status(int status) {
      return new Response(status, null, null, null);
    }
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
    /** A record Firehose acknowledged with this RecordId. */
    public static Entry delivered(String recordId) {
      return new Entry(Objects.requireNonNull(recordId, "recordId"), null, null, null);
    }

    public boolean delivered() {
      return recordId != null;
    }
  }

  private Attempt(
      Outcome outcome,
      Response response,
      List<Entry> entries,
      FailureReason reason,
      String detail,
      Duration retryAfter,
      long requestBytes) {
    this.outcome = Objects.requireNonNull(outcome, "outcome");
    this.response = Objects.requireNonNull(response, "response");
    this.entries = List.copyOf(entries);
    this.reason = reason;
    this.detail = detail;
    this.retryAfter = retryAfter;
    this.requestBytes = requestBytes;
  }

  /** Every record acknowledged; {@code entries} has one delivered entry per record sent. */
  public static Attempt delivered(Response response, List<Entry> entries) {
    return new Attempt(Outcome.DELIVERED, response, entries, null, null, null, 0);
  }

  /**
   * A batch answer with one entry per record sent: {@link Outcome#DELIVERED} if every entry was
   * acknowledged, otherwise {@link Outcome#PARTIAL} with {@code detail} saying how many failed.
   */
  public static Attempt batch(Response response, List<Entry> entries, String detail) {
    boolean all = entries.stream().allMatch(Entry::delivered);
    return all
        ? delivered(response, entries)
        : new Attempt(
            Outcome.PARTIAL, response, entries, FailureReason.RETRIES_EXHAUSTED, detail, null, 0);
  }

  /**
   * Nothing proven delivered; the same request may be sent again, after {@code retryAfter} (the
   * server's, uncapped; {@code null} if absent). {@code reason} is what the records fail with if
   * retries run out.
   */
  public static Attempt retry(
      Response response, FailureReason reason, String detail, Duration retryAfter) {
    return new Attempt(
        Outcome.RETRY,
        response,
        List.of(),
        Objects.requireNonNull(reason, "reason"),
        detail,
        retryAfter,
        0);
  }

  /** Retrying cannot help. */
  public static Attempt fatal(Response response, FailureReason reason, String detail) {
    return new Attempt(
        Outcome.FATAL,
        response,
        List.of(),
        Objects.requireNonNull(reason, "reason"),
        detail,
        null,
        0);
  }

  /** HTTP 413: the body is too large. */
  public static Attempt tooLarge(Response response, String detail) {
    return new Attempt(
        Outcome.TOO_LARGE, response, List.of(), FailureReason.PAYLOAD_TOO_LARGE, detail, null, 0);
  }

  /** This attempt, with the size of the request body that was sent. */
  public Attempt withRequestBytes(long bytes) {
    return new Attempt(outcome, response, entries, reason, detail, retryAfter, bytes);
  }

  /** What the caller should do. */
  public Outcome outcome() {
    return outcome;
  }

  /** What the response said about itself; {@link Response#NONE} when there was none. */
  public Response response() {
    return response;
  }

  /** The HTTP status, or 0 when no response was received (I/O or TLS failure). */
  public int statusCode() {
    return response.status();
  }

  /**
   * For {@link Outcome#DELIVERED} and {@link Outcome#PARTIAL}: one entry per record sent, same
   * order; empty otherwise.
   */
  public List<Entry> entries() {
    return entries;
  }

  /**
   * Why it failed ({@code null} when delivered); for {@link Outcome#RETRY} the reason used if
   * retries run out.
   */
  public FailureReason reason() {
    return reason;
  }

  /** A human-readable explanation for logs and the delivery report; {@code null} when delivered. */
  public String detail() {
    return detail;
  }

  /** The server's {@code Retry-After}, uncapped; {@code null} if absent. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Size of the request body sent. */
  public long requestBytes() {
    return requestBytes;
  }

  /** {@code x-amzn-RequestId}, or {@code null}. */
  public String requestId() {
    return response.requestId();
  }

  /** {@code x-amz-apigw-id}, or {@code null}. */
  public String apigwId() {
    return response.apigwId();
  }

  /** {@code x-amzn-ErrorType} or the body's normalised {@code __type}, or {@code null}. */
  public String errorType() {
    return response.errorType();
  }

  /** Whether the same request may be sent again. */
  public boolean retryable() {
    return outcome == Outcome.RETRY;
  }

  @Override
  public String toString() {
    return "Attempt{"
        + outcome
        + ", "
        + response
        + ", "
        + entries.size()
        + " entries, reason="
        + reason
        + ", detail="
        + detail
        + ", requestBytes="
        + requestBytes
        + "}";
  }
}

package dev.hydrant.internal.pipeline;

import dev.hydrant.FailureReason;
import dev.hydrant.internal.transport.Attempt;
import dev.hydrant.internal.transport.Attempt.Entry;

/**
 * What one classified attempt says about the endpoint's health: the single place where an {@link
 * Attempt} is read for {@link HealthTracker}.
 *
 * <p>I/O failures reach here as text ({@code Attempt.detail()} is the exception's class name and
 * message): an {@code UnknownHostException} is a configuration failure, a refused connection
 * ({@code ConnectException}, "Connection refused") a failure that {@link HealthTracker} escalates
 * after a minute.
 *
 * @param kind how the attempt counts
 * @param key names the cause for rate limiting ({@code null} for successes and neutral answers):
 *     the failure reason, {@link #UNKNOWN_HOST}, {@link #CONNECTION_REFUSED}, or {@code HTTP <n>} /
 *     {@code I/O} for the rest
 * @param cause the human-readable cause ({@code null} for a success)
 * @param hint how to fix a configuration failure ({@code null} otherwise; for {@link
 *     #CONNECTION_REFUSED} the hint used once the refusals last)
 */
record HealthSignal(Kind kind, String key, String cause, String hint) {
  static final String UNKNOWN_HOST = "UNKNOWN_HOST";
  static final String CONNECTION_REFUSED = "CONNECTION_REFUSED";
  static final String OUT_OF_MEMORY = "OUT_OF_MEMORY";
  static final String CREDENTIALS_UNAVAILABLE = "CREDENTIALS_UNAVAILABLE";

  /** How the detail of a failed try to get signing credentials begins. */
  static final String CREDENTIALS_PREFIX = "signing credentials unavailable";

  /** How the detail of a request that did not fit in the heap begins. */
  static final String OUT_OF_MEMORY_PREFIX = "out of memory building";

  /** How an attempt counts for the health state. */
  enum Kind {
    /** The proxy acknowledged at least one record. */
    SUCCESS,
    /** The proxy answered about the events themselves; health is unchanged. */
    NEUTRAL,
    /** A failure that may pass (I/O, 429, 5xx, throttling, an unexpected answer). */
    FAILURE,
    /** A failure that lasts until the configuration (device or proxy) is fixed. */
    CONFIGURATION
  }

  static HealthSignal of(Attempt attempt) {
    String detail = attempt.detail() == null ? "" : attempt.detail();
    String status = Integer.toString(attempt.statusCode());
    String cause;
    if (attempt.statusCode() == 0) {
      cause = detail;
    } else if (detail.startsWith(status)) {
      cause = "HTTP " + detail;
    } else {
      cause = "HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
    }
    return switch (attempt.outcome()) {
      case DELIVERED -> new HealthSignal(Kind.SUCCESS, null, null, null);
      case TOO_LARGE -> new HealthSignal(Kind.NEUTRAL, null, cause, null);
      case PARTIAL -> partial(attempt, cause);
      case FATAL -> fatal(attempt.reason(), cause);
      case RETRY -> retry(attempt, detail, cause);
    };
  }

  boolean failed() {
    return kind == Kind.FAILURE || kind == Kind.CONFIGURATION;
  }

  private static HealthSignal partial(Attempt attempt, String cause) {
    boolean retryable = false;
    for (Entry e : attempt.entries()) {
      if (e.delivered()) {
        return new HealthSignal(Kind.SUCCESS, null, null, null);
      }
      retryable |= e.fatalReason() == null;
    }
    String first =
        attempt.entries().isEmpty()
            ? cause
            : "no record of the batch was accepted: "
                + attempt.entries().get(0).errorCode()
                + ": "
                + attempt.entries().get(0).errorMessage();
    return retryable
        ? new HealthSignal(Kind.FAILURE, "PARTIAL", first, null)
        : new HealthSignal(Kind.NEUTRAL, null, first, null);
  }

  private static HealthSignal retry(Attempt attempt, String detail, String cause) {
    if (attempt.statusCode() == 0 && detail.startsWith(OUT_OF_MEMORY_PREFIX)) {
      return new HealthSignal(
          Kind.CONFIGURATION,
          OUT_OF_MEMORY,
          detail,
          "give the JVM more heap (-Xmx) or lower bufferMaxBytes and batchMaxBytes; the events"
              + " stay buffered and the request is tried again every second");
    }
    if (attempt.statusCode() == 0 && detail.contains("UnknownHostException")) {
      return new HealthSignal(
          Kind.CONFIGURATION,
          UNKNOWN_HOST,
          "the endpoint's host name does not resolve: " + detail,
          "check the endpoint host name, and that the device has DNS and a network");
    }
    if (attempt.statusCode() == 0 && detail.startsWith(CREDENTIALS_PREFIX)) {
      return new HealthSignal(Kind.FAILURE, CREDENTIALS_UNAVAILABLE, detail, null);
    }
    if (attempt.statusCode() == 0
        && (detail.contains("ConnectException") || detail.contains("Connection refused"))) {
      return new HealthSignal(
          Kind.FAILURE,
          CONNECTION_REFUSED,
          "the endpoint refused the connection: " + detail,
          "check the endpoint port, and that the proxy is running and reachable from the device");
    }
    String key = attempt.statusCode() == 0 ? "I/O" : "HTTP " + attempt.statusCode();
    return new HealthSignal(Kind.FAILURE, key, cause, null);
  }

  private static HealthSignal fatal(FailureReason reason, String cause) {
    String hint = reason == null ? null : hint(reason);
    if (hint != null) {
      return new HealthSignal(Kind.CONFIGURATION, reason.name(), cause, hint);
    }
    if (reason == FailureReason.PAYLOAD_TOO_LARGE
        || reason == FailureReason.INVALID_ARGUMENT
        || reason == FailureReason.BAD_REQUEST) {
      return new HealthSignal(Kind.NEUTRAL, null, cause, null);
    }
    return new HealthSignal(Kind.FAILURE, reason == null ? "FATAL" : reason.name(), cause, null);
  }

  /** The fix for a configuration-class reason; {@code null} when the reason is not one. */
  private static String hint(FailureReason reason) {
    return switch (reason) {
      case FORBIDDEN ->
          "check the API key (HydrantClientBuilder.apiKey) and that the API's usage"
              + " plan includes it";
      case ROUTE_NOT_FOUND ->
          "check the endpoint URL's path: API Gateway answers 'Missing"
              + " Authentication Token' for a path or method it does not serve";
      case STREAM_NOT_FOUND ->
          "check deliveryStream: the proxy's account and region have no"
              + " delivery stream of that name";
      case ACCESS_DENIED ->
          "the proxy's IAM role may not write to the delivery stream; check" + " its policy";
      case BACKEND_CONFIGURATION -> "check the delivery stream's KMS key and source settings";
      case UNSUPPORTED_MEDIA_TYPE ->
          "the proxy refuses the request's Content-Type or"
              + " Content-Encoding; turn gzip off or allow it on the API";
      case TLS_HANDSHAKE ->
          "the server and the TlsPolicy share no protocol or cipher suite;"
              + " the server must offer TLSv1.2+ with forward-secret AEAD suites";
      case TLS_CERTIFICATE ->
          "check the endpoint host name, the Trust (platform store or CA"
              + " bundle) and the client certificate";
      case TLS_PIN_MISMATCH ->
          "check CertificatePins against the server's current key (keep a"
              + " backup pin for rotations)";
      default -> null;
    };
  }
}

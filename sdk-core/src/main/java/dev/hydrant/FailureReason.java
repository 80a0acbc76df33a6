package dev.hydrant;

/**
 * Why an accepted event was not delivered. Reported to {@code DeliveryListener} with the events it
 * concerns. The first group are answers of the proxy that retrying cannot fix (configuration or
 * data errors); the TLS group are handshake failures, reported distinctly because they mean the
 * device or the endpoint is misconfigured; the last group are Hydrant's own limits.
 */
public enum FailureReason {
  /**
   * API Gateway 403 {@code Forbidden}: missing or invalid API key, or (with {@code AWS_IAM}) a
   * SigV4 signature or IAM policy the proxy rejects; the detail says which.
   */
  FORBIDDEN(false),
  /** API Gateway 403 {@code Missing Authentication Token}: wrong URL path or method. */
  ROUTE_NOT_FOUND(false),
  /** API Gateway 413: the request body is too large, even after splitting. */
  PAYLOAD_TOO_LARGE(false),
  /** API Gateway 415: the proxy did not accept the Content-Type or Content-Encoding. */
  UNSUPPORTED_MEDIA_TYPE(false),
  /** API Gateway 400 or another client error the proxy raised itself. */
  BAD_REQUEST(false),
  /** Firehose {@code ResourceNotFoundException}: the delivery stream does not exist. */
  STREAM_NOT_FOUND(false),
  /** Firehose {@code AccessDeniedException}: the proxy's role may not write to this stream. */
  ACCESS_DENIED(false),
  /** Firehose {@code InvalidArgumentException}, {@code ValidationException} and similar. */
  INVALID_ARGUMENT(false),
  /** Firehose KMS or source errors ({@code InvalidKMSResourceException}, ...). */
  BACKEND_CONFIGURATION(false),
  /** Any other answer that is neither a success nor known to be retryable. */
  UNEXPECTED_RESPONSE(false),
  /** The TLS handshake failed: protocol version or cipher suite refused by one of the sides. */
  TLS_HANDSHAKE(false),
  /** The server's certificate is not trusted or does not match the host name. */
  TLS_CERTIFICATE(false),
  /** The server's certificate chain matches none of the configured pins. */
  TLS_PIN_MISMATCH(false),
  /**
   * The credentials endpoint (AWS IoT Core credential provider) refused this device: certificate
   * not registered or inactive, thing not attached to it, unknown role alias, or an IoT policy that
   * does not allow {@code iot:AssumeRoleWithCertificate}. Nothing was sent to the proxy.
   */
  CREDENTIALS_REFUSED(false),
  /** Every allowed attempt failed with a retryable error. */
  RETRIES_EXHAUSTED(true),
  /** The event's delivery deadline (time to live) passed before it was delivered. */
  EXPIRED(true),
  /** The client was closed before the event could be delivered (memory buffer only). */
  CLOSED(true),
  /** Hydrant itself failed while handling the event (a bug; the log has the stack trace). */
  INTERNAL_ERROR(false);

  private final boolean transientCause;

  FailureReason(boolean transientCause) {
    this.transientCause = transientCause;
  }

  /**
   * Whether the cause was transient (the proxy was reachable and would eventually have taken the
   * event) rather than a configuration or data error.
   *
   * @return {@code true} if a working proxy would eventually have taken the event
   */
  public boolean isTransient() {
    return transientCause;
  }
}

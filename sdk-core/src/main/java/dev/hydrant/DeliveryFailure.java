package dev.hydrant;

import java.util.Objects;
import java.util.Optional;

/**
 * Why events will not be delivered, with what the proxy last said about them, so that an operator
 * can find the request in API Gateway's access log.
 *
 * @param reason why they failed
 * @param detail the proxy's own words, or Hydrant's explanation; {@code null} when there is none
 * @param statusCode the HTTP status of the last attempt that carried them; 0 when none was answered
 *     (no attempt, DNS, connection, TLS or timeout failure)
 * @param requestId the {@code x-amzn-RequestId} of that attempt, when it had one
 */
public record DeliveryFailure(
    FailureReason reason, String detail, int statusCode, Optional<String> requestId) {
  /**
   * Checks that the required components are present.
   *
   * @param reason why they failed
   * @param detail the proxy's own words, or Hydrant's explanation; {@code null} when there is none
   * @param statusCode the HTTP status of the last attempt that carried them; 0 when none was
   *     answered
   * @param requestId the {@code x-amzn-RequestId} of that attempt, when it had one
   * @throws NullPointerException if {@code reason} or {@code requestId} is null
   */
  public DeliveryFailure {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(requestId, "requestId");
  }

  /**
   * A failure that no proxy answer was part of (expiry before a send, close, oversize).
   *
   * @param reason why they failed
   * @param detail Hydrant's explanation; {@code null} when there is none
   * @return a failure with status code 0 and no request id
   * @throws NullPointerException if {@code reason} is null
   */
  public static DeliveryFailure of(FailureReason reason, String detail) {
    return new DeliveryFailure(reason, detail, 0, Optional.empty());
  }
}

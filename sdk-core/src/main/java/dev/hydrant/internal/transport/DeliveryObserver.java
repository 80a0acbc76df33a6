package dev.hydrant.internal.transport;

import java.time.Duration;

/** Hooks for logs and metrics, called on the sender thread; every method defaults to no-op. */
public interface DeliveryObserver {
  /** No-op observer. */
  DeliveryObserver NONE = new DeliveryObserver() {};

  /** An attempt was sent (called once it has been answered, before {@link #onResponse}). */
  default void onRequest(int records, long bodyBytes) {}

  /**
   * An attempt was classified.
   *
   * @param statusCode HTTP status, 0 for an I/O or TLS failure
   * @param outcome the {@link Attempt.Outcome} name, with the failure reason if any
   * @param requestId {@code x-amzn-RequestId}, or {@code null}
   */
  default void onResponse(int statusCode, String outcome, String requestId) {}

  /**
   * An attempt was classified: the whole {@link Attempt} (status, outcome, failure reason, cause
   * text, request id), for health tracking. Called right after {@link #onResponse}.
   *
   * @param overlapped the request was in flight together with one whose answer was already counted
   *     (a failure or a success since it started): requests that fail together in one outage count
   *     as one failure in a row
   */
  default void onAttempt(Attempt attempt, boolean overlapped) {}

  /** About to wait {@code wait} before attempt {@code attempt + 1}. */
  default void onRetry(int attempt, String reason, Duration wait) {}
}

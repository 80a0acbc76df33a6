package dev.hydrant;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How delivery to the proxy is going, judged from the outcome of each HTTP attempt. Read it from
 * {@link HydrantMetrics#health()}; {@link DeliveryListener#onHealthChanged} reports each change of
 * {@link #state()}.
 *
 * <p>Transitions, applied after every attempt:
 *
 * <ul>
 *   <li>a <b>success</b> (the proxy acknowledged at least one record) → {@link State#HEALTHY};
 *   <li>a <b>retryable failure</b> (I/O error, timeout, 429, 5xx, throttling, a batch where no
 *       record was acknowledged) → {@link State#DEGRADED} from HEALTHY, and {@link State#FAILING}
 *       once {@value #FAILING_AFTER_ATTEMPTS} attempts in a row have failed or {@value
 *       #FAILING_AFTER_SECONDS} s have passed since the first failure without a success. Requests
 *       that were in flight together count once: when two requests fail in the same blip, the
 *       second (started before the first failure was counted) does not add to the count;
 *   <li>a <b>configuration failure</b> → {@link State#FAILING} at once: the endpoint host name does
 *       not resolve, API Gateway answers 403 (wrong API key, wrong path), the delivery stream is
 *       missing or not writable, the proxy refuses the media type, or TLS fails (handshake,
 *       certificate, pin);
 *   <li>an answer about the events themselves (413 on one record, invalid argument, 400) changes
 *       nothing: the proxy was reached and the events fail on their own.
 * </ul>
 *
 * @param state the current state
 * @param since when the client entered {@code state} (client start for the initial HEALTHY)
 * @param consecutiveFailures failed attempts since the last success, requests in flight together
 *     counting once
 * @param lastError the cause of the most recent failed attempt, kept after a recovery; empty until
 *     the first failure. Never contains the API key.
 * @param lastStatusCode the HTTP status of the most recent attempt; 0 before the first attempt and
 *     when no response was received (DNS, connection, TLS or timeout failure)
 * @param lastRequestId the {@code x-amzn-RequestId} of the most recent attempt, when it had one
 */
public record DeliveryHealth(
    State state,
    Instant since,
    long consecutiveFailures,
    Optional<String> lastError,
    int lastStatusCode,
    Optional<String> lastRequestId) {

  /** Consecutive failed attempts after which delivery is {@link State#FAILING}: {@value}. */
  public static final int FAILING_AFTER_ATTEMPTS = 3;

  /** Seconds of failed attempts without a success after which delivery is FAILING: {@value}. */
  public static final long FAILING_AFTER_SECONDS = 10;

  /** The delivery states, from good to bad. */
  public enum State {
    /** The most recent attempt that counts succeeded, or no attempt failed yet. */
    HEALTHY,
    /** Recent attempts failed with retryable errors; Hydrant retries with backoff. */
    DEGRADED,
    /**
     * Attempts keep failing, or the configuration cannot work; events wait in the buffer (retryable
     * causes) or fail at once (configuration causes the proxy answers, such as 403).
     */
    FAILING
  }

  /**
   * Validates the state.
   *
   * @param state the current state
   * @param since when the client entered {@code state} (client start for the initial HEALTHY)
   * @param consecutiveFailures failed attempts since the last success
   * @param lastError the cause of the most recent failed attempt, kept after a recovery; empty
   *     until the first failure. Never contains the API key.
   * @param lastStatusCode the HTTP status of the most recent attempt; 0 before the first attempt
   *     and when no response was received (DNS, connection, TLS or timeout failure)
   * @param lastRequestId the {@code x-amzn-RequestId} of the most recent attempt, when it had one
   * @throws NullPointerException if a reference component is null
   * @throws IllegalArgumentException if {@code consecutiveFailures} is negative
   */
  public DeliveryHealth {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(lastRequestId, "lastRequestId");
    if (consecutiveFailures < 0) {
      throw new IllegalArgumentException(
          "consecutiveFailures must be >= 0, got " + consecutiveFailures);
    }
  }

  /**
   * HEALTHY since {@code start}, before any attempt.
   *
   * @param start when the client started
   * @return a {@code HEALTHY} state with no failures
   */
  public static DeliveryHealth initial(Instant start) {
    return new DeliveryHealth(State.HEALTHY, start, 0, Optional.empty(), 0, Optional.empty());
  }
}

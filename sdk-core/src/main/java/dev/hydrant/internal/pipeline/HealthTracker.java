package dev.hydrant.internal.pipeline;

import dev.hydrant.DeliveryHealth;
import dev.hydrant.DeliveryHealth.State;
import dev.hydrant.internal.pipeline.HealthSignal.Kind;
import dev.hydrant.internal.transport.Attempt;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The delivery health state machine (transitions documented on {@link DeliveryHealth}). Fed with
 * every classified attempt; publishes the current {@link DeliveryHealth} to the metrics after each
 * one, reports state changes to the listener and writes the {@link HealthLog} lines.
 *
 * <p>A refused connection is a plain failure at first (a proxy restarting refuses connections for
 * seconds); once every attempt for {@link #REFUSED_IS_CONFIGURATION_MILLIS} ms has been refused it
 * is logged as a configuration failure (wrong port, nothing listening).
 *
 * <p>Thread-safe; the listener is called outside the lock, on the thread that reported the attempt.
 */
public final class HealthTracker {
  /** How long refused connections last before they are treated as a configuration error. */
  static final long REFUSED_IS_CONFIGURATION_MILLIS = 60_000;

  private final Clock clock;
  private final MetricsRecorder metrics;
  private final ListenerDispatch dispatch;
  private final LongSupplier waitingEvents;
  private final HealthLog log;
  private final String retryNext;
  private final List<String> secrets;

  private DeliveryHealth current;
  private long firstFailureMillis = -1;
  private long refusedSinceMillis = -1;

  /**
   * @param endpoint the endpoint as logged (no credentials, no query)
   * @param retryNext what happens to events while retryable failures last, for the log
   * @param waitingEvents the number of events waiting for delivery, for the log
   * @param secrets values masked in every cause text (the API key, header values)
   */
  public HealthTracker(
      String endpoint,
      String retryNext,
      List<String> secrets,
      MetricsRecorder metrics,
      ListenerDispatch dispatch,
      LongSupplier waitingEvents,
      Clock clock) {
    this.log = new HealthLog(Objects.requireNonNull(endpoint, "endpoint"));
    this.retryNext = Objects.requireNonNull(retryNext, "retryNext");
    this.secrets = List.copyOf(secrets);
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.dispatch = Objects.requireNonNull(dispatch, "dispatch");
    this.waitingEvents = Objects.requireNonNull(waitingEvents, "waitingEvents");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.current = DeliveryHealth.initial(clock.instant());
    metrics.health(current);
  }

  /** The current health. */
  public synchronized DeliveryHealth current() {
    return current;
  }

  /** Updates the state with one classified attempt that did not overlap a counted one. */
  public void onAttempt(Attempt attempt) {
    onAttempt(attempt, false);
  }

  /**
   * Updates the state with one classified attempt.
   *
   * @param overlapped the request was in flight while another one's answer was counted; its failure
   *     then does not add to the failures in a row (unless none are counted yet), so that requests
   *     lost together in one blip count once, as the shared backoff counts them
   */
  public void onAttempt(Attempt attempt, boolean overlapped) {
    HealthSignal signal = HealthSignal.of(attempt);
    DeliveryHealth previous;
    DeliveryHealth next;
    synchronized (this) {
      previous = current;
      next = advance(previous, signal, attempt, overlapped);
      current = next;
      metrics.health(next);
    }
    if (previous.state() != next.state()) {
      dispatch.healthChanged(previous, next);
    }
  }

  private DeliveryHealth advance(
      DeliveryHealth was, HealthSignal signal, Attempt attempt, boolean overlapped) {
    long now = clock.millis();
    Optional<String> requestId = Optional.ofNullable(attempt.requestId());
    if (signal.kind() == Kind.SUCCESS) {
      if (was.state() != State.HEALTHY) {
        log.recovered(now - firstFailureMillis, was.consecutiveFailures());
      }
      firstFailureMillis = -1;
      refusedSinceMillis = -1;
      Instant since = was.state() == State.HEALTHY ? was.since() : Instant.ofEpochMilli(now);
      return new DeliveryHealth(
          State.HEALTHY, since, 0, was.lastError(), attempt.statusCode(), requestId);
    }
    if (!signal.failed()) {
      return new DeliveryHealth(
          was.state(),
          was.since(),
          was.consecutiveFailures(),
          was.lastError(),
          attempt.statusCode(),
          requestId);
    }
    String cause = mask(signal.cause());
    if (firstFailureMillis < 0) {
      firstFailureMillis = now;
    }
    long failures =
        overlapped && was.consecutiveFailures() > 0
            ? was.consecutiveFailures()
            : was.consecutiveFailures() + 1;
    long down = now - firstFailureMillis;
    boolean configuration = signal.kind() == Kind.CONFIGURATION;
    if (HealthSignal.CONNECTION_REFUSED.equals(signal.key())) {
      refusedSinceMillis = refusedSinceMillis < 0 ? now : refusedSinceMillis;
      configuration = now - refusedSinceMillis >= REFUSED_IS_CONFIGURATION_MILLIS;
    } else {
      refusedSinceMillis = -1;
    }
    if (configuration) {
      log.configurationError(signal.key(), cause, signal.hint(), now);
    }
    String next = attempt.outcome() == Attempt.Outcome.FATAL ? failNext(attempt) : retryNext;
    State state;
    if (configuration
        || was.state() == State.FAILING
        || failures >= DeliveryHealth.FAILING_AFTER_ATTEMPTS
        || down >= DeliveryHealth.FAILING_AFTER_SECONDS * 1000) {
      state = State.FAILING;
      if (was.state() != State.FAILING) {
        log.startedFailing(cause, failures, down, next, now);
      } else {
        log.stillFailing(cause, failures, down, waitingEvents.getAsLong(), next, now);
      }
    } else {
      state = State.DEGRADED;
      if (was.state() == State.HEALTHY) {
        log.degraded(cause);
      }
    }
    Instant since = state == was.state() ? was.since() : Instant.ofEpochMilli(now);
    return new DeliveryHealth(
        state, since, failures, Optional.of(cause), attempt.statusCode(), requestId);
  }

  private static String failNext(Attempt attempt) {
    return "the events of such requests fail with reason "
        + attempt.reason()
        + " (DeliveryListener.onFailed, and the dead-letter file when configured), without retry";
  }

  private String mask(String text) {
    String masked = text == null ? "" : text;
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        masked = masked.replace(secret, "****");
      }
    }
    return masked;
  }
}

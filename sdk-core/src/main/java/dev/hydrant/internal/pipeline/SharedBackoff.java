package dev.hydrant.internal.pipeline;

import dev.hydrant.internal.transport.RetrySettings;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The one backoff that request-level failures (503, 429, throttling masked as 200, connection
 * resets or refusals, timeouts) drive: after the {@code n}-th failure in a row no new request
 * starts for {@code random(0, min(maxBackoff, initialBackoff * 2^(n-1), max(initialBackoff, t /
 * 2)))}, where {@code t} is how long the requests have been failing (since the first failure after
 * the last success), or for the server's {@code Retry-After} (capped) when it sent one. Any success
 * resets it, so a mostly healthy endpoint never pushes the wait towards its ceiling.
 *
 * <p>The {@code t / 2} term keeps the wait in proportion to the outage: however many requests an
 * outage of {@code t} seconds failed, the first request after it ends starts at most {@code t / 2}
 * later (and on average {@code t / 4}), instead of after a wait that doubled with every failure up
 * to {@code maxBackoff}. Long outages still reach {@code maxBackoff}, so a fleet never retries
 * faster than that against an endpoint that stays down.
 *
 * <p>With several requests in flight, failures count once per round: a request started before the
 * last change (a failure counted or a success) does not raise the count again when it fails too, so
 * that two requests lost in the same outage do not double the wait. Sender thread only.
 */
final class SharedBackoff {
  private final RetrySettings settings;
  private final DoubleSupplier jitter;
  private int failures;
  private long untilMillis = Long.MIN_VALUE;
  private long generation;

  /** When the current run of failures began, {@link Long#MIN_VALUE} while none failed. */
  private long firstFailureMillis = Long.MIN_VALUE;

  SharedBackoff(RetrySettings settings, DoubleSupplier jitter) {
    this.settings = settings;
    this.jitter = jitter;
  }

  /** A request was answered with at least one record delivered: the backoff starts over. */
  void success() {
    failures = 0;
    untilMillis = Long.MIN_VALUE;
    firstFailureMillis = Long.MIN_VALUE;
    generation++;
  }

  /** Changes so far; a request remembers it when it starts (see {@link #failure}). */
  long generation() {
    return generation;
  }

  /**
   * A request failed as a whole; returns the wait before the next request may start.
   *
   * @param retryAfter the server's {@code Retry-After}, or {@code null}
   * @param startedIn the {@link #generation()} when the failed request started; an older one does
   *     not raise the count
   */
  long failure(long nowMillis, Duration retryAfter, long startedIn) {
    if (startedIn == generation) {
      failures = failures == Integer.MAX_VALUE ? failures : failures + 1;
      generation++;
    }
    if (firstFailureMillis == Long.MIN_VALUE) {
      firstFailureMillis = nowMillis;
    }
    long wait =
        retryAfter != null
            ? settings.retryAfterMillis(retryAfter)
            : (long) (unitJitter() * ceilingMillis(nowMillis));
    untilMillis = Math.max(untilMillis, saturatedAdd(nowMillis, wait));
    return wait;
  }

  /**
   * The current ceiling of the wait: {@code min(maxBackoff, initialBackoff * 2^(n-1),
   * max(initialBackoff, failingFor / 2))}.
   */
  long ceilingMillis(long nowMillis) {
    long exponential = settings.ceilingMillis(Math.max(1, failures));
    long failingFor =
        firstFailureMillis == Long.MIN_VALUE ? 0 : Math.max(0, nowMillis - firstFailureMillis);
    long proportional = Math.max(settings.initialBackoff().toMillis(), failingFor / 2);
    return Math.min(exponential, proportional);
  }

  private double unitJitter() {
    double r = jitter.getAsDouble();
    return r >= 0 && r < 1 ? r : 0;
  }

  /** Failures in a row since the last success. */
  int failures() {
    return failures;
  }

  /** Whether a new request must wait at {@code nowMillis}. */
  boolean blocks(long nowMillis) {
    return nowMillis < untilMillis;
  }

  /** When the next request may start (client clock), {@link Long#MIN_VALUE} if not blocked. */
  long untilMillis() {
    return untilMillis;
  }

  static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? (b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE) : r;
  }
}

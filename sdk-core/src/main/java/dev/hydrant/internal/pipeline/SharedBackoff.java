package dev.hydrant.internal.pipeline;

import dev.hydrant.internal.transport.RetrySettings;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The one backoff that request-level failures (503, 429, throttling masked as 200, connection
 * resets or refusals, timeouts) drive: after the {@code n}-th failure in a row no new request
 * starts for {@code random(0, min(maxBackoff, initialBackoff * 2^(n-1)))}, or for the server's
 * {@code Retry-After} (capped) when it sent one. Any success resets it, so a mostly healthy
 * endpoint never pushes the wait towards its ceiling.
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

  SharedBackoff(RetrySettings settings, DoubleSupplier jitter) {
    this.settings = settings;
    this.jitter = jitter;
  }

  /** A request was answered with at least one record delivered: the backoff starts over. */
  void success() {
    failures = 0;
    untilMillis = Long.MIN_VALUE;
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
    long wait =
        retryAfter != null
            ? settings.retryAfterMillis(retryAfter)
            : settings.jitteredMillis(Math.max(1, failures), jitter.getAsDouble());
    untilMillis = Math.max(untilMillis, saturatedAdd(nowMillis, wait));
    return wait;
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

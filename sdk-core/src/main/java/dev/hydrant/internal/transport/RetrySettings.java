package dev.hydrant.internal.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * Retry limits of {@link RecordDelivery}: exponential backoff with full jitter, {@code wait =
 * random(0, min(maxBackoff, initialBackoff * 2^(attempt-1)))}, and {@code Retry-After} honoured up
 * to {@code maxRetryAfter}.
 *
 * @param maxAttempts attempts per record, including the first, at least 1
 * @param initialBackoff backoff ceiling of the first retry, positive
 * @param maxBackoff largest backoff ceiling, at least {@code initialBackoff}
 * @param maxRetryAfter cap on a server's {@code Retry-After}, not negative
 */
public record RetrySettings(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

  /** Default attempts: {@value}. */
  public static final int DEFAULT_MAX_ATTEMPTS = 8;

  /** 8 attempts, 200 ms initial, 30 s max backoff, Retry-After capped at 60 s. */
  public static final RetrySettings DEFAULTS =
      new RetrySettings(
          DEFAULT_MAX_ATTEMPTS,
          Duration.ofMillis(200),
          Duration.ofSeconds(30),
          Duration.ofSeconds(60));

  public RetrySettings {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive: " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff must be at least initialBackoff (" + initialBackoff + "): " + maxBackoff);
    }
    if (maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("maxRetryAfter must not be negative: " + maxRetryAfter);
    }
  }

  /**
   * The backoff ceiling before retry {@code retry} (1 for the first retry): {@code min(maxBackoff,
   * initialBackoff * 2^(retry-1))} in milliseconds, without overflow for any {@code retry}. The
   * wait itself is a uniformly random fraction of it (full jitter).
   */
  public long ceilingMillis(int retry) {
    long initial = initialBackoff.toMillis();
    long max = maxBackoff.toMillis();
    int shift = Math.min(Math.max(retry - 1, 0), 62);
    return initial > (max >> shift) ? max : Math.min(max, initial << shift);
  }

  /**
   * {@code ceilingMillis(retry)} scaled by {@code random} in [0, 1) (anything else counts as 0).
   */
  public long jitteredMillis(int retry, double random) {
    double r = random >= 0 && random < 1 ? random : 0;
    return (long) (r * ceilingMillis(retry));
  }

  /** A server's {@code Retry-After} capped at {@link #maxRetryAfter()}, in milliseconds. */
  public long retryAfterMillis(Duration retryAfter) {
    return Math.min(retryAfter.toMillis(), maxRetryAfter.toMillis());
  }
}

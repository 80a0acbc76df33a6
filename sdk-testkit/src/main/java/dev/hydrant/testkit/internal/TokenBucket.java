package dev.hydrant.testkit.internal;

import java.util.function.LongSupplier;

/** A thread-safe token bucket refilled continuously from an injected nanosecond clock. */
final class TokenBucket {

  private final double ratePerNano;
  private final double capacity;
  private final LongSupplier nanoTime;
  private final boolean unlimited;
  private double tokens;
  private long last;

  TokenBucket(double ratePerSecond, double capacity, LongSupplier nanoTime) {
    this.unlimited = Double.isInfinite(ratePerSecond) || Double.isInfinite(capacity);
    this.ratePerNano = ratePerSecond / 1e9;
    this.capacity = capacity;
    this.nanoTime = nanoTime;
    this.tokens = capacity;
    this.last = nanoTime.getAsLong();
  }

  /** Takes {@code n} tokens if available; never blocks. */
  boolean tryTake(double n) {
    if (unlimited) {
      return true;
    }
    synchronized (this) {
      long now = nanoTime.getAsLong();
      tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
      last = now;
      if (tokens >= n) {
        tokens -= n;
        return true;
      }
      return false;
    }
  }
}

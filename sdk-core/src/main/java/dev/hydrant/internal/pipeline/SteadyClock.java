package dev.hydrant.internal.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A wall clock that does not jump: it reads the configured clock once, at start, and then advances
 * with {@link System#nanoTime()}. Set-top boxes often start before NTP has set their clock, which
 * then steps by hours or years; acceptance times, linger and TTL measured on the raw wall clock
 * would expire or park every buffered event at that moment. Thread-safe.
 */
public final class SteadyClock extends Clock {
  private final long baseMillis;
  private final long baseNanos;

  /** Starts at {@code wall}'s current instant. */
  public SteadyClock(Clock wall) {
    this.baseMillis = wall.millis();
    this.baseNanos = System.nanoTime();
  }

  @Override
  public long millis() {
    return baseMillis + (System.nanoTime() - baseNanos) / 1_000_000;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("SteadyClock is UTC only");
  }
}

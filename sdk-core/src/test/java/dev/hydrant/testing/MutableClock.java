package dev.hydrant.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that stands still until a test moves {@link #now} (epoch millis). */
public class MutableClock extends Clock {
  /** The current time in epoch milliseconds; tests set or advance it directly. */
  public volatile long now;

  /** Starts at the epoch. */
  public MutableClock() {
    this(0);
  }

  public MutableClock(long now) {
    this.now = now;
  }

  @Override
  public long millis() {
    return now;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(now);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}

package dev.hydrant.internal.transport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when its sleeper sleeps; records every wait. */
final class ManualClock extends Clock implements Sleeper {
  private volatile long millis;
  final List<Duration> waits = new ArrayList<>();

  ManualClock(long startMillis) {
    this.millis = startMillis;
  }

  @Override
  public void sleep(Duration duration) {
    waits.add(duration);
    millis += duration.toMillis();
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
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

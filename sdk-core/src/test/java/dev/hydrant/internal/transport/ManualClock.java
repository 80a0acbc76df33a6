package dev.hydrant.internal.transport;

import dev.hydrant.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when its sleeper sleeps; records every wait. */
final class ManualClock extends MutableClock implements Sleeper {
  final List<Duration> waits = new ArrayList<>();

  ManualClock(long startMillis) {
    super(startMillis);
  }

  @Override
  public void sleep(Duration duration) {
    waits.add(duration);
    now += duration.toMillis();
  }
}

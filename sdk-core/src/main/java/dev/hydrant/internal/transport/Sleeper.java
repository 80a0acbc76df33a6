package dev.hydrant.internal.transport;

import java.time.Duration;

/** Waits between attempts; injected so tests control time. */
@FunctionalInterface
public interface Sleeper {
  /** The real one: {@link Thread#sleep(long)}. */
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}

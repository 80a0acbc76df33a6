package dev.hydrant.testkit.internal;

/** Blocks the calling thread; injected so tests can control simulated latency. */
@FunctionalInterface
public interface Sleeper {

  /** The real sleeper. */
  Sleeper SYSTEM = nanos -> java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);

  /** Sleeps for {@code nanos} (no-op when &le; 0). */
  void sleepNanos(long nanos) throws InterruptedException;
}

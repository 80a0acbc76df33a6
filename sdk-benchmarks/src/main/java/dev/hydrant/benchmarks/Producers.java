package dev.hydrant.benchmarks;

import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.TelemetryEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Producer threads for the load benchmark. Each thread is one device: it builds a fresh event
 * (cycling through the four sample types), hands it to the client under test and repeats until the
 * duration is over, optionally paced to a share of a total rate.
 */
final class Producers {
  private static final SampleEvents[] TYPES = SampleEvents.values();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** What a producer hands each event to; returns whether the event was accepted. */
  @FunctionalInterface
  interface Sink {
    boolean accept(TelemetryEvent event) throws Exception;

    /**
     * Called on each producer thread after its last event, before its CPU time is read: a sink that
     * gathers events per thread sends what it still holds.
     */
    default void finish() throws Exception {}
  }

  /**
   * What the producers did.
   *
   * @param accepted events the sink accepted
   * @param cpuNanos CPU time the producer threads used, summed
   */
  record Outcome(long accepted, long cpuNanos) {}

  private Producers() {}

  /**
   * Runs {@code threads} producers for {@code duration} and waits for them.
   *
   * @param rate total events per second over all threads, 0 for unpaced
   * @return events accepted by the sink, and the producers' CPU time
   * @throws IllegalStateException if a producer failed (its exception is the cause)
   */
  static Outcome run(int threads, Duration duration, long rate, Sink sink)
      throws InterruptedException {
    LongAdder accepted = new LongAdder();
    LongAdder cpu = new LongAdder();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long intervalNanos = rate > 0 ? Math.max(1, threads * 1_000_000_000L / rate) : 0;
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      DeviceContext device = SampleEvents.device(String.format(Locale.ROOT, "stb-load-%04d", t));
      Thread worker =
          new Thread(
              () -> {
                try {
                  produce(device, sink, start, end, intervalNanos, accepted);
                  sink.finish();
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                } finally {
                  cpu.add(Math.max(0, THREADS.getCurrentThreadCpuTime()));
                }
              },
              "producer-" + t);
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a producer failed: " + failure.get(), failure.get());
    }
    return new Outcome(accepted.sum(), cpu.sum());
  }

  private static void produce(
      DeviceContext device, Sink sink, long start, long end, long intervalNanos, LongAdder accepted)
      throws Exception {
    long n = 0;
    while (true) {
      long now = System.nanoTime();
      if (now >= end) {
        return;
      }
      if (intervalNanos > 0) {
        long due = start + n * intervalNanos;
        if (due >= end) {
          return;
        }
        if (due > now) {
          LockSupport.parkNanos(due - now);
        }
      }
      TelemetryEvent event = TYPES[(int) (n % TYPES.length)].create(device);
      n++;
      if (sink.accept(event)) {
        accepted.increment();
      }
    }
  }
}

package dev.hydrant.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The CPU time of a set of threads chosen by name, including threads that end before the
 * measurement does (a request thread idle past its keep-alive): it samples every thread's CPU time
 * every {@value #INTERVAL_MILLIS} ms and keeps each thread's last value. A thread's CPU after its
 * last sample and before it ended is missed, at most one interval's worth.
 */
final class ThreadCpuSampler implements AutoCloseable {
  private static final long INTERVAL_MILLIS = 10;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Predicate<String> names;
  private final Map<Long, Long> cpuById = new HashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;

  /** Starts sampling the threads whose name {@code names} accepts. */
  ThreadCpuSampler(Predicate<String> names) {
    this.names = names;
    this.sampler = new Thread(this::loop, "cpu-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void loop() {
    while (running) {
      sample();
      try {
        Thread.sleep(INTERVAL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void sample() {
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null && names.test(info.getThreadName())) {
        long cpu = THREADS.getThreadCpuTime(info.getThreadId());
        if (cpu >= 0) {
          cpuById.merge(info.getThreadId(), cpu, Math::max);
        }
      }
    }
  }

  /** Samples once more and returns the chosen threads' CPU time so far, summed, in nanoseconds. */
  synchronized long totalNanos() {
    sample();
    long total = 0;
    for (long cpu : cpuById.values()) {
      total += cpu;
    }
    return total;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    try {
      sampler.join();
    } catch (InterruptedException e) {
      // The sampler ends on its own; keep the caller's interrupt for it to see.
      Thread.currentThread().interrupt();
    }
  }
}

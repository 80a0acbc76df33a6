package dev.hydrant.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** Bytes allocated by the current thread, where the JVM can tell (HotSpot can). */
final class CallerAllocation {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CallerAllocation() {}

  /** Bytes the current thread has allocated so far, or -1 if the JVM cannot tell. */
  static long bytes() {
    if (THREADS instanceof com.sun.management.ThreadMXBean hotspot
        && hotspot.isThreadAllocatedMemorySupported()
        && hotspot.isThreadAllocatedMemoryEnabled()) {
      return hotspot.getCurrentThreadAllocatedBytes();
    }
    return -1;
  }
}

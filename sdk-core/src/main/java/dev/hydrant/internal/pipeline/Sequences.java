package dev.hydrant.internal.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-device {@code seq} counters. Each device's sequence starts after the highest value the buffer
 * recovered (a disk spool remembers it across restarts) and otherwise at 1. Thread-safe.
 */
public final class Sequences {
  private final ConcurrentHashMap<String, AtomicLong> last = new ConcurrentHashMap<>();

  public Sequences(Map<String, Long> recovered) {
    recovered.forEach((device, seq) -> last.put(device, new AtomicLong(seq)));
  }

  /** The next {@code seq} for this device: one more than the previous. */
  public long next(String deviceId) {
    AtomicLong counter = last.get(deviceId);
    if (counter == null) {
      counter = last.computeIfAbsent(deviceId, d -> new AtomicLong());
    }
    return counter.incrementAndGet();
  }
}

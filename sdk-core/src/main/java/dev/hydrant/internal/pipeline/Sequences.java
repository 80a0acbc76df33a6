package dev.hydrant.internal.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-device {@code seq} counters. Each device's sequence starts after the highest value the buffer
 * recovered (a disk spool remembers it across restarts) and otherwise at 1; when the buffer lost
 * that record and reports a floor ({@link dev.hydrant.internal.buffer.EventBuffer#seqFloor()}),
 * every device, known or new, continues after the floor. Thread-safe.
 */
public final class Sequences {
  private final ConcurrentHashMap<String, AtomicLong> last = new ConcurrentHashMap<>();

  private final long floor;

  public Sequences(Map<String, Long> recovered) {
    this(recovered, 0);
  }

  public Sequences(Map<String, Long> recovered, long floor) {
    this.floor = floor;
    recovered.forEach((device, seq) -> last.put(device, new AtomicLong(Math.max(seq, floor))));
  }

  /** The next {@code seq} for this device: one more than the previous. */
  public long next(String deviceId) {
    AtomicLong counter = last.get(deviceId);
    if (counter == null) {
      counter = last.computeIfAbsent(deviceId, d -> new AtomicLong(floor));
    }
    return counter.incrementAndGet();
  }
}

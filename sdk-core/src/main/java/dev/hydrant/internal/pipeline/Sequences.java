package dev.hydrant.internal.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-device {@code seq} counters. Each device's sequence starts after the highest value the buffer
 * recovered (a disk spool remembers it across restarts) and otherwise at 1; when the buffer lost
 * that record and reports a floor ({@link dev.hydrant.internal.buffer.EventBuffer#seqFloor()}),
 * every device, known or new, continues after the floor. Thread-safe and lock-free on the path
 * every send takes.
 *
 * <p>A number given to a send that was then refused goes back with {@link #refund}: if it is still
 * the device's latest, the counter steps back; otherwise (another thread of the same device took a
 * later number meanwhile) it is kept and handed to the device's next send, before any new number.
 * So accepted events never leave a gap; they may only be out of order, as concurrent sends of one
 * device always may be. A refunded number not reused before the client closes is reported by {@link
 * #unused()}.
 */
public final class Sequences {
  private final ConcurrentHashMap<String, Device> devices = new ConcurrentHashMap<>();

  private final long floor;

  public Sequences(Map<String, Long> recovered) {
    this(recovered, 0);
  }

  public Sequences(Map<String, Long> recovered, long floor) {
    this.floor = floor;
    recovered.forEach((device, seq) -> devices.put(device, new Device(Math.max(seq, floor))));
  }

  /** The next {@code seq} for this device: a refunded one if any, else one more than the last. */
  public long next(String deviceId) {
    Device device = devices.get(deviceId);
    if (device == null) {
      device = devices.computeIfAbsent(deviceId, d -> new Device(floor));
    }
    return device.next();
  }

  /** Gives back {@code seq}, which {@link #next} returned for an event that was not accepted. */
  public void refund(String deviceId, long seq) {
    Device device = devices.get(deviceId);
    if (device != null) {
      device.refund(seq);
    }
  }

  /** Refunded numbers not handed out again, per device; empty in the normal case. */
  public Map<String, List<Long>> unused() {
    Map<String, List<Long>> unused = new TreeMap<>();
    devices.forEach(
        (id, device) -> {
          List<Long> held = device.held();
          if (!held.isEmpty()) {
            unused.put(id, held);
          }
        });
    return unused;
  }

  private static final class Device {
    private final AtomicLong last;
    private final PriorityQueue<Long> returned = new PriorityQueue<>();
    private volatile int returnedCount;

    Device(long last) {
      this.last = new AtomicLong(last);
    }

    long next() {
      if (returnedCount > 0) {
        synchronized (this) {
          Long seq = returned.poll();
          returnedCount = returned.size();
          if (seq != null) {
            return seq;
          }
        }
      }
      return last.incrementAndGet();
    }

    void refund(long seq) {
      // The common case, one sender per device: step the counter back.
      if (last.compareAndSet(seq, seq - 1)) {
        return;
      }
      synchronized (this) {
        returned.add(seq);
        returnedCount = returned.size();
      }
    }

    synchronized List<Long> held() {
      List<Long> held = new ArrayList<>(returned);
      Collections.sort(held);
      return held;
    }
  }
}

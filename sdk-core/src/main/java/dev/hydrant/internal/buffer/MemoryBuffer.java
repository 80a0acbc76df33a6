package dev.hydrant.internal.buffer;

import dev.hydrant.BufferFullException;
import dev.hydrant.BufferFullPolicy;
import dev.hydrant.ClientClosedException;
import dev.hydrant.DropReason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The memory buffer: bounded by event count and by bytes, counting in-flight events too, so that
 * the memory Hydrant holds for accepted events never exceeds the bounds. One lock guards
 * everything; producers hold it only to link an already-encoded event.
 *
 * <p>Ids are given in append order. Events never taken wait in a queue; those in flight and those
 * released are kept in id order ({@link EventsById}), so that taking, acknowledging and releasing
 * cost amortized constant time per event without allocating, and the lowest pending id and the
 * oldest pending event are read in constant time.
 *
 * <p>Nothing survives the process: {@link #durable()} is {@code false}.
 */
public final class MemoryBuffer implements EventBuffer {
  private final int maxEvents;
  private final long maxBytes;
  private final BufferFullPolicy policy;
  private final DropSink dropSink;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition roomAvailable = lock.newCondition();
  private final Condition dataAvailable = lock.newCondition();
  private final ArrayDeque<BufferedEvent> ready = new ArrayDeque<>();

  /** Events handed out by {@link #take} and not yet acked or released. */
  private final EventsById inFlight = new EventsById();

  /**
   * Events released and not taken again: handed out before {@link #ready}, whose events are all
   * newer (an event is taken only from the front of either).
   */
  private final EventsById released = new EventsById();

  /** Bytes of the events in {@link #ready}. */
  private long readyBytes;

  private long pendingEvents;
  private long pendingBytes;
  private long nextId;
  private boolean wakeUp;

  /** Set when an append found no room: the sender should send now instead of lingering. */
  private boolean pressure;

  private boolean closedForAppends;
  private int waitingForEvents = Integer.MAX_VALUE;
  private long waitingForBytes = Long.MAX_VALUE;

  /**
   * @param maxEvents the most events held at once (ready and in flight), at least 1
   * @param maxBytes the most bytes of encoded events held at once, at least 1
   * @param policy what {@link #append} does when full
   * @param dropSink told about events dropped by {@link BufferFullPolicy#dropOldest()}
   */
  public MemoryBuffer(int maxEvents, long maxBytes, BufferFullPolicy policy, DropSink dropSink) {
    if (maxEvents < 1) {
      throw new IllegalArgumentException("maxEvents must be at least 1: " + maxEvents);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1: " + maxBytes);
    }
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
    this.policy = Objects.requireNonNull(policy, "policy");
    this.dropSink = Objects.requireNonNull(dropSink, "dropSink");
  }

  @Override
  public boolean append(String deviceId, long seq, long acceptedAtMillis, byte[] line)
      throws InterruptedException {
    int size = line.length;
    if (size > maxBytes) {
      // Could never fit, whatever the policy: waiting or evicting would not help.
      throw new BufferFullException(
          "event of " + size + " bytes is larger than the whole buffer (" + maxBytes + " bytes)");
    }
    List<BufferedEvent> evicted = null;
    lock.lock();
    try {
      checkOpen();
      if (!hasRoom(size)) {
        relievePressure();
        switch (policy.kind()) {
          case DROP_NEWEST:
            return false;
          case DROP_OLDEST:
            if (!canMakeRoom(size)) {
              // Everything that could go is in flight: the new event is the one that cannot stay.
              return false;
            }
            evicted = evictFor(size);
            break;
          case BLOCK:
            long nanos = policy.timeout().toNanos();
            while (!hasRoom(size)) {
              if (nanos <= 0) {
                throw new BufferFullException(
                    "buffer full ("
                        + pendingEvents
                        + " events, "
                        + pendingBytes
                        + " bytes) for longer than "
                        + policy.timeout());
              }
              nanos = roomAvailable.awaitNanos(nanos);
              checkOpen();
            }
            break;
        }
      }
      ready.addLast(new BufferedEvent(nextId++, deviceId, seq, acceptedAtMillis, line));
      readyBytes += size;
      pendingEvents++;
      pendingBytes += size;
      if (availableEvents() >= waitingForEvents || availableBytes() >= waitingForBytes) {
        // Once: the appends that follow, before the sender runs, need not signal again.
        waitingForEvents = Integer.MAX_VALUE;
        waitingForBytes = Long.MAX_VALUE;
        dataAvailable.signal();
      }
    } finally {
      lock.unlock();
    }
    if (evicted != null && !evicted.isEmpty()) {
      dropSink.dropped(DropReason.BUFFER_FULL_OLDEST, evicted.size(), evicted);
    }
    return true;
  }

  private void checkOpen() {
    if (closedForAppends) {
      throw new ClientClosedException("client is closed; events can no longer be sent");
    }
  }

  /** Wakes the sender: a full buffer is a batch's worth, whatever the linger time says. */
  private void relievePressure() {
    pressure = true;
    dataAvailable.signalAll();
  }

  /** Whether evicting every event not in flight would make room for {@code size} bytes. */
  private boolean canMakeRoom(int size) {
    long keptEvents = inFlight.size();
    long keptBytes = inFlight.bytes();
    return keptEvents < maxEvents && keptBytes + size <= maxBytes;
  }

  private boolean hasRoom(int size) {
    return pendingEvents < maxEvents && pendingBytes + size <= maxBytes;
  }

  private int availableEvents() {
    return released.size() + ready.size();
  }

  private long availableBytes() {
    return released.bytes() + readyBytes;
  }

  /** Removes and returns the oldest event not in flight, or {@code null}. */
  private BufferedEvent pollAvailable() {
    BufferedEvent e = released.pollFirst();
    if (e == null) {
      e = ready.pollFirst();
      if (e != null) {
        readyBytes -= e.size();
      }
    }
    return e;
  }

  private List<BufferedEvent> evictFor(int size) {
    List<BufferedEvent> evicted = new ArrayList<>();
    while (!hasRoom(size) && availableEvents() > 0) {
      BufferedEvent oldest = pollAvailable();
      pendingEvents--;
      pendingBytes -= oldest.size();
      evicted.add(oldest);
    }
    return evicted;
  }

  /** {@inheritDoc} A timeout of {@link Long#MAX_VALUE} nanoseconds or more waits without one. */
  @Override
  public boolean awaitAvailable(int minEvents, long minBytes, long timeout, TimeUnit unit)
      throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      try {
        while (availableEvents() < minEvents && availableBytes() < minBytes && !pressure) {
          if (wakeUp || nanos <= 0) {
            return false;
          }
          // Set before every wait: the append that signals clears it.
          waitingForEvents = minEvents;
          waitingForBytes = minBytes;
          if (nanos == Long.MAX_VALUE) {
            // No timeout: park without a timer, so an idle sender has no wake-ups at all.
            dataAvailable.await();
          } else {
            nanos = dataAvailable.awaitNanos(nanos);
          }
        }
        return availableEvents() > 0;
      } finally {
        wakeUp = false;
        waitingForEvents = Integer.MAX_VALUE;
        waitingForBytes = Long.MAX_VALUE;
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void wakeUp() {
    lock.lock();
    try {
      wakeUp = true;
      dataAvailable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<BufferedEvent> take(int maxEvents, long maxBytes) {
    lock.lock();
    try {
      List<BufferedEvent> taken = new ArrayList<>(takeEstimate(maxEvents, maxBytes));
      long bytes = 0;
      while (taken.size() < maxEvents) {
        BufferedEvent next = released.isEmpty() ? ready.peekFirst() : released.first();
        if (next == null || (!taken.isEmpty() && bytes + next.size() > maxBytes)) {
          break;
        }
        pollAvailable();
        bytes += next.size();
        inFlight.add(next);
        taken.add(next);
      }
      pressure = false;
      return taken;
    } finally {
      lock.unlock();
    }
  }

  /**
   * About how many events {@link #take} hands out: at most those available, and (at their average
   * size) those that fit in {@code maxBytes}, so that a take from a deep buffer does not allocate a
   * list for all of it.
   */
  private int takeEstimate(int maxEvents, long maxBytes) {
    int available = Math.min(maxEvents, availableEvents());
    long bytes = availableBytes();
    if (available == 0 || bytes <= maxBytes) {
      return available;
    }
    long averageSize = Math.max(1, bytes / availableEvents());
    return (int) Math.min(available, maxBytes / averageSize + 1);
  }

  /** {@inheritDoc} Events not in flight (never taken, or already acked or released) are ignored. */
  @Override
  public void ack(Collection<BufferedEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      // Counted from the set's own totals, so that no event's line is read to ack it.
      int heldBefore = inFlight.size();
      long bytesBefore = inFlight.bytes();
      for (BufferedEvent e : events) {
        inFlight.remove(e.id());
      }
      pendingEvents -= heldBefore - inFlight.size();
      pendingBytes -= bytesBefore - inFlight.bytes();
      roomAvailable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** {@inheritDoc} Events not in flight are ignored. */
  @Override
  public void release(Collection<BufferedEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      for (BufferedEvent e : events) {
        BufferedEvent held = inFlight.remove(e.id());
        if (held != null) {
          released.add(held);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long pendingEvents() {
    lock.lock();
    try {
      return pendingEvents;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long pendingBytes() {
    lock.lock();
    try {
      return pendingBytes;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public OptionalLong oldestAcceptedAtMillis() {
    lock.lock();
    try {
      // Ids follow append order, so the lowest id of each set is (to the millisecond) its oldest.
      long oldest = Math.min(acceptedAt(inFlight.first()), acceptedAt(released.first()));
      oldest = Math.min(oldest, acceptedAt(ready.peekFirst()));
      return oldest == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(oldest);
    } finally {
      lock.unlock();
    }
  }

  private static long acceptedAt(BufferedEvent e) {
    return e == null ? Long.MAX_VALUE : e.acceptedAtMillis();
  }

  /**
   * The pending event with the lowest id, or {@code null}: the lowest in flight or the next to be
   * taken (released events come before those never taken, which are newer than any taken).
   */
  private BufferedEvent lowestPending() {
    BufferedEvent lowest = inFlight.first();
    BufferedEvent available = released.isEmpty() ? ready.peekFirst() : released.first();
    if (lowest == null || (available != null && available.id() < lowest.id())) {
      lowest = available;
    }
    return lowest;
  }

  @Override
  public long lastAppendedId() {
    lock.lock();
    try {
      return nextId - 1;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long lowestPendingId() {
    lock.lock();
    try {
      BufferedEvent lowest = lowestPending();
      return lowest == null ? Long.MAX_VALUE : lowest.id();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void closeForAppends() {
    lock.lock();
    try {
      closedForAppends = true;
      roomAvailable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Map<String, Long> lastSequences() {
    return Map.of();
  }

  @Override
  public boolean durable() {
    return false;
  }

  /**
   * {@inheritDoc} They stay pending, as if taken, until {@link #ack acked}, so that the counts
   * never show them gone before their end is reported.
   */
  @Override
  public List<BufferedEvent> drainVolatile() {
    lock.lock();
    try {
      List<BufferedEvent> all = new ArrayList<>(availableEvents());
      for (BufferedEvent e = pollAvailable(); e != null; e = pollAvailable()) {
        inFlight.add(e);
        all.add(e);
      }
      return all;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    wakeUp();
  }

  @Override
  public String toString() {
    return "MemoryBuffer{maxEvents="
        + maxEvents
        + ", maxBytes="
        + maxBytes
        + ", policy="
        + policy
        + "}";
  }
}

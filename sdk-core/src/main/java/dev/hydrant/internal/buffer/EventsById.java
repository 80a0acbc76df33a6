package dev.hydrant.internal.buffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

/**
 * A set of events ordered by {@link BufferedEvent#id()}: the events a buffer has handed out and not
 * yet finished, or those released to be handed out again. Not thread-safe.
 *
 * <p>Made for how the sender uses a buffer: events are added mostly in increasing id order (a take
 * hands out the oldest events) and removed in arbitrary subsets, mostly in runs of neighbours (an
 * acknowledged record is a run of events of one take), possibly long after later ones. Stored as a
 * sorted array of ids beside an array of events, where a removed event leaves a hole:
 *
 * <ul>
 *   <li>adding an id above every other appends; a lower one (an event released and taken again) is
 *       inserted, shifting the larger ones;
 *   <li>removing looks next to the previous removal first and searches (binary) only when that
 *       misses, then leaves a hole; the holes are squeezed out once they outnumber the events, so
 *       the arrays stay under about twice the number of events held, also when one old event stays
 *       while millions pass;
 *   <li>the lowest id and its event are read in constant time.
 * </ul>
 *
 * <p>Adding and removing an event in id order costs amortized constant time and allocates nothing
 * once the arrays have grown to the largest number of events held.
 */
public final class EventsById {
  private static final int INITIAL_CAPACITY = 64;

  private long[] ids = new long[INITIAL_CAPACITY];
  private BufferedEvent[] events = new BufferedEvent[INITIAL_CAPACITY];

  /** The slot of the lowest event; {@code head == tail} when empty. */
  private int head;

  /** One past the highest used slot. */
  private int tail;

  private int size;
  private long bytes;

  /** Where the last lookup ended: the next lookup tries the slot after it first. */
  private int finger;

  /** Creates an empty set. */
  public EventsById() {}

  /** {@return the number of events held} */
  public int size() {
    return size;
  }

  /** {@return whether no event is held} */
  public boolean isEmpty() {
    return size == 0;
  }

  /** {@return the sum of {@link BufferedEvent#size()} of the events held} */
  public long bytes() {
    return bytes;
  }

  /** {@return the event with the lowest id, or {@code null} if empty} */
  public BufferedEvent first() {
    return size == 0 ? null : events[head];
  }

  /** {@return the lowest id held, or {@link Long#MAX_VALUE} if empty} */
  public long firstId() {
    return size == 0 ? Long.MAX_VALUE : ids[head];
  }

  /**
   * Whether an event with this id is held.
   *
   * @param id the id to look for
   * @return whether an event with this id is held
   */
  public boolean contains(long id) {
    return slotOf(id) >= 0;
  }

  /**
   * Adds {@code event}; replaces the one held with the same id, if any.
   *
   * @param event the event to hold
   */
  public void add(BufferedEvent event) {
    long id = event.id();
    if (size == 0) {
      head = 0;
      tail = 0;
    }
    if (tail == head || id > ids[tail - 1]) {
      makeRoomAtTail();
      ids[tail] = id;
      events[tail] = event;
      tail++;
    } else {
      insert(event);
    }
    size++;
    bytes += event.size();
  }

  /**
   * Removes the event with this id.
   *
   * @param id the id of the event to remove
   * @return the event removed, or {@code null} if none with this id was held
   */
  public BufferedEvent remove(long id) {
    int slot = slotOf(id);
    if (slot < 0) {
      return null;
    }
    return removeAt(slot);
  }

  /** {@return the event with the lowest id, removed, or {@code null} if empty} */
  public BufferedEvent pollFirst() {
    return size == 0 ? null : removeAt(head);
  }

  /** {@return the events held, in id order} */
  public List<BufferedEvent> toList() {
    List<BufferedEvent> all = new ArrayList<>(size);
    for (int i = head; i < tail; i++) {
      if (events[i] != null) {
        all.add(events[i]);
      }
    }
    return all;
  }

  /** {@return the ids held, in increasing order} */
  public LongStream ids() {
    LongStream.Builder all = LongStream.builder();
    for (int i = head; i < tail; i++) {
      if (events[i] != null) {
        all.add(ids[i]);
      }
    }
    return all.build();
  }

  /** Removes every event. */
  public void clear() {
    Arrays.fill(events, head, tail, null);
    head = 0;
    tail = 0;
    size = 0;
    bytes = 0;
    finger = 0;
  }

  private BufferedEvent removeAt(int slot) {
    BufferedEvent removed = events[slot];
    events[slot] = null;
    size--;
    bytes -= removed.size();
    finger = slot;
    if (size == 0) {
      head = 0;
      tail = 0;
      return removed;
    }
    if (slot == head) {
      do {
        head++;
      } while (events[head] == null);
    }
    while (events[tail - 1] == null) {
      tail--;
    }
    // Holes between head and tail: squeezed out once they outnumber the events (amortized O(1)).
    if (tail - head - size > Math.max(size, INITIAL_CAPACITY)) {
      compact();
    }
    return removed;
  }

  /** The slot holding {@code id}, or -1. */
  private int slotOf(long id) {
    if (size == 0 || id < ids[head] || id > ids[tail - 1]) {
      return -1;
    }
    // Acknowledgements come in runs of neighbours: the slot after the last one found is likely.
    for (int i = finger; i <= finger + 1; i++) {
      if (i >= head && i < tail && ids[i] == id) {
        return events[i] == null ? -1 : i;
      }
    }
    int slot = Arrays.binarySearch(ids, head, tail, id);
    if (slot < 0 || events[slot] == null) {
      return -1;
    }
    finger = slot;
    return slot;
  }

  private void makeRoomAtTail() {
    if (tail < ids.length) {
      return;
    }
    if (size <= ids.length / 2) {
      compact();
    } else {
      grow();
    }
  }

  /** Inserts an event whose id is below the highest held, keeping the order. */
  private void insert(BufferedEvent event) {
    long id = event.id();
    int slot = Arrays.binarySearch(ids, head, tail, id);
    if (slot >= 0) {
      // Same id: a hole is refilled, a held event replaced.
      if (events[slot] != null) {
        size--;
        bytes -= events[slot].size();
      }
      events[slot] = event;
      return;
    }
    int at = -slot - 1;
    if (at == head && head > 0) {
      head--;
      ids[head] = id;
      events[head] = event;
      return;
    }
    if (tail == ids.length) {
      compact();
      if (tail == ids.length) {
        grow();
      }
      at = -Arrays.binarySearch(ids, head, tail, id) - 1;
    }
    System.arraycopy(ids, at, ids, at + 1, tail - at);
    System.arraycopy(events, at, events, at + 1, tail - at);
    ids[at] = id;
    events[at] = event;
    tail++;
  }

  /** Moves the events to the front of the arrays, without holes. */
  private void compact() {
    int to = 0;
    for (int from = head; from < tail; from++) {
      if (events[from] != null) {
        ids[to] = ids[from];
        events[to] = events[from];
        to++;
      }
    }
    Arrays.fill(events, to, tail, null);
    head = 0;
    tail = to;
    finger = 0;
  }

  private void grow() {
    int capacity = ids.length * 2;
    ids = Arrays.copyOf(ids, capacity);
    events = Arrays.copyOf(events, capacity);
  }

  @Override
  public String toString() {
    return "EventsById{size=" + size + ", bytes=" + bytes + ", firstId=" + firstId() + "}";
  }
}

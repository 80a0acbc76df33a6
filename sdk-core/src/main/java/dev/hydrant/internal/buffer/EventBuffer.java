package dev.hydrant.internal.buffer;

import dev.hydrant.BufferFullException;
import java.io.Closeable;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Where accepted events wait for the sender: the memory buffer or the disk spool.
 *
 * <p>Threads: {@link #append} is called by many producer threads at once; every other method is
 * called by the single sender thread only (which the disk spool relies on: it has one reader).
 *
 * <p>Life of an event: {@code append} → {@code take} (now "in flight": counted as pending, never
 * handed out again) → {@code ack} (finished: delivered, dead-lettered or expired; a disk spool may
 * delete it) or {@code release} (not finished: handed out again by {@code take}, before newer
 * events). Whatever is neither acked nor released when the process dies is still there on the next
 * open of a disk spool.
 */
public interface EventBuffer extends Closeable {

  /**
   * Stores one event, following the buffer's full policy when there is no room: blocks up to the
   * policy's timeout then throws {@link BufferFullException}, refuses it (returns {@code false}),
   * or evicts the oldest events not in flight (reported to the buffer's {@link DropSink}).
   *
   * @return {@code true} if stored, {@code false} if refused by a drop-newest policy
   * @throws BufferFullException if the blocking policy timed out
   * @throws dev.hydrant.ClientClosedException after {@link #closeForAppends()} or {@link #close()},
   *     also in a caller that was blocked waiting for room
   * @throws IOException if a disk spool could not write (disk full, read-only, vanished directory);
   *     nothing already stored is damaged
   * @throws InterruptedException if interrupted while blocked for room
   */
  boolean append(String deviceId, long seq, long acceptedAtMillis, byte[] line)
      throws IOException, InterruptedException;

  /**
   * Waits until at least {@code minEvents} events or {@code minBytes} bytes are available to {@link
   * #take}, or the timeout passes, or {@link #wakeUp} is called.
   *
   * @return whether the threshold was reached
   */
  boolean awaitAvailable(int minEvents, long minBytes, long timeout, TimeUnit unit)
      throws InterruptedException;

  /** Makes a waiting {@link #awaitAvailable} return early (for flush and close). */
  void wakeUp();

  /**
   * Hands out the oldest events not in flight, at most {@code maxEvents} and {@code maxBytes} in
   * total (but always at least one event if any is available, even a larger one). Never blocks.
   */
  List<BufferedEvent> take(int maxEvents, long maxBytes) throws IOException;

  /** These events are finished; they are never handed out again. */
  void ack(Collection<BufferedEvent> events) throws IOException;

  /** These events are not finished; {@link #take} hands them out again, before newer events. */
  void release(Collection<BufferedEvent> events);

  /** Events stored and not acked, including those in flight. */
  long pendingEvents();

  /** Bytes of the events counted by {@link #pendingEvents()}. */
  long pendingBytes();

  /** When the oldest pending event was accepted (epoch millis), if any. */
  OptionalLong oldestAcceptedAtMillis();

  /**
   * The highest {@code seq} this buffer has seen per device, so that a restarted client continues
   * each device's sequence. Empty for a memory buffer.
   */
  Map<String, Long> lastSequences();

  /**
   * A seq below which no device's next seq may fall: non-zero when a disk spool lost its record of
   * the per-device sequences (file deleted, damaged or foreign) and recovered only the highest seq
   * of any device. Every device then continues after {@code max(lastSequences().get(device),
   * seqFloor())}, so a seq never goes backwards (it may jump forward). 0 for a memory buffer.
   */
  default long seqFloor() {
    return 0;
  }

  /**
   * The id of the most recently stored event, or {@code -1} if none was stored since open. Any
   * thread. With {@link #lowestPendingId()} it lets {@code flush} wait for exactly the events
   * stored before it started, whatever happens to later ones.
   */
  long lastAppendedId();

  /**
   * The smallest id among events stored and not yet acked (in flight included), or {@link
   * Long#MAX_VALUE} if there are none. Any thread.
   */
  long lowestPendingId();

  /** Whether what is stored survives the process (a disk spool). */
  boolean durable();

  /**
   * From now on {@link #append} throws {@link dev.hydrant.ClientClosedException}, also in callers
   * already blocked waiting for room. Called by close before it drains what is left, so that no
   * event can slip in after the drain. Any thread; idempotent.
   */
  void closeForAppends();

  /**
   * Removes and returns the events that would not outlive {@link #close()}: for a memory buffer
   * every event not in flight, for a {@link #durable()} buffer none (they wait on disk for the next
   * open). Called by close after the sender stopped, to report what is left as closed.
   */
  List<BufferedEvent> drainVolatile();

  /** Receives the events a buffer drops on its own (policy evictions, caps, corruption). */
  @FunctionalInterface
  interface DropSink {
    /**
     * Called with the number of events dropped and why; {@code events} holds them when the buffer
     * still has them (it is empty for records lost to corruption).
     */
    void dropped(dev.hydrant.DropReason reason, long count, List<BufferedEvent> events);
  }
}

package dev.hydrant;

import java.time.Duration;
import java.util.List;

/**
 * Typed callbacks about what happens to accepted events and to each HTTP attempt. Every method has
 * an empty default, so an implementation overrides only what it needs.
 *
 * <p>Threads: {@link #onAccepted}, and {@link #onDropped} for a full buffer, run on the thread that
 * called {@code send}; the {@link FailureReason#CLOSED} {@link #onFailed} callbacks that {@code
 * close} makes for a memory buffer run on a short-lived thread of their own; all other callbacks
 * run on Hydrant's sender thread, from which {@code flush} and {@code close} must not be called.
 *
 * <p>Misbehaviour stays in its box. Implementations should be fast and not block, but: anything a
 * callback throws, {@link Error}s and {@link VirtualMachineError}s included, is caught, counted in
 * {@link HydrantMetrics#listenerErrors()} and logged at most once per 10 s; it never reaches
 * Hydrant's threads and never changes an event's fate (a delivered event is never resent). A
 * callback that blocks cannot hold {@code close(timeout)} past its bound; until it returns, the
 * events it was told about stay counted in {@link HydrantMetrics#queueEvents()}, except {@code
 * CLOSED} ones, which {@code close} counts as failed at once (once; not again on return).
 *
 * <p>Every accepted event ends in exactly one of {@link #onDelivered}, {@link #onFailed} or {@link
 * #onDropped} (a disk spool carries the still-pending ones over to the next start instead). A
 * {@code send} that throws was not accepted: it gets no callback and uses no {@code seq}. A {@code
 * send} refused by {@link BufferFullPolicy#dropNewest()} ({@code false}) was accepted and dropped:
 * {@code onAccepted}, then {@code onDropped} with {@link DropReason#BUFFER_FULL_NEWEST}.
 */
public interface DeliveryListener {
  /** A listener that does nothing. */
  DeliveryListener NONE = new DeliveryListener() {};

  /**
   * {@code send} accepted an event and gave it this {@code seq}.
   *
   * @param deviceId the {@code device_id} of the event
   * @param seq the per-device sequence number the event was given
   */
  default void onAccepted(String deviceId, long seq) {}

  /**
   * The proxy acknowledged these events: the Firehose record that carries them has a {@code
   * RecordId}.
   *
   * @param events the acknowledged events, in the order they were packed; never empty
   */
  default void onDelivered(List<EventRef> events) {}

  /**
   * A request will be sent again after {@code wait}, because of {@code reason} (for example {@code
   * "HTTP 503"} or {@code "ServiceUnavailableException: Slow down."}).
   *
   * @param attempt the attempt that failed, 1 for the first
   * @param reason why the request failed, in the proxy's words when it gave some
   * @param wait how long the sender waits before the next attempt
   */
  default void onRetry(int attempt, String reason, Duration wait) {}

  /**
   * These events will not be delivered: the dead-letter callback. {@code reason} says why and
   * {@code detail} gives the proxy's own words when there were any. The events' bytes are in {@link
   * EventRef#line()} for a caller that wants to keep them.
   *
   * @param detail the proxy's message, or a description of the local cause; never null
   * @param events the events that failed, with their encoded lines
   * @param reason why the events will not be delivered
   */
  default void onFailed(FailureReason reason, String detail, List<EventRef> events) {}

  /**
   * These events will not be delivered: the dead-letter callback with the last HTTP status and
   * {@code x-amzn-RequestId} of the attempt that carried them. Hydrant calls this method; its
   * default calls {@link #onFailed(FailureReason, String, List)}, so implement one or the other.
   *
   * @param failure why the events will not be delivered, with the last attempt's status and request
   *     id
   * @param events the events that failed, with their encoded lines
   */
  default void onFailed(DeliveryFailure failure, List<EventRef> events) {
    onFailed(failure.reason(), failure.detail(), events);
  }

  /**
   * {@code count} events were dropped before delivery was attempted. {@code events} holds them when
   * they are still known (it is empty for records lost to corruption in a disk spool).
   *
   * @param count how many events were dropped, at least 1
   * @param events the dropped events when still known, else empty
   * @param reason why the events were dropped
   */
  default void onDropped(DropReason reason, long count, List<EventRef> events) {}

  /**
   * The delivery state changed (for example from {@link DeliveryHealth.State#HEALTHY} to {@link
   * DeliveryHealth.State#DEGRADED}); see {@link DeliveryHealth} for when each transition happens.
   * Called on the sender thread, once per change, right after the attempt that caused it.
   *
   * @param current the state after the change
   * @param previous the state before the change
   */
  default void onHealthChanged(DeliveryHealth previous, DeliveryHealth current) {}

  /**
   * An HTTP attempt is about to be sent. Pairing contract: every start is followed by exactly one
   * {@link #onAttemptEnd} with the same id, whatever happens (answer, I/O error, Hydrant's own
   * error, {@code close} while the request is in flight); ends may come in another order than
   * starts when several requests are in flight. Called on the sender thread, never on a thread
   * calling {@code send} and never inside the HTTP exchange; what it throws is caught like any
   * other callback's and changes nothing, the pairing included.
   *
   * @param attempt the attempt about to be sent
   */
  default void onAttemptStart(AttemptStart attempt) {}

  /**
   * An HTTP attempt ended; see {@link #onAttemptStart} for the pairing contract.
   *
   * @param attempt how the attempt ended, with the id of its start
   */
  default void onAttemptEnd(AttemptEnd attempt) {}
}

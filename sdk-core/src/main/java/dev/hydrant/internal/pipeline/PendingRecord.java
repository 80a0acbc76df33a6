package dev.hydrant.internal.pipeline;

import dev.hydrant.internal.buffer.BufferedEvent;
import java.util.List;

/**
 * One Firehose record the sender has taken from the buffer and not yet settled, with its own retry
 * state. A record that fails is retried on its own schedule, packed into a later request together
 * with fresh data; it never holds other records back. Sender thread only.
 */
final class PendingRecord {
  private final List<BufferedEvent> events;
  private final byte[] data;
  private final long deadlineMillis;

  /** Attempts that included this record and failed retryably. */
  int attempts;

  /** Ambiguous answers (200 without a usable body) to requests holding this record. */
  int ambiguous;

  /** When this record first failed (epoch millis of the client clock), or -1. */
  long firstFailureMillis = -1;

  /** Not sent again before this instant (client clock, epoch millis). */
  long nextEligibleMillis;

  /** The most records a request holding this one may have (halved by each 413). */
  int groupLimit = Integer.MAX_VALUE;

  /** Whether its events reached their end and were acked. */
  boolean settled;

  /** The last failure's explanation, or {@code null}. */
  String lastFailure;

  /** Attempts that carried this record so far (answered or not). */
  int sends;

  /** The HTTP status of the last answered attempt that carried it; 0 if none was answered. */
  int lastStatus;

  /** The {@code x-amzn-RequestId} of that attempt, or {@code null}. */
  String lastRequestId;

  /**
   * @param events the events whose lines {@code data} concatenates, in order
   * @param data the record's raw bytes; never modified
   * @param deadlineMillis when the oldest of its events reaches its TTL (client clock)
   */
  PendingRecord(List<BufferedEvent> events, byte[] data, long deadlineMillis) {
    this.events = List.copyOf(events);
    this.data = data;
    this.deadlineMillis = deadlineMillis;
  }

  List<BufferedEvent> events() {
    return events;
  }

  byte[] data() {
    return data;
  }

  int size() {
    return data.length;
  }

  long deadlineMillis() {
    return deadlineMillis;
  }

  @Override
  public String toString() {
    return "PendingRecord{events="
        + events.size()
        + ", bytes="
        + data.length
        + ", attempts="
        + attempts
        + ", nextEligibleMillis="
        + nextEligibleMillis
        + "}";
  }
}

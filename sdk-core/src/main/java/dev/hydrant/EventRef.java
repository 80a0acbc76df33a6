package dev.hydrant;

import java.nio.charset.StandardCharsets;

/**
 * An accepted event as the {@link DeliveryListener} sees it: who sent it, its place in the device's
 * sequence, when it was accepted, and its exact encoded bytes (one NDJSON line), which a
 * dead-letter handler can store and replay.
 *
 * @param deviceId the event's {@code device_id}
 * @param seq the event's per-device {@code seq}
 * @param acceptedAtMillis when {@code send} accepted it, epoch milliseconds
 * @param line the encoded event, one compact JSON line ending in {@code '\n'}; do not modify
 */
public record EventRef(String deviceId, long seq, long acceptedAtMillis, byte[] line) {
  private static final byte[] EVENT_ID_PREFIX =
      "{\"event_id\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final int UUID_LENGTH = 36;

  /**
   * The event's {@code event_id}, read from its encoded line (Hydrant always writes it first).
   *
   * @return the event's {@code event_id}
   * @throws IllegalStateException if the line does not start with an {@code event_id}
   */
  public String eventId() {
    int start = EVENT_ID_PREFIX.length;
    if (line.length < start + UUID_LENGTH) {
      throw new IllegalStateException("line does not start with an event_id");
    }
    for (int i = 0; i < start; i++) {
      if (line[i] != EVENT_ID_PREFIX[i]) {
        throw new IllegalStateException("line does not start with an event_id");
      }
    }
    return new String(line, start, UUID_LENGTH, StandardCharsets.US_ASCII);
  }

  /** {@return the encoded line as text, without its trailing newline} */
  public String json() {
    int end = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
    return new String(line, 0, end, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "EventRef{deviceId=" + deviceId + ", seq=" + seq + ", bytes=" + line.length + "}";
  }
}

package dev.hydrant.event;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The envelope every event shares: id, device and timestamp, filled from the builder at {@code
 * build()}. Package-private: the public face is {@link TelemetryEvent}.
 */
abstract class AbstractEvent {
  private final UUID eventId;
  private final DeviceContext device;
  private final Instant timestamp;

  AbstractEvent(AbstractEventBuilder<?> builder) {
    this.device = builder.device;
    Instant ts = Checks.instant("timestamp", builder.timestamp);
    UUID id = builder.eventId;
    if (ts == null || id == null) {
      // One clock reading for both, so a generated id and timestamp carry the same millisecond.
      long now = System.currentTimeMillis();
      if (ts == null) {
        ts = Instant.ofEpochMilli(now);
      }
      if (id == null) {
        id = UuidV7.SHARED.next(now);
      }
    }
    this.eventId = id;
    this.timestamp = ts;
  }

  /**
   * {@return the event's {@code event_id}: a UUIDv7 generated at {@code build()} unless one was
   * given}
   */
  public final UUID eventId() {
    return eventId;
  }

  /** {@return the device that produced the event} */
  public final DeviceContext device() {
    return device;
  }

  /** {@return when the event happened, in UTC, truncated to milliseconds} */
  public final Instant timestamp() {
    return timestamp;
  }

  /** Whether the envelope fields (id, device, timestamp) are equal; for subclasses' equals. */
  final boolean sameEnvelope(AbstractEvent other) {
    return eventId.equals(other.eventId)
        && device.equals(other.device)
        && timestamp.equals(other.timestamp);
  }

  final int envelopeHash() {
    return Objects.hash(eventId, device, timestamp);
  }

  final String envelopeString() {
    return "event_id=" + eventId + ", device_id=" + device.deviceId() + ", timestamp=" + timestamp;
  }
}

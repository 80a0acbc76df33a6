package dev.hydrant.event;

import java.time.Instant;
import java.util.UUID;

/**
 * The builder options every event type shares. Package-private: the public builders inherit these
 * methods.
 *
 * @param <B> the concrete builder, returned by every setter for chaining
 */
abstract class AbstractEventBuilder<B extends AbstractEventBuilder<B>> {
  final DeviceContext device;
  UUID eventId;
  Instant timestamp;

  AbstractEventBuilder(DeviceContext device) {
    this.device = Checks.required("device", device);
  }

  /**
   * Uses this {@code event_id} instead of generating a UUIDv7 at {@code build()}: for replaying
   * stored events (keeping their id lets the downstream drop duplicates) and for golden tests.
   *
   * @param eventId the event id to use, not null
   * @return this builder
   * @throws IllegalArgumentException if {@code eventId} is null
   */
  public final B eventId(UUID eventId) {
    this.eventId = Checks.required("event_id", eventId);
    return self();
  }

  /**
   * Uses this {@code timestamp} instead of the time of {@code build()}. It is truncated to
   * milliseconds; {@code build()} rejects one before 1970 or after year 9999.
   *
   * @param timestamp the event time to use, not null
   * @return this builder
   * @throws IllegalArgumentException if {@code timestamp} is null
   */
  public final B timestamp(Instant timestamp) {
    this.timestamp = Checks.required("timestamp", timestamp);
    return self();
  }

  abstract B self();
}

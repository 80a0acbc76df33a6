package dev.hydrant.event;

import java.time.Instant;
import java.util.UUID;

/**
 * One telemetry event a device sends: a {@link VideoQualityEvent}, {@link NetworkLatencyEvent} or
 * {@link UptimeEvent}, or a {@link CustomEvent} of a type the application defines.
 *
 * <p>On the wire an event is one compact JSON object on its own line. It starts with the envelope,
 * in this order: {@code event_id} (UUIDv7 string), {@code event_type}, {@code schema_version},
 * {@code device_id}, {@code seq} (the per-device sequence number the client assigns when it accepts
 * the event, so it is not part of this object) and {@code timestamp} (ISO-8601 UTC with
 * milliseconds, e.g. {@code 2026-11-27T23:04:07.123Z}). Then come the {@link DeviceContext}
 * attributes and the event's own fields, in the order each class documents. Absent optional fields
 * are left out, never written as {@code null}.
 *
 * <p><b>Extension point.</b> The interface is sealed so that every event can be encoded without
 * reflection; application-defined events are {@link CustomEvent}s: a validated type name and typed
 * string, long, double and boolean fields.
 *
 * <p>All implementations are immutable and thread-safe, validated when built.
 */
public sealed interface TelemetryEvent
    permits VideoQualityEvent, NetworkLatencyEvent, UptimeEvent, CustomEvent {

  /**
   * {@return {@code event_id}: unique per event, time-ordered (UUIDv7) unless a replay supplied its
   * own}
   */
  UUID eventId();

  /**
   * {@code event_type}: {@code video_quality}, {@code network_latency}, {@code uptime} or a custom
   * type name.
   *
   * @return the event's type name
   */
  String eventType();

  /** {@return {@code schema_version}: the version of this event type's field set, starting at 1} */
  int schemaVersion();

  /** {@return the device that produced the event; its {@code device_id} is part of the envelope} */
  DeviceContext device();

  /** {@return {@code timestamp}: when the event happened, UTC, truncated to milliseconds} */
  Instant timestamp();
}

/**
 * The telemetry events a device sends: {@link dev.hydrant.event.VideoQualityEvent}, {@link
 * dev.hydrant.event.NetworkLatencyEvent}, {@link dev.hydrant.event.UptimeEvent}, and {@link
 * dev.hydrant.event.CustomEvent} for types the application defines, each carrying a {@link
 * dev.hydrant.event.DeviceContext}.
 *
 * <p>Events are immutable values, validated when built: a bad value throws {@link
 * IllegalArgumentException} whose message names the field by its wire name (snake_case) and shows
 * the value. See {@link dev.hydrant.event.TelemetryEvent} for the wire format.
 */
package dev.hydrant.event;

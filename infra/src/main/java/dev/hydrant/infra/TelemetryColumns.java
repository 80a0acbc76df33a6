package dev.hydrant.infra;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Glue columns of the telemetry table: every wire field of the four event types (video quality,
 * network latency, uptime and custom events, as in the SDK's golden files) with its Athena type. A
 * field absent from an event reads as NULL. {@code timestamp} and {@code boot_time} stay ISO-8601
 * strings; queries convert them with {@code from_iso8601_timestamp}.
 */
final class TelemetryColumns {

  /** Column name to Athena/Hive type, in wire order: envelope, device, then per event type. */
  static final Map<String, String> COLUMNS = columns();

  private TelemetryColumns() {}

  private static Map<String, String> columns() {
    Map<String, String> c = new LinkedHashMap<>();
    // envelope
    c.put("event_id", "string");
    c.put("event_type", "string");
    c.put("schema_version", "bigint");
    c.put("device_id", "string");
    c.put("seq", "bigint");
    c.put("timestamp", "string");
    // device context
    c.put("device_manufacturer", "string");
    c.put("device_model", "string");
    c.put("firmware_version", "string");
    c.put("app_version", "string");
    c.put("region", "string");
    c.put("network_operator", "string");
    // video_quality
    c.put("playback_state", "string");
    c.put("session_id", "string");
    c.put("content_id", "string");
    c.put("cdn", "string");
    c.put("codec", "string");
    c.put("bitrate_kbps", "bigint");
    c.put("resolution_width_px", "bigint");
    c.put("resolution_height_px", "bigint");
    c.put("frame_rate_fps", "double");
    c.put("dropped_frames", "bigint");
    c.put("rebuffer_count", "bigint");
    c.put("rebuffer_duration_ms", "bigint");
    c.put("startup_time_ms", "bigint");
    // network_latency
    c.put("connection_type", "string");
    c.put("target_host", "string");
    c.put("rtt_ms", "double");
    c.put("jitter_ms", "double");
    c.put("packet_loss_percent", "double");
    c.put("dns_time_ms", "double");
    c.put("connect_time_ms", "double");
    c.put("tls_time_ms", "double");
    c.put("throughput_kbps", "double");
    c.put("signal_strength_dbm", "bigint");
    // uptime
    c.put("uptime_ms", "bigint");
    c.put("boot_time", "string");
    c.put("last_reboot_reason", "string");
    c.put("memory_used_kb", "bigint");
    c.put("memory_total_kb", "bigint");
    c.put("cpu_usage_percent", "double");
    // custom event fields of the ad_impression example
    c.put("ad_id", "string");
    c.put("duration_ms", "bigint");
    c.put("completed_percent", "double");
    c.put("volume_ratio", "double");
    c.put("skipped", "boolean");
    return java.util.Collections.unmodifiableMap(c);
  }
}

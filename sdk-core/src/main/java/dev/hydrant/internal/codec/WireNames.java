package dev.hydrant.internal.codec;

import com.fasterxml.jackson.core.io.SerializedString;
import dev.hydrant.event.ConnectionType;
import dev.hydrant.event.NetworkLatencyEvent;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.UptimeEvent;
import dev.hydrant.event.VideoQualityEvent;
import java.util.Arrays;

/**
 * The wire names (keys and enum values), pre-encoded once so that writing one costs a byte copy.
 * The key order of each event type is the order {@link LineWriter} writes them, documented on the
 * event classes.
 */
final class WireNames {
  static final SerializedString EVENT_ID = new SerializedString("event_id");
  static final SerializedString EVENT_TYPE = new SerializedString("event_type");
  static final SerializedString SCHEMA_VERSION = new SerializedString("schema_version");
  static final SerializedString DEVICE_ID = new SerializedString("device_id");
  static final SerializedString SEQ = new SerializedString("seq");
  static final SerializedString TIMESTAMP = new SerializedString("timestamp");

  static final SerializedString MANUFACTURER = new SerializedString("device_manufacturer");
  static final SerializedString MODEL = new SerializedString("device_model");
  static final SerializedString FIRMWARE = new SerializedString("firmware_version");
  static final SerializedString APP_VERSION = new SerializedString("app_version");
  static final SerializedString REGION = new SerializedString("region");
  static final SerializedString OPERATOR = new SerializedString("network_operator");

  static final SerializedString VIDEO_TYPE = new SerializedString(VideoQualityEvent.EVENT_TYPE);
  static final SerializedString NETWORK_TYPE = new SerializedString(NetworkLatencyEvent.EVENT_TYPE);
  static final SerializedString UPTIME_TYPE = new SerializedString(UptimeEvent.EVENT_TYPE);

  static final SerializedString PLAYBACK_STATE = new SerializedString("playback_state");
  static final SerializedString SESSION_ID = new SerializedString("session_id");
  static final SerializedString CONTENT_ID = new SerializedString("content_id");
  static final SerializedString CDN = new SerializedString("cdn");
  static final SerializedString CODEC = new SerializedString("codec");
  static final SerializedString BITRATE = new SerializedString("bitrate_kbps");
  static final SerializedString WIDTH = new SerializedString("resolution_width_px");
  static final SerializedString HEIGHT = new SerializedString("resolution_height_px");
  static final SerializedString FRAME_RATE = new SerializedString("frame_rate_fps");
  static final SerializedString DROPPED = new SerializedString("dropped_frames");
  static final SerializedString REBUFFERS = new SerializedString("rebuffer_count");
  static final SerializedString REBUFFER_MS = new SerializedString("rebuffer_duration_ms");
  static final SerializedString STARTUP_MS = new SerializedString("startup_time_ms");

  static final SerializedString CONNECTION_TYPE = new SerializedString("connection_type");
  static final SerializedString TARGET_HOST = new SerializedString("target_host");
  static final SerializedString RTT = new SerializedString("rtt_ms");
  static final SerializedString JITTER = new SerializedString("jitter_ms");
  static final SerializedString LOSS = new SerializedString("packet_loss_percent");
  static final SerializedString DNS = new SerializedString("dns_time_ms");
  static final SerializedString CONNECT = new SerializedString("connect_time_ms");
  static final SerializedString TLS = new SerializedString("tls_time_ms");
  static final SerializedString THROUGHPUT = new SerializedString("throughput_kbps");
  static final SerializedString SIGNAL = new SerializedString("signal_strength_dbm");

  static final SerializedString UPTIME = new SerializedString("uptime_ms");
  static final SerializedString BOOT_TIME = new SerializedString("boot_time");
  static final SerializedString REBOOT_REASON = new SerializedString("last_reboot_reason");
  static final SerializedString MEMORY_USED = new SerializedString("memory_used_kb");
  static final SerializedString MEMORY_TOTAL = new SerializedString("memory_total_kb");
  static final SerializedString CPU = new SerializedString("cpu_usage_percent");

  static final SerializedString[] PLAYBACK_STATES =
      Arrays.stream(PlaybackState.values())
          .map(s -> new SerializedString(s.wireName()))
          .toArray(SerializedString[]::new);
  static final SerializedString[] CONNECTION_TYPES =
      Arrays.stream(ConnectionType.values())
          .map(c -> new SerializedString(c.wireName()))
          .toArray(SerializedString[]::new);

  private WireNames() {}
}

package dev.hydrant.internal.codec;

import dev.hydrant.event.ConnectionType;
import dev.hydrant.event.CustomEvent;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.NetworkLatencyEvent;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.UptimeEvent;
import dev.hydrant.event.VideoQualityEvent;
import java.time.Instant;
import java.util.UUID;

/** Realistic events with fixed ids and timestamps, as the golden files hold them. */
final class Fixtures {
  static final UUID EVENT_ID = UUID.fromString("019ac7e5-2f3b-7a1c-9d2e-4f5a6b7c8d9e");
  static final Instant TIMESTAMP = Instant.parse("2026-11-27T23:04:07.123Z");
  static final long SEQ = 42;

  static final DeviceContext DEVICE =
      DeviceContext.builder("stb-00a1b2c3d4e5")
          .manufacturer("Acme")
          .model("X1 Pro 4K")
          .firmwareVersion("7.4.2-rel")
          .appVersion("3.18.0")
          .region("eu-west")
          .networkOperator("Telco Net")
          .build();

  /** Multi-byte UTF-8 (two-byte é, four-byte emoji) and characters JSON must escape. */
  static final DeviceContext UNICODE_DEVICE =
      DeviceContext.builder("stb:cafe-01")
          .model("Caf\u00e9 Box \uD83D\uDCFA")
          .networkOperator("Op \"quoted\" \\ tab\t")
          .build();

  private Fixtures() {}

  static VideoQualityEvent video() {
    return VideoQualityEvent.builder(DEVICE)
        .eventId(EVENT_ID)
        .timestamp(TIMESTAMP)
        .playbackState(PlaybackState.PLAYING)
        .sessionId("c0ffee12-3456-4789-abcd-ef0123456789")
        .contentId("vod:movie:12345")
        .cdn("cdn-eu-1")
        .codec("hevc")
        .bitrateKbps(7800)
        .resolution(1920, 1080)
        .frameRateFps(29.97)
        .droppedFrames(12)
        .rebufferCount(1)
        .rebufferDurationMs(850)
        .startupTimeMs(1240)
        .build();
  }

  static NetworkLatencyEvent network() {
    return NetworkLatencyEvent.builder(DEVICE)
        .eventId(EVENT_ID)
        .timestamp(TIMESTAMP)
        .connectionType(ConnectionType.WIFI)
        .targetHost("ingest.example.com")
        .rttMs(23.4)
        .jitterMs(3.1)
        .packetLossPercent(0.2)
        .dnsTimeMs(12.0)
        .connectTimeMs(25.5)
        .tlsTimeMs(48.25)
        .throughputKbps(48250.5)
        .signalStrengthDbm(-61)
        .build();
  }

  static UptimeEvent uptime() {
    return UptimeEvent.builder(DEVICE)
        .eventId(EVENT_ID)
        .timestamp(TIMESTAMP)
        .uptimeMs(86_400_123L)
        .bootTime(Instant.parse("2026-11-26T23:04:07Z"))
        .lastRebootReason("firmware_update")
        .memoryUsedKb(412_000)
        .memoryTotalKb(1_048_576)
        .cpuUsagePercent(17.5)
        .build();
  }

  static CustomEvent custom() {
    return CustomEvent.builder("ad_impression", UNICODE_DEVICE)
        .eventId(EVENT_ID)
        .timestamp(TIMESTAMP)
        .schemaVersion(2)
        .field("ad_id", "spot-42 \u00e9\uD83C\uDF89")
        .field("duration_ms", 15_000)
        .field("completed_percent", 100.0)
        .field("volume_ratio", 1.0E-4)
        .field("skipped", false)
        .build();
  }
}

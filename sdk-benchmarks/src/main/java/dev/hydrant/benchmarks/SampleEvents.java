package dev.hydrant.benchmarks;

import dev.hydrant.event.ConnectionType;
import dev.hydrant.event.CustomEvent;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.NetworkLatencyEvent;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.TelemetryEvent;
import dev.hydrant.event.UptimeEvent;
import dev.hydrant.event.VideoQualityEvent;
import java.time.Instant;
import java.util.Locale;

/**
 * Realistic events of each type, as a set-top box would report them: every field filled, so the
 * measured sizes and costs are those of a full event rather than of an empty envelope.
 */
public enum SampleEvents {
  /** A {@link VideoQualityEvent} with every field set. */
  VIDEO_QUALITY,
  /** A {@link NetworkLatencyEvent} with every field set. */
  NETWORK_LATENCY,
  /** An {@link UptimeEvent} with every field set. */
  UPTIME,
  /** A {@link CustomEvent} with six fields of each kind. */
  CUSTOM;

  private static final Instant BOOT = Instant.parse("2026-11-27T06:00:00Z");

  /** The device context all samples share. */
  public static DeviceContext device(String deviceId) {
    return DeviceContext.builder(deviceId)
        .manufacturer("Acme")
        .model("STB-4000")
        .firmwareVersion("4.2.1-r17")
        .appVersion("7.12.0")
        .region("eu-west")
        .networkOperator("ExampleNet")
        .build();
  }

  /** A new event of this type for {@code device}, with a fresh {@code event_id}. */
  public TelemetryEvent create(DeviceContext device) {
    switch (this) {
      case VIDEO_QUALITY:
        return VideoQualityEvent.builder(device)
            .playbackState(PlaybackState.PLAYING)
            .sessionId("5f0c2a7e-93b1-4d55-8d1e-0c1d2e3f4a5b")
            .contentId("movie-000123")
            .cdn("cdn-a.example.net")
            .codec("hevc")
            .bitrateKbps(4500)
            .resolution(1920, 1080)
            .frameRateFps(29.97)
            .droppedFrames(3)
            .rebufferCount(1)
            .rebufferDurationMs(420)
            .startupTimeMs(1350)
            .build();
      case NETWORK_LATENCY:
        return NetworkLatencyEvent.builder(device)
            .connectionType(ConnectionType.WIFI)
            .targetHost("api.example.net")
            .rttMs(23.4)
            .jitterMs(2.1)
            .packetLossPercent(0.2)
            .dnsTimeMs(4.0)
            .connectTimeMs(11.5)
            .tlsTimeMs(19.25)
            .throughputKbps(48_200.5)
            .signalStrengthDbm(-61)
            .build();
      case UPTIME:
        return UptimeEvent.builder(device)
            .uptimeMs(86_400_000L)
            .bootTime(BOOT)
            .lastRebootReason("firmware_update")
            .memoryUsedKb(412_000)
            .memoryTotalKb(1_048_576)
            .cpuUsagePercent(37.5)
            .build();
      case CUSTOM:
        return CustomEvent.builder("button_press", device)
            .field("button", "OK")
            .field("screen", "home")
            .field("hold_ms", 120)
            .field("repeat", 1)
            .field("voltage", 3.29)
            .field("remote_paired", true)
            .build();
      default:
        throw new IllegalStateException("unknown sample " + this);
    }
  }

  /** This sample's name as JMH parameters and command lines spell it: {@code video_quality}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}

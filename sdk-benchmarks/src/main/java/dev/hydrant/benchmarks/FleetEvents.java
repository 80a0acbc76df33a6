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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * A fleet's event mix for measuring compression: many devices with different manufacturers, regions
 * and operators, the four event types in turn, and measurements that vary from event to event
 * (bitrates on a ladder, jittery latencies, growing uptimes), as the demo's simulated set-top boxes
 * send them. Fixed sample events would compress far better than real traffic; these do not.
 * Deterministic for a seed, except the random {@code event_id}s.
 */
final class FleetEvents {
  private static final String[] MANUFACTURERS = {"Arris", "Technicolor", "Humax", "Sagemcom"};
  private static final String[] REGIONS = {"eu-west", "eu-central", "us-east", "ap-southeast"};
  private static final String[] OPERATORS = {"Nordlink", "Blue Cable", "FibreNet", "Metro TV"};
  private static final String[] CDNS = {"cdn-a", "cdn-b", "cdn-c"};
  private static final String[] KEYS = {"ok", "up", "down", "left", "right", "back", "home"};
  private static final long[] LADDER_KBPS = {235, 375, 560, 750, 1050, 1750, 2350, 3000, 4300};
  private static final int[][] LADDER_PX = {
    {320, 180},
    {384, 216},
    {512, 288},
    {640, 360},
    {768, 432},
    {960, 540},
    {1280, 720},
    {1280, 720},
    {1920, 1080}
  };

  private FleetEvents() {}

  /** {@code count} events from {@code devices} devices, device after device, types in turn. */
  static List<TelemetryEvent> generate(int count, int devices, long seed) {
    Random random = new Random(seed);
    List<DeviceContext> fleet = new ArrayList<>(devices);
    for (int d = 0; d < devices; d++) {
      fleet.add(
          DeviceContext.builder(String.format(Locale.ROOT, "stb-%08x", random.nextInt()))
              .manufacturer(MANUFACTURERS[d % MANUFACTURERS.length])
              .model("STB-" + (4000 + d % 3 * 100))
              .firmwareVersion("4." + d % 4 + ".1-r" + (10 + d % 9))
              .appVersion("7.12." + d % 5)
              .region(REGIONS[d % REGIONS.length])
              .networkOperator(OPERATORS[d % OPERATORS.length])
              .build());
    }
    Instant start = Instant.parse("2026-12-01T12:00:00Z");
    List<TelemetryEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      DeviceContext device = fleet.get(i % devices);
      Instant at = start.plusMillis(i * 7L);
      events.add(event(i / devices % 4, device, at, i, random));
    }
    return events;
  }

  private static TelemetryEvent event(
      int type, DeviceContext device, Instant at, int i, Random random) {
    switch (type) {
      case 0:
        int rung = random.nextInt(LADDER_KBPS.length);
        return VideoQualityEvent.builder(device)
            .timestamp(at)
            .playbackState(
                random.nextInt(20) == 0 ? PlaybackState.BUFFERING : PlaybackState.PLAYING)
            .sessionId(new UUID(random.nextLong(), random.nextLong()).toString())
            .contentId("vod:" + (100_000 + random.nextInt(50_000)))
            .cdn(CDNS[random.nextInt(CDNS.length)])
            .codec(random.nextBoolean() ? "hevc" : "avc")
            .bitrateKbps(LADDER_KBPS[rung])
            .resolution(LADDER_PX[rung][0], LADDER_PX[rung][1])
            .frameRateFps(random.nextBoolean() ? 29.97 : 25.0)
            .droppedFrames(random.nextInt(30))
            .rebufferCount(random.nextInt(3))
            .rebufferDurationMs(random.nextInt(2_000))
            .startupTimeMs(400 + random.nextInt(2_500))
            .build();
      case 1:
        return NetworkLatencyEvent.builder(device)
            .timestamp(at)
            .connectionType(random.nextBoolean() ? ConnectionType.WIFI : ConnectionType.ETHERNET)
            .targetHost("edge." + CDNS[random.nextInt(CDNS.length)] + ".example.net")
            .rttMs(Math.round((8 + random.nextDouble() * 80) * 10) / 10.0)
            .jitterMs(Math.round(random.nextDouble() * 150) / 10.0)
            .packetLossPercent(Math.round(random.nextDouble() * 20) / 10.0)
            .dnsTimeMs(Math.round(random.nextDouble() * 400) / 10.0)
            .connectTimeMs(Math.round(random.nextDouble() * 600) / 10.0)
            .tlsTimeMs(Math.round(random.nextDouble() * 900) / 10.0)
            .throughputKbps(Math.round(random.nextDouble() * 900_000) / 10.0)
            .signalStrengthDbm(-30 - random.nextInt(60))
            .build();
      case 2:
        return UptimeEvent.builder(device)
            .timestamp(at)
            .uptimeMs(3_600_000L + i * 5_000L + random.nextInt(1_000))
            .bootTime(at.minusSeconds(3_600 + random.nextInt(86_400)))
            .lastRebootReason(random.nextBoolean() ? "firmware_update" : "watchdog")
            .memoryUsedKb(200_000 + random.nextInt(600_000))
            .memoryTotalKb(1_048_576)
            .cpuUsagePercent(Math.round(random.nextDouble() * 1000) / 10.0)
            .build();
      default:
        return CustomEvent.builder("remote_key", device)
            .timestamp(at)
            .field("key", KEYS[random.nextInt(KEYS.length)])
            .field("screen", random.nextBoolean() ? "home" : "guide")
            .field("hold_ms", random.nextInt(800))
            .field("battery_v", Math.round((2.6 + random.nextDouble() * 0.6) * 100) / 100.0)
            .build();
    }
  }
}

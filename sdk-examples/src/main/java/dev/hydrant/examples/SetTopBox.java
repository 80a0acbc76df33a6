package dev.hydrant.examples;

import dev.hydrant.event.ConnectionType;
import dev.hydrant.event.CustomEvent;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.NetworkLatencyEvent;
import dev.hydrant.event.TelemetryEvent;
import dev.hydrant.event.UptimeEvent;
import dev.hydrant.event.VideoQualityEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * One simulated set-top box: a device that plays video sessions over an adaptive bitrate ladder
 * (switching rungs as its network throughput wanders, rebuffering when it falls too far), probes
 * network latency with jitter and occasional packet loss, and sends uptime heartbeats, now and then
 * rebooting. Each call to {@link #next} advances the box's state and returns the event it reports.
 *
 * <p>Not thread-safe: one box is driven by one thread at a time. Deterministic for a given {@link
 * Random}.
 */
final class SetTopBox {

  /** The bitrate ladder in kbps, lowest rung first (a typical HLS/DASH ladder). */
  static final long[] LADDER_KBPS = {235, 375, 560, 750, 1050, 1750, 2350, 3000, 4300, 5800, 8000};

  /** Width and height in pixels of each rung of {@link #LADDER_KBPS}. */
  static final int[][] LADDER_RESOLUTION = {
    {320, 180},
    {384, 216},
    {512, 288},
    {640, 360},
    {768, 432},
    {960, 540},
    {1280, 720},
    {1280, 720},
    {1920, 1080},
    {1920, 1080},
    {3840, 2160}
  };

  private static final List<String> MANUFACTURERS =
      List.of("Arris", "Technicolor", "Humax", "Sagemcom", "Kaon");
  private static final List<String> REGIONS =
      List.of("eu-west", "eu-central", "us-east", "us-west", "ap-southeast");
  private static final List<String> OPERATORS =
      List.of("Nordlink", "Blue Cable", "FibreNet", "Metro TV", "Skyline");
  private static final List<String> CDNS = List.of("cdn-a", "cdn-b", "cdn-c");
  private static final List<String> PROBE_HOSTS =
      List.of("edge.cdn-a.example.net", "edge.cdn-b.example.net", "api.example.tv");
  private static final List<String> REBOOT_REASONS =
      List.of("firmware_update", "watchdog", "power_loss", "user_request", "kernel_panic");
  private static final List<String> KEYS =
      List.of("ok", "up", "down", "left", "right", "back", "home", "channel_up", "channel_down");
  private static final long MIB_KB = 1024;

  /** Chance per heartbeat that the box has rebooted since the last one. */
  static final double REBOOT_PROBABILITY = 0.01;

  private final Random random;
  private final DeviceContext device;
  private final ConnectionType connection;
  private final double baseRttMs;
  private final long memoryTotalKb;
  private double throughputKbps;
  private double lastRttMs;
  private Instant bootTime;
  private String lastRebootReason;
  private double memoryUsedFraction;
  private VideoSession session;

  SetTopBox(int index, Random random, Instant now) {
    this.random = random;
    int model = random.nextInt(4);
    this.device =
        DeviceContext.builder(String.format("stb-%06d", index))
            .manufacturer(pick(MANUFACTURERS))
            .model("STB-" + (4000 + model * 100))
            .firmwareVersion("5." + random.nextInt(4) + "." + random.nextInt(20))
            .appVersion("3." + (7 + random.nextInt(3)) + ".0")
            .region(pick(REGIONS))
            .networkOperator(pick(OPERATORS))
            .build();
    double r = random.nextDouble();
    this.connection =
        r < 0.55
            ? ConnectionType.ETHERNET
            : r < 0.95 ? ConnectionType.WIFI : ConnectionType.CELLULAR;
    this.baseRttMs =
        switch (connection) {
          case ETHERNET -> uniform(6, 25);
          case WIFI -> uniform(12, 45);
          default -> uniform(35, 90);
        };
    this.lastRttMs = baseRttMs;
    this.throughputKbps =
        switch (connection) {
          case ETHERNET -> uniform(15_000, 80_000);
          case WIFI -> uniform(4_000, 40_000);
          default -> uniform(1_500, 12_000);
        };
    this.memoryTotalKb = (1L << model) * 512 * MIB_KB;
    this.memoryUsedFraction = uniform(0.35, 0.7);
    this.bootTime = now.minus(Duration.ofMinutes(5 + random.nextInt(30 * 24 * 60)));
    this.lastRebootReason = pick(REBOOT_REASONS);
  }

  /** The device's identity. */
  DeviceContext device() {
    return device;
  }

  /** How the device is connected. */
  ConnectionType connection() {
    return connection;
  }

  /**
   * Advances the box to {@code now} and returns its next event: a video quality sample (55%), a
   * latency probe (30%), an uptime heartbeat (10%) or a remote-control key press (5%).
   */
  TelemetryEvent next(Instant now) {
    wanderThroughput();
    double r = random.nextDouble();
    if (r < 0.55) {
      return video(now);
    }
    if (r < 0.85) {
      return latency(now);
    }
    if (r < 0.95) {
      return uptime(now);
    }
    return keyPress(now);
  }

  private void wanderThroughput() {
    // a multiplicative random walk, pulled back towards the connection's typical range
    double typical =
        switch (connection) {
          case ETHERNET -> 40_000;
          case WIFI -> 15_000;
          default -> 5_000;
        };
    double step = Math.exp(random.nextGaussian() * 0.12);
    double pull = Math.pow(typical / throughputKbps, 0.05);
    throughputKbps = Math.max(300, Math.min(200_000, throughputKbps * step * pull));
  }

  private VideoQualityEvent video(Instant now) {
    if (session == null || session.ended()) {
      session = new VideoSession(random, pick(CDNS), throughputKbps);
    }
    return session.sample(device, now, throughputKbps);
  }

  private NetworkLatencyEvent latency(Instant now) {
    double rtt = baseRttMs + Math.abs(random.nextGaussian()) * baseRttMs * 0.25;
    if (random.nextDouble() < 0.03) {
      rtt += uniform(50, 400); // a congestion spike
    }
    double jitter = Math.abs(rtt - lastRttMs);
    lastRttMs = rtt;
    double loss = random.nextDouble() < 0.04 ? uniform(0.5, 12) : 0;
    double dns = random.nextDouble() < 0.7 ? uniform(0.2, 3) : uniform(8, 80);
    NetworkLatencyEvent.Builder b =
        NetworkLatencyEvent.builder(device)
            .timestamp(now)
            .connectionType(connection)
            .targetHost(pick(PROBE_HOSTS))
            .rttMs(round1(rtt))
            .jitterMs(round1(jitter))
            .packetLossPercent(round1(loss))
            .dnsTimeMs(round1(dns))
            .connectTimeMs(round1(rtt * uniform(1.0, 1.3)))
            .tlsTimeMs(round1(rtt * 2 + uniform(3, 20)))
            .throughputKbps((double) Math.round(throughputKbps));
    if (connection == ConnectionType.WIFI) {
      b.signalStrengthDbm(Math.round(uniform(-80, -35)));
    } else if (connection == ConnectionType.CELLULAR) {
      b.signalStrengthDbm(Math.round(uniform(-110, -70)));
    }
    return b.build();
  }

  private UptimeEvent uptime(Instant now) {
    if (random.nextDouble() < REBOOT_PROBABILITY) {
      bootTime = now.minusSeconds(20 + random.nextInt(70));
      lastRebootReason = pick(REBOOT_REASONS);
      memoryUsedFraction = uniform(0.3, 0.45);
      session = null;
    }
    memoryUsedFraction = Math.max(0.2, Math.min(0.95, memoryUsedFraction + uniform(-0.01, 0.012)));
    double cpu = random.nextDouble() < 0.05 ? uniform(70, 99) : uniform(3, 45);
    return UptimeEvent.builder(device)
        .timestamp(now)
        .uptimeMs(Math.max(0, Duration.between(bootTime, now).toMillis()))
        .bootTime(bootTime)
        .lastRebootReason(lastRebootReason)
        .memoryUsedKb(Math.round(memoryTotalKb * memoryUsedFraction))
        .memoryTotalKb(memoryTotalKb)
        .cpuUsagePercent(round1(cpu))
        .build();
  }

  private CustomEvent keyPress(Instant now) {
    return CustomEvent.builder("remote_key_press", device)
        .timestamp(now)
        .field("key", pick(KEYS))
        .field("screen", session != null && !session.ended() ? "player" : "home")
        .field("latency_ms", Math.round(uniform(20, 180)))
        .build();
  }

  private double uniform(double min, double max) {
    return min + random.nextDouble() * (max - min);
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}

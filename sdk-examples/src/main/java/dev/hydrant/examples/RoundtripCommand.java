package dev.hydrant.examples;

import dev.hydrant.DeliveryListener;
import dev.hydrant.EventRef;
import dev.hydrant.FailureReason;
import dev.hydrant.HydrantClient;
import dev.hydrant.event.ConnectionType;
import dev.hydrant.event.CustomEvent;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.NetworkLatencyEvent;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.TelemetryEvent;
import dev.hydrant.event.UptimeEvent;
import dev.hydrant.event.VideoQualityEvent;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.tls.NegotiatedTls;
import dev.hydrant.tls.Trust;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code roundtrip}: sends one tagged event of each type (video quality, network latency, uptime,
 * custom) and reports, per event, whether the proxy acknowledged it and how long that took.
 */
@Command(
    name = "roundtrip",
    description = {
      "Sends one tagged event of each type (video, latency, uptime, custom) and reports each"
          + " acknowledgement and its latency. Without URL, uses an embedded emulator.",
      "Exit codes: 0 all acknowledged, 1 some not, 2 configuration or TLS error."
    },
    mixinStandardHelpOptions = true)
final class RoundtripCommand implements Callable<Integer> {

  @Parameters(
      arity = "0..1",
      paramLabel = "URL",
      description = "The proxy's https single-record route.")
  URI url;

  @Option(
      names = "--timeout",
      paramLabel = "TIME",
      converter = DurationConverter.class,
      description = "Longest wait for the acknowledgements (default: 30s).")
  Duration timeout = Duration.ofSeconds(30);

  @Option(names = "--json", description = "Print the result as one JSON object.")
  boolean json;

  @Mixin ClientOptions client = new ClientOptions();

  private final PrintStream out;

  RoundtripCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    if (url != null) {
      if (!"https".equalsIgnoreCase(url.getScheme())) {
        throw new ConfigurationException("URL must be https, got " + url);
      }
      return run(url, client.trust());
    }
    try (FirehoseEmulator emulator =
        FirehoseEmulator.builder().streams(client.stream).build().start()) {
      return run(emulator.endpoint(), Trust.pem(emulator.caCertificatePem()));
    }
  }

  private int run(URI endpoint, Trust trust) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    Map<String, Long> ackMillis = new ConcurrentHashMap<>();
    Map<String, String> failures = new ConcurrentHashMap<>();
    DeliveryTracker tracker = new DeliveryTracker();
    DeliveryListener listener =
        new DeliveryListener() {
          @Override
          public void onDelivered(List<EventRef> events) {
            long now = System.currentTimeMillis();
            events.forEach(e -> ackMillis.put(e.eventId(), now - e.acceptedAtMillis()));
          }

          @Override
          public void onFailed(FailureReason reason, String detail, List<EventRef> events) {
            tracker.onFailed(reason, detail, events);
            events.forEach(e -> failures.put(e.eventId(), reason + " " + detail));
          }
        };
    List<TelemetryEvent> events = events(tag);
    NegotiatedTls tls;
    try (HydrantClient hydrant =
        client.apply(HydrantClient.builder(), endpoint, trust).listener(listener).build()) {
      for (TelemetryEvent e : events) {
        hydrant.send(e);
      }
      hydrant.flush(timeout);
      tls = hydrant.negotiatedTls().orElse(null);
    }
    DeliveryTracker.Failure fatal = tracker.configurationFailure();
    if (fatal != null) {
      throw new ConfigurationException(
          new FailureExplainer(Duration.ofSeconds(5)).explain(fatal, endpoint, trust));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    boolean all = true;
    for (TelemetryEvent e : events) {
      String id = e.eventId().toString();
      Long ms = ackMillis.get(id);
      all &= ms != null;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("event_type", e.eventType());
      row.put("event_id", id);
      row.put("acknowledged", ms != null);
      row.put("latency_ms", ms);
      row.put("failure", failures.get(id));
      rows.add(row);
    }
    if (json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("endpoint", endpoint.toString());
      result.put("device_id", events.get(0).device().deviceId());
      result.put("tls_protocol", tls == null ? null : tls.protocol());
      result.put("tls_cipher", tls == null ? null : tls.cipherSuite());
      result.put("events", rows);
      result.put("ok", all);
      out.println(Json.write(result));
    } else {
      out.println("roundtrip to " + endpoint + " as device " + events.get(0).device().deviceId());
      for (Map<String, Object> row : rows) {
        out.println(
            String.format(
                Locale.ROOT,
                "  %-18s %s  %s",
                row.get("event_type"),
                row.get("event_id"),
                Boolean.TRUE.equals(row.get("acknowledged"))
                    ? "acknowledged in " + row.get("latency_ms") + " ms"
                    : "NOT acknowledged"
                        + (row.get("failure") == null ? "" : ": " + row.get("failure"))));
      }
      out.println(
          "  TLS " + (tls == null ? "no handshake" : tls.protocol() + " " + tls.cipherSuite()));
      out.println(
          all ? "OK: all 4 events acknowledged." : "FAIL: not every event was acknowledged.");
    }
    out.flush();
    return all ? 0 : 1;
  }

  /** One event of each type from a device named after {@code tag}. */
  static List<TelemetryEvent> events(String tag) {
    Instant now = Instant.now();
    DeviceContext device =
        DeviceContext.builder("roundtrip-" + tag)
            .model("hydrant-demo")
            .appVersion("roundtrip")
            .build();
    return List.of(
        VideoQualityEvent.builder(device)
            .timestamp(now)
            .playbackState(PlaybackState.PLAYING)
            .sessionId("roundtrip-" + tag)
            .bitrateKbps(4300)
            .resolution(1920, 1080)
            .build(),
        NetworkLatencyEvent.builder(device)
            .timestamp(now)
            .connectionType(ConnectionType.ETHERNET)
            .rttMs(12.5)
            .jitterMs(1.5)
            .packetLossPercent(0)
            .build(),
        UptimeEvent.builder(device).timestamp(now).uptimeMs(3_600_000).build(),
        CustomEvent.builder("hydrant_roundtrip", device)
            .timestamp(now)
            .field("tag", tag)
            .field("sent_at_ms", now.toEpochMilli())
            .build());
  }
}

package dev.hydrant.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.event.CustomEvent;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.NetworkLatencyEvent;
import dev.hydrant.event.TelemetryEvent;
import dev.hydrant.event.UptimeEvent;
import dev.hydrant.event.VideoQualityEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the exact wire bytes of one event of each type, and checks that every field survives the
 * round trip through a standard JSON parser.
 */
class EventCodecGoldenTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final EventCodec codec = new EventCodec();

  static Stream<Arguments> goldenEvents() {
    return Stream.of(
        Arguments.of("video_quality.ndjson", Fixtures.video()),
        Arguments.of("network_latency.ndjson", Fixtures.network()),
        Arguments.of("uptime.ndjson", Fixtures.uptime()),
        Arguments.of("custom_ad_impression.ndjson", Fixtures.custom()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenEvents")
  void encodesExactlyTheGoldenBytes(String file, TelemetryEvent event) throws IOException {
    byte[] expected = golden(file);
    byte[] line = codec.encode(event, Fixtures.SEQ);
    assertEquals(
        new String(expected, StandardCharsets.UTF_8), new String(line, StandardCharsets.UTF_8));
    assertArrayEquals(expected, line);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenEvents")
  void isOneCompactLineEndingInNewline(String file, TelemetryEvent event) {
    String line = new String(codec.encode(event, Fixtures.SEQ), StandardCharsets.UTF_8);
    assertTrue(line.endsWith("}\n"), line);
    assertEquals(line.length() - 1, line.indexOf('\n'), "exactly one newline, at the end");
    assertFalse(line.contains("null"), line);
    assertFalse(line.contains(": "), "compact, no space after colons");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenEvents")
  void roundTripsEveryField(String file, TelemetryEvent event) throws IOException {
    JsonNode node = JSON.readTree(codec.encode(event, Fixtures.SEQ));
    Map<String, Object> expected = expectedFields(event);
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    assertEquals(new ArrayList<>(expected.keySet()), keys, "keys and their order");
    for (Map.Entry<String, Object> field : expected.entrySet()) {
      JsonNode value = node.get(field.getKey());
      Object want = field.getValue();
      if (want instanceof Instant) {
        assertTrue(
            value.textValue().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
            field.getKey() + " has milliseconds and Z: " + value.textValue());
        assertEquals(want, Instant.parse(value.textValue()), field.getKey());
      } else if (want instanceof String) {
        assertTrue(value.isTextual(), field.getKey());
        assertEquals(want, value.textValue(), field.getKey());
      } else if (want instanceof Double) {
        assertTrue(value.isDouble(), field.getKey() + " is a JSON number with a fraction");
        assertEquals((Double) want, value.doubleValue(), 0.0, field.getKey());
      } else if (want instanceof Boolean) {
        assertEquals(want, value.booleanValue(), field.getKey());
      } else {
        assertTrue(value.isIntegralNumber(), field.getKey());
        assertEquals(((Number) want).longValue(), value.longValue(), field.getKey());
      }
    }
  }

  /** The wire fields an event should produce, in the documented order, built from accessors. */
  static Map<String, Object> expectedFields(TelemetryEvent event) {
    Map<String, Object> f = new java.util.LinkedHashMap<>();
    f.put("event_id", event.eventId().toString());
    f.put("event_type", event.eventType());
    f.put("schema_version", (long) event.schemaVersion());
    f.put("device_id", event.device().deviceId());
    f.put("seq", Fixtures.SEQ);
    f.put("timestamp", event.timestamp());
    DeviceContext d = event.device();
    put(f, "device_manufacturer", d.manufacturer());
    put(f, "device_model", d.model());
    put(f, "firmware_version", d.firmwareVersion());
    put(f, "app_version", d.appVersion());
    put(f, "region", d.region());
    put(f, "network_operator", d.networkOperator());
    if (event instanceof VideoQualityEvent) {
      VideoQualityEvent e = (VideoQualityEvent) event;
      f.put("playback_state", e.playbackState().wireName());
      put(f, "session_id", e.sessionId());
      put(f, "content_id", e.contentId());
      put(f, "cdn", e.cdn());
      put(f, "codec", e.codec());
      put(f, "bitrate_kbps", e.bitrateKbps());
      put(f, "resolution_width_px", e.resolutionWidthPx());
      put(f, "resolution_height_px", e.resolutionHeightPx());
      put(f, "frame_rate_fps", e.frameRateFps());
      put(f, "dropped_frames", e.droppedFrames());
      put(f, "rebuffer_count", e.rebufferCount());
      put(f, "rebuffer_duration_ms", e.rebufferDurationMs());
      put(f, "startup_time_ms", e.startupTimeMs());
    } else if (event instanceof NetworkLatencyEvent) {
      NetworkLatencyEvent e = (NetworkLatencyEvent) event;
      f.put("connection_type", e.connectionType().wireName());
      put(f, "target_host", e.targetHost());
      put(f, "rtt_ms", e.rttMs());
      put(f, "jitter_ms", e.jitterMs());
      put(f, "packet_loss_percent", e.packetLossPercent());
      put(f, "dns_time_ms", e.dnsTimeMs());
      put(f, "connect_time_ms", e.connectTimeMs());
      put(f, "tls_time_ms", e.tlsTimeMs());
      put(f, "throughput_kbps", e.throughputKbps());
      put(f, "signal_strength_dbm", e.signalStrengthDbm());
    } else if (event instanceof UptimeEvent) {
      UptimeEvent e = (UptimeEvent) event;
      f.put("uptime_ms", e.uptimeMs());
      e.bootTime().ifPresent(t -> f.put("boot_time", t));
      put(f, "last_reboot_reason", e.lastRebootReason());
      put(f, "memory_used_kb", e.memoryUsedKb());
      put(f, "memory_total_kb", e.memoryTotalKb());
      put(f, "cpu_usage_percent", e.cpuUsagePercent());
    } else {
      f.putAll(((CustomEvent) event).fields());
    }
    return f;
  }

  private static void put(Map<String, Object> f, String key, Optional<String> value) {
    value.ifPresent(v -> f.put(key, v));
  }

  private static void put(Map<String, Object> f, String key, OptionalLong value) {
    value.ifPresent(v -> f.put(key, v));
  }

  private static void put(Map<String, Object> f, String key, OptionalInt value) {
    value.ifPresent(v -> f.put(key, (long) v));
  }

  private static void put(Map<String, Object> f, String key, OptionalDouble value) {
    value.ifPresent(v -> f.put(key, v));
  }

  static byte[] golden(String file) throws IOException {
    try (InputStream in = EventCodecGoldenTest.class.getResourceAsStream("/golden/" + file)) {
      assertNotNull(in, "missing golden file " + file);
      return in.readAllBytes();
    }
  }
}

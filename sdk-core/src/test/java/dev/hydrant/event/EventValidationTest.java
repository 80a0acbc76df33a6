package dev.hydrant.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every validation rule rejects at build() with a message naming the wire field and the value. */
class EventValidationTest {
  private static final DeviceContext DEVICE = DeviceContext.builder("stb-1").build();

  private static VideoQualityEvent.Builder video() {
    return VideoQualityEvent.builder(DEVICE).playbackState(PlaybackState.PLAYING);
  }

  private static NetworkLatencyEvent.Builder network() {
    return NetworkLatencyEvent.builder(DEVICE).connectionType(ConnectionType.ETHERNET);
  }

  private static UptimeEvent.Builder uptime() {
    return UptimeEvent.builder(DEVICE).uptimeMs(1);
  }

  private static CustomEvent.Builder custom() {
    return CustomEvent.builder("door_open", DEVICE);
  }

  private static Arguments rule(String message, Supplier<Object> build) {
    return Arguments.of(message, build);
  }

  static Stream<Arguments> rules() {
    String tooLong = "x".repeat(129);
    return Stream.of(
        // DeviceContext
        rule("device_id is required, got null", () -> DeviceContext.builder(null).build()),
        rule(
            "device_id must be 1 to 128 characters of [A-Za-z0-9._:-], got \"\"",
            () -> DeviceContext.builder("").build()),
        rule(
            "device_id must be 1 to 128 characters of [A-Za-z0-9._:-], got \"stb 1\"",
            () -> DeviceContext.builder("stb 1").build()),
        rule(
            "device_id must be 1 to 128 characters of [A-Za-z0-9._:-], got \"caf\u00e9\"",
            () -> DeviceContext.builder("caf\u00e9").build()),
        rule(
            "device_id must be 1 to 128 characters of [A-Za-z0-9._:-], got \"" + "x".repeat(64),
            () -> DeviceContext.builder(tooLong).build()),
        rule(
            "device_model must be 1 to 128 characters, got \"\" (0 characters)",
            () -> DeviceContext.builder("d").model("").build()),
        rule(
            "device_manufacturer must be 1 to 128 characters",
            () -> DeviceContext.builder("d").manufacturer(tooLong).build()),
        rule(
            "firmware_version must be 1 to 128 characters",
            () -> DeviceContext.builder("d").firmwareVersion("").build()),
        rule(
            "app_version must be 1 to 128 characters",
            () -> DeviceContext.builder("d").appVersion(tooLong).build()),
        rule(
            "region must be 1 to 128 characters",
            () -> DeviceContext.builder("d").region("").build()),
        rule(
            "network_operator must be 1 to 128 characters",
            () -> DeviceContext.builder("d").networkOperator(tooLong).build()),
        // envelope
        rule("device is required, got null", () -> VideoQualityEvent.builder(null)),
        rule("event_id is required, got null", () -> video().eventId(null)),
        rule("timestamp is required, got null", () -> video().timestamp(null)),
        rule(
            "timestamp must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z, got"
                + " 1969-12-31T23:59:59.999Z",
            () -> video().timestamp(Instant.ofEpochMilli(-1)).build()),
        rule(
            "timestamp must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z, got"
                + " +10000-01-01T00:00:00Z",
            () -> video().timestamp(Instant.parse("+10000-01-01T00:00:00Z")).build()),
        // VideoQualityEvent
        rule(
            "playback_state is required, got null",
            () -> VideoQualityEvent.builder(DEVICE).build()),
        rule(
            "session_id must be 1 to 128 characters, got \"\"",
            () -> video().sessionId("").build()),
        rule(
            "content_id must be 1 to 256 characters",
            () -> video().contentId("c".repeat(257)).build()),
        rule("cdn must be 1 to 128 characters", () -> video().cdn(tooLong).build()),
        rule(
            "codec must be 1 to 32 characters, got \"" + "h".repeat(33) + "\" (33 characters)",
            () -> video().codec("h".repeat(33)).build()),
        rule("bitrate_kbps must be >= 0, got -1", () -> video().bitrateKbps(-1).build()),
        rule(
            "resolution_width_px must be between 1 and 16384, got 0",
            () -> video().resolution(0, 1080).build()),
        rule(
            "resolution_height_px must be between 1 and 16384, got 16385",
            () -> video().resolution(1920, 16_385).build()),
        rule(
            "frame_rate_fps must be a finite number between 0.0 and 1000.0, got NaN",
            () -> video().frameRateFps(Double.NaN).build()),
        rule(
            "frame_rate_fps must be a finite number between 0.0 and 1000.0, got Infinity",
            () -> video().frameRateFps(Double.POSITIVE_INFINITY).build()),
        rule(
            "frame_rate_fps must be a finite number between 0.0 and 1000.0, got -1.0",
            () -> video().frameRateFps(-1).build()),
        rule("dropped_frames must be >= 0, got -5", () -> video().droppedFrames(-5).build()),
        rule("rebuffer_count must be >= 0, got -1", () -> video().rebufferCount(-1).build()),
        rule(
            "rebuffer_duration_ms must be >= 0, got -1",
            () -> video().rebufferDurationMs(-1).build()),
        rule("startup_time_ms must be >= 0, got -1", () -> video().startupTimeMs(-1).build()),
        // NetworkLatencyEvent
        rule(
            "connection_type is required, got null",
            () -> NetworkLatencyEvent.builder(DEVICE).build()),
        rule(
            "target_host must be 1 to 253 characters",
            () -> network().targetHost("h".repeat(254)).build()),
        rule("rtt_ms must be a finite number >= 0, got -0.5", () -> network().rttMs(-0.5).build()),
        rule(
            "jitter_ms must be a finite number >= 0, got NaN",
            () -> network().jitterMs(Double.NaN).build()),
        rule(
            "packet_loss_percent must be a finite number between 0.0 and 100.0, got 100.5",
            () -> network().packetLossPercent(100.5).build()),
        rule(
            "packet_loss_percent must be a finite number between 0.0 and 100.0, got -0.1",
            () -> network().packetLossPercent(-0.1).build()),
        rule(
            "dns_time_ms must be a finite number >= 0, got -Infinity",
            () -> network().dnsTimeMs(Double.NEGATIVE_INFINITY).build()),
        rule(
            "connect_time_ms must be a finite number >= 0, got -1.0",
            () -> network().connectTimeMs(-1).build()),
        rule(
            "tls_time_ms must be a finite number >= 0, got -1.0",
            () -> network().tlsTimeMs(-1).build()),
        rule(
            "throughput_kbps must be a finite number >= 0, got Infinity",
            () -> network().throughputKbps(Double.POSITIVE_INFINITY).build()),
        rule(
            "signal_strength_dbm must be between -150 and 0, got 5",
            () -> network().signalStrengthDbm(5).build()),
        // UptimeEvent
        rule("uptime_ms is required, got null", () -> UptimeEvent.builder(DEVICE).build()),
        rule("uptime_ms must be >= 0, got -1", () -> uptime().uptimeMs(-1).build()),
        rule(
            "boot_time must be between 1970-01-01T00:00:00Z",
            () -> uptime().bootTime(Instant.parse("1960-01-01T00:00:00Z")).build()),
        rule(
            "last_reboot_reason must be 1 to 64 characters",
            () -> uptime().lastRebootReason("r".repeat(65)).build()),
        rule("memory_used_kb must be >= 0, got -1", () -> uptime().memoryUsedKb(-1).build()),
        rule("memory_total_kb must be >= 0, got -1", () -> uptime().memoryTotalKb(-1).build()),
        rule(
            "memory_used_kb must not exceed memory_total_kb (100), got 101",
            () -> uptime().memoryUsedKb(101).memoryTotalKb(100).build()),
        rule(
            "cpu_usage_percent must be a finite number between 0.0 and 100.0, got 101.0",
            () -> uptime().cpuUsagePercent(101).build()),
        // CustomEvent
        rule("event_type is required, got null", () -> CustomEvent.builder(null, DEVICE).build()),
        rule(
            "event_type must match [a-z][a-z0-9_]{0,63}, got \"Door-Open\"",
            () -> CustomEvent.builder("Door-Open", DEVICE).build()),
        rule(
            "event_type must match [a-z][a-z0-9_]{0,63}, got \"9lives\"",
            () -> CustomEvent.builder("9lives", DEVICE).build()),
        rule(
            "event_type must match [a-z][a-z0-9_]{0,63}, got \"" + "e".repeat(64),
            () -> CustomEvent.builder("e".repeat(65), DEVICE).build()),
        rule(
            "event_type must not be a built-in type",
            () -> CustomEvent.builder("uptime", DEVICE).build()),
        rule("schema_version must be >= 1, got 0", () -> custom().schemaVersion(0).build()),
        rule(
            "field key must match [a-z][a-z0-9_]{0,63}, got \"roomTemp\"",
            () -> custom().field("roomTemp", 1L).build()),
        rule("field key is required, got null", () -> custom().field(null, true).build()),
        rule(
            "field key \"seq\" is reserved for the envelope or device attributes",
            () -> custom().field("seq", 1L).build()),
        rule(
            "field key \"device_model\" is reserved for the envelope or device attributes",
            () -> custom().field("device_model", "x").build()),
        rule("note is required, got null", () -> custom().field("note", (String) null).build()),
        rule(
            "temp_celsius must be a finite number, got NaN",
            () -> custom().field("temp_celsius", Double.NaN).build()),
        rule(
            "note must be at most 4096 characters",
            () -> custom().field("note", "n".repeat(4097)).build()),
        rule(
            "door is set twice; each key may appear once",
            () -> custom().field("door", "front").field("door", "back").build()),
        rule("fields must number at most 64, got 65", CustomEventLimits::sixtyFiveFields));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void rejectsWithAMessageNamingTheField(String message, Supplier<Object> build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
    assertEquals(
        message, e.getMessage().substring(0, Math.min(message.length(), e.getMessage().length())));
  }

  /** Helper for the field-count rule. */
  static final class CustomEventLimits {
    static Object sixtyFiveFields() {
      CustomEvent.Builder b = custom();
      for (int i = 0; i < 65; i++) {
        b.field("f" + i, i);
      }
      return b.build();
    }
  }
}

package dev.hydrant.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventBuildTest {
  private static final DeviceContext DEVICE = DeviceContext.builder("stb-1").build();

  @Test
  void fillsATimeOrderedIdAndTheCurrentMillisecondWhenNotGiven() {
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    UptimeEvent event = UptimeEvent.builder(DEVICE).uptimeMs(5).build();
    Instant after = Instant.now();

    assertEquals(7, event.eventId().version());
    assertEquals(2, event.eventId().variant());
    assertFalse(event.timestamp().isBefore(before));
    assertFalse(event.timestamp().isAfter(after));
    assertEquals(
        event.timestamp().truncatedTo(ChronoUnit.MILLIS), event.timestamp(), "whole milliseconds");
    assertEquals(
        event.timestamp().toEpochMilli(),
        event.eventId().getMostSignificantBits() >>> 16,
        "the id carries the timestamp's millisecond");
  }

  @Test
  void keepsAGivenIdAndTruncatesAGivenTimestampToMilliseconds() {
    UUID id = UUID.fromString("00000000-0000-4000-8000-000000000001");
    UptimeEvent event =
        UptimeEvent.builder(DEVICE)
            .eventId(id)
            .timestamp(Instant.parse("2026-11-27T23:04:07.123987654Z"))
            .bootTime(Instant.parse("2026-11-27T00:00:00.999999Z"))
            .uptimeMs(0)
            .build();

    assertEquals(id, event.eventId());
    assertEquals(Instant.parse("2026-11-27T23:04:07.123Z"), event.timestamp());
    assertEquals(Instant.parse("2026-11-27T00:00:00.999Z"), event.bootTime().orElseThrow());
  }

  @Test
  void acceptsValuesExactlyAtEachLimit() {
    DeviceContext device =
        DeviceContext.builder("A".repeat(DeviceContext.MAX_DEVICE_ID_LENGTH) + "")
            .model("m".repeat(DeviceContext.MAX_ATTRIBUTE_LENGTH))
            .build();
    VideoQualityEvent video =
        VideoQualityEvent.builder(device)
            .playbackState(PlaybackState.BUFFERING)
            .timestamp(Instant.ofEpochMilli(0))
            .resolution(1, 16_384)
            .frameRateFps(1000)
            .bitrateKbps(0)
            .codec("c".repeat(32))
            .build();
    NetworkLatencyEvent network =
        NetworkLatencyEvent.builder(device)
            .connectionType(ConnectionType.CELLULAR)
            .timestamp(Instant.parse("9999-12-31T23:59:59.999999Z"))
            .packetLossPercent(100)
            .rttMs(0)
            .signalStrengthDbm(-150)
            .build();
    UptimeEvent uptime =
        UptimeEvent.builder(device)
            .uptimeMs(0)
            .memoryUsedKb(100)
            .memoryTotalKb(100)
            .cpuUsagePercent(0)
            .build();
    CustomEvent custom =
        CustomEvent.builder("e" + "_".repeat(63), device).field("k".repeat(64), "").build();

    assertEquals(16_384, video.resolutionHeightPx().getAsInt());
    assertEquals(100.0, network.packetLossPercent().getAsDouble());
    assertEquals(Instant.parse("9999-12-31T23:59:59.999Z"), network.timestamp());
    assertEquals(100, uptime.memoryUsedKb().getAsLong());
    assertEquals("", custom.fields().get("k".repeat(64)));
  }

  @Test
  void leavesUnsetOptionalFieldsEmpty() {
    VideoQualityEvent e =
        VideoQualityEvent.builder(DEVICE).playbackState(PlaybackState.ERROR).build();
    assertTrue(e.sessionId().isEmpty());
    assertTrue(e.bitrateKbps().isEmpty());
    assertTrue(e.resolutionWidthPx().isEmpty());
    assertTrue(e.frameRateFps().isEmpty());
    assertTrue(DEVICE.model().isEmpty());
  }

  @Test
  void keepsCustomFieldsInInsertionOrderWithTheirTypes() {
    CustomEvent e =
        CustomEvent.builder("door_open", DEVICE)
            .field("zone", "hall")
            .field("count", 3)
            .field("ratio", 0.5)
            .field("armed", true)
            .build();

    assertEquals(List.of("zone", "count", "ratio", "armed"), List.copyOf(e.fields().keySet()));
    assertEquals(Map.of("zone", "hall", "count", 3L, "ratio", 0.5, "armed", true), e.fields());
    assertThrows(UnsupportedOperationException.class, () -> e.fields().put("x", 1L));
  }

  @Test
  void buildsEqualValuesFromEqualInput() {
    UUID id = UUID.randomUUID();
    Instant ts = Instant.parse("2026-01-01T00:00:00Z");
    DeviceContext d1 = DeviceContext.builder("a").region("r").build();
    DeviceContext d2 = DeviceContext.builder("a").region("r").build();
    NetworkLatencyEvent e1 =
        NetworkLatencyEvent.builder(d1)
            .eventId(id)
            .timestamp(ts)
            .connectionType(ConnectionType.WIFI)
            .rttMs(1.5)
            .build();
    NetworkLatencyEvent e2 =
        NetworkLatencyEvent.builder(d2)
            .eventId(id)
            .timestamp(ts)
            .connectionType(ConnectionType.WIFI)
            .rttMs(1.5)
            .build();

    assertEquals(d1, d2);
    assertEquals(d1.hashCode(), d2.hashCode());
    assertEquals(e1, e2);
    assertEquals(e1.hashCode(), e2.hashCode());
    assertNotEquals(
        e1,
        NetworkLatencyEvent.builder(d2)
            .eventId(id)
            .timestamp(ts)
            .connectionType(ConnectionType.WIFI)
            .rttMs(1.6)
            .build());
    assertTrue(e1.toString().contains("rtt_ms=OptionalDouble[1.5]"), e1.toString());
  }

  @Test
  void namesEveryBuiltInTypeAndItsSchemaVersion() {
    assertEquals("video_quality", VideoQualityEvent.EVENT_TYPE);
    assertEquals("network_latency", NetworkLatencyEvent.EVENT_TYPE);
    assertEquals("uptime", UptimeEvent.EVENT_TYPE);
    assertEquals(
        1,
        UptimeEvent.builder(DEVICE).uptimeMs(1).build().schemaVersion()
            * VideoQualityEvent.SCHEMA_VERSION
            * NetworkLatencyEvent.SCHEMA_VERSION);
    assertEquals("buffering", PlaybackState.BUFFERING.wireName());
    assertEquals("wifi", ConnectionType.WIFI.wireName());
  }
}

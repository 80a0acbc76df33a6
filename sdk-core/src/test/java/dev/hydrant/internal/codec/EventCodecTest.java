package dev.hydrant.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.EventTooLargeException;
import dev.hydrant.event.ConnectionType;
import dev.hydrant.event.CustomEvent;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.NetworkLatencyEvent;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.TelemetryEvent;
import dev.hydrant.event.UptimeEvent;
import dev.hydrant.event.VideoQualityEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EventCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ENVELOPE =
      "{\"event_id\":\"019ac7e5-2f3b-7a1c-9d2e-4f5a6b7c8d9e\",\"event_type\":\"%s\","
          + "\"schema_version\":1,\"device_id\":\"d-1\",\"seq\":%d,"
          + "\"timestamp\":\"2026-11-27T23:04:07.123Z\"";
  private static final DeviceContext BARE = DeviceContext.builder("d-1").build();

  private final EventCodec codec = new EventCodec();

  private String encode(TelemetryEvent event, long seq) {
    return new String(codec.encode(event, seq), StandardCharsets.UTF_8);
  }

  @Test
  void writesOnlyTheFieldsThatAreSet() {
    VideoQualityEvent video =
        VideoQualityEvent.builder(BARE)
            .eventId(Fixtures.EVENT_ID)
            .timestamp(Fixtures.TIMESTAMP)
            .playbackState(PlaybackState.BUFFERING)
            .build();
    NetworkLatencyEvent network =
        NetworkLatencyEvent.builder(BARE)
            .eventId(Fixtures.EVENT_ID)
            .timestamp(Fixtures.TIMESTAMP)
            .connectionType(ConnectionType.ETHERNET)
            .packetLossPercent(0)
            .build();
    UptimeEvent uptime =
        UptimeEvent.builder(BARE)
            .eventId(Fixtures.EVENT_ID)
            .timestamp(Fixtures.TIMESTAMP)
            .uptimeMs(0)
            .build();

    assertEquals(
        String.format(ENVELOPE, "video_quality", 0) + ",\"playback_state\":\"buffering\"}\n",
        encode(video, 0));
    assertEquals(
        String.format(ENVELOPE, "network_latency", Long.MAX_VALUE)
            + ",\"connection_type\":\"ethernet\",\"packet_loss_percent\":0.0}\n",
        encode(network, Long.MAX_VALUE));
    assertEquals(String.format(ENVELOPE, "uptime", 7) + ",\"uptime_ms\":0}\n", encode(uptime, 7));
  }

  @Test
  void writesDoublesTheFastPathCannotTakeAsJacksonDoes() {
    CustomEvent event =
        CustomEvent.builder("probe", BARE)
            .eventId(Fixtures.EVENT_ID)
            .timestamp(Fixtures.TIMESTAMP)
            .field("third", 1.0 / 3)
            .field("big", 1.5e12)
            .field("negative_zero", -0.0)
            .field("tiny", 4.9e-324)
            .build();
    assertTrue(
        encode(event, 1)
            .endsWith(
                ",\"third\":0.3333333333333333,\"big\":1.5E12,\"negative_zero\":-0.0,"
                    + "\"tiny\":4.9E-324}\n"),
        encode(event, 1));
  }

  @Test
  void reservesExactlyTheKeysTheEnvelopeAndDeviceAttributesUse() throws Exception {
    CustomEvent event = CustomEvent.builder("empty", Fixtures.DEVICE).build();
    Set<String> keys = new HashSet<>();
    JSON.readTree(codec.encode(event, 1)).fieldNames().forEachRemaining(keys::add);
    assertEquals(CustomEvent.RESERVED_KEYS, keys);
  }

  @Test
  void rejectsANegativeSeqAndANullEvent() {
    assertEquals(
        "seq must be >= 0, got -1",
        assertThrows(IllegalArgumentException.class, () -> codec.encode(Fixtures.uptime(), -1))
            .getMessage());
    assertEquals(
        "event",
        assertThrows(NullPointerException.class, () -> codec.encode(null, 1)).getMessage());
    assertArrayEquals(
        new EventCodec().encode(Fixtures.uptime(), 1), codec.encode(Fixtures.uptime(), 1));
  }

  @Test
  void writesEachDevicesOwnAttributesWhenOneThreadServesManyDevices() throws Exception {
    List<DeviceContext> devices = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      devices.add(
          DeviceContext.builder("stb-" + i).model("Model \"" + i + "\"").region("r" + i).build());
    }
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < devices.size(); i++) {
        JsonNode node =
            JSON.readTree(
                codec.encode(UptimeEvent.builder(devices.get(i)).uptimeMs(i).build(), round));
        assertEquals("stb-" + i, node.get("device_id").textValue());
        assertEquals("Model \"" + i + "\"", node.get("device_model").textValue());
        assertEquals("r" + i, node.get("region").textValue());
        assertEquals(i, node.get("uptime_ms").longValue());
      }
    }
  }

  @Test
  void encodesAHugeEventAndStaysCorrectAfterwards() throws Exception {
    CustomEvent.Builder builder = CustomEvent.builder("dump", BARE);
    for (int i = 0; i < CustomEvent.MAX_FIELDS; i++) {
      // Control characters are escaped as six bytes each: 64 * 4096 * 6 bytes is over 1.5 MB.
      builder.field("f" + i, "\u0001".repeat(CustomEvent.MAX_STRING_LENGTH));
    }
    byte[] huge = codec.encode(builder.build(), 1);
    assertTrue(huge.length > 1_500_000, "size " + huge.length);
    JsonNode node = JSON.readTree(huge);
    assertEquals("\u0001".repeat(4096), node.get("f63").textValue());

    EventTooLargeException tooLarge =
        assertThrows(EventTooLargeException.class, () -> Packer.defaults().pack(List.of(huge)));
    assertEquals(huge.length, tooLarge.sizeBytes());

    assertArrayEquals(
        EventCodecGoldenTest.golden("uptime.ndjson"),
        codec.encode(Fixtures.uptime(), Fixtures.SEQ));
  }

  @Test
  @Timeout(60)
  void encodesCorrectlyFromManyThreadsAtOnce() throws Exception {
    int threads = 6;
    int perThread = 5_000;
    byte[] video = EventCodecGoldenTest.golden("video_quality.ndjson");
    byte[] network = EventCodecGoldenTest.golden("network_latency.ndjson");
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  DeviceContext own = DeviceContext.builder("stb-t" + thread).build();
                  start.await();
                  int checked = 0;
                  for (int i = 0; i < perThread; i++) {
                    if (i % 2 == 0) {
                      byte[] expected = thread % 2 == 0 ? video : network;
                      TelemetryEvent event =
                          thread % 2 == 0 ? Fixtures.video() : Fixtures.network();
                      assertArrayEquals(expected, codec.encode(event, Fixtures.SEQ));
                    } else {
                      JsonNode node =
                          JSON.readTree(
                              codec.encode(UptimeEvent.builder(own).uptimeMs(i).build(), i));
                      assertEquals("stb-t" + thread, node.get("device_id").textValue());
                      assertEquals(i, node.get("seq").longValue());
                      assertEquals(i, node.get("uptime_ms").longValue());
                    }
                    checked++;
                  }
                  return checked;
                }));
      }
      start.countDown();
      for (Future<Integer> result : results) {
        assertEquals(perThread, result.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

package dev.hydrant.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class S3SinkTest {

  private static final Pattern KEY =
      Pattern.compile(
          "sales-events/2026/11/27/13/stb-telemetry-1-2026-11-27-13-45-07-"
              + "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  @TempDir Path out;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T13:45:07.250Z"));

  private FirehoseEmulatorBuilder builder() {
    return FirehoseEmulator.builder()
        .clock(clock)
        .s3Prefix("sales-events/")
        .s3Directory(out)
        .s3Buffering(new S3Buffering(10, Duration.ofSeconds(60)));
  }

  @Test
  void writesAnObjectWhenTheBufferSizeIsReachedNamedLikeFirehose() throws Exception {
    try (FirehoseEmulator emulator = builder().build().start()) {
      HttpClient client = Http.client(emulator);
      Http.post(client, emulator.endpoint(), Http.single("stb-telemetry", "abcdef"));
      assertTrue(emulator.s3Objects().isEmpty());
      Http.post(client, emulator.endpoint(), Http.single("stb-telemetry", "ghijk"));

      List<S3Object> objects = emulator.s3Objects();
      assertEquals(1, objects.size());
      S3Object object = objects.get(0);
      assertTrue(KEY.matcher(object.key()).matches(), object.key());
      assertEquals("abcdefghijk", new String(object.content(), StandardCharsets.UTF_8));
      assertArrayEquals(object.content(), Files.readAllBytes(out.resolve(object.key())));
      assertEquals(1, emulator.stats().objectsWritten());
    }
  }

  @Test
  void writesAnObjectWhenTheBufferIntervalElapses() throws Exception {
    try (FirehoseEmulator emulator = builder().build().start()) {
      Http.post(Http.client(emulator), emulator.endpoint(), Http.single("stb-telemetry", "a\n"));
      clock.advance(Duration.ofSeconds(59));
      assertTrue(emulator.s3Objects().isEmpty());

      clock.advance(Duration.ofSeconds(1));

      await().atMost(Duration.ofSeconds(5)).until(() -> emulator.s3Objects().size() == 1);
      assertEquals(
          "a\n", new String(emulator.s3Objects().get(0).content(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void flushAndCloseWriteWhatIsBufferedPerStream() throws Exception {
    FirehoseEmulator emulator = builder().streams("stb-telemetry", "other").build().start();
    HttpClient client = Http.client(emulator);
    Http.post(client, emulator.endpoint(), Http.single("stb-telemetry", "1"));
    Http.post(client, emulator.endpoint(), Http.single("other", "2"));
    emulator.flush();
    Http.post(client, emulator.endpoint(), Http.single("other", "3"));
    emulator.close();

    try (var files = Files.walk(out)) {
      List<String> names =
          files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(3, names.size(), names::toString);
      assertEquals(2, names.stream().filter(n -> n.startsWith("other-1-")).count());
    }
  }

  @Test
  void eventIdRetentionKeepsOnlyIdsAndCounters() throws Exception {
    List<DeliveredRecord> seen = new CopyOnWriteArrayList<>();
    try (FirehoseEmulator emulator =
        FirehoseEmulator.builder()
            .retention(Retention.EVENT_IDS)
            .listener(seen::add)
            .build()
            .start()) {
      String lines = "{\"event_id\":\"e1\",\"v\":1}\n{\"event_id\": \"e2\"}\n";
      HttpClient client = Http.client(emulator);
      Http.post(client, emulator.endpoint(), Http.single("stb-telemetry", lines));
      Http.post(
          client, emulator.endpoint(), Http.single("stb-telemetry", "{\"event_id\":\"e1\"}\n"));

      assertEquals(Map.of("e1", 2L, "e2", 1L), emulator.deliveredEventIds());
      assertTrue(emulator.deliveredRecords().isEmpty());
      assertTrue(emulator.deliveredLines().isEmpty());
      assertEquals(2, emulator.stats().recordsDelivered());
      assertEquals(2, seen.size());
      assertEquals(lines, seen.get(0).text());
    }
  }
}

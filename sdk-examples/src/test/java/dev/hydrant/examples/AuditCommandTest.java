package dev.hydrant.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseEmulatorBuilder;
import dev.hydrant.testkit.S3Buffering;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit} over objects the emulator wrote (plus hand-made GZIP and broken objects). */
@Timeout(60)
class AuditCommandTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant EVENT_TIME = Instant.parse("2026-11-27T23:04:07.123Z");

  @TempDir Path dir;

  @Test
  void lostDuplicatedAndOutOfOrderEventsAreCountedPerDeviceAndLossExitsOne() throws Exception {
    try (FirehoseEmulator emulator =
        FirehoseEmulator.builder()
            .s3Directory(dir)
            .s3Buffering(new S3Buffering(1024 * 1024, Duration.ofHours(1)))
            .build()
            .start()) {
      put(emulator, event("stb-a", 1), event("stb-a", 2), event("stb-a", 3));
      // seq 4 of stb-a is lost; seq 2 arrives again (a retried record)
      put(emulator, event("stb-a", 5), event("stb-a", 2));
      put(emulator, event("stb-b", 10), event("stb-b", 12), event("stb-b", 11));
    }
    gzipObject("gz/part-0001.gz", event("stb-c", 1), event("stb-c", 2));

    Run run = run("audit", dir.toString(), "--json");
    assertEquals(HydrantDemo.EXIT_SHORTFALL, run.exit, run.out);
    JsonNode report = MAPPER.readTree(run.out);
    assertEquals(false, report.get("clean").asBoolean());
    assertEquals(2, report.get("objects").asLong());
    assertEquals(3, report.get("devices").asLong());
    assertEquals(10, report.get("events").asLong());
    assertEquals(9, report.get("events_unique").asLong());
    assertEquals(1, report.get("events_lost").asLong());
    assertEquals(1, report.get("events_duplicated").asLong());
    assertEquals(1, report.get("events_out_of_order").asLong());
    assertEquals(0, report.get("unreadable_lines").asLong());

    Map<String, JsonNode> perDevice = new HashMap<>();
    report.get("per_device").forEach(d -> perDevice.put(d.get("device_id").asText(), d));
    assertEquals(
        MAPPER.readTree(
            "{\"device_id\":\"stb-a\",\"events\":5,\"lost\":1,\"duplicates\":1,\"out_of_order\":0,"
                + "\"first_seq\":1,\"last_seq\":5,\"first\":\"2026-11-27T23:04:08.123Z\","
                + "\"last\":\"2026-11-27T23:04:12.123Z\"}"),
        perDevice.get("stb-a"));
    assertEquals(1, perDevice.get("stb-b").get("out_of_order").asLong());
    assertEquals(0, perDevice.get("stb-b").get("lost").asLong());
    assertEquals(0, perDevice.get("stb-c").get("lost").asLong());
    // Objects were written after the events' (past) timestamps: latency is positive.
    assertTrue(report.get("latency_p50_ms").asLong() > 0, run.out);
    assertTrue(
        report.get("latency_p99_ms").asLong() <= report.get("latency_max_ms").asLong(), run.out);
  }

  @Test
  void cleanGzipOutputExitsZeroAndReportsLatencyFromTheObjectTime() throws Exception {
    Path object = gzipObject("2026/11/27/23/hydrant-1-x.gz", event("stb-c", 7), event("stb-c", 8));
    Files.setLastModifiedTime(object, FileTime.from(EVENT_TIME.plusSeconds(70)));

    Run run = run("audit", dir.toString());
    assertEquals(HydrantDemo.EXIT_OK, run.exit, run.out);
    assertTrue(run.out.contains("objects 1, devices 1, events 2 (unique 2)"), run.out);
    assertTrue(run.out.contains("lost 0, duplicated 0, out of order 0"), run.out);
    // events at +7 s and +8 s, object at +70 s: 63 s and 62 s
    assertTrue(run.out.contains("p50 62000 ms, p99 63000 ms, max 63000 ms"), run.out);
    assertTrue(run.out.contains("CLEAN: no event lost"), run.out);
  }

  @Test
  void linesThatAreNotEventsAreCountedAndFailTheAudit() throws Exception {
    Files.writeString(
        dir.resolve("broken"),
        event("stb-d", 1) + "\nnot json\n{\"device_id\":\"stb-d\",\"seq\":\"2\"}\n\n",
        UTF_8);

    Run run = run("audit", dir.toString());
    assertEquals(HydrantDemo.EXIT_SHORTFALL, run.exit, run.out);
    assertTrue(run.out.contains("unreadable lines 2"), run.out);
    assertTrue(run.out.contains("unreadable: broken:2 (not JSON)"), run.out);
    assertTrue(run.out.contains("unreadable: broken:3 (no device_id or integer seq)"), run.out);
    assertTrue(run.out.contains("LOSS"), run.out);
  }

  @Test
  void aMissingDirectoryIsAConfigurationError() {
    Run run = run("audit", dir.resolve("absent").toString());
    assertEquals(HydrantDemo.EXIT_CONFIG, run.exit);
    assertTrue(run.err.contains("is not a directory"), run.err);
  }

  @Test
  void emulatorRefusesANonPositiveBufferInterval() {
    Run run = run("emulator", "--buffer-interval", "0s");
    assertEquals(HydrantDemo.EXIT_CONFIG, run.exit);
    assertTrue(run.err.contains("--buffer-interval must be positive, got PT0S"), run.err);
  }

  /** One NDJSON event line; its timestamp is EVENT_TIME plus {@code seq} seconds. */
  private static String event(String device, long seq) {
    return "{\"event_id\":\"e-"
        + device
        + "-"
        + seq
        + "\",\"event_type\":\"uptime\",\"schema_version\":1,\"device_id\":\""
        + device
        + "\",\"seq\":"
        + seq
        + ",\"timestamp\":\""
        + EVENT_TIME.plusSeconds(seq)
        + "\",\"uptime_ms\":1000}";
  }

  /** One PutRecord through the emulator's API Gateway front, holding the lines as NDJSON. */
  private static void put(FirehoseEmulator emulator, String... lines)
      throws IOException, InterruptedException {
    String data =
        Base64.getEncoder().encodeToString((String.join("\n", lines) + "\n").getBytes(UTF_8));
    String body =
        "{\"DeliveryStreamName\":\""
            + FirehoseEmulatorBuilder.DEFAULT_STREAM
            + "\",\"Data\":\""
            + data
            + "\"}";
    HttpClient http = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(emulator.endpoint())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.body().contains("RecordId"), response.body());
  }

  private Path gzipObject(String key, String... lines) throws IOException {
    Path file = dir.resolve(key);
    Files.createDirectories(file.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write((String.join("\n", lines) + "\n").getBytes(UTF_8));
    }
    return file;
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        HydrantDemo.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
    return new Run(exit, out.toString(UTF_8), err.toString(UTF_8));
  }
}

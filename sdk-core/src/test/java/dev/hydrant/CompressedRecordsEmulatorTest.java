package dev.hydrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.event.CustomEvent;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.TelemetryEvent;
import dev.hydrant.event.VideoQualityEvent;
import dev.hydrant.testkit.DeliveredRecord;
import dev.hydrant.testkit.Faults;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseQuotas;
import dev.hydrant.testkit.S3Buffering;
import dev.hydrant.tls.Trust;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Gzip records end to end over TLS: the client compresses, the emulator's Firehose stores the
 * records into {@code .ndjson.gz} objects, and {@code GZIPInputStream} reads every line of every
 * object back; the disk spool holds the same plain lines whatever the compression.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CompressedRecordsEmulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path s3;
  @TempDir Path spool;

  private FirehoseEmulator emulator;
  private final List<HydrantClient> clients = new ArrayList<>();

  @BeforeEach
  void startEmulator() {
    emulator =
        FirehoseEmulator.builder()
            .quotas(FirehoseQuotas.UNLIMITED)
            .s3Directory(s3)
            .s3FileExtension(".ndjson.gz")
            .s3Buffering(new S3Buffering(256 * 1024, Duration.ofSeconds(60)))
            .build()
            .start();
  }

  @AfterEach
  void stop() {
    for (HydrantClient c : clients) {
      c.close(Duration.ofSeconds(2));
    }
    emulator.close();
  }

  private HydrantClientBuilder builder(Route route) {
    return HydrantClient.builder()
        .endpoint(emulator.endpoint())
        .deliveryStream("stb-telemetry")
        .route(route)
        .trust(Trust.pem(emulator.caCertificatePem()))
        .linger(Duration.ofMillis(20))
        .initialBackoff(Duration.ofMillis(10))
        .maxBackoff(Duration.ofMillis(50));
  }

  private HydrantClient client(HydrantClientBuilder builder) {
    HydrantClient c = builder.build();
    clients.add(c);
    return c;
  }

  /** Video events and custom events with random, incompressible string fields, interleaved. */
  private static List<TelemetryEvent> events(int count) {
    Random random = new Random(7);
    DeviceContext device = DeviceContext.builder("stb-gz").model("X1").build();
    List<TelemetryEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (i % 5 == 4) {
        byte[] noise = new byte[600];
        random.nextBytes(noise);
        events.add(
            CustomEvent.builder("blob", device)
                .field("noise", Base64.getEncoder().encodeToString(noise))
                .build());
      } else {
        events.add(
            VideoQualityEvent.builder(device)
                .playbackState(PlaybackState.PLAYING)
                .bitrateKbps(1_000 + random.nextInt(8_000))
                .droppedFrames(random.nextInt(10))
                .build());
      }
    }
    return events;
  }

  private static Set<String> send(HydrantClient client, List<TelemetryEvent> events) {
    Set<String> ids = new HashSet<>();
    for (TelemetryEvent e : events) {
      assertTrue(client.send(e));
      ids.add(e.eventId().toString());
    }
    return ids;
  }

  /** Every line of every S3 object file, each object read as one (multi-member) gzip file. */
  private List<String> objectLines() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(s3)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    assertFalse(files.isEmpty(), "no S3 objects");
    List<String> lines = new ArrayList<>();
    for (Path file : files) {
      assertTrue(file.getFileName().toString().endsWith(".ndjson.gz"), file.toString());
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(
                  new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  private static Set<String> ids(List<String> lines) throws IOException {
    Set<String> ids = new HashSet<>();
    for (String line : lines) {
      ids.add(JSON.readTree(line).get("event_id").asText());
    }
    return ids;
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void gzInputStreamReadsEveryLineOfEveryObject(Route route) throws Exception {
    HydrantClient client = client(builder(route).compression(Compression.GZIP));
    List<TelemetryEvent> events = events(3_000);
    Set<String> sent = send(client, events);
    assertTrue(client.flush(Duration.ofSeconds(60)), "flush in time");
    emulator.flush();

    List<String> lines = objectLines();
    assertEquals(events.size(), lines.size(), "one line per event, no duplicates, none missing");
    assertEquals(sent, ids(lines));
    for (DeliveredRecord record : emulator.deliveredRecords()) {
      assertTrue(record.gzip(), record.toString());
      assertTrue(record.data().length <= HydrantClientBuilder.MAX_RECORD_BYTES, record.toString());
    }
    long wire = emulator.deliveredRecords().stream().mapToLong(r -> r.data().length).sum();
    long raw = emulator.deliveredRecords().stream().mapToLong(r -> r.decoded().length).sum();
    assertTrue(raw > 2 * wire, "compressed: raw " + raw + " vs stored " + wire);
    assertEquals(emulator.deliveredLines().size(), events.size());
    assertEquals(events.size(), client.metrics().delivered());
  }

  @Test
  void theSpoolHoldsPlainLinesSoACompressingClientDeliversWhatAPlainOneLeft() throws Exception {
    emulator.faults(Faults.outage(Duration.ofHours(1)));
    HydrantClient plain =
        builder(Route.BATCH).spoolDirectory(spool).compression(Compression.NONE).build();
    List<TelemetryEvent> events = events(200);
    Set<String> sent = send(plain, events);
    assertFalse(plain.close(Duration.ofMillis(300)), "events stay in the spool");
    String segments = spoolText();
    for (String id : sent) {
      assertTrue(segments.contains(id), "spooled as plain NDJSON: " + id);
    }

    emulator.faults(Faults.none());
    HydrantClient gzip =
        client(builder(Route.BATCH).spoolDirectory(spool).compression(Compression.GZIP));
    assertTrue(gzip.flush(Duration.ofSeconds(30)), "the compressing client delivers the spool");
    emulator.flush();
    assertEquals(sent, ids(objectLines()));
    assertTrue(emulator.deliveredRecords().stream().allMatch(DeliveredRecord::gzip));
  }

  private String spoolText() throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> walk = Files.walk(spool)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        text.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
      }
    }
    return text.toString();
  }
}

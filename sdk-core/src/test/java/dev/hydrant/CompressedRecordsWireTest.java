package dev.hydrant;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.hydrant.event.CustomEvent;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.VideoQualityEvent;
import dev.hydrant.internal.transport.TlsFixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The HTTP contract of gzip records, over TLS against WireMock: the body stays the proxy's JSON,
 * each {@code Data} is the base64 of one gzip member holding whole event lines, and nothing else
 * about the request changes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompressedRecordsWireTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SINGLE_OK = "{\"RecordId\":\"r-1\"}";

  @RegisterExtension
  static final WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(TlsFixtures.https(TlsFixtures.SERVER_KEYSTORE))
          .build();

  private final DeviceContext device = DeviceContext.builder("stb-wire").build();
  private HydrantClient client;

  @BeforeEach
  void stub() {
    wm.stubFor(post(urlEqualTo("/fh")).willReturn(okJson(SINGLE_OK)));
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close(Duration.ofSeconds(2));
    }
  }

  private HydrantClientBuilder builder(Compression compression) {
    return HydrantClient.builder()
        .endpoint("https://localhost:" + wm.getHttpsPort() + "/fh")
        .deliveryStream("stb-telemetry")
        .trust(TlsFixtures.trust())
        .compression(compression)
        .linger(Duration.ofMillis(20));
  }

  private static byte[] gunzip(byte[] data) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return in.readAllBytes();
    }
  }

  /** The records' data of every request received, in arrival order. */
  private static List<byte[]> records() throws IOException {
    List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
    events.sort(java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate().toInstant()));
    List<byte[]> records = new ArrayList<>();
    for (ServeEvent e : events) {
      assertEquals(null, e.getRequest().getHeader("Content-Encoding"), "records, not bodies");
      JsonNode body = JSON.readTree(e.getRequest().getBodyAsString());
      if (body.has("Records")) {
        body.get("Records")
            .forEach(r -> records.add(Base64.getDecoder().decode(r.get("Data").asText())));
      } else {
        records.add(Base64.getDecoder().decode(body.get("Data").asText()));
      }
    }
    return records;
  }

  private Set<String> sendVideo(int count) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < count; i++) {
      VideoQualityEvent e =
          VideoQualityEvent.builder(device)
              .playbackState(PlaybackState.PLAYING)
              .bitrateKbps(4_000 + i)
              .build();
      assertTrue(client.send(e));
      ids.add(e.eventId().toString());
    }
    return ids;
  }

  private static Set<String> ids(byte[] lines) throws IOException {
    Set<String> ids = new HashSet<>();
    for (String line : new String(lines, StandardCharsets.UTF_8).split("\n")) {
      ids.add(JSON.readTree(line).get("event_id").asText());
    }
    return ids;
  }

  @Test
  void singleRouteDataIsOneGzipMemberOfWholeLines() throws Exception {
    client = builder(Compression.GZIP).build();
    Set<String> sent = sendVideo(500);
    assertTrue(client.flush(Duration.ofSeconds(20)));

    List<byte[]> records = records();
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    for (byte[] record : records) {
      assertEquals(0x1f, record[0] & 0xff);
      assertEquals(0x8b, record[1] & 0xff);
      byte[] plain = gunzip(record);
      assertEquals('\n', plain[plain.length - 1], "whole lines only");
      lines.writeBytes(plain);
    }
    assertEquals(sent, ids(lines.toByteArray()));
    long wire = records.stream().mapToLong(r -> r.length).sum();
    assertTrue(lines.size() > 4 * wire, "raw " + lines.size() + " vs compressed " + wire);
    assertEquals(500, client.metrics().delivered());
  }

  @Test
  void batchRouteDataIsOneGzipMemberPerRecord() throws Exception {
    // One RecordId per record sent: batches hold 1 to 3 records.
    for (int n = 1; n <= 3; n++) {
      StringBuilder ids = new StringBuilder();
      for (int i = 0; i < n; i++) {
        ids.append(i == 0 ? "" : ",").append("{\"RecordId\":\"r").append(i).append("\"}");
      }
      wm.stubFor(
          post(urlEqualTo("/fh/batch"))
              .atPriority(4 - n)
              .withRequestBody(matchingJsonPath("$.Records[" + (n - 1) + "]"))
              .willReturn(
                  okJson(
                      "{\"FailedPutCount\":0,\"Encrypted\":false,\"RequestResponses\":["
                          + ids
                          + "]}")));
    }
    // Small records: the 2,000 events need many gzip records, three to a batch request.
    client =
        builder(Compression.gzip(1))
            .route(Route.BATCH)
            .recordMaxBytes(4_096)
            .batchMaxRecords(3)
            .build();
    Set<String> sent = sendVideo(2_000);
    assertTrue(client.flush(Duration.ofSeconds(20)));
    assertEquals(2_000, client.metrics().delivered());

    List<byte[]> records = records();
    assertTrue(records.size() > 3, "several records: " + records.size());
    Set<String> received = new HashSet<>();
    for (byte[] record : records) {
      assertTrue(record.length <= 4_096, "within recordMaxBytes: " + record.length);
      received.addAll(ids(gunzip(record)));
    }
    assertEquals(sent, received);
  }

  @Test
  void withoutCompressionDataIsThePlainLines() throws Exception {
    client = builder(Compression.NONE).build();
    Set<String> sent = sendVideo(20);
    assertTrue(client.flush(Duration.ofSeconds(20)));
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    for (byte[] record : records()) {
      assertEquals('{', record[0]);
      lines.writeBytes(record);
    }
    assertEquals(sent, ids(lines.toByteArray()));
  }

  @Test
  void anEventTooLargeForAGzipRecordIsRefusedAtSendNamingTheLimit() {
    client = builder(Compression.GZIP).recordMaxBytes(2_048).build();
    CustomEvent big = CustomEvent.builder("blob", device).field("text", "x".repeat(2_000)).build();
    EventTooLargeException e = assertThrows(EventTooLargeException.class, () -> client.send(big));
    assertTrue(e.limitBytes() < 2_048, "below recordMaxBytes: gzip's worst case " + e.limitBytes());
    assertTrue(e.getMessage().contains(Long.toString(e.limitBytes())), e.getMessage());
    assertEquals(0, client.metrics().accepted());
    assertEquals(0, wm.getAllServeEvents().size(), "nothing sent");
  }

  @Test
  void compressionIsPartOfTheConfigurationText() {
    client = builder(Compression.gzip(3)).build();
    assertTrue(
        client.config().toString().contains("compression=GZIP(level=3)"),
        client.config().toString());
    assertEquals(Compression.gzip(3), client.config().compression());
  }
}

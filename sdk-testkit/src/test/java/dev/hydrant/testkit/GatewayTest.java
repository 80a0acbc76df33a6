package dev.hydrant.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
class GatewayTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final FirehoseEmulatorExtension EMULATOR = FirehoseEmulatorExtension.create();

  private HttpClient client;

  @BeforeEach
  void client() {
    client = Http.client(EMULATOR.emulator());
  }

  private static void assertGatewayHeaders(HttpResponse<String> response) {
    String requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
    assertEquals(requestId, UUID.fromString(requestId).toString());
    assertTrue(response.headers().firstValue("x-amz-apigw-id").orElseThrow().length() >= 8);
  }

  @Test
  void putRecordReturnsRecordIdAndStoresDecodedBytes() throws Exception {
    HttpResponse<String> response =
        Http.post(
            client,
            EMULATOR.endpoint(),
            Http.single("stb-telemetry", "{\"event_id\":\"a\"}\n"),
            "Content-Type",
            "application/json; charset=UTF-8");

    assertEquals(200, response.statusCode());
    assertGatewayHeaders(response);
    JsonNode body = JSON.readTree(response.body());
    assertTrue(body.get("RecordId").asText().length() > 200, response.body());
    assertEquals(false, body.get("Encrypted").asBoolean(true));
    assertEquals(List.of("{\"event_id\":\"a\"}"), EMULATOR.deliveredLines());
    assertEquals(body.get("RecordId").asText(), EMULATOR.deliveredRecords().get(0).recordId());
    assertEquals(1, EMULATOR.stats().gatewayRequests(200));
  }

  @Test
  void putRecordBatchDeliversEveryRecordInOrder() throws Exception {
    HttpResponse<String> response =
        Http.post(client, EMULATOR.batchEndpoint(), Http.batch("stb-telemetry", "a\nb\n", "c\n"));

    assertEquals(200, response.statusCode());
    JsonNode body = JSON.readTree(response.body());
    assertEquals(0, body.get("FailedPutCount").asInt());
    assertEquals(2, body.get("RequestResponses").size());
    assertNotNull(body.get("RequestResponses").get(1).get("RecordId"));
    assertEquals(List.of("a", "b", "c"), EMULATOR.deliveredLines());
  }

  @Test
  void unknownRouteOrMethodIsMissingAuthenticationToken() throws Exception {
    URI wrongPath = EMULATOR.emulator().baseUri().resolve("/fh-proxy/event-ingest");
    HttpResponse<String> response = Http.post(client, wrongPath, Http.single("stb-telemetry", "x"));
    HttpResponse<String> get =
        client.send(
            java.net.http.HttpRequest.newBuilder(EMULATOR.endpoint()).GET().build(),
            HttpResponse.BodyHandlers.ofString());

    for (HttpResponse<String> r : List.of(response, get)) {
      assertEquals(403, r.statusCode());
      assertEquals("{\"message\":\"Missing Authentication Token\"}", r.body());
      assertEquals(
          "MissingAuthenticationTokenException",
          r.headers().firstValue("x-amzn-ErrorType").orElseThrow());
      assertGatewayHeaders(r);
    }
    assertTrue(EMULATOR.deliveredRecords().isEmpty());
  }

  @Test
  void apiKeyIsCheckedCaseInsensitively() throws Exception {
    EMULATOR.emulator().apiKey("s3cret-key");
    String body = Http.single("stb-telemetry", "x");

    HttpResponse<String> missing = Http.post(client, EMULATOR.endpoint(), body);
    HttpResponse<String> wrong = Http.post(client, EMULATOR.endpoint(), body, "x-api-key", "nope");
    HttpResponse<String> right =
        Http.post(client, EMULATOR.endpoint(), body, "X-API-Key", "s3cret-key");

    assertEquals(403, missing.statusCode());
    assertEquals("{\"message\":\"Forbidden\"}", missing.body());
    assertEquals(403, wrong.statusCode());
    assertEquals(200, right.statusCode());
    assertEquals(1, EMULATOR.deliveredRecords().size());
  }

  @Test
  void nonJsonContentTypeIs415ButCharsetAndMissingTypeAreJson() throws Exception {
    String body = Http.single("stb-telemetry", "x");

    HttpResponse<String> text =
        Http.post(client, EMULATOR.endpoint(), body, "Content-Type", "text/plain");
    HttpResponse<String> amz =
        Http.post(client, EMULATOR.endpoint(), body, "Content-Type", "application/x-amz-json-1.1");
    HttpResponse<String> charset =
        Http.post(
            client, EMULATOR.endpoint(), body, "Content-Type", "Application/JSON;charset=utf-8");
    HttpResponse<String> none = Http.post(client, EMULATOR.endpoint(), body);

    assertEquals(415, text.statusCode());
    assertEquals("{\"message\":\"Unsupported Media Type\"}", text.body());
    assertEquals(415, amz.statusCode());
    assertEquals(200, charset.statusCode());
    assertEquals(200, none.statusCode());
    assertEquals(2, EMULATOR.deliveredRecords().size());
  }

  @Test
  void unparseableBodyIs400AndNeverReachesFirehose() throws Exception {
    HttpResponse<String> response = Http.post(client, EMULATOR.endpoint(), "{not json");

    assertEquals(400, response.statusCode());
    assertTrue(
        response.body().startsWith("{\"message\": \"Could not parse request body into json: "),
        response.body());
    JSON.readTree(response.body());
    assertEquals(0, EMULATOR.stats().firehoseCallsByOutcome().size());
  }

  @Test
  void bodyOverTenMegabytesIs413() throws Exception {
    byte[] big = new byte[10 * 1024 * 1024 + 1];
    java.util.Arrays.fill(big, (byte) ' ');

    HttpResponse<String> response = Http.post(client, EMULATOR.endpoint(), big);

    assertEquals(413, response.statusCode());
    assertTrue(response.body().contains("message"));
    assertTrue(EMULATOR.deliveredRecords().isEmpty());
  }

  @Test
  void gzipBodiesAre415UnlessEnabled() throws Exception {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
      gzip.write(Http.single("stb-telemetry", "zipped\n").getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> response =
        Http.post(client, EMULATOR.endpoint(), zipped.toByteArray(), "Content-Encoding", "gzip");

    assertEquals(415, response.statusCode());
    try (FirehoseEmulator gzipOn = FirehoseEmulator.builder().gzipRequests(true).build().start()) {
      HttpResponse<String> accepted =
          Http.post(
              Http.client(gzipOn),
              gzipOn.endpoint(),
              zipped.toByteArray(),
              "Content-Encoding",
              "gzip");
      HttpResponse<String> corrupt =
          Http.post(
              Http.client(gzipOn),
              gzipOn.endpoint(),
              "not gzip".getBytes(StandardCharsets.UTF_8),
              "Content-Encoding",
              "gzip");
      assertEquals(200, accepted.statusCode(), accepted.body());
      assertEquals(List.of("zipped"), gzipOn.deliveredLines());
      assertEquals(415, corrupt.statusCode());
    }
  }

  @Test
  void stageThrottleAnswers429AfterTheBurst() throws Exception {
    try (FirehoseEmulator throttled =
        FirehoseEmulator.builder().stageThrottle(new RateLimit(0.001, 3)).build().start()) {
      HttpClient c = Http.client(throttled);
      int ok = 0;
      HttpResponse<String> last = null;
      for (int i = 0; i < 5; i++) {
        last = Http.post(c, throttled.endpoint(), Http.single("stb-telemetry", "x"));
        ok += last.statusCode() == 200 ? 1 : 0;
      }
      assertEquals(3, ok);
      assertEquals(429, last.statusCode());
      assertEquals("{\"message\":\"Too Many Requests\"}", last.body());
      assertEquals(2, throttled.stats().gatewayRequests(429));
    }
  }
}

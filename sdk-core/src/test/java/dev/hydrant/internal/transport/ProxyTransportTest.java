package dev.hydrant.internal.transport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.hydrant.FailureReason;
import dev.hydrant.HydrantConfig;
import dev.hydrant.Route;
import dev.hydrant.internal.transport.Attempt.Outcome;
import dev.hydrant.tls.NegotiatedTls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProxyTransportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(TlsFixtures.https(TlsFixtures.SERVER_KEYSTORE))
          .build();

  private ProxyTransport transport(String apiKey) {
    return new ProxyTransport(TlsFixtures.config(wm.getHttpsPort(), apiKey));
  }

  @Test
  void sendsTheExactSingleRequestOverTls13() throws Exception {
    wm.stubFor(
        post("/fh")
            .willReturn(
                okJson("{\"Encrypted\":false,\"RecordId\":\"rid-1\"}")
                    .withHeader("x-amzn-RequestId", "req-1")));
    byte[] record = {0, 1, 2, (byte) 0xff, '\n', '"', '\\'};
    try (ProxyTransport t = transport("secret-api-key-123")) {
      Attempt a = t.send(Route.SINGLE, List.of(record));
      assertEquals(Outcome.DELIVERED, a.outcome(), a.detail());
      assertEquals("rid-1", a.entries().get(0).recordId());
      assertEquals("req-1", a.requestId());
      NegotiatedTls session = t.negotiatedTls().orElseThrow();
      assertEquals("TLSv1.3", session.protocol());
      assertTrue(session.cipherSuite().startsWith("TLS_AES_"), session.cipherSuite());
      System.out.println("negotiated against WireMock: " + session);
      assertFalse(t.toString().contains("secret-api-key-123"), t.toString());
      assertEquals(0, t.leasedConnections());
    }
    LoggedRequest req = wm.findAll(postRequestedFor(urlEqualTo("/fh"))).get(0);
    assertEquals("POST", req.getMethod().getName());
    assertEquals("application/json", req.getHeader("Content-Type"));
    assertEquals("secret-api-key-123", req.getHeader("x-api-key"));
    assertEquals("hydrant/" + projectVersion(), req.getHeader("User-Agent"));
    assertEquals("stb-7", req.getHeader("x-device-model"));
    assertFalse(req.containsHeader("Expect"), "expect-continue must be off");
    assertFalse(req.containsHeader("Content-Encoding"));
    assertEquals(Integer.toString(req.getBody().length), req.getHeader("Content-Length"));
    JsonNode body = JSON.readTree(req.getBody());
    assertEquals(2, body.size(), body.toString());
    assertEquals(TlsFixtures.STREAM, body.get("DeliveryStreamName").asText());
    assertArrayEquals(record, Base64.getDecoder().decode(body.get("Data").asText()));
  }

  @Test
  void sendsTheExactBatchRequestWithoutApiKey() throws Exception {
    wm.stubFor(
        post("/fh-batch")
            .willReturn(
                okJson(
                    "{\"FailedPutCount\":0,\"RequestResponses\":[{\"RecordId\":\"a\"},"
                        + "{\"RecordId\":\"b\"}]}")));
    List<byte[]> records = List.of(bytes("one\n"), bytes("two\n"));
    try (ProxyTransport t = transport(null)) {
      Attempt a = t.send(Route.BATCH, records);
      assertEquals(Outcome.DELIVERED, a.outcome(), a.detail());
      assertEquals(List.of("a", "b"), a.entries().stream().map(Attempt.Entry::recordId).toList());
    }
    wm.verify(postRequestedFor(urlEqualTo("/fh-batch")).withHeader("x-api-key", absent()));
    JsonNode body =
        JSON.readTree(wm.findAll(postRequestedFor(urlEqualTo("/fh-batch"))).get(0).getBody());
    assertEquals(List.of("DeliveryStreamName", "Records"), iterable(body));
    for (int i = 0; i < 2; i++) {
      JsonNode rec = body.get("Records").get(i);
      assertEquals(1, rec.size());
      assertArrayEquals(records.get(i), Base64.getDecoder().decode(rec.get("Data").asText()));
    }
  }

  @Test
  void gzipBodiesWhenEnabled() throws Exception {
    wm.stubFor(post("/fh").willReturn(okJson("{\"RecordId\":\"g\"}")));
    HydrantConfig base = TlsFixtures.config(wm.getHttpsPort(), null);
    HydrantConfig gz = base.toBuilder().gzip(true).maxConnections(1).maxInFlight(1).config();
    byte[] record = "zip me ".repeat(2000).getBytes(StandardCharsets.UTF_8);
    try (ProxyTransport t = new ProxyTransport(gz)) {
      Attempt a = t.send(Route.SINGLE, List.of(record));
      assertEquals(Outcome.DELIVERED, a.outcome());
      assertTrue(a.requestBytes() < 1000, "compressed size " + a.requestBytes());
    }
    LoggedRequest req = wm.findAll(postRequestedFor(urlEqualTo("/fh"))).get(0);
    assertEquals("gzip", req.getHeader("Content-Encoding"));
    assertTrue(Integer.parseInt(req.getHeader("Content-Length")) < 1000);
    // WireMock hands out the decompressed body
    assertArrayEquals(
        record, Base64.getDecoder().decode(JSON.readTree(req.getBody()).get("Data").asText()));
  }

  @Test
  void transportFaultsAreRetryableIncludingAMalformedChunkedBody() {
    Map<Fault, String> faults =
        Map.of(
            Fault.CONNECTION_RESET_BY_PEER, "reset",
            Fault.EMPTY_RESPONSE, "empty",
            Fault.MALFORMED_RESPONSE_CHUNK, "chunk",
            Fault.RANDOM_DATA_THEN_CLOSE, "random");
    try (ProxyTransport t = transport(null)) {
      faults.forEach(
          (fault, path) -> {
            wm.stubFor(post("/fh").willReturn(aResponse().withFault(fault)));
            Attempt a = t.send(Route.SINGLE, List.of(bytes("x")));
            assertEquals(Outcome.RETRY, a.outcome(), fault + ": " + a.detail());
            assertEquals(FailureReason.RETRIES_EXHAUSTED, a.reason());
            assertEquals(0, t.leasedConnections());
          });
    }
  }

  @Test
  void totalDeadlineAbortsATricklingBody() {
    wm.stubFor(
        post("/fh").willReturn(okJson("{\"RecordId\":\"late\"}").withChunkedDribbleDelay(5, 3000)));
    try (ProxyTransport t = transport(null)) {
      long start = System.nanoTime();
      Attempt a = t.send(Route.SINGLE, List.of(bytes("x")), 400);
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertEquals(Outcome.RETRY, a.outcome(), a.detail());
      assertTrue(a.detail().contains("deadline of 400 ms"), a.detail());
      assertTrue(ms < 2500, "aborted after " + ms + " ms");
    }
  }

  @Test
  void answersOverTheWireAreClassified() {
    try (ProxyTransport t = transport(null)) {
      wm.stubFor(
          post("/fh")
              .willReturn(
                  okJson(
                      "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Firehose x not"
                          + " found under account.\"}")));
      assertEquals(
          FailureReason.STREAM_NOT_FOUND, t.send(Route.SINGLE, List.of(bytes("x"))).reason());
      wm.stubFor(
          post("/fh")
              .willReturn(
                  aResponse()
                      .withStatus(403)
                      .withHeader("x-amzn-ErrorType", "MissingAuthenticationTokenException")
                      .withHeader("x-amz-apigw-id", "gw-9")
                      .withBody("{\"message\":\"Missing Authentication Token\"}")));
      Attempt route = t.send(Route.SINGLE, List.of(bytes("x")));
      assertEquals(FailureReason.ROUTE_NOT_FOUND, route.reason());
      assertEquals("gw-9", route.apigwId());
      wm.stubFor(post("/fh").willReturn(aResponse().withStatus(200)));
      Attempt empty = t.send(Route.SINGLE, List.of(bytes("x")));
      assertEquals(Outcome.RETRY, empty.outcome());
      assertEquals(FailureReason.UNEXPECTED_RESPONSE, empty.reason());
      wm.stubFor(
          post("/fh")
              .willReturn(
                  aResponse()
                      .withStatus(504)
                      .withBody("{\"message\":\"Endpoint request timed out\"}")));
      assertEquals(504, t.send(Route.SINGLE, List.of(bytes("x"))).statusCode());
      assertEquals(0, t.leasedConnections());
    }
  }

  @Test
  void abortInFlightEndsASlowRequest() throws Exception {
    wm.stubFor(post("/fh").willReturn(okJson("{\"RecordId\":\"slow\"}").withFixedDelay(3000)));
    try (ProxyTransport t = transport(null)) {
      Thread aborter =
          new Thread(
              () -> {
                org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> t.leasedConnections() == 1);
                t.abortInFlight();
              });
      aborter.start();
      long start = System.nanoTime();
      Attempt a = t.send(Route.SINGLE, List.of(bytes("x")));
      aborter.join();
      assertEquals(Outcome.RETRY, a.outcome(), a.detail());
      assertTrue((System.nanoTime() - start) / 1_000_000 < 2900);
    }
  }

  private static List<String> iterable(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String projectVersion() throws IOException {
    Properties p = new Properties();
    try (InputStream in =
        ProxyTransportTest.class.getResourceAsStream("/dev/hydrant/hydrant-version.properties")) {
      p.load(in);
    }
    String v = p.getProperty("version");
    assertTrue(v.matches("\\d+\\.\\d+\\.\\d+.*"), "filtered version: " + v);
    return v;
  }
}

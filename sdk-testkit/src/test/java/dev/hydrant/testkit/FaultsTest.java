package dev.hydrant.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class FaultsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<Long> slept = new CopyOnWriteArrayList<>();

  private FirehoseEmulatorBuilder builder() {
    return FirehoseEmulator.builder().sleeper(slept::add);
  }

  /** What a client sees for each of {@code n} sequential requests, as short strings. */
  private static List<String> outcomes(FirehoseEmulator emulator, int n) throws Exception {
    List<String> outcomes = new ArrayList<>();
    HttpClient client = Http.client(emulator);
    for (int i = 0; i < n; i++) {
      try {
        HttpResponse<String> r =
            Http.post(client, emulator.endpoint(), Http.single("stb-telemetry", "e" + i));
        JsonNode body = JSON.readTree(r.body());
        outcomes.add(
            r.statusCode() + (body.has("__type") ? ":" + body.get("__type").asText() : ""));
      } catch (IOException e) {
        outcomes.add("io");
      }
    }
    return outcomes;
  }

  @Test
  void flakyPresetIsDeterministicUnderASeed() throws Exception {
    try (FirehoseEmulator emulator = builder().faults(Faults.flaky(42)).build().start()) {
      List<String> first = outcomes(emulator, 200);
      emulator.reset();
      List<String> again = outcomes(emulator, 200);
      emulator.faults(Faults.flaky(43));
      List<String> otherSeed = outcomes(emulator, 200);

      assertEquals(first, again);
      assertNotEquals(first, otherSeed);
      for (String kind : List.of("200", "200:ServiceUnavailableException", "429", "500", "io")) {
        assertTrue(first.contains(kind), kind + " missing from " + first);
      }
      assertTrue(slept.stream().allMatch(n -> n >= 5_000_000 && n <= 50_000_000), slept::toString);
    }
  }

  @Test
  void throttlePresetFailsBatchEntriesDeterministically() throws Exception {
    try (FirehoseEmulator emulator = builder().faults(Faults.throttle(7)).build().start()) {
      HttpClient client = Http.client(emulator);
      String[] texts = new String[100];
      java.util.Arrays.fill(texts, "x");
      List<String> first = new ArrayList<>();
      List<String> again = new ArrayList<>();
      for (List<String> run : List.of(first, again)) {
        emulator.reset();
        for (int i = 0; i < 20; i++) {
          HttpResponse<String> r =
              Http.post(client, emulator.batchEndpoint(), Http.batch("stb-telemetry", texts));
          run.add(r.statusCode() + ":" + r.body().replaceAll("\"RecordId\":\"[^\"]+\"", "id"));
        }
      }

      assertEquals(first, again);
      assertTrue(first.stream().anyMatch(s -> s.startsWith("429")));
      assertTrue(
          first.stream().anyMatch(s -> s.matches("200:\\{\"FailedPutCount\":[1-9]\\d?,.*")),
          first::toString);
    }
  }

  @Test
  void partialFailureRateFailsEntriesWithSlowDown() throws Exception {
    try (FirehoseEmulator emulator =
        builder().faults(Faults.builder().partialFailureRate(1).build()).build().start()) {
      HttpResponse<String> r =
          Http.post(
              Http.client(emulator),
              emulator.batchEndpoint(),
              Http.batch("stb-telemetry", "a", "b"));

      JsonNode body = JSON.readTree(r.body());
      assertEquals(2, body.get("FailedPutCount").asInt());
      assertEquals("Slow down.", body.get("RequestResponses").get(1).get("ErrorMessage").asText());
      assertTrue(emulator.deliveredRecords().isEmpty());
    }
  }

  @Test
  void latencyOverTheIntegrationTimeoutIs504ButTheWriteHappened() throws Exception {
    try (FirehoseEmulator emulator =
        builder()
            .integrationTimeout(Duration.ofSeconds(29))
            .faults(Faults.builder().latency(Latency.fixed(Duration.ofSeconds(30))).build())
            .build()
            .start()) {
      HttpResponse<String> r =
          Http.post(
              Http.client(emulator), emulator.endpoint(), Http.single("stb-telemetry", "late"));

      assertEquals(504, r.statusCode());
      assertEquals("{\"message\": \"Endpoint request timed out\"}", r.body());
      assertEquals(List.of(Duration.ofSeconds(29).toNanos()), slept);
      assertEquals(List.of("late"), emulator.deliveredLines());
    }
  }

  @Test
  void fixedLatencyDelaysEachIntegrationCall() throws Exception {
    try (FirehoseEmulator emulator =
        builder()
            .faults(Faults.builder().latency(Latency.fixed(Duration.ofMillis(50))).build())
            .build()
            .start()) {
      HttpClient client = Http.client(emulator);
      Http.post(client, emulator.endpoint(), Http.single("stb-telemetry", "a"));
      Http.post(client, emulator.batchEndpoint(), Http.batch("stb-telemetry", "b"));

      assertEquals(List.of(50_000_000L, 50_000_000L), slept);
    }
  }

  /** Sends one request on a raw TLS socket and returns the first byte read back. */
  private static int rawExchange(FirehoseEmulator emulator) throws IOException {
    try (SSLSocket socket =
        (SSLSocket)
            emulator
                .sslContext()
                .getSocketFactory()
                .createSocket("127.0.0.1", emulator.endpoint().getPort())) {
      byte[] body = Http.single("stb-telemetry", "x").getBytes(StandardCharsets.UTF_8);
      String head =
          "POST /fh HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              + "Content-Length: "
              + body.length
              + "\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      return socket.getInputStream().read();
    }
  }

  @Test
  void connectionResetAbortsTheConnectionAndEmptyResponseClosesIt() throws Exception {
    try (FirehoseEmulator emulator =
        builder().faults(Faults.builder().connectionResetRate(1).build()).build().start()) {
      SocketException reset = assertThrows(SocketException.class, () -> rawExchange(emulator));
      emulator.faults(Faults.builder().emptyResponseRate(1).build());
      int eof = rawExchange(emulator);
      emulator.faults(Faults.none());
      int answered = rawExchange(emulator);

      assertEquals("Connection reset", reset.getMessage());
      assertEquals(-1, eof);
      assertEquals('H', answered);
      assertEquals(2, emulator.stats().gatewayRequests(0));
      assertEquals(1, emulator.deliveredRecords().size());
    }
  }

  @Test
  void outageAnswers503ForItsWindowThenRecovers() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    try (FirehoseEmulator emulator =
        builder().clock(clock).nanoTime(clock::nanoTime).build().start()) {
      HttpClient client = Http.client(emulator);
      String body = Http.single("stb-telemetry", "x");
      emulator.faults(Faults.outage(Duration.ofSeconds(5)));

      HttpResponse<String> during = Http.post(client, emulator.endpoint(), body);
      clock.advance(Duration.ofMillis(4_999));
      HttpResponse<String> stillDuring = Http.post(client, emulator.endpoint(), body);
      clock.advance(Duration.ofMillis(1));
      HttpResponse<String> after = Http.post(client, emulator.endpoint(), body);

      assertEquals(503, during.statusCode());
      assertEquals(503, stillDuring.statusCode());
      assertEquals(200, after.statusCode());
      assertEquals(1, emulator.deliveredRecords().size());
    }
  }
}

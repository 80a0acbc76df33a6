package dev.hydrant.internal.transport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.hydrant.FailureReason;
import dev.hydrant.HydrantConfig;
import dev.hydrant.Route;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RecordDeliveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long START = 1_000_000L;
  private static final RetrySettings SETTINGS =
      new RetrySettings(5, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(5));

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(TlsFixtures.https(TlsFixtures.SERVER_KEYSTORE))
          .build();

  private ProxyTransport transport;
  private ManualClock clock;
  private final List<String> events = new ArrayList<>();
  private final DeliveryObserver observer =
      new DeliveryObserver() {
        @Override
        public void onResponse(int statusCode, String outcome, String requestId) {
          events.add(statusCode + " " + outcome);
        }

        @Override
        public void onRetry(int attempt, String reason, Duration wait) {
          events.add("retry " + attempt + " after " + wait.toMillis() + " ms");
        }
      };

  @BeforeEach
  void start() {
    transport = new ProxyTransport(TlsFixtures.config(wm.getHttpsPort(), null));
    clock = new ManualClock(START);
  }

  @AfterEach
  void stop() {
    transport.close();
  }

  private RecordDelivery delivery(RetrySettings settings) {
    return new RecordDelivery(transport, settings, observer, clock, clock, () -> 0.5);
  }

  @Test
  void retries503Then429WithRetryAfterThenDelivers() throws Exception {
    wm.stubFor(
        post("/fh")
            .inScenario("s")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse().withStatus(503).withBody("{\"message\":\"Service Unavailable\"}"))
            .willSetStateTo("throttled"));
    wm.stubFor(
        post("/fh")
            .inScenario("s")
            .whenScenarioStateIs("throttled")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "1")
                    .withBody("{\"message\":\"Too Many Requests\"}"))
            .willSetStateTo("ok"));
    wm.stubFor(
        post("/fh")
            .inScenario("s")
            .whenScenarioStateIs("ok")
            .willReturn(okJson("{\"RecordId\":\"rid-3\",\"Encrypted\":false}")));

    DeliveryReport report =
        delivery(SETTINGS).deliver(Route.SINGLE, List.of(bytes("e1\n")), START + 60_000);

    assertEquals(List.of(RecordResult.ok("rid-3")), report.results());
    assertEquals(3, report.attempts());
    // full jitter 0.5 * min(2 s, 100 ms * 2^0) = 50 ms, then the server's Retry-After: 1 s
    assertEquals(List.of(Duration.ofMillis(50), Duration.ofSeconds(1)), clock.waits);
    assertEquals(
        List.of(
            "503 RETRY RETRIES_EXHAUSTED",
            "retry 1 after 50 ms",
            "429 RETRY RETRIES_EXHAUSTED",
            "retry 2 after 1000 ms",
            "200 DELIVERED"),
        events);
    wm.verify(3, postRequestedFor(urlEqualTo("/fh")));
  }

  @Test
  void retriesOnlyFailedRecordsOfAPartialBatch() throws Exception {
    wm.stubFor(
        post("/fh-batch")
            .inScenario("b")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                okJson(
                    "{\"FailedPutCount\":2,\"Encrypted\":false,\"RequestResponses\":["
                        + "{\"RecordId\":\"r0\"},"
                        + "{\"ErrorCode\":\"ServiceUnavailableException\",\"ErrorMessage\":\"Slow down.\"},"
                        + "{\"RecordId\":\"r2\"},"
                        + "{\"ErrorCode\":\"InternalFailure\",\"ErrorMessage\":\"oops\"},"
                        + "{\"RecordId\":\"r4\"}]}"))
            .willSetStateTo("second"));
    wm.stubFor(
        post("/fh-batch")
            .inScenario("b")
            .whenScenarioStateIs("second")
            .willReturn(
                okJson(
                    "{\"FailedPutCount\":0,\"RequestResponses\":[{\"RecordId\":\"r1\"},"
                        + "{\"RecordId\":\"r3\"}]}")));
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      records.add(bytes("record-" + i + "\n"));
    }

    DeliveryReport report = delivery(SETTINGS).deliver(Route.BATCH, records, START + 60_000);

    assertEquals(
        List.of("r0", "r1", "r2", "r3", "r4"),
        report.results().stream().map(RecordResult::recordId).toList());
    assertEquals(2, report.attempts());
    List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlEqualTo("/fh-batch")));
    assertEquals(2, sent.size());
    assertEquals(
        List.of("record-0\n", "record-1\n", "record-2\n", "record-3\n", "record-4\n"),
        decoded(sent.get(0)));
    assertEquals(List.of("record-1\n", "record-3\n"), decoded(sent.get(1)));
  }

  @Test
  void fatalEntriesOfABatchFailAtOnce() throws Exception {
    wm.stubFor(
        post("/fh-batch")
            .willReturn(
                okJson(
                    "{\"FailedPutCount\":1,\"RequestResponses\":[{\"RecordId\":\"r0\"},"
                        + "{\"ErrorCode\":\"InvalidArgumentException\",\"ErrorMessage\":\"bad\"}]}")));
    DeliveryReport report =
        delivery(SETTINGS).deliver(Route.BATCH, List.of(bytes("a"), bytes("b")), START + 60_000);
    assertTrue(report.results().get(0).delivered());
    assertEquals(
        RecordResult.failed(FailureReason.INVALID_ARGUMENT, "InvalidArgumentException: bad"),
        report.results().get(1));
    assertEquals(1, report.attempts());
  }

  @Test
  void fatalAnswerIsNotRetried() throws Exception {
    wm.stubFor(
        post("/fh")
            .willReturn(
                okJson(
                    "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Firehose x not found under account.\"}")));
    DeliveryReport report =
        delivery(SETTINGS).deliver(Route.SINGLE, List.of(bytes("a")), START + 60_000);
    RecordResult r = report.results().get(0);
    assertEquals(FailureReason.STREAM_NOT_FOUND, r.reason());
    assertTrue(r.detail().contains("not found under account"), r.detail());
    assertEquals(1, report.attempts());
    assertTrue(clock.waits.isEmpty());
  }

  @Test
  void stopsAfterMaxAttemptsWithRetriesExhausted() throws Exception {
    wm.stubFor(post("/fh").willReturn(aResponse().withStatus(503)));
    RetrySettings three =
        new RetrySettings(3, Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofSeconds(1));
    DeliveryReport report =
        new RecordDelivery(transport, three, observer, clock, clock, () -> 0.999)
            .deliver(Route.SINGLE, List.of(bytes("a")), START + 60_000);
    assertEquals(FailureReason.RETRIES_EXHAUSTED, report.results().get(0).reason());
    assertTrue(
        report.results().get(0).detail().startsWith("3 attempts; last: 503"),
        report.results().get(0).detail());
    assertEquals(3, report.attempts());
    // ceilings 100 ms, then min(150 ms, 200 ms)
    assertEquals(List.of(Duration.ofMillis(99), Duration.ofMillis(149)), clock.waits);
    wm.verify(3, postRequestedFor(urlEqualTo("/fh")));
  }

  @Test
  void retryAfterIsCappedAndNeverSleepsPastTheDeadline() throws Exception {
    wm.stubFor(
        post("/fh").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
    DeliveryReport report =
        delivery(SETTINGS).deliver(Route.SINGLE, List.of(bytes("a")), START + 12_000);
    // capped at 5 s twice (10 s), the third wait would end after the deadline
    assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(5)), clock.waits);
    RecordResult r = report.results().get(0);
    assertEquals(FailureReason.EXPIRED, r.reason());
    assertTrue(r.detail().contains("wait 5000 ms"), r.detail());
    assertTrue(clock.millis() <= START + 12_000);
  }

  @Test
  void expiredBeforeTheFirstAttemptSendsNothing() throws Exception {
    DeliveryReport report = delivery(SETTINGS).deliver(Route.SINGLE, List.of(bytes("a")), START);
    assertEquals(FailureReason.EXPIRED, report.results().get(0).reason());
    assertEquals(0, report.attempts());
    wm.verify(0, postRequestedFor(urlEqualTo("/fh")));
  }

  @Test
  void ambiguous200IsRetriedABoundedNumberOfTimes() throws Exception {
    wm.stubFor(post("/fh").willReturn(aResponse().withStatus(200).withBody("")));
    DeliveryReport report =
        delivery(SETTINGS).deliver(Route.SINGLE, List.of(bytes("a")), START + 60_000);
    assertEquals(FailureReason.UNEXPECTED_RESPONSE, report.results().get(0).reason());
    assertEquals(RecordDelivery.MAX_AMBIGUOUS_ANSWERS, report.attempts());
  }

  @Test
  void payloadTooLargeSplitsABatchAndIsFatalForOneRecord() throws Exception {
    wm.stubFor(
        post("/fh-batch")
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.Records[2]"))
            .willReturn(
                aResponse().withStatus(413).withBody("{\"message\":\"Request Too Long\"}")));
    wm.stubFor(
        post("/fh-batch")
            .atPriority(2)
            .willReturn(
                okJson(
                    "{\"FailedPutCount\":0,\"RequestResponses\":[{\"RecordId\":\"x\"},{\"RecordId\":\"y\"}]}")));
    DeliveryReport report =
        delivery(SETTINGS)
            .deliver(
                Route.BATCH,
                List.of(bytes("a"), bytes("b"), bytes("c"), bytes("d")),
                START + 60_000);
    assertEquals(4, report.deliveredCount());
    assertEquals(3, report.attempts());
    wm.stubFor(post("/fh").willReturn(aResponse().withStatus(413)));
    RecordResult single =
        delivery(SETTINGS)
            .deliver(Route.SINGLE, List.of(bytes("a")), START + 60_000)
            .results()
            .get(0);
    assertEquals(FailureReason.PAYLOAD_TOO_LARGE, single.reason());
  }

  @Test
  void interruptStopsDelivery() {
    wm.stubFor(post("/fh").willReturn(aResponse().withStatus(503)));
    Sleeper interrupted =
        d -> {
          throw new InterruptedException("test");
        };
    RecordDelivery d =
        new RecordDelivery(transport, SETTINGS, observer, clock, interrupted, () -> 0.5);
    assertThrows(
        InterruptedException.class,
        () -> d.deliver(Route.SINGLE, List.of(bytes("a")), START + 60_000));
    Thread.currentThread().interrupt();
    assertThrows(
        InterruptedException.class,
        () -> d.deliver(Route.SINGLE, List.of(bytes("a")), START + 60_000));
    assertFalse(Thread.currentThread().isInterrupted());
    wm.verify(1, postRequestedFor(urlEqualTo("/fh")));
  }

  @Test
  void anInterruptCarriesTheRecordsAlreadyAcknowledged() {
    wm.stubFor(
        post("/fh-batch")
            .willReturn(
                okJson(
                    "{\"FailedPutCount\":1,\"RequestResponses\":[{\"RecordId\":\"r0\"},"
                        + "{\"ErrorCode\":\"ServiceUnavailableException\",\"ErrorMessage\":\"Slow down.\"}]}")));
    Sleeper interrupted =
        d -> {
          throw new InterruptedException("closing");
        };
    RecordDelivery d =
        new RecordDelivery(transport, SETTINGS, observer, clock, interrupted, () -> 0.5);

    DeliveryInterruptedException e =
        assertThrows(
            DeliveryInterruptedException.class,
            () -> d.deliver(Route.BATCH, List.of(bytes("a"), bytes("b")), START + 60_000));

    assertEquals("r0", e.partial().get(0).recordId(), "acknowledged before the interrupt");
    assertEquals(null, e.partial().get(1), "its fate is unknown");
  }

  @Test
  void noConnectionLeaksAfterAThousandRetried503s() throws Exception {
    wm.stubFor(
        post("/fh").willReturn(aResponse().withStatus(503).withBody("{\"message\":\"busy\"}")));
    HydrantConfig base = TlsFixtures.config(wm.getHttpsPort(), null);
    HydrantConfig onePool =
        base.toBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .maxConnections(1)
            .maxInFlight(1)
            .config();
    AtomicInteger got503 = new AtomicInteger();
    try (ProxyTransport t = new ProxyTransport(onePool)) {
      DeliveryObserver count =
          new DeliveryObserver() {
            @Override
            public void onResponse(int statusCode, String outcome, String requestId) {
              // a pool of one connection: a single leaked response makes the next attempt fail
              // acquiring a connection (status 0) instead of getting its 503
              assertEquals(503, statusCode, "attempt " + (got503.get() + 1) + ": " + outcome);
              got503.incrementAndGet();
            }
          };
      RetrySettings thousand =
          new RetrySettings(1000, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ZERO);
      DeliveryReport report =
          new RecordDelivery(t, thousand, count, clock, clock, () -> 0.0)
              .deliver(Route.SINGLE, List.of(bytes("a")), START + 3_600_000);
      assertEquals(1000, report.attempts());
      assertEquals(1000, got503.get());
      assertEquals(0, t.leasedConnections());
      assertEquals(FailureReason.RETRIES_EXHAUSTED, report.results().get(0).reason());
    }
  }

  @Test
  void backoffIsFullJitterUnderACappedExponentialCeiling() {
    RecordDelivery d =
        new RecordDelivery(
            transport,
            new RetrySettings(99, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ZERO),
            observer,
            clock,
            clock,
            () -> 0.999_999);
    List<Long> ceilings = new ArrayList<>();
    for (int n = 1; n <= 6; n++) {
      ceilings.add(d.backoffMillis(n) + 1);
    }
    assertEquals(List.of(100L, 200L, 400L, 800L, 1000L, 1000L), ceilings);
    assertEquals(1000L, d.backoffMillis(200) + 1, "no overflow for large attempt numbers");
    RecordDelivery zero =
        new RecordDelivery(transport, SETTINGS, observer, clock, clock, () -> 0.0);
    assertEquals(0L, zero.backoffMillis(3));
  }

  private static List<String> decoded(LoggedRequest request) throws Exception {
    JsonNode body = JSON.readTree(request.getBody());
    List<String> out = new ArrayList<>();
    for (JsonNode r : body.get("Records")) {
      out.add(
          new String(Base64.getDecoder().decode(r.get("Data").asText()), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

package dev.hydrant.internal.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.DeliveryHealth;
import dev.hydrant.DeliveryHealth.State;
import dev.hydrant.DeliveryListener;
import dev.hydrant.FailureReason;
import dev.hydrant.internal.buffer.BufferedEvent;
import dev.hydrant.internal.buffer.MemoryBuffer;
import dev.hydrant.internal.transport.Attempt;
import dev.hydrant.internal.transport.Attempt.Entry;
import dev.hydrant.internal.transport.Attempt.Response;
import dev.hydrant.testing.LogCapture;
import dev.hydrant.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The health state machine and its log lines, on a clock the test moves. */
class HealthTrackerTest {
  private static final String ENDPOINT = "https://proxy.example.com/fh";
  private static final String API_KEY = "hk-test-0123456789abcdef";
  private static final long START = 1_700_000_000_000L;

  @RegisterExtension final LogCapture logs = new LogCapture();

  private final MutableClock clock = new MutableClock(START);
  private final MetricsRecorder metrics = new MetricsRecorder(clock);
  private final List<String> transitions = new CopyOnWriteArrayList<>();
  private DeliveryListener listener =
      new DeliveryListener() {
        @Override
        public void onHealthChanged(DeliveryHealth previous, DeliveryHealth current) {
          transitions.add(previous.state() + "->" + current.state());
        }
      };

  private HealthTracker tracker() {
    return new HealthTracker(
        ENDPOINT,
        "retrying with backoff",
        List.of(API_KEY),
        metrics,
        new ListenerDispatch(listener, metrics, clock),
        () -> 7,
        clock);
  }

  private DeliveryHealth metricsHealth() {
    return metrics
        .snapshot(new MemoryBuffer(10, 1_000, BufferFullPolicy.dropNewest(), (r, c, e) -> {}))
        .health();
  }

  @Test
  void retryableFailuresDegradeThenFailAfterThreeAttemptsAndASuccessHeals() {
    HealthTracker tracker = tracker();
    assertEquals(DeliveryHealth.initial(Instant.ofEpochMilli(START)), metricsHealth());

    tracker.onAttempt(http(503, "req-1"));
    assertEquals(State.DEGRADED, tracker.current().state());
    assertEquals(Instant.ofEpochMilli(START), tracker.current().since());
    clock.now += 200;
    tracker.onAttempt(http(503, "req-2"));
    assertEquals(State.DEGRADED, tracker.current().state());
    clock.now += 300;
    tracker.onAttempt(http(503, "req-3"));

    DeliveryHealth failing = metricsHealth();
    assertEquals(State.FAILING, failing.state());
    assertEquals(Instant.ofEpochMilli(START + 500), failing.since());
    assertEquals(3, failing.consecutiveFailures());
    assertEquals(503, failing.lastStatusCode());
    assertEquals("req-3", failing.lastRequestId().orElseThrow());
    assertEquals("HTTP 503 Service Unavailable", failing.lastError().orElseThrow());
    List<String> warn =
        logs.lines(LogCapture.at("WARN", "delivery to " + ENDPOINT + " is failing"));
    assertEquals(1, warn.size(), logs.lines().toString());
    assertTrue(warn.get(0).contains("(3 failed attempt(s) in 500 ms); retrying with backoff"));

    clock.now += 1_500;
    tracker.onAttempt(delivered("req-ok"));
    DeliveryHealth healed = metricsHealth();
    assertEquals(State.HEALTHY, healed.state());
    assertEquals(Instant.ofEpochMilli(START + 2_000), healed.since());
    assertEquals(0, healed.consecutiveFailures());
    assertEquals("req-ok", healed.lastRequestId().orElseThrow());
    assertEquals("HTTP 503 Service Unavailable", healed.lastError().orElseThrow());
    assertEquals(
        List.of("HEALTHY->DEGRADED", "DEGRADED->FAILING", "FAILING->HEALTHY"), transitions);
    List<String> info = logs.lines(LogCapture.at("INFO", "delivery to " + ENDPOINT + " recovered"));
    assertEquals(1, info.size(), logs.lines().toString());
    assertTrue(info.get(0).contains("recovered after 2.0 s (3 failed attempt(s))"), info.get(0));
  }

  @Test
  void aShortBlipDegradesAndHealsWithoutWarnOrInfo() {
    HealthTracker tracker = tracker();
    tracker.onAttempt(io("java.net.SocketException: Connection reset"));
    tracker.onAttempt(delivered("req-ok"));

    assertEquals(List.of("HEALTHY->DEGRADED", "DEGRADED->HEALTHY"), transitions);
    assertEquals(List.of(), logs.lines(line -> line.contains("dev.hydrant.delivery")));
  }

  @Test
  void requestsInFlightTogetherCountOnceSoOneBlipDoesNotReadAsFailing() {
    HealthTracker tracker = tracker();
    // Three requests in flight when the connection drops: the first is counted, the two others
    // started before that count and fail in the same blip.
    tracker.onAttempt(io("java.net.SocketException: Connection reset"), false);
    tracker.onAttempt(io("java.net.SocketException: Connection reset"), true);
    tracker.onAttempt(io("java.net.SocketException: Connection reset"), true);

    assertEquals(State.DEGRADED, tracker.current().state());
    assertEquals(1, tracker.current().consecutiveFailures());
    assertEquals(List.of("HEALTHY->DEGRADED"), transitions);
    assertEquals(List.of(), logs.lines(LogCapture.at("WARN", "dev.hydrant.delivery")));

    tracker.onAttempt(io("java.net.SocketException: Connection reset"), false);
    tracker.onAttempt(io("java.net.SocketException: Connection reset"), false);
    assertEquals(State.FAILING, tracker.current().state(), "three rounds in a row do fail");
    assertEquals(3, tracker.current().consecutiveFailures());
  }

  @Test
  void aRequestThatDoesNotFitTheHeapFailsDeliveryAndSaysWhatToChange() {
    HealthTracker tracker = tracker();
    byte[] line = new byte[100];
    PendingRecord record =
        new PendingRecord(
            List.of(new BufferedEvent(0, "stb-1", 0, START, line)), line, Long.MAX_VALUE);
    tracker.onAttempt(Settlement.outOfMemory(List.of(record)));
    tracker.onAttempt(Settlement.outOfMemory(List.of(record)));

    assertEquals(State.FAILING, tracker.current().state());
    assertEquals(State.FAILING, metricsHealth().state());
    assertEquals(List.of("HEALTHY->FAILING"), transitions);
    assertTrue(
        tracker.current().lastError().orElseThrow().contains("a request of 1 record(s), 100 bytes"),
        tracker.current().lastError().toString());
    List<String> errors =
        logs.lines(LogCapture.at("ERROR", "out of memory building a request of 1 record(s)"));
    assertEquals(1, errors.size(), "once per cause: " + logs.lines());
    assertTrue(errors.get(0).contains("give the JVM more heap (-Xmx)"), errors.get(0));
  }

  @Test
  void anOverlappingFailureAfterASuccessStillDegrades() {
    HealthTracker tracker = tracker();
    tracker.onAttempt(delivered("req-ok"), false);
    tracker.onAttempt(io("java.net.SocketException: Connection reset"), true);

    assertEquals(State.DEGRADED, tracker.current().state());
    assertEquals(1, tracker.current().consecutiveFailures());
  }

  @Test
  void failsAfterTenSecondsWithoutSuccessEvenBeforeThreeAttempts() {
    HealthTracker tracker = tracker();
    tracker.onAttempt(io("request aborted after its deadline of 30000 ms"));
    clock.now += DeliveryHealth.FAILING_AFTER_SECONDS * 1000 - 1;
    assertEquals(State.DEGRADED, tracker.current().state());
    clock.now += 1;
    tracker.onAttempt(io("request aborted after its deadline of 30000 ms"));

    assertEquals(State.FAILING, tracker.current().state());
    assertEquals(2, tracker.current().consecutiveFailures());
    assertEquals(
        1,
        logs.lines(LogCapture.at("WARN", "(2 failed attempt(s) in 10.0 s); retrying")).size(),
        logs.lines().toString());
  }

  @Test
  void keepsWarningAtMostOncePerMinuteWithCountsWhileFailing() {
    HealthTracker tracker = tracker();
    for (int i = 0; i < 3; i++) {
      tracker.onAttempt(http(503, "r"));
    }
    for (int i = 0; i < 59; i++) {
      clock.now += 1_000;
      tracker.onAttempt(http(503, "r"));
    }
    assertEquals(1, logs.lines(LogCapture.at("WARN", "dev.hydrant.delivery")).size());

    clock.now += 1_000;
    tracker.onAttempt(http(429, "r"));
    clock.now += 1_000;
    tracker.onAttempt(http(503, "r"));
    List<String> still = logs.lines(LogCapture.at("WARN", "still failing"));
    assertEquals(1, still.size(), logs.lines().toString());
    assertTrue(
        still
            .get(0)
            .contains(
                "still failing after 1 min: 63 failed attempt(s), 7 event(s) waiting; last cause:"
                    + " HTTP 429"),
        still.get(0));
    assertEquals(List.of("HEALTHY->DEGRADED", "DEGRADED->FAILING"), transitions);
  }

  @Test
  void refusedConnectionsBecomeAConfigurationErrorAfterAMinute() {
    HealthTracker tracker = tracker();
    String refused =
        "org.apache.http.conn.HttpHostConnectException: Connect to proxy.example.com:8443"
            + " failed: Connection refused";
    for (int i = 0; i < 60; i++) {
      tracker.onAttempt(io(refused));
      clock.now += 999;
    }
    assertEquals(List.of(), logs.lines(LogCapture.at("ERROR", "dev.hydrant.delivery")));
    assertEquals(State.FAILING, tracker.current().state());

    clock.now += 60;
    tracker.onAttempt(io(refused));
    tracker.onAttempt(io(refused));
    List<String> error = logs.lines(LogCapture.at("ERROR", "cannot succeed"));
    assertEquals(1, error.size(), logs.lines().toString());
    assertTrue(error.get(0).contains("refused the connection"), error.get(0));
    assertTrue(error.get(0).contains("Fix: check the endpoint port"), error.get(0));
  }

  @Test
  void aDifferentFailureBetweenRefusalsRestartsTheMinute() {
    HealthTracker tracker = tracker();
    String refused = "java.net.ConnectException: Connection refused";
    tracker.onAttempt(io(refused));
    clock.now += 50_000;
    tracker.onAttempt(http(502, "r"));
    clock.now += 20_000;
    tracker.onAttempt(io(refused));

    assertEquals(List.of(), logs.lines(LogCapture.at("ERROR", "dev.hydrant.delivery")));
  }

  @Test
  void configurationErrorsAreLoggedOncePerCauseAndAgainInALaterEpisode() {
    HealthTracker tracker = tracker();
    tracker.onAttempt(fatal(403, FailureReason.FORBIDDEN, "403 Forbidden (check the API key)"));
    assertEquals(State.FAILING, tracker.current().state(), "at once");
    tracker.onAttempt(fatal(403, FailureReason.FORBIDDEN, "403 Forbidden (check the API key)"));
    tracker.onAttempt(
        fatal(0, FailureReason.TLS_PIN_MISMATCH, "no certificate in the chain matches a pin"));
    List<String> errors = logs.lines(LogCapture.at("ERROR", "cannot succeed"));
    assertEquals(2, errors.size(), logs.lines().toString());
    assertTrue(errors.get(0).contains("Fix: check the API key"), errors.get(0));
    assertTrue(errors.get(1).contains("Fix: check CertificatePins"), errors.get(1));
    List<String> warn = logs.lines(LogCapture.at("WARN", "is failing"));
    assertEquals(1, warn.size());
    assertTrue(warn.get(0).contains("fail with reason FORBIDDEN"), warn.get(0));
    assertTrue(warn.get(0).contains("without retry"), warn.get(0));

    tracker.onAttempt(delivered("ok"));
    clock.now += HealthLog.INTERVAL_MILLIS;
    tracker.onAttempt(fatal(403, FailureReason.FORBIDDEN, "403 Forbidden (check the API key)"));
    assertEquals(3, logs.lines(LogCapture.at("ERROR", "cannot succeed")).size());
    assertEquals(2, logs.lines(LogCapture.at("WARN", "is failing")).size());
    assertEquals(List.of("HEALTHY->FAILING", "FAILING->HEALTHY", "HEALTHY->FAILING"), transitions);
  }

  @Test
  void aFlappingEndpointWarnsAtMostOncePerMinute() {
    HealthTracker tracker = tracker();
    for (int flap = 0; flap < 5; flap++) {
      for (int i = 0; i < 3; i++) {
        tracker.onAttempt(http(503, "r"));
      }
      tracker.onAttempt(delivered("ok"));
      clock.now += 5_000;
    }

    assertEquals(1, logs.lines(LogCapture.at("WARN", "is failing")).size());
    assertEquals(1, logs.lines(LogCapture.at("INFO", "recovered")).size());
    assertEquals(15, transitions.size(), "the listener hears every change");
  }

  @Test
  void answersAboutTheEventsThemselvesLeaveTheStateAlone() {
    HealthTracker tracker = tracker();
    tracker.onAttempt(fatal(200, FailureReason.INVALID_ARGUMENT, "InvalidArgumentException: x"));
    tracker.onAttempt(fatal(400, FailureReason.BAD_REQUEST, "400 Bad Request"));
    tracker.onAttempt(
        Attempt.tooLarge(new Response(413, "req-413", null, null), "413").withRequestBytes(10));

    assertEquals(State.HEALTHY, tracker.current().state());
    assertEquals(0, tracker.current().consecutiveFailures());
    assertEquals(413, tracker.current().lastStatusCode());
    assertEquals("req-413", tracker.current().lastRequestId().orElseThrow());
    assertEquals(List.of(), transitions);
  }

  @Test
  void aBatchCountsAsASuccessWhenAnyRecordWasAcknowledged() {
    HealthTracker tracker = tracker();
    Entry slowDown = new Entry(null, "ServiceUnavailableException", "Slow down.", null);
    tracker.onAttempt(partial(slowDown, slowDown));
    assertEquals(State.DEGRADED, tracker.current().state());
    assertTrue(tracker.current().lastError().orElseThrow().contains("Slow down."));

    tracker.onAttempt(partial(slowDown, new Entry("rid-1", null, null, null)));
    assertEquals(State.HEALTHY, tracker.current().state());
  }

  @Test
  void neverPrintsTheApiKey() {
    HealthTracker tracker = tracker();
    tracker.onAttempt(
        fatal(
            403,
            FailureReason.ROUTE_NOT_FOUND,
            "403 Missing Authentication Token: Invalid key=value pair in Authorization header: '"
                + API_KEY
                + "'"));

    assertFalse(tracker.current().lastError().orElseThrow().contains(API_KEY));
    assertTrue(tracker.current().lastError().orElseThrow().contains("'****'"));
    assertEquals(2, logs.lines(line -> line.contains("dev.hydrant.delivery")).size());
    assertEquals(List.of(), logs.lines(line -> line.contains(API_KEY)));
  }

  @Test
  void aListenerThatThrowsAnErrorDoesNotStopTheStateMachine() {
    listener =
        new DeliveryListener() {
          @Override
          public void onHealthChanged(DeliveryHealth previous, DeliveryHealth current) {
            throw new Error("listener bug");
          }
        };
    HealthTracker tracker = tracker();
    tracker.onAttempt(http(503, "r"));
    tracker.onAttempt(delivered("ok"));

    assertEquals(State.HEALTHY, tracker.current().state());
    // Both throws are caught; listener errors are logged at most once per interval.
    assertEquals(
        1, logs.lines(LogCapture.at("WARN", "DeliveryListener.onHealthChanged threw")).size());
  }

  @Test
  void durationsReadAsPeopleWriteThem() {
    assertEquals("0 ms", HealthLog.duration(-5));
    assertEquals("999 ms", HealthLog.duration(999));
    assertEquals("12.3 s", HealthLog.duration(12_345));
    assertEquals("1 min", HealthLog.duration(60_000));
    assertEquals("4 min 5 s", HealthLog.duration(245_000));
    assertEquals("24 h", HealthLog.duration(86_400_000));
    assertEquals("2 h 3 min", HealthLog.duration(7_380_000));
    assertTrue(HealthLog.duration(Long.MAX_VALUE).contains(" h"));
  }

  private static Attempt http(int status, String requestId) {
    String text = status == 429 ? "429 Too Many Requests" : status + " Service Unavailable";
    return Attempt.retry(
            new Response(status, requestId, null, null),
            FailureReason.RETRIES_EXHAUSTED,
            text,
            null)
        .withRequestBytes(100);
  }

  private static Attempt io(String detail) {
    return Attempt.retry(Response.NONE, FailureReason.RETRIES_EXHAUSTED, detail, null)
        .withRequestBytes(100);
  }

  private static Attempt fatal(int status, FailureReason reason, String detail) {
    return Attempt.fatal(new Response(status, "req-x", null, null), reason, detail)
        .withRequestBytes(100);
  }

  private static Attempt delivered(String requestId) {
    return Attempt.delivered(
            new Response(200, requestId, null, null), List.of(Entry.delivered("rid")))
        .withRequestBytes(100);
  }

  private static Attempt partial(Entry... entries) {
    return Attempt.batch(
            new Response(200, "req-p", null, null), List.of(entries), "some records failed")
        .withRequestBytes(100);
  }
}

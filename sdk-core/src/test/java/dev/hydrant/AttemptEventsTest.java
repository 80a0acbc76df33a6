package dev.hydrant;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.VideoQualityEvent;
import dev.hydrant.internal.transport.TlsFixtures;
import dev.hydrant.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-attempt events against WireMock over TLS: every start gets exactly one end, through
 * retries, partial batches, 413 splits, a listener that throws, and a close while a request is in
 * flight; the end carries what the proxy answered (status, request id, bytes, latency).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AttemptEventsTest {
  private static final FirehoseResponder responder = new FirehoseResponder();

  @RegisterExtension
  static final WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(TlsFixtures.https(TlsFixtures.SERVER_KEYSTORE).extensions(responder))
          .build();

  @RegisterExtension final LogCapture logs = new LogCapture();

  private final DeviceContext device = DeviceContext.builder("stb-0018").model("X1").build();
  private final Attempts attempts = new Attempts();
  private HydrantClient client;

  /** Records the attempt events, and counts how often each id started and ended. */
  static class Attempts implements DeliveryListener {
    final List<AttemptStart> starts = new CopyOnWriteArrayList<>();
    final List<AttemptEnd> ends = new CopyOnWriteArrayList<>();
    final Map<Long, Integer> endsPerId = new ConcurrentHashMap<>();

    @Override
    public void onAttemptStart(AttemptStart attempt) {
      starts.add(attempt);
    }

    @Override
    public void onAttemptEnd(AttemptEnd attempt) {
      ends.add(attempt);
      endsPerId.merge(attempt.id(), 1, Integer::sum);
    }

    /** Asserts the pairing contract: unique start ids, and exactly one end for each. */
    void assertPaired() {
      Set<Long> startIds = starts.stream().map(AttemptStart::id).collect(Collectors.toSet());
      assertEquals(starts.size(), startIds.size(), "start ids are unique: " + starts);
      assertEquals(startIds, endsPerId.keySet(), "every start ended, no end without a start");
      endsPerId.forEach((id, n) -> assertEquals(1, n, "attempt " + id + " ended once"));
    }

    Set<AttemptEnd.Outcome> outcomes() {
      Set<AttemptEnd.Outcome> set = EnumSet.noneOf(AttemptEnd.Outcome.class);
      ends.forEach(e -> set.add(e.outcome()));
      return set;
    }
  }

  @BeforeEach
  void stubEverything() {
    responder.reset();
    wm.stubFor(post(anyUrl()).willReturn(ok()));
  }

  @AfterEach
  void closeClient() {
    if (client != null) {
      client.close(Duration.ofSeconds(2));
    }
  }

  private HydrantClientBuilder builder(DeliveryListener listener) {
    return HydrantClient.builder()
        .endpoint("https://localhost:" + wm.getHttpsPort() + "/fh")
        .deliveryStream("stb-telemetry")
        .trust(TlsFixtures.trust())
        .listener(listener)
        .route(Route.BATCH)
        .aggregation(false)
        .maxInFlight(1)
        .initialBackoff(Duration.ofMillis(10))
        .maxBackoff(Duration.ofMillis(50))
        .linger(Duration.ofSeconds(30));
  }

  private VideoQualityEvent event(int i) {
    return VideoQualityEvent.builder(device)
        .playbackState(PlaybackState.PLAYING)
        .sessionId("s-" + i)
        .bitrateKbps(4_500)
        .build();
  }

  private static Set<String> servedRequestIds() {
    Set<String> ids = new HashSet<>();
    for (ServeEvent e : wm.getAllServeEvents()) {
      ids.add(e.getResponse().getHeaders().getHeader("x-amzn-RequestId").firstValue());
    }
    return ids;
  }

  @Test
  void everyStartEndsOnceThroughRetriesPartialBatchesAndSplits() {
    responder
        .thenRespond(503, "{\"message\":\"Service Unavailable\"}")
        .thenFailEntries(1, 2)
        .thenRespond(413, "{\"message\":\"Request Too Long\"}");
    client = builder(attempts).build();
    for (int i = 0; i < 6; i++) {
      client.send(event(i));
    }
    assertTrue(client.flush(Duration.ofSeconds(20)));

    attempts.assertPaired();
    assertEquals(
        EnumSet.of(
            AttemptEnd.Outcome.RETRYABLE,
            AttemptEnd.Outcome.PARTIAL,
            AttemptEnd.Outcome.TOO_LARGE,
            AttemptEnd.Outcome.DELIVERED),
        attempts.outcomes());
    List<AttemptEnd> ends = attempts.ends;
    AttemptEnd first = ends.get(0);
    assertEquals(AttemptEnd.Outcome.RETRYABLE, first.outcome());
    assertEquals(503, first.statusCode());
    assertEquals(6, first.records());
    assertEquals(6, first.events());
    assertTrue(first.willRetry());
    AttemptEnd partial = ends.get(1);
    assertEquals(AttemptEnd.Outcome.PARTIAL, partial.outcome());
    assertEquals(4, partial.deliveredRecords());
    assertEquals("ServiceUnavailableException", partial.errorCode().orElseThrow());
    assertTrue(partial.willRetry());
    AttemptEnd split = ends.get(2);
    assertEquals(AttemptEnd.Outcome.TOO_LARGE, split.outcome());
    assertEquals(413, split.statusCode());
    assertTrue(split.willRetry(), "a 413 on two records splits them");
    AttemptEnd last = ends.get(ends.size() - 1);
    assertEquals(AttemptEnd.Outcome.DELIVERED, last.outcome());
    assertFalse(last.willRetry());

    assertEquals(6, ends.stream().mapToInt(AttemptEnd::deliveredRecords).sum());
    assertEquals(0, attempts.starts.get(0).resentRecords());
    assertEquals(6, attempts.starts.get(1).resentRecords(), "all six went round again");
    assertEquals(
        servedRequestIds(),
        ends.stream().map(e -> e.requestId().orElseThrow()).collect(Collectors.toSet()),
        "each end carries its response's x-amzn-RequestId");
    for (int i = 0; i < ends.size(); i++) {
      AttemptStart s = attempts.starts.get(i);
      AttemptEnd e = ends.get(i);
      assertEquals(s.id(), e.id());
      assertEquals(s.rawBytes(), e.rawBytes());
      assertTrue(e.wireBytes() > e.rawBytes(), "base64 in JSON is larger than raw: " + e);
      assertTrue(e.latency().compareTo(Duration.ZERO) > 0, e.toString());
    }
    HydrantMetrics m = client.metrics();
    assertEquals(ends.size(), m.requests());
    assertEquals(ends.size(), m.requestLatency().sinceStart().count());
    assertEquals(6, m.deliveryLatency().sinceStart().count());
  }

  @Test
  void anAttemptInFlightAtCloseEndsOnceWithoutARetry() {
    responder.delayAnswers(4_000);
    List<DeliveryFailure> failures = new CopyOnWriteArrayList<>();
    Attempts listener =
        new Attempts() {
          @Override
          public void onFailed(DeliveryFailure failure, List<EventRef> events) {
            failures.add(failure);
          }
        };
    client = builder(listener).build();
    client.send(event(1));
    client.flush(Duration.ofMillis(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> responder.received().size() == 1);
    client.close(Duration.ofMillis(100));

    await().atMost(Duration.ofSeconds(10)).until(() -> listener.ends.size() == 1);
    listener.assertPaired();
    AttemptEnd end = listener.ends.get(0);
    assertTrue(
        EnumSet.of(AttemptEnd.Outcome.ABANDONED, AttemptEnd.Outcome.RETRYABLE)
            .contains(end.outcome()),
        "abandoned, or aborted by close: " + end);
    assertFalse(end.willRetry(), "the client is closed: " + end);
    assertEquals(0, end.statusCode());
    assertEquals(1, failures.size());
    assertEquals(FailureReason.CLOSED, failures.get(0).reason());
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(6))
        .until(() -> listener.ends.size() == 1);
    listener.assertPaired();
    assertEquals(
        end.outcome() == AttemptEnd.Outcome.ABANDONED ? 0 : 1,
        client.metrics().requestLatency().sinceStart().count(),
        "abandoned attempts are not timed");
  }

  @Test
  void aListenerThatThrowsKeepsThePairingAndIsCountedAndLogged() {
    responder.thenRespond(503, "{\"message\":\"Service Unavailable\"}");
    List<Long> started = new ArrayList<>();
    List<Long> ended = new ArrayList<>();
    DeliveryListener throwing =
        new DeliveryListener() {
          @Override
          public void onAttemptStart(AttemptStart attempt) {
            started.add(attempt.id());
            throw new IllegalStateException("listener bug at start");
          }

          @Override
          public void onAttemptEnd(AttemptEnd attempt) {
            ended.add(attempt.id());
            throw new StackOverflowError("listener bug at end");
          }
        };
    client = builder(throwing).build();
    client.send(event(1));
    assertTrue(client.flush(Duration.ofSeconds(10)));

    assertEquals(List.of(1L, 2L), started);
    assertEquals(List.of(1L, 2L), ended);
    HydrantMetrics m = client.metrics();
    assertEquals(1, m.delivered(), "the event's fate is unchanged");
    assertEquals(4, m.listenerErrors());
    assertEquals(
        1, logs.lines(LogCapture.at("WARN", "DeliveryListener.onAttemptStart threw")).size());
  }
}

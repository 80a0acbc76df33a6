package dev.hydrant;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.VideoQualityEvent;
import dev.hydrant.internal.transport.TlsFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The delivery engine against WireMock over TLS: per-record retries, acks as answers land, the
 * shared backoff, requests in flight at once, the linger after an idle period, and the threads.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeliveryEngineTest {
  private static final FirehoseResponder responder = new FirehoseResponder();
  private static final String POISON = "poison-session";

  @RegisterExtension
  static final WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(TlsFixtures.https(TlsFixtures.SERVER_KEYSTORE).extensions(responder))
          .build();

  private final DeviceContext device = DeviceContext.builder("stb-0002").model("X1").build();
  private final HydrantClientTest.RecordingListener listener =
      new HydrantClientTest.RecordingListener();
  private final List<Retry> retries = new CopyOnWriteArrayList<>();
  private HydrantClient client;

  private record Retry(int attempt, Duration backoff) {}

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

  private HydrantClientBuilder builder() {
    DeliveryListener both =
        new DeliveryListener() {
          @Override
          public void onDelivered(List<EventRef> events) {
            listener.onDelivered(events);
          }

          @Override
          public void onFailed(FailureReason reason, String detail, List<EventRef> events) {
            listener.onFailed(reason, detail, events);
          }

          @Override
          public void onRetry(int attempt, String reason, Duration wait) {
            retries.add(new Retry(attempt, wait));
          }
        };
    return HydrantClient.builder()
        .endpoint("https://localhost:" + wm.getHttpsPort() + "/fh")
        .deliveryStream("stb-telemetry")
        .trust(TlsFixtures.trust())
        .listener(both)
        .route(Route.BATCH)
        .aggregation(false)
        .initialBackoff(Duration.ofMillis(100))
        .maxBackoff(Duration.ofSeconds(2))
        .linger(Duration.ofMillis(50));
  }

  private VideoQualityEvent event(String session) {
    return VideoQualityEvent.builder(device)
        .playbackState(PlaybackState.PLAYING)
        .sessionId(session)
        .bitrateKbps(4_500)
        .build();
  }

  private static boolean holds(FirehoseResponder.Received r, String text) {
    return r.records().stream().anyMatch(b -> new String(b, StandardCharsets.UTF_8).contains(text));
  }

  @Test
  void recordsTheProxyAcknowledgedAreAckedWhileAnotherRecordOfTheirRequestStillRetries() {
    responder.alwaysFailRecordsContaining(POISON);
    client = builder().build();
    client.send(event(POISON));
    for (int i = 0; i < 3; i++) {
      client.send(event("fine-" + i));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> listener.delivered.size() == 3);
    assertTrue(holds(responder.received().get(0), POISON), "one request held all four");
    assertEquals(4, responder.received().get(0).records().size());
    HydrantMetrics m = client.metrics();
    assertEquals(3, m.delivered());
    assertEquals(1, m.queueEvents(), "only the failing record is still pending");
    assertTrue(listener.failed.isEmpty(), listener.failed.toString());
  }

  @Test
  void aRecordThatKeepsFailingDoesNotDelayFreshEvents() {
    responder.alwaysFailRecordsContaining(POISON);
    client = builder().build();
    client.send(event(POISON));
    await().atMost(Duration.ofSeconds(10)).until(() -> responder.received().size() >= 2);
    for (int i = 0; i < 5; i++) {
      int delivered = listener.delivered.size();
      client.send(event("fresh-" + i));
      // Within a few lingers, while the failing record keeps backing off towards 2 s.
      await().atMost(Duration.ofSeconds(1)).until(() -> listener.delivered.size() == delivered + 1);
    }
    assertTrue(listener.failed.isEmpty(), "the failing record is still being retried");
    assertEquals(1, client.metrics().queueEvents());
    // A steady trickle: when the failing record is due again, it rides along with fresh events.
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              client.send(event("fresh-trickle"));
              return responder.received().stream()
                  .anyMatch(r -> holds(r, POISON) && holds(r, "fresh-"));
            });
    assertTrue(listener.failed.isEmpty(), listener.failed.toString());
  }

  @Test
  void theSharedBackoffStartsOverAfterASuccess() {
    // 503 (request-level), then a partial answer (a success for the backoff), then 503 again.
    responder.thenRespond(503, "{\"message\":\"Service Unavailable\"}");
    responder.thenFailEntries(0);
    responder.thenRespond(503, "{\"message\":\"Service Unavailable\"}");
    client = builder().linger(Duration.ofSeconds(30)).build();
    for (int i = 0; i < 3; i++) {
      client.send(event("s-" + i));
    }
    assertTrue(client.flush(Duration.ofSeconds(20)));
    assertEquals(4, responder.received().size());
    assertEquals(3, listener.delivered.size());
    assertEquals(3, retries.size(), retries.toString());
    assertEquals(1, retries.get(0).attempt());
    assertEquals(1, retries.get(2).attempt(), "counted from 1 again after the partial success");
    assertTrue(retries.get(2).backoff().toMillis() < 100, "within the first ceiling: " + retries);
  }

  @Test
  void requestsOverlapUpToMaxInFlight() {
    responder.delayAnswers(400);
    client = builder().linger(Duration.ofSeconds(30)).batchMaxRecords(5).maxInFlight(2).build();
    for (int i = 0; i < 10; i++) {
      client.send(event("p-" + i));
    }
    assertTrue(client.flush(Duration.ofSeconds(20)));
    List<FirehoseResponder.Received> r = responder.received();
    assertEquals(2, r.size());
    long apartMillis = (r.get(1).nanoTime() - r.get(0).nanoTime()) / 1_000_000;
    assertTrue(apartMillis < 400, "second request started before the first was answered");
    assertEquals(10, listener.delivered.size());
  }

  @Test
  void oneInFlightWaitsForEachAnswer() {
    responder.delayAnswers(400);
    client = builder().linger(Duration.ofSeconds(30)).batchMaxRecords(5).maxInFlight(1).build();
    for (int i = 0; i < 10; i++) {
      client.send(event("q-" + i));
    }
    assertTrue(client.flush(Duration.ofSeconds(20)));
    List<FirehoseResponder.Received> r = responder.received();
    assertEquals(2, r.size());
    long apartMillis = (r.get(1).nanoTime() - r.get(0).nanoTime()) / 1_000_000;
    assertTrue(apartMillis >= 400, "second request waited for the first answer: " + apartMillis);
  }

  @Test
  void aLoneEventAfterTenIdleSecondsGoesOutWithinLingerPlus50Ms() {
    long linger = 200;
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    client = builder().linger(Duration.ofMillis(linger)).build();
    client.send(event("warm-up"));
    assertTrue(client.flush(Duration.ofSeconds(10)));
    Thread sender = ownThread(before, "hydrant-sender");
    await()
        .during(Duration.ofSeconds(10))
        .atMost(Duration.ofSeconds(12))
        .until(() -> responder.received().size() == 1);
    assertEquals(Thread.State.WAITING, sender.getState(), "idle without a timed wake-up");
    assertEquals(
        List.of("hydrant-sender"),
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> !before.contains(t))
            .map(Thread::getName)
            .filter(n -> n.startsWith("hydrant-") || n.contains("idle-connection-reaper"))
            .toList(),
        "the only thread while idle");

    long sentAt = System.nanoTime();
    client.send(event("lone"));
    await().atMost(Duration.ofSeconds(5)).until(() -> responder.received().size() == 2);
    long millis = (responder.received().get(1).nanoTime() - sentAt) / 1_000_000;
    assertTrue(millis >= linger - 10, "waited for the linger: " + millis + " ms");
    assertTrue(millis <= linger + 50, "sent " + millis + " ms after send, linger " + linger);
  }

  @Test
  void oneRequestAtATimeUsesOneRequestThreadSoTheClientRunsTwoThreads() {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    client = builder().linger(Duration.ZERO).maxInFlight(2).build();
    Set<String> seen = new TreeSet<>();
    for (int i = 0; i < 20; i++) {
      // Each request is answered before the next starts, well within the threads' keep-alive.
      client.send(event("one-at-a-time-" + i));
      assertTrue(client.flush(Duration.ofSeconds(10)));
      List<String> running =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> !before.contains(t) && t.getName().startsWith("hydrant-"))
              .map(Thread::getName)
              .sorted()
              .toList();
      assertTrue(running.size() <= 2, "at most the sender and one request thread: " + running);
      seen.addAll(running);
    }
    assertEquals(20, responder.received().size());
    assertTrue(
        seen.stream().filter(n -> n.startsWith("hydrant-request-")).count() <= 2,
        "an idle request thread takes the next request: " + seen);
  }

  @Test
  void maxInFlightIsValidated() {
    HydrantClientBuilder b = HydrantClient.builder();
    assertEquals(
        "maxInFlight must be between 1 and 16: 0",
        assertThrows(IllegalArgumentException.class, () -> b.maxInFlight(0)).getMessage());
    assertEquals(
        "maxInFlight must be between 1 and 16: 17",
        assertThrows(IllegalArgumentException.class, () -> b.maxInFlight(17)).getMessage());
    assertEquals(
        HydrantClientBuilder.DEFAULT_MAX_IN_FLIGHT, builder().config().maxInFlight(), "default");
    assertFalse(HydrantClientBuilder.DEFAULT_MAX_IN_FLIGHT < 2);
  }

  /** The thread named {@code name} that did not exist yet in {@code before}. */
  private static Thread ownThread(Set<Thread> before, String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }
}

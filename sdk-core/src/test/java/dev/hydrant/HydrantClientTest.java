package dev.hydrant;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hydrant.event.CustomEvent;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.VideoQualityEvent;
import dev.hydrant.internal.transport.TlsFixtures;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole client against WireMock over TLS: batching, retry, dead letters, buffer policies. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HydrantClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final FirehoseResponder responder = new FirehoseResponder();

  @RegisterExtension
  static final WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(TlsFixtures.https(TlsFixtures.SERVER_KEYSTORE).extensions(responder))
          .build();

  private final DeviceContext device = DeviceContext.builder("stb-0001").model("X1").build();
  private final RecordingListener listener = new RecordingListener();
  private HydrantClient client;

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
    return HydrantClient.builder()
        .endpoint("https://localhost:" + wm.getHttpsPort() + "/fh")
        .deliveryStream("stb-telemetry")
        .trust(TlsFixtures.trust())
        .listener(listener)
        .initialBackoff(Duration.ofMillis(20))
        .maxBackoff(Duration.ofMillis(200))
        .linger(Duration.ofMillis(50));
  }

  private VideoQualityEvent event(int i) {
    return VideoQualityEvent.builder(device)
        .playbackState(PlaybackState.PLAYING)
        .sessionId("session-" + (i / 100))
        .bitrateKbps(4_500 + i % 7)
        .droppedFrames(i % 3)
        .build();
  }

  @Test
  void deliversEveryEventExactlyOnceFromEightThreads() throws Exception {
    client = builder().route(Route.BATCH).bufferMaxEvents(200_000).bufferMaxBytes(64 << 20).build();
    int threads = 8;
    int perThread = 10_000;
    Set<String> sent = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      DeviceContext d = DeviceContext.builder("stb-" + t).build();
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  VideoQualityEvent e =
                      VideoQualityEvent.builder(d).playbackState(PlaybackState.PLAYING).build();
                  assertTrue(client.send(e));
                  sent.add(e.eventId().toString());
                }
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    assertTrue(client.flush(Duration.ofSeconds(60)), "flush in time");

    List<String> lines = responder.receivedLines();
    List<String> ids = new ArrayList<>(lines.size());
    Map<String, Long> lastSeq = new HashMap<>();
    for (String line : lines) {
      var node = JSON.readTree(line);
      ids.add(node.get("event_id").asText());
      lastSeq.merge(node.get("device_id").asText(), node.get("seq").asLong(), Math::max);
    }
    assertEquals(threads * perThread, ids.size(), "events on the wire");
    assertEquals(sent, new HashSet<>(ids), "the same events, each once");
    assertEquals((long) threads * perThread, client.metrics().delivered());
    assertEquals(threads * perThread, listener.delivered.size());
    for (int t = 0; t < threads; t++) {
      assertEquals(perThread, lastSeq.get("stb-" + t), "seq of stb-" + t + " counts every event");
    }
  }

  @Test
  void aggregationPacksSmallEventsIntoOneRecord() {
    client = builder().linger(Duration.ofMillis(300)).build();
    for (int i = 0; i < 1_000; i++) {
      client.send(event(i));
    }
    assertTrue(client.flush(Duration.ofSeconds(10)));
    List<FirehoseResponder.Received> requests = responder.received();
    assertEquals(1, requests.size(), "one request");
    assertEquals(1, requests.get(0).records().size(), "one Firehose record");
    assertEquals(1_000, responder.receivedLines().size());
    assertEquals(1, client.metrics().records());
    assertTrue(
        client.negotiatedTls().orElseThrow().protocol().matches("TLSv1\\.[23]"),
        client.negotiatedTls().toString());
  }

  @Test
  void aLoneEventGoesOutAfterTheLingerTime() {
    client = builder().linger(Duration.ofMillis(400)).build();
    long start = System.nanoTime();
    client.send(event(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.delivered.size() == 1);
    long tookMillis = (responder.received().get(0).nanoTime() - start) / 1_000_000;
    assertTrue(tookMillis >= 350, "sent after the linger time, not before: " + tookMillis + " ms");
  }

  @Test
  void batchRouteRespectsFiveHundredRecordsPerRequest() {
    client = builder().route(Route.BATCH).aggregation(false).linger(Duration.ofSeconds(30)).build();
    for (int i = 0; i < 1_200; i++) {
      client.send(event(i));
    }
    assertTrue(client.flush(Duration.ofSeconds(20)));
    List<FirehoseResponder.Received> requests = responder.received();
    int total = 0;
    for (FirehoseResponder.Received r : requests) {
      assertTrue(r.path().endsWith("/fh/batch"), r.path());
      assertTrue(r.records().size() <= 500, "records per request: " + r.records().size());
      total += r.records().size();
    }
    assertEquals(1_200, total);
    assertEquals(3, requests.size());
  }

  @Test
  void batchRouteRespectsFourMebibytesPerRequest() {
    client = builder().route(Route.BATCH).aggregation(false).linger(Duration.ofSeconds(30)).build();
    String big = "x".repeat(4_000);
    for (int i = 0; i < 600; i++) {
      client.send(
          CustomEvent.builder("blob_sample", device)
              .field("a", big)
              .field("b", big)
              .field("c", big)
              .build());
    }
    assertTrue(client.flush(Duration.ofSeconds(30)));
    int total = 0;
    for (FirehoseResponder.Received r : responder.received()) {
      long raw = r.records().stream().mapToLong(b -> b.length).sum();
      assertTrue(raw <= 4L * 1024 * 1024, "raw bytes per request: " + raw);
      assertTrue(r.records().size() < 500);
      total += r.records().size();
    }
    assertEquals(600, total);
  }

  @Test
  void partialFailureResendsOnlyTheFailedRecords() {
    responder.thenFailEntries(1, 3);
    client = builder().route(Route.BATCH).aggregation(false).linger(Duration.ofSeconds(30)).build();
    for (int i = 0; i < 5; i++) {
      client.send(event(i));
    }
    assertTrue(client.flush(Duration.ofSeconds(10)));
    List<FirehoseResponder.Received> requests = responder.received();
    assertEquals(2, requests.size());
    assertEquals(5, requests.get(0).records().size());
    assertEquals(
        List.of(
            new String(requests.get(0).records().get(1), StandardCharsets.UTF_8),
            new String(requests.get(0).records().get(3), StandardCharsets.UTF_8)),
        requests.get(1).records().stream().map(String::new).toList(),
        "only entries 1 and 3 again");
    assertEquals(5, listener.delivered.size());
    assertEquals(1, client.metrics().retries());
  }

  @Test
  void anErrorMaskedAsOkIsRetried() {
    responder.thenRespond(
        200, "{\"__type\":\"ServiceUnavailableException\",\"message\":\"Slow down.\"}");
    client = builder().build();
    client.send(event(1));
    assertTrue(client.flush(Duration.ofSeconds(10)));
    assertEquals(2, responder.received().size());
    assertEquals(1, listener.delivered.size());
    assertEquals(1, client.metrics().retries());
  }

  @Test
  void forbiddenDeadLettersItsEventsWhileLaterTrafficFlows() {
    responder.thenRespond(403, "{\"message\":\"Forbidden\"}");
    client = builder().build();
    client.send(event(1));
    assertTrue(client.flush(Duration.ofSeconds(10)));
    client.send(event(2));
    assertTrue(client.flush(Duration.ofSeconds(10)));
    assertEquals(1, listener.failed.size(), "one failure callback");
    assertEquals(FailureReason.FORBIDDEN, listener.failed.get(0).reason());
    assertEquals(1, listener.failed.get(0).seqs().size());
    assertEquals(1L, listener.failed.get(0).seqs().get(0));
    assertEquals(List.of(2L), listener.deliveredSeqs());
    assertEquals(Map.of(FailureReason.FORBIDDEN, 1L), client.metrics().failedByReason());
  }

  @Test
  void deadLettersAreWrittenToTheDeadLetterFile(@TempDir Path dir) throws Exception {
    responder.thenRespond(403, "{\"message\":\"Forbidden\"}");
    client = builder().deadLetterDirectory(dir).build();
    VideoQualityEvent e = event(1);
    client.send(e);
    assertTrue(client.flush(Duration.ofSeconds(10)));
    List<String> lines = Files.readAllLines(dir.resolve("dead-letters.ndjson"));
    assertEquals(1, lines.size(), lines.toString());
    var json = JSON.readTree(lines.get(0));
    assertEquals("FORBIDDEN", json.get("reason").asText());
    assertTrue(json.get("detail").asText().contains("Forbidden"), json.toString());
    assertEquals(e.eventId().toString(), json.get("event").get("event_id").asText());
    assertEquals(1, json.get("event").get("seq").asLong());
    assertEquals(1, listener.failed.size(), "the application's listener is still called");
  }

  @Test
  void ridesOutAFewSecondsOfOutageWithBoundedRequests() {
    responder.outageFor(2_000);
    client =
        builder().initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(800)).build();
    for (int i = 0; i < 50; i++) {
      client.send(event(i));
    }
    assertTrue(client.flush(Duration.ofSeconds(20)));
    assertEquals(50, listener.delivered.size());
    int requests = responder.received().size();
    // Exponential backoff from 100 ms to 800 ms over 2 s allows about 8 attempts on average;
    // a hot loop would make thousands.
    assertTrue(requests >= 2 && requests <= 40, "requests during the outage: " + requests);
  }

  @Test
  void dropNewestRefusesAndReportsWhenFull() {
    client =
        builder()
            .linger(Duration.ofSeconds(60))
            .bufferMaxEvents(10)
            .bufferFullPolicy(BufferFullPolicy.dropNewest())
            .build();
    for (int i = 0; i < 10; i++) {
      assertTrue(client.send(event(i)));
    }
    assertFalse(client.send(event(10)));
    assertEquals(Map.of(DropReason.BUFFER_FULL_NEWEST, 1L), client.metrics().droppedByReason());
    assertEquals(List.of(11L), listener.droppedSeqs());
  }

  @Test
  void dropOldestEvictsAndReportsTheOldest() {
    client =
        builder()
            .linger(Duration.ofSeconds(60))
            .bufferMaxEvents(10)
            .bufferFullPolicy(BufferFullPolicy.dropOldest())
            .build();
    for (int i = 0; i < 11; i++) {
      assertTrue(client.send(event(i)));
    }
    assertEquals(List.of(1L), listener.droppedSeqs());
    assertTrue(client.flush(Duration.ofSeconds(10)));
    assertEquals(10, listener.delivered.size());
  }

  @Test
  void blockThrowsAfterItsTimeout() {
    responder.outageFor(60_000);
    client =
        builder()
            .linger(Duration.ofSeconds(60))
            .bufferMaxEvents(3)
            .bufferFullPolicy(BufferFullPolicy.block(Duration.ofMillis(50)))
            .build();
    for (int i = 0; i < 3; i++) {
      client.send(event(i));
    }
    BufferFullException e = assertThrows(BufferFullException.class, () -> client.send(event(3)));
    assertTrue(e.getMessage().contains("PT0.05S"), e.getMessage());
    assertEquals(3, client.metrics().accepted());
  }

  @Test
  void reportsEventsWhoseDeadlinePassed() {
    responder.outageFor(60_000);
    client = builder().eventTtl(Duration.ofMillis(300)).build();
    client.send(event(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> listener.failed.size() == 1);
    assertEquals(FailureReason.EXPIRED, listener.failed.get(0).reason());
    assertEquals(1, client.metrics().expired());
  }

  @Test
  void closeDeliversWhatItCanWithinItsBound() {
    client = builder().linger(Duration.ofSeconds(60)).build();
    for (int i = 0; i < 100; i++) {
      client.send(event(i));
    }
    assertTrue(client.close(Duration.ofSeconds(10)));
    assertEquals(100, listener.delivered.size());
    assertThrows(ClientClosedException.class, () -> client.send(event(101)));
    assertTrue(client.close(Duration.ofSeconds(1)), "idempotent");
  }

  @Test
  void closeReportsWhatItCouldNotDeliverInMemoryMode() {
    responder.outageFor(60_000);
    client = builder().linger(Duration.ofMillis(10)).build();
    for (int i = 0; i < 20; i++) {
      client.send(event(i));
    }
    long start = System.nanoTime();
    assertFalse(client.close(Duration.ofMillis(500)));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(tookMillis < 5_000, "close is bounded: " + tookMillis + " ms");
    long closed =
        listener.failed.stream()
            .filter(f -> f.reason() == FailureReason.CLOSED)
            .mapToLong(f -> f.seqs().size())
            .sum();
    assertEquals(20, closed, "every undelivered event reported");
    assertEquals(0, listener.delivered.size());
  }

  @Test
  void usesTheConfiguredClockForDeadlines() {
    client = builder().clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(-2))).build();
    client.send(event(1));
    assertTrue(client.flush(Duration.ofSeconds(10)));
    assertEquals(1, listener.delivered.size(), listener.failed.toString());
  }

  @Test
  void anOutOfMemoryErrorFromTheListenerNeitherKillsTheSenderNorResendsDeliveredEvents() {
    AtomicLong thrown = new AtomicLong();
    RecordingListener recorder = listener;
    DeliveryListener flaky =
        new DeliveryListener() {
          @Override
          public void onDelivered(List<EventRef> events) {
            if (thrown.getAndIncrement() == 0) {
              throw new OutOfMemoryError("simulated: a batch body did not fit the heap");
            }
            recorder.onDelivered(events);
          }
        };
    client = builder().listener(flaky).build();
    client.send(event(1));
    client.send(event(2));
    assertTrue(client.flush(Duration.ofSeconds(10)));
    client.send(event(3));
    assertTrue(client.flush(Duration.ofSeconds(10)), "the sender survived");
    // The callback that threw was the end callback of events 1 and 2: they are not sent again.
    assertEquals(List.of(3L), listener.deliveredSeqs());
    assertEquals(3, responder.receivedLines().size());
    assertEquals(3, client.metrics().delivered());
    assertEquals(1, client.metrics().listenerErrors());
  }

  @Test
  void aWallClockSteppedForwardDoesNotExpireBufferedEvents() {
    MutableClock wall = new MutableClock(System.currentTimeMillis());
    client = builder().linger(Duration.ofSeconds(30)).clock(wall).build();
    client.send(event(1));
    wall.millis += Duration.ofDays(2).toMillis(); // NTP sync on a box that booted with a stale RTC
    assertTrue(client.flush(Duration.ofSeconds(10)));
    assertEquals(List.of(1L), listener.deliveredSeqs(), listener.failed.toString());
  }

  /** A wall clock a test can step. */
  static final class MutableClock extends Clock {
    volatile long millis;

    MutableClock(long millis) {
      this.millis = millis;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public java.time.Instant instant() {
      return java.time.Instant.ofEpochMilli(millis);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void flushWaitsForItsOwnEventsWhateverHappensToLaterOnes() throws Exception {
    responder.outageFor(60_000);
    client =
        builder()
            .linger(Duration.ofMillis(10))
            .bufferMaxEvents(20)
            .bufferFullPolicy(BufferFullPolicy.dropOldest())
            .build();
    for (int i = 0; i < 10; i++) {
      client.send(event(i));
    }
    await().until(() -> !responder.received().isEmpty());
    CompletableFuture<Boolean> flush =
        CompletableFuture.supplyAsync(() -> client.flush(Duration.ofSeconds(2)));
    for (int i = 10; i < 40; i++) {
      client.send(event(i));
    }
    assertTrue(client.metrics().dropped() > 0, "later events were evicted");
    assertFalse(flush.get(10, TimeUnit.SECONDS), "the first ten are still being retried");
  }

  @Test
  void aFullBufferIsSentWithoutWaitingForTheLinger() {
    client =
        builder()
            .linger(Duration.ofSeconds(30))
            .bufferMaxEvents(100)
            .bufferFullPolicy(BufferFullPolicy.block(Duration.ofSeconds(10)))
            .build();
    for (int i = 0; i < 150; i++) {
      assertTrue(client.send(event(i)));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> listener.delivered.size() >= 100);
  }

  @Test
  void aFlushWhoseTimeoutEndsAtOnceStillSendsItsEventsWithoutTheLinger() {
    client = builder().linger(Duration.ofHours(1)).build();
    for (int i = 1; i <= 5; i++) {
      client.send(event(i));
      assertFalse(client.flush(Duration.ZERO), "nothing is delivered in no time");
      int sent = i;
      await().atMost(Duration.ofSeconds(10)).until(() -> listener.delivered.size() == sent);
    }
  }

  @Test
  void aZeroLingerSenderDoesNotSpinWhenIdle() {
    client = builder().linger(Duration.ZERO).build();
    Thread sender =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("hydrant-sender"))
            .findFirst()
            .orElseThrow();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long before = mx.getThreadCpuTime(sender.getId());
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    long cpuMillis = (mx.getThreadCpuTime(sender.getId()) - before) / 1_000_000;
    assertTrue(cpuMillis < 100, "idle sender used " + cpuMillis + " ms of CPU in 1 s");
  }

  @Test
  void everySendRacingWithCloseIsRefusedOrReported() throws Exception {
    responder.outageFor(60_000);
    client =
        builder()
            .linger(Duration.ofMillis(10))
            .bufferMaxEvents(2)
            .bufferFullPolicy(BufferFullPolicy.block(Duration.ofSeconds(20)))
            .build();
    client.send(event(0));
    await().until(() -> !responder.received().isEmpty());
    client.send(event(1));
    AtomicLong accepted = new AtomicLong(2);
    List<Thread> producers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  if (client.send(event(2))) {
                    accepted.incrementAndGet();
                  }
                } catch (ClientClosedException expected) {
                  // refused: fine
                }
              });
      t.start();
      producers.add(t);
    }
    await()
        .until(() -> producers.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING));
    client.close(Duration.ofMillis(200));
    for (Thread t : producers) {
      t.join(10_000);
    }
    long ended =
        listener.delivered.size() + listener.failed.stream().mapToLong(f -> f.seqs().size()).sum();
    assertEquals(accepted.get(), ended, "every accepted event got exactly one callback");
  }

  /** Records every callback. */
  static final class RecordingListener implements DeliveryListener {
    record Failure(FailureReason reason, String detail, List<Long> seqs) {}

    final List<EventRef> delivered = new CopyOnWriteArrayList<>();
    final List<Failure> failed = new CopyOnWriteArrayList<>();
    final List<EventRef> dropped = new CopyOnWriteArrayList<>();
    final AtomicLong retries = new AtomicLong();

    @Override
    public void onDelivered(List<EventRef> events) {
      delivered.addAll(events);
    }

    @Override
    public void onFailed(FailureReason reason, String detail, List<EventRef> events) {
      failed.add(new Failure(reason, detail, events.stream().map(EventRef::seq).toList()));
    }

    @Override
    public void onDropped(DropReason reason, long count, List<EventRef> events) {
      dropped.addAll(events);
    }

    @Override
    public void onRetry(int attempt, String reason, Duration wait) {
      retries.incrementAndGet();
    }

    List<Long> deliveredSeqs() {
      List<Long> s = new ArrayList<>(delivered.stream().map(EventRef::seq).toList());
      Collections.sort(s);
      return s;
    }

    List<Long> droppedSeqs() {
      List<Long> s = new ArrayList<>(dropped.stream().map(EventRef::seq).toList());
      Collections.sort(s);
      return s;
    }
  }
}

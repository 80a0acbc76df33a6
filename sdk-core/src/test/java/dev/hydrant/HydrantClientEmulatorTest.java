package dev.hydrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.PlaybackState;
import dev.hydrant.event.VideoQualityEvent;
import dev.hydrant.testkit.Faults;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseEmulatorExtension;
import dev.hydrant.testkit.FirehoseQuotas;
import dev.hydrant.testkit.IntegrationMode;
import dev.hydrant.tls.Trust;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The memory-mode client against the emulator over TLS: at-least-once through a flaky proxy (masked
 * errors, failed batch entries, 5xx, 429, resets, empty answers), and a typed failure for an
 * unknown delivery stream whatever the gateway does with Firehose's status.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HydrantClientEmulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final FirehoseEmulatorExtension EMULATOR =
      FirehoseEmulatorExtension.using(FirehoseEmulator.builder().quotas(FirehoseQuotas.UNLIMITED));

  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final Map<FailureReason, Long> failedEvents = new ConcurrentHashMap<>();
  private HydrantClient client;

  @AfterEach
  void closeClient() {
    if (client != null) {
      client.close(Duration.ofSeconds(2));
    }
  }

  private HydrantClientBuilder builder(Route route) {
    return plainBuilder(route)
        .listener(
            new DeliveryListener() {
              @Override
              public void onFailed(FailureReason reason, String detail, List<EventRef> events) {
                failures.add(reason + " x" + events.size() + ": " + detail);
                failedEvents.merge(reason, (long) events.size(), Long::sum);
              }

              @Override
              public void onDropped(DropReason reason, long count, List<EventRef> events) {
                failures.add("dropped " + reason + " x" + count);
              }
            });
  }

  private static HydrantClientBuilder plainBuilder(Route route) {
    return HydrantClient.builder()
        .endpoint(EMULATOR.endpoint())
        .deliveryStream("stb-telemetry")
        .route(route)
        .trust(Trust.pem(EMULATOR.caCertificatePem()))
        .linger(Duration.ofMillis(20))
        .initialBackoff(Duration.ofMillis(10))
        .maxBackoff(Duration.ofMillis(200))
        .bufferMaxEvents(50_000);
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void everyAcceptedEventArrivesAtLeastOnceThroughAFlakyProxy(Route route) throws Exception {
    EMULATOR.emulator().faults(Faults.flaky(42));
    // Small records and batches: many requests, so that every kind of fault happens.
    client =
        builder(route)
            .recordMaxBytes(route == Route.SINGLE ? 8_192 : 2_048)
            .batchMaxRecords(5)
            .build();
    int devices = 2;
    int perDevice = 2_500;
    Set<String> sent = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(devices);
    List<Future<?>> done = new ArrayList<>();
    for (int d = 0; d < devices; d++) {
      DeviceContext device = DeviceContext.builder("stb-flaky-" + d).build();
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < perDevice; i++) {
                  VideoQualityEvent e =
                      VideoQualityEvent.builder(device)
                          .playbackState(PlaybackState.PLAYING)
                          .bitrateKbps(1_000 + i)
                          .build();
                  assertTrue(client.send(e));
                  sent.add(e.eventId().toString());
                }
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    assertTrue(client.flush(Duration.ofSeconds(90)), "flush in time");
    assertEquals(List.of(), failures);

    Map<String, Long> deliveries = new HashMap<>();
    Map<String, String> idByDeviceSeq = new HashMap<>();
    List<String> seqConflicts = new ArrayList<>();
    for (String line : EMULATOR.deliveredLines()) {
      JsonNode node = JSON.readTree(line);
      String id = node.get("event_id").asText();
      deliveries.merge(id, 1L, Long::sum);
      String key = node.get("device_id").asText() + "#" + node.get("seq").asLong();
      String other = idByDeviceSeq.putIfAbsent(key, id);
      if (other != null && !other.equals(id)) {
        seqConflicts.add(key + ": " + other + " and " + id);
      }
    }
    assertEquals(sent, deliveries.keySet(), "every accepted event, nothing else");
    assertEquals(List.of(), seqConflicts);
    assertEquals(devices * perDevice, idByDeviceSeq.size());
    long extra = deliveries.values().stream().mapToLong(n -> n - 1).sum();
    assertEquals(sent.size(), client.metrics().delivered());
    System.out.printf(
        "Flaky proxy, %s route, memory mode: %d events, %d duplicate deliveries (%.2f%%), %d"
            + " requests, %d retries, gateway %s%n",
        route,
        sent.size(),
        extra,
        100.0 * extra / sent.size(),
        client.metrics().requests(),
        client.metrics().retries(),
        EMULATOR.stats().gatewayRequestsByStatus());
  }

  @ParameterizedTest
  @EnumSource(IntegrationMode.class)
  void anUnknownStreamFailsEveryEventWithStreamNotFound(IntegrationMode mode) {
    EMULATOR.emulator().mode(mode);
    for (Route route : Route.values()) {
      failedEvents.clear();
      client = builder(route).deliveryStream("no-such-stream").build();
      DeviceContext device = DeviceContext.builder("stb-lost-1").build();
      for (int i = 0; i < 20; i++) {
        assertTrue(
            client.send(
                VideoQualityEvent.builder(device)
                    .playbackState(PlaybackState.PLAYING)
                    .bitrateKbps(i)
                    .build()));
      }
      assertTrue(client.flush(Duration.ofSeconds(20)), "failed fast, no endless retry");
      assertEquals(Map.of(FailureReason.STREAM_NOT_FOUND, 20L), failedEvents, mode + " " + route);
      assertEquals(
          Map.of(FailureReason.STREAM_NOT_FOUND, 20L),
          client.metrics().failedByReason(),
          mode + " " + route);
      assertTrue(client.close(Duration.ofSeconds(2)));
    }
    assertEquals(List.of(), EMULATOR.deliveredLines());
    assertTrue(
        failures.stream().allMatch(f -> f.contains("no-such-stream")),
        "the detail names the stream: " + failures);
  }

  @Test
  void flushReturnsTrueOnlyOnceTheListenerWasToldAboutEveryEvent() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<EventRef> told = new CopyOnWriteArrayList<>();
    client =
        plainBuilder(Route.BATCH)
            .listener(
                new DeliveryListener() {
                  @Override
                  public void onDelivered(List<EventRef> events) {
                    entered.countDown();
                    try {
                      release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    told.addAll(events);
                  }
                })
            .build();
    DeviceContext device = DeviceContext.builder("stb-told-1").build();
    for (int i = 0; i < 10; i++) {
      assertTrue(
          client.send(
              VideoQualityEvent.builder(device).playbackState(PlaybackState.PAUSED).build()));
    }
    assertTrue(entered.await(20, TimeUnit.SECONDS), "delivered");
    assertFalse(
        client.flush(Duration.ofMillis(200)), "flush must wait while the listener is being told");
    release.countDown();
    assertTrue(client.flush(Duration.ofSeconds(10)));
    assertEquals(10, told.size(), "told about every event when flush returned");
    assertEquals(10, client.metrics().delivered());
  }
}

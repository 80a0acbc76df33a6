package dev.hydrant.micrometer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.HydrantClient;
import dev.hydrant.HydrantMetrics;
import dev.hydrant.Route;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.UptimeEvent;
import dev.hydrant.testkit.Faults;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseEmulatorExtension;
import dev.hydrant.testkit.Latency;
import dev.hydrant.tls.Trust;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The binder registers every meter and its values follow the client, against the emulator. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HydrantMetersTest {
  @RegisterExtension
  static final FirehoseEmulatorExtension EMULATOR =
      FirehoseEmulatorExtension.using(FirehoseEmulator.builder()).perTest();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private HydrantClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close(Duration.ofSeconds(2));
    }
    registry.close();
  }

  private HydrantClient client(String stream) {
    return HydrantClient.builder()
        .endpoint(EMULATOR.endpoint())
        .deliveryStream(stream)
        .route(Route.BATCH)
        .aggregation(false)
        .batchMaxRecords(1)
        .maxInFlight(1)
        .trust(Trust.pem(EMULATOR.caCertificatePem()))
        .linger(Duration.ofMillis(5))
        .build();
  }

  private double counter(String name, String... tags) {
    return registry.get(name).tags(tags).functionCounter().count();
  }

  @Test
  void registersEveryMeterAndFollowsTheClient() {
    EMULATOR
        .emulator()
        .faults(Faults.builder().latency(Latency.fixed(Duration.ofMillis(40))).build());
    client = client("stb-telemetry");
    new HydrantMeters(client, Tags.of("client", "living-room"), 0).bindTo(registry);
    assertEquals(0, counter("hydrant.events.delivered"));
    assertEquals(1, registry.get("hydrant.delivery.state").tag("state", "healthy").gauge().value());

    DeviceContext device = DeviceContext.builder("stb-mm-1").build();
    for (int i = 0; i < 5; i++) {
      client.send(UptimeEvent.builder(device).uptimeMs(1_000 + i).build());
    }
    assertTrue(client.flush(Duration.ofSeconds(30)));

    HydrantMetrics m = client.metrics();
    assertEquals(5, counter("hydrant.events.accepted"));
    assertEquals(5, counter("hydrant.events.delivered"));
    assertEquals((double) m.requests(), counter("hydrant.requests"));
    assertEquals((double) m.records(), counter("hydrant.records.sent"));
    assertEquals((double) m.bytesSent(), counter("hydrant.bytes.sent"));
    assertEquals(0, counter("hydrant.events.failed", "reason", "forbidden"));
    assertEquals(0, registry.get("hydrant.queue.events").gauge().value());
    assertEquals(
        (double) m.requests(),
        registry.get("hydrant.request.latency").functionTimer().count(),
        "one timing per request");
    assertEquals(5, registry.get("hydrant.delivery.latency").functionTimer().count());
    double p50 =
        registry
            .get("hydrant.request.latency.recent")
            .tag("quantile", "0.5")
            .timeGauge()
            .value(TimeUnit.MILLISECONDS);
    assertTrue(p50 >= 39, "the injected 40 ms: " + p50);
    double max =
        registry
            .get("hydrant.request.latency.recent")
            .tag("quantile", "1")
            .timeGauge()
            .value(TimeUnit.MILLISECONDS);
    assertTrue(max >= p50, max + " >= " + p50);
    for (Meter meter : registry.getMeters()) {
      assertEquals("living-room", meter.getId().getTag("client"), meter.getId().toString());
    }
  }

  @Test
  void oneSnapshotServesTheMetersOfAScrape() {
    client = client("stb-telemetry");
    new HydrantMeters(client, Tags.empty(), 3_000).bindTo(registry);
    assertEquals(0, counter("hydrant.events.accepted"));
    client.send(UptimeEvent.builder(DeviceContext.builder("stb-mm-3").build()).uptimeMs(1).build());
    assertEquals(
        0, counter("hydrant.events.accepted"), "within the snapshot time: the same snapshot");
    await().atMost(Duration.ofSeconds(10)).until(() -> counter("hydrant.events.accepted") == 1);
  }

  @Test
  void failuresAreCountedByReasonAndTheStateFollows() {
    client = client("no-such-stream");
    new HydrantMeters(client, Tags.empty(), 0).bindTo(registry);
    client.send(UptimeEvent.builder(DeviceContext.builder("stb-mm-2").build()).uptimeMs(1).build());
    assertTrue(client.flush(Duration.ofSeconds(30)));
    assertEquals(1, counter("hydrant.events.failed", "reason", "stream_not_found"));
    assertEquals(
        1,
        registry.get("hydrant.delivery.state").tag("state", "failing").gauge().value(),
        client.metrics().health().toString());
    assertEquals(0, registry.get("hydrant.delivery.state").tag("state", "healthy").gauge().value());
  }
}

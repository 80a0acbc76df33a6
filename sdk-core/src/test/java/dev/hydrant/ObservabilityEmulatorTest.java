package dev.hydrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.UptimeEvent;
import dev.hydrant.testing.EmulatorClients;
import dev.hydrant.testkit.Faults;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseEmulatorExtension;
import dev.hydrant.testkit.FirehoseQuotas;
import dev.hydrant.testkit.IntegrationMode;
import dev.hydrant.testkit.Latency;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The latency histograms and request ids end to end, against the emulator over real TLS: the
 * emulator's injected latency shows up in the request and delivery latencies, and failures carry
 * the gateway's request id.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ObservabilityEmulatorTest {
  private static final long INJECTED_MILLIS = 150;

  @RegisterExtension
  static final FirehoseEmulatorExtension EMULATOR =
      FirehoseEmulatorExtension.using(FirehoseEmulator.builder().quotas(FirehoseQuotas.UNLIMITED))
          .perTest();

  private final DeviceContext device = DeviceContext.builder("stb-obs-1").build();
  private HydrantClient client;

  @AfterEach
  void closeClient() {
    if (client != null) {
      client.close(Duration.ofSeconds(2));
    }
  }

  @Test
  void theHistogramsShowTheEmulatorsInjectedLatency() {
    EMULATOR
        .emulator()
        .faults(
            Faults.builder().latency(Latency.fixed(Duration.ofMillis(INJECTED_MILLIS))).build());
    client =
        EmulatorClients.builder(EMULATOR)
            .aggregation(false)
            .maxInFlight(1)
            .batchMaxRecords(1)
            .latencyWindow(Duration.ofMinutes(5))
            .build();
    for (int i = 0; i < 20; i++) {
      client.send(UptimeEvent.builder(device).uptimeMs(1_000).build());
    }
    assertTrue(client.flush(Duration.ofSeconds(60)));

    HydrantMetrics m = client.metrics();
    assertEquals(20, m.delivered());
    LatencyDistribution request = m.requestLatency().sinceStart();
    assertEquals(m.requests(), request.count());
    long floor = INJECTED_MILLIS * 1000 * (1000 - 16) / 1000;
    assertTrue(
        request.percentile(0).toNanos() / 1000 >= floor,
        "no request faster than the injected latency: " + request);
    // Loose on top: the machine is shared; what matters is that the median is the injected delay
    // plus a local round trip, not zero or a multiple of it.
    assertTrue(request.p50().toMillis() < INJECTED_MILLIS * 2, request.toString());
    assertEquals(request, m.requestLatency().recent(), "all of it is recent");
    assertEquals(Duration.ofMinutes(5), m.requestLatency().window(), "the configured window");

    LatencyDistribution delivery = m.deliveryLatency().sinceStart();
    assertEquals(20, delivery.count());
    assertTrue(
        delivery.max().toMillis() >= INJECTED_MILLIS * 19,
        "one request at a time: the last event waited for 19 others: " + delivery);
    assertTrue(delivery.percentile(0).toMillis() >= INJECTED_MILLIS - 3, delivery.toString());
  }

  @Test
  void aForbiddenAnswerFromTheGatewayCarriesItsRequestId() {
    EMULATOR.emulator().apiKey("right-key-0123456789");
    List<DeliveryFailure> failures = new CopyOnWriteArrayList<>();
    List<AttemptEnd> ends = new CopyOnWriteArrayList<>();
    client =
        EmulatorClients.builder(EMULATOR)
            .apiKey("wrong-key-0123456789")
            .listener(
                new DeliveryListener() {
                  @Override
                  public void onFailed(DeliveryFailure failure, List<EventRef> events) {
                    failures.add(failure);
                  }

                  @Override
                  public void onAttemptEnd(AttemptEnd attempt) {
                    ends.add(attempt);
                  }
                })
            .build();
    client.send(UptimeEvent.builder(device).uptimeMs(1_000).build());
    assertTrue(client.flush(Duration.ofSeconds(20)));
    assertEquals(1, failures.size());
    DeliveryFailure f = failures.get(0);
    assertEquals(FailureReason.FORBIDDEN, f.reason());
    assertEquals(403, f.statusCode());
    assertEquals(1, ends.size());
    assertEquals(AttemptEnd.Outcome.FATAL, ends.get(0).outcome());
    assertEquals("ForbiddenException", ends.get(0).errorCode().orElseThrow());
    assertEquals(ends.get(0).requestId(), f.requestId());
    assertEquals(36, f.requestId().orElseThrow().length(), f.toString());
  }

  @ParameterizedTest
  @EnumSource(IntegrationMode.class)
  void aMissingStreamCarriesTheRequestIdWhetherMaskedOrNot(IntegrationMode mode) {
    EMULATOR.emulator().mode(mode);
    List<DeliveryFailure> failures = new CopyOnWriteArrayList<>();
    client =
        EmulatorClients.builder(EMULATOR)
            .deliveryStream("no-such-stream")
            .listener(
                new DeliveryListener() {
                  @Override
                  public void onFailed(DeliveryFailure failure, List<EventRef> events) {
                    failures.add(failure);
                  }
                })
            .build();
    client.send(UptimeEvent.builder(device).uptimeMs(1_000).build());
    assertTrue(client.flush(Duration.ofSeconds(20)));
    assertEquals(1, failures.size());
    DeliveryFailure f = failures.get(0);
    assertEquals(FailureReason.STREAM_NOT_FOUND, f.reason());
    assertEquals(mode == IntegrationMode.MASKED ? 200 : 400, f.statusCode(), f.toString());
    assertEquals(36, f.requestId().orElseThrow().length(), f.toString());
  }
}

package dev.hydrant.opentelemetry;

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
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The instruments register with the OpenTelemetry SDK and report the client's values, read with the
 * SDK's in-memory reader; their names and units follow OpenTelemetry's conventions.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HydrantInstrumentsTest {
  @RegisterExtension
  static final FirehoseEmulatorExtension EMULATOR =
      FirehoseEmulatorExtension.using(FirehoseEmulator.builder()).perTest();

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider provider =
      SdkMeterProvider.builder().registerMetricReader(reader).build();
  private HydrantClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close(Duration.ofSeconds(2));
    }
    provider.close();
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

  private Map<String, MetricData> collect() {
    return reader.collectAllMetrics().stream()
        .collect(Collectors.toMap(MetricData::getName, Function.identity()));
  }

  private static long sum(MetricData d, Attributes attributes) {
    return d.getLongSumData().getPoints().stream()
        .filter(p -> p.getAttributes().equals(attributes))
        .mapToLong(LongPointData::getValue)
        .sum();
  }

  private static double gauge(MetricData d, Attributes attributes) {
    return d.getDoubleGaugeData().getPoints().stream()
        .filter(p -> p.getAttributes().equals(attributes))
        .mapToDouble(DoublePointData::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no point " + attributes + " in " + d));
  }

  @Test
  void registersEveryInstrumentWithConventionalNamesAndFollowsTheClient() {
    EMULATOR
        .emulator()
        .faults(Faults.builder().latency(Latency.fixed(Duration.ofMillis(40))).build());
    client = client("stb-telemetry");
    HydrantInstruments instruments = HydrantInstruments.register(client, provider);
    DeviceContext device = DeviceContext.builder("stb-otel-1").build();
    for (int i = 0; i < 5; i++) {
      client.send(UptimeEvent.builder(device).uptimeMs(1_000 + i).build());
    }
    assertTrue(client.flush(Duration.ofSeconds(30)));

    Map<String, MetricData> data = collect();
    assertEquals(
        Set.of(
            "hydrant.events.accepted",
            "hydrant.events.delivered",
            "hydrant.events.failed",
            "hydrant.events.dropped",
            "hydrant.requests",
            "hydrant.retries",
            "hydrant.records.sent",
            "hydrant.bytes.sent",
            "hydrant.listener.errors",
            "hydrant.queue.size",
            "hydrant.queue.usage",
            "hydrant.queue.oldest_age",
            "hydrant.delivery.state",
            "hydrant.delivery.duration",
            "hydrant.request.duration"),
        data.keySet());
    for (MetricData d : data.values()) {
      assertEquals(HydrantInstruments.SCOPE, d.getInstrumentationScopeInfo().getName());
      assertTrue(!d.getName().endsWith("total") && !d.getUnit().isEmpty(), d.toString());
    }
    assertEquals("By", data.get("hydrant.bytes.sent").getUnit());
    assertEquals("s", data.get("hydrant.request.duration").getUnit());
    assertEquals("{event}", data.get("hydrant.events.delivered").getUnit());
    assertTrue(data.get("hydrant.events.delivered").getLongSumData().isMonotonic());
    assertTrue(!data.get("hydrant.queue.size").getLongSumData().isMonotonic());

    HydrantMetrics m = client.metrics();
    assertEquals(5, sum(data.get("hydrant.events.accepted"), Attributes.empty()));
    assertEquals(5, sum(data.get("hydrant.events.delivered"), Attributes.empty()));
    assertEquals(m.requests(), sum(data.get("hydrant.requests"), Attributes.empty()));
    assertEquals(m.bytesSent(), sum(data.get("hydrant.bytes.sent"), Attributes.empty()));
    assertEquals(0, sum(data.get("hydrant.queue.size"), Attributes.empty()));
    double p50 =
        gauge(
            data.get("hydrant.request.duration"),
            Attributes.of(HydrantInstruments.WINDOW, "recent", HydrantInstruments.QUANTILE, "0.5"));
    assertTrue(p50 >= 0.039, "the injected 40 ms: " + p50);

    instruments.close();
    assertTrue(collect().isEmpty(), "closed: nothing reported any more");
  }

  @Test
  void failuresAreReportedWithTheirErrorTypeAndTheState() {
    client = client("no-such-stream");
    HydrantInstruments.register(client, provider);
    client.send(
        UptimeEvent.builder(DeviceContext.builder("stb-otel-2").build()).uptimeMs(1).build());
    assertTrue(client.flush(Duration.ofSeconds(30)));
    Map<String, MetricData> data = collect();
    assertEquals(
        1,
        sum(
            data.get("hydrant.events.failed"),
            Attributes.of(HydrantInstruments.ERROR_TYPE, "stream_not_found")));
    MetricData state = data.get("hydrant.delivery.state");
    assertEquals(
        1,
        state.getLongGaugeData().getPoints().stream()
            .filter(
                p -> p.getAttributes().equals(Attributes.of(HydrantInstruments.STATE, "failing")))
            .mapToLong(LongPointData::getValue)
            .sum());
  }
}

package dev.hydrant.examples;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.HydrantClient;
import dev.hydrant.Route;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.UptimeEvent;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseEmulatorExtension;
import dev.hydrant.tls.Trust;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo's {@code --metrics-port}: Prometheus text from the Micrometer bridge, on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsEndpointTest {
  @RegisterExtension
  static final FirehoseEmulatorExtension EMULATOR =
      FirehoseEmulatorExtension.using(FirehoseEmulator.builder());

  @Test
  void servesTheClientsMetricsAsPrometheusText() throws Exception {
    try (HydrantClient client =
            HydrantClient.builder()
                .endpoint(EMULATOR.endpoint())
                .deliveryStream("stb-telemetry")
                .route(Route.BATCH)
                .trust(Trust.pem(EMULATOR.caCertificatePem()))
                .linger(Duration.ofMillis(5))
                .build();
        MetricsEndpoint endpoint = new MetricsEndpoint(client, 0)) {
      DeviceContext device = DeviceContext.builder("stb-prom-1").build();
      for (int i = 0; i < 3; i++) {
        client.send(UptimeEvent.builder(device).uptimeMs(1_000 + i).build());
      }
      assertTrue(client.flush(Duration.ofSeconds(30)));
      URI uri = URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics");
      AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
      // The bridge shares one snapshot per second between meters: wait for a fresh one.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                last.set(
                    HttpClient.newHttpClient()
                        .send(
                            HttpRequest.newBuilder(uri).build(),
                            HttpResponse.BodyHandlers.ofString()));
                if (last.get().statusCode() != 200) {
                  throw new AssertionError(last.get().body());
                }
                return last.get().body().contains("hydrant_events_delivered_total 3.0");
              });
      HttpResponse<String> response = last.get();
      assertEquals(200, response.statusCode());
      String body = response.body();
      assertTrue(body.contains("hydrant_events_accepted_total 3.0"), body);
      assertTrue(body.contains("hydrant_events_delivered_total 3.0"), body);
      assertTrue(body.contains("hydrant_delivery_state{state=\"healthy\"} 1.0"), body);
      assertTrue(body.contains("hydrant_request_latency_seconds_count"), body);
      assertTrue(body.contains("hydrant_delivery_latency_recent_seconds{quantile=\"0.99\"}"), body);
    }
  }

  @Test
  void aPortOutOfRangeIsRefusedNamingTheOption() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new MetricsEndpoint(null, 65_536));
    assertEquals("--metrics-port must be in 0..65535, got 65536", e.getMessage());
  }
}

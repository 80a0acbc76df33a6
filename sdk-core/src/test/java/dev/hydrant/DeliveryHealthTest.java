package dev.hydrant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hydrant.DeliveryHealth.State;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.UptimeEvent;
import dev.hydrant.internal.transport.TlsFixtures;
import dev.hydrant.testing.LogCapture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a newcomer sees when delivery cannot work or stops working: the health state in the metrics,
 * the listener's transitions and the log lines (captured as actually printed), for a refused port,
 * an unknown host, a 403 and an outage that ends.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeliveryHealthTest {
  private static final String API_KEY = "hk-live-5ecr3t-a9f8e7d6c5";
  private static final String RECORD_ID =
      "49546986683135544286507457936321625675700192471156785154AbCdEfGhIj";

  @RegisterExtension final LogCapture logs = new LogCapture();

  @RegisterExtension
  static final WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(TlsFixtures.https(TlsFixtures.SERVER_KEYSTORE))
          .build();

  private final List<String> transitions = new CopyOnWriteArrayList<>();
  private final DeliveryListener listener =
      new DeliveryListener() {
        @Override
        public void onHealthChanged(DeliveryHealth previous, DeliveryHealth current) {
          transitions.add(previous.state() + "->" + current.state());
        }
      };
  private final DeviceContext device = DeviceContext.builder("stb-health").build();
  private HydrantClient client;

  @AfterEach
  void closeClient() {
    if (client != null) {
      client.close(Duration.ofMillis(500));
    }
  }

  private HydrantClientBuilder builder(String endpoint) {
    return HydrantClient.builder()
        .endpoint(endpoint)
        .deliveryStream("stb-telemetry")
        .apiKey(API_KEY)
        .trust(TlsFixtures.trust())
        .listener(listener)
        .connectTimeout(Duration.ofSeconds(2))
        .initialBackoff(Duration.ofMillis(10))
        .maxBackoff(Duration.ofMillis(50))
        .linger(Duration.ofMillis(10));
  }

  private UptimeEvent event() {
    return UptimeEvent.builder(device).uptimeMs(42_000).build();
  }

  @Test
  void refusedPortWarnsOnceNamingEndpointCauseAndWhatHappensNext() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String endpoint = "https://127.0.0.1:" + port + "/fh";
    client = builder(endpoint).build();
    client.send(event());

    await().atMost(Duration.ofSeconds(20)).until(() -> client.metrics().requests() >= 10);
    List<String> warn =
        logs.lines(LogCapture.at("WARN", "delivery to " + endpoint + " is failing"));
    assertEquals(1, warn.size(), "one WARN however many attempts fail: " + logs.lines());
    assertTrue(warn.get(0).contains("refused the connection"), warn.get(0));
    assertTrue(warn.get(0).contains("retrying with backoff"), warn.get(0));
    assertTrue(warn.get(0).contains("the memory buffer"), warn.get(0));
    assertTrue(warn.get(0).contains("dev.hydrant.delivery"), warn.get(0));
    assertEquals(
        List.of(),
        logs.lines(LogCapture.at("ERROR", "delivery to")),
        "refusals are a configuration error only after a minute");
    assertEquals(List.of("HEALTHY->DEGRADED", "DEGRADED->FAILING"), transitions);
    DeliveryHealth health = client.metrics().health();
    assertEquals(State.FAILING, health.state());
    assertEquals(0, health.lastStatusCode());
    assertTrue(health.consecutiveFailures() >= 10, health.toString());
    assertTrue(health.lastError().orElseThrow().contains("Connection refused"), health.toString());
    assertEquals(1, client.metrics().queueEvents(), "the event waits in the buffer");
  }

  @Test
  void unknownHostIsAnErrorWithTheFixOnceAndFailingAtOnce() {
    String endpoint = "https://hydrant-health-test.invalid/fh";
    client = builder(endpoint).build();
    client.send(event());

    await().atMost(Duration.ofSeconds(30)).until(() -> client.metrics().requests() >= 5);
    List<String> error =
        logs.lines(LogCapture.at("ERROR", "delivery to " + endpoint + " cannot succeed"));
    assertEquals(1, error.size(), "one ERROR per cause: " + logs.lines());
    assertTrue(error.get(0).contains("does not resolve"), error.get(0));
    assertTrue(error.get(0).contains("check the endpoint host name"), error.get(0));
    assertEquals(
        1, logs.lines(LogCapture.at("WARN", "delivery to " + endpoint + " is failing")).size());
    assertEquals(List.of("HEALTHY->FAILING"), transitions);
    DeliveryHealth health = client.metrics().health();
    assertEquals(State.FAILING, health.state());
    assertTrue(
        health.lastError().orElseThrow().contains("UnknownHostException"), health.toString());
  }

  @Test
  void forbiddenIsAnErrorNamingTheApiKeyFixWithoutPrintingTheKey() {
    wm.stubFor(
        post(anyUrl())
            .willReturn(
                json(403, "{\"message\":\"Forbidden\"}")
                    .withHeader("x-amzn-ErrorType", "ForbiddenException")
                    .withHeader("x-amzn-RequestId", "req-forbidden-1")));
    String endpoint = "https://localhost:" + wm.getHttpsPort() + "/fh";
    client = builder(endpoint).build();
    for (int i = 0; i < 4; i++) {
      client.send(event());
      assertTrue(client.flush(Duration.ofSeconds(10)), "a 403 fails the event at once");
    }

    assertEquals(4, client.metrics().failedByReason().get(FailureReason.FORBIDDEN));
    List<String> error = logs.lines(LogCapture.at("ERROR", "delivery to " + endpoint));
    assertEquals(1, error.size(), "one ERROR per cause: " + logs.lines());
    assertTrue(error.get(0).contains("HTTP 403"), error.get(0));
    assertTrue(error.get(0).contains("check the API key"), error.get(0));
    List<String> warn =
        logs.lines(LogCapture.at("WARN", "delivery to " + endpoint + " is failing"));
    assertEquals(1, warn.size(), logs.lines().toString());
    assertTrue(warn.get(0).contains("fail with reason FORBIDDEN"), warn.get(0));
    assertEquals(List.of(), logs.lines(line -> line.contains(API_KEY)), "the API key is secret");
    assertEquals(List.of("HEALTHY->FAILING"), transitions);
    DeliveryHealth health = client.metrics().health();
    assertEquals(State.FAILING, health.state());
    assertEquals(403, health.lastStatusCode());
    assertEquals("req-forbidden-1", health.lastRequestId().orElseThrow());
    assertEquals(4, health.consecutiveFailures());
  }

  @Test
  void outageThatEndsLogsRecoveryAtInfoAndReturnsToHealthy() {
    String scenario = "outage";
    String state = STARTED;
    for (int i = 1; i <= 4; i++) {
      wm.stubFor(
          post(anyUrl())
              .inScenario(scenario)
              .whenScenarioStateIs(state)
              .willReturn(json(503, "{\"message\":\"Service Unavailable\"}"))
              .willSetStateTo("after-" + i));
      state = "after-" + i;
    }
    wm.stubFor(
        post(anyUrl())
            .inScenario(scenario)
            .whenScenarioStateIs(state)
            .willReturn(
                json(200, "{\"RecordId\":\"" + RECORD_ID + "\",\"Encrypted\":false}")
                    .withHeader("x-amzn-RequestId", "req-ok-1")));
    String endpoint = "https://localhost:" + wm.getHttpsPort() + "/fh";
    client = builder(endpoint).build();
    client.send(event());

    assertTrue(client.flush(Duration.ofSeconds(20)));
    assertEquals(1, client.metrics().delivered());
    assertEquals(
        List.of("HEALTHY->DEGRADED", "DEGRADED->FAILING", "FAILING->HEALTHY"), transitions);
    List<String> warn =
        logs.lines(LogCapture.at("WARN", "delivery to " + endpoint + " is failing"));
    assertEquals(1, warn.size(), logs.lines().toString());
    assertTrue(warn.get(0).contains("HTTP 503"), warn.get(0));
    List<String> info = logs.lines(LogCapture.at("INFO", "delivery to " + endpoint + " recovered"));
    assertEquals(1, info.size(), logs.lines().toString());
    assertTrue(info.get(0).contains("4 failed attempt(s)"), info.get(0));
    DeliveryHealth health = client.metrics().health();
    assertEquals(State.HEALTHY, health.state());
    assertEquals(200, health.lastStatusCode());
    assertEquals("req-ok-1", health.lastRequestId().orElseThrow());
    assertEquals(0, health.consecutiveFailures());
    assertTrue(health.lastError().orElseThrow().contains("HTTP 503"), health.toString());
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }
}

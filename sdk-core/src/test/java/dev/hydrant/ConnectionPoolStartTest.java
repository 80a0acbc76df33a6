package dev.hydrant;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.event.UptimeEvent;
import dev.hydrant.internal.transport.HttpClientFactory;
import dev.hydrant.internal.transport.TlsFixtures;
import dev.hydrant.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The connection pool is built on a short-lived thread while {@code build()} returns. A pool that
 * cannot be built fails the events like any failed attempt: listener, metrics and log; one that
 * fails once is built by the first request; closing before it exists leaves nothing open.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionPoolStartTest {
  private static final FirehoseResponder responder = new FirehoseResponder();

  @RegisterExtension
  static final WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(TlsFixtures.https(TlsFixtures.SERVER_KEYSTORE).extensions(responder))
          .build();

  @RegisterExtension final LogCapture logs = new LogCapture();

  private final List<DeliveryFailure> failures = new CopyOnWriteArrayList<>();
  private final List<String> retries = new CopyOnWriteArrayList<>();
  private final AtomicInteger delivered = new AtomicInteger();
  private HydrantClient client;

  @BeforeEach
  void answerLikeFirehose() {
    responder.reset();
    wm.stubFor(post(anyUrl()).willReturn(ok()));
  }

  @AfterEach
  void closeClient() {
    if (client != null) {
      client.close(Duration.ofSeconds(2));
    }
  }

  private HydrantClient client(HttpClientFactory clients) {
    HydrantConfig config =
        HydrantClient.builder()
            .endpoint("https://localhost:" + wm.getHttpsPort() + "/fh")
            .deliveryStream("stb-telemetry")
            .trust(TlsFixtures.trust())
            .maxAttempts(2)
            .initialBackoff(Duration.ofMillis(5))
            .maxBackoff(Duration.ofMillis(5))
            .linger(Duration.ZERO)
            .listener(
                new DeliveryListener() {
                  @Override
                  public void onDelivered(List<EventRef> events) {
                    delivered.addAndGet(events.size());
                  }

                  @Override
                  public void onRetry(int attempt, String reason, Duration wait) {
                    retries.add(reason);
                  }

                  @Override
                  public void onFailed(DeliveryFailure failure, List<EventRef> events) {
                    failures.add(failure);
                  }
                })
            .config();
    return new HydrantClient(config, clients);
  }

  private void sendOne() {
    client.send(
        UptimeEvent.builder(DeviceContext.builder("stb-pool").build()).uptimeMs(1_000).build());
  }

  @Test
  void aPoolThatCannotBeBuiltFailsItsEventsInTheListenerTheMetricsAndTheLog() {
    client =
        client(
            (config, sockets) -> {
              throw new IllegalStateException("simulated: no pool");
            });
    sendOne();
    await().until(() -> failures.size() == 1);

    String cause =
        "the HTTP connection pool could not be built: java.lang.IllegalStateException: simulated:"
            + " no pool";
    DeliveryFailure failure = failures.get(0);
    assertEquals(FailureReason.RETRIES_EXHAUSTED, failure.reason());
    assertTrue(failure.detail().contains(cause), failure.detail());
    assertEquals(1, retries.size(), retries.toString());
    assertTrue(retries.get(0).contains(cause), retries.get(0));

    HydrantMetrics metrics = client.metrics();
    assertEquals(1, metrics.failed());
    assertEquals(1, metrics.retries());
    assertEquals(0, metrics.delivered());

    assertEquals(
        1,
        logs.lines(
                LogCapture.at("WARN", "could not build the HTTP connection pool on hydrant-init"))
            .size(),
        logs.lines().toString());
    assertEquals(
        1,
        logs.lines(LogCapture.at("WARN", "1 event(s) not delivered")).stream()
            .filter(line -> line.contains("RETRIES_EXHAUSTED") && line.contains(cause))
            .count(),
        logs.lines().toString());
    assertEquals(0, wm.getAllServeEvents().size(), "nothing was sent");
  }

  @Test
  void aPoolThatFailsOnceIsBuiltByTheFirstRequestWhichDelivers() {
    AtomicInteger builds = new AtomicInteger();
    client =
        client(
            (config, sockets) -> {
              if (builds.incrementAndGet() == 1) {
                throw new IllegalStateException("simulated: not this time");
              }
              return HttpClientFactory.APACHE.build(config, sockets);
            });
    sendOne();
    await().until(() -> delivered.get() == 1);
    assertEquals(2, builds.get());
    assertEquals(List.of(), failures);
    assertEquals(List.of(), retries);
    assertEquals(
        1,
        logs.lines(
                LogCapture.at(
                    "WARN",
                    "could not build the HTTP connection pool on hydrant-init; the first request"
                        + " tries again: java.lang.IllegalStateException: simulated: not this"
                        + " time"))
            .size(),
        logs.lines().toString());
  }

  @Test
  void closingBeforeThePoolExistsIsCleanAndClosesThePoolOnceBuilt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean poolClosed = new AtomicBoolean();
    client =
        client(
            (config, sockets) -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
              }
              SdkHttpClient real = HttpClientFactory.APACHE.build(config, sockets);
              return new SdkHttpClient() {
                @Override
                public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                  return real.prepareRequest(request);
                }

                @Override
                public void close() {
                  real.close();
                  poolClosed.set(true);
                }
              };
            });
    assertTrue(client.close(Duration.ofSeconds(1)), "nothing was sent, so the close is clean");
    assertFalse(poolClosed.get());
    release.countDown();
    await().untilTrue(poolClosed);
    assertEquals(0, client.metrics().failed());
  }
}

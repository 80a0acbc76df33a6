package dev.hydrant;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.auth.AwsIamAuth;
import dev.hydrant.auth.IotCredentialsProvider;
import dev.hydrant.event.CustomEvent;
import dev.hydrant.event.DeviceContext;
import dev.hydrant.testing.LogCapture;
import dev.hydrant.testkit.AwsIamVerifier;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.IotCredentialsEmulator;
import dev.hydrant.tls.ClientCertificate;
import dev.hydrant.tls.Trust;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client with {@code awsIam}: credentials from the emulated IoT credential provider over mutual
 * TLS, every request SigV4-signed and verified by the emulator's gateway in {@code AWS_IAM} mode.
 */
@Timeout(60)
class PerDeviceIdentityTest {
  private static final String ALIAS = "hydrant-telemetry";
  private static final String THING = "stb-000042";

  @RegisterExtension final LogCapture logs = new LogCapture();
  @TempDir Path dir;

  private final DeviceContext device = DeviceContext.builder(THING).build();
  private final AwsIamVerifier verifier = new AwsIamVerifier();
  private final AtomicLong delivered = new AtomicLong();
  private final Map<FailureReason, Long> failed = new ConcurrentHashMap<>();
  private final List<String> healthChanges = new CopyOnWriteArrayList<>();
  private FirehoseEmulator gateway;
  private IotCredentialsEmulator iot;
  private HydrantClient client;

  @BeforeEach
  void start() {
    gateway = FirehoseEmulator.builder().gzipRequests(true).build().start();
    gateway.awsIam(verifier);
    iot = new IotCredentialsEmulator(verifier, ALIAS, Duration.ofHours(1)).start();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close(Duration.ofSeconds(2));
    }
    iot.close();
    gateway.close();
  }

  private IotCredentialsProvider provider(String alias) {
    Path key = iot.issueDeviceCertificate(THING, dir);
    return IotCredentialsProvider.builder()
        .endpoint(iot.endpoint())
        .roleAlias(alias)
        .thingName(THING)
        .clientCertificate(ClientCertificate.pem(key, IotCredentialsEmulator.chainFileOf(key)))
        .trust(Trust.pem(iot.serverCaPem()))
        .build();
  }

  private HydrantClientBuilder builder(String alias) {
    return HydrantClient.builder()
        .endpoint(gateway.endpoint())
        .deliveryStream("stb-telemetry")
        .route(Route.BATCH)
        .gzip(true)
        .trust(Trust.pem(gateway.caCertificatePem()))
        .linger(Duration.ofMillis(20))
        .initialBackoff(Duration.ofMillis(10))
        .maxBackoff(Duration.ofMillis(50))
        .awsIam(
            AwsIamAuth.builder(provider(alias))
                .region(AwsIamVerifier.DEFAULT_REGION)
                .initialBackoff(Duration.ofMillis(10))
                .maxBackoff(Duration.ofMillis(100))
                .build())
        .listener(
            new DeliveryListener() {
              @Override
              public void onDelivered(List<EventRef> events) {
                delivered.addAndGet(events.size());
              }

              @Override
              public void onFailed(FailureReason reason, String detail, List<EventRef> events) {
                failed.merge(reason, (long) events.size(), Long::sum);
              }

              @Override
              public void onHealthChanged(DeliveryHealth previous, DeliveryHealth current) {
                healthChanges.add(previous.state() + "->" + current.state());
              }
            });
  }

  private void sendEvents(int n) {
    for (int i = 0; i < n; i++) {
      assertTrue(client.send(CustomEvent.builder("probe", device).field("i", i).build()));
    }
  }

  @Test
  void everyEventIsSignedAndEveryRequestVerifiedByTheGateway() {
    client = builder(ALIAS).build();
    sendEvents(200);
    assertTrue(client.flush(Duration.ofSeconds(20)));
    assertEquals(200, delivered.get());
    assertEquals(Map.of(), failed);
    assertTrue(verifier.verified() >= 1);
    assertEquals(0, verifier.rejected());
    assertEquals(1, iot.issued());
    assertEquals(
        200, gateway.deliveredLines().stream().filter(l -> l.contains("\"probe\"")).count());
  }

  @Test
  void eventsWaitWhileNoCredentialsCanBeHadAndAreDeliveredOnceTheyCome() {
    iot.down(true);
    client = builder(ALIAS).build();
    sendEvents(5);
    await().until(() -> iot.requests() >= 3);
    assertFalse(client.flush(Duration.ofMillis(200)), "nothing can be delivered yet");
    HydrantMetrics waiting = client.metrics();
    assertEquals(0, waiting.delivered());
    assertEquals(0, waiting.failed(), "waiting for credentials does not fail events");
    assertEquals(5, waiting.queueEvents());
    assertEquals(0, verifier.verified() + verifier.rejected(), "nothing reached the gateway");
    assertTrue(logs.lines(LogCapture.at("WARN", "credentials unavailable")).size() >= 1);
    // Not silent: each failed fetch is a failed attempt for the health state.
    await().until(() -> client.metrics().health().state() == DeliveryHealth.State.FAILING);
    assertTrue(
        client
            .metrics()
            .health()
            .lastError()
            .orElseThrow()
            .startsWith("signing credentials unavailable: "),
        client.metrics().health().toString());
    assertTrue(healthChanges.contains("DEGRADED->FAILING"), healthChanges.toString());
    assertEquals(
        1,
        logs.lines(LogCapture.at("WARN", "is failing: signing credentials unavailable")).size(),
        logs.lines().toString());

    iot.down(false);
    assertTrue(client.flush(Duration.ofSeconds(20)));
    assertEquals(5, delivered.get());
    assertEquals(DeliveryHealth.State.HEALTHY, client.metrics().health().state());
    assertTrue(healthChanges.contains("FAILING->HEALTHY"), healthChanges.toString());
  }

  @Test
  void aRefusedDeviceFailsItsEventsAsCredentialsRefusedWithoutRetrying() {
    client = builder("no-such-alias").build();
    sendEvents(3);
    await().until(() -> failed.getOrDefault(FailureReason.CREDENTIALS_REFUSED, 0L) == 3);
    assertEquals(3, client.metrics().failed());
    assertEquals(0, client.metrics().retries());
    assertEquals(0, verifier.verified() + verifier.rejected(), "nothing reached the gateway");
    assertEquals(1, logs.lines(LogCapture.at("ERROR", "credentials refused")).size());
  }

  @Test
  void configShowsAndCarriesTheOptionAndRequiresARegionForACustomDomain() {
    AwsIamAuth auth = AwsIamAuth.builder(provider(ALIAS)).build();
    HydrantClientBuilder b =
        HydrantClient.builder()
            .endpoint(
                java.net.URI.create("https://abc123.execute-api.eu-west-1.amazonaws.com/p/fh"))
            .deliveryStream("stb-telemetry")
            .awsIam(auth);
    HydrantConfig config = b.config();
    assertSame(auth, config.awsIam().orElseThrow());
    assertSame(auth, config.toBuilder().config().awsIam().orElseThrow());
    assertEquals("eu-west-1", auth.signingRegion(config.endpoint()));
    assertTrue(
        config.toString().contains("awsIam=AwsIamAuth{service=execute-api"), config.toString());
    assertTrue(config.toBuilder().awsIam(null).config().awsIam().isEmpty());

    IllegalStateException custom =
        assertThrows(
            IllegalStateException.class,
            () -> b.endpoint(java.net.URI.create("https://telemetry.example.com/fh")).config());
    assertTrue(custom.getMessage().startsWith("region must be set for AWS_IAM signing"));
    ((IotCredentialsProvider) auth.credentialsProvider()).close();
  }
}

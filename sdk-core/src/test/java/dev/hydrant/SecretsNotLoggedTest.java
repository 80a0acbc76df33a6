package dev.hydrant;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hydrant.auth.AwsCredentials;
import dev.hydrant.auth.AwsIamAuth;
import dev.hydrant.auth.CredentialsProvider;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * With every logger at TRACE (its own JVM, see the {@code trace-logs} surefire execution), a run
 * that fetches credentials, signs, delivers, meets an expired token and a refusal prints neither a
 * secret access key nor a session token, and no {@code toString()} or failure detail shows one.
 *
 * <p>One exception is asserted, not hidden: the AWS SDK's signer prints its canonical request at
 * DEBUG under {@value #SDK_SIGNER_LOGGER}, and the canonical request holds the session token (it is
 * a signed header). The secret access key appears nowhere.
 */
@Timeout(60)
class SecretsNotLoggedTest {
  static final String SDK_SIGNER_LOGGER = "software.amazon.awssdk.http.auth.aws.internal.signer";

  @RegisterExtension final LogCapture logs = new LogCapture();
  @TempDir Path dir;

  @Test
  void noSecretAppearsInAnyLogLineToStringOrFailureDetailAtTrace() {
    // Only the trace-logs execution sets TRACE; run elsewhere (-Dtest=...), the test would prove
    // nothing.
    assumeTrue(
        LoggerFactory.getLogger(HydrantClient.class).isTraceEnabled(),
        "skipped: needs slf4j-simple at TRACE (the trace-logs surefire execution)");
    AwsIamVerifier verifier = new AwsIamVerifier();
    List<AwsCredentials> seen = new CopyOnWriteArrayList<>();
    List<String> shown = new ArrayList<>();
    try (FirehoseEmulator gateway = FirehoseEmulator.builder().gzipRequests(true).build().start();
        IotCredentialsEmulator iot =
            new IotCredentialsEmulator(verifier, "alias", Duration.ofMinutes(20)).start()) {
      gateway.awsIam(verifier);
      Path key = iot.issueDeviceCertificate("stb-1", dir);
      IotCredentialsProvider iotProvider =
          IotCredentialsProvider.builder()
              .endpoint(iot.endpoint())
              .roleAlias("alias")
              .thingName("stb-1")
              .clientCertificate(
                  ClientCertificate.pem(key, IotCredentialsEmulator.chainFileOf(key)))
              .trust(Trust.pem(iot.serverCaPem()))
              .build();
      CredentialsProvider recording =
          () -> {
            AwsCredentials c = iotProvider.fetch();
            seen.add(c);
            shown.add(c.toString());
            return c;
          };
      List<String> details = new CopyOnWriteArrayList<>();
      HydrantClient client =
          HydrantClient.builder()
              .endpoint(gateway.endpoint())
              .deliveryStream("stb-telemetry")
              .route(Route.BATCH)
              .gzip(true)
              .apiKey(null)
              .trust(Trust.pem(gateway.caCertificatePem()))
              .linger(Duration.ofMillis(10))
              .initialBackoff(Duration.ofMillis(10))
              .maxBackoff(Duration.ofMillis(50))
              .awsIam(
                  AwsIamAuth.builder(recording)
                      .region(AwsIamVerifier.DEFAULT_REGION)
                      .initialBackoff(Duration.ofMillis(10))
                      .build())
              .listener(
                  new DeliveryListener() {
                    @Override
                    public void onFailed(
                        FailureReason reason, String detail, List<EventRef> events) {
                      details.add(detail);
                    }

                    @Override
                    public void onRetry(int attempt, String reason, Duration wait) {
                      details.add(reason);
                    }
                  })
              .build();
      DeviceContext device = DeviceContext.builder("stb-1").build();
      for (int i = 0; i < 20; i++) {
        client.send(CustomEvent.builder("probe", device).field("i", i).build());
      }
      assertTrue(client.flush(Duration.ofSeconds(20)));
      shown.add(client.toString());
      shown.add(client.config().toString());
      shown.add(iotProvider.toString());
      shown.add(client.metrics().toString());
      client.close(Duration.ofSeconds(5));

      // A refused device: its failure detail must not carry a secret either.
      IotCredentialsProvider refused =
          IotCredentialsProvider.builder()
              .endpoint(iot.endpoint())
              .roleAlias("other")
              .thingName("stb-1")
              .clientCertificate(
                  ClientCertificate.pem(key, IotCredentialsEmulator.chainFileOf(key)))
              .trust(Trust.pem(iot.serverCaPem()))
              .build();
      try (HydrantClient second =
          client.config().toBuilder()
              .awsIam(AwsIamAuth.builder(refused).region("us-east-1").build())
              .build()) {
        second.send(CustomEvent.builder("probe", device).build());
        await()
            .until(() -> details.stream().anyMatch(d -> d.contains("Role alias does not exist")));
      }
      shown.addAll(details);
    }
    assertFalse(seen.isEmpty());
    List<String> lines = records(logs.lines());
    assertTrue(lines.stream().anyMatch(l -> l.contains(" DEBUG ")), "DEBUG lines were printed");
    assertTrue(
        lines.stream().anyMatch(l -> l.contains(" DEBUG dev.hydrant")),
        "Hydrant DEBUG lines were printed");
    for (AwsCredentials c : seen) {
      String secret = c.secretAccessKey();
      String token = c.sessionToken().orElseThrow();
      for (String line : lines) {
        assertFalse(line.contains(secret), "secret access key in: " + line);
        if (!line.contains(" DEBUG " + SDK_SIGNER_LOGGER)) {
          assertFalse(line.contains(token), "session token in: " + line);
        }
      }
      for (String text : shown) {
        assertFalse(text.contains(secret), "secret in " + text);
        assertFalse(text.contains(token), "token in " + text);
      }
    }
  }

  /** Log records: a line not starting with {@code [thread]} continues the record before it. */
  private static List<String> records(List<String> lines) {
    List<String> records = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("[") || records.isEmpty()) {
        records.add(line);
      } else {
        records.set(records.size() - 1, records.get(records.size() - 1) + "\n" + line);
      }
    }
    return records;
  }
}

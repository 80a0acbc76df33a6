package dev.hydrant.internal.auth;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.FailureReason;
import dev.hydrant.Route;
import dev.hydrant.auth.AwsCredentials;
import dev.hydrant.auth.CredentialsProvider;
import dev.hydrant.internal.transport.Attempt;
import dev.hydrant.internal.transport.Attempt.Outcome;
import dev.hydrant.internal.transport.ProxyTransport;
import dev.hydrant.testing.LogCapture;
import dev.hydrant.testing.MutableClock;
import dev.hydrant.testkit.AwsIamVerifier;
import dev.hydrant.testkit.IotCredentialsEmulator;
import dev.hydrant.tls.ClientCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's SigV4 signing (the AWS SDK's signer) against the emulator's own verifier, with
 * credentials from the emulated IoT credential provider over mutual TLS: end to end over real TLS.
 */
@Timeout(60)
class SigV4EndToEndTest {
  @RegisterExtension final LogCapture logs = new LogCapture();
  @TempDir Path dir;

  private IamFixture aws = new IamFixture();

  @AfterEach
  void stop() {
    aws.close();
  }

  private static List<byte[]> record(String text) {
    return List.of((text + "\n").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void requestsSignedWithIotCredentialsAreVerifiedOnBothRoutesPlainAndGzip() {
    for (boolean gzip : new boolean[] {false, true}) {
      try (IamFixture.Signed device =
          aws.signed(
              IamFixture.auth(aws.provider(dir, IamFixture.ALIAS, IamFixture.THING)),
              Clock.systemUTC(),
              gzip)) {
        device.cache().start();
        await().until(() -> device.transport().ready());
        Attempt single =
            device.transport().send(Route.SINGLE, record("{\"n\":\"single-" + gzip + "\"}"));
        Attempt batch =
            device
                .transport()
                .send(
                    Route.BATCH,
                    List.of(
                        "{\"n\":\"b1\"}\n".getBytes(StandardCharsets.UTF_8),
                        "{\"n\":\"b2\"}\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Outcome.DELIVERED, single.outcome(), single.detail());
        assertEquals(Outcome.DELIVERED, batch.outcome(), batch.detail());
      }
    }
    assertEquals(4, aws.verifier.verified());
    assertEquals(0, aws.verifier.rejected());
    assertEquals(2, aws.iot.issued());
    aws.gateway.flush();
    assertTrue(
        aws.gateway.deliveredLines().stream().anyMatch(l -> l.contains("single-true")),
        aws.gateway.deliveredLines().toString());
  }

  @Test
  void eventsWaitWhileTheCredentialsEndpointIsDownAndGoWhenItIsBack() {
    aws.iot.down(true);
    try (IamFixture.Signed device =
        aws.signed(
            IamFixture.auth(aws.provider(dir, IamFixture.ALIAS, IamFixture.THING)),
            Clock.systemUTC(),
            false)) {
      device.cache().start();
      await().until(() -> device.cache().failures() >= 3);
      assertFalse(device.transport().ready());
      Attempt waiting = device.transport().send(Route.SINGLE, record("{}"));
      assertEquals(Outcome.RETRY, waiting.outcome());
      assertTrue(waiting.detail().contains("no AWS credentials yet"), waiting.detail());
      assertEquals(0, aws.verifier.verified() + aws.verifier.rejected(), "nothing was sent");
      assertEquals(
          1,
          logs.lines(LogCapture.at("WARN", "credentials unavailable (0 more failures not logged)"))
              .size(),
          "rate-limited: one line for the burst of failures");
      assertTrue(
          logs.lines().stream().anyMatch(l -> l.contains("503 ServiceUnavailableException")));

      aws.iot.down(false);
      await().until(() -> device.transport().ready());
      assertEquals(
          Outcome.DELIVERED, device.transport().send(Route.SINGLE, record("{}")).outcome());
    }
  }

  @Test
  void aCertificateFromAnotherCaIsRefusedAsConfigurationWithoutSending() {
    try (IotCredentialsEmulator stranger =
        new IotCredentialsEmulator(new AwsIamVerifier(), IamFixture.ALIAS, Duration.ofHours(1))) {
      Path key = stranger.issueDeviceCertificate(IamFixture.THING, dir.resolve("stranger"));
      ClientCertificate foreign =
          ClientCertificate.pem(key, IotCredentialsEmulator.chainFileOf(key));
      assertRefused(
          aws.provider(foreign, IamFixture.ALIAS, IamFixture.THING),
          "403 AccessDeniedException: Certificate is invalid on this endpoint");
    }
  }

  @Test
  void anUnknownRoleAliasIsRefused() {
    assertRefused(
        aws.provider(dir, "no-such-alias", IamFixture.THING),
        "404 ResourceNotFoundException: Role alias does not exist");
  }

  @Test
  void aThingNameTheCertificateDoesNotBelongToIsRefused() {
    Path key = aws.iot.issueDeviceCertificate(IamFixture.THING, dir);
    ClientCertificate cert = ClientCertificate.pem(key, IotCredentialsEmulator.chainFileOf(key));
    assertRefused(
        aws.provider(cert, IamFixture.ALIAS, "stb-999999"),
        "403 AccessDeniedException: Access Denied");
  }

  private void assertRefused(CredentialsProvider provider, String expected) {
    try (IamFixture.Signed device =
        aws.signed(IamFixture.auth(provider), Clock.systemUTC(), false)) {
      device.cache().start();
      await().until(() -> device.cache().refusal() != null);
      assertTrue(device.transport().ready(), "a refusal is something to report, not to wait for");
      Attempt attempt = device.transport().send(Route.SINGLE, record("{}"));
      assertEquals(Outcome.FATAL, attempt.outcome());
      assertEquals(FailureReason.CREDENTIALS_REFUSED, attempt.reason());
      assertTrue(attempt.detail().contains(expected), attempt.detail());
      assertEquals(0, aws.verifier.verified() + aws.verifier.rejected(), "nothing was sent");
      // The line is printed just after the refusal is recorded.
      await().until(() -> logs.lines(LogCapture.at("ERROR", "credentials refused")).size() == 1);
    }
  }

  @Test
  void aDeviceClockAnHourBehindIsCorrectedFromTheCredentialsEndpointsDateHeader() {
    Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
    try (IamFixture.Signed device =
        aws.signed(
            IamFixture.auth(aws.provider(dir, IamFixture.ALIAS, IamFixture.THING)),
            behind,
            false)) {
      device.cache().start();
      await().until(() -> device.transport().ready());
      long offset = device.skew().offsetMillis();
      assertTrue(Math.abs(offset - 3_600_000) < 5_000, "offset " + offset);
      assertEquals(
          Outcome.DELIVERED, device.transport().send(Route.SINGLE, record("{}")).outcome());
      assertEquals(0, aws.verifier.rejected());
      assertEquals(
          1, logs.lines(LogCapture.at("WARN", "device clock is 60 min behind the server")).size());
    }
  }

  @Test
  void aSignatureOutsideTheTimeWindowIsRetriedOnceTheDateHeaderCorrectedTheClock() {
    AwsIamVerifier.IssuedCredentials issued = aws.verifier.issue(Duration.ofHours(1), "t");
    // Claims a far expiry, so that the device (its clock an hour behind) still uses them.
    CredentialsProvider fixed =
        CredentialsProvider.of(
            AwsCredentials.temporary(
                issued.accessKeyId(),
                issued.secretAccessKey(),
                issued.sessionToken(),
                issued.expiration().plus(Duration.ofHours(2))));
    Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
    try (IamFixture.Signed device = aws.signed(IamFixture.auth(fixed), behind, false)) {
      device.cache().start();
      await().until(() -> device.transport().ready());
      Attempt first = device.transport().send(Route.SINGLE, record("{}"));
      assertEquals(Outcome.RETRY, first.outcome());
      assertEquals(403, first.statusCode());
      assertTrue(first.detail().contains("device clock 60 min behind"), first.detail());
      Attempt second = device.transport().send(Route.SINGLE, record("{}"));
      assertEquals(Outcome.DELIVERED, second.outcome(), second.detail());
      assertEquals(1, aws.verifier.rejected());
      assertEquals(1, aws.verifier.verified());
    }
  }

  @Test
  void anExpiredTokenDropsTheCredentialsAndTheNextAttemptUsesNewOnes() {
    aws.close();
    MutableClock server = new MutableClock(System.currentTimeMillis());
    aws = new IamFixture(server);
    AtomicInteger fetched = new AtomicInteger();
    // Issues ten-minute credentials but claims an hour, like a token revoked early.
    CredentialsProvider lying =
        () -> {
          fetched.incrementAndGet();
          AwsIamVerifier.IssuedCredentials c = aws.verifier.issue(Duration.ofMinutes(10), "t");
          return AwsCredentials.temporary(
              c.accessKeyId(),
              c.secretAccessKey(),
              c.sessionToken(),
              server.instant().plus(Duration.ofHours(1)));
        };
    try (IamFixture.Signed device = aws.signed(IamFixture.auth(lying), server, false)) {
      device.cache().start();
      await().until(() -> device.transport().ready());
      server.now += Duration.ofMinutes(11).toMillis();
      Attempt expired = device.transport().send(Route.SINGLE, record("{}"));
      assertEquals(Outcome.RETRY, expired.outcome());
      assertTrue(expired.detail().contains("security token expired"), expired.detail());
      await().until(() -> fetched.get() == 2 && device.transport().ready());
      assertEquals(
          Outcome.DELIVERED, device.transport().send(Route.SINGLE, record("{}")).outcome());
    }
  }

  @Test
  void aSignedRequestToAnUnknownRouteStaysRouteNotFound() {
    AwsIamVerifier.IssuedCredentials issued = aws.verifier.issue(Duration.ofHours(1), "t");
    CredentialsProvider fixed =
        CredentialsProvider.of(
            AwsCredentials.temporary(
                issued.accessKeyId(),
                issued.secretAccessKey(),
                issued.sessionToken(),
                issued.expiration()));
    ClockSkew skew = new ClockSkew(Clock.systemUTC());
    CredentialsCache cache = new CredentialsCache(IamFixture.auth(fixed), skew, () -> 1.0);
    try (ProxyTransport transport =
        new ProxyTransport(
            aws.config(false).toBuilder()
                .endpoint(aws.gateway.baseUri().resolve("/no-such-route"))
                .config(),
            new SigV4Auth(cache, skew, AwsIamVerifier.DEFAULT_REGION))) {
      cache.start();
      await().until(transport::ready);
      Attempt attempt = transport.send(Route.SINGLE, record("{}"));
      assertEquals(FailureReason.ROUTE_NOT_FOUND, attempt.reason(), attempt.detail());
    }
  }

  @Test
  void aSignatureMadeWithTheWrongSecretIsForbiddenNotRefused() {
    AwsIamVerifier.IssuedCredentials issued = aws.verifier.issue(Duration.ofHours(1), "t");
    CredentialsProvider wrong =
        CredentialsProvider.of(
            AwsCredentials.temporary(
                issued.accessKeyId(),
                "not-the-secret",
                issued.sessionToken(),
                issued.expiration()));
    try (IamFixture.Signed device = aws.signed(IamFixture.auth(wrong), Clock.systemUTC(), false)) {
      device.cache().start();
      await().until(() -> device.transport().ready());
      Attempt attempt = device.transport().send(Route.SINGLE, record("{}"));
      assertEquals(Outcome.FATAL, attempt.outcome());
      assertEquals(FailureReason.FORBIDDEN, attempt.reason());
      assertTrue(attempt.detail().contains("rejected the SigV4 signature"), attempt.detail());
      assertNull(device.cache().refusal());
      assertNotNull(device.cache().current());
    }
  }
}

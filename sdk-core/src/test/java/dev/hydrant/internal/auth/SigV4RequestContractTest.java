package dev.hydrant.internal.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.hydrant.HydrantClient;
import dev.hydrant.Route;
import dev.hydrant.auth.AwsCredentials;
import dev.hydrant.auth.AwsIamAuth;
import dev.hydrant.auth.CredentialsProvider;
import dev.hydrant.internal.transport.Attempt.Outcome;
import dev.hydrant.internal.transport.ProxyTransport;
import dev.hydrant.internal.transport.TlsFixtures;
import dev.hydrant.testing.MutableClock;
import dev.hydrant.testkit.internal.SigV4Verifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The HTTP contract of a signed request, as WireMock receives it over TLS: SigV4 headers for {@code
 * execute-api} in the configured region, the session token, a signature that the testkit's
 * independent verifier accepts over the exact body bytes received, and a fresh date and signature
 * for each attempt. (WireMock hands out gzip bodies decompressed; signing over compressed bytes is
 * checked end to end against the emulator, which verifies the raw wire bytes.)
 */
@Timeout(30)
class SigV4RequestContractTest {
  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(TlsFixtures.https(TlsFixtures.SERVER_KEYSTORE))
          .build();

  private final AwsCredentials credentials =
      AwsCredentials.temporary(
          "ASIAEXAMPLEKEY000001", "secretKeyExample/abc+def", "TOKEN-123", T0.plusSeconds(3600));

  @Test
  void eachAttemptIsSignedForExecuteApiOverTheExactBodyWithAFreshDate() throws Exception {
    wm.stubFor(
        post("/fh-batch")
            .willReturn(
                okJson("{\"FailedPutCount\":0,\"RequestResponses\":[{\"RecordId\":\"r1\"}]}")));
    MutableClock clock = new MutableClock(T0.toEpochMilli());
    ClockSkew skew = new ClockSkew(clock);
    AwsIamAuth auth =
        AwsIamAuth.builder(CredentialsProvider.of(credentials)).region("eu-west-1").build();
    CredentialsCache cache = new CredentialsCache(auth, skew, () -> 1.0);
    cache.start();
    try (ProxyTransport transport =
        new ProxyTransport(
            HydrantClient.builder()
                .endpoint(URI.create("https://localhost:" + wm.getHttpsPort() + "/fh"))
                .batchEndpoint(URI.create("https://localhost:" + wm.getHttpsPort() + "/fh-batch"))
                .deliveryStream("stb-telemetry")
                .trust(TlsFixtures.trust())
                .config(),
            new SigV4Auth(cache, skew, "eu-west-1"))) {
      org.awaitility.Awaitility.await().until(transport::ready);
      List<byte[]> records = List.of("{\"e\":1}\n".getBytes(StandardCharsets.UTF_8));
      assertEquals(Outcome.DELIVERED, transport.send(Route.BATCH, records).outcome());
      clock.now += Duration.ofSeconds(90).toMillis();
      assertEquals(Outcome.DELIVERED, transport.send(Route.BATCH, records).outcome());
    }
    cache.close();
    List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlEqualTo("/fh-batch")));
    assertEquals(2, sent.size());
    String[] dates = new String[2];
    String[] signatures = new String[2];
    for (int i = 0; i < 2; i++) {
      LoggedRequest r = sent.get(i);
      String authorization = r.getHeader("Authorization");
      assertNotNull(authorization);
      SigV4Verifier.Authorization parsed = SigV4Verifier.parse(authorization);
      assertNotNull(parsed, authorization);
      assertEquals("ASIAEXAMPLEKEY000001", parsed.accessKeyId());
      assertEquals("eu-west-1", parsed.region());
      assertEquals("execute-api", parsed.service());
      assertTrue(
          parsed
              .signedHeaders()
              .containsAll(List.of("host", "x-amz-date", "x-amz-security-token", "content-length")),
          parsed.signedHeaders().toString());
      assertEquals("TOKEN-123", r.getHeader("x-amz-security-token"));
      assertTrue(new String(r.getBody(), StandardCharsets.UTF_8).contains("stb-telemetry"));
      Map<String, String> headers = new HashMap<>();
      for (String name : parsed.signedHeaders()) {
        headers.put(name, r.getHeader(name));
      }
      headers.put("host", r.getHeader("Host"));
      Instant at = T0.plusSeconds(90L * i);
      assertNull(
          SigV4Verifier.verify(
              parsed,
              credentials.secretAccessKey(),
              "POST",
              "/fh-batch",
              "",
              headers,
              r.getBody(),
              "eu-west-1",
              "execute-api",
              at),
          "the independent verifier accepts the signature over the bytes received");
      dates[i] = r.getHeader("X-Amz-Date");
      signatures[i] = parsed.signature();
    }
    assertEquals("20260301T080000Z", dates[0]);
    assertEquals("20260301T080130Z", dates[1]);
    assertNotEquals(signatures[0], signatures[1]);
    assertEquals(
        "20260301t080000z", dates[0].toLowerCase(Locale.ROOT), "signed at the injected clock");
  }
}

package dev.hydrant.internal.transport;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.hydrant.FailureReason;
import dev.hydrant.HydrantConfig;
import dev.hydrant.Route;
import dev.hydrant.internal.transport.Attempt.Outcome;
import dev.hydrant.tls.CertificatePins;
import dev.hydrant.tls.ClientCertificate;
import dev.hydrant.tls.NegotiatedTls;
import dev.hydrant.tls.TlsPolicy;
import dev.hydrant.tls.Trust;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each TLS failure is refused, typed, explained, and never retried. */
class TlsFailuresTest {
  private static final TestPki.Issued WRONG_HOST_LEAF =
      TestPki.server(TlsFixtures.CA, "wrong.example", "dns:wrong.example");
  private static final Path WRONG_HOST_KEYSTORE =
      TlsFixtures.deleteOnExit(
          TestPki.pkcs12(TlsFixtures.DIR, "wrong-host", WRONG_HOST_LEAF, WRONG_HOST_LEAF.cert()));
  private static final TestPki.Issued CLIENT_CA = TestPki.ca("Hydrant Test Device CA");
  private static final TestPki.Issued DEVICE = TestPki.client(CLIENT_CA, "stb-000042");
  private static final Path CLIENT_TRUST =
      TlsFixtures.deleteOnExit(TestPki.trustStore(TlsFixtures.DIR, "device-ca", CLIENT_CA.cert()));
  private static final String OTHER_PIN_1 = "sha256/" + "A".repeat(43) + "=";
  private static final String OTHER_PIN_2 = "sha256/" + "B".repeat(43) + "=";

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(TlsFixtures.https(TlsFixtures.SERVER_KEYSTORE))
          .build();

  @RegisterExtension
  static WireMockExtension wrongHost =
      WireMockExtension.newInstance().options(TlsFixtures.https(WRONG_HOST_KEYSTORE)).build();

  @RegisterExtension
  static WireMockExtension mutual =
      WireMockExtension.newInstance()
          .options(
              TlsFixtures.https(TlsFixtures.SERVER_KEYSTORE)
                  .needClientAuth(true)
                  .trustStorePath(CLIENT_TRUST.toString())
                  .trustStorePassword(new String(TestPki.PASSWORD))
                  .trustStoreType("PKCS12"))
          .build();

  @BeforeEach
  void stubs() {
    for (WireMockExtension server : List.of(wm, wrongHost, mutual)) {
      server.stubFor(post("/fh").willReturn(okJson("{\"RecordId\":\"tls-ok\"}")));
    }
  }

  private static Attempt sendOnce(HydrantConfig config, List<NegotiatedTls> session) {
    try (ProxyTransport t = new ProxyTransport(config)) {
      Attempt a = t.send(Route.SINGLE, List.of("x".getBytes(StandardCharsets.UTF_8)));
      t.negotiatedTls().ifPresent(session::add);
      return a;
    }
  }

  private static Attempt sendOnce(HydrantConfig config) {
    return sendOnce(config, new java.util.ArrayList<>());
  }

  private static HydrantConfig config(
      WireMockExtension server, Trust trust, CertificatePins pins, ClientCertificate cert) {
    return TlsFixtures.config(
        "localhost", server.getHttpsPort(), null, TlsPolicy.MODERN, trust, pins, cert);
  }

  /** Runs a refused config through RecordDelivery: exactly one attempt, never retried. */
  private static RecordResult deliverOnce(HydrantConfig config) throws InterruptedException {
    ManualClock clock = new ManualClock(0);
    try (ProxyTransport t = new ProxyTransport(config)) {
      DeliveryReport report =
          new RecordDelivery(
                  t, RetrySettings.DEFAULTS, DeliveryObserver.NONE, clock, clock, () -> 0.5)
              .deliver(Route.SINGLE, List.of(new byte[] {1}), 60_000);
      assertEquals(1, report.attempts(), "TLS failures are never retried");
      assertTrue(clock.waits.isEmpty());
      RecordResult r = report.results().get(0);
      System.out.println(r.reason() + ": " + r.detail());
      return r;
    }
  }

  @Test
  void negotiatesTls13ByDefaultAndTls12WhenThePolicySaysSo() {
    List<NegotiatedTls> sessions = new java.util.ArrayList<>();
    assertEquals(
        Outcome.DELIVERED,
        sendOnce(TlsFixtures.config(wm.getHttpsPort(), null), sessions).outcome());
    TlsPolicy tls12 =
        TlsPolicy.builder()
            .protocols(TlsPolicy.TLS_1_2)
            .cipherSuites("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
            .build();
    HydrantConfig c12 =
        TlsFixtures.config(
            "localhost",
            wm.getHttpsPort(),
            null,
            tls12,
            TlsFixtures.trust(),
            CertificatePins.NONE,
            null);
    assertEquals(Outcome.DELIVERED, sendOnce(c12, sessions).outcome());
    assertEquals(
        List.of(
            new NegotiatedTls("TLSv1.3", "TLS_AES_256_GCM_SHA384"),
            new NegotiatedTls("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")),
        sessions);
  }

  @Test
  void refusesAServerOfferingOnlyANonForwardSecretCbcSuite() throws Exception {
    String cbc = "TLS_RSA_WITH_AES_128_CBC_SHA256";
    String disabled = String.valueOf(Security.getProperty("jdk.tls.disabledAlgorithms"));
    if (disabled.contains("TLS_RSA_*")) {
      // JDK 24 and newer disable these suites in the JVM itself (read once per JVM), so no server
      // here can offer one; the client's own refusal is covered on the JDKs that still can.
      System.out.println(
          "Skipped refusesAServerOfferingOnlyANonForwardSecretCbcSuite: this JDK disables TLS_RSA_*");
    }
    assumeFalse(disabled.contains("TLS_RSA_*"), "this JDK disables the TLS_RSA_* suites");
    try (JdkTlsServer server =
        new JdkTlsServer(
            TlsFixtures.SERVER_KEYSTORE, new String[] {"TLSv1.2"}, new String[] {cbc})) {
      // positive control: a client that offers the suite gets it
      SSLContext raw = SSLContext.getInstance("TLS");
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(TestPki.trustStoreKeyStore(TlsFixtures.CA.cert()));
      raw.init(null, tmf.getTrustManagers(), null);
      try (SSLSocket s =
          (SSLSocket) raw.getSocketFactory().createSocket("127.0.0.1", server.port())) {
        s.setEnabledCipherSuites(new String[] {cbc});
        s.startHandshake();
        assertEquals(cbc, s.getSession().getCipherSuite());
        assertEquals("TLSv1.2", s.getSession().getProtocol());
      }
      RecordResult r =
          deliverOnce(
              TlsFixtures.config(
                  "localhost",
                  server.port(),
                  null,
                  TlsPolicy.MODERN,
                  TlsFixtures.trust(),
                  CertificatePins.NONE,
                  null));
      assertEquals(FailureReason.TLS_HANDSHAKE, r.reason());
      assertTrue(r.detail().contains("handshake_failure"), r.detail());
    }
  }

  @Test
  void refusesAWrongHostName() throws Exception {
    RecordResult r =
        deliverOnce(config(wrongHost, TlsFixtures.trust(), CertificatePins.NONE, null));
    assertEquals(FailureReason.TLS_CERTIFICATE, r.reason());
    assertTrue(
        r.detail().contains("doesn't match any of the subject alternative names: [wrong.example]"),
        r.detail());
    // host-name verification comes before the pin check: a wrong host is reported as such
    CertificatePins pins =
        CertificatePins.builder().add("localhost", OTHER_PIN_1, OTHER_PIN_2).build();
    assertEquals(
        FailureReason.TLS_CERTIFICATE,
        deliverOnce(config(wrongHost, TlsFixtures.trust(), pins, null)).reason());
  }

  @Test
  void refusesAnUntrustedCertificate() throws Exception {
    RecordResult r = deliverOnce(config(wm, Trust.platform(), CertificatePins.NONE, null));
    assertEquals(FailureReason.TLS_CERTIFICATE, r.reason());
    assertTrue(r.detail().startsWith("the server's certificate is not trusted"), r.detail());
    assertTrue(r.detail().contains("PKIX path building failed"), r.detail());
  }

  @Test
  void pinMismatchListsBothSidesWhileABackupOrRootPinPasses() throws Exception {
    String leafPin = CertificatePins.pinOf(TlsFixtures.LEAF.cert());
    String rootPin = CertificatePins.pinOf(TlsFixtures.CA.cert());
    CertificatePins wrong =
        CertificatePins.builder().add("localhost", OTHER_PIN_1, OTHER_PIN_2).build();
    RecordResult r = deliverOnce(config(wm, TlsFixtures.trust(), wrong, null));
    assertEquals(FailureReason.TLS_PIN_MISMATCH, r.reason());
    assertEquals(
        "certificate pinning failure for localhost: the server's chain (leaf first, trust anchor"
            + " last) has pins ["
            + leafPin
            + ", "
            + rootPin
            + "] but the configured pins are ["
            + OTHER_PIN_1
            + ", "
            + OTHER_PIN_2
            + "]",
        r.detail());

    CertificatePins backup =
        CertificatePins.builder().add("localhost", OTHER_PIN_1, leafPin).build();
    assertEquals(
        Outcome.DELIVERED, sendOnce(config(wm, TlsFixtures.trust(), backup, null)).outcome());
    // the server sends only its leaf: the root pin matches through the trust anchor lookup
    CertificatePins root =
        CertificatePins.builder().add("**.localhost", OTHER_PIN_1, rootPin).build();
    assertEquals(
        Outcome.DELIVERED, sendOnce(config(wm, TlsFixtures.trust(), root, null)).outcome());
    CertificatePins otherHost =
        CertificatePins.builder().add("*.example.com", OTHER_PIN_1, OTHER_PIN_2).build();
    assertEquals(
        Outcome.DELIVERED, sendOnce(config(wm, TlsFixtures.trust(), otherHost, null)).outcome());
  }

  @Test
  void mutualTlsServerAcceptsHydrantsClientCertificateAndRefusesNone() throws Exception {
    Path p12 =
        TlsFixtures.deleteOnExit(
            TestPki.pkcs12(TlsFixtures.DIR, "device", DEVICE, DEVICE.cert(), CLIENT_CA.cert()));
    ClientCertificate fromP12 = ClientCertificate.pkcs12(p12, TestPki.PASSWORD.clone());
    assertEquals(
        Outcome.DELIVERED,
        sendOnce(config(mutual, TlsFixtures.trust(), CertificatePins.NONE, fromP12)).outcome());

    Path key =
        TlsFixtures.deleteOnExit(
            Files.writeString(
                TlsFixtures.DIR.resolve("device.key"), TestPki.pemKey(DEVICE.keys())));
    Path chain =
        TlsFixtures.deleteOnExit(
            Files.writeString(
                TlsFixtures.DIR.resolve("device.crt"),
                TestPki.pem(DEVICE.cert(), CLIENT_CA.cert())));
    ClientCertificate fromPem = ClientCertificate.pem(key, chain);
    assertEquals(
        Outcome.DELIVERED,
        sendOnce(config(mutual, TlsFixtures.trust(), CertificatePins.NONE, fromPem)).outcome());

    RecordResult none =
        deliverOnce(config(mutual, TlsFixtures.trust(), CertificatePins.NONE, null));
    assertEquals(FailureReason.TLS_CERTIFICATE, none.reason());
    assertTrue(
        none.detail().startsWith("the server refused the client certificate"), none.detail());
    // a certificate from an issuer the server does not trust is refused the same way
    ClientCertificate stranger =
        ClientCertificate.pem(
            TlsFixtures.deleteOnExit(
                Files.writeString(
                    TlsFixtures.DIR.resolve("stranger.key"),
                    TestPki.pemKey(TlsFixtures.LEAF.keys()))),
            TlsFixtures.deleteOnExit(
                Files.writeString(
                    TlsFixtures.DIR.resolve("stranger.crt"),
                    TestPki.pem(TlsFixtures.LEAF.cert()))));
    assertEquals(
        FailureReason.TLS_CERTIFICATE,
        deliverOnce(config(mutual, TlsFixtures.trust(), CertificatePins.NONE, stranger)).reason());
  }
}

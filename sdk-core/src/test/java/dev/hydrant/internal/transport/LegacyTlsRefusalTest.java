package dev.hydrant.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.FailureReason;
import dev.hydrant.HydrantConfig;
import dev.hydrant.Route;
import dev.hydrant.tls.CertificatePins;
import dev.hydrant.tls.TlsPolicy;
import java.security.Security;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hydrant refuses TLS 1.0/1.1 even on a JVM that allows them. Runs in its own JVM (surefire
 * execution {@code legacy-tls}): TLS 1.0/1.1 are re-enabled below before any JSSE use, and JSSE
 * caches that setting for the life of the JVM.
 */
class LegacyTlsRefusalTest {
  static {
    String key = "jdk.tls.disabledAlgorithms";
    Security.setProperty(
        key,
        Arrays.stream(Security.getProperty(key).split(","))
            .map(String::strip)
            .filter(a -> !a.equals("TLSv1") && !a.equals("TLSv1.1"))
            .collect(Collectors.joining(", ")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.1", "TLSv1"})
  void refusesALegacyOnlyServerEvenWhenTheJvmAllowsIt(String legacy) throws Exception {
    assertTrue(
        List.of(SSLContext.getDefault().getDefaultSSLParameters().getProtocols()).contains(legacy),
        "this JVM must have " + legacy + " re-enabled for the test to mean anything");
    try (JdkTlsServer server =
        new JdkTlsServer(TlsFixtures.SERVER_KEYSTORE, new String[] {legacy}, null)) {
      // positive control: a plain JDK client negotiates the legacy protocol with this server
      SSLContext raw = SSLContext.getInstance("TLS");
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(TestPki.trustStoreKeyStore(TlsFixtures.CA.cert()));
      raw.init(null, tmf.getTrustManagers(), null);
      try (SSLSocket s =
          (SSLSocket) raw.getSocketFactory().createSocket("127.0.0.1", server.port())) {
        s.setEnabledProtocols(new String[] {legacy});
        s.startHandshake();
        assertEquals(legacy, s.getSession().getProtocol());
        System.out.println("control negotiated " + legacy + " " + s.getSession().getCipherSuite());
      }

      HydrantConfig config =
          TlsFixtures.config(
              "localhost",
              server.port(),
              null,
              TlsPolicy.MODERN,
              TlsFixtures.trust(),
              CertificatePins.NONE,
              null);
      ManualClock clock = new ManualClock(0);
      try (ProxyTransport t = new ProxyTransport(config)) {
        DeliveryReport report =
            new RecordDelivery(
                    t, RetrySettings.DEFAULTS, DeliveryObserver.NONE, clock, clock, () -> 0.5)
                .deliver(Route.SINGLE, List.of(new byte[] {1}), 60_000);
        RecordResult r = report.results().get(0);
        System.out.println(legacy + " server -> " + r.reason() + ": " + r.detail());
        assertEquals(FailureReason.TLS_HANDSHAKE, r.reason());
        assertTrue(r.detail().contains("protocol_version"), r.detail());
        assertEquals(1, report.attempts());
      }
    }
  }
}

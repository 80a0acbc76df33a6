package dev.hydrant.internal.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hydrant.FailureReason;
import dev.hydrant.tls.CertificatePins;
import dev.hydrant.tls.NegotiatedTls;
import dev.hydrant.tls.TlsPolicy;
import dev.hydrant.tls.Trust;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The host name is checked by the JDK during the handshake: wildcard certificates match one label,
 * IP literals match only IP-address names, SNI carries the host name (never an IP literal), and a
 * mismatch is reported as a wrong host name, not as an untrusted certificate. The socket is always
 * connected to 127.0.0.1; only the host name Hydrant believes it reached changes.
 */
class HostNameCheckTest {
  private static final TestPki.Issued WILDCARD =
      TestPki.server(TlsFixtures.CA, "*.example.com", "dns:*.example.com");
  private static final TestPki.Issued IP_ONLY =
      TestPki.server(TlsFixtures.CA, "127.0.0.1", "ip:127.0.0.1", "ip:::1");
  private static JdkTlsServer wildcard;
  private static JdkTlsServer ipOnly;

  @BeforeAll
  static void start() throws Exception {
    wildcard = server("wildcard", WILDCARD);
    ipOnly = server("ip-only", IP_ONLY);
  }

  @AfterAll
  static void stop() throws IOException {
    wildcard.close();
    ipOnly.close();
  }

  private static JdkTlsServer server(String name, TestPki.Issued leaf) throws Exception {
    Path keystore =
        TlsFixtures.deleteOnExit(TestPki.pkcs12(TlsFixtures.DIR, name, leaf, leaf.cert()));
    return new JdkTlsServer(keystore, new String[] {"TLSv1.3", "TLSv1.2"}, null);
  }

  private static NegotiatedTls handshake(JdkTlsServer server, String host, Trust trust)
      throws IOException {
    AtomicReference<NegotiatedTls> session = new AtomicReference<>();
    TlsSocketFactory factory =
        TlsSocketFactory.create(TlsPolicy.MODERN, trust, CertificatePins.NONE, null, session);
    Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.port());
    try (Socket layered = factory.createLayeredSocket(plain, host, server.port(), null)) {
      assertTrue(layered.isConnected());
    }
    return session.get();
  }

  private static Attempt refused(JdkTlsServer server, String host, Trust trust) {
    SSLHandshakeException e =
        assertThrows(SSLHandshakeException.class, () -> handshake(server, host, trust));
    Attempt a = TransportFailures.classify(e, false, 0, false);
    assertEquals(FailureReason.TLS_CERTIFICATE, a.reason(), a.detail());
    return a;
  }

  @Test
  void aWildcardCertificateMatchesOneLabelAndTheHostIsSentAsSni() throws Exception {
    int before = wildcard.serverNames().size();
    NegotiatedTls tls = handshake(wildcard, "api.example.com", TlsFixtures.trust());
    assertEquals("TLSv1.3", tls.protocol());
    await().until(() -> wildcard.serverNames().size() > before);
    assertEquals(
        List.<SNIServerName>of(new SNIHostName("api.example.com")),
        wildcard.serverNames().get(before));
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "a.b.example.com", "api.example.org", "127.0.0.1"})
  void aWildcardCertificateDoesNotMatchOtherNames(String host) {
    Attempt a = refused(wildcard, host, TlsFixtures.trust());
    assertTrue(
        a.detail()
            .startsWith(
                "the server's certificate does not match the endpoint's host name (check the"
                    + " endpoint URL): "),
        a.detail());
    assertTrue(
        a.detail()
            .contains(
                "Certificate for <"
                    + host
                    + "> doesn't match any of the subject alternative names: [*.example.com]"),
        a.detail());
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "::1"})
  void anIpLiteralMatchesAnIpAddressNameAndSendsNoSni(String host) throws Exception {
    int before = ipOnly.serverNames().size();
    assertEquals("TLSv1.3", handshake(ipOnly, host, TlsFixtures.trust()).protocol());
    await().until(() -> ipOnly.serverNames().size() > before);
    assertEquals(List.of(), ipOnly.serverNames().get(before));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", "localhost", "127.0.0.2"})
  void anIpAddressNameMatchesNothingElse(String host) {
    Attempt a = refused(ipOnly, host, TlsFixtures.trust());
    assertTrue(a.detail().contains("does not match the endpoint's host name"), a.detail());
    assertTrue(
        a.detail().contains("<" + host + "> doesn't match any of the subject alternative names"),
        a.detail());
  }

  @Test
  void anUntrustedCertificateForAnotherHostIsReportedAsUntrusted() {
    Attempt a = refused(wildcard, "other.example.org", Trust.platform());
    assertTrue(a.detail().startsWith("the server's certificate is not trusted"), a.detail());
  }
}

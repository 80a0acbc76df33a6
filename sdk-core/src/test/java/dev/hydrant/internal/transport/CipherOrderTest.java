package dev.hydrant.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hydrant.Route;
import dev.hydrant.internal.transport.Attempt.Outcome;
import dev.hydrant.tls.CertificatePins;
import dev.hydrant.tls.NegotiatedTls;
import dev.hydrant.tls.TlsPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The policy's suite order reaches the wire: a server that honours it picks the first suite. */
class CipherOrderTest {
  private static NegotiatedTls negotiate(JdkTlsServer server, TlsPolicy policy) {
    try (ProxyTransport t =
        new ProxyTransport(
            TlsFixtures.config(
                "localhost",
                server.port(),
                null,
                policy,
                TlsFixtures.trust(),
                CertificatePins.NONE,
                null))) {
      Attempt a = t.send(Route.SINGLE, List.of(new byte[] {1}));
      assertEquals(Outcome.DELIVERED, a.outcome(), a.detail());
      return t.negotiatedTls().orElseThrow();
    }
  }

  @Test
  void aServerHonouringTheClientsOrderPicksChacha20ForTheChacha20FirstPolicy() throws Exception {
    try (JdkTlsServer server =
        new JdkTlsServer(TlsFixtures.SERVER_KEYSTORE, new String[] {"TLSv1.3", "TLSv1.2"}, null)
            .honouringClientOrder()) {
      assertEquals(
          new NegotiatedTls("TLSv1.3", "TLS_CHACHA20_POLY1305_SHA256"),
          negotiate(server, TlsPolicy.CHACHA20_FIRST));
      assertEquals(
          new NegotiatedTls("TLSv1.3", "TLS_AES_128_GCM_SHA256"),
          negotiate(server, TlsPolicy.MODERN));
    }
  }

  @Test
  void aServerEnforcingItsOwnOrderStillPicksItsFavourite() throws Exception {
    try (JdkTlsServer server =
        new JdkTlsServer(TlsFixtures.SERVER_KEYSTORE, new String[] {"TLSv1.3"}, null)) {
      assertEquals(
          negotiate(server, TlsPolicy.MODERN), negotiate(server, TlsPolicy.CHACHA20_FIRST));
    }
  }
}

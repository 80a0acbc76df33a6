package dev.hydrant.internal.transport;

import dev.hydrant.tls.CertificatePins;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Runs the normal PKIX validation of the delegate, then the SPKI pin check for the peer host. The
 * chain the pins are compared with is rebuilt from the leaf by signature (so an unrelated pinned
 * certificate appended by an attacker does not count) and completed with the trust anchor, which
 * servers usually do not send. Host-name verification happens in the socket factory, after this;
 * both must pass. Thread-safe.
 */
final class PinningTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager delegate;
  private final CertificatePins pins;

  PinningTrustManager(X509ExtendedTrustManager delegate, CertificatePins pins) {
    this.delegate = delegate;
    this.pins = pins;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, socket);
    checkPins(chain, socket instanceof SSLSocket s ? s.getHandshakeSession() : null);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType, engine);
    checkPins(chain, engine == null ? null : engine.getHandshakeSession());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType);
    if (!pins.isEmpty()) {
      throw new PinMismatchException(
          "certificate pins are configured but the peer host is unknown");
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }

  private void checkPins(X509Certificate[] chain, SSLSession session) throws CertificateException {
    if (pins.isEmpty()) {
      return;
    }
    String host = session == null ? null : session.getPeerHost();
    if (host == null) {
      throw new PinMismatchException(
          "certificate pins are configured but the peer host is unknown");
    }
    Set<String> expected = pins.pinsFor(host);
    if (expected.isEmpty()) {
      return;
    }
    Set<String> actual = new LinkedHashSet<>();
    for (X509Certificate cert : verifiedChain(chain)) {
      actual.add(CertificatePins.pinOf(cert));
    }
    for (String pin : actual) {
      if (expected.contains(pin)) {
        return;
      }
    }
    throw new PinMismatchException(
        "certificate pinning failure for "
            + host
            + ": the server's chain (leaf first, trust anchor last) has pins "
            + actual
            + " but the configured pins are "
            + expected);
  }

  /**
   * The leaf, each certificate that signed the previous one, and the anchor that signed the last.
   */
  private List<X509Certificate> verifiedChain(X509Certificate[] chain) {
    List<X509Certificate> result = new ArrayList<>();
    result.add(chain[0]);
    for (int i = 1; i < chain.length; i++) {
      X509Certificate last = result.get(result.size() - 1);
      if (signedBy(last, chain[i])) {
        result.add(chain[i]);
      }
    }
    X509Certificate last = result.get(result.size() - 1);
    if (!signedBy(last, last)) {
      for (X509Certificate anchor : delegate.getAcceptedIssuers()) {
        if (anchor.getSubjectX500Principal().equals(last.getIssuerX500Principal())
            && signedBy(last, anchor)) {
          result.add(anchor);
          break;
        }
      }
    }
    return result;
  }

  private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
    if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return false;
    }
    try {
      cert.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}

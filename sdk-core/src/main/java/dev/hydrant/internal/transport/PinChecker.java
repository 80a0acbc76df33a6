package dev.hydrant.internal.transport;

import dev.hydrant.tls.CertificatePins;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.X509TrustManager;

/**
 * The SPKI pin check, run by {@link TlsSocketFactory} after the handshake's PKIX validation and
 * after host-name verification. The chain compared with the pins is rebuilt from the leaf by
 * signature (so an unrelated pinned certificate appended by an attacker does not count) and
 * completed with the trust anchor, which servers usually do not send. Thread-safe.
 */
final class PinChecker {
  private final X509TrustManager trust;
  private final CertificatePins pins;

  PinChecker(X509TrustManager trust, CertificatePins pins) {
    this.trust = trust;
    this.pins = pins;
  }

  /**
   * Checks the peer chain of {@code host}.
   *
   * @throws PinMismatchException listing the chain's pins and the configured ones
   */
  void check(String host, X509Certificate[] chain) throws PinMismatchException {
    if (pins.isEmpty()) {
      return;
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
      if (signedBy(result.get(result.size() - 1), chain[i])) {
        result.add(chain[i]);
      }
    }
    X509Certificate last = result.get(result.size() - 1);
    if (!signedBy(last, last)) {
      for (X509Certificate anchor : trust.getAcceptedIssuers()) {
        if (signedBy(last, anchor)) {
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

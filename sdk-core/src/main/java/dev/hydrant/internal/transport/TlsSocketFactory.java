package dev.hydrant.internal.transport;

import dev.hydrant.TlsConfigurationException;
import dev.hydrant.tls.CertificatePins;
import dev.hydrant.tls.ClientCertificate;
import dev.hydrant.tls.NegotiatedTls;
import dev.hydrant.tls.TlsPolicy;
import dev.hydrant.tls.Trust;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.protocol.HttpContext;

/**
 * Hydrant's TLS socket factory: the policy's protocols and suites only, trust (and the optional
 * client certificate) in our own {@link SSLContext}, the default (strict) host-name verifier, then
 * the SPKI pin check, and a record of what each handshake negotiated. Replaces the SDK's factory,
 * whose SSLContext enables whatever the JVM enables.
 */
final class TlsSocketFactory extends SSLConnectionSocketFactory {
  private final AtomicReference<NegotiatedTls> lastSession;
  private final ClientCertificateTracker clientCertificates;
  private final PinChecker pins;

  private TlsSocketFactory(
      SSLContext context,
      TlsPolicy policy,
      AtomicReference<NegotiatedTls> lastSession,
      ClientCertificateTracker clientCertificates,
      PinChecker pins) {
    super(
        context,
        policy.protocols().toArray(String[]::new),
        policy.cipherSuites().toArray(String[]::new),
        SSLConnectionSocketFactory.getDefaultHostnameVerifier());
    this.lastSession = lastSession;
    this.clientCertificates = clientCertificates;
    this.pins = pins;
  }

  /**
   * Builds the SSLContext and the factory.
   *
   * @throws TlsConfigurationException if the JVM cannot build the context
   */
  static TlsSocketFactory create(
      TlsPolicy policy,
      Trust trust,
      CertificatePins pins,
      ClientCertificate clientCertificate,
      AtomicReference<NegotiatedTls> lastSession) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      ClientCertificateTracker tracker =
          new ClientCertificateTracker(
              clientCertificate == null ? null : clientCertificate.keyManagers());
      X509ExtendedTrustManager trustManager = trust.trustManager();
      context.init(new KeyManager[] {tracker}, new TrustManager[] {trustManager}, null);
      return new TlsSocketFactory(
          context, policy, lastSession, tracker, new PinChecker(trustManager, pins));
    } catch (GeneralSecurityException e) {
      throw new TlsConfigurationException("cannot build the TLS context: " + e.getMessage(), e);
    }
  }

  /**
   * Handshake and host-name verification (by the superclass), then the pin check; records what was
   * negotiated.
   *
   * @throws SSLPeerUnverifiedException caused by a {@link PinMismatchException} when the pins do
   *     not match; the socket is closed
   */
  @Override
  public Socket createLayeredSocket(Socket socket, String target, int port, HttpContext context)
      throws IOException {
    Socket layered = super.createLayeredSocket(socket, target, port, context);
    if (layered instanceof SSLSocket ssl) {
      SSLSession session = ssl.getSession();
      lastSession.set(new NegotiatedTls(session.getProtocol(), session.getCipherSuite()));
      try {
        Certificate[] peer = session.getPeerCertificates();
        pins.check(target, Arrays.copyOf(peer, peer.length, X509Certificate[].class));
      } catch (PinMismatchException e) {
        layered.close();
        SSLPeerUnverifiedException failure = new SSLPeerUnverifiedException(e.getMessage());
        failure.initCause(e);
        throw failure;
      }
    }
    return layered;
  }

  /** Forget whether the last handshake lacked a client certificate (call before each request). */
  void resetClientCertificateFlag() {
    clientCertificates.reset();
  }

  /**
   * Whether a handshake since {@link #resetClientCertificateFlag()} was asked for a client
   * certificate Hydrant could not present.
   */
  boolean clientCertificateMissing() {
    return clientCertificates.requestedButMissing();
  }
}

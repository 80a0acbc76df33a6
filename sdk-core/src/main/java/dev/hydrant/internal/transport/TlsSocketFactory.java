package dev.hydrant.internal.transport;

import dev.hydrant.TlsConfigurationException;
import dev.hydrant.tls.CertificatePins;
import dev.hydrant.tls.ClientCertificate;
import dev.hydrant.tls.TlsPolicy;
import dev.hydrant.tls.Trust;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.protocol.HttpContext;

/**
 * Hydrant's TLS socket factory: the policy's protocols and suites only, trust plus pins in our own
 * {@link SSLContext}, the default (strict) host-name verifier, and a record of what each handshake
 * negotiated. Replaces the SDK's factory, whose SSLContext enables whatever the JVM enables.
 */
final class TlsSocketFactory extends SSLConnectionSocketFactory {
  private final AtomicReference<TlsSession> lastSession;
  private final ClientCertificateTracker clientCertificates;

  private TlsSocketFactory(
      SSLContext context,
      TlsPolicy policy,
      AtomicReference<TlsSession> lastSession,
      ClientCertificateTracker clientCertificates) {
    super(
        context,
        policy.protocols().toArray(String[]::new),
        policy.cipherSuites().toArray(String[]::new),
        SSLConnectionSocketFactory.getDefaultHostnameVerifier());
    this.lastSession = lastSession;
    this.clientCertificates = clientCertificates;
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
      AtomicReference<TlsSession> lastSession) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      ClientCertificateTracker tracker =
          new ClientCertificateTracker(
              clientCertificate == null ? null : clientCertificate.keyManagers());
      TrustManager[] trustManagers = {new PinningTrustManager(trust.trustManager(), pins)};
      context.init(new KeyManager[] {tracker}, trustManagers, null);
      return new TlsSocketFactory(context, policy, lastSession, tracker);
    } catch (GeneralSecurityException e) {
      throw new TlsConfigurationException("cannot build the TLS context: " + e.getMessage(), e);
    }
  }

  @Override
  public Socket createLayeredSocket(Socket socket, String target, int port, HttpContext context)
      throws IOException {
    Socket layered = super.createLayeredSocket(socket, target, port, context);
    if (layered instanceof SSLSocket ssl) {
      lastSession.set(
          new TlsSession(ssl.getSession().getProtocol(), ssl.getSession().getCipherSuite()));
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

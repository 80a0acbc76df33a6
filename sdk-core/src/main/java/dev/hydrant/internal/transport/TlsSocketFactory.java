package dev.hydrant.internal.transport;

import dev.hydrant.TlsConfigurationException;
import dev.hydrant.tls.CertificatePins;
import dev.hydrant.tls.ClientCertificate;
import dev.hydrant.tls.TlsPolicy;
import dev.hydrant.tls.Trust;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.Optional;
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

  private TlsSocketFactory(
      SSLContext context, TlsPolicy policy, AtomicReference<TlsSession> lastSession) {
    super(
        context,
        policy.protocols().toArray(String[]::new),
        policy.cipherSuites().toArray(String[]::new),
        SSLConnectionSocketFactory.getDefaultHostnameVerifier());
    this.lastSession = lastSession;
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
      KeyManager[] keyManagers = clientCertificate == null ? null : clientCertificate.keyManagers();
      TrustManager[] trustManagers = {new PinningTrustManager(trust.trustManager(), pins)};
      context.init(keyManagers, trustManagers, null);
      return new TlsSocketFactory(context, policy, lastSession);
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

  Optional<TlsSession> lastSession() {
    return Optional.ofNullable(lastSession.get());
  }
}

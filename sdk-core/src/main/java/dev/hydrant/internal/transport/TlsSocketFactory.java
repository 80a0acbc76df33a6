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
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.conn.util.InetAddressUtils;
import org.apache.http.protocol.HttpContext;

/**
 * Hydrant's TLS socket factory: the policy's protocols and suites only, trust (and the optional
 * client certificate) in our own {@link SSLContext}, the host name checked by the JDK during the
 * handshake (endpoint identification {@code HTTPS}, the host name sent as SNI), then the SPKI pin
 * check, and a record of what each handshake negotiated. Replaces the SDK's factory, whose
 * SSLContext enables whatever the JVM enables. Apache's host-name verifier is not used: it would
 * check again what the handshake checked.
 */
final class TlsSocketFactory extends SSLConnectionSocketFactory {
  private final SSLSocketFactory sockets;
  private final String[] protocols;
  private final String[] cipherSuites;
  private final AtomicReference<NegotiatedTls> lastSession;
  private final ClientCertificateTracker clientCertificates;
  private final PinChecker pins;

  private TlsSocketFactory(
      SSLContext context,
      TlsPolicy policy,
      AtomicReference<NegotiatedTls> lastSession,
      ClientCertificateTracker clientCertificates,
      PinChecker pins) {
    super(context, NoopHostnameVerifier.INSTANCE);
    this.sockets = context.getSocketFactory();
    this.protocols = policy.protocols().toArray(String[]::new);
    this.cipherSuites = policy.cipherSuites().toArray(String[]::new);
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
      context.init(
          new KeyManager[] {tracker},
          new TrustManager[] {new EndpointTrustManager(trustManager)},
          null);
      return new TlsSocketFactory(
          context, policy, lastSession, tracker, new PinChecker(trustManager, pins));
    } catch (GeneralSecurityException e) {
      throw new TlsConfigurationException("cannot build the TLS context: " + e.getMessage(), e);
    }
  }

  /**
   * TLS over the connected socket: the handshake, in which the JDK checks the chain and the host
   * name, then the pin check; records what was negotiated.
   *
   * @throws javax.net.ssl.SSLHandshakeException if the handshake fails, caused by a {@link
   *     HostNameMismatchException} when the certificate does not name {@code target}
   * @throws SSLPeerUnverifiedException caused by a {@link PinMismatchException} when the pins do
   *     not match; the socket is closed
   */
  @Override
  public Socket createLayeredSocket(Socket socket, String target, int port, HttpContext context)
      throws IOException {
    SSLSocket ssl = (SSLSocket) sockets.createSocket(socket, target, port, true);
    try {
      ssl.setEnabledProtocols(protocols);
      ssl.setEnabledCipherSuites(cipherSuites);
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      SNIHostName serverName = serverName(target);
      if (serverName != null) {
        parameters.setServerNames(List.of(serverName));
      }
      ssl.setSSLParameters(parameters);
      ssl.startHandshake();
      SSLSession session = ssl.getSession();
      lastSession.set(new NegotiatedTls(session.getProtocol(), session.getCipherSuite()));
      Certificate[] peer = session.getPeerCertificates();
      pins.check(target, Arrays.copyOf(peer, peer.length, X509Certificate[].class));
      return new CoalescingTlsSocket(ssl);
    } catch (PinMismatchException e) {
      ssl.close();
      SSLPeerUnverifiedException failure = new SSLPeerUnverifiedException(e.getMessage());
      failure.initCause(e);
      throw failure;
    } catch (IOException | RuntimeException e) {
      ssl.close();
      throw e;
    }
  }

  /**
   * The SNI name for a host, {@code null} for an IP literal (SNI carries host names only) or a name
   * SNI cannot carry (the JDK then sends none either).
   */
  private static SNIHostName serverName(String host) {
    if (InetAddressUtils.isIPv4Address(host)
        || InetAddressUtils.isIPv6Address(host)
        || host.startsWith("[")) {
      return null;
    }
    try {
      return new SNIHostName(host);
    } catch (IllegalArgumentException e) {
      return null;
    }
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

package dev.hydrant.internal.transport;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust manager of Hydrant's TLS context: the configured one, which checks the chain and, since
 * {@link TlsSocketFactory} sets the socket's endpoint identification to {@code HTTPS}, the host
 * name (the JDK's own check, during the handshake). When that fails for a chain that is trusted,
 * the failure is a wrong host name and is rethrown as a {@link HostNameMismatchException} listing
 * the certificate's names, so that it is reported as such rather than as an untrusted certificate.
 * Thread-safe.
 */
final class EndpointTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager trust;

  EndpointTrustManager(X509ExtendedTrustManager trust) {
    this.trust = trust;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    try {
      trust.checkServerTrusted(chain, authType, socket);
    } catch (CertificateException e) {
      String host = peerHost(socket);
      if (host == null || chain == null || chain.length == 0) {
        throw e;
      }
      try {
        // the same check without the host name: if it passes, the host name was the problem
        trust.checkServerTrusted(chain, authType);
      } catch (CertificateException untrusted) {
        throw e;
      }
      throw new HostNameMismatchException(host, names(chain[0]), e);
    }
  }

  /** The host the socket identifies, or {@code null} if it does not check one. */
  private static String peerHost(Socket socket) {
    if (!(socket instanceof SSLSocket ssl)
        || ssl.getSSLParameters().getEndpointIdentificationAlgorithm() == null) {
      return null;
    }
    SSLSession session = ssl.getHandshakeSession();
    return session == null ? null : session.getPeerHost();
  }

  /** The DNS names and IP addresses among the certificate's subject alternative names. */
  private static List<String> names(X509Certificate leaf) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          Object type = san.get(0);
          if (Integer.valueOf(2).equals(type) || Integer.valueOf(7).equals(type)) {
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      names.add("(unreadable: " + e.getMessage() + ")");
    }
    return names;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    trust.checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    trust.checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    trust.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    trust.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    trust.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return trust.getAcceptedIssuers();
  }
}

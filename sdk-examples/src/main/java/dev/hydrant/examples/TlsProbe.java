package dev.hydrant.examples;

import dev.hydrant.tls.Trust;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Asks a TLS endpoint which protocol versions it accepts: one raw JSSE handshake per version, each
 * socket limited to that single version and offering every cipher suite the JVM supports (CBC ones
 * included, so a legacy server has something to pick). These protocol probes trust any certificate,
 * so that an untrusted certificate does not hide the protocol answer; a separate validating
 * handshake (the given trust, host name checked) gives the certificate verdict.
 *
 * <p>To offer TLS 1.0 and 1.1 at all, the JVM must have them removed from {@code
 * jdk.tls.disabledAlgorithms} before its first JSSE use ({@link HydrantDemo#main} does that); a
 * version the JVM cannot offer is reported as not tested, never as refused.
 */
final class TlsProbe {
  /** The versions probed, oldest first. */
  static final List<String> PROTOCOLS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

  /** Versions a compliant endpoint must refuse. */
  static final Set<String> LEGACY = Set.of("TLSv1", "TLSv1.1");

  private final Duration timeout;

  /**
   * @param timeout connect and handshake timeout per probe
   */
  TlsProbe(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * Probes every version of {@link #PROTOCOLS} and the certificate of {@code endpoint}.
   *
   * @param trust the anchors the certificate verdict uses
   * @throws IOException if the endpoint cannot be reached at all (no TCP connection)
   */
  TlsReport probe(URI endpoint, Trust trust) throws IOException {
    String host = endpoint.getHost();
    int port = endpoint.getPort() == -1 ? 443 : endpoint.getPort();
    List<TlsReport.ProtocolResult> results = new ArrayList<>();
    X509Certificate leaf = null;
    for (String protocol : PROTOCOLS) {
      Handshake h = probeProtocol(host, port, protocol);
      results.add(h.result());
      if (leaf == null && h.leaf() != null) {
        leaf = h.leaf();
      }
    }
    List<String> accepted =
        results.stream()
            .filter(TlsReport.ProtocolResult::accepted)
            .map(TlsReport.ProtocolResult::protocol)
            .toList();
    String trustError = accepted.isEmpty() ? "no handshake succeeded" : verify(host, port, trust);
    return new TlsReport(
        host,
        port,
        results,
        leaf == null ? null : TlsReport.CertificateInfo.of(leaf, subjectAltNames(leaf)),
        trustError == null,
        trustError,
        trust.toString());
  }

  /**
   * Checks that a TCP connection to {@code endpoint} can be opened, so that a wrong host or port is
   * reported at once instead of after retrying for the whole run.
   *
   * @throws IOException naming the host, port and cause if it cannot
   */
  void requireReachable(URI endpoint) throws IOException {
    String host = endpoint.getHost();
    int port = endpoint.getPort() == -1 ? 443 : endpoint.getPort();
    try (Socket tcp = new Socket()) {
      tcp.connect(
          new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    } catch (IOException e) {
      throw new IOException("cannot connect to " + host + ":" + port + ": " + message(e), e);
    }
  }

  /** The outcome of one protocol probe and the leaf certificate it saw, if any. */
  private record Handshake(TlsReport.ProtocolResult result, X509Certificate leaf) {}

  private Handshake probeProtocol(String host, int port, String protocol) throws IOException {
    SSLContext context;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new AnyCertificate()}, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no TLS implementation", e);
    }
    if (!List.of(context.getDefaultSSLParameters().getProtocols()).contains(protocol)) {
      return new Handshake(
          TlsReport.ProtocolResult.untested(
              protocol, "this JVM cannot offer " + protocol + " (jdk.tls.disabledAlgorithms)"),
          null);
    }
    try (SSLSocket socket = open(context.getSocketFactory(), host, port)) {
      socket.setEnabledProtocols(new String[] {protocol});
      socket.setEnabledCipherSuites(socket.getSupportedCipherSuites());
      try {
        socket.startHandshake();
      } catch (IOException e) {
        return new Handshake(TlsReport.ProtocolResult.refused(protocol, message(e)), null);
      }
      SSLSession session = socket.getSession();
      X509Certificate leaf = leaf(session);
      return new Handshake(
          TlsReport.ProtocolResult.accepted(
              protocol, session.getProtocol(), session.getCipherSuite()),
          leaf);
    }
  }

  /** Null if a validating handshake with {@code trust} and the host name check succeeds. */
  private String verify(String host, int port, Trust trust) throws IOException {
    SSLContext context;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust.trustManager()}, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no TLS implementation", e);
    }
    try (SSLSocket socket = open(context.getSocketFactory(), host, port)) {
      SSLParameters params = socket.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(params);
      socket.startHandshake();
      return null;
    } catch (IOException e) {
      return message(e);
    }
  }

  private SSLSocket open(SSLSocketFactory factory, String host, int port) throws IOException {
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    Socket tcp = new Socket();
    try {
      tcp.connect(new InetSocketAddress(host, port), millis);
      tcp.setSoTimeout(millis);
      // layering over a connected socket keeps the host name for SNI and the identity check
      return (SSLSocket) factory.createSocket(tcp, host, port, true);
    } catch (IOException e) {
      tcp.close();
      throw new IOException("cannot connect to " + host + ":" + port + ": " + message(e), e);
    }
  }

  private static X509Certificate leaf(SSLSession session) {
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static List<String> subjectAltNames(X509Certificate cert) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          Object type = san.get(0);
          Object value = san.get(1);
          String kind =
              Integer.valueOf(2).equals(type)
                  ? "DNS"
                  : Integer.valueOf(7).equals(type) ? "IP" : "other";
          names.add(kind + ":" + value);
        }
      }
    } catch (CertificateParsingException e) {
      names.add("unreadable: " + e.getMessage());
    }
    return names;
  }

  static String message(Throwable e) {
    Throwable t = e;
    String text = t.getMessage();
    while ((text == null || text.isBlank()) && t.getCause() != null) {
      t = t.getCause();
      text = t.getMessage();
    }
    return text == null || text.isBlank() ? t.getClass().getSimpleName() : text;
  }

  /** Accepts any certificate: only for the protocol probes, whose certificate is judged apart. */
  // Extended, so JSSE does not wrap it with algorithm checks that could hide a legacy answer.
  private static final class AnyCertificate extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

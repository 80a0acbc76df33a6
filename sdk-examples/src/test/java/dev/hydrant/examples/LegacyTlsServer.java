package dev.hydrant.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A TLS server on 127.0.0.1 that speaks only the protocol versions it is given (a legacy proxy for
 * tests), with a self-signed RSA certificate for localhost and 127.0.0.1 generated at start. Every
 * accepted connection gets a handshake and an HTTP 200 with an empty JSON body. Offering TLS 1.0 or
 * 1.1 needs a JVM whose {@code jdk.tls.disabledAlgorithms} allows them (the failsafe argLine).
 */
final class LegacyTlsServer implements AutoCloseable {
  private final SSLServerSocket server;
  private final X509Certificate certificate;
  private final Thread acceptor;

  LegacyTlsServer(String... protocols) throws IOException, GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    this.certificate = selfSigned(keys);
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] password = "legacy".toCharArray();
    store.setKeyEntry("server", keys.getPrivate(), password, new X509Certificate[] {certificate});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    this.server =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    server.setEnabledProtocols(protocols);
    this.acceptor = new Thread(this::serve, "legacy-tls-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** The server's certificate as PEM, for {@code --trust}. */
  String certificatePem() throws GeneralSecurityException {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(certificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        s.setSoTimeout(5_000);
        ((SSLSocket) s).startHandshake();
        OutputStream out = s.getOutputStream();
        out.write(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        // a refused handshake or a closed server: the next connection is served anyway
      }
    }
  }

  private static X509Certificate selfSigned(KeyPair keys) throws GeneralSecurityException {
    Instant now = Instant.now();
    X500Name name = new X500Name("CN=localhost");
    try {
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              name,
              BigInteger.valueOf(now.toEpochMilli()),
              Date.from(now.minus(1, ChronoUnit.HOURS)),
              Date.from(now.plus(1, ChronoUnit.DAYS)),
              name,
              keys.getPublic());
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")
              }));
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    } catch (OperatorCreationException | IOException e) {
      throw new GeneralSecurityException("cannot sign the test certificate", e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}

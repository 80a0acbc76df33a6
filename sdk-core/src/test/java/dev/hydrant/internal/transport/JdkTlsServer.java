package dev.hydrant.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A minimal HTTPS server on a plain JDK {@link SSLServerSocket}, limited to the given protocols and
 * cipher suites ({@code null}: the JVM's defaults); WireMock/Jetty cannot be narrowed that easily.
 * Answers every request with {@code 200 {"RecordId":"jdk"}}. Binds 127.0.0.1 on an ephemeral port;
 * stops on {@link #close()}.
 */
final class JdkTlsServer implements AutoCloseable {
  private final SSLServerSocket server;
  private final Thread acceptor;
  private final List<List<SNIServerName>> serverNames = new CopyOnWriteArrayList<>();
  private volatile boolean honourClientOrder;

  JdkTlsServer(Path keystore, String[] protocols, String[] suites) throws Exception {
    SSLContext context = context(keystore);
    server =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    server.setEnabledProtocols(protocols);
    if (suites != null) {
      server.setEnabledCipherSuites(suites);
    }
    acceptor = new Thread(this::acceptLoop, "jdk-tls-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Makes the server pick the first of the client's suites it supports, instead of its own
   * favourite (the JDK's default).
   *
   * @return this server
   */
  JdkTlsServer honouringClientOrder() {
    // Applied to each accepted socket: the acceptor may already be blocked in accept(), and the
    // JDK copies the server socket's parameters into the next socket before accept() blocks.
    honourClientOrder = true;
    return this;
  }

  /** The SNI names each completed handshake carried, in order. */
  List<List<SNIServerName>> serverNames() {
    return serverNames;
  }

  int port() {
    return server.getLocalPort();
  }

  static SSLContext context(Path keystore) throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, TestPki.PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, TestPki.PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        SSLSocket ssl = (SSLSocket) s;
        ssl.setSoTimeout(5000);
        if (honourClientOrder) {
          SSLParameters parameters = ssl.getSSLParameters();
          parameters.setUseCipherSuitesOrder(false);
          ssl.setSSLParameters(parameters);
        }
        ssl.startHandshake();
        if (ssl.getSession() instanceof ExtendedSSLSession session) {
          serverNames.add(List.copyOf(session.getRequestedServerNames()));
        }
        readRequest(ssl.getInputStream());
        byte[] body = "{\"RecordId\":\"jdk\"}".getBytes(StandardCharsets.US_ASCII);
        OutputStream out = ssl.getOutputStream();
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                    + "Content-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
      } catch (IOException e) {
        // a refused handshake is what most tests expect; keep serving until closed
      }
    }
  }

  private static void readRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return;
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).strip());
      }
    }
    in.readNBytes(length);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}

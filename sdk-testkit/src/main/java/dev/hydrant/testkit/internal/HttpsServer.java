package dev.hydrant.testkit.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A small HTTP/1.1 server over TLS on the loopback interface: one thread per connection,
 * keep-alive, {@code Content-Length} and chunked request bodies, {@code Expect: 100-continue}. It
 * exists (instead of the JDK's {@code HttpsServer}) so that faults can act on the connection
 * itself: a TCP reset without TLS close_notify, or a close without a response.
 *
 * <p>Thread-safe. The handler is called concurrently from connection threads and may block (for
 * simulated latency).
 */
public final class HttpsServer implements AutoCloseable {

  private static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final int IDLE_TIMEOUT_MILLIS = 60_000;
  private static final long DRAIN_LIMIT_BYTES = 64L * 1024 * 1024;
  private static final byte[] CONTINUE =
      "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket serverSocket;
  private final SSLSocketFactory sslFactory;
  private final TlsMaterial tls;
  private final long maxBodyBytes;
  private final BiFunction<SSLSession, HttpRequest, HttpResponse> handler;
  private final boolean needClientAuth;
  private final ExecutorService connections;
  private final Thread acceptor;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Binds to {@code 127.0.0.1:port} (0 = ephemeral) and starts accepting.
   *
   * @param name thread-name prefix
   * @param port the port, 0 for an ephemeral one
   * @param tls server key material and the allowed protocols and suites
   * @param maxBodyBytes bodies above this are not read; the request is flagged {@code bodyTooLarge}
   * @param handler maps each request to a response; exceptions become a 500 and a closed connection
   * @throws IOException if the port cannot be bound
   */
  public HttpsServer(
      String name,
      int port,
      TlsMaterial tls,
      long maxBodyBytes,
      Function<HttpRequest, HttpResponse> handler)
      throws IOException {
    this(name, port, tls, tls.serverContext(), false, maxBodyBytes, (s, r) -> handler.apply(r));
  }

  /**
   * Same, with a server context of the caller's (for example one whose trust managers check client
   * certificates) and, with {@code needClientAuth}, mutual TLS: a client without an acceptable
   * certificate fails the handshake. The handler sees each request's TLS session (peer
   * certificates).
   */
  public HttpsServer(
      String name,
      int port,
      TlsMaterial tls,
      javax.net.ssl.SSLContext context,
      boolean needClientAuth,
      long maxBodyBytes,
      BiFunction<SSLSession, HttpRequest, HttpResponse> handler)
      throws IOException {
    this.tls = tls;
    this.sslFactory = context.getSocketFactory();
    this.needClientAuth = needClientAuth;
    this.maxBodyBytes = maxBodyBytes;
    this.handler = handler;
    this.serverSocket = new ServerSocket();
    serverSocket.setReuseAddress(true);
    serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    AtomicInteger counter = new AtomicInteger();
    this.connections =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, name + "-conn-" + counter.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.acceptor = new Thread(this::acceptLoop, name + "-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The bound port. */
  public int port() {
    return serverSocket.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket raw = serverSocket.accept();
        open.add(raw);
        connections.execute(() -> serve(raw));
      } catch (IOException e) {
        if (closed) {
          return;
        }
      } catch (java.util.concurrent.RejectedExecutionException e) {
        return;
      }
    }
  }

  private void serve(Socket raw) {
    try {
      raw.setTcpNoDelay(true);
      raw.setSoTimeout(IDLE_TIMEOUT_MILLIS);
      SSLSocket ssl = (SSLSocket) sslFactory.createSocket(raw, null, raw.getPort(), true);
      ssl.setUseClientMode(false);
      ssl.setEnabledProtocols(tls.protocols());
      ssl.setEnabledCipherSuites(tls.cipherSuites());
      ssl.setNeedClientAuth(needClientAuth);
      InputStream in = new BufferedInputStream(ssl.getInputStream(), 64 * 1024);
      OutputStream out = new BufferedOutputStream(ssl.getOutputStream(), 16 * 1024);
      boolean keepAlive = true;
      while (keepAlive && !closed) {
        HttpRequest request = readRequest(in, out);
        if (request == null) {
          break;
        }
        HttpResponse response;
        try {
          response = handler.apply(ssl.getSession(), request);
        } catch (RuntimeException e) {
          response =
              HttpResponse.json(
                      500, HttpResponse.newHeaders(), "{\"message\": \"Internal server error\"}")
                  .closing();
        }
        switch (response.disposition()) {
          case RESET -> {
            raw.setSoLinger(true, 0);
            raw.close();
            return;
          }
          case EMPTY -> {
            ssl.close();
            return;
          }
          default -> {
            boolean clientClose = "close".equalsIgnoreCase(request.header("connection"));
            keepAlive =
                response.disposition() == HttpResponse.Disposition.RESPOND
                    && !clientClose
                    && !request.bodyTooLarge();
            writeResponse(out, response, keepAlive);
          }
        }
      }
      ssl.close();
    } catch (IOException | RuntimeException e) {
      // Handshake failures (e.g. a TLS 1.0 client), resets and idle timeouts end the connection.
      closeQuietly(raw);
    } finally {
      open.remove(raw);
      closeQuietly(raw);
    }
  }

  private HttpRequest readRequest(InputStream in, OutputStream out) throws IOException {
    String requestLine = readLine(in, true);
    if (requestLine == null) {
      return null;
    }
    String[] parts = requestLine.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new IOException("malformed request line");
    }
    Map<String, String> headers = new HashMap<>();
    int headerBytes = 0;
    for (String line = readLine(in, false); !line.isEmpty(); line = readLine(in, false)) {
      headerBytes += line.length();
      if (headerBytes > MAX_HEADER_BYTES) {
        throw new IOException("request headers too large");
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.putIfAbsent(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    if (parts[2].equals("HTTP/1.0") && !headers.containsKey("connection")) {
      headers.put("connection", "close");
    }
    String target = parts[1];
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? "" : target.substring(q + 1);
    boolean chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
    String lengthHeader = headers.get("content-length");
    long length = 0;
    if (!chunked && lengthHeader != null) {
      try {
        length = Long.parseLong(lengthHeader);
      } catch (NumberFormatException e) {
        throw new IOException("bad Content-Length", e);
      }
    }
    boolean expectContinue = "100-continue".equalsIgnoreCase(headers.get("expect"));
    if (length > maxBodyBytes) {
      if (!expectContinue && length <= DRAIN_LIMIT_BYTES) {
        // Read the body away so the client, still writing, sees the answer instead of a reset.
        in.skipNBytes(length);
      }
      return new HttpRequest(parts[0], path, query, headers, new byte[0], true);
    }
    if (expectContinue) {
      out.write(CONTINUE);
      out.flush();
    }
    byte[] body;
    if (chunked) {
      body = readChunked(in);
      if (body == null) {
        return new HttpRequest(parts[0], path, query, headers, new byte[0], true);
      }
    } else {
      body = in.readNBytes((int) length);
      if (body.length != length) {
        throw new EOFException("body shorter than Content-Length");
      }
    }
    return new HttpRequest(parts[0], path, query, headers, body, false);
  }

  /** Reads a chunked body; {@code null} when it exceeds the limit. */
  private byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in, false);
      int semicolon = sizeLine.indexOf(';');
      long size;
      try {
        size =
            Long.parseLong(
                (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("bad chunk size", e);
      }
      if (size == 0) {
        while (!readLine(in, false).isEmpty()) {
          // trailers are ignored
        }
        return body.toByteArray();
      }
      if (body.size() + size > maxBodyBytes) {
        return null;
      }
      byte[] chunk = in.readNBytes((int) size);
      if (chunk.length != size) {
        throw new EOFException("truncated chunk");
      }
      body.write(chunk);
      readLine(in, false);
    }
  }

  /** Reads one CRLF-terminated line; {@code null} on a clean EOF before any byte if allowed. */
  private static String readLine(InputStream in, boolean eofAllowed) throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (eofAllowed && line.length() == 0) {
          return null;
        }
        throw new EOFException("connection closed mid-request");
      }
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        return line.toString();
      }
      if (line.length() > MAX_HEADER_BYTES) {
        throw new IOException("line too long");
      }
      line.append((char) b);
    }
  }

  private static void writeResponse(OutputStream out, HttpResponse response, boolean keepAlive)
      throws IOException {
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 ")
        .append(response.status())
        .append(' ')
        .append(StatusReasons.reason(response.status()))
        .append("\r\n");
    for (Map.Entry<String, String> h : response.headers().entrySet()) {
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    head.append("Content-Length: ").append(response.body().length).append("\r\n");
    if (!keepAlive) {
      head.append("Connection: close\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(response.body());
    out.flush();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }

  /** Stops accepting, closes every open connection and waits briefly for connection threads. */
  @Override
  public void close() {
    closed = true;
    try {
      serverSocket.close();
    } catch (IOException e) {
      // nothing left to release
    }
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    connections.shutdownNow();
    try {
      connections.awaitTermination(5, TimeUnit.SECONDS);
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

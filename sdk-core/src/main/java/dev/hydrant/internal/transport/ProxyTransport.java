package dev.hydrant.internal.transport;

import dev.hydrant.HydrantConfig;
import dev.hydrant.Route;
import dev.hydrant.TlsConfigurationException;
import dev.hydrant.tls.NegotiatedTls;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

/**
 * One HTTPS connection pool to the proxy (AWS SDK {@code apache-client} with Hydrant's own TLS
 * socket factory). {@link #send} performs exactly one attempt, including reading and classifying
 * the response body, and never throws for HTTP, I/O or TLS failures: they come back classified.
 * Every response stream is closed (or aborted) before {@code send} returns, so retried answers
 * never leak pooled connections.
 *
 * <p>Threads: only the short-lived one that builds the connection pool while the constructor's
 * caller goes on ({@link ConnectionPool}). The AWS SDK's idle-connection reaper is off: a pooled
 * connection idle for more than 2 s is validated when it is leased again, and one older than its
 * time to live is closed then. The total deadline of an attempt is enforced without a timer thread:
 * the connect and per-read socket timeouts bound each blocking step, the response body is read in
 * chunks with the deadline checked between them, and {@link #abortOverdue()} (called by the sender
 * while requests are in flight) aborts an attempt whose deadline passed in any other phase.
 *
 * <p>Thread-safe: several attempts may run at once (up to the pool size), each on its own thread;
 * {@link #abortOverdue()}, {@link #abortInFlight()} and {@link #close()} may be called from any
 * thread.
 */
public final class ProxyTransport implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyTransport.class);
  private static final int MAX_RESPONSE_BYTES = 1 << 20;
  static final String USER_AGENT = "hydrant/" + version();

  /** Pooled-connection life: follows API Gateway's IP changes. */
  static final Duration CONNECTION_TTL = Duration.ofSeconds(60);

  private final HydrantConfig config;
  private final String apiKey;
  private final ConnectionPool pool;
  private final TlsSocketFactory socketFactory;
  private final ResponseClassifier classifier;
  private final RequestAuth auth;
  private final AtomicReference<NegotiatedTls> lastSession = new AtomicReference<>();
  private final Set<Exchange> open = ConcurrentHashMap.newKeySet();

  /**
   * Builds the TLS context and starts building the connection pool (see {@link ConnectionPool}).
   *
   * @throws TlsConfigurationException if the TLS configuration cannot be used
   */
  public ProxyTransport(HydrantConfig config) {
    this(config, RequestAuth.NONE);
  }

  /**
   * Same, authorizing each attempt with {@code auth} (SigV4 signing); {@link #close()} closes it.
   *
   * @throws TlsConfigurationException if the TLS configuration cannot be used
   */
  public ProxyTransport(HydrantConfig config, RequestAuth auth) {
    this(config, auth, HttpClientFactory.APACHE);
  }

  /**
   * Same, with the HTTP client made by {@code clients} (on the pool's builder thread).
   *
   * @throws TlsConfigurationException if the TLS configuration cannot be used
   */
  public ProxyTransport(HydrantConfig config, RequestAuth auth, HttpClientFactory clients) {
    this(config, Clock.systemUTC(), auth, clients);
  }

  ProxyTransport(HydrantConfig config, Clock clock) {
    this(config, clock, RequestAuth.NONE, HttpClientFactory.APACHE);
  }

  ProxyTransport(HydrantConfig config, Clock clock, RequestAuth auth) {
    this(config, clock, auth, HttpClientFactory.APACHE);
  }

  ProxyTransport(HydrantConfig config, Clock clock, RequestAuth auth, HttpClientFactory clients) {
    this.config = Objects.requireNonNull(config, "config");
    this.apiKey = config.apiKey().orElse(null);
    this.auth = Objects.requireNonNull(auth, "auth");
    this.classifier = new ResponseClassifier(clock);
    this.socketFactory =
        TlsSocketFactory.create(
            config.tlsPolicy(),
            config.trust(),
            config.certificatePins(),
            config.clientCertificate().orElse(null),
            lastSession);
    // TLS errors are found above, on the caller's thread; the pool needs no more checking.
    TlsSocketFactory sockets = socketFactory;
    this.pool =
        ConnectionPool.startBuilding(
            () -> clients.build(config, sockets), ProxyTransport::loadJdkAnchors);
  }

  /**
   * Loads the JDK's own list of CA certificates. JDK 17's certificate-path check reads it during
   * the first handshake even when the client trusts only its own {@code Trust} (0.1–0.25 s on a
   * cold JVM: the {@code cacerts} file parsed certificate by certificate); loading it here, on the
   * pool's thread while the first request is prepared, takes that off the first request's path. A
   * JDK without that class only skips this; nothing depends on it.
   */
  private static void loadJdkAnchors() {
    try {
      Class.forName("sun.security.util.AnchorCertificates", true, null);
    } catch (ClassNotFoundException | LinkageError e) {
      LOG.debug("no JDK anchor list to load: {}", e.toString());
    }
  }

  // ApacheHttpClient is deprecated in favour of the httpclient5-based Apache5HttpClient; the
  // architecture pins apache-client (httpclient 4.5) for its small footprint on devices.
  @SuppressWarnings("deprecation")
  static SdkHttpClient apacheClient(HydrantConfig config, ConnectionSocketFactory socketFactory) {
    return ApacheHttpClient.builder()
        .socketFactory(socketFactory)
        .maxConnections(Math.max(config.maxConnections(), config.maxInFlight()))
        .connectionTimeout(config.connectTimeout())
        .socketTimeout(config.readTimeout())
        .connectionAcquisitionTimeout(config.connectTimeout())
        .connectionTimeToLive(CONNECTION_TTL)
        .expectContinueEnabled(false)
        .useIdleConnectionReaper(false)
        .build();
  }

  /** One attempt with the configured request timeout. See {@link #send(Route, List, long)}. */
  public Attempt send(Route route, List<byte[]> records) {
    return send(route, records, config.requestTimeout().toMillis());
  }

  /**
   * Sends {@code records} on {@code route} once and classifies the answer.
   *
   * @param timeoutMillis total deadline of this attempt (connect, send, response and body); the
   *     request is aborted when it passes (see the class comment for how)
   * @throws IllegalArgumentException if the records break a Firehose or API Gateway limit (see
   *     {@link RequestBodies}); nothing is sent
   */
  public Attempt send(Route route, List<byte[]> records, long timeoutMillis) {
    URI uri = route == Route.SINGLE ? config.endpoint() : config.batchEndpoint();
    // Streamed unless compressed: a 4 MiB batch would otherwise be a 5.6 MB array per request.
    byte[] body =
        config.gzip() ? gzip(RequestBodies.write(route, config.deliveryStream(), records)) : null;
    long bodyLength =
        body != null ? body.length : RequestBodies.size(route, config.deliveryStream(), records);
    ContentStreamProvider content =
        body != null
            ? ContentStreamProvider.fromByteArrayUnsafe(body)
            : () -> RequestBodies.stream(route, config.deliveryStream(), records);
    SdkHttpFullRequest.Builder request =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(uri)
            .putHeader("Content-Type", "application/json")
            .putHeader("Content-Length", Long.toString(bodyLength))
            .putHeader("User-Agent", USER_AGENT);
    if (config.gzip()) {
      request.putHeader("Content-Encoding", "gzip");
    }
    if (apiKey != null) {
      request.putHeader("x-api-key", apiKey);
    }
    config.headers().forEach(request::putHeader);
    RequestAuth.Authorized authorized = auth.authorize(request.build(), content);
    if (authorized.refusal() != null) {
      return authorized.refusal().withRequestBytes(0);
    }
    long timeout = Math.max(1, timeoutMillis);
    ExecutableHttpRequest call;
    try {
      call =
          pool.get()
              .prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(authorized.request())
                      .contentStreamProvider(content)
                      .build());
    } catch (RuntimeException e) {
      Attempt notSent = TransportFailures.classify(e, false, timeout, false).withRequestBytes(0);
      LOG.debug("POST {} records={} not sent: {}", uri, records.size(), notSent.detail());
      return notSent;
    }
    Exchange exchange =
        new Exchange(call, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout));
    socketFactory.resetClientCertificateFlag();
    open.add(exchange);
    Attempt attempt;
    try {
      HttpExecuteResponse response = call.call();
      byte[] responseBody = readBody(response, exchange);
      Function<String, String> header =
          name -> response.httpResponse().firstMatchingHeader(name).orElse(null);
      attempt =
          auth.review(
              classifier.classify(
                  route,
                  records.size(),
                  response.httpResponse().statusCode(),
                  header,
                  responseBody),
              header);
    } catch (IOException | RuntimeException e) {
      attempt =
          TransportFailures.classify(
              e, exchange.overdue, timeout, socketFactory.clientCertificateMissing());
    } finally {
      open.remove(exchange);
    }
    attempt = attempt.withRequestBytes(bodyLength);
    LOG.debug(
        "POST {} records={} bytes={} -> {} {} {} requestId={} apigwId={} errorType={}",
        uri,
        records.size(),
        bodyLength,
        attempt.statusCode(),
        attempt.outcome(),
        attempt.detail() == null ? "" : attempt.detail(),
        attempt.requestId(),
        attempt.apigwId(),
        attempt.errorType());
    return attempt;
  }

  /**
   * Reads the whole body (bounded) in chunks, checking the attempt's deadline between them, and
   * always closes, or on overflow or deadline aborts, the stream. A failure while aborting (a
   * length-delimited stream complains that it was cut short) is attached to the original one as
   * suppressed, so the reason stays, for example, "response body larger than 1 MiB".
   */
  private static byte[] readBody(HttpExecuteResponse response, Exchange exchange)
      throws IOException {
    Optional<AbortableInputStream> stream = response.responseBody();
    if (stream.isEmpty()) {
      return new byte[0];
    }
    AbortableInputStream in = stream.get();
    exchange.body = in;
    byte[] result;
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      byte[] chunk = new byte[8192];
      while (true) {
        if (exchange.pastDeadline(System.nanoTime())) {
          exchange.overdue = true;
          throw new IOException("response body not complete by the attempt's deadline");
        }
        int n = in.read(chunk);
        if (n < 0) {
          break;
        }
        bytes.write(chunk, 0, n);
        if (bytes.size() > MAX_RESPONSE_BYTES) {
          throw new IOException(
              "response body larger than 1 MiB (" + MAX_RESPONSE_BYTES + " bytes)");
        }
      }
      result = bytes.toByteArray();
    } catch (IOException | RuntimeException e) {
      abort(in, e);
      throw e;
    } finally {
      exchange.body = null;
    }
    in.close();
    return result;
  }

  private static void abort(AbortableInputStream in, Exception cause) {
    try {
      in.abort();
      in.close();
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** Aborts every request in flight; each {@link #send} returns a RETRY attempt. */
  public void abortInFlight() {
    for (Exchange e : open) {
      e.abort();
    }
  }

  /**
   * Aborts the requests in flight whose deadline has passed; their {@link #send} returns a RETRY
   * attempt naming the deadline. Cheap when nothing is overdue; any thread.
   */
  public void abortOverdue() {
    long now = System.nanoTime();
    for (Exchange e : open) {
      if (e.pastDeadline(now)) {
        e.overdue = true;
        e.abort();
      }
    }
  }

  public long requestTimeoutMillis() {
    return config.requestTimeout().toMillis();
  }

  /** What the most recent TLS handshake negotiated. */
  public Optional<NegotiatedTls> negotiatedTls() {
    return Optional.ofNullable(lastSession.get());
  }

  /**
   * Requests whose response stream is not yet closed; 0 whenever no {@link #send} is running. The
   * pool is also bounded by {@link HydrantConfig#maxConnections()}, so a leak would soon block.
   */
  public int leasedConnections() {
    return open.size();
  }

  /**
   * Whether an attempt can be authorized now (see {@link RequestAuth#ready()}); always true without
   * per-request authorization.
   */
  public boolean ready() {
    return auth.ready();
  }

  /** See {@link RequestAuth#unavailable()}. */
  public RequestAuth.Unavailable unavailable() {
    return auth.unavailable();
  }

  /** Registers what to call when {@link #ready()} may have changed. */
  public void onReadyChange(Runnable listener) {
    auth.onReadyChange(listener);
  }

  /** Aborts what is in flight and shuts the pool down (and the authorization). Idempotent. */
  @Override
  public void close() {
    abortInFlight();
    pool.close();
    auth.close();
  }

  @Override
  public String toString() {
    return "ProxyTransport{" + config + "}";
  }

  private static byte[] gzip(byte[] json) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip into memory cannot fail", e);
    }
    return out.toByteArray();
  }

  private static String version() {
    Properties p = new Properties();
    try (InputStream in =
        ProxyTransport.class.getResourceAsStream("/dev/hydrant/hydrant-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("version", "unknown");
  }

  /** One attempt in flight: what to abort, and when it is due. */
  private static final class Exchange {
    private final ExecutableHttpRequest call;
    private final long deadlineNanos;
    private volatile AbortableInputStream body;
    private volatile boolean overdue;

    Exchange(ExecutableHttpRequest call, long deadlineNanos) {
      this.call = call;
      this.deadlineNanos = deadlineNanos;
    }

    boolean pastDeadline(long nowNanos) {
      return nowNanos - deadlineNanos >= 0;
    }

    void abort() {
      AbortableInputStream in = body;
      if (in != null) {
        in.abort();
      }
      call.abort();
    }
  }
}

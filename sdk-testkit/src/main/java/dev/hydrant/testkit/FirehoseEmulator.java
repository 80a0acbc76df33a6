package dev.hydrant.testkit;

import static java.util.Objects.requireNonNull;

import dev.hydrant.testkit.internal.DeliveryLog;
import dev.hydrant.testkit.internal.FaultInjector;
import dev.hydrant.testkit.internal.FirehoseHandler;
import dev.hydrant.testkit.internal.FirehoseService;
import dev.hydrant.testkit.internal.GatewayHandler;
import dev.hydrant.testkit.internal.HttpsServer;
import dev.hydrant.testkit.internal.S3Sink;
import dev.hydrant.testkit.internal.Sleeper;
import dev.hydrant.testkit.internal.TlsMaterial;
import dev.hydrant.testkit.internal.VtlTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;

/**
 * A local emulator of the API Gateway &rarr; Firehose &rarr; S3 proxy Hydrant ships to: an HTTPS
 * server on 127.0.0.1 (TLS 1.2 and 1.3 only, a certificate from a CA generated at start) playing
 * the API Gateway stage with the real VTL mapping templates, an in-process Firehose with its
 * limits, quotas and error shapes (also reachable on its own port for conformance tests), and an S3
 * destination with Firehose-style buffering. Failures are programmable with {@link Faults}.
 *
 * <pre>{@code
 * try (FirehoseEmulator emulator = FirehoseEmulator.builder().build().start()) {
 *   // POST {"DeliveryStreamName":"stb-telemetry","Data":"<base64>"} to emulator.endpoint(),
 *   // trusting emulator.sslContext(); then look at emulator.deliveredLines().
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #faults(Faults)}, {@link #mode(IntegrationMode)}, {@link #apiKey(String)}
 * and {@link #streams(String...)} take effect for the next requests.
 */
public final class FirehoseEmulator implements AutoCloseable {

  private final EmulatorConfig config;
  private final FaultInjector faults;
  private final S3Sink sink;
  private final DeliveryLog log;
  private final FirehoseService firehose;
  private final GatewayHandler gateway;
  private TlsMaterial tls;
  private HttpsServer gatewayServer;
  private HttpsServer firehoseServer;
  private ScheduledExecutorService flusher;
  private boolean started;
  private boolean closed;

  FirehoseEmulator(EmulatorConfig config) {
    this.config = config;
    this.faults = new FaultInjector(config.faults(), config.nanoTime());
    this.sink =
        new S3Sink(
            config.s3Buffering(),
            config.s3Prefix(),
            config.s3Directory(),
            config.retention() == Retention.ALL,
            config.clock());
    this.log = new DeliveryLog(config.retention(), config.listener(), sink, config.clock());
    this.firehose =
        new FirehoseService(
            config.streams(),
            config.quotas(),
            config.serviceUnavailableStatus(),
            faults,
            log,
            config.nanoTime());
    this.gateway =
        new GatewayHandler(
            config.routes(),
            firehose,
            faults,
            log,
            config.stageThrottle(),
            config.integrationTimeout(),
            config.gzipRequests(),
            config.mode(),
            config.apiKey(),
            config.sleeper(),
            config.nanoTime());
  }

  /** A builder with the defaults documented on {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Generates the TLS material and starts both servers.
   *
   * @return this emulator
   * @throws IllegalStateException if already started or closed
   * @throws UncheckedIOException if a port cannot be bound
   */
  public synchronized FirehoseEmulator start() {
    if (started || closed) {
      throw new IllegalStateException(
          "the emulator can be started once, it is " + (closed ? "closed" : "running"));
    }
    tls = TlsMaterial.generate();
    try {
      gatewayServer =
          new HttpsServer(
              "hydrant-apigw", config.port(), tls, GatewayHandler.MAX_PAYLOAD_BYTES, gateway);
      firehoseServer =
          new HttpsServer(
              "hydrant-firehose",
              config.firehosePort(),
              tls,
              GatewayHandler.MAX_PAYLOAD_BYTES,
              new FirehoseHandler(firehose));
    } catch (IOException e) {
      if (gatewayServer != null) {
        gatewayServer.close();
      }
      throw new UncheckedIOException("cannot bind the emulator's ports", e);
    }
    flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "hydrant-s3-flusher");
              t.setDaemon(true);
              return t;
            });
    flusher.scheduleWithFixedDelay(sink::flushExpired, 100, 100, TimeUnit.MILLISECONDS);
    started = true;
    return this;
  }

  private synchronized void requireStarted() {
    if (!started) {
      throw new IllegalStateException("the emulator is not started: call start() first");
    }
  }

  /** The single-record route, e.g. {@code https://127.0.0.1:PORT/fh}. */
  public URI endpoint() {
    return gatewayUri(config.singleRoute());
  }

  /** The batch route, e.g. {@code https://127.0.0.1:PORT/fh/batch}. */
  public URI batchEndpoint() {
    return gatewayUri(config.batchRoute());
  }

  /** The stage's base URI, {@code https://127.0.0.1:PORT}. */
  public URI baseUri() {
    return gatewayUri("");
  }

  /** The Firehose endpoint on its own ({@code https://127.0.0.1:PORT2/}), for SDK clients. */
  public URI firehoseEndpoint() {
    requireStarted();
    return URI.create("https://127.0.0.1:" + firehoseServer.port() + "/");
  }

  private URI gatewayUri(String path) {
    requireStarted();
    return URI.create("https://127.0.0.1:" + gatewayServer.port() + path);
  }

  /** The CA certificate that signed the server certificate. */
  public X509Certificate caCertificate() {
    requireStarted();
    return tls.caCertificate();
  }

  /** The CA certificate, PEM-encoded. */
  public String caCertificatePem() {
    requireStarted();
    return tls.caCertificatePem();
  }

  /** A PKCS#12 trust store holding only the CA (a fresh copy per call). */
  public KeyStore trustStore() {
    requireStarted();
    return tls.trustStore();
  }

  /** An {@link SSLContext} that trusts only the emulator's CA. */
  public SSLContext sslContext() {
    requireStarted();
    return tls.clientContext();
  }

  /** A snapshot of the counters. */
  public EmulatorStats stats() {
    return log.stats();
  }

  /** Records accepted, in arrival order (empty unless the retention is {@link Retention#ALL}). */
  public List<DeliveredRecord> deliveredRecords() {
    return log.records();
  }

  /**
   * The lines of the accepted records split at {@code \n} (a final newline ends the last line), in
   * arrival order (empty unless the retention is {@link Retention#ALL}).
   */
  public List<String> deliveredLines() {
    return log.lines();
  }

  /**
   * How often each {@code event_id} was delivered (empty unless the retention is {@link
   * Retention#EVENT_IDS}); a count above 1 is a duplicate.
   */
  public Map<String, Long> deliveredEventIds() {
    return log.eventIdCounts();
  }

  /** S3 objects written so far (contents only with {@link Retention#ALL}). */
  public List<S3Object> s3Objects() {
    return sink.objects();
  }

  /** Writes every buffered record to S3 now, as Firehose does when a buffer hint is reached. */
  public void flush() {
    sink.flushAll();
  }

  /**
   * Returns to the state right after {@link #start()}: clears counters, delivered records, S3
   * buffers and objects (files already written stay), and restores the built faults (their
   * generator restarts from the seed), mode, API key and streams.
   */
  public void reset() {
    log.clear();
    faults.install(config.faults());
    gateway.mode(config.mode());
    gateway.apiKey(config.apiKey());
    firehose.resetStreams(config.streams());
  }

  /** Installs {@code faults} (restarting their generator from the seed and their outage clock). */
  public void faults(Faults faults) {
    this.faults.install(requireNonNull(faults, "faults"));
  }

  /** The installed faults. */
  public Faults faults() {
    return faults.faults();
  }

  /** Changes the integration-response mapping. */
  public void mode(IntegrationMode mode) {
    gateway.mode(requireNonNull(mode, "mode"));
  }

  /** The integration-response mapping. */
  public IntegrationMode mode() {
    return gateway.mode();
  }

  /** Requires this {@code x-api-key} from now on; null turns the check off. */
  public void apiKey(String apiKey) {
    gateway.apiKey(apiKey == null ? null : EmulatorConfig.requireApiKey(apiKey));
  }

  /** Creates more delivery streams. */
  public void streams(String... names) {
    for (String name : EmulatorConfig.requireStreams(names)) {
      firehose.addStream(name);
    }
  }

  /** The existing delivery streams. */
  public Set<String> streams() {
    return firehose.streams();
  }

  /** Flushes S3 buffers and stops both servers. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!started) {
      return;
    }
    gatewayServer.close();
    firehoseServer.close();
    flusher.shutdownNow();
    sink.flushAll();
  }

  @Override
  public String toString() {
    return "FirehoseEmulator{"
        + (started && !closed
            ? "gateway=" + endpoint() + ", firehose=" + firehoseEndpoint() + ", "
            : "")
        + config
        + '}';
  }

  /**
   * Builds a {@link FirehoseEmulator}. Every setter validates its argument and fails fast with an
   * {@link IllegalArgumentException} or {@link NullPointerException} naming the parameter. Not
   * thread-safe.
   */
  public static final class Builder {

    /** Default delivery stream: {@value}. */
    public static final String DEFAULT_STREAM = "stb-telemetry";

    /** Default single-record route (the seed's console demo): {@value}. */
    public static final String DEFAULT_SINGLE_ROUTE = "/fh";

    /** Default batch route: {@value}. */
    public static final String DEFAULT_BATCH_ROUTE = "/fh/batch";

    /** Default integration timeout in seconds (API Gateway's): {@value}. */
    public static final int DEFAULT_INTEGRATION_TIMEOUT_SECONDS = 29;

    /** Default status of Firehose's ServiceUnavailableException: {@value}. */
    public static final int DEFAULT_SERVICE_UNAVAILABLE_STATUS = 500;

    /** Classpath resource of the seed's PutRecord mapping template: {@value}. */
    public static final String SINGLE_TEMPLATE_RESOURCE = "/dev/hydrant/testkit/vtl/put-record.vm";

    /** Classpath resource of the PutRecordBatch mapping template: {@value}. */
    public static final String BATCH_TEMPLATE_RESOURCE =
        "/dev/hydrant/testkit/vtl/put-record-batch.vm";

    private int port;
    private int firehosePort;
    private String singleRoute = DEFAULT_SINGLE_ROUTE;
    private String batchRoute = DEFAULT_BATCH_ROUTE;
    private String singleTemplate;
    private String batchTemplate;
    private String apiKey;
    private IntegrationMode mode = IntegrationMode.SEED;
    private RateLimit stageThrottle = RateLimit.UNLIMITED;
    private Duration integrationTimeout = Duration.ofSeconds(DEFAULT_INTEGRATION_TIMEOUT_SECONDS);
    private boolean gzipRequests;
    private final Set<String> streams = new LinkedHashSet<>(List.of(DEFAULT_STREAM));
    private FirehoseQuotas quotas = FirehoseQuotas.DEFAULT;
    private int serviceUnavailableStatus = DEFAULT_SERVICE_UNAVAILABLE_STATUS;
    private Faults faults = Faults.none();
    private S3Buffering s3Buffering = S3Buffering.SEED;
    private String s3Prefix = "";
    private Path s3Directory;
    private Retention retention = Retention.ALL;
    private DeliveryListener listener;
    private Clock clock = Clock.systemUTC();
    private LongSupplier nanoTime = System::nanoTime;
    private Sleeper sleeper = Sleeper.SYSTEM;

    private Builder() {}

    /** API Gateway port on 127.0.0.1; default 0 (ephemeral). */
    public Builder port(int port) {
      this.port = EmulatorConfig.requirePort(port, "port");
      return this;
    }

    /** Firehose port on 127.0.0.1; default 0 (ephemeral). */
    public Builder firehosePort(int port) {
      this.firehosePort = EmulatorConfig.requirePort(port, "firehosePort");
      return this;
    }

    /** Path of the PutRecord route; default {@value #DEFAULT_SINGLE_ROUTE}. */
    public Builder singleRoute(String path) {
      this.singleRoute = EmulatorConfig.requireRoute(path, "singleRoute");
      return this;
    }

    /** Path of the PutRecordBatch route; default {@value #DEFAULT_BATCH_ROUTE}. */
    public Builder batchRoute(String path) {
      this.batchRoute = EmulatorConfig.requireRoute(path, "batchRoute");
      return this;
    }

    /** Replaces the PutRecord mapping template (VTL text); default the bundled seed template. */
    public Builder singleTemplate(String vtl) {
      this.singleTemplate = requireNonNull(vtl, "singleTemplate");
      return this;
    }

    /** Replaces the PutRecordBatch mapping template (VTL text); default the bundled one. */
    public Builder batchTemplate(String vtl) {
      this.batchTemplate = requireNonNull(vtl, "batchTemplate");
      return this;
    }

    /** Requires this {@code x-api-key} (else 403 Forbidden); default none. */
    public Builder apiKey(String apiKey) {
      this.apiKey = EmulatorConfig.requireApiKey(requireNonNull(apiKey, "apiKey"));
      return this;
    }

    /** Integration-response mapping; default {@link IntegrationMode#SEED}. */
    public Builder mode(IntegrationMode mode) {
      this.mode = requireNonNull(mode, "mode");
      return this;
    }

    /** Stage throttle (429 beyond it); default {@link RateLimit#UNLIMITED}. */
    public Builder stageThrottle(RateLimit limit) {
      this.stageThrottle = requireNonNull(limit, "stageThrottle");
      return this;
    }

    /**
     * Backend latency above this answers 504; default {@value #DEFAULT_INTEGRATION_TIMEOUT_SECONDS}
     * s.
     */
    public Builder integrationTimeout(Duration timeout) {
      requireNonNull(timeout, "integrationTimeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("integrationTimeout must be positive, got " + timeout);
      }
      this.integrationTimeout = timeout;
      return this;
    }

    /** Accept {@code Content-Encoding: gzip|deflate} request bodies (else 415); default false. */
    public Builder gzipRequests(boolean enabled) {
      this.gzipRequests = enabled;
      return this;
    }

    /** The delivery streams that exist; default {@value #DEFAULT_STREAM} only. */
    public Builder streams(String... names) {
      List<String> valid = EmulatorConfig.requireStreams(names);
      streams.clear();
      streams.addAll(valid);
      return this;
    }

    /** Per-stream Firehose quotas; default {@link FirehoseQuotas#DEFAULT}. */
    public Builder quotas(FirehoseQuotas quotas) {
      this.quotas = requireNonNull(quotas, "quotas");
      return this;
    }

    /**
     * HTTP status of ServiceUnavailableException, 500 or 503; default {@value
     * #DEFAULT_SERVICE_UNAVAILABLE_STATUS}.
     */
    public Builder serviceUnavailableStatus(int status) {
      if (status != 500 && status != 503) {
        throw new IllegalArgumentException(
            "serviceUnavailableStatus must be 500 or 503, got " + status);
      }
      this.serviceUnavailableStatus = status;
      return this;
    }

    /** Initial faults; default {@link Faults#none()}. */
    public Builder faults(Faults faults) {
      this.faults = requireNonNull(faults, "faults");
      return this;
    }

    /** S3 buffering hints; default {@link S3Buffering#SEED} (1 MiB or 60 s). */
    public Builder s3Buffering(S3Buffering buffering) {
      this.s3Buffering = requireNonNull(buffering, "s3Buffering");
      return this;
    }

    /** S3 key prefix such as {@code sales-events/}; default empty. */
    public Builder s3Prefix(String prefix) {
      requireNonNull(prefix, "s3Prefix");
      if (prefix.startsWith("/") || prefix.contains("..")) {
        throw new IllegalArgumentException("s3Prefix must be relative without '..', got " + prefix);
      }
      this.s3Prefix = prefix;
      return this;
    }

    /** Also write S3 objects as files under this directory; default memory only. */
    public Builder s3Directory(Path directory) {
      this.s3Directory = requireNonNull(directory, "s3Directory");
      return this;
    }

    /** What to keep in memory; default {@link Retention#ALL}. */
    public Builder retention(Retention retention) {
      this.retention = requireNonNull(retention, "retention");
      return this;
    }

    /** Called for every accepted record; default none. */
    public Builder listener(DeliveryListener listener) {
      this.listener = requireNonNull(listener, "listener");
      return this;
    }

    Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    Builder nanoTime(LongSupplier nanoTime) {
      this.nanoTime = requireNonNull(nanoTime, "nanoTime");
      return this;
    }

    Builder sleeper(Sleeper sleeper) {
      this.sleeper = requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * A new, not yet started emulator.
     *
     * @throws IllegalArgumentException if both routes are the same path or a template is not VTL
     */
    public FirehoseEmulator build() {
      if (singleRoute.equals(batchRoute)) {
        throw new IllegalArgumentException(
            "singleRoute and batchRoute must differ, both are " + singleRoute);
      }
      Map<String, GatewayHandler.Route> routes = new LinkedHashMap<>();
      routes.put(
          singleRoute,
          new GatewayHandler.Route(
              "PutRecord", template("put-record.vm", singleTemplate, SINGLE_TEMPLATE_RESOURCE)));
      routes.put(
          batchRoute,
          new GatewayHandler.Route(
              "PutRecordBatch",
              template("put-record-batch.vm", batchTemplate, BATCH_TEMPLATE_RESOURCE)));
      return new FirehoseEmulator(
          new EmulatorConfig(
              port,
              firehosePort,
              singleRoute,
              batchRoute,
              routes,
              apiKey,
              mode,
              stageThrottle,
              integrationTimeout,
              gzipRequests,
              Set.copyOf(streams),
              quotas,
              serviceUnavailableStatus,
              faults,
              s3Buffering,
              s3Prefix,
              s3Directory,
              retention,
              listener,
              clock,
              nanoTime,
              sleeper));
    }

    private static VtlTemplate template(String name, String text, String resource) {
      return VtlTemplate.parse(name, text != null ? text : readResource(resource));
    }

    /** The text of a bundled mapping template. */
    static String readResource(String resource) {
      try (InputStream in = FirehoseEmulator.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("missing bundled template " + resource);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read bundled template " + resource, e);
      }
    }
  }
}

package dev.hydrant.testkit;

import static java.util.Objects.requireNonNull;

import dev.hydrant.testkit.internal.DeliveryLog;
import dev.hydrant.testkit.internal.FaultInjector;
import dev.hydrant.testkit.internal.FirehoseHandler;
import dev.hydrant.testkit.internal.FirehoseService;
import dev.hydrant.testkit.internal.GatewayHandler;
import dev.hydrant.testkit.internal.HttpsServer;
import dev.hydrant.testkit.internal.S3Sink;
import dev.hydrant.testkit.internal.TlsMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 *   String data = Base64.getEncoder().encodeToString("{\"hello\":1}\n".getBytes(UTF_8));
 *   HttpClient http = HttpClient.newBuilder().sslContext(emulator.sslContext()).build();
 *   HttpResponse<String> response = http.send(
 *       HttpRequest.newBuilder(emulator.endpoint())
 *           .header("Content-Type", "application/json")
 *           .POST(BodyPublishers.ofString(
 *               "{\"DeliveryStreamName\":\"stb-telemetry\",\"Data\":\"" + data + "\"}"))
 *           .build(),
 *       BodyHandlers.ofString());
 *   // response.body() is the proxy's answer, {"RecordId":"..."};
 *   // emulator.deliveredLines() is ["{\"hello\":1}"]
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
            config.s3FileExtension(),
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

  /**
   * A builder with the defaults documented on {@link FirehoseEmulatorBuilder}.
   *
   * @return this builder
   */
  public static FirehoseEmulatorBuilder builder() {
    return new FirehoseEmulatorBuilder();
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
    // Runs until close() shuts the flusher down.
    var unused =
        flusher.scheduleWithFixedDelay(sink::flushExpired, 100, 100, TimeUnit.MILLISECONDS);
    started = true;
    return this;
  }

  private synchronized void requireStarted() {
    if (!started) {
      throw new IllegalStateException("the emulator is not started: call start() first");
    }
    if (closed) {
      throw new IllegalStateException("the emulator is closed");
    }
  }

  /** {@return whether {@link #start()} ran and {@link #close()} did not} */
  public synchronized boolean isRunning() {
    return started && !closed;
  }

  /** {@return the single-record route, e.g. {@code https://127.0.0.1:PORT/fh}} */
  public URI endpoint() {
    return gatewayUri(config.singleRoute());
  }

  /** {@return the batch route, e.g. {@code https://127.0.0.1:PORT/fh/batch}} */
  public URI batchEndpoint() {
    return gatewayUri(config.batchRoute());
  }

  /** {@return the stage's base URI, {@code https://127.0.0.1:PORT}} */
  public URI baseUri() {
    return gatewayUri("");
  }

  /**
   * {@return the Firehose endpoint on its own ({@code https://127.0.0.1:PORT2/}), for SDK clients}
   */
  public URI firehoseEndpoint() {
    requireStarted();
    return URI.create("https://127.0.0.1:" + firehoseServer.port() + "/");
  }

  private URI gatewayUri(String path) {
    requireStarted();
    return URI.create("https://127.0.0.1:" + gatewayServer.port() + path);
  }

  /** {@return the CA certificate that signed the server certificate} */
  public X509Certificate caCertificate() {
    requireStarted();
    return tls.caCertificate();
  }

  /** {@return the CA certificate, PEM-encoded} */
  public String caCertificatePem() {
    requireStarted();
    return tls.caCertificatePem();
  }

  /** {@return a PKCS#12 trust store holding only the CA (a fresh copy per call)} */
  public KeyStore trustStore() {
    requireStarted();
    return tls.trustStore();
  }

  /** {@return an {@link SSLContext} that trusts only the emulator's CA} */
  public SSLContext sslContext() {
    requireStarted();
    return tls.clientContext();
  }

  /** {@return a snapshot of the counters} */
  public EmulatorStats stats() {
    return log.stats();
  }

  /**
   * {@return records accepted, in arrival order (empty unless the retention is {@link
   * Retention#ALL})}
   */
  public List<DeliveredRecord> deliveredRecords() {
    return log.records();
  }

  /**
   * The lines of the accepted records split at {@code \n} (a final newline ends the last line), in
   * arrival order (empty unless the retention is {@link Retention#ALL}). Gzip records (from clients
   * that compress) are decompressed first, so the lines are the same either way.
   *
   * @return the delivered lines
   */
  public List<String> deliveredLines() {
    return log.lines();
  }

  /**
   * How often each {@code event_id} was delivered (empty unless the retention is {@link
   * Retention#EVENT_IDS}); a count above 1 is a duplicate.
   *
   * @return delivery count by {@code event_id}
   */
  public Map<String, Long> deliveredEventIds() {
    return log.eventIdCounts();
  }

  /** {@return S3 objects written so far (contents only with {@link Retention#ALL})} */
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
   * generator restarts from its seed), mode, API key and streams.
   */
  public void reset() {
    log.clear();
    faults.install(config.faults());
    gateway.mode(config.mode());
    gateway.apiKey(config.apiKey());
    firehose.resetStreams(config.streams());
  }

  /**
   * Installs {@code faults} (restarting their generator from its seed and their outage clock).
   *
   * @param faults the faults to inject
   */
  public void faults(Faults faults) {
    this.faults.install(requireNonNull(faults, "faults"));
  }

  /** {@return the installed faults} */
  public Faults faults() {
    return faults.faults();
  }

  /**
   * Changes the integration-response mapping.
   *
   * @param mode the new mapping
   */
  public void mode(IntegrationMode mode) {
    gateway.mode(requireNonNull(mode, "mode"));
  }

  /** {@return the integration-response mapping} */
  public IntegrationMode mode() {
    return gateway.mode();
  }

  /**
   * Requires this {@code x-api-key} from now on; null turns the check off.
   *
   * @param apiKey the required key, or null for none
   */
  public void apiKey(String apiKey) {
    gateway.apiKey(apiKey == null ? null : EmulatorConfig.requireApiKey(apiKey));
  }

  /**
   * Requires {@code AWS_IAM} authorization (SigV4 verified by {@code verifier}) on both routes from
   * now on, like a stage deployed with IAM authorization; {@code null} switches it off.
   *
   * @param verifier the verifier, or {@code null} for no IAM authorization
   */
  public void awsIam(AwsIamVerifier verifier) {
    gateway.awsIam(verifier);
  }

  /**
   * Creates more delivery streams.
   *
   * @param names the stream names to create
   */
  public void streams(String... names) {
    for (String name : EmulatorConfig.requireStreams(names)) {
      firehose.addStream(name);
    }
  }

  /** {@return the existing delivery streams} */
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
}

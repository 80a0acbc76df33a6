package dev.hydrant;

import static java.util.Objects.requireNonNull;

import dev.hydrant.auth.AwsIamAuth;
import dev.hydrant.internal.FirehoseLimits;
import dev.hydrant.tls.CertificatePins;
import dev.hydrant.tls.ClientCertificate;
import dev.hydrant.tls.TlsPolicy;
import dev.hydrant.tls.Trust;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Builds a {@link HydrantClient}. Only {@link #endpoint} and {@link #deliveryStream} are required;
 * every other option has the default shown. Each setter validates its argument at once and throws
 * {@link NullPointerException} naming the parameter, or {@link IllegalArgumentException} naming the
 * parameter, the allowed range and the value given.
 *
 * <p>Ranges (inclusive). Durations have millisecond resolution: a positive duration under 1 ms is
 * refused, never rounded to zero ("no timeout"); finer parts of longer ones are dropped.
 *
 * <table>
 *   <caption>Allowed values</caption>
 *   <tr><th>Option</th><th>Range</th><th>Default</th></tr>
 *   <tr><td>{@code connectTimeout}</td><td>1 ms to 10 min</td><td>5 s</td></tr>
 *   <tr><td>{@code readTimeout}, {@code requestTimeout}</td><td>1 ms to 1 h</td>
 *       <td>15 s, 30 s</td></tr>
 *   <tr><td>{@code initialBackoff}, {@code maxBackoff}, {@code maxRetryAfter}</td>
 *       <td>1 ms to 1 h</td><td>200 ms, 30 s, 60 s</td></tr>
 *   <tr><td>{@code linger}</td><td>0 to 1 h</td><td>1 s</td></tr>
 *   <tr><td>{@code latencyWindow}</td><td>1 s to 1 h</td><td>30 s</td></tr>
 *   <tr><td>{@code eventTtl}</td><td>1 ms to 365 days</td><td>24 h</td></tr>
 *   <tr><td>{@code spoolCommitInterval}</td><td>1 ms to 60 s</td><td>200 ms</td></tr>
 *   <tr><td>{@code closeTimeout}; {@code timeout} of {@link HydrantClient#flush}, {@link
 *       HydrantClient#close(java.time.Duration)}, {@link BufferFullPolicy#block}</td>
 *       <td>0 to 24 h</td><td>10 s; none; none; 100 ms</td></tr>
 *   <tr><td>{@code maxConnections}</td><td>1 to {@value #MAX_CONNECTIONS}</td><td>2</td></tr>
 *   <tr><td>{@code maxInFlight}</td><td>1 to {@value #MAX_IN_FLIGHT}</td>
 *       <td>{@value #DEFAULT_MAX_IN_FLIGHT}</td></tr>
 *   <tr><td>{@code bufferMaxEvents}, {@code maxAttempts}</td><td>1 to 2<sup>31</sup>-1</td>
 *       <td>100000, 2<sup>31</sup>-1</td></tr>
 *   <tr><td>{@code bufferMaxBytes}</td><td>1 to 2<sup>40</sup> (1 TiB)</td>
 *       <td>heap / 8, 64 KiB to 8 MiB (see below)</td></tr>
 *   <tr><td>{@code deadLetterMaxBytes}</td><td>1 to 2<sup>40</sup> (1 TiB)</td>
 *       <td>16 MiB</td></tr>
 *   <tr><td>{@code spoolMaxBytes}</td><td>1 MiB to 1 TiB</td><td>256 MiB</td></tr>
 *   <tr><td>{@code recordMaxBytes}</td><td>1 to {@value #MAX_RECORD_BYTES}</td>
 *       <td>heap / 128, 64 KiB to {@value #MAX_RECORD_BYTES}</td></tr>
 *   <tr><td>{@code compression}</td><td>{@link Compression#NONE}, or gzip level {@value
 *       Compression#MIN_GZIP_LEVEL} to {@value Compression#MAX_GZIP_LEVEL}</td>
 *       <td>{@link Compression#NONE}</td></tr>
 *   <tr><td>{@code batchMaxRecords}</td><td>1 to {@value #MAX_BATCH_RECORDS}</td>
 *       <td>{@value #MAX_BATCH_RECORDS}</td></tr>
 *   <tr><td>{@code batchMaxBytes}</td><td>1 to {@value #MAX_BATCH_BYTES}</td>
 *       <td>heap / (8 × {@code maxInFlight}), 64 KiB to {@value #MAX_BATCH_BYTES}</td></tr>
 * </table>
 *
 * <p>Memory sizes fit the heap: unless set, {@code bufferMaxBytes}, {@code batchMaxBytes} and
 * {@code recordMaxBytes} are derived from the heap the client runs in, {@code heap =} {@link
 * Runtime#maxMemory()}, when {@link #config()} is called:
 *
 * <ul>
 *   <li>{@code bufferMaxBytes = clamp(heap / 8, 64 KiB, 8 MiB)};
 *   <li>{@code batchMaxBytes = clamp(heap / (8 × maxInFlight), 64 KiB, 4 MiB)}, and at least an
 *       explicit {@code recordMaxBytes};
 *   <li>{@code recordMaxBytes = clamp(heap / 128, 64 KiB, 1000 KiB)}, and at most an explicit
 *       {@code batchMaxBytes}.
 * </ul>
 *
 * <p>The client holds at most about {@code bufferMaxBytes} of events (those in flight included), as
 * much again in packed copies of records waiting for a retry, and {@code maxInFlight ×
 * batchMaxBytes} of packed records in flight: with the defaults about three eighths of the heap,
 * plus the request bodies being sent. So a 16 MiB heap gets a 2 MiB buffer, 1 MiB batches and 128
 * KiB records; 32 MiB gets 4 MiB, 2 MiB and 256 KiB; from 128 MiB on (64 MiB for the buffer and
 * batches) the ceilings apply: 8 MiB, 4 MiB and 1000 KiB. Records stay under half a G1 region (1
 * MiB under 2 GiB of heap) on small heaps, so they are not allocated as "humongous" objects in
 * regions of their own. An event may be at most {@code recordMaxBytes}: on a small heap, set it
 * explicitly to accept larger events. {@link HydrantConfig} reports the values in use.
 *
 * <p>Endpoints: {@code https} only, with a host the JDK can parse (no {@code _}), a port of 1 to
 * 65535 if one is given, and no user info, query string or fragment. Header values and the API key
 * are printable ASCII.
 */
public final class HydrantClientBuilder {
  /** Default {@link #compression}: records are the NDJSON lines as they are. */
  public static final Compression DEFAULT_COMPRESSION = Compression.NONE;

  /** Default {@link #route}: the single-record route every proxy has. */
  public static final Route DEFAULT_ROUTE = Route.SINGLE;

  /** Default {@link #connectTimeout}, milliseconds: {@value}. */
  public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 5_000;

  /** Default {@link #readTimeout} (per read, not per request), milliseconds: {@value}. */
  public static final long DEFAULT_READ_TIMEOUT_MILLIS = 15_000;

  /** Default {@link #requestTimeout} (whole request), milliseconds: {@value}. */
  public static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 30_000;

  /**
   * Default {@link #maxConnections}: {@value}; the pool grows to {@link #maxInFlight} if larger.
   */
  public static final int DEFAULT_MAX_CONNECTIONS = 2;

  /** Default {@link #maxInFlight}: {@value} requests at once (measured: docs/benchmarks.md). */
  public static final int DEFAULT_MAX_IN_FLIGHT = 2;

  /** Largest {@link #maxInFlight}: {@value}. */
  public static final int MAX_IN_FLIGHT = 16;

  /** Default {@link #bufferMaxEvents}: {@value}. */
  public static final int DEFAULT_BUFFER_MAX_EVENTS = 100_000;

  /**
   * Ceiling of the default {@link #bufferMaxBytes}, which is derived from the heap (see the class
   * description): {@value} (8 MiB), the default on heaps of 64 MiB or more.
   */
  public static final long DEFAULT_BUFFER_MAX_BYTES = 8L * 1024 * 1024;

  /** Default {@link #bufferFullPolicy}: block for this many milliseconds, then throw: {@value}. */
  public static final long DEFAULT_BLOCK_TIMEOUT_MILLIS = 100;

  /** Default {@link #spoolCommitInterval}, milliseconds: {@value}. */
  public static final long DEFAULT_SPOOL_COMMIT_INTERVAL_MILLIS = 200;

  /** Default {@link #spoolMaxBytes}: {@value} (256 MiB). */
  public static final long DEFAULT_SPOOL_MAX_BYTES = 256L * 1024 * 1024;

  /** Default {@link #latencyWindow}, milliseconds: {@value}. */
  public static final long DEFAULT_LATENCY_WINDOW_MILLIS = 30_000;

  /** Default {@link #linger}, milliseconds: {@value}. */
  public static final long DEFAULT_LINGER_MILLIS = 1_000;

  /**
   * Firehose's largest record, raw bytes before base64: {@value}; also the ceiling of the default
   * {@link #recordMaxBytes}, which is derived from the heap (see the class description) and reaches
   * it on heaps of 125 MiB or more.
   */
  public static final int MAX_RECORD_BYTES = FirehoseLimits.MAX_RECORD_BYTES;

  /** Firehose's most records in one {@code PutRecordBatch}: {@value}; also the default. */
  public static final int MAX_BATCH_RECORDS = FirehoseLimits.MAX_BATCH_RECORDS;

  /**
   * Firehose's largest {@code PutRecordBatch}, raw bytes: {@value} (4 MiB); also the ceiling of the
   * default {@link #batchMaxBytes}, which is derived from the heap (see the class description) and
   * reaches it on heaps of 64 MiB or more with the default {@link #maxInFlight}.
   */
  public static final long MAX_BATCH_BYTES = FirehoseLimits.MAX_BATCH_BYTES;

  /**
   * Default {@link #maxAttempts}: {@value}, that is, retryable failures are retried until the
   * event's {@link #eventTtl} passes.
   */
  public static final int DEFAULT_MAX_ATTEMPTS = Integer.MAX_VALUE;

  /** Default {@link #initialBackoff}, milliseconds: {@value}. */
  public static final long DEFAULT_INITIAL_BACKOFF_MILLIS = 200;

  /** Default {@link #maxBackoff}, milliseconds: {@value}. */
  public static final long DEFAULT_MAX_BACKOFF_MILLIS = 30_000;

  /** Default {@link #maxRetryAfter}, milliseconds: {@value}. */
  public static final long DEFAULT_MAX_RETRY_AFTER_MILLIS = 60_000;

  /** Default {@link #eventTtl}, hours: {@value}. */
  public static final long DEFAULT_EVENT_TTL_HOURS = 24;

  /** Default {@link #deadLetterMaxBytes}: {@value} (16 MiB). */
  public static final long DEFAULT_DEAD_LETTER_MAX_BYTES = 16L * 1024 * 1024;

  /** Most {@link #maxConnections}: {@value}. */
  public static final int MAX_CONNECTIONS = 1024;

  /** Smallest {@link #spoolMaxBytes}: {@value} (1 MiB). */
  public static final long MIN_SPOOL_MAX_BYTES = 1024L * 1024;

  /** Default {@link #closeTimeout}, milliseconds: {@value}. */
  public static final long DEFAULT_CLOSE_TIMEOUT_MILLIS = 10_000;

  private static final String PROPERTY_PREFIX = "hydrant.";
  private static final String ENVIRONMENT_PREFIX = "HYDRANT_";

  URI endpoint;
  URI batchEndpoint;
  String deliveryStream;
  Route route = DEFAULT_ROUTE;
  String apiKey;
  final Map<String, String> headers = new LinkedHashMap<>();
  boolean gzip;
  TlsPolicy tlsPolicy = TlsPolicy.MODERN;
  Trust trust = Trust.platform();
  CertificatePins certificatePins = CertificatePins.NONE;
  ClientCertificate clientCertificate;
  AwsIamAuth awsIam;
  Duration connectTimeout = Duration.ofMillis(DEFAULT_CONNECT_TIMEOUT_MILLIS);
  Duration readTimeout = Duration.ofMillis(DEFAULT_READ_TIMEOUT_MILLIS);
  Duration requestTimeout = Duration.ofMillis(DEFAULT_REQUEST_TIMEOUT_MILLIS);
  int maxConnections = DEFAULT_MAX_CONNECTIONS;
  int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
  int bufferMaxEvents = DEFAULT_BUFFER_MAX_EVENTS;

  /** 0: derived from the heap by {@link #config()}. */
  long bufferMaxBytes;

  BufferFullPolicy bufferFullPolicy =
      BufferFullPolicy.block(Duration.ofMillis(DEFAULT_BLOCK_TIMEOUT_MILLIS));
  Path spoolDirectory;
  SpoolDurability spoolDurability = SpoolDurability.GROUP_COMMIT;
  Duration spoolCommitInterval = Duration.ofMillis(DEFAULT_SPOOL_COMMIT_INTERVAL_MILLIS);
  long spoolMaxBytes = DEFAULT_SPOOL_MAX_BYTES;
  Duration linger = Duration.ofMillis(DEFAULT_LINGER_MILLIS);
  Duration latencyWindow = Duration.ofMillis(DEFAULT_LATENCY_WINDOW_MILLIS);
  boolean aggregation = true;
  Compression compression = DEFAULT_COMPRESSION;

  /** 0: derived from the heap by {@link #config()}. */
  int recordMaxBytes;

  int batchMaxRecords = MAX_BATCH_RECORDS;

  /** 0: derived from the heap by {@link #config()}. */
  long batchMaxBytes;

  /** The heap the memory-sized defaults are derived from; replaced by tests. */
  LongSupplier maxMemory = () -> Runtime.getRuntime().maxMemory();

  int maxAttempts = DEFAULT_MAX_ATTEMPTS;
  Duration initialBackoff = Duration.ofMillis(DEFAULT_INITIAL_BACKOFF_MILLIS);
  Duration maxBackoff = Duration.ofMillis(DEFAULT_MAX_BACKOFF_MILLIS);
  Duration maxRetryAfter = Duration.ofMillis(DEFAULT_MAX_RETRY_AFTER_MILLIS);
  Duration eventTtl = Duration.ofHours(DEFAULT_EVENT_TTL_HOURS);
  Duration closeTimeout = Duration.ofMillis(DEFAULT_CLOSE_TIMEOUT_MILLIS);
  Path deadLetterDirectory;
  long deadLetterMaxBytes = DEFAULT_DEAD_LETTER_MAX_BYTES;
  DeliveryListener listener = DeliveryListener.NONE;
  Clock clock = Clock.systemUTC();

  HydrantClientBuilder() {}

  /**
   * The proxy's single-record route, for example {@code https://telemetry.example.com/fh}.
   * Required. Only {@code https} is accepted.
   *
   * @param endpoint the {@code https} URL of the single-record route
   * @return this builder
   */
  public HydrantClientBuilder endpoint(URI endpoint) {
    this.endpoint = Endpoints.https(endpoint, "endpoint");
    return this;
  }

  /**
   * Same as {@link #endpoint(URI)}, parsing the text.
   *
   * @param endpoint the {@code https} URL of the single-record route, as text
   * @return this builder
   */
  public HydrantClientBuilder endpoint(String endpoint) {
    return endpoint(Endpoints.parse(endpoint, "endpoint"));
  }

  /**
   * The proxy's batch route. Default: the {@link #endpoint} with {@code /batch} appended to its
   * path (the emulator's and the infrastructure's layout: {@code /fh} and {@code /fh/batch}).
   *
   * @param batchEndpoint the {@code https} URL of the batch route
   * @return this builder
   */
  public HydrantClientBuilder batchEndpoint(URI batchEndpoint) {
    this.batchEndpoint = Endpoints.https(batchEndpoint, "batchEndpoint");
    return this;
  }

  /**
   * The Firehose delivery stream: 1 to 64 of {@code [a-zA-Z0-9_.-]}. Required.
   *
   * @param deliveryStream the delivery stream's name
   * @return this builder
   */
  public HydrantClientBuilder deliveryStream(String deliveryStream) {
    requireNonNull(deliveryStream, "deliveryStream");
    if (!FirehoseLimits.STREAM_NAME.matcher(deliveryStream).matches()) {
      throw new IllegalArgumentException(
          "deliveryStream must be 1 to 64 characters of [a-zA-Z0-9_.-]: \""
              + deliveryStream
              + "\"");
    }
    this.deliveryStream = deliveryStream;
    return this;
  }

  /**
   * Which route to post to. Default {@link Route#SINGLE}, which every proxy has.
   *
   * @param route {@link Route#SINGLE} or {@link Route#BATCH}
   * @return this builder
   */
  public HydrantClientBuilder route(Route route) {
    this.route = requireNonNull(route, "route");
    return this;
  }

  /**
   * The API Gateway API key, sent as {@code x-api-key}. Never logged. Default: none; {@code null}
   * also means none, so {@code apiKey(System.getenv("HYDRANT_API_KEY"))} works whether or not the
   * variable is set.
   *
   * @param apiKey the key, or null for none; not logged, masked in {@code toString()}
   * @return this builder
   * @throws IllegalArgumentException if the key is empty or has characters other than visible ASCII
   */
  public HydrantClientBuilder apiKey(String apiKey) {
    if (apiKey != null
        && (apiKey.isEmpty() || apiKey.chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
      // The key itself is never echoed.
      throw new IllegalArgumentException(
          "apiKey must be 1 or more visible ASCII characters (0x21-0x7E), without spaces");
    }
    this.apiKey = apiKey;
    return this;
  }

  /**
   * Adds a static header sent with every request.
   *
   * @param name the header name, not one Hydrant sets itself
   * @param value the header value, printable ASCII
   * @return this builder
   */
  public HydrantClientBuilder header(String name, String value) {
    requireNonNull(name, "name");
    requireNonNull(value, "value");
    if (!Headers.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("header name is not a valid HTTP token: \"" + name + "\"");
    }
    if (Headers.isReserved(name)) {
      throw new IllegalArgumentException(
          "header " + name + " is set by Hydrant; use apiKey() for x-api-key");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c > 0x7e) {
        throw new IllegalArgumentException(
            "header "
                + name
                + " value must be printable ASCII; found U+"
                + String.format("%04X", (int) c)
                + " at index "
                + i
                + " (encode other text, e.g. percent-encoding)");
      }
    }
    headers.put(name, value);
    return this;
  }

  /**
   * Gzip each whole request body and send {@code Content-Encoding: gzip}. Default {@code false}.
   * The API must have payload compression enabled ({@code minimumCompressionSize}; the infra's
   * {@code -c minimumCompressionSize=0}), or it answers 415. It shrinks the uplink but not the
   * Firehose bill, which counts the records as Firehose receives them: prefer {@link
   * #compression(Compression)}, which does both.
   *
   * @param gzip {@code true} to gzip request bodies
   * @return this builder
   */
  public HydrantClientBuilder gzip(boolean gzip) {
    this.gzip = gzip;
    return this;
  }

  /**
   * TLS protocols and cipher suites. Default {@link TlsPolicy#MODERN}; never below TLS 1.2.
   *
   * @param tlsPolicy the protocols and cipher suites to offer
   * @return this builder
   */
  public HydrantClientBuilder tlsPolicy(TlsPolicy tlsPolicy) {
    this.tlsPolicy = requireNonNull(tlsPolicy, "tlsPolicy");
    return this;
  }

  /**
   * Which certificate authorities to trust. Default: the platform's trust store.
   *
   * @param trust the certificate authorities to trust
   * @return this builder
   */
  public HydrantClientBuilder trust(Trust trust) {
    this.trust = requireNonNull(trust, "trust");
    return this;
  }

  /**
   * SPKI pins checked after normal certificate validation. Default: none.
   *
   * @param certificatePins the pins to check
   * @return this builder
   */
  public HydrantClientBuilder certificatePins(CertificatePins certificatePins) {
    this.certificatePins = requireNonNull(certificatePins, "certificatePins");
    return this;
  }

  /**
   * A client certificate for mutual TLS. Default: none.
   *
   * @param clientCertificate the certificate and key to present
   * @return this builder
   */
  public HydrantClientBuilder clientCertificate(ClientCertificate clientCertificate) {
    this.clientCertificate = requireNonNull(clientCertificate, "clientCertificate");
    return this;
  }

  /**
   * Per-device identity: signs every request with AWS Signature Version 4 (service {@code
   * execute-api}) for a stage whose methods authorize with {@code AWS_IAM}, with credentials from
   * the {@link AwsIamAuth}'s provider, typically {@link dev.hydrant.auth.IotCredentialsProvider}
   * (the device's X.509 certificate exchanged for temporary credentials). May be combined with
   * {@link #apiKey} (usage plans). Until the first credentials arrive events wait in the buffer or
   * spool; see {@link AwsIamAuth} for refresh, backoff and failures. The client closes the provider
   * when it closes. Default: none; {@code null} also means none.
   *
   * @param awsIam the signing configuration, or {@code null} for none
   * @return this builder
   */
  public HydrantClientBuilder awsIam(AwsIamAuth awsIam) {
    this.awsIam = awsIam;
    return this;
  }

  /**
   * TCP connect timeout. Default {@value #DEFAULT_CONNECT_TIMEOUT_MILLIS} ms.
   *
   * @param connectTimeout 1 ms to 10 min
   * @return this builder
   */
  public HydrantClientBuilder connectTimeout(Duration connectTimeout) {
    this.connectTimeout =
        Ranges.duration(connectTimeout, "connectTimeout", Ranges.ONE_MS, Duration.ofMinutes(10));
    return this;
  }

  /**
   * Longest wait for each read. Default {@value #DEFAULT_READ_TIMEOUT_MILLIS} ms.
   *
   * @param readTimeout 1 ms to 1 h
   * @return this builder
   */
  public HydrantClientBuilder readTimeout(Duration readTimeout) {
    this.readTimeout = Ranges.duration(readTimeout, "readTimeout", Ranges.ONE_MS, Ranges.ONE_HOUR);
    return this;
  }

  /**
   * Longest time for a whole request; then it is aborted. Default 30 s.
   *
   * @param requestTimeout 1 ms to 1 h
   * @return this builder
   */
  public HydrantClientBuilder requestTimeout(Duration requestTimeout) {
    this.requestTimeout =
        Ranges.duration(requestTimeout, "requestTimeout", Ranges.ONE_MS, Ranges.ONE_HOUR);
    return this;
  }

  /**
   * Connection pool size. Default {@value #DEFAULT_MAX_CONNECTIONS}.
   *
   * @param maxConnections 1 to 1024, at least {@code maxInFlight}
   * @return this builder
   */
  public HydrantClientBuilder maxConnections(int maxConnections) {
    this.maxConnections = Ranges.size(maxConnections, "maxConnections", 1, MAX_CONNECTIONS);
    return this;
  }

  /**
   * Most requests in flight at once, 1 to {@value #MAX_IN_FLIGHT}. Default {@value
   * #DEFAULT_MAX_IN_FLIGHT}. Each is answered and acknowledged on its own, so order across events
   * is not kept (sort by the per-device {@code seq}). Request threads exist only while requests are
   * in flight; the connection pool holds at least this many connections. Events in flight still
   * count against the buffer's bounds.
   *
   * @param maxInFlight 1 to {@value #MAX_IN_FLIGHT}
   * @return this builder
   */
  public HydrantClientBuilder maxInFlight(int maxInFlight) {
    this.maxInFlight = Ranges.size(maxInFlight, "maxInFlight", 1, MAX_IN_FLIGHT);
    return this;
  }

  /**
   * Most events held in memory. Default {@value #DEFAULT_BUFFER_MAX_EVENTS}.
   *
   * @param bufferMaxEvents 1 to 2<sup>31</sup>-1
   * @return this builder
   */
  public HydrantClientBuilder bufferMaxEvents(int bufferMaxEvents) {
    this.bufferMaxEvents = Ranges.size(bufferMaxEvents, "bufferMaxEvents", 1, Integer.MAX_VALUE);
    return this;
  }

  /**
   * Most bytes of encoded events held in memory, those in flight included. Default: derived from
   * the heap, {@code clamp(heap / 8, 64 KiB, 8 MiB)} (see the class description).
   *
   * @param bufferMaxBytes 1 byte to 1 TiB
   * @return this builder
   */
  public HydrantClientBuilder bufferMaxBytes(long bufferMaxBytes) {
    this.bufferMaxBytes = Ranges.size(bufferMaxBytes, "bufferMaxBytes", 1, Ranges.BYTES_MAX);
    return this;
  }

  /**
   * What {@code send} does when the buffer is full. Default: block 100 ms, then throw.
   *
   * @param bufferFullPolicy what a full buffer does to {@code send}
   * @return this builder
   */
  public HydrantClientBuilder bufferFullPolicy(BufferFullPolicy bufferFullPolicy) {
    this.bufferFullPolicy = requireNonNull(bufferFullPolicy, "bufferFullPolicy");
    return this;
  }

  /**
   * Keep accepted events in a crash-safe disk spool in this directory instead of memory. The
   * directory is created if missing, and only one process may use it at a time.
   *
   * @param spoolDirectory the spool directory, created if missing
   * @return this builder
   */
  public HydrantClientBuilder spoolDirectory(Path spoolDirectory) {
    this.spoolDirectory = requireNonNull(spoolDirectory, "spoolDirectory");
    return this;
  }

  /**
   * When the spool forces events to disk. Default {@link SpoolDurability#GROUP_COMMIT}.
   *
   * @param spoolDurability when events are forced to disk
   * @return this builder
   */
  public HydrantClientBuilder spoolDurability(SpoolDurability spoolDurability) {
    this.spoolDurability = requireNonNull(spoolDurability, "spoolDurability");
    return this;
  }

  /**
   * The group-commit interval. Default {@value #DEFAULT_SPOOL_COMMIT_INTERVAL_MILLIS} ms.
   *
   * @param spoolCommitInterval 1 ms to 60 s
   * @return this builder
   */
  public HydrantClientBuilder spoolCommitInterval(Duration spoolCommitInterval) {
    this.spoolCommitInterval =
        Ranges.duration(
            spoolCommitInterval, "spoolCommitInterval", Ranges.ONE_MS, Duration.ofSeconds(60));
    return this;
  }

  /**
   * The spool's byte cap; past it the oldest events are dropped and reported. Default 256 MiB.
   *
   * @param spoolMaxBytes 1 MiB to 1 TiB
   * @return this builder
   */
  public HydrantClientBuilder spoolMaxBytes(long spoolMaxBytes) {
    this.spoolMaxBytes =
        Ranges.size(spoolMaxBytes, "spoolMaxBytes", MIN_SPOOL_MAX_BYTES, Ranges.BYTES_MAX);
    return this;
  }

  /**
   * How long an event may wait for companions before it is sent anyway. Default {@value
   * #DEFAULT_LINGER_MILLIS} ms. A full batch goes out at once.
   *
   * @param linger 0 to 1 h
   * @return this builder
   */
  public HydrantClientBuilder linger(Duration linger) {
    this.linger = Ranges.duration(linger, "linger", Duration.ZERO, Ranges.ONE_HOUR);
    return this;
  }

  /**
   * The step of the recent window of the latency histograms ({@link
   * HydrantMetrics#deliveryLatency()}, {@link HydrantMetrics#requestLatency()}): their {@code
   * recent()} distribution covers the last one to two steps. Default {@value
   * #DEFAULT_LATENCY_WINDOW_MILLIS} ms. Memory does not depend on it.
   *
   * @param latencyWindow 1 s to 1 h
   * @return this builder
   */
  public HydrantClientBuilder latencyWindow(Duration latencyWindow) {
    this.latencyWindow =
        Ranges.duration(latencyWindow, "latencyWindow", Duration.ofSeconds(1), Ranges.ONE_HOUR);
    return this;
  }

  /**
   * Pack many events into each Firehose record (default {@code true}). Firehose bills each record
   * rounded up to 5 KiB, so one small event per record costs many times more.
   *
   * @param aggregation {@code false} to send one event per record
   * @return this builder
   */
  public HydrantClientBuilder aggregation(boolean aggregation) {
    this.aggregation = aggregation;
    return this;
  }

  /**
   * How each Firehose record is encoded. Default {@link #DEFAULT_COMPRESSION}. With {@link
   * Compression#GZIP} (or {@link Compression#gzip(int)}) each record is one gzip member of whole
   * event lines: Firehose bills and stores the compressed bytes, about an eighth of the NDJSON. The
   * delivery stream must then name its S3 objects {@code .gz} and every client of the stream must
   * compress alike; see {@link Compression}. An event may then be at most a little less than {@link
   * #recordMaxBytes} (the gzip overhead of incompressible data).
   *
   * @param compression {@link Compression#NONE} or gzip at a level
   * @return this builder
   * @throws NullPointerException naming {@code compression} if it is null
   */
  public HydrantClientBuilder compression(Compression compression) {
    this.compression = requireNonNull(compression, "compression");
    return this;
  }

  /**
   * Largest Firehose record, bytes as sent (compressed, with {@link #compression}), 1 to {@value
   * #MAX_RECORD_BYTES}; also the largest event. Default: derived from the heap, {@code clamp(heap /
   * 128, 64 KiB, 1000 KiB)} (see the class description).
   *
   * @param recordMaxBytes 1 to {@value #MAX_RECORD_BYTES}
   * @return this builder
   */
  public HydrantClientBuilder recordMaxBytes(int recordMaxBytes) {
    this.recordMaxBytes = Ranges.size(recordMaxBytes, "recordMaxBytes", 1, MAX_RECORD_BYTES);
    return this;
  }

  /**
   * Most records per batch request, 1 to {@value #MAX_BATCH_RECORDS}.
   *
   * @param batchMaxRecords 1 to {@value #MAX_BATCH_RECORDS}
   * @return this builder
   */
  public HydrantClientBuilder batchMaxRecords(int batchMaxRecords) {
    this.batchMaxRecords = Ranges.size(batchMaxRecords, "batchMaxRecords", 1, MAX_BATCH_RECORDS);
    return this;
  }

  /**
   * Largest batch request, bytes of its records as sent (compressed, with {@link #compression}), 1
   * to {@value #MAX_BATCH_BYTES}. Default: derived from the heap, {@code clamp(heap / (8 ×
   * maxInFlight), 64 KiB, 4 MiB)} (see the class description).
   *
   * @param batchMaxBytes 1 to {@value #MAX_BATCH_BYTES}
   * @return this builder
   */
  public HydrantClientBuilder batchMaxBytes(long batchMaxBytes) {
    this.batchMaxBytes = Ranges.size(batchMaxBytes, "batchMaxBytes", 1, MAX_BATCH_BYTES);
    return this;
  }

  /**
   * Most attempts per request, the first included. Default: unlimited, bounded by {@link
   * #eventTtl}.
   *
   * @param maxAttempts 1 to 2<sup>31</sup>-1
   * @return this builder
   */
  public HydrantClientBuilder maxAttempts(int maxAttempts) {
    this.maxAttempts = Ranges.size(maxAttempts, "maxAttempts", 1, Integer.MAX_VALUE);
    return this;
  }

  /**
   * First retry's backoff bound. Default {@value #DEFAULT_INITIAL_BACKOFF_MILLIS} ms.
   *
   * @param initialBackoff 1 ms to 1 h
   * @return this builder
   */
  public HydrantClientBuilder initialBackoff(Duration initialBackoff) {
    this.initialBackoff =
        Ranges.duration(initialBackoff, "initialBackoff", Ranges.ONE_MS, Ranges.ONE_HOUR);
    return this;
  }

  /**
   * Largest backoff between attempts. Default {@value #DEFAULT_MAX_BACKOFF_MILLIS} ms.
   *
   * <p>While requests fail as a whole (5xx, 429, throttling, I/O), no new request starts for {@code
   * random(0, min(maxBackoff, initialBackoff * 2^(n-1), max(initialBackoff, t / 2)))} after the
   * {@code n}-th failure in a row, {@code t} being how long they have been failing; any
   * acknowledged record starts it over. The wait thus stays in proportion to the outage: the first
   * request after an outage of {@code t} starts within {@code t / 2}.
   *
   * @param maxBackoff 1 ms to 1 h
   * @return this builder
   */
  public HydrantClientBuilder maxBackoff(Duration maxBackoff) {
    this.maxBackoff = Ranges.duration(maxBackoff, "maxBackoff", Ranges.ONE_MS, Ranges.ONE_HOUR);
    return this;
  }

  /**
   * Cap on a server's {@code Retry-After}. Default {@value #DEFAULT_MAX_RETRY_AFTER_MILLIS} ms.
   *
   * @param maxRetryAfter 1 ms to 1 h
   * @return this builder
   */
  public HydrantClientBuilder maxRetryAfter(Duration maxRetryAfter) {
    this.maxRetryAfter =
        Ranges.duration(maxRetryAfter, "maxRetryAfter", Ranges.ONE_MS, Ranges.ONE_HOUR);
    return this;
  }

  /**
   * How long after acceptance an event may still be delivered; past it, it is reported as {@link
   * FailureReason#EXPIRED}. Default {@value #DEFAULT_EVENT_TTL_HOURS} hours.
   *
   * @param eventTtl 1 ms to 365 days
   * @return this builder
   */
  public HydrantClientBuilder eventTtl(Duration eventTtl) {
    this.eventTtl = Ranges.duration(eventTtl, "eventTtl", Ranges.ONE_MS, Ranges.TTL_MAX);
    return this;
  }

  /**
   * How long {@link HydrantClient#close()} waits for delivery. Default 10 s.
   *
   * @param closeTimeout 0 to 24 h
   * @return this builder
   */
  public HydrantClientBuilder closeTimeout(Duration closeTimeout) {
    this.closeTimeout =
        Ranges.duration(closeTimeout, "closeTimeout", Duration.ZERO, Ranges.LIFECYCLE_MAX);
    return this;
  }

  /**
   * Also write every event that will not be delivered (the {@code onFailed} callback) to {@code
   * dead-letters.ndjson} in this directory, one JSON line per event with the reason, the proxy's
   * detail and the event itself, for inspection and replay. Default: none.
   *
   * @param deadLetterDirectory the directory of {@code dead-letters.ndjson}, created if missing
   * @return this builder
   */
  public HydrantClientBuilder deadLetterDirectory(Path deadLetterDirectory) {
    this.deadLetterDirectory = requireNonNull(deadLetterDirectory, "deadLetterDirectory");
    return this;
  }

  /**
   * Cap on the dead-letter file; once reached, later dead letters are only reported to the
   * listener. Default 16 MiB.
   *
   * @param deadLetterMaxBytes 1 byte to 1 TiB
   * @return this builder
   */
  public HydrantClientBuilder deadLetterMaxBytes(long deadLetterMaxBytes) {
    this.deadLetterMaxBytes =
        Ranges.size(deadLetterMaxBytes, "deadLetterMaxBytes", 1, Ranges.BYTES_MAX);
    return this;
  }

  /**
   * Receives delivery callbacks. Default {@link DeliveryListener#NONE}.
   *
   * @param listener the callbacks to run
   * @return this builder
   */
  public HydrantClientBuilder listener(DeliveryListener listener) {
    this.listener = requireNonNull(listener, "listener");
    return this;
  }

  /**
   * The wall clock acceptance times start from. Default {@link Clock#systemUTC()}. It is read once
   * when the client is built; from then on time advances monotonically, so an NTP step of the
   * device clock neither expires nor parks buffered events. Events a spool kept from a run whose
   * clock was not yet set (before 2020) are not expired by age.
   *
   * @param clock the wall clock to start from
   * @return this builder
   */
  public HydrantClientBuilder clock(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Sets options from properties named {@code hydrant.}<i>option</i>, for example from a firmware's
   * properties file:
   *
   * <pre>
   * hydrant.endpoint=https://telemetry.example.com/fh
   * hydrant.deliveryStream=stb-telemetry
   * hydrant.linger=500ms
   * hydrant.spoolDirectory=/data/hydrant
   * </pre>
   *
   * <p>Every option with a text form can be set: the scalar ones named like their setter, plus
   * {@code trustPemFile} (a PEM file of trusted certificates). Durations are written {@code 500ms},
   * {@code 10s}, {@code 5m}, {@code 24h}, {@code 7d} or in ISO-8601 ({@code PT0.5S}); enums by
   * constant name, any case. Properties without the prefix are ignored; options set later override
   * earlier ones.
   *
   * @param properties the properties to read; only those named {@code hydrant.}<i>option</i> are
   *     used
   * @return this builder
   * @throws IllegalArgumentException naming the property if it names no option or its value is
   *     invalid for that option
   */
  public HydrantClientBuilder properties(Properties properties) {
    requireNonNull(properties, "properties");
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      if (key.startsWith(PROPERTY_PREFIX)) {
        TextOptions.apply(
            this,
            key.substring(PROPERTY_PREFIX.length()),
            properties.getProperty(key),
            "property " + key);
      }
    }
    return this;
  }

  /**
   * Sets options from environment variables named {@code HYDRANT_}<i>OPTION</i> in upper snake
   * case, for example {@code HYDRANT_ENDPOINT}, {@code HYDRANT_API_KEY}, {@code
   * HYDRANT_MAX_IN_FLIGHT}; pass {@link System#getenv()}. Values are written as for {@link
   * #properties}. Variables without the prefix are ignored.
   *
   * @param environment variable names to values, such as {@link System#getenv()}; only those named
   *     {@code HYDRANT_}<i>OPTION</i> are used
   * @return this builder
   * @throws IllegalArgumentException naming the variable if it names no option or its value is
   *     invalid for that option
   */
  public HydrantClientBuilder environment(Map<String, String> environment) {
    requireNonNull(environment, "environment");
    Map<String, String> byVariable = new TreeMap<>();
    for (String option : TextOptions.names()) {
      byVariable.put(ENVIRONMENT_PREFIX + TextOptions.upperSnake(option), option);
    }
    for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
      if (!e.getKey().startsWith(ENVIRONMENT_PREFIX)) {
        continue;
      }
      String option = byVariable.get(e.getKey());
      if (option == null) {
        throw new IllegalArgumentException(
            "environment variable "
                + e.getKey()
                + " names no option; the variables are "
                + byVariable.keySet());
      }
      TextOptions.apply(this, option, e.getValue(), "environment variable " + e.getKey());
    }
    return this;
  }

  /**
   * Builds the configuration without starting anything.
   *
   * @return the validated configuration
   * @throws IllegalStateException if {@link #endpoint} or {@link #deliveryStream} is missing, or
   *     options contradict each other
   */
  public HydrantConfig config() {
    if (endpoint == null) {
      throw new IllegalStateException("endpoint is required");
    }
    if (deliveryStream == null) {
      throw new IllegalStateException("deliveryStream is required");
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalStateException(
          "maxBackoff ("
              + maxBackoff
              + ") must not be shorter than initialBackoff ("
              + initialBackoff
              + ")");
    }
    if (awsIam != null) {
      try {
        awsIam.signingRegion(endpoint);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(e.getMessage() + " (AwsIamAuth.builder(...).region(...))");
      }
    }
    long heap = maxMemory.getAsLong();
    long batch =
        batchMaxBytes != 0
            ? batchMaxBytes
            : Math.max(HeapDefaults.batchMaxBytes(heap, maxInFlight), recordMaxBytes);
    int record =
        recordMaxBytes != 0
            ? recordMaxBytes
            : (int) Math.min(HeapDefaults.recordMaxBytes(heap), batch);
    if (record > batch) {
      throw new IllegalStateException(
          "recordMaxBytes ("
              + record
              + ") must not exceed batchMaxBytes ("
              + batch
              + "): a full record would fit in no batch");
    }
    long buffer = bufferMaxBytes != 0 ? bufferMaxBytes : HeapDefaults.bufferMaxBytes(heap);
    return new HydrantConfig(
        this,
        batchEndpoint != null ? batchEndpoint : defaultBatchEndpoint(endpoint),
        new HydrantConfig.Sizes(buffer, record, batch));
  }

  /**
   * Builds and starts the client: opens the spool (if any), prepares TLS, starts the sender thread.
   *
   * @return the started client
   * @throws IllegalStateException if the configuration is incomplete
   * @throws TlsConfigurationException if the TLS settings cannot be used on this JVM
   * @throws HydrantException if the spool cannot be opened
   */
  public HydrantClient build() {
    return new HydrantClient(config());
  }

  static URI defaultBatchEndpoint(URI endpoint) {
    String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
    String batchPath = path.endsWith("/") ? path + "batch" : path + "/batch";
    return endpoint.resolve(batchPath);
  }
}

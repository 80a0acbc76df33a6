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
 *   <tr><td>{@code bufferMaxBytes}, {@code deadLetterMaxBytes}</td><td>1 to 2<sup>40</sup> (1
 *       TiB)</td><td>8 MiB, 16 MiB</td></tr>
 *   <tr><td>{@code spoolMaxBytes}</td><td>1 MiB to 1 TiB</td><td>256 MiB</td></tr>
 *   <tr><td>{@code recordMaxBytes}</td><td>1 to {@value #MAX_RECORD_BYTES}</td>
 *       <td>{@value #MAX_RECORD_BYTES}</td></tr>
 *   <tr><td>{@code batchMaxRecords}</td><td>1 to {@value #MAX_BATCH_RECORDS}</td>
 *       <td>{@value #MAX_BATCH_RECORDS}</td></tr>
 *   <tr><td>{@code batchMaxBytes}</td><td>1 to {@value #MAX_BATCH_BYTES}</td>
 *       <td>{@value #MAX_BATCH_BYTES}</td></tr>
 * </table>
 *
 * <p>Endpoints: {@code https} only, with a host the JDK can parse (no {@code _}), a port of 1 to
 * 65535 if one is given, and no user info, query string or fragment. Header values and the API key
 * are printable ASCII.
 */
public final class HydrantClientBuilder {
  /** Default {@link #route}: the seed proxy's single-record route. */
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

  /** Default {@link #bufferMaxBytes}: {@value} (8 MiB). */
  public static final long DEFAULT_BUFFER_MAX_BYTES = 8L * 1024 * 1024;

  /** Default {@link #bufferFullPolicy}: block for this many milliseconds, then throw: {@value}. */
  public static final long DEFAULT_BLOCK_TIMEOUT_MILLIS = 100;

  /** Default {@link #spoolCommitInterval}, milliseconds: {@value}. */
  public static final long DEFAULT_SPOOL_COMMIT_INTERVAL_MILLIS = 200;

  /** Default {@link #spoolMaxBytes}: {@value} (256 MiB). */
  public static final long DEFAULT_SPOOL_MAX_BYTES = 256L * 1024 * 1024;

  /** Default {@link #linger}, milliseconds: {@value}. */
  public static final long DEFAULT_LINGER_MILLIS = 1_000;

  /** Firehose's largest record, raw bytes before base64: {@value}; also the default. */
  public static final int MAX_RECORD_BYTES = FirehoseLimits.MAX_RECORD_BYTES;

  /** Firehose's most records in one {@code PutRecordBatch}: {@value}; also the default. */
  public static final int MAX_BATCH_RECORDS = FirehoseLimits.MAX_BATCH_RECORDS;

  /** Firehose's largest {@code PutRecordBatch}, raw bytes: {@value} (4 MiB); also the default. */
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
  long bufferMaxBytes = DEFAULT_BUFFER_MAX_BYTES;
  BufferFullPolicy bufferFullPolicy =
      BufferFullPolicy.block(Duration.ofMillis(DEFAULT_BLOCK_TIMEOUT_MILLIS));
  Path spoolDirectory;
  SpoolDurability spoolDurability = SpoolDurability.GROUP_COMMIT;
  Duration spoolCommitInterval = Duration.ofMillis(DEFAULT_SPOOL_COMMIT_INTERVAL_MILLIS);
  long spoolMaxBytes = DEFAULT_SPOOL_MAX_BYTES;
  Duration linger = Duration.ofMillis(DEFAULT_LINGER_MILLIS);
  boolean aggregation = true;
  int recordMaxBytes = MAX_RECORD_BYTES;
  int batchMaxRecords = MAX_BATCH_RECORDS;
  long batchMaxBytes = MAX_BATCH_BYTES;
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
   */
  public HydrantClientBuilder endpoint(URI endpoint) {
    this.endpoint = Endpoints.https(endpoint, "endpoint");
    return this;
  }

  /** Same as {@link #endpoint(URI)}, parsing the text. */
  public HydrantClientBuilder endpoint(String endpoint) {
    return endpoint(Endpoints.parse(endpoint, "endpoint"));
  }

  /**
   * The proxy's batch route. Default: the {@link #endpoint} with {@code /batch} appended to its
   * path (the emulator's and the infrastructure's layout: {@code /fh} and {@code /fh/batch}).
   */
  public HydrantClientBuilder batchEndpoint(URI batchEndpoint) {
    this.batchEndpoint = Endpoints.https(batchEndpoint, "batchEndpoint");
    return this;
  }

  /** The Firehose delivery stream: 1 to 64 of {@code [a-zA-Z0-9_.-]}. Required. */
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

  /** Which route to post to. Default {@link Route#SINGLE}, which every proxy has. */
  public HydrantClientBuilder route(Route route) {
    this.route = requireNonNull(route, "route");
    return this;
  }

  /**
   * The API Gateway API key, sent as {@code x-api-key}. Never logged. Default: none; {@code null}
   * also means none, so {@code apiKey(System.getenv("HYDRANT_API_KEY"))} works whether or not the
   * variable is set.
   *
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

  /** Adds a static header sent with every request. */
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

  /** Gzip request bodies. Default {@code false}: the seed's API does not accept gzip. */
  public HydrantClientBuilder gzip(boolean gzip) {
    this.gzip = gzip;
    return this;
  }

  /** TLS protocols and cipher suites. Default {@link TlsPolicy#MODERN}; never below TLS 1.2. */
  public HydrantClientBuilder tlsPolicy(TlsPolicy tlsPolicy) {
    this.tlsPolicy = requireNonNull(tlsPolicy, "tlsPolicy");
    return this;
  }

  /** Which certificate authorities to trust. Default: the platform's trust store. */
  public HydrantClientBuilder trust(Trust trust) {
    this.trust = requireNonNull(trust, "trust");
    return this;
  }

  /** SPKI pins checked after normal certificate validation. Default: none. */
  public HydrantClientBuilder certificatePins(CertificatePins certificatePins) {
    this.certificatePins = requireNonNull(certificatePins, "certificatePins");
    return this;
  }

  /** A client certificate for mutual TLS. Default: none. */
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
   */
  public HydrantClientBuilder awsIam(AwsIamAuth awsIam) {
    this.awsIam = awsIam;
    return this;
  }

  /** TCP connect timeout. Default {@value #DEFAULT_CONNECT_TIMEOUT_MILLIS} ms. */
  public HydrantClientBuilder connectTimeout(Duration connectTimeout) {
    this.connectTimeout =
        Ranges.duration(connectTimeout, "connectTimeout", Ranges.ONE_MS, Duration.ofMinutes(10));
    return this;
  }

  /** Longest wait for each read. Default {@value #DEFAULT_READ_TIMEOUT_MILLIS} ms. */
  public HydrantClientBuilder readTimeout(Duration readTimeout) {
    this.readTimeout = Ranges.duration(readTimeout, "readTimeout", Ranges.ONE_MS, Ranges.ONE_HOUR);
    return this;
  }

  /** Longest time for a whole request; then it is aborted. Default 30 s. */
  public HydrantClientBuilder requestTimeout(Duration requestTimeout) {
    this.requestTimeout =
        Ranges.duration(requestTimeout, "requestTimeout", Ranges.ONE_MS, Ranges.ONE_HOUR);
    return this;
  }

  /** Connection pool size. Default {@value #DEFAULT_MAX_CONNECTIONS}. */
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
   */
  public HydrantClientBuilder maxInFlight(int maxInFlight) {
    this.maxInFlight = Ranges.size(maxInFlight, "maxInFlight", 1, MAX_IN_FLIGHT);
    return this;
  }

  /** Most events held in memory. Default {@value #DEFAULT_BUFFER_MAX_EVENTS}. */
  public HydrantClientBuilder bufferMaxEvents(int bufferMaxEvents) {
    this.bufferMaxEvents = Ranges.size(bufferMaxEvents, "bufferMaxEvents", 1, Integer.MAX_VALUE);
    return this;
  }

  /** Most bytes of encoded events held in memory. Default 8 MiB. */
  public HydrantClientBuilder bufferMaxBytes(long bufferMaxBytes) {
    this.bufferMaxBytes = Ranges.size(bufferMaxBytes, "bufferMaxBytes", 1, Ranges.BYTES_MAX);
    return this;
  }

  /** What {@code send} does when the buffer is full. Default: block 100 ms, then throw. */
  public HydrantClientBuilder bufferFullPolicy(BufferFullPolicy bufferFullPolicy) {
    this.bufferFullPolicy = requireNonNull(bufferFullPolicy, "bufferFullPolicy");
    return this;
  }

  /**
   * Keep accepted events in a crash-safe disk spool in this directory instead of memory. The
   * directory is created if missing, and only one process may use it at a time.
   */
  public HydrantClientBuilder spoolDirectory(Path spoolDirectory) {
    this.spoolDirectory = requireNonNull(spoolDirectory, "spoolDirectory");
    return this;
  }

  /** When the spool forces events to disk. Default {@link SpoolDurability#GROUP_COMMIT}. */
  public HydrantClientBuilder spoolDurability(SpoolDurability spoolDurability) {
    this.spoolDurability = requireNonNull(spoolDurability, "spoolDurability");
    return this;
  }

  /** The group-commit interval. Default {@value #DEFAULT_SPOOL_COMMIT_INTERVAL_MILLIS} ms. */
  public HydrantClientBuilder spoolCommitInterval(Duration spoolCommitInterval) {
    this.spoolCommitInterval =
        Ranges.duration(
            spoolCommitInterval, "spoolCommitInterval", Ranges.ONE_MS, Duration.ofSeconds(60));
    return this;
  }

  /** The spool's byte cap; past it the oldest events are dropped and reported. Default 256 MiB. */
  public HydrantClientBuilder spoolMaxBytes(long spoolMaxBytes) {
    this.spoolMaxBytes =
        Ranges.size(spoolMaxBytes, "spoolMaxBytes", MIN_SPOOL_MAX_BYTES, Ranges.BYTES_MAX);
    return this;
  }

  /**
   * How long an event may wait for companions before it is sent anyway. Default {@value
   * #DEFAULT_LINGER_MILLIS} ms. A full batch goes out at once.
   */
  public HydrantClientBuilder linger(Duration linger) {
    this.linger = Ranges.duration(linger, "linger", Duration.ZERO, Ranges.ONE_HOUR);
    return this;
  }

  /**
   * Pack many events into each Firehose record (default {@code true}). Firehose bills each record
   * rounded up to 5 KiB, so one small event per record costs many times more.
   */
  public HydrantClientBuilder aggregation(boolean aggregation) {
    this.aggregation = aggregation;
    return this;
  }

  /** Largest Firehose record, raw bytes, 1 to {@value #MAX_RECORD_BYTES}. */
  public HydrantClientBuilder recordMaxBytes(int recordMaxBytes) {
    this.recordMaxBytes = Ranges.size(recordMaxBytes, "recordMaxBytes", 1, MAX_RECORD_BYTES);
    return this;
  }

  /** Most records per batch request, 1 to {@value #MAX_BATCH_RECORDS}. */
  public HydrantClientBuilder batchMaxRecords(int batchMaxRecords) {
    this.batchMaxRecords = Ranges.size(batchMaxRecords, "batchMaxRecords", 1, MAX_BATCH_RECORDS);
    return this;
  }

  /** Largest batch request, raw bytes, 1 to {@value #MAX_BATCH_BYTES}. */
  public HydrantClientBuilder batchMaxBytes(long batchMaxBytes) {
    this.batchMaxBytes = Ranges.size(batchMaxBytes, "batchMaxBytes", 1, MAX_BATCH_BYTES);
    return this;
  }

  /**
   * Most attempts per request, the first included. Default: unlimited, bounded by {@link
   * #eventTtl}.
   */
  public HydrantClientBuilder maxAttempts(int maxAttempts) {
    this.maxAttempts = Ranges.size(maxAttempts, "maxAttempts", 1, Integer.MAX_VALUE);
    return this;
  }

  /** First retry's backoff bound. Default {@value #DEFAULT_INITIAL_BACKOFF_MILLIS} ms. */
  public HydrantClientBuilder initialBackoff(Duration initialBackoff) {
    this.initialBackoff =
        Ranges.duration(initialBackoff, "initialBackoff", Ranges.ONE_MS, Ranges.ONE_HOUR);
    return this;
  }

  /** Largest backoff between attempts. Default {@value #DEFAULT_MAX_BACKOFF_MILLIS} ms. */
  public HydrantClientBuilder maxBackoff(Duration maxBackoff) {
    this.maxBackoff = Ranges.duration(maxBackoff, "maxBackoff", Ranges.ONE_MS, Ranges.ONE_HOUR);
    return this;
  }

  /** Cap on a server's {@code Retry-After}. Default {@value #DEFAULT_MAX_RETRY_AFTER_MILLIS} ms. */
  public HydrantClientBuilder maxRetryAfter(Duration maxRetryAfter) {
    this.maxRetryAfter =
        Ranges.duration(maxRetryAfter, "maxRetryAfter", Ranges.ONE_MS, Ranges.ONE_HOUR);
    return this;
  }

  /**
   * How long after acceptance an event may still be delivered; past it, it is reported as {@link
   * FailureReason#EXPIRED}. Default {@value #DEFAULT_EVENT_TTL_HOURS} hours.
   */
  public HydrantClientBuilder eventTtl(Duration eventTtl) {
    this.eventTtl = Ranges.duration(eventTtl, "eventTtl", Ranges.ONE_MS, Ranges.TTL_MAX);
    return this;
  }

  /** How long {@link HydrantClient#close()} waits for delivery. Default 10 s. */
  public HydrantClientBuilder closeTimeout(Duration closeTimeout) {
    this.closeTimeout =
        Ranges.duration(closeTimeout, "closeTimeout", Duration.ZERO, Ranges.LIFECYCLE_MAX);
    return this;
  }

  /**
   * Also write every event that will not be delivered (the {@code onFailed} callback) to {@code
   * dead-letters.ndjson} in this directory, one JSON line per event with the reason, the proxy's
   * detail and the event itself, for inspection and replay. Default: none.
   */
  public HydrantClientBuilder deadLetterDirectory(Path deadLetterDirectory) {
    this.deadLetterDirectory = requireNonNull(deadLetterDirectory, "deadLetterDirectory");
    return this;
  }

  /**
   * Cap on the dead-letter file; once reached, later dead letters are only reported to the
   * listener. Default 16 MiB.
   */
  public HydrantClientBuilder deadLetterMaxBytes(long deadLetterMaxBytes) {
    this.deadLetterMaxBytes =
        Ranges.size(deadLetterMaxBytes, "deadLetterMaxBytes", 1, Ranges.BYTES_MAX);
    return this;
  }

  /** Receives delivery callbacks. Default {@link DeliveryListener#NONE}. */
  public HydrantClientBuilder listener(DeliveryListener listener) {
    this.listener = requireNonNull(listener, "listener");
    return this;
  }

  /**
   * The wall clock acceptance times start from. Default {@link Clock#systemUTC()}. It is read once
   * when the client is built; from then on time advances monotonically, so an NTP step of the
   * device clock neither expires nor parks buffered events. Events a spool kept from a run whose
   * clock was not yet set (before 2020) are not expired by age.
   */
  public HydrantClientBuilder clock(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Builds the configuration without starting anything.
   *
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
    if (recordMaxBytes > batchMaxBytes) {
      throw new IllegalStateException(
          "recordMaxBytes ("
              + recordMaxBytes
              + ") must not exceed batchMaxBytes ("
              + batchMaxBytes
              + "): a full record would fit in no batch");
    }
    return new HydrantConfig(
        this, batchEndpoint != null ? batchEndpoint : defaultBatchEndpoint(endpoint));
  }

  /**
   * Builds and starts the client: opens the spool (if any), prepares TLS, starts the sender thread.
   *
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

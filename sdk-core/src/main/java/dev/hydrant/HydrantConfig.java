package dev.hydrant;

import dev.hydrant.auth.AwsIamAuth;
import dev.hydrant.tls.CertificatePins;
import dev.hydrant.tls.ClientCertificate;
import dev.hydrant.tls.TlsPolicy;
import dev.hydrant.tls.Trust;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable, validated configuration of a {@link HydrantClient}: what {@link
 * HydrantClientBuilder#config()} returns and {@link HydrantClient#config()} reports. {@link
 * HydrantClientBuilder} documents each option, its range and its default. To change an option,
 * start from {@link #toBuilder()}: every option, the listener and the clock included, is carried
 * over.
 *
 * <p>{@link #toString()} shows every option but masks the API key and header values.
 */
public final class HydrantConfig {
  private final URI endpoint;
  private final URI batchEndpoint;
  private final String deliveryStream;
  private final Route route;
  private final String apiKey;
  private final Map<String, String> headers;
  private final boolean gzip;
  private final TlsPolicy tlsPolicy;
  private final Trust trust;
  private final CertificatePins certificatePins;
  private final ClientCertificate clientCertificate;
  private final AwsIamAuth awsIam;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration requestTimeout;
  private final int maxConnections;
  private final int maxInFlight;
  private final int bufferMaxEvents;
  private final long bufferMaxBytes;
  private final BufferFullPolicy bufferFullPolicy;
  private final Path spoolDirectory;
  private final SpoolDurability spoolDurability;
  private final Duration spoolCommitInterval;
  private final long spoolMaxBytes;
  private final Duration linger;
  private final Duration latencyWindow;
  private final boolean aggregation;
  private final Compression compression;
  private final int recordMaxBytes;
  private final int batchMaxRecords;
  private final long batchMaxBytes;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxRetryAfter;
  private final Duration eventTtl;
  private final Duration closeTimeout;
  private final Path deadLetterDirectory;
  private final long deadLetterMaxBytes;
  private final DeliveryListener listener;
  private final Clock clock;

  /** The memory sizes in use, derived from the heap where the builder left them unset. */
  record Sizes(long bufferMaxBytes, int recordMaxBytes, long batchMaxBytes) {}

  /** The sizes as set on the builder (0: derived), for {@link #toBuilder()}. */
  private final Sizes explicit;

  HydrantConfig(HydrantClientBuilder b, URI batchEndpoint, Sizes resolved) {
    this.explicit = new Sizes(b.bufferMaxBytes, b.recordMaxBytes, b.batchMaxBytes);
    this.endpoint = b.endpoint;
    this.batchEndpoint = batchEndpoint;
    this.deliveryStream = b.deliveryStream;
    this.route = b.route;
    this.apiKey = b.apiKey;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    this.gzip = b.gzip;
    this.tlsPolicy = b.tlsPolicy;
    this.trust = b.trust;
    this.certificatePins = b.certificatePins;
    this.clientCertificate = b.clientCertificate;
    this.awsIam = b.awsIam;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.requestTimeout = b.requestTimeout;
    this.maxConnections = b.maxConnections;
    this.maxInFlight = b.maxInFlight;
    this.bufferMaxEvents = b.bufferMaxEvents;
    this.bufferMaxBytes = resolved.bufferMaxBytes();
    this.bufferFullPolicy = b.bufferFullPolicy;
    this.spoolDirectory = b.spoolDirectory;
    this.spoolDurability = b.spoolDurability;
    this.spoolCommitInterval = b.spoolCommitInterval;
    this.spoolMaxBytes = b.spoolMaxBytes;
    this.linger = b.linger;
    this.latencyWindow = b.latencyWindow;
    this.aggregation = b.aggregation;
    this.compression = b.compression;
    this.recordMaxBytes = resolved.recordMaxBytes();
    this.batchMaxRecords = b.batchMaxRecords;
    this.batchMaxBytes = resolved.batchMaxBytes();
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxRetryAfter = b.maxRetryAfter;
    this.eventTtl = b.eventTtl;
    this.closeTimeout = b.closeTimeout;
    this.deadLetterDirectory = b.deadLetterDirectory;
    this.deadLetterMaxBytes = b.deadLetterMaxBytes;
    this.listener = b.listener;
    this.clock = b.clock;
  }

  /**
   * A builder holding every option of this configuration, the listener and the clock included;
   * changing it does not change this configuration.
   *
   * @return this builder
   */
  public HydrantClientBuilder toBuilder() {
    HydrantClientBuilder b = new HydrantClientBuilder();
    b.endpoint = endpoint;
    b.batchEndpoint = batchEndpoint;
    b.deliveryStream = deliveryStream;
    b.route = route;
    b.apiKey = apiKey;
    b.headers.putAll(headers);
    b.gzip = gzip;
    b.tlsPolicy = tlsPolicy;
    b.trust = trust;
    b.certificatePins = certificatePins;
    b.clientCertificate = clientCertificate;
    b.awsIam = awsIam;
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    b.requestTimeout = requestTimeout;
    b.maxConnections = maxConnections;
    b.maxInFlight = maxInFlight;
    b.bufferMaxEvents = bufferMaxEvents;
    b.bufferMaxBytes = explicit.bufferMaxBytes();
    b.bufferFullPolicy = bufferFullPolicy;
    b.spoolDirectory = spoolDirectory;
    b.spoolDurability = spoolDurability;
    b.spoolCommitInterval = spoolCommitInterval;
    b.spoolMaxBytes = spoolMaxBytes;
    b.linger = linger;
    b.latencyWindow = latencyWindow;
    b.aggregation = aggregation;
    b.compression = compression;
    b.recordMaxBytes = explicit.recordMaxBytes();
    b.batchMaxRecords = batchMaxRecords;
    b.batchMaxBytes = explicit.batchMaxBytes();
    b.maxAttempts = maxAttempts;
    b.initialBackoff = initialBackoff;
    b.maxBackoff = maxBackoff;
    b.maxRetryAfter = maxRetryAfter;
    b.eventTtl = eventTtl;
    b.closeTimeout = closeTimeout;
    b.deadLetterDirectory = deadLetterDirectory;
    b.deadLetterMaxBytes = deadLetterMaxBytes;
    b.listener = listener;
    b.clock = clock;
    return b;
  }

  /** {@return the single-record route} */
  public URI endpoint() {
    return endpoint;
  }

  /** {@return the batch route (the {@link #endpoint} with {@code /batch} appended unless set)} */
  public URI batchEndpoint() {
    return batchEndpoint;
  }

  /** {@return the Firehose delivery stream} */
  public String deliveryStream() {
    return deliveryStream;
  }

  /** {@return the route events are posted to} */
  public Route route() {
    return route;
  }

  /** {@return the API key sent as {@code x-api-key}, if any} */
  public Optional<String> apiKey() {
    return Optional.ofNullable(apiKey);
  }

  /** {@return extra static headers, in the order they were added} */
  public Map<String, String> headers() {
    return headers;
  }

  /** {@return whether request bodies are gzip-compressed} */
  public boolean gzip() {
    return gzip;
  }

  /** {@return TLS protocols and cipher suites} */
  public TlsPolicy tlsPolicy() {
    return tlsPolicy;
  }

  /** {@return the trust anchors} */
  public Trust trust() {
    return trust;
  }

  /** {@return SPKI pins; {@link CertificatePins#NONE} for none} */
  public CertificatePins certificatePins() {
    return certificatePins;
  }

  /** {@return the client certificate for mutual TLS, if any} */
  public Optional<ClientCertificate> clientCertificate() {
    return Optional.ofNullable(clientCertificate);
  }

  /** {@return SigV4 signing for {@code AWS_IAM} authorization; empty when not configured} */
  public Optional<AwsIamAuth> awsIam() {
    return Optional.ofNullable(awsIam);
  }

  /** {@return TCP connect timeout} */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** {@return longest wait for each read} */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** {@return longest time for one whole request} */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** {@return connection pool size (the pool grows to {@link #maxInFlight} if larger)} */
  public int maxConnections() {
    return maxConnections;
  }

  /** {@return most requests in flight at once} */
  public int maxInFlight() {
    return maxInFlight;
  }

  /** {@return most events held in memory} */
  public int bufferMaxEvents() {
    return bufferMaxEvents;
  }

  /** {@return most bytes of encoded events held in memory: as set, or derived from the heap} */
  public long bufferMaxBytes() {
    return bufferMaxBytes;
  }

  /** {@return what {@code send} does when the buffer is full} */
  public BufferFullPolicy bufferFullPolicy() {
    return bufferFullPolicy;
  }

  /** {@return the disk spool's directory, if events are spooled to disk} */
  public Optional<Path> spoolDirectory() {
    return Optional.ofNullable(spoolDirectory);
  }

  /** {@return when the spool forces events to the storage device} */
  public SpoolDurability spoolDurability() {
    return spoolDurability;
  }

  /** {@return the spool's group-commit interval} */
  public Duration spoolCommitInterval() {
    return spoolCommitInterval;
  }

  /** {@return the spool's byte cap} */
  public long spoolMaxBytes() {
    return spoolMaxBytes;
  }

  /** {@return how long an event may wait for companions before it is sent anyway} */
  public Duration linger() {
    return linger;
  }

  /** {@return the step of the latency histograms' recent window} */
  public Duration latencyWindow() {
    return latencyWindow;
  }

  /** {@return whether many events are packed into each Firehose record} */
  public boolean aggregation() {
    return aggregation;
  }

  /** {@return how each Firehose record is encoded: {@link Compression#NONE} or gzip at a level} */
  public Compression compression() {
    return compression;
  }

  /** {@return largest Firehose record, bytes as sent: as set, or derived from the heap} */
  public int recordMaxBytes() {
    return recordMaxBytes;
  }

  /** {@return most records per batch request} */
  public int batchMaxRecords() {
    return batchMaxRecords;
  }

  /** {@return largest batch request, raw bytes: as set, or derived from the heap} */
  public long batchMaxBytes() {
    return batchMaxBytes;
  }

  /** {@return most attempts per request, the first included} */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** {@return first retry's backoff bound} */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** {@return largest backoff between attempts} */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** {@return cap on a server's {@code Retry-After}} */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /** {@return how long after acceptance an event may still be delivered} */
  public Duration eventTtl() {
    return eventTtl;
  }

  /** {@return how long {@link HydrantClient#close()} waits for delivery} */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /** {@return where undeliverable events are also written, if anywhere} */
  public Optional<Path> deadLetterDirectory() {
    return Optional.ofNullable(deadLetterDirectory);
  }

  /** {@return cap on the dead-letter file} */
  public long deadLetterMaxBytes() {
    return deadLetterMaxBytes;
  }

  /** {@return receives delivery callbacks} */
  public DeliveryListener listener() {
    return listener;
  }

  /** {@return the wall clock acceptance times start from} */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("HydrantConfig{");
    s.append("endpoint=").append(endpoint);
    s.append(", batchEndpoint=").append(batchEndpoint);
    s.append(", deliveryStream=").append(deliveryStream);
    s.append(", route=").append(route);
    s.append(", apiKey=").append(apiKey == null ? "none" : mask(apiKey));
    s.append(", headers=").append(headers.keySet());
    s.append(", gzip=").append(gzip);
    s.append(", tlsPolicy=").append(tlsPolicy);
    s.append(", trust=").append(trust);
    s.append(", certificatePins=").append(certificatePins);
    s.append(", clientCertificate=").append(clientCertificate == null ? "none" : clientCertificate);
    s.append(", awsIam=").append(awsIam == null ? "none" : awsIam);
    s.append(", connectTimeout=").append(connectTimeout);
    s.append(", readTimeout=").append(readTimeout);
    s.append(", requestTimeout=").append(requestTimeout);
    s.append(", maxConnections=").append(maxConnections);
    s.append(", maxInFlight=").append(maxInFlight);
    s.append(", bufferMaxEvents=").append(bufferMaxEvents);
    s.append(", bufferMaxBytes=").append(bufferMaxBytes);
    s.append(", bufferFullPolicy=").append(bufferFullPolicy);
    s.append(", spoolDirectory=").append(spoolDirectory == null ? "none" : spoolDirectory);
    s.append(", spoolDurability=").append(spoolDurability);
    s.append(", spoolCommitInterval=").append(spoolCommitInterval);
    s.append(", spoolMaxBytes=").append(spoolMaxBytes);
    s.append(", linger=").append(linger);
    s.append(", latencyWindow=").append(latencyWindow);
    s.append(", aggregation=").append(aggregation);
    s.append(", compression=").append(compression);
    s.append(", recordMaxBytes=").append(recordMaxBytes);
    s.append(", batchMaxRecords=").append(batchMaxRecords);
    s.append(", batchMaxBytes=").append(batchMaxBytes);
    s.append(", maxAttempts=").append(maxAttempts);
    s.append(", initialBackoff=").append(initialBackoff);
    s.append(", maxBackoff=").append(maxBackoff);
    s.append(", maxRetryAfter=").append(maxRetryAfter);
    s.append(", eventTtl=").append(eventTtl);
    s.append(", closeTimeout=").append(closeTimeout);
    s.append(", deadLetterDirectory=")
        .append(deadLetterDirectory == null ? "none" : deadLetterDirectory);
    s.append(", deadLetterMaxBytes=").append(deadLetterMaxBytes);
    s.append(", listener=").append(listener);
    s.append(", clock=").append(clock);
    return s.append('}').toString();
  }

  /** Shows only the last four characters of a secret, and nothing of a short one. */
  static String mask(String secret) {
    if (secret.length() <= 4) {
      return "****";
    }
    return "****" + secret.substring(secret.length() - 4);
  }
}

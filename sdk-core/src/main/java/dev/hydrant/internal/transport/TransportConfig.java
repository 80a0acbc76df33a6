package dev.hydrant.internal.transport;

import dev.hydrant.internal.FirehoseLimits;
import dev.hydrant.tls.CertificatePins;
import dev.hydrant.tls.ClientCertificate;
import dev.hydrant.tls.TlsPolicy;
import dev.hydrant.tls.Trust;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything {@link ProxyTransport} needs. Validated on construction; {@code toString()} masks the
 * API key and header values that look secret.
 *
 * @param endpoint the single-record route, {@code https://} only
 * @param batchEndpoint the batch route, {@code https://} only; {@code null} if the proxy has none
 * @param deliveryStream the Firehose stream name, {@code [a-zA-Z0-9_.-]{1,64}}
 * @param apiKey sent as {@code x-api-key}; {@code null} for none
 * @param headers extra static headers (may not override the ones Hydrant sets)
 * @param gzip whether request bodies are gzip-compressed ({@code Content-Encoding: gzip})
 * @param connectTimeout TCP connect timeout
 * @param readTimeout per-read inactivity timeout
 * @param requestTimeout total deadline of one attempt, including reading the response body
 * @param maxConnections pool size
 * @param connectionTtl maximum life of a pooled connection (follows API Gateway IP changes)
 * @param tlsPolicy protocols and cipher suites
 * @param trust trust anchors
 * @param pins SPKI pins, {@link CertificatePins#NONE} for none
 * @param clientCertificate for mutual TLS; {@code null} for none
 */
public record TransportConfig(
    URI endpoint,
    URI batchEndpoint,
    String deliveryStream,
    String apiKey,
    Map<String, String> headers,
    boolean gzip,
    Duration connectTimeout,
    Duration readTimeout,
    Duration requestTimeout,
    int maxConnections,
    Duration connectionTtl,
    TlsPolicy tlsPolicy,
    Trust trust,
    CertificatePins pins,
    ClientCertificate clientCertificate) {

  /** Default TCP connect timeout: 5 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Default read (inactivity) timeout: 15 s. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);

  /** Default total deadline per attempt: 30 s (API Gateway's integration limit is 29 s). */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** Default pool size: {@value}; one sender thread needs one, devices are small. */
  public static final int DEFAULT_MAX_CONNECTIONS = 2;

  /** Default pooled-connection life: 60 s. */
  public static final Duration DEFAULT_CONNECTION_TTL = Duration.ofSeconds(60);

  /** Firehose delivery stream name rule. */
  public static final Pattern STREAM_NAME = FirehoseLimits.STREAM_NAME;

  private static final Set<String> RESERVED =
      Set.of(
          "content-type",
          "content-length",
          "content-encoding",
          "host",
          "user-agent",
          "x-api-key",
          "transfer-encoding",
          "expect",
          "connection");

  /** The HTTP token rule for header names (RFC 9110). */
  public static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private static final Pattern SECRET_HEADER =
      Pattern.compile(".*(key|token|auth|secret|password|cookie).*", Pattern.CASE_INSENSITIVE);

  public TransportConfig {
    requireHttps(endpoint, "endpoint");
    if (batchEndpoint != null) {
      requireHttps(batchEndpoint, "batchEndpoint");
    }
    Objects.requireNonNull(deliveryStream, "deliveryStream");
    if (!STREAM_NAME.matcher(deliveryStream).matches()) {
      throw new IllegalArgumentException(
          "deliveryStream must match " + STREAM_NAME + ": '" + deliveryStream + "'");
    }
    if (apiKey != null
        && (apiKey.isBlank() || apiKey.chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
      throw new IllegalArgumentException("apiKey must be visible ASCII without spaces");
    }
    Objects.requireNonNull(headers, "headers");
    Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(
        (name, value) -> {
          Objects.requireNonNull(name, "header name");
          Objects.requireNonNull(value, "header value of " + name);
          if (isReservedHeader(name)) {
            throw new IllegalArgumentException(
                "headers must not set '" + name + "': Hydrant sets it itself");
          }
          if (!HEADER_NAME.matcher(name).matches()
              || value.chars().anyMatch(ch -> ch < 0x20 && ch != '\t' || ch > 0x7e)) {
            throw new IllegalArgumentException("headers: invalid header '" + name + "'");
          }
          copy.put(name, value);
        });
    headers = java.util.Collections.unmodifiableMap(copy);
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(readTimeout, "readTimeout");
    requirePositive(requestTimeout, "requestTimeout");
    requirePositive(connectionTtl, "connectionTtl");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
    }
    Objects.requireNonNull(tlsPolicy, "tlsPolicy");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(pins, "pins");
  }

  /** A config with every default: platform trust, {@link TlsPolicy#MODERN}, no pins, no key. */
  public static TransportConfig of(URI endpoint, URI batchEndpoint, String deliveryStream) {
    return new TransportConfig(
        endpoint,
        batchEndpoint,
        deliveryStream,
        null,
        Map.of(),
        false,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_READ_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_CONNECTION_TTL,
        TlsPolicy.MODERN,
        Trust.platform(),
        CertificatePins.NONE,
        null);
  }

  private static void requireHttps(URI uri, String name) {
    Objects.requireNonNull(uri, name);
    if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          name + " must be an https:// URI with a host (plain http is refused): " + uri);
    }
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  /** Whether Hydrant sets this header itself, so that configuration may not (any case). */
  public static boolean isReservedHeader(String name) {
    return RESERVED.contains(name.toLowerCase(Locale.ROOT));
  }

  static String mask(String secret) {
    if (secret == null) {
      return "null";
    }
    return "****";
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> shown.put(k, SECRET_HEADER.matcher(k).matches() ? mask(v) : v));
    return "TransportConfig{endpoint="
        + endpoint
        + ", batchEndpoint="
        + batchEndpoint
        + ", deliveryStream="
        + deliveryStream
        + ", apiKey="
        + mask(apiKey)
        + ", headers="
        + shown
        + ", gzip="
        + gzip
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", maxConnections="
        + maxConnections
        + ", connectionTtl="
        + connectionTtl
        + ", tlsPolicy="
        + tlsPolicy
        + ", trust="
        + trust
        + ", pins="
        + pins
        + ", clientCertificate="
        + clientCertificate
        + "}";
  }
}

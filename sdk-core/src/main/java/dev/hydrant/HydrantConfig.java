package dev.hydrant;

import dev.hydrant.tls.CertificatePins;
import dev.hydrant.tls.ClientCertificate;
import dev.hydrant.tls.TlsPolicy;
import dev.hydrant.tls.Trust;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable configuration of a {@link HydrantClient}, as its builder validated it. See {@link
 * HydrantClient.Builder} for what each value means and its default. {@link #toString()} masks the
 * API key.
 */
public record HydrantConfig(
    URI endpoint,
    URI batchEndpoint,
    String deliveryStream,
    Route route,
    Optional<String> apiKey,
    Map<String, String> headers,
    boolean gzip,
    TlsPolicy tlsPolicy,
    Trust trust,
    CertificatePins certificatePins,
    Optional<ClientCertificate> clientCertificate,
    Duration connectTimeout,
    Duration readTimeout,
    Duration requestTimeout,
    int maxConnections,
    int bufferMaxEvents,
    long bufferMaxBytes,
    BufferFullPolicy bufferFullPolicy,
    Optional<Path> spoolDirectory,
    SpoolDurability spoolDurability,
    Duration spoolCommitInterval,
    long spoolMaxBytes,
    Duration linger,
    boolean aggregation,
    int recordMaxBytes,
    int batchMaxRecords,
    long batchMaxBytes,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration maxRetryAfter,
    Duration eventTtl,
    Duration closeTimeout,
    Optional<Path> deadLetterDirectory,
    long deadLetterMaxBytes,
    int maxInFlight) {

  public HydrantConfig {
    headers = Map.copyOf(headers);
  }

  @Override
  public String toString() {
    return "HydrantConfig{endpoint="
        + endpoint
        + ", batchEndpoint="
        + batchEndpoint
        + ", deliveryStream="
        + deliveryStream
        + ", route="
        + route
        + ", apiKey="
        + apiKey.map(HydrantConfig::mask).orElse("none")
        + ", headers="
        + headers.keySet()
        + ", gzip="
        + gzip
        + ", tlsPolicy="
        + tlsPolicy
        + ", trust="
        + trust
        + ", certificatePins="
        + certificatePins
        + ", clientCertificate="
        + clientCertificate.map(Object::toString).orElse("none")
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", maxConnections="
        + maxConnections
        + ", bufferMaxEvents="
        + bufferMaxEvents
        + ", bufferMaxBytes="
        + bufferMaxBytes
        + ", bufferFullPolicy="
        + bufferFullPolicy
        + ", spoolDirectory="
        + spoolDirectory.map(Path::toString).orElse("none (memory buffer)")
        + ", spoolDurability="
        + spoolDurability
        + ", spoolCommitInterval="
        + spoolCommitInterval
        + ", spoolMaxBytes="
        + spoolMaxBytes
        + ", linger="
        + linger
        + ", aggregation="
        + aggregation
        + ", recordMaxBytes="
        + recordMaxBytes
        + ", batchMaxRecords="
        + batchMaxRecords
        + ", batchMaxBytes="
        + batchMaxBytes
        + ", maxAttempts="
        + maxAttempts
        + ", initialBackoff="
        + initialBackoff
        + ", maxBackoff="
        + maxBackoff
        + ", maxRetryAfter="
        + maxRetryAfter
        + ", eventTtl="
        + eventTtl
        + ", closeTimeout="
        + closeTimeout
        + ", deadLetterDirectory="
        + deadLetterDirectory.map(Path::toString).orElse("none")
        + ", deadLetterMaxBytes="
        + deadLetterMaxBytes
        + ", maxInFlight="
        + maxInFlight
        + "}";
  }

  /** Shows only the last four characters of a secret. */
  static String mask(String secret) {
    if (secret.length() <= 4) {
      return "****";
    }
    return "****" + secret.substring(secret.length() - 4);
  }
}

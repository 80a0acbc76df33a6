package dev.hydrant.internal.pipeline;

import dev.hydrant.HydrantConfig;
import dev.hydrant.HydrantException;
import dev.hydrant.SpoolDurability;
import dev.hydrant.internal.buffer.EventBuffer;
import dev.hydrant.internal.buffer.MemoryBuffer;
import dev.hydrant.internal.spool.DiskSpool;
import dev.hydrant.internal.spool.Durability;
import dev.hydrant.internal.spool.SpoolConfig;
import dev.hydrant.internal.transport.DeliveryObserver;
import dev.hydrant.internal.transport.RetrySettings;
import dev.hydrant.internal.transport.TransportConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Turns a {@link HydrantConfig} into the pipeline's parts. */
public final class Wiring {
  private Wiring() {}

  /** The memory buffer, or the disk spool when a spool directory is configured. */
  public static EventBuffer openBuffer(HydrantConfig config, EventBuffer.DropSink dropSink) {
    if (config.spoolDirectory().isEmpty()) {
      return new MemoryBuffer(
          config.bufferMaxEvents(), config.bufferMaxBytes(), config.bufferFullPolicy(), dropSink);
    }
    Path dir = config.spoolDirectory().get();
    long segment =
        Math.max(
            SpoolConfig.MIN_SEGMENT_BYTES,
            Math.min(SpoolConfig.DEFAULT_SEGMENT_BYTES, config.spoolMaxBytes() / 4));
    SpoolConfig spool =
        SpoolConfig.builder(dir)
            .segmentBytes(segment)
            .maxBytes(config.spoolMaxBytes())
            .durability(
                config.spoolDurability() == SpoolDurability.EVERY_SEND
                    ? Durability.EVERY_APPEND
                    : Durability.GROUP_COMMIT)
            .groupCommitInterval(config.spoolCommitInterval())
            .build();
    try {
      return DiskSpool.open(spool, config.bufferFullPolicy(), dropSink);
    } catch (IOException e) {
      throw new HydrantException("could not open the spool in " + dir + ": " + e.getMessage(), e);
    }
  }

  public static TransportConfig transportConfig(HydrantConfig config) {
    return new TransportConfig(
        config.endpoint(),
        config.batchEndpoint(),
        config.deliveryStream(),
        config.apiKey().orElse(null),
        config.headers(),
        config.gzip(),
        config.connectTimeout(),
        config.readTimeout(),
        config.requestTimeout(),
        Math.max(config.maxConnections(), config.maxInFlight()),
        TransportConfig.DEFAULT_CONNECTION_TTL,
        config.tlsPolicy(),
        config.trust(),
        config.certificatePins(),
        config.clientCertificate().orElse(null));
  }

  public static RetrySettings retrySettings(HydrantConfig config) {
    return new RetrySettings(
        config.maxAttempts(), config.initialBackoff(), config.maxBackoff(), config.maxRetryAfter());
  }

  /** Counts requests and retries, and passes retries on to the listener. */
  public static DeliveryObserver observer(MetricsRecorder metrics, ListenerDispatch dispatch) {
    return new DeliveryObserver() {
      @Override
      public void onRequest(int records, long bodyBytes) {
        metrics.request(records, bodyBytes);
      }

      @Override
      public void onRetry(int attempt, String reason, Duration wait) {
        dispatch.retry(attempt, reason, wait);
      }
    };
  }
}

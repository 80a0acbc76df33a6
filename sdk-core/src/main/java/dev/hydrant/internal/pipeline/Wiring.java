package dev.hydrant.internal.pipeline;

import dev.hydrant.HydrantConfig;
import dev.hydrant.HydrantException;
import dev.hydrant.Route;
import dev.hydrant.auth.AwsIamAuth;
import dev.hydrant.internal.auth.ClockSkew;
import dev.hydrant.internal.auth.CredentialsCache;
import dev.hydrant.internal.auth.SigV4Auth;
import dev.hydrant.internal.buffer.EventBuffer;
import dev.hydrant.internal.buffer.MemoryBuffer;
import dev.hydrant.internal.spool.DiskSpool;
import dev.hydrant.internal.spool.SpoolConfig;
import dev.hydrant.internal.transport.Attempt;
import dev.hydrant.internal.transport.DeliveryObserver;
import dev.hydrant.internal.transport.RequestAuth;
import dev.hydrant.internal.transport.RetrySettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** Turns a {@link HydrantConfig} into the pipeline's parts. */
public final class Wiring {
  private static final int MIN_MASKED_HEADER_CHARS = 8;

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
            .durability(config.spoolDurability())
            .groupCommitInterval(config.spoolCommitInterval())
            .build();
    try {
      return DiskSpool.open(spool, config.bufferFullPolicy(), dropSink);
    } catch (IOException e) {
      throw new HydrantException("could not open the spool in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The per-request authorization: SigV4 with a started credentials cache when {@code awsIam} is
   * configured (signing with the configured clock, corrected by the servers' Date headers),
   * otherwise none.
   */
  public static RequestAuth requestAuth(HydrantConfig config) {
    if (config.awsIam().isEmpty()) {
      return RequestAuth.NONE;
    }
    AwsIamAuth auth = config.awsIam().get();
    ClockSkew skew = new ClockSkew(config.clock());
    CredentialsCache cache = new CredentialsCache(auth, skew);
    SigV4Auth sigv4 = new SigV4Auth(cache, skew, auth.signingRegion(config.endpoint()));
    cache.start();
    return sigv4;
  }

  public static RetrySettings retrySettings(HydrantConfig config) {
    return new RetrySettings(
        config.maxAttempts(), config.initialBackoff(), config.maxBackoff(), config.maxRetryAfter());
  }

  /** Counts requests and retries, passes retries on to the listener, and tracks health. */
  public static DeliveryObserver observer(
      MetricsRecorder metrics, ListenerDispatch dispatch, HealthTracker health) {
    return new DeliveryObserver() {
      @Override
      public void onRequest(int records, long bodyBytes) {
        metrics.request(records, bodyBytes);
      }

      @Override
      public void onAttempt(Attempt attempt, boolean overlapped) {
        health.onAttempt(attempt, overlapped);
      }

      @Override
      public void onRetry(int attempt, String reason, Duration wait) {
        dispatch.retry(attempt, reason, wait);
      }
    };
  }

  /** The health tracker for the configured route's endpoint. */
  public static HealthTracker health(
      HydrantConfig config,
      MetricsRecorder metrics,
      ListenerDispatch dispatch,
      LongSupplier waitingEvents,
      Clock clock) {
    URI uri = config.route() == Route.BATCH ? config.batchEndpoint() : config.endpoint();
    String where = config.spoolDirectory().isPresent() ? "the disk spool" : "the memory buffer";
    String next =
        "retrying with backoff; events stay in "
            + where
            + " until delivered or their time to live ("
            + HealthLog.duration(saturatedMillis(config.eventTtl()))
            + ") passes";
    List<String> secrets = new ArrayList<>();
    config.apiKey().ifPresent(secrets::add);
    for (String value : config.headers().values()) {
      // Short values (a model name, a flag) are not secrets and masking them would garble text.
      if (value.length() >= MIN_MASKED_HEADER_CHARS) {
        secrets.add(value);
      }
    }
    return new HealthTracker(
        endpointForLogs(uri), next, secrets, metrics, dispatch, waitingEvents, clock);
  }

  private static long saturatedMillis(Duration d) {
    try {
      return d.toMillis();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** {@code scheme://host[:port]/path}: no user info, no query, which may carry credentials. */
  static String endpointForLogs(URI uri) {
    if (uri == null) {
      return "(no endpoint)";
    }
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }
}

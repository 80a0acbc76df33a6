package dev.hydrant.testkit;

import dev.hydrant.testkit.internal.GatewayHandler;
import dev.hydrant.testkit.internal.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/** The validated settings of one emulator (built by {@link FirehoseEmulatorBuilder}). */
record EmulatorConfig(
    int port,
    int firehosePort,
    String singleRoute,
    String batchRoute,
    Map<String, GatewayHandler.Route> routes,
    String apiKey,
    IntegrationMode mode,
    RateLimit stageThrottle,
    Duration integrationTimeout,
    boolean gzipRequests,
    Set<String> streams,
    FirehoseQuotas quotas,
    int serviceUnavailableStatus,
    Faults faults,
    S3Buffering s3Buffering,
    String s3Prefix,
    String s3FileExtension,
    Path s3Directory,
    Retention retention,
    RecordListener listener,
    Clock clock,
    LongSupplier nanoTime,
    Sleeper sleeper) {

  private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");

  static String requireApiKey(String apiKey) {
    if (apiKey.isBlank()) {
      throw new IllegalArgumentException("apiKey must not be blank");
    }
    return apiKey;
  }

  static List<String> requireStreams(String... names) {
    if (names == null || names.length == 0) {
      throw new IllegalArgumentException("streams must name at least one delivery stream");
    }
    List<String> list = new ArrayList<>();
    for (String name : names) {
      if (name == null || !STREAM_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "streams: a delivery stream name must match [a-zA-Z0-9_.-]{1,64}, got " + name);
      }
      list.add(name);
    }
    return list;
  }

  static String requireRoute(String route, String name) {
    if (route == null || !route.startsWith("/") || route.contains("?") || route.contains(" ")) {
      throw new IllegalArgumentException(name + " must be a path starting with '/', got " + route);
    }
    return route;
  }

  static int requirePort(int port, String name) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(name + " must be in 0..65535, got " + port);
    }
    return port;
  }

  @Override
  public String toString() {
    return "routes="
        + routes.keySet()
        + ", apiKey="
        + (apiKey == null ? "none" : "****")
        + ", mode="
        + mode
        + ", stageThrottle="
        + stageThrottle
        + ", integrationTimeout="
        + integrationTimeout
        + ", gzip="
        + gzipRequests
        + ", streams="
        + streams
        + ", quotas="
        + quotas
        + ", faults="
        + faults
        + ", s3="
        + s3Buffering
        + ", retention="
        + retention;
  }
}

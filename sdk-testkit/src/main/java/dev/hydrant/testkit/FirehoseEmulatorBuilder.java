package dev.hydrant.testkit;

import static java.util.Objects.requireNonNull;

import dev.hydrant.testkit.internal.GatewayHandler;
import dev.hydrant.testkit.internal.Sleeper;
import dev.hydrant.testkit.internal.VtlTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Builds a {@link FirehoseEmulator}. Every setter validates its argument and fails fast with an
 * {@link IllegalArgumentException} or {@link NullPointerException} naming the parameter. Not
 * thread-safe.
 */
public final class FirehoseEmulatorBuilder {

  /** Default delivery stream: {@value}. */
  public static final String DEFAULT_STREAM = "stb-telemetry";

  /** Default single-record route (the route a proxy built in the console exposes): {@value}. */
  public static final String DEFAULT_SINGLE_ROUTE = "/fh";

  /** Default batch route: {@value}. */
  public static final String DEFAULT_BATCH_ROUTE = "/fh/batch";

  /** Default integration timeout in seconds (API Gateway's): {@value}. */
  public static final int DEFAULT_INTEGRATION_TIMEOUT_SECONDS = 29;

  /** Default status of Firehose's ServiceUnavailableException: {@value}. */
  public static final int DEFAULT_SERVICE_UNAVAILABLE_STATUS = 500;

  /** Classpath resource of the bundled PutRecord mapping template: {@value}. */
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
  private IntegrationMode mode = IntegrationMode.MASKED;
  private RateLimit stageThrottle = RateLimit.UNLIMITED;
  private Duration integrationTimeout = Duration.ofSeconds(DEFAULT_INTEGRATION_TIMEOUT_SECONDS);
  private boolean gzipRequests;
  private final Set<String> streams = new LinkedHashSet<>(List.of(DEFAULT_STREAM));
  private FirehoseQuotas quotas = FirehoseQuotas.DEFAULT;
  private int serviceUnavailableStatus = DEFAULT_SERVICE_UNAVAILABLE_STATUS;
  private Faults faults = Faults.none();
  private S3Buffering s3Buffering = S3Buffering.SMALL;

  /** Firehose's rule for {@code FileExtension}: a period, then 0-9a-z!-_.*'(), 128 at most. */
  private static final Pattern FILE_EXTENSION = Pattern.compile("\\.[0-9a-z!\\-_.*'()]{1,127}");

  private String s3Prefix = "";
  private String s3FileExtension = "";
  private Path s3Directory;
  private Retention retention = Retention.ALL;
  private RecordListener listener;
  private Clock clock = Clock.systemUTC();
  private LongSupplier nanoTime = System::nanoTime;
  private Sleeper sleeper = Sleeper.SYSTEM;

  FirehoseEmulatorBuilder() {}

  /**
   * API Gateway port on 127.0.0.1; default 0 (ephemeral).
   *
   * @param port 0 to 65535
   * @return this builder
   */
  public FirehoseEmulatorBuilder port(int port) {
    this.port = EmulatorConfig.requirePort(port, "port");
    return this;
  }

  /**
   * Firehose port on 127.0.0.1; default 0 (ephemeral).
   *
   * @param port 0 to 65535
   * @return this builder
   */
  public FirehoseEmulatorBuilder firehosePort(int port) {
    this.firehosePort = EmulatorConfig.requirePort(port, "firehosePort");
    return this;
  }

  /**
   * Path of the PutRecord route; default {@value #DEFAULT_SINGLE_ROUTE}.
   *
   * @param path the route path, starting with {@code /}
   * @return this builder
   */
  public FirehoseEmulatorBuilder singleRoute(String path) {
    this.singleRoute = EmulatorConfig.requireRoute(path, "singleRoute");
    return this;
  }

  /**
   * Path of the PutRecordBatch route; default {@value #DEFAULT_BATCH_ROUTE}.
   *
   * @param path the route path, starting with {@code /}
   * @return this builder
   */
  public FirehoseEmulatorBuilder batchRoute(String path) {
    this.batchRoute = EmulatorConfig.requireRoute(path, "batchRoute");
    return this;
  }

  /**
   * Replaces the PutRecord mapping template (VTL text); default the bundled template.
   *
   * @param vtl the template text
   * @return this builder
   */
  public FirehoseEmulatorBuilder singleTemplate(String vtl) {
    this.singleTemplate = requireNonNull(vtl, "singleTemplate");
    return this;
  }

  /**
   * Replaces the PutRecordBatch mapping template (VTL text); default the bundled one.
   *
   * @param vtl the template text
   * @return this builder
   */
  public FirehoseEmulatorBuilder batchTemplate(String vtl) {
    this.batchTemplate = requireNonNull(vtl, "batchTemplate");
    return this;
  }

  /**
   * Requires this {@code x-api-key} (else 403 Forbidden); default none.
   *
   * @param apiKey the required key
   * @return this builder
   */
  public FirehoseEmulatorBuilder apiKey(String apiKey) {
    this.apiKey = EmulatorConfig.requireApiKey(requireNonNull(apiKey, "apiKey"));
    return this;
  }

  /**
   * Integration-response mapping; default {@link IntegrationMode#MASKED}.
   *
   * @param mode the mapping
   * @return this builder
   */
  public FirehoseEmulatorBuilder mode(IntegrationMode mode) {
    this.mode = requireNonNull(mode, "mode");
    return this;
  }

  /**
   * Stage throttle (429 beyond it); default {@link RateLimit#UNLIMITED}.
   *
   * @param limit the stage rate limit
   * @return this builder
   */
  public FirehoseEmulatorBuilder stageThrottle(RateLimit limit) {
    this.stageThrottle = requireNonNull(limit, "stageThrottle");
    return this;
  }

  /**
   * Backend latency above this answers 504; default {@value #DEFAULT_INTEGRATION_TIMEOUT_SECONDS}
   * s.
   *
   * @param timeout the timeout
   * @return this builder
   */
  public FirehoseEmulatorBuilder integrationTimeout(Duration timeout) {
    requireNonNull(timeout, "integrationTimeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("integrationTimeout must be positive, got " + timeout);
    }
    this.integrationTimeout = timeout;
    return this;
  }

  /**
   * Accept {@code Content-Encoding: gzip|deflate} request bodies (else 415); default false.
   *
   * @param enabled {@code true} to accept compressed bodies
   * @return this builder
   */
  public FirehoseEmulatorBuilder gzipRequests(boolean enabled) {
    this.gzipRequests = enabled;
    return this;
  }

  /**
   * The delivery streams that exist; default {@value #DEFAULT_STREAM} only.
   *
   * @param names the stream names
   * @return this builder
   */
  public FirehoseEmulatorBuilder streams(String... names) {
    List<String> valid = EmulatorConfig.requireStreams(names);
    streams.clear();
    streams.addAll(valid);
    return this;
  }

  /**
   * Per-stream Firehose quotas; default {@link FirehoseQuotas#DEFAULT}.
   *
   * @param quotas the quotas
   * @return this builder
   */
  public FirehoseEmulatorBuilder quotas(FirehoseQuotas quotas) {
    this.quotas = requireNonNull(quotas, "quotas");
    return this;
  }

  /**
   * HTTP status of ServiceUnavailableException, 500 or 503; default {@value
   * #DEFAULT_SERVICE_UNAVAILABLE_STATUS}.
   *
   * @param status 500 or 503
   * @return this builder
   */
  public FirehoseEmulatorBuilder serviceUnavailableStatus(int status) {
    if (status != 500 && status != 503) {
      throw new IllegalArgumentException(
          "serviceUnavailableStatus must be 500 or 503, got " + status);
    }
    this.serviceUnavailableStatus = status;
    return this;
  }

  /**
   * Initial faults; default {@link Faults#none()}.
   *
   * @param faults the faults to inject from the start
   * @return this builder
   */
  public FirehoseEmulatorBuilder faults(Faults faults) {
    this.faults = requireNonNull(faults, "faults");
    return this;
  }

  /**
   * S3 buffering hints; default {@link S3Buffering#SMALL} (1 MiB or 60 s).
   *
   * @param buffering the buffering hints
   * @return this builder
   */
  public FirehoseEmulatorBuilder s3Buffering(S3Buffering buffering) {
    this.s3Buffering = requireNonNull(buffering, "s3Buffering");
    return this;
  }

  /**
   * S3 key prefix such as {@code sales-events/}; default empty.
   *
   * @param prefix the prefix, possibly empty
   * @return this builder
   */
  public FirehoseEmulatorBuilder s3Prefix(String prefix) {
    requireNonNull(prefix, "s3Prefix");
    if (prefix.startsWith("/") || prefix.contains("..")) {
      throw new IllegalArgumentException("s3Prefix must be relative without '..', got " + prefix);
    }
    this.s3Prefix = prefix;
    return this;
  }

  /**
   * The file extension of S3 object keys, as the delivery stream's {@code FileExtension} setting
   * gives it: {@code .ndjson.gz} when clients send gzip records. Default none.
   *
   * @param extension empty, or a period followed by {@code 0-9a-z!-_.*'()} (Firehose's rule)
   * @return this builder
   * @throws IllegalArgumentException naming the value and the rule
   */
  public FirehoseEmulatorBuilder s3FileExtension(String extension) {
    requireNonNull(extension, "s3FileExtension");
    if (!extension.isEmpty() && !FILE_EXTENSION.matcher(extension).matches()) {
      throw new IllegalArgumentException(
          "s3FileExtension must be empty or start with '.' followed by 0-9a-z!-_.*'() (at most"
              + " 128 characters), got "
              + extension);
    }
    this.s3FileExtension = extension;
    return this;
  }

  /**
   * Also write S3 objects as files under this directory; default memory only.
   *
   * @param directory the directory, created if missing
   * @return this builder
   */
  public FirehoseEmulatorBuilder s3Directory(Path directory) {
    this.s3Directory = requireNonNull(directory, "s3Directory");
    return this;
  }

  /**
   * What to keep in memory; default {@link Retention#ALL}.
   *
   * @param retention what to keep
   * @return this builder
   */
  public FirehoseEmulatorBuilder retention(Retention retention) {
    this.retention = requireNonNull(retention, "retention");
    return this;
  }

  /**
   * Called for every accepted record; default none.
   *
   * @param listener the listener
   * @return this builder
   */
  public FirehoseEmulatorBuilder listener(RecordListener listener) {
    this.listener = requireNonNull(listener, "listener");
    return this;
  }

  FirehoseEmulatorBuilder clock(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
    return this;
  }

  FirehoseEmulatorBuilder nanoTime(LongSupplier nanoTime) {
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    return this;
  }

  FirehoseEmulatorBuilder sleeper(Sleeper sleeper) {
    this.sleeper = requireNonNull(sleeper, "sleeper");
    return this;
  }

  /**
   * A new, not yet started emulator.
   *
   * @return the emulator
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
            s3FileExtension,
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

package dev.hydrant.examples;

import dev.hydrant.BufferFullException;
import dev.hydrant.Compression;
import dev.hydrant.HydrantClient;
import dev.hydrant.HydrantClientBuilder;
import dev.hydrant.HydrantMetrics;
import dev.hydrant.LatencyDistribution;
import dev.hydrant.auth.AwsIamAuth;
import dev.hydrant.event.TelemetryEvent;
import dev.hydrant.testkit.FirehoseBilling;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseQuotas;
import dev.hydrant.testkit.Retention;
import dev.hydrant.tls.NegotiatedTls;
import dev.hydrant.tls.Trust;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code produce}: a fleet of simulated set-top boxes ships telemetry through a Hydrant client,
 * then the run is checked end to end. Without {@code --endpoint} the target is an embedded emulator
 * of the proxy, whose S3 output is read back to prove that no accepted event was lost.
 */
@Command(
    name = "produce",
    description = {
      "Simulates a fleet of set-top boxes sending telemetry through Hydrant and checks that every"
          + " accepted event was acknowledged (and, with the embedded emulator, that it reached S3).",
      "Exit codes: 0 all delivered, 1 delivery shortfall, 2 configuration or TLS error."
    },
    mixinStandardHelpOptions = true)
final class ProduceCommand implements Callable<Integer> {
  /** Default fleet size: {@value}. */
  static final int DEFAULT_DEVICES = 50;

  /** Default events per second over the whole fleet: {@value}. */
  static final int DEFAULT_RATE = 2_000;

  /** The S3 file extension of the embedded emulator when records are gzip: {@value}. */
  static final String GZIP_EXTENSION = ".ndjson.gz";

  /** Memory buffer of the demo's client: {@value} bytes (the SDK's default is 8 MiB). */
  static final long BUFFER_MAX_BYTES = 64L * 1024 * 1024;

  @Option(
      names = "--devices",
      paramLabel = "N",
      description = "Set-top boxes to simulate (default: ${DEFAULT-VALUE}).")
  int devices = DEFAULT_DEVICES;

  @Option(
      names = "--duration",
      paramLabel = "TIME",
      converter = DurationConverter.class,
      description = "How long to generate events, e.g. 20s or 2m (default: 20s).")
  Duration duration = Duration.ofSeconds(20);

  @Option(
      names = "--events",
      paramLabel = "N",
      description =
          "Generate exactly N events instead of running for --duration; 0 only drains what a"
              + " --spool holds from an earlier run.")
  Long events;

  @Option(
      names = "--rate",
      paramLabel = "EVENTS_PER_SEC",
      description = "Events per second, whole fleet (default: ${DEFAULT-VALUE}).")
  int rate = DEFAULT_RATE;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the fleet simulation and of the emulator's faults (default: 42).")
  long seed = 42;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description =
          "The proxy's https single-record route, e.g. https://telemetry.example.com/fh. Without"
              + " it, an embedded emulator is started.")
  URI endpoint;

  @Option(
      names = "--faults",
      paramLabel = "none|flaky|throttle|outage|outage-mixed",
      description = "Chaos in the embedded emulator (default: ${DEFAULT-VALUE}).")
  String faults = "none";

  @Option(
      names = "--drain-timeout",
      paramLabel = "TIME",
      converter = DurationConverter.class,
      description = "Longest wait for the backlog after generating stops (default: 60s).")
  Duration drainTimeout = Duration.ofSeconds(60);

  @Option(
      names = "--linger",
      paramLabel = "TIME",
      converter = DurationConverter.class,
      description =
          "How long the client waits to fill a request before sending it (default: the client's"
              + " 1s).")
  Duration linger;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve the client's metrics as Prometheus text on http://127.0.0.1:PORT/metrics while"
              + " the run lasts (0: any free port, printed on stderr).")
  Integer metricsPort;

  @Option(
      names = "--json",
      description = "Print the summary as one JSON object on stdout (progress stays on stderr).")
  boolean json;

  @Mixin ClientOptions client = new ClientOptions();

  @Mixin IotAuthOptions identity = new IotAuthOptions();

  private final PrintStream out;
  private final PrintStream err;

  /** The SigV4 signing of {@code --auth iot}, or null. */
  private AwsIamAuth awsIam;

  ProduceCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws IOException {
    validate();
    if (endpoint != null) {
      awsIam = identity.iot() ? identity.awsIam() : null;
      Trust trust = client.trust();
      new TlsProbe(Duration.ofSeconds(10)).requireReachable(endpoint);
      return run(endpoint, trust, null, endpoint.toString());
    }
    Path s3 = Files.createTempDirectory("hydrant-demo-s3-");
    RecordMeter meter = new RecordMeter();
    try (EmulatedIot iot = identity.iot() ? EmulatedIot.start(identity) : null;
        FirehoseEmulator emulator =
            FirehoseEmulator.builder()
                .quotas(FirehoseQuotas.UNLIMITED)
                .faults(FaultPresets.parse(faults, seed))
                .retention(Retention.COUNTERS)
                .s3Directory(s3)
                .s3FileExtension(client.compression().isGzip() ? GZIP_EXTENSION : "")
                .listener(meter)
                .streams(client.stream)
                .gzipRequests(true)
                .build()
                .start()) {
      if (iot != null) {
        emulator.awsIam(iot.verifier());
        awsIam = identity.awsIam();
      }
      int code =
          run(
              emulator.endpoint(),
              Trust.pem(emulator.caCertificatePem()),
              new Embedded(emulator, s3, meter),
              "embedded emulator "
                  + emulator.endpoint()
                  + " (faults: "
                  + faults
                  + (iot != null ? ", AWS_IAM" : "")
                  + ")");
      return iot == null ? code : iot.report(out, code);
    } finally {
      deleteTree(s3);
    }
  }

  /** The embedded emulator and where its S3 objects and record sizes go. */
  private record Embedded(FirehoseEmulator emulator, Path s3, RecordMeter meter) {}

  private void validate() {
    if (devices < 1 || devices > Fleet.MAX_DEVICES) {
      throw new ConfigurationException(
          "--devices must be in 1.." + Fleet.MAX_DEVICES + ", got " + devices);
    }
    if (rate < 1) {
      throw new ConfigurationException("--rate must be at least 1, got " + rate);
    }
    if (events != null && events < 0) {
      throw new ConfigurationException("--events must be >= 0, got " + events);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new ConfigurationException("--duration must be positive, got " + duration);
    }
    if (endpoint != null && !"https".equalsIgnoreCase(endpoint.getScheme())) {
      throw new ConfigurationException(
          "--endpoint must be an https URL (Hydrant never sends telemetry in the clear): "
              + endpoint);
    }
    if (endpoint != null && !"none".equals(faults)) {
      throw new ConfigurationException("--faults applies to the embedded emulator only");
    }
    FaultPresets.parse(faults, seed);
    client.route();
    client.compression();
    identity.iot();
  }

  private int run(URI target, Trust trust, Embedded embedded, String description)
      throws IOException {
    DeliveryTracker tracker = new DeliveryTracker();
    List<UUID> accepted = new ArrayList<>();
    AtomicLong generated = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    long start = System.nanoTime();
    HydrantClientBuilder builder =
        client.apply(HydrantClient.builder(), target, trust).listener(tracker);
    if (awsIam != null) {
      builder.awsIam(awsIam);
    }
    if (linger != null) {
      builder.linger(linger);
    }
    if (client.spool == null) {
      // room for about a minute at the default rate, so a short outage loses nothing
      builder.bufferMaxBytes(BUFFER_MAX_BYTES);
    }
    HydrantClient hydrant = builder.build();
    MetricsEndpoint metrics = null;
    if (metricsPort != null) {
      try {
        metrics = new MetricsEndpoint(hydrant, metricsPort);
      } catch (IOException | RuntimeException e) {
        hydrant.close(Duration.ofSeconds(1));
        throw e;
      }
      err.println("metrics: http://127.0.0.1:" + metrics.port() + "/metrics");
    }
    Optional<NegotiatedTls> tls;
    Progress progress =
        new Progress(
            err,
            Progress.isTerminal(),
            () -> {
              HydrantMetrics m = hydrant.metrics();
              return new Progress.Snapshot(
                  generated.get(), m.delivered(), m.queueEvents(), m.retries());
            });
    try {
      generate(
          hydrant, tracker, new Fleet(devices, seed, Instant.now()), accepted, generated, rejected);
      if (tracker.configurationFailure() == null) {
        hydrant.flush(drainTimeout);
      }
      tls = hydrant.negotiatedTls();
    } finally {
      progress.close();
      if (metrics != null) {
        metrics.close();
      }
      hydrant.close(
          tracker.configurationFailure() == null ? Duration.ofSeconds(10) : Duration.ofSeconds(1));
    }
    DeliveryTracker.Failure fatal = tracker.configurationFailure();
    if (fatal != null) {
      throw new ConfigurationException(
          new FailureExplainer(Duration.ofSeconds(5)).explain(fatal, target, trust));
    }
    S3Verifier.Verification verification = null;
    if (embedded != null) {
      embedded.emulator().flush();
      verification = S3Verifier.verify(embedded.s3(), accepted);
    }
    HydrantMetrics m = hydrant.metrics();
    Compression compression = client.compression();
    long rawBytes = embedded != null ? embedded.meter().rawBytes() : tracker.acknowledgedBytes();
    long recordBytes =
        embedded != null
            ? embedded.meter().bytes()
            : estimatedRecordBytes(compression, tracker.acknowledgedBytes(), m.bytesSent());
    RunSummary summary =
        new RunSummary(
            description,
            devices,
            generated.get(),
            m.accepted(),
            m.delivered(),
            verification == null ? null : verification.verified(),
            verification == null ? null : verification.missing(),
            verification == null ? null : verification.duplicated(),
            rejected.get() + m.dropped(),
            m.failed(),
            m.queueEvents(),
            m.requests(),
            m.records(),
            compression.toString().toLowerCase(Locale.ROOT),
            rawBytes,
            recordBytes,
            embedded != null,
            m.bytesSent(),
            m.retries(),
            embedded != null
                ? embedded.meter().billedBytes()
                : estimatedBilledBytes(recordBytes, m.records()),
            embedded != null,
            tracker.naiveBilledBytes(),
            tls.map(NegotiatedTls::protocol).orElse(null),
            tls.map(NegotiatedTls::cipherSuite).orElse(null),
            millisOrNone(m.deliveryLatency().sinceStart(), 50),
            millisOrNone(m.deliveryLatency().sinceStart(), 99),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    if (json) {
      out.println(Json.write(summary.toJson()));
    } else {
      out.print(summary.render());
      if (!summary.complete()) {
        Optional.ofNullable(tracker.lastFailure())
            .ifPresent(f -> out.println("  last failure: " + f.reason() + " " + f.detail()));
        Optional.ofNullable(tracker.lastRetryReason())
            .ifPresent(r -> out.println("  last retry because: " + r));
      }
    }
    out.flush();
    return summary.exitCode();
  }

  /** The percentile in milliseconds, -1 when nothing was recorded. */
  static long millisOrNone(LatencyDistribution latency, double percentile) {
    return latency.count() == 0 ? -1 : latency.percentile(percentile).toMillis();
  }

  private void generate(
      HydrantClient hydrant,
      DeliveryTracker tracker,
      Fleet fleet,
      List<UUID> accepted,
      AtomicLong generated,
      AtomicLong rejected) {
    long start = System.nanoTime();
    // a timed run generates exactly rate x duration events, paced evenly over the duration
    long target =
        events != null ? events : Math.max(1, (long) Math.ceil(rate * (duration.toNanos() / 1e9)));
    long lastChance = start + duration.toNanos() + TimeUnit.SECONDS.toNanos(1);
    while (generated.get() < target && tracker.configurationFailure() == null) {
      long now = System.nanoTime();
      if (events == null && now > lastChance) {
        break; // sends blocked on a full buffer: the run still ends on time
      }
      long due = Math.min(target, (long) ((now - start) / 1e9 * rate) + 1);
      while (generated.get() < due) {
        TelemetryEvent event = fleet.next(Instant.now());
        generated.incrementAndGet();
        try {
          if (hydrant.send(event)) {
            accepted.add(event.eventId());
          } else {
            rejected.incrementAndGet();
          }
        } catch (BufferFullException e) {
          rejected.incrementAndGet();
        }
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }

  /**
   * Record bytes when only totals are known (a real endpoint): the events' NDJSON bytes without
   * compression; with it, three quarters of the request bodies (base64 makes 4 bytes of 3; the JSON
   * around the records, a few dozen bytes per request, is counted too, so this errs high).
   */
  static long estimatedRecordBytes(Compression compression, long rawBytes, long bodyBytes) {
    return compression.isGzip() ? bodyBytes / 4 * 3 : rawBytes;
  }

  /**
   * Billed size when only totals are known (a real endpoint): {@code records} records of the
   * average size, each rounded up to 5 KiB.
   */
  static long estimatedBilledBytes(long bytes, long records) {
    if (records <= 0) {
      return 0;
    }
    return records * FirehoseBilling.billedBytes((bytes + records - 1) / records);
  }

  private static void deleteTree(Path root) {
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the temporary S3 directory " + root, e);
    }
  }
}

package dev.hydrant.benchmarks;

import dev.hydrant.testkit.Faults;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseQuotas;
import dev.hydrant.testkit.Latency;
import dev.hydrant.testkit.Retention;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end load benchmark: Hydrant against the naive one-POST-per-event client and the official
 * AWS SDK's {@code putRecordBatch} ({@link AwsSdkLoad}), all over TLS to the testkit emulator in
 * this JVM (unlimited quotas, counters only, so its memory stays small), with the same producers
 * and events, for each producer thread count and each emulator latency. Prints Markdown tables
 * (every client's events/s, CPU, billed and wire bytes per event; client CPU against the floor;
 * Hydrant against naive and against the AWS SDK) and optionally writes an SVG chart.
 *
 * <pre>
 * java -cp sdk-benchmarks/target/benchmarks.jar dev.hydrant.benchmarks.LoadBenchmark \
 *     --threads 1,2,4,8 --duration 10s --latency-ms 0,50 --svg docs/benchmarks-throughput.svg
 * java -cp sdk-benchmarks/target/benchmarks.jar dev.hydrant.benchmarks.LoadBenchmark \
 *     --child-heap 32m --rate 10000 --threads 2 --duration 30s --latency-ms 0,50 --no-naive
 * taskset -c 1 java -cp sdk-benchmarks/target/benchmarks.jar dev.hydrant.benchmarks.LoadBenchmark \
 *     --child-cpus 0 --clients hydrant,awssdk --in-flight 1,2 --threads 1,4 --latency-ms 0,50
 * </pre>
 *
 * <p>With {@code --in-flight 1,2}, each Hydrant run is repeated for each {@code maxInFlight} value
 * (reported as client {@code hydrant in-flight=N}).
 *
 * <p>With {@code --child-heap}, {@code --child-cpus} or {@code --child-jvm-args}, every client run
 * happens in its own child JVM ({@link ChildProducer}), started under {@code taskset -c} when CPUs
 * are given, with its own warm-up; the emulator stays in this JVM, so only the client's memory and
 * CPU count. The floor ({@link Floor}) is then measured in each child after its run; without a
 * child, once in this JVM after the warm-up.
 *
 * <p>Exit status 1 when a Hydrant run lost, dropped or failed an event; 2 on a bad command line or
 * a child JVM that cannot start.
 */
public final class LoadBenchmark {
  private static final String STREAM = "stb-telemetry";

  private LoadBenchmark() {}

  /** Runs the benchmark; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println(machine());
    System.out.println("options: " + options);
    ChildJvm jvm = options.childJvm();
    if (jvm.wanted()) {
      try {
        jvm.check();
      } catch (IllegalStateException e) {
        System.err.println(e.getMessage());
        System.exit(2);
        return;
      }
      System.out.println("each client runs in its own child JVM: " + jvm);
    }
    List<RunResult> results = new ArrayList<>();
    List<Floor> floors = new ArrayList<>();
    DeliveryCounter counter = new DeliveryCounter();
    try (FirehoseEmulator emulator =
        FirehoseEmulator.builder()
            .streams(STREAM)
            .quotas(FirehoseQuotas.UNLIMITED)
            .retention(Retention.COUNTERS)
            .listener(counter)
            .build()
            .start()) {
      ClientKind.Target target =
          new ClientKind.Target(
              emulator.endpoint(), emulator.firehoseEndpoint(), emulator.caCertificatePem());
      Floor inProcessFloor = null;
      if (!jvm.wanted()) {
        warmUp(options, emulator, counter, target);
        inProcessFloor = Floor.measure();
        System.out.println("floor in this JVM: " + inProcessFloor.toLine());
      }
      for (long latency : options.latenciesMillis()) {
        for (int threads : options.threads()) {
          for (ClientKind kind : options.clients()) {
            for (int inFlight : kind == ClientKind.HYDRANT ? inFlightValues(options) : List.of(0)) {
              ClientSettings client = options.client().withMaxInFlight(inFlight);
              String name = inFlight == 0 ? kind.label() : kind.label() + " in-flight=" + inFlight;
              prepare(emulator, counter, latency);
              HydrantLoad.ClientRun run;
              Floor floor;
              if (jvm.wanted()) {
                ChildProducer.Outcome outcome =
                    ChildProducer.runChild(
                        jvm,
                        kind,
                        target,
                        client,
                        threads,
                        options.duration(),
                        options.rate(),
                        latency,
                        options.warmup(),
                        () -> prepare(emulator, counter, latency));
                run = outcome.run();
                floor = outcome.floor();
              } else {
                run =
                    kind.run(target, client, threads, options.duration(), options.rate(), latency);
                floor = inProcessFloor;
              }
              RunResult r = HydrantLoad.result(name, threads, latency, run, counter, loadAverage());
              report(r, floor, options);
              results.add(r);
              floors.add(floor);
            }
          }
        }
      }
    }
    System.out.println();
    System.out.println(ResultTables.runs(results));
    System.out.println(ResultTables.floors(results, floors));
    if (options.naive()) {
      System.out.println(ResultTables.ratios(results));
    }
    if (options.clients().contains(ClientKind.AWSSDK)) {
      System.out.println(ResultTables.againstAwsSdk(results));
    }
    if (options.svg().isPresent()) {
      writeChart(options.svg().get(), results);
    }
    boolean lost =
        results.stream().anyMatch(r -> r.client().startsWith("hydrant") && !r.lossFree());
    if (lost) {
      System.err.println("a Hydrant run did not deliver every accepted event");
      System.exit(1);
    }
  }

  /** Runs each chosen client once, unreported, in this JVM (JIT, connection pools, TLS). */
  private static void warmUp(
      LoadOptions options,
      FirehoseEmulator emulator,
      DeliveryCounter counter,
      ClientKind.Target target)
      throws Exception {
    if (options.warmup().isZero()) {
      return;
    }
    System.out.println("warming up for " + options.warmup() + " per client (not reported)");
    for (ClientKind kind : options.clients()) {
      prepare(emulator, counter, 0);
      kind.run(target, options.client(), 2, options.warmup(), 0, 0);
    }
  }

  /** The in-flight values to run with; 0 stands for the library default. */
  private static List<Integer> inFlightValues(LoadOptions options) {
    return options.inFlight().isEmpty() ? List.of(0) : options.inFlight();
  }

  /** Clears the emulator's and our counters, then installs the latency (reset clears faults). */
  private static void prepare(FirehoseEmulator emulator, DeliveryCounter counter, long latency) {
    emulator.reset();
    counter.reset();
    emulator.faults(
        latency == 0
            ? Faults.none()
            : Faults.builder().latency(Latency.fixed(Duration.ofMillis(latency))).build());
  }

  private static void report(RunResult r, Floor floor, LoadOptions options) {
    System.out.printf(
        Locale.ROOT,
        "%s threads=%d latency=%dms: %,.0f events/s delivered (%,d in %.2f s), p50 %.1f ms,"
            + " p99 %.1f ms, client CPU %.2f µs/event (floor %.2f, %.1f×), peak heap %.1f MiB,"
            + " %s, load %.2f%n",
        r.client(),
        r.threads(),
        r.latencyMillis(),
        r.eventsPerSecond(),
        r.delivered(),
        r.seconds(),
        r.p50Micros() / 1000.0,
        r.p99Micros() / 1000.0,
        r.cpuMicrosPerEvent(),
        floor.floorMicros(),
        r.cpuMicrosPerEvent() / floor.floorMicros(),
        r.peakHeapBytes() / (1024.0 * 1024.0),
        r.lossFree() ? "no loss" : "LOSS: " + r.failures(),
        r.loadAverage());
    if (options.rate() > 0) {
      double acceptedRate = r.accepted() / (options.duration().toNanos() / 1e9);
      boolean sustained = r.lossFree() && acceptedRate >= 0.99 * options.rate();
      System.out.printf(
          Locale.ROOT,
          "  paced to %,d events/s: accepted %,.0f events/s, heap limit %s -> %s%n",
          options.rate(),
          acceptedRate,
          options.childHeap().isPresent()
              ? options.childHeap().get() + " (child JVM)"
              : String.format(
                  Locale.ROOT, "%.0f MiB", Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0)),
          sustained ? "SUSTAINED" : "NOT SUSTAINED");
    }
  }

  private static void writeChart(Path file, List<RunResult> results) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, ThroughputChart.svg(results), StandardCharsets.UTF_8);
    System.out.println("chart written to " + file);
  }

  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  static String machine() {
    Runtime rt = Runtime.getRuntime();
    long memory = 0;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      memory = os.getTotalMemorySize();
    }
    return String.format(
        Locale.ROOT,
        "machine: %d CPUs, %.1f GiB RAM, %s %s (%s), max heap %.0f MiB, load average %.2f",
        rt.availableProcessors(),
        memory / (1024.0 * 1024 * 1024),
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        System.getProperty("os.arch"),
        rt.maxMemory() / (1024.0 * 1024),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }
}

package dev.hydrant.benchmarks;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.Compression;
import dev.hydrant.HydrantClient;
import dev.hydrant.HydrantMetrics;
import dev.hydrant.Route;
import dev.hydrant.event.TelemetryEvent;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.testkit.FirehoseQuotas;
import dev.hydrant.testkit.Retention;
import dev.hydrant.tls.Trust;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Record compression measured end to end: the same fleet events ({@link FleetEvents}) through a
 * client with each {@link Compression} to the testkit emulator over TLS, in turn, several rounds;
 * prints the median of each measure as a Markdown table.
 *
 * <pre>
 * java -cp sdk-benchmarks/target/benchmarks.jar dev.hydrant.benchmarks.CompressionBenchmark \
 *     --events 60000 --rounds 5 --route single --compression none,gzip:1,gzip:6
 * </pre>
 *
 * <p>Per event: bytes of NDJSON, of Firehose records as stored, as billed (each record rounded up
 * to 5 KiB), and request body bytes on the wire; CPU time of the client's sender and request
 * threads (where compression, base64 and TLS happen) and of the thread calling {@code send()}.
 * Events/s counts from the first {@code send} until {@code flush} returns. Exit status 1 if a run
 * lost an event, 2 on a bad command line.
 */
public final class CompressionBenchmark {
  private static final String STREAM = "stb-telemetry";
  private static final int DEVICES = 100;
  private static final long SEED = 42;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CompressionBenchmark() {}

  /**
   * One run's measures.
   *
   * @param events events delivered (lines counted by the emulator)
   * @param lost accepted events not delivered, or delivered twice
   */
  record Sample(
      long events,
      long lost,
      long records,
      long rawBytes,
      long recordBytes,
      long billedBytes,
      long wireBytes,
      long senderCpuNanos,
      long sendCpuNanos,
      double seconds) {

    double perEvent(long value) {
      return events == 0 ? 0 : (double) value / events;
    }
  }

  /** Runs the benchmark; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    int count = 60_000;
    int rounds = 5;
    Route route = Route.SINGLE;
    List<Compression> compressions =
        List.of(Compression.NONE, Compression.gzip(1), Compression.GZIP);
    try {
      for (int i = 0; i < args.length; i += 2) {
        String value = i + 1 < args.length ? args[i + 1] : "";
        switch (args[i]) {
          case "--events" -> count = Integer.parseInt(value);
          case "--rounds" -> rounds = Integer.parseInt(value);
          case "--route" -> route = Route.valueOf(value.toUpperCase(Locale.ROOT));
          case "--compression" -> compressions = parseCompressions(value);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (count < 1 || rounds < 1) {
        throw new IllegalArgumentException("--events and --rounds must be at least 1");
      }
    } catch (IllegalArgumentException e) {
      System.err.println(
          e.getMessage()
              + "\nusage: CompressionBenchmark [--events N] [--rounds N] [--route single|batch]"
              + " [--compression none,gzip:1,gzip:6]");
      System.exit(2);
      return;
    }
    System.out.println(LoadBenchmark.machine());
    System.out.printf(
        Locale.ROOT,
        "events=%d rounds=%d route=%s compression=%s%n",
        count,
        rounds,
        route,
        compressions);
    List<TelemetryEvent> events = FleetEvents.generate(count, DEVICES, SEED);
    Map<Compression, List<Sample>> samples = new LinkedHashMap<>();
    boolean lost = false;
    DeliveryCounter counter = new DeliveryCounter();
    try (FirehoseEmulator emulator =
        FirehoseEmulator.builder()
            .streams(STREAM)
            .quotas(FirehoseQuotas.UNLIMITED)
            .retention(Retention.COUNTERS)
            .listener(counter)
            .build()
            .start()) {
      for (Compression c : compressions) {
        run(emulator, counter, c, route, events); // warm-up, not reported
      }
      for (int round = 0; round < rounds; round++) {
        for (Compression c : compressions) {
          Sample s = run(emulator, counter, c, route, events);
          lost |= s.lost() != 0;
          samples.computeIfAbsent(c, k -> new ArrayList<>()).add(s);
          System.out.printf(
              Locale.ROOT,
              "round %d %s: %,.0f events/s, %.1f billed B/event, sender %.2f µs/event, load %.2f%n",
              round + 1,
              c,
              s.events() / s.seconds(),
              s.perEvent(s.billedBytes()),
              s.perEvent(s.senderCpuNanos()) / 1000,
              LoadBenchmark.loadAverage());
        }
      }
    }
    System.out.println();
    System.out.println(table(samples));
    if (lost) {
      System.err.println("a run did not deliver every accepted event exactly once");
      System.exit(1);
    }
  }

  static List<Compression> parseCompressions(String text) {
    List<Compression> list = new ArrayList<>();
    for (String word : text.split(",")) {
      list.add(Compression.parse(word));
    }
    return list;
  }

  private static Sample run(
      FirehoseEmulator emulator,
      DeliveryCounter counter,
      Compression compression,
      Route route,
      List<TelemetryEvent> events)
      throws InterruptedException {
    emulator.reset();
    counter.reset();
    try (ThreadCpuSampler sender =
            new ThreadCpuSampler(
                name -> name.equals("hydrant-sender") || name.startsWith("hydrant-request-"));
        HydrantClient client =
            HydrantClient.builder()
                .endpoint(emulator.endpoint())
                .deliveryStream(STREAM)
                .trust(Trust.pem(emulator.caCertificatePem()))
                .route(route)
                .compression(compression)
                .bufferMaxEvents(events.size() + 1)
                .bufferMaxBytes(1L << 30)
                .bufferFullPolicy(BufferFullPolicy.block(Duration.ofSeconds(60)))
                .build()) {
      long start = System.nanoTime();
      long sendStart = THREADS.getCurrentThreadCpuTime();
      long accepted = 0;
      for (TelemetryEvent e : events) {
        if (client.send(e)) {
          accepted++;
        }
      }
      long sendCpu = THREADS.getCurrentThreadCpuTime() - sendStart;
      boolean flushed = client.flush(Duration.ofMinutes(5));
      double seconds = (System.nanoTime() - start) / 1e9;
      long senderCpu = sender.totalNanos();
      HydrantMetrics m = client.metrics();
      long delivered = counter.events();
      long lost =
          Math.abs(accepted - delivered)
              + Math.abs(accepted - m.delivered())
              + m.failed()
              + m.dropped()
              + (flushed ? 0 : 1);
      return new Sample(
          delivered,
          lost,
          counter.records(),
          counter.rawBytes(),
          counter.bytes(),
          counter.billedBytes(),
          m.bytesSent(),
          senderCpu,
          sendCpu,
          seconds);
    }
  }

  /** The medians per compression, and the ratios to the first (normally NONE). */
  static String table(Map<Compression, List<Sample>> samples) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| compression | records | NDJSON B/event | record B/event | billed B/event | billed vs"
            + " first | wire B/event | wire vs first | sender CPU µs/event | CPU vs first |"
            + " send() CPU µs/event | events/s |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    Double firstBilled = null;
    Double firstWire = null;
    Double firstCpu = null;
    for (Map.Entry<Compression, List<Sample>> e : samples.entrySet()) {
      List<Sample> s = e.getValue();
      double billed = median(s, x -> x.perEvent(x.billedBytes()));
      double wire = median(s, x -> x.perEvent(x.wireBytes()));
      double cpu = median(s, x -> x.perEvent(x.senderCpuNanos()) / 1000);
      if (firstBilled == null) {
        firstBilled = billed;
        firstWire = wire;
        firstCpu = cpu;
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %,.0f | %.1f | %.1f | %.1f | %.3f× | %.1f | %.3f× | %.2f | %.2f× | %.2f |"
                  + " %,.0f |%n",
              e.getKey(),
              median(s, x -> x.records()),
              median(s, x -> x.perEvent(x.rawBytes())),
              median(s, x -> x.perEvent(x.recordBytes())),
              billed,
              billed / firstBilled,
              wire,
              wire / firstWire,
              cpu,
              cpu / firstCpu,
              median(s, x -> x.perEvent(x.sendCpuNanos()) / 1000),
              median(s, x -> x.events() / x.seconds())));
    }
    return sb.toString();
  }

  static double median(List<Sample> samples, ToDoubleFunction<Sample> measure) {
    List<Double> values = new ArrayList<>();
    for (Sample s : samples) {
      values.add(measure.applyAsDouble(s));
    }
    values.sort(Comparator.naturalOrder());
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }
}

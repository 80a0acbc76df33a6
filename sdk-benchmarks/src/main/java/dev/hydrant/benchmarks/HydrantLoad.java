package dev.hydrant.benchmarks;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.HydrantClient;
import dev.hydrant.HydrantMetrics;
import dev.hydrant.tls.Trust;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * One Hydrant load run, client side: a client with a memory buffer and default settings (except
 * those in {@link ClientSettings}) sends over TLS from {@code threads} producers. The buffer blocks
 * producers when full (no event may be dropped), and the run ends when every accepted event is
 * acknowledged; throughput counts that drain time too.
 */
final class HydrantLoad {
  /** How long a producer may wait for room before the run fails. */
  private static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(60);

  /** How long the final flush may take before the run fails. */
  private static final Duration FLUSH_TIMEOUT = Duration.ofMinutes(2);

  /**
   * What the client saw.
   *
   * @param accepted events {@code send} accepted
   * @param seconds from the first send until the flush returned
   * @param flushed whether everything was acknowledged within the flush timeout
   * @param delivered events the client counted as delivered
   * @param lost events failed, dropped or expired
   * @param requests HTTP requests
   * @param bytesSent request body bytes
   * @param p50Micros median accept-to-acknowledge latency, from the client's own histogram
   * @param p99Micros 99th percentile accept-to-acknowledge latency
   * @param peakHeapBytes peak heap use sampled in this JVM
   * @param cpuNanos CPU time of the producer threads and of every Hydrant thread (sender, request
   *     threads, listener threads), including request threads that ended idle during the run
   */
  record ClientRun(
      long accepted,
      double seconds,
      boolean flushed,
      long delivered,
      long lost,
      long requests,
      long bytesSent,
      long p50Micros,
      long p99Micros,
      long peakHeapBytes,
      long cpuNanos) {

    /** One line of {@code key=value} pairs, for a child JVM to hand its result to its parent. */
    String toLine() {
      return String.format(
          Locale.ROOT,
          "accepted=%d seconds=%.6f flushed=%b delivered=%d lost=%d requests=%d bytesSent=%d"
              + " p50Micros=%d p99Micros=%d peakHeapBytes=%d cpuNanos=%d",
          accepted,
          seconds,
          flushed,
          delivered,
          lost,
          requests,
          bytesSent,
          p50Micros,
          p99Micros,
          peakHeapBytes,
          cpuNanos);
    }

    /**
     * Parses {@link #toLine()}.
     *
     * @throws IllegalArgumentException if a field is missing or malformed
     */
    static ClientRun parse(String line) {
      KeyValueLine f = KeyValueLine.parse(line);
      return new ClientRun(
          f.asLong("accepted"),
          f.asDouble("seconds"),
          f.asBoolean("flushed"),
          f.asLong("delivered"),
          f.asLong("lost"),
          f.asLong("requests"),
          f.asLong("bytesSent"),
          f.asLong("p50Micros"),
          f.asLong("p99Micros"),
          f.asLong("peakHeapBytes"),
          f.asLong("cpuNanos"));
    }
  }

  private HydrantLoad() {}

  /** Runs producers against {@code endpoint}, trusting {@code caPem}, and drains the client. */
  static ClientRun run(
      URI endpoint,
      String caPem,
      ClientSettings settings,
      int threads,
      Duration duration,
      long rate)
      throws InterruptedException {
    try (HeapSampler heap = new HeapSampler();
        ThreadCpuSampler clientThreads = new ThreadCpuSampler(name -> name.startsWith("hydrant-"));
        HydrantClient client =
            settings
                .apply(HydrantClient.builder())
                .endpoint(endpoint)
                .deliveryStream("stb-telemetry")
                .trust(Trust.pem(caPem))
                .bufferFullPolicy(BufferFullPolicy.block(BLOCK_TIMEOUT))
                .build()) {
      long start = System.nanoTime();
      Producers.Outcome produced = Producers.run(threads, duration, rate, client::send);
      boolean flushed = client.flush(FLUSH_TIMEOUT);
      double seconds = (System.nanoTime() - start) / 1e9;
      long clientCpu = clientThreads.totalNanos();
      HydrantMetrics m = client.metrics();
      return new ClientRun(
          produced.accepted(),
          seconds,
          flushed,
          m.delivered(),
          m.failed() + m.dropped() + m.expired(),
          m.requests(),
          m.bytesSent(),
          micros(m.deliveryLatency().sinceStart().p50()),
          micros(m.deliveryLatency().sinceStart().p99()),
          heap.peak(),
          produced.cpuNanos() + clientCpu);
    }
  }

  /**
   * Combines what the client saw with what the emulator counted. Failures: events the client
   * reported lost, plus any gap in the client's own books (accepted against delivered plus lost),
   * plus any difference between accepted and emulator-delivered, plus one if the flush timed out.
   */
  static RunResult result(
      String client,
      int threads,
      long latencyMillis,
      ClientRun run,
      DeliveryCounter counter,
      double loadAverage) {
    long delivered = counter.events();
    long failures =
        run.lost()
            + Math.abs(run.accepted() - run.lost() - run.delivered())
            + Math.abs(run.accepted() - delivered)
            + (run.flushed() ? 0 : 1);
    return new RunResult(
        client,
        threads,
        latencyMillis,
        run.seconds(),
        run.accepted(),
        delivered,
        run.requests(),
        counter.records(),
        run.bytesSent(),
        counter.bytes(),
        counter.billedBytes(),
        run.p50Micros(),
        run.p99Micros(),
        run.peakHeapBytes(),
        run.cpuNanos(),
        failures,
        loadAverage);
  }

  private static long micros(Duration d) {
    return d.toNanos() / 1_000;
  }
}

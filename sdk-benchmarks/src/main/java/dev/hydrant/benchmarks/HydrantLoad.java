package dev.hydrant.benchmarks;

import dev.hydrant.BufferFullPolicy;
import dev.hydrant.DeliveryListener;
import dev.hydrant.EventRef;
import dev.hydrant.HydrantClient;
import dev.hydrant.HydrantMetrics;
import dev.hydrant.Route;
import dev.hydrant.testkit.FirehoseEmulator;
import dev.hydrant.tls.Trust;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

/**
 * One Hydrant load run: a client with a memory buffer sends to the emulator over TLS from {@code
 * threads} producers. The buffer blocks producers when full (no event may be dropped), and the run
 * ends when every accepted event is acknowledged; throughput counts that drain time too.
 */
final class HydrantLoad {
  /** How long a producer may wait for room before the run fails. */
  private static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(60);

  /** How long the final flush may take before the run fails. */
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(120);

  private HydrantLoad() {}

  static RunResult run(
      FirehoseEmulator emulator,
      DeliveryCounter counter,
      Route route,
      int threads,
      Duration duration,
      long rate,
      long latencyMillis)
      throws InterruptedException {
    LatencyHistogram latency = new LatencyHistogram();
    DeliveryListener listener =
        new DeliveryListener() {
          @Override
          public void onDelivered(List<EventRef> events) {
            long now = System.currentTimeMillis();
            for (EventRef e : events) {
              latency.record(Math.max(0, now - e.acceptedAtMillis()) * 1000);
            }
          }
        };
    try (HeapSampler heap = new HeapSampler();
        HydrantClient client =
            HydrantClient.builder()
                .endpoint(emulator.endpoint())
                .deliveryStream("stb-telemetry")
                .route(route)
                .trust(Trust.pem(emulator.caCertificatePem()))
                .bufferFullPolicy(BufferFullPolicy.block(BLOCK_TIMEOUT))
                .listener(listener)
                .build()) {
      long start = System.nanoTime();
      long accepted = Producers.run(threads, duration, rate, client::send);
      boolean flushed = client.flush(FLUSH_TIMEOUT);
      double seconds = (System.nanoTime() - start) / 1e9;
      HydrantMetrics m = client.metrics();
      long failures = m.failed() + m.dropped() + m.expired() + (flushed ? 0 : 1);
      if (m.accepted() != accepted || m.delivered() != accepted) {
        failures += Math.abs(m.accepted() - m.delivered()) + Math.abs(accepted - m.accepted());
      }
      return new RunResult(
          "hydrant",
          threads,
          latencyMillis,
          seconds,
          accepted,
          counter.events(),
          m.requests(),
          counter.records(),
          m.bytesSent(),
          counter.bytes(),
          counter.billedBytes(),
          latency.percentile(50),
          latency.percentile(99),
          heap.peak(),
          failures,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}

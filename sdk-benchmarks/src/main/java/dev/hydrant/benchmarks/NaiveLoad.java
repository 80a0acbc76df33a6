package dev.hydrant.benchmarks;

import dev.hydrant.internal.codec.EventCodec;
import dev.hydrant.testkit.FirehoseEmulator;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One naive-baseline load run: each producer thread encodes its event (with Hydrant's codec, so
 * both clients ship identical lines) and posts it synchronously with {@link NaiveClient}; latency
 * is the POST's round trip.
 */
final class NaiveLoad {
  private NaiveLoad() {}

  static RunResult run(
      FirehoseEmulator emulator,
      DeliveryCounter counter,
      int threads,
      Duration duration,
      long rate,
      long latencyMillis)
      throws Exception {
    LatencyHistogram latency = new LatencyHistogram();
    EventCodec codec = new EventCodec();
    AtomicLong seq = new AtomicLong();
    LongAdder requests = new LongAdder();
    LongAdder wireBytes = new LongAdder();
    LongAdder failures = new LongAdder();
    try (HeapSampler heap = new HeapSampler();
        NaiveClient client =
            new NaiveClient(emulator.endpoint(), "stb-telemetry", emulator.trustStore(), threads)) {
      long start = System.nanoTime();
      Producers.Outcome produced =
          Producers.run(
              threads,
              duration,
              rate,
              event -> {
                byte[] line = codec.encode(event, seq.getAndIncrement());
                long t0 = System.nanoTime();
                requests.increment();
                try {
                  wireBytes.add(client.post(line));
                } catch (IOException e) {
                  failures.increment();
                  return true;
                }
                latency.record((System.nanoTime() - t0) / 1000);
                return true;
              });
      double seconds = (System.nanoTime() - start) / 1e9;
      long accepted = produced.accepted();
      long delivered = counter.events();
      return new RunResult(
          "naive",
          threads,
          latencyMillis,
          seconds,
          accepted,
          delivered,
          requests.sum(),
          counter.records(),
          wireBytes.sum(),
          counter.bytes(),
          counter.billedBytes(),
          latency.percentile(50),
          latency.percentile(99),
          heap.peak(),
          produced.cpuNanos(),
          failures.sum() + Math.abs(accepted - delivered),
          LoadBenchmark.loadAverage());
    }
  }
}
